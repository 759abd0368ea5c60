/* flow-upstox-feed.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "flow-upstox-feed"

#include "config.h"

#include <glib/gi18n.h>

#include "flow-ist.h"
#include "flow-oi-tracker.h"
#include "flow-upstox-client.h"
#include "flow-upstox-feed.h"
#include "flow-upstox-option-chain.h"

#define MINUTE_MS ((gint64) 60 * 1000)

struct _FlowUpstoxFeed
{
  FlowFeed parent_instance;

  FlowCredentials *credentials;
  char            *underlying;
  char            *underlying_key;
  guint            refresh;
  guint            strikes;
  char            *pinned_expiry;

  /* While started */
  GCancellable     *cancellable;
  FlowUpstoxClient *client;
  char             *expiry;
  FlowOptionChain  *first;        /* the chain the backfill is for, emitted after it */
  GPtrArray        *backfill;     /* instrument keys still to fetch */
  GHashTable       *candles;      /* instrument key → GArray of FlowUpstoxCandleOi */
  gboolean          backfilled;
  gboolean          busy;
  guint             tick_id;
};

G_DEFINE_FINAL_TYPE (FlowUpstoxFeed, flow_upstox_feed, FLOW_TYPE_FEED)

enum {
  PROP_0,
  PROP_REFRESH,
  PROP_STRIKES,
  PROP_EXPIRY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void step (FlowUpstoxFeed *self);

static void
reset (FlowUpstoxFeed *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_object (&self->client);
  g_clear_pointer (&self->first, flow_option_chain_free);
  g_clear_pointer (&self->backfill, g_ptr_array_unref);
  g_clear_pointer (&self->candles, g_hash_table_unref);
  self->backfilled = FALSE;
  self->busy = FALSE;
}

static void
flow_upstox_feed_dispose (GObject *object)
{
  FlowUpstoxFeed *self = FLOW_UPSTOX_FEED (object);

  reset (self);
  g_clear_object (&self->credentials);
  G_OBJECT_CLASS (flow_upstox_feed_parent_class)->dispose (object);
}

static void
flow_upstox_feed_finalize (GObject *object)
{
  FlowUpstoxFeed *self = FLOW_UPSTOX_FEED (object);

  g_free (self->underlying);
  g_free (self->underlying_key);
  g_free (self->pinned_expiry);
  g_free (self->expiry);
  G_OBJECT_CLASS (flow_upstox_feed_parent_class)->finalize (object);
}

/* ------------------------------------------------------------------------------------------
 * Outcomes
 */

static void
logged_out (FlowUpstoxFeed *self,
            const char     *message)
{
  /* Polling a rejected token only collects more 401s: wait for a new sign-in. */
  g_clear_handle_id (&self->tick_id, g_source_remove);
  flow_feed_set_state (FLOW_FEED (self), FLOW_FEED_STATE_LOGGED_OUT, message, 0);
}

/* Takes @error. Cancellation (stop, dispose) says nothing and touches nothing else. */
static void
fail (FlowUpstoxFeed *self,
      GError         *error)
{
  gint64 retry_at_ms;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_error_free (error);
      return;
    }
  self->busy = FALSE;
  retry_at_ms = g_get_real_time () / 1000 + (gint64) self->refresh * 1000;
  if (g_error_matches (error, FLOW_UPSTOX_ERROR, FLOW_UPSTOX_ERROR_SIGN_IN_NEEDED))
    logged_out (self, error->message);
  else if (g_error_matches (error, FLOW_UPSTOX_ERROR, FLOW_UPSTOX_ERROR_REFUSED) ||
           g_error_matches (error, FLOW_UPSTOX_ERROR, FLOW_UPSTOX_ERROR_NO_EXPIRY) ||
           error->domain == FLOW_UPSTOX_OPTION_CHAIN_ERROR)
    flow_feed_set_state (FLOW_FEED (self), FLOW_FEED_STATE_ERROR, error->message, retry_at_ms);
  else
    flow_feed_set_state (FLOW_FEED (self), FLOW_FEED_STATE_RECONNECTING, error->message,
                         MAX (retry_at_ms,
                              flow_upstox_client_get_backoff_until_ms (self->client)));
  g_debug ("refresh failed: %s", error->message);
  g_error_free (error);
}

