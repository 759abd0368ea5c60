/* flow-market-session.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "flow-market-session"

#include "config.h"

#include <glib/gi18n.h>

#include "flow-angel-feed.h"
#include "flow-angel-oi-feed.h"
#include "flow-demo-feed.h"
#include "flow-ist.h"
#include "flow-market-session-private.h"
#include "flow-upstox-feed.h"
#include "flow-upstox-stream.h"

/* The oi-expiry value that follows oi-tracker.md rule 8 instead of a pinned date. */
#define EXPIRY_NEAREST "nearest"

typedef FlowMarketView View;
#define VIEW_FOOTPRINT FLOW_MARKET_VIEW_FOOTPRINT
#define VIEW_OI        FLOW_MARKET_VIEW_OI
#define N_VIEWS        2

struct _FlowMarketSession
{
  GObject                parent_instance;

  GSettings             *settings;
  FlowCredentials       *credentials;
  gboolean               demo;
  guint64                seed;
  FlowMarketFeedFactory  factory;
  gpointer               factory_data;

  FlowFootprintRecorder *recorder;
  FlowOiSession         *oi_session;

  /* Both views point at the same demo feed when neither account is set. */
  FlowFeed              *feeds[N_VIEWS];
  FlowMarketSource       sources[N_VIEWS];
  /* The instrument or underlying each view's feed was made for. */
  char                  *names[N_VIEWS];
  gulong                 data_handlers[N_VIEWS];  /* "snapshot" or "option-chain" */
  FlowFeed              *attention_feed;
  char                  *notice;
  char                  *oi_problem;

  /* The keyring question: both brokers, one after the other, as one lookup. A change that
   * arrives meanwhile asks again; its broker stays marked as changed until that answer. */
  gboolean               started;
  guint                  changed_brokers;   /* 1 << FlowBroker */
  guint                  pending_lookups;
  GHashTable            *angel_stored;
  GCancellable          *cancellable;
  /* The last answer: which accounts are complete (a source setting applies to it at once). */
  gboolean               known_accounts;
  gboolean               angel_ready;
  gboolean               upstox_ready;
  gint64                 auto_row;       /* the footprint view's proposal, 0: none yet */
};

G_DEFINE_FINAL_TYPE (FlowMarketSession, flow_market_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FOOTPRINT_FEED,
  PROP_OI_FEED,
  PROP_ATTENTION_FEED,
  PROP_NOTICE,
  PROP_OI_PROBLEM,
  N_PROPS
};