static int
compare_ms (gconstpointer a,
            gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

/* The backfill side of @live at @close_ms, from its contract's candles. */
static FlowOptionSide
side_at (FlowUpstoxFeed       *self,
         const FlowOptionSide *live,
         gint64                close_ms)
{
  FlowOptionSide side = { 0 };
  GArray *candles;

  if (!live->present)
    return side;
  candles = g_hash_table_lookup (self->candles, live->instrument_key);
  for (guint i = 0; candles != NULL && i < candles->len; i++)
    {
      const FlowUpstoxCandleOi *candle = &g_array_index (candles, FlowUpstoxCandleOi, i);

      if (candle->start_ms + MINUTE_MS == close_ms)
        {
          side.present = TRUE;
          side.instrument_key = live->instrument_key;
          side.oi = candle->oi;
          break;
        }
    }
  return side;
}

/* Returns FALSE when a handler stopped the feed meanwhile. */
static gboolean
still_running (FlowUpstoxFeed *self,
               GCancellable   *cancellable)
{
  return self->cancellable == cancellable && !g_cancellable_is_cancelled (cancellable);
}

/* The backfill as chains: one per candle close time, holding the first chain's displayed
 * contracts that have a candle then, so each contract's history is exactly its candles. */
static gboolean
emit_backfill (FlowUpstoxFeed *self)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (gint64));
  GCancellable *cancellable = self->cancellable;
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->candles);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      GArray *candles = value;

      for (guint i = 0; i < candles->len; i++)
        {
          gint64 close_ms = g_array_index (candles, FlowUpstoxCandleOi, i).start_ms + MINUTE_MS;

          /* A candle still forming says nothing of the OI at its close. */
          if (close_ms > self->first->time_ms || g_hash_table_contains (seen, &close_ms))
            continue;
          g_hash_table_add (seen, g_memdup2 (&close_ms, sizeof close_ms));
          g_array_append_val (times, close_ms);
        }
    }
  g_array_sort (times, compare_ms);

  for (guint t = 0; t < times->len; t++)
    {
      gint64 close_ms = g_array_index (times, gint64, t);
      g_autoptr(FlowOptionChain) chain = flow_option_chain_new (close_ms, self->first->underlying,
                                                                self->first->expiry,
                                                                self->first->spot);

      for (guint i = 0; i < self->first->strikes->len; i++)
        {
          const FlowOptionStrike *row = flow_option_chain_get (self->first, i);
          FlowOptionSide ce = side_at (self, &row->ce, close_ms);
          FlowOptionSide pe = side_at (self, &row->pe, close_ms);

          if (ce.present || pe.present)
            flow_option_chain_add_strike (chain, row->strike, &ce, &pe);
        }
      flow_feed_emit_option_chain (FLOW_FEED (self), chain);
      if (!still_running (self, cancellable))
        return FALSE;
    }
  g_debug ("backfilled %u minutes of %u contracts", times->len,
           g_hash_table_size (self->candles));
  return TRUE;
}

/* ------------------------------------------------------------------------------------------
 * Steps: expiry, first chain, candles of its displayed contracts, then the chain per tick
 */

static void
live (FlowUpstoxFeed  *self,
      FlowOptionChain *chain)
{
  GCancellable *cancellable = self->cancellable;
  g_autofree char *message = NULL;
  g_autofree char *time = flow_ist_format_time (chain->time_ms);

  self->busy = FALSE;
  flow_feed_emit_option_chain (FLOW_FEED (self), chain);
  if (!still_running (self, cancellable))
    return;
  message = g_strdup_printf (_("Upstox option chain, %s expiry %s, refreshed at %s"),
                             self->underlying, self->expiry, time);
  flow_feed_set_state (FLOW_FEED (self), FLOW_FEED_STATE_LIVE, message, 0);
}