enum {
  PROBLEM,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The rule of each view's source (sources.md "Choosing a source"): a pinned broker is used
 * whether or not its account is complete, so its feed says what is missing (Logged out, with
 * the fix) instead of the view falling back in silence; "auto" takes the view's preferred
 * broker (Angel One for the footprint, Upstox for the OI tracker), then the other one, then
 * the simulator. */
static FlowMarketSource
choose_source (FlowMarketSession *self,
               View               view,
               gboolean           angel_ready,
               gboolean           upstox_ready)
{
  g_autofree char *setting = NULL;

  if (self->demo)
    return FLOW_MARKET_SOURCE_DEMO;
  setting = g_settings_get_string (self->settings,
                                   view == VIEW_FOOTPRINT ? "footprint-source" : "oi-source");
  if (g_str_equal (setting, "demo"))
    return FLOW_MARKET_SOURCE_DEMO;
  if (g_str_equal (setting, "upstox"))
    return FLOW_MARKET_SOURCE_UPSTOX;
  if (g_str_equal (setting, "angel"))
    return FLOW_MARKET_SOURCE_ANGEL;
  if (view == VIEW_FOOTPRINT)
    return angel_ready ? FLOW_MARKET_SOURCE_ANGEL
         : upstox_ready ? FLOW_MARKET_SOURCE_UPSTOX : FLOW_MARKET_SOURCE_DEMO;
  return upstox_ready ? FLOW_MARKET_SOURCE_UPSTOX
       : angel_ready ? FLOW_MARKET_SOURCE_ANGEL : FLOW_MARKET_SOURCE_DEMO;
}

static const char *
view_setting (View view)
{
  return view == VIEW_FOOTPRINT ? "instrument" : "oi-underlying";
}

/* Settings */

/* The footprint's layout and imbalance rules are the user's: the chart and every restored
 * day follow them. */
/* The row size in force: the view's proposal while row-size-auto is on (once it has one), else
 * the manual row-size-paise, which Auto never overwrites, so it comes back when Auto goes. */
static gint64
current_row (FlowMarketSession *self)
{
  if (g_settings_get_boolean (self->settings, "row-size-auto") && self->auto_row > 0)
    return self->auto_row;
  return g_settings_get_uint (self->settings, "row-size-paise");
}

static void
apply_layout (FlowMarketSession *self)
{
  g_autofree char *open_text = g_settings_get_string (self->settings, "session-open");
  FlowFootprint *footprint = flow_footprint_recorder_get_footprint (self->recorder);
  gint64 session_open_ms;

  if (!flow_ist_parse_time_of_day (open_text, &session_open_ms))
    session_open_ms = FLOW_FOOTPRINT_DEFAULT_SESSION_OPEN_MS;
  flow_footprint_set_layout (footprint,
                             (gint64) g_settings_get_uint (self->settings, "interval-seconds") * 1000,
                             current_row (self), session_open_ms);
}

static void
apply_imbalance (FlowMarketSession *self)
{
  FlowFootprint *footprint = flow_footprint_recorder_get_footprint (self->recorder);

  flow_footprint_set_imbalance_ratio (footprint,
                                      g_settings_get_double (self->settings, "imbalance-ratio"));
  flow_footprint_set_imbalance_min_volume (footprint,
                                           g_settings_get_uint (self->settings,
                                                                "imbalance-min-volume"));
}

static void
apply_oi_settings (FlowMarketSession *self)
{
  FlowOiSettings settings;

  flow_oi_settings_init (&settings);
  for (guint i = 0; i < FLOW_OI_N_INTERVALS; i++)
    {
      g_autofree char *key = g_strdup_printf ("oi-threshold-%u", flow_oi_interval_minutes (i));

      settings.thresholds[i] = g_settings_get_double (self->settings, key);
    }
  settings.flag_drops = g_settings_get_boolean (self->settings, "oi-flag-drops");
  settings.alert_ratio = g_settings_get_double (self->settings, "oi-alert-ratio");
  settings.strikes = g_settings_get_uint (self->settings, "oi-strikes");
  flow_oi_session_set_settings (self->oi_session, &settings);
}

static void
apply_expiry (FlowMarketSession *self)
{
  g_autofree char *expiry = g_settings_get_string (self->settings, "oi-expiry");
  FlowFeed *feed = self->feeds[VIEW_OI];

  flow_oi_session_set_expiry (self->oi_session, expiry);
  if (feed != NULL && FLOW_IS_UPSTOX_FEED (feed))
    flow_upstox_feed_set_expiry (FLOW_UPSTOX_FEED (feed),
                                 g_str_equal (expiry, EXPIRY_NEAREST) ? NULL : expiry);
  else if (feed != NULL && FLOW_IS_ANGEL_OI_FEED (feed))
    flow_angel_oi_feed_set_expiry (FLOW_ANGEL_OI_FEED (feed),
                                   g_str_equal (expiry, EXPIRY_NEAREST) ? NULL : expiry);
}

/* Feeds */

static FlowFeed *
new_feed (FlowMarketSession *self,
          View               view,
          FlowMarketSource   source,
          const char        *name)
{
  FlowFeed *feed;

  if (self->factory != NULL)
    return self->factory (self, view, source, name, self->factory_data);

  switch (source)
    {
    case FLOW_MARKET_SOURCE_ANGEL:
      if (view == VIEW_FOOTPRINT)
        return flow_angel_feed_new (self->credentials, name);
      /* Its own socket on the account: the footprint's follows another instrument and
       * reconnects on its own schedule (see flow-angel-oi-feed.h). */
      feed = flow_angel_oi_feed_new (self->credentials, name);
      g_settings_bind (self->settings, "oi-strikes", feed, "strikes", G_SETTINGS_BIND_GET);
      g_settings_bind (self->settings, "oi-refresh-seconds", feed, "refresh",
                       G_SETTINGS_BIND_GET);
      return feed;
    case FLOW_MARKET_SOURCE_UPSTOX:
      if (view == VIEW_FOOTPRINT)
        return flow_upstox_stream_new (self->credentials, name);
      feed = flow_upstox_feed_new (self->credentials, name);
      /* The backfill fetches candles for the displayed contracts only. */
      g_settings_bind (self->settings, "oi-strikes", feed, "strikes", G_SETTINGS_BIND_GET);
      g_settings_bind (self->settings, "oi-refresh-seconds", feed, "refresh",
                       G_SETTINGS_BIND_GET);
      return feed;
    case FLOW_MARKET_SOURCE_DEMO:
    default:
      return flow_demo_feed_new_for (name, self->seed);
    }
}

/* How much a state needs the user's eye: the status shows the feed that needs it most. */
static int
state_urgency (FlowFeedState state)
{
  switch (state)
    {
    case FLOW_FEED_STATE_ERROR:        return 6;
    case FLOW_FEED_STATE_LOGGED_OUT:   return 5;
    case FLOW_FEED_STATE_RECONNECTING: return 4;
    case FLOW_FEED_STATE_CONNECTING:   return 3;
    case FLOW_FEED_STATE_LIVE:         return 2;
    case FLOW_FEED_STATE_DEMO:         return 1;
    case FLOW_FEED_STATE_IDLE:
    default:                           return 0;
    }
}

static void
update_attention (FlowMarketSession *self)
{
  FlowFeed *footprint = self->feeds[VIEW_FOOTPRINT];
  FlowFeed *oi = self->feeds[VIEW_OI];
  FlowFeed *feed;

  if (footprint == NULL)
    feed = oi;
  else if (oi == NULL)
    feed = footprint;
  else
    feed = state_urgency (flow_feed_get_state (oi)) >
           state_urgency (flow_feed_get_state (footprint)) ? oi : footprint;
  if (g_set_object (&self->attention_feed, feed))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ATTENTION_FEED]);
}