static void
on_expiries (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  FlowUpstoxFeed *self = user_data;
  GError *error = NULL;
  g_auto(GStrv) expiries = flow_upstox_client_expiries_finish (FLOW_UPSTOX_CLIENT (source),
                                                               result, &error);
  const char *chosen = NULL;

  if (expiries != NULL)
    {
      chosen = flow_oi_select_expiry ((const char * const *) expiries, g_strv_length (expiries),
                                      g_get_real_time () / 1000);
      if (chosen == NULL)
        error = g_error_new (FLOW_UPSTOX_ERROR, FLOW_UPSTOX_ERROR_NO_EXPIRY,
                             _("Upstox lists no option expiry of %s from today on"),
                             self->underlying);
    }
  if (chosen == NULL)
    {
      fail (self, error);
      return;
    }
  g_free (self->expiry);
  self->expiry = g_strdup (chosen);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPIRY]);
  self->busy = FALSE;
  step (self);
}

static void
on_first_chain (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  FlowUpstoxFeed *self = user_data;
  GError *error = NULL;
  g_autoptr(JsonNode) body = flow_upstox_client_option_chain_finish (FLOW_UPSTOX_CLIENT (source),
                                                                     result, &error);
  g_autoptr(FlowOiTracker) scratch = NULL;
  g_autoptr(FlowOiReport) report = NULL;
  FlowOiSettings settings;

  if (body != NULL)
    self->first = flow_upstox_option_chain_parse (body, g_get_real_time () / 1000, &error);
  if (self->first == NULL)
    {
      fail (self, error);
      return;
    }

  /* The rows a table with this many strikes shows now. */
  scratch = flow_oi_tracker_new ();
  flow_oi_settings_init (&settings);
  settings.strikes = self->strikes;
  flow_oi_tracker_set_settings (scratch, &settings);
  report = flow_oi_tracker_evaluate (scratch, self->first);
  self->backfill = g_ptr_array_new_with_free_func (g_free);
  self->candles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) g_array_unref);
  for (guint i = 0; i < report->n_rows; i++)
    {
      if (report->rows[i].ce.present)
        g_ptr_array_add (self->backfill, g_strdup (report->rows[i].ce.instrument_key));
      if (report->rows[i].pe.present)
        g_ptr_array_add (self->backfill, g_strdup (report->rows[i].pe.instrument_key));
    }
  self->busy = FALSE;
  step (self);
}

static void
on_candles (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  FlowUpstoxFeed *self = user_data;
  GError *error = NULL;
  g_autoptr(JsonNode) body = flow_upstox_client_intraday_candles_finish (
    FLOW_UPSTOX_CLIENT (source), result, &error);
  g_autofree char *key = NULL;
  GArray *candles = NULL;

  if (body == NULL && (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
                       g_error_matches (error, FLOW_UPSTOX_ERROR,
                                        FLOW_UPSTOX_ERROR_SIGN_IN_NEEDED)))
    {
      fail (self, error);
      return;
    }
  key = g_ptr_array_steal_index (self->backfill, self->backfill->len - 1);
  if (body != NULL)
    candles = flow_upstox_candles_parse_oi (body, &error);
  /* A contract without backfill only has a shorter history: not worth stopping for. */
  if (candles == NULL)
    {
      g_debug ("no backfill for %s: %s", key, error->message);
      g_error_free (error);
    }
  else
    g_hash_table_insert (self->candles, g_steal_pointer (&key), candles);
  self->busy = FALSE;
  step (self);
}

static void
on_chain (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  FlowUpstoxFeed *self = user_data;
  GError *error = NULL;
  g_autoptr(JsonNode) body = flow_upstox_client_option_chain_finish (FLOW_UPSTOX_CLIENT (source),
                                                                     result, &error);
  g_autoptr(FlowOptionChain) chain = NULL;

  if (body != NULL)
    chain = flow_upstox_option_chain_parse (body, g_get_real_time () / 1000, &error);
  if (chain == NULL)
    {
      fail (self, error);
      return;
    }
  live (self, chain);
}

static void
step (FlowUpstoxFeed *self)
{
  g_autoptr(FlowOptionChain) first = NULL;

  if (self->busy || self->client == NULL)
    return;
  self->busy = TRUE;
  if (self->expiry == NULL)
    flow_upstox_client_expiries_async (self->client, self->underlying_key, self->cancellable,
                                       on_expiries, self);
  else if (self->first == NULL && !self->backfilled)
    flow_upstox_client_option_chain_async (self->client, self->underlying_key, self->expiry,
                                           self->cancellable, on_first_chain, self);
  else if (!self->backfilled && self->backfill->len > 0)
    flow_upstox_client_intraday_candles_async (self->client,
                                               g_ptr_array_index (self->backfill,
                                                                  self->backfill->len - 1),
                                               self->cancellable, on_candles, self);
  else if (!self->backfilled)
    {
      self->backfilled = TRUE;
      if (!emit_backfill (self))
        return;
      first = g_steal_pointer (&self->first);
      g_clear_pointer (&self->candles, g_hash_table_unref);
      live (self, first);
    }
  else
    flow_upstox_client_option_chain_async (self->client, self->underlying_key, self->expiry,
                                           self->cancellable, on_chain, self);
}

static gboolean
on_tick (gpointer data)
{
  FlowUpstoxFeed *self = data;
  const char *current[] = { self->expiry };

  /* Rule 8: after 15:30 IST on expiry day the nearest expiry is the next one. */
  if (self->pinned_expiry == NULL && self->expiry != NULL && !self->busy &&
      flow_oi_select_expiry (current, 1, g_get_real_time () / 1000) == NULL)
    {
      g_debug ("expiry %s is over: choosing the next", self->expiry);
      g_clear_pointer (&self->expiry, g_free);
    }
  step (self);
  return G_SOURCE_CONTINUE;
}

static void
on_values (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  FlowUpstoxFeed *self = user_data;
  GError *error = NULL;
  g_autoptr(GHashTable) values = NULL;
  g_autofree char *api_url = NULL;
  const char *token;

  values = flow_credentials_lookup_all_finish (FLOW_CREDENTIALS (source), result, &error);
  if (values == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        flow_feed_set_state (FLOW_FEED (self), FLOW_FEED_STATE_ERROR, error->message, 0);
      g_error_free (error);
      g_object_unref (self);
      return;
    }
  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    {
      g_object_unref (self);
      return;
    }

  token = flow_upstox_pick_token (values, g_get_real_time () / 1000, &error);
  if (token == NULL)
    {
      logged_out (self, error->message);
      g_error_free (error);
      g_object_unref (self);
      return;
    }
  api_url = flow_upstox_resolve_api_url (&error);
  if (api_url == NULL)
    {
      flow_feed_set_state (FLOW_FEED (self), FLOW_FEED_STATE_ERROR, error->message, 0);
      g_error_free (error);
      g_object_unref (self);
      return;
    }

  self->client = flow_upstox_client_new (api_url, token);
  self->tick_id = g_timeout_add_seconds (self->refresh, on_tick, self);
  step (self);
  g_object_unref (self);
}

static void
flow_upstox_feed_start (FlowFeed *feed)
{
  FlowUpstoxFeed *self = FLOW_UPSTOX_FEED (feed);

  reset (self);
  g_clear_pointer (&self->expiry, g_free);
  self->expiry = g_strdup (self->pinned_expiry);
  self->cancellable = g_cancellable_new ();
  flow_feed_set_state (feed, FLOW_FEED_STATE_CONNECTING, _("Connecting to Upstox…"), 0);
  flow_credentials_lookup_all_async (self->credentials, FLOW_BROKER_UPSTOX, self->cancellable,
                                     on_values, g_object_ref (self));
}

static void
flow_upstox_feed_stop (FlowFeed *feed)
{
  reset (FLOW_UPSTOX_FEED (feed));
  flow_feed_set_state (feed, FLOW_FEED_STATE_IDLE, NULL, 0);
}

/* ------------------------------------------------------------------------------------------
 * Object
 */