/* Why the OI table is not fresh, from its feed's state: the table stays, marked with it
 * (oi-tracker.md rule 9), until the next chain. */
static void
update_oi_problem (FlowMarketSession *self)
{
  FlowFeed *feed = self->feeds[VIEW_OI];
  const char *message = feed != NULL ? flow_feed_get_message (feed) : NULL;
  const char *problem = NULL;

  switch (feed != NULL ? flow_feed_get_state (feed) : FLOW_FEED_STATE_IDLE)
    {
    case FLOW_FEED_STATE_ERROR:
    case FLOW_FEED_STATE_RECONNECTING:
      problem = message != NULL ? message : _("the connection was lost");
      break;
    case FLOW_FEED_STATE_LOGGED_OUT:
      problem = message != NULL ? message : _("signed out");
      break;
    case FLOW_FEED_STATE_IDLE:
    case FLOW_FEED_STATE_DEMO:
    case FLOW_FEED_STATE_CONNECTING:
    case FLOW_FEED_STATE_LIVE:
    default:
      break;
    }
  if (g_strcmp0 (self->oi_problem, problem) == 0)
    return;
  g_free (self->oi_problem);
  self->oi_problem = g_strdup (problem);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OI_PROBLEM]);
}

static void
on_feed_state (FlowMarketSession *self,
               GParamSpec        *pspec,
               FlowFeed          *feed)
{
  update_attention (self);
  update_oi_problem (self);
  if (flow_feed_get_state (feed) == FLOW_FEED_STATE_ERROR && flow_feed_get_message (feed) != NULL)
    g_signal_emit (self, signals[PROBLEM], 0, flow_feed_get_message (feed));
}

static void
on_snapshot (FlowMarketSession  *self,
             const FlowSnapshot *snapshot,
             FlowFeed           *feed)
{
  /* A journal that fails says so through the recorder's "problem"; the chart goes on. */
  flow_footprint_recorder_add (self->recorder, snapshot, NULL);
}

static void
on_option_chain (FlowMarketSession     *self,
                 const FlowOptionChain *chain,
                 FlowFeed              *feed)
{
  flow_oi_session_add_chain (self->oi_session, chain);
}

static void
add_history_row (gint64   start_ms,
                 gint64   oi,
                 gpointer user_data)
{
  gpointer *target = user_data;

  flow_oi_session_add_candle (target[0], target[1], start_ms, oi);
}

/* Angel One's backfill: a getOIData answer whose rows are 1-minute OI of one contract. */
static void
on_oi_history (FlowMarketSession *self,
               const char        *token,
               GBytes            *body,
               gint64             received_ms,
               FlowFeed          *feed)
{
  gpointer target[] = { self->oi_session, (gpointer) token };
  g_autoptr(GError) error = NULL;

  if (!flow_angel_oi_parse_history (body, add_history_row, target, &error))
    g_debug ("OI history of %s: %s", token, error->message);
}

static gboolean
feed_in_use (FlowMarketSession *self,
             FlowFeed          *feed)
{
  return feed != NULL && (feed == self->feeds[VIEW_FOOTPRINT] || feed == self->feeds[VIEW_OI]);
}

/* Takes @view off its feed, which stops unless the other view still shows it (the demo is
 * shared). */
static void
detach_view (FlowMarketSession *self,
             View               view)
{
  g_autoptr(FlowFeed) feed = g_steal_pointer (&self->feeds[view]);

  if (feed == NULL)
    return;
  g_clear_signal_handler (&self->data_handlers[view], feed);
  if (!feed_in_use (self, feed))
    {
      g_signal_handlers_disconnect_by_data (feed, self);
      flow_feed_stop (feed);
    }
}

/* Connects @view to @feed and starts that view's model afresh: another source's contracts,
 * times and journal do not continue the old ones. */
static void
attach_view (FlowMarketSession *self,
             View               view,
             FlowFeed          *feed,
             const char        *name)
{
  gboolean simulated = flow_feed_get_simulated (feed);

  if (view == VIEW_FOOTPRINT)
    {
      /* The demo replays its session at every start: journaling it would mix simulated
       * trades into the real day of the same instrument. */
      flow_footprint_recorder_reset (self->recorder, name,
                                     simulated ? FLOW_FOOTPRINT_RECORDER_AGGREGATE_ONLY
                                               : FLOW_FOOTPRINT_RECORDER_JOURNAL |
                                                 FLOW_FOOTPRINT_RECORDER_RESTORE);
      self->data_handlers[view] =
        g_signal_connect_object (feed, "snapshot", G_CALLBACK (on_snapshot), self,
                                 G_CONNECT_SWAPPED);
    }
  else
    {
      flow_oi_session_reset (self->oi_session, !simulated);
      self->data_handlers[view] =
        g_signal_connect_object (feed, "option-chain", G_CALLBACK (on_option_chain), self,
                                 G_CONNECT_SWAPPED);
      if (g_signal_lookup ("oi-history", G_OBJECT_TYPE (feed)) != 0)
        g_signal_connect_object (feed, "oi-history", G_CALLBACK (on_oi_history), self,
                                 G_CONNECT_SWAPPED);
    }
  /* One state handler per feed, however many views show it. */
  if (!feed_in_use (self, feed))
    {
      g_signal_connect_object (feed, "notify::state", G_CALLBACK (on_feed_state), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (feed, "notify::message", G_CALLBACK (update_oi_problem), self,
                               G_CONNECT_SWAPPED);
    }
  self->feeds[view] = g_object_ref (feed);
  g_free (self->names[view]);
  self->names[view] = g_strdup (name);
}

/* Gives the views in @views (1 << View) one new feed of @source, and starts it. */
static void
switch_views (FlowMarketSession *self,
              guint              views,
              FlowMarketSource   source)
{
  View first = (views & (1u << VIEW_FOOTPRINT)) != 0 ? VIEW_FOOTPRINT : VIEW_OI;
  g_autofree char *first_name = g_settings_get_string (self->settings, view_setting (first));
  g_autoptr(FlowFeed) feed = new_feed (self, first, source, first_name);

  for (View view = 0; view < N_VIEWS; view++)
    if ((views & (1u << view)) != 0)
      detach_view (self, view);
  for (View view = 0; view < N_VIEWS; view++)
    if ((views & (1u << view)) != 0)
      {
        g_autofree char *name = g_settings_get_string (self->settings, view_setting (view));

        self->sources[view] = source;
        attach_view (self, view, feed, name);
      }
  if ((views & (1u << VIEW_OI)) != 0)
    apply_expiry (self);

  for (View view = 0; view < N_VIEWS; view++)
    if ((views & (1u << view)) != 0)
      g_object_notify_by_pspec (G_OBJECT (self),
                                properties[view == VIEW_FOOTPRINT ? PROP_FOOTPRINT_FEED
                                                                  : PROP_OI_FEED]);
  update_attention (self);
  update_oi_problem (self);
  /* Started after every view listens: the demo plays the session so far at once. */
  flow_feed_start (feed);
}

/* @view follows @name: on the same feed and login where the source can (Angel One
 * subscribes another token), else on a new feed. Either way the old stream reaches nothing
 * more and the model starts afresh, with the new instrument's journal. */
static void
retarget_view (FlowMarketSession *self,
               View               view,
               const char        *name)
{
  FlowFeed *feed = self->feeds[view];

  if (feed == self->feeds[view == VIEW_FOOTPRINT ? VIEW_OI : VIEW_FOOTPRINT] ||
      !flow_feed_retarget (feed, name))
    {
      switch_views (self, 1u << view, self->sources[view]);
      return;
    }
  g_free (self->names[view]);
  self->names[view] = g_strdup (name);
  if (view == VIEW_FOOTPRINT)
    flow_footprint_recorder_reset (self->recorder, name,
                                   FLOW_FOOTPRINT_RECORDER_JOURNAL |
                                   FLOW_FOOTPRINT_RECORDER_RESTORE);
  else
    flow_oi_session_reset (self->oi_session, TRUE);
}

static void
set_notice (FlowMarketSession *self,
            const char        *notice)
{
  if (g_strcmp0 (self->notice, notice) == 0)
    return;
  g_free (self->notice);
  self->notice = g_strdup (notice);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTICE]);
}