static void
flow_upstox_feed_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  FlowUpstoxFeed *self = FLOW_UPSTOX_FEED (object);

  switch (prop_id)
    {
    case PROP_REFRESH:
      g_value_set_uint (value, self->refresh);
      break;
    case PROP_STRIKES:
      g_value_set_uint (value, self->strikes);
      break;
    case PROP_EXPIRY:
      g_value_set_string (value, self->expiry);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
flow_upstox_feed_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  FlowUpstoxFeed *self = FLOW_UPSTOX_FEED (object);

  switch (prop_id)
    {
    case PROP_REFRESH:
      flow_upstox_feed_set_refresh (self, g_value_get_uint (value));
      break;
    case PROP_STRIKES:
      if (self->strikes != g_value_get_uint (value))
        {
          self->strikes = g_value_get_uint (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_EXPIRY:
      flow_upstox_feed_set_expiry (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
flow_upstox_feed_class_init (FlowUpstoxFeedClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  FlowFeedClass *feed_class = FLOW_FEED_CLASS (klass);

  object_class->dispose = flow_upstox_feed_dispose;
  object_class->finalize = flow_upstox_feed_finalize;
  object_class->get_property = flow_upstox_feed_get_property;
  object_class->set_property = flow_upstox_feed_set_property;
  feed_class->start = flow_upstox_feed_start;
  feed_class->stop = flow_upstox_feed_stop;

  properties[PROP_REFRESH] =
    g_param_spec_uint ("refresh", NULL, NULL, 1, 300, 60,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Strikes each side of the ATM whose contracts are backfilled (the OI table's N). */
  properties[PROP_STRIKES] =
    g_param_spec_uint ("strikes", NULL, NULL, 1, 15, 3,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EXPIRY] =
    g_param_spec_string ("expiry", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
flow_upstox_feed_init (FlowUpstoxFeed *self)
{
  self->refresh = 60;
  flow_feed_set_refresh_interval (FLOW_FEED (self), self->refresh);
  self->strikes = 3;
}

FlowFeed *
flow_upstox_feed_new (FlowCredentials *credentials,
                      const char      *underlying)
{
  FlowUpstoxFeed *self;

  g_return_val_if_fail (FLOW_IS_CREDENTIALS (credentials), NULL);
  g_return_val_if_fail (underlying != NULL, NULL);

  self = g_object_new (FLOW_TYPE_UPSTOX_FEED, NULL);
  self->credentials = g_object_ref (credentials);
  self->underlying = g_strdup (underlying);
  self->underlying_key = flow_upstox_underlying_key (underlying);
  return FLOW_FEED (self);
}

guint
flow_upstox_feed_get_refresh (FlowUpstoxFeed *self)
{
  g_return_val_if_fail (FLOW_IS_UPSTOX_FEED (self), 0);
  return self->refresh;
}

void
flow_upstox_feed_set_refresh (FlowUpstoxFeed *self,
                              guint           seconds)
{
  g_return_if_fail (FLOW_IS_UPSTOX_FEED (self));
  g_return_if_fail (seconds >= 1 && seconds <= 300);

  if (self->refresh == seconds)
    return;
  self->refresh = seconds;
  flow_feed_set_refresh_interval (FLOW_FEED (self), seconds);
  /* A running feed keeps its schedule, at the new pace. */
  if (self->tick_id != 0)
    {
      g_source_remove (self->tick_id);
      self->tick_id = g_timeout_add_seconds (self->refresh, on_tick, self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REFRESH]);
}

const char *
flow_upstox_feed_get_expiry (FlowUpstoxFeed *self)
{
  g_return_val_if_fail (FLOW_IS_UPSTOX_FEED (self), NULL);
  return self->expiry;
}

void
flow_upstox_feed_set_expiry (FlowUpstoxFeed *self,
                             const char     *expiry)
{
  g_return_if_fail (FLOW_IS_UPSTOX_FEED (self));

  if (g_strcmp0 (self->pinned_expiry, expiry) == 0)
    return;
  g_free (self->pinned_expiry);
  self->pinned_expiry = g_strdup (expiry);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPIRY]);
}