/* What the banner says about simulated data: which view, and why. */
static const char *
describe_demo (FlowMarketSession      *self,
               const FlowMarketSource  wanted[N_VIEWS],
               gboolean                angel_ready,
               gboolean                upstox_ready)
{
  g_autofree char *oi_setting = g_settings_get_string (self->settings, "oi-source");
  gboolean footprint_demo = wanted[VIEW_FOOTPRINT] == FLOW_MARKET_SOURCE_DEMO;
  gboolean oi_demo = wanted[VIEW_OI] == FLOW_MARKET_SOURCE_DEMO;

  if (!footprint_demo && !oi_demo)
    return NULL;
  if (footprint_demo && oi_demo && !angel_ready && !upstox_ready)
    return _("Demo mode — the market data is simulated, not real.");
  if (footprint_demo && oi_demo)
    return _("Both views run on simulated data, as chosen in Preferences › Data source.");
  if (footprint_demo)
    return _("The footprint chart runs on simulated data, as chosen in Preferences › Data source.");
  if (g_str_equal (oi_setting, "demo"))
    return _("The OI tracker runs on simulated data, as chosen in Preferences › Data source.");
  return _("The OI tracker runs on simulated data: sign in to Upstox or add an Angel One account to see the real option chain.");
}

/* Whether both views, on the simulator, ask for the same underlying: they share one then. */
static gboolean
share_demo (FlowMarketSession      *self,
            const FlowMarketSource  wanted[N_VIEWS])
{
  g_autofree char *instrument = g_settings_get_string (self->settings,
                                                       view_setting (VIEW_FOOTPRINT));
  g_autofree char *underlying = g_settings_get_string (self->settings, view_setting (VIEW_OI));

  return wanted[VIEW_FOOTPRINT] == FLOW_MARKET_SOURCE_DEMO &&
         wanted[VIEW_OI] == FLOW_MARKET_SOURCE_DEMO && g_str_equal (instrument, underlying);
}

/* A view on the simulator follows its setting's new name on a simulator of that underlying:
 * its own while the other view shows another one, else one shared by both (restarted for both,
 * as a running demo does not replay the session so far to a newcomer). */
static void
retarget_demo (FlowMarketSession *self,
               View               view)
{
  if (share_demo (self, self->sources))
    switch_views (self, (1u << VIEW_FOOTPRINT) | (1u << VIEW_OI), FLOW_MARKET_SOURCE_DEMO);
  else
    switch_views (self, 1u << view, FLOW_MARKET_SOURCE_DEMO);
}

/* Each view runs on the source its rule picks. A view keeps its running feed unless its
 * source or that source's account changed. */
static void
apply_sources (FlowMarketSession *self,
               gboolean           angel_ready,
               gboolean           upstox_ready,
               const char        *demo_reason)
{
  FlowMarketSource wanted[N_VIEWS];
  guint stale = 0;   /* 1 << View: the views that need a new feed */

  self->known_accounts = TRUE;
  self->angel_ready = angel_ready;
  self->upstox_ready = upstox_ready;
  for (View view = 0; view < N_VIEWS; view++)
    {
      FlowMarketSource source = choose_source (self, view, angel_ready, upstox_ready);
      gboolean account_changed =
        source != FLOW_MARKET_SOURCE_DEMO &&
        (self->changed_brokers & (1u << (source == FLOW_MARKET_SOURCE_ANGEL ? FLOW_BROKER_ANGEL
                                                                            : FLOW_BROKER_UPSTOX))) != 0;

      wanted[view] = source;
      if (self->feeds[view] == NULL || self->sources[view] != source || account_changed)
        stale |= 1u << view;
    }
  /* Both views share one simulator of one underlying. A running demo does not replay the
   * session so far to a newcomer, so a view that moves to it restarts it for both. */
  if (stale != 0 && share_demo (self, wanted))
    switch_views (self, (1u << VIEW_FOOTPRINT) | (1u << VIEW_OI), FLOW_MARKET_SOURCE_DEMO);
  else
    for (View view = 0; view < N_VIEWS; view++)
      if ((stale & (1u << view)) != 0)
        switch_views (self, 1u << view, wanted[view]);
  if (self->pending_lookups == 0)
    self->changed_brokers = 0;

  set_notice (self, demo_reason != NULL ? demo_reason
                                        : describe_demo (self, wanted, angel_ready, upstox_ready));
}

/* The keyring */

static gboolean
has_all (GHashTable         *stored,
         const char * const *names)
{
  for (guint i = 0; names[i] != NULL; i++)
    if (!g_hash_table_contains (stored, names[i]))
      return FALSE;
  return TRUE;
}

static void
on_upstox_credentials (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(FlowMarketSession) self = user_data;
  g_autoptr(GHashTable) upstox = NULL;
  g_autoptr(GError) error = NULL;
  static const char * const angel_names[] = { "api_key", "client_code", "pin", "totp_secret", NULL };
  gboolean angel_ready, upstox_ready;

  upstox = flow_credentials_lookup_all_finish (FLOW_CREDENTIALS (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || !self->started)
    return;
  self->pending_lookups--;
  if (upstox == NULL || self->angel_stored == NULL)
    {
      g_debug ("keyring unavailable: %s", error != NULL ? error->message : "angel lookup failed");
      apply_sources (self, FALSE, FALSE,
                     _("Demo mode — the keyring could not be read, so the market data is simulated."));
      return;
    }
  /* A partly filled account would only fail to log in: treat it as not set up. */
  angel_ready = has_all (self->angel_stored, angel_names);
  upstox_ready = g_hash_table_contains (upstox, "access_token") ||
                 g_hash_table_contains (upstox, "analytics_token");
  g_clear_pointer (&self->angel_stored, g_hash_table_unref);
  apply_sources (self, angel_ready, upstox_ready, NULL);
}

static void
on_angel_credentials (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  FlowMarketSession *self = user_data;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->angel_stored, g_hash_table_unref);
  self->angel_stored = flow_credentials_lookup_all_finish (FLOW_CREDENTIALS (source), result,
                                                           &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_object_unref (self);
      return;
    }
  flow_credentials_lookup_all_async (FLOW_CREDENTIALS (source), FLOW_BROKER_UPSTOX,
                                     self->cancellable, on_upstox_credentials, self);
}

static void
ask_keyring (FlowMarketSession *self)
{
  if (self->demo)
    {
      apply_sources (self, FALSE, FALSE,
                     _("Demo mode (--demo) — the market data is simulated, not real."));
      return;
    }
  self->pending_lookups++;
  flow_credentials_lookup_all_async (self->credentials, FLOW_BROKER_ANGEL, self->cancellable,
                                     on_angel_credentials, g_object_ref (self));
}

static void
on_credentials_changed (FlowMarketSession *self,
                        int                broker)
{
  if (!self->started)
    return;
  /* New or removed accounts take effect at once; the view of the broker whose account
   * changed starts again with it. */
  self->changed_brokers |= 1u << broker;
  ask_keyring (self);
}

static void
on_settings_changed (FlowMarketSession *self,
                     const char        *key,
                     GSettings         *settings)
{
  if (g_str_has_prefix (key, "oi-threshold-") || g_str_equal (key, "oi-flag-drops") ||
      g_str_equal (key, "oi-alert-ratio") || g_str_equal (key, "oi-strikes"))
    apply_oi_settings (self);
  else if (g_str_equal (key, "oi-expiry"))
    apply_expiry (self);
  else if (g_str_equal (key, "interval-seconds") || g_str_equal (key, "row-size-paise") ||
           g_str_equal (key, "row-size-auto") || g_str_equal (key, "session-open"))
    apply_layout (self);
  else if (g_str_equal (key, "imbalance-ratio") || g_str_equal (key, "imbalance-min-volume"))
    apply_imbalance (self);

  if (!self->started)
    return;
  /* A source switch restarts only the view it names, as a reconnection of that view. */
  if ((g_str_equal (key, "footprint-source") || g_str_equal (key, "oi-source")) &&
      self->known_accounts && !self->demo)
    {
      apply_sources (self, self->angel_ready, self->upstox_ready, NULL);
      return;
    }
  for (View view = 0; view < N_VIEWS; view++)
    if (g_str_equal (key, view_setting (view)) && self->feeds[view] != NULL)
      {
        g_autofree char *name = g_settings_get_string (settings, key);

        if (g_strcmp0 (name, self->names[view]) == 0)
          continue;
        if (self->sources[view] == FLOW_MARKET_SOURCE_DEMO)
          retarget_demo (self, view);
        else
          retarget_view (self, view, name);
      }
}

static void
on_problem (FlowMarketSession *self,
            const char        *message)
{
  g_signal_emit (self, signals[PROBLEM], 0, message);
}

/* Life cycle */

void
flow_market_session_start (FlowMarketSession *self)
{
  g_return_if_fail (FLOW_IS_MARKET_SESSION (self));

  if (self->started)
    return;
  self->started = TRUE;
  if (self->cancellable == NULL)
    self->cancellable = g_cancellable_new ();
  ask_keyring (self);
}

void
flow_market_session_stop (FlowMarketSession *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (FLOW_IS_MARKET_SESSION (self));

  self->started = FALSE;
  self->known_accounts = FALSE;
  self->pending_lookups = 0;
  self->changed_brokers = 0;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->angel_stored, g_hash_table_unref);
  for (View view = 0; view < N_VIEWS; view++)
    {
      detach_view (self, view);
      g_clear_pointer (&self->names[view], g_free);
    }
  g_clear_object (&self->attention_feed);
  update_oi_problem (self);
  if (!flow_footprint_recorder_close (self->recorder, &error))
    g_warning ("footprint journal: %s", error->message);
}

static void
flow_market_session_dispose (GObject *object)
{
  FlowMarketSession *self = FLOW_MARKET_SESSION (object);

  if (self->recorder != NULL)
    flow_market_session_stop (self);
  g_clear_object (&self->recorder);
  g_clear_object (&self->oi_session);
  g_clear_object (&self->credentials);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (flow_market_session_parent_class)->dispose (object);
}

static void
flow_market_session_finalize (GObject *object)
{
  FlowMarketSession *self = FLOW_MARKET_SESSION (object);

  g_free (self->notice);
  g_free (self->oi_problem);
  G_OBJECT_CLASS (flow_market_session_parent_class)->finalize (object);
}

static void
flow_market_session_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  FlowMarketSession *self = FLOW_MARKET_SESSION (object);

  switch (prop_id)
    {
    case PROP_FOOTPRINT_FEED:
      g_value_set_object (value, self->feeds[VIEW_FOOTPRINT]);
      break;
    case PROP_OI_FEED:
      g_value_set_object (value, self->feeds[VIEW_OI]);
      break;
    case PROP_ATTENTION_FEED:
      g_value_set_object (value, self->attention_feed);
      break;
    case PROP_NOTICE:
      g_value_set_string (value, self->notice);
      break;
    case PROP_OI_PROBLEM:
      g_value_set_string (value, self->oi_problem);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
flow_market_session_class_init (FlowMarketSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = flow_market_session_dispose;
  object_class->finalize = flow_market_session_finalize;
  object_class->get_property = flow_market_session_get_property;

  properties[PROP_FOOTPRINT_FEED] =
    g_param_spec_object ("footprint-feed", NULL, NULL, FLOW_TYPE_FEED,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OI_FEED] =
    g_param_spec_object ("oi-feed", NULL, NULL, FLOW_TYPE_FEED,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ATTENTION_FEED] =
    g_param_spec_object ("attention-feed", NULL, NULL, FLOW_TYPE_FEED,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NOTICE] =
    g_param_spec_string ("notice", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OI_PROBLEM] =
    g_param_spec_string ("oi-problem", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A one-line message for a toast: a journal that cannot be kept, a feed that stopped. */
  signals[PROBLEM] =
    g_signal_new ("problem", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
flow_market_session_init (FlowMarketSession *self)
{
  self->recorder = flow_footprint_recorder_new ();
  self->oi_session = flow_oi_session_new ();
  g_signal_connect_object (self->recorder, "problem", G_CALLBACK (on_problem), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->oi_session, "problem", G_CALLBACK (on_problem), self,
                           G_CONNECT_SWAPPED);
}

FlowMarketSession *
flow_market_session_new (GSettings       *settings,
                         FlowCredentials *credentials,
                         gboolean         demo,
                         guint64          seed)
{
  FlowMarketSession *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (FLOW_IS_CREDENTIALS (credentials), NULL);

  self = g_object_new (FLOW_TYPE_MARKET_SESSION, NULL);
  self->settings = g_object_ref (settings);
  self->credentials = g_object_ref (credentials);
  self->demo = demo;
  self->seed = seed;
  apply_layout (self);
  apply_imbalance (self);
  apply_oi_settings (self);
  apply_expiry (self);
  g_signal_connect_object (settings, "changed", G_CALLBACK (on_settings_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (credentials, "changed", G_CALLBACK (on_credentials_changed), self,
                           G_CONNECT_SWAPPED);
  return self;
}

void
flow_market_session_set_feed_factory (FlowMarketSession     *self,
                                      FlowMarketFeedFactory  factory,
                                      gpointer               user_data)
{
  g_return_if_fail (FLOW_IS_MARKET_SESSION (self));
  self->factory = factory;
  self->factory_data = user_data;
}

void
flow_market_session_retry (FlowMarketSession *self)
{
  g_autoptr(FlowFeed) feed = NULL;

  g_return_if_fail (FLOW_IS_MARKET_SESSION (self));

  /* Held: stopping it makes it idle, and another feed may need attention more meanwhile. */
  if (self->attention_feed == NULL)
    return;
  feed = g_object_ref (self->attention_feed);
  flow_feed_stop (feed);
  flow_feed_start (feed);
}

GSettings *
flow_market_session_get_settings (FlowMarketSession *self)
{
  g_return_val_if_fail (FLOW_IS_MARKET_SESSION (self), NULL);
  return self->settings;
}

FlowFeed *
flow_market_session_get_footprint_feed (FlowMarketSession *self)
{
  g_return_val_if_fail (FLOW_IS_MARKET_SESSION (self), NULL);
  return self->feeds[VIEW_FOOTPRINT];
}

FlowFeed *
flow_market_session_get_oi_feed (FlowMarketSession *self)
{
  g_return_val_if_fail (FLOW_IS_MARKET_SESSION (self), NULL);
  return self->feeds[VIEW_OI];
}

FlowFeed *
flow_market_session_get_view_feed (FlowMarketSession *self,
                                   FlowMarketView     view)
{
  g_return_val_if_fail (FLOW_IS_MARKET_SESSION (self), NULL);
  g_return_val_if_fail (view < N_VIEWS, NULL);
  return self->feeds[view];
}

FlowMarketSource
flow_market_session_get_view_source (FlowMarketSession *self,
                                     FlowMarketView     view)
{
  g_return_val_if_fail (FLOW_IS_MARKET_SESSION (self), FLOW_MARKET_SOURCE_DEMO);
  g_return_val_if_fail (view < N_VIEWS, FLOW_MARKET_SOURCE_DEMO);
  return self->feeds[view] != NULL ? self->sources[view] : FLOW_MARKET_SOURCE_DEMO;
}

const char *
flow_market_source_get_label (FlowMarketSource source)
{
  switch (source)
    {
    case FLOW_MARKET_SOURCE_ANGEL:  return _("Angel One");
    case FLOW_MARKET_SOURCE_UPSTOX: return _("Upstox");
    case FLOW_MARKET_SOURCE_DEMO:
    default:                        return _("Demo");
    }
}

FlowFeed *
flow_market_session_get_status_feed (FlowMarketSession *self,
                                     FlowMarketView     shown)
{
  FlowFeed *feed, *other;

  g_return_val_if_fail (FLOW_IS_MARKET_SESSION (self), NULL);
  g_return_val_if_fail (shown < N_VIEWS, NULL);

  feed = self->feeds[shown];
  other = self->feeds[shown == VIEW_FOOTPRINT ? VIEW_OI : VIEW_FOOTPRINT];
  if (feed == NULL)
    return other;
  /* The other view's trouble (a reconnection, a sign-in to renew) is not hidden behind a view
   * that is fine. */
  if (other != NULL &&
      state_urgency (flow_feed_get_state (other)) >= state_urgency (FLOW_FEED_STATE_RECONNECTING) &&
      state_urgency (flow_feed_get_state (other)) > state_urgency (flow_feed_get_state (feed)))
    return other;
  return feed;
}

FlowFeed *
flow_market_session_get_attention_feed (FlowMarketSession *self)
{
  g_return_val_if_fail (FLOW_IS_MARKET_SESSION (self), NULL);
  return self->attention_feed;
}

const char *
flow_market_session_get_oi_problem (FlowMarketSession *self)
{
  g_return_val_if_fail (FLOW_IS_MARKET_SESSION (self), NULL);
  return self->oi_problem;
}

const char *
flow_market_session_get_notice (FlowMarketSession *self)
{
  g_return_val_if_fail (FLOW_IS_MARKET_SESSION (self), NULL);
  return self->notice;
}

FlowFootprintRecorder *
flow_market_session_get_recorder (FlowMarketSession *self)
{
  g_return_val_if_fail (FLOW_IS_MARKET_SESSION (self), NULL);
  return self->recorder;
}

FlowOiSession *
flow_market_session_get_oi_session (FlowMarketSession *self)
{
  g_return_val_if_fail (FLOW_IS_MARKET_SESSION (self), NULL);
  return self->oi_session;
}

void
flow_market_session_set_auto_row (FlowMarketSession *self,
                                  gint64             row)
{
  FlowFootprint *footprint;

  g_return_if_fail (FLOW_IS_MARKET_SESSION (self));
  g_return_if_fail (row >= 0);

  if (self->auto_row == row)
    return;
  self->auto_row = row;
  footprint = flow_footprint_recorder_get_footprint (self->recorder);
  if (current_row (self) != flow_footprint_get_row (footprint))
    apply_layout (self);
}
