/* flow-upstox-feed.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "flow-upstox-feed"

#include "config.h"

#include <glib/gi18n.h>

#include "flow-endpoint.h"
#include "flow-ist.h"
#include "flow-oi-tracker.h"
#include "flow-upstox-client.h"
#include "flow-upstox-feed-private.h"
#include "flow-upstox-instruments.h"
#include "flow-upstox-option-chain.h"

#define MINUTE_MS ((gint64) 60 * 1000)
/* Upstox's APIs answer oddly from 00:00 to 05:30 IST (upstox.md §1.2, UDAPI100074), and an
 * access token lives until 03:30 IST. */
#define MAINTENANCE_END_MS ((gint64) (5 * 3600 + 30 * 60) * 1000)
#define TOKEN_EXPIRY_MS    ((gint64) (3 * 3600 + 30 * 60) * 1000)

struct _FlowUpstoxFeed
{
  FlowFeed parent_instance;

  FlowCredentials *credentials;
  char            *underlying;
  /* Looked up once in the instruments file: an index does not change its key. */
  char            *index_key;
  guint            refresh;
  guint            strikes;
  char            *pinned_expiry;
  gint64           clock_offset_ms;

  /* While started */
  GCancellable     *cancellable;
  FlowUpstoxClient *client;
  char             *instruments_url;
  char             *lookup_url;     /* the instruments file being searched for index_key */
  gboolean          analytics_token; /* the token sent is the Analytics Token */
  gint64            token_expiry_ms;
  char             *expiry;
  gboolean          contracts_read; /* for this expiry */
  gboolean          contracts_failed;
  gint64            lot_size;
  gboolean          backfill_refused;
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
  g_clear_pointer (&self->instruments_url, g_free);
  g_clear_pointer (&self->lookup_url, g_free);
  self->analytics_token = FALSE;
  self->token_expiry_ms = 0;
  self->contracts_read = FALSE;
  self->contracts_failed = FALSE;
  self->lot_size = 0;
  self->backfill_refused = FALSE;
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
  g_free (self->index_key);
  g_free (self->pinned_expiry);
  g_free (self->expiry);
  G_OBJECT_CLASS (flow_upstox_feed_parent_class)->finalize (object);
}

static gint64
now_ms (FlowUpstoxFeed *self)
{
  return g_get_real_time () / 1000 + self->clock_offset_ms;
}

/* ------------------------------------------------------------------------------------------
 * Outcomes
 */

/* Whether Upstox's nightly maintenance may explain a failed answer: between 00:00 and 05:30
 * IST, while the token in use is still valid. A 401, a 5xx or an HTML page then says nothing
 * of the token: signing in again would not help, and the morning's first refresh works. */
static gboolean
is_maintenance_answer (FlowUpstoxFeed *self,
                       const GError   *error)
{
  gint64 now = now_ms (self);

  if (error->domain != FLOW_UPSTOX_ERROR ||
      (error->code != FLOW_UPSTOX_ERROR_SIGN_IN_NEEDED &&
       error->code != FLOW_UPSTOX_ERROR_SERVER &&
       error->code != FLOW_UPSTOX_ERROR_INVALID_RESPONSE))
    return FALSE;
  return now - flow_ist_day_start_ms (now) < MAINTENANCE_END_MS && now < self->token_expiry_ms;
}

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
  if (is_maintenance_answer (self, error))
    {
      /* Not the 401's own "sign in again": that is just what would not help. */
      g_autofree char *message =
        error->code == FLOW_UPSTOX_ERROR_SIGN_IN_NEEDED
        ? g_strdup (_("Upstox is in its nightly maintenance (00:00–05:30 IST) and refuses the "
                      "sign-in until it ends: trying again at the next refresh"))
        : g_strdup_printf (_("Upstox is in its nightly maintenance (00:00–05:30 IST), trying "
                             "again at the next refresh: %s"), error->message);

      flow_feed_set_state (FLOW_FEED (self), FLOW_FEED_STATE_RECONNECTING, message,
                           MAX (retry_at_ms,
                                flow_upstox_client_get_backoff_until_ms (self->client)));
    }
  else if (g_error_matches (error, FLOW_UPSTOX_ERROR, FLOW_UPSTOX_ERROR_SIGN_IN_NEEDED))
    logged_out (self, error->message);
  else if (g_error_matches (error, FLOW_UPSTOX_ERROR, FLOW_UPSTOX_ERROR_REFUSED) ||
           g_error_matches (error, FLOW_UPSTOX_ERROR, FLOW_UPSTOX_ERROR_NO_EXPIRY) ||
           g_error_matches (error, FLOW_UPSTOX_INSTRUMENTS_ERROR,
                            FLOW_UPSTOX_INSTRUMENTS_ERROR_NOT_FOUND) ||
           g_error_matches (error, FLOW_UPSTOX_INSTRUMENTS_ERROR,
                            FLOW_UPSTOX_INSTRUMENTS_ERROR_MALFORMED) ||
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

      chain->lot_size = self->first->lot_size;

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

/* A chain body as the feed emits it: named by the underlying the user chose (Upstox's body
 * only names its index, "NSE_INDEX|Nifty Fin Service"), with the lot size of the expiry's
 * contracts. */
static FlowOptionChain *
parse_chain (FlowUpstoxFeed  *self,
             JsonNode        *body,
             GError         **error)
{
  FlowOptionChain *chain = flow_upstox_option_chain_parse (body, now_ms (self), error);

  if (chain == NULL)
    return NULL;
  g_free (chain->underlying);
  chain->underlying = g_strdup (self->underlying);
  chain->lot_size = self->lot_size;
  return chain;
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
  if (self->backfill_refused)
    {
      g_autofree char *with_note = g_strdup_printf (
        "%s\n%s", message,
        _("No OI backfill: Upstox refused today’s candles to the Analytics Token, so the "
          "history starts now"));

      g_free (message);
      message = g_steal_pointer (&with_note);
    }
  flow_feed_set_state (FLOW_FEED (self), FLOW_FEED_STATE_LIVE, message, 0);
}

static void
on_index_key (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  FlowUpstoxFeed *self = user_data;
  GError *error = NULL;
  char *key = flow_upstox_instruments_find_index_key_finish (result, &error);
  g_autofree char *bse_url = NULL;
  const char *documented;

  if (key == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      fail (self, error);
      return;
    }
  if (key == NULL && g_error_matches (error, FLOW_UPSTOX_INSTRUMENTS_ERROR,
                                      FLOW_UPSTOX_INSTRUMENTS_ERROR_NOT_FOUND) &&
      (bse_url = flow_upstox_instruments_bse_url (self->lookup_url)) != NULL)
    {
      g_debug ("%s is not in %s: trying %s", self->underlying, self->lookup_url, bse_url);
      g_clear_error (&error);
      g_free (self->lookup_url);
      self->lookup_url = g_steal_pointer (&bse_url);
      self->busy = FALSE;
      step (self);
      return;
    }
  g_free (self->lookup_url);
  self->lookup_url = g_strdup (self->instruments_url);
  /* The file lives on another host than the API (assets.upstox.com): should it be out of
   * reach, the two keys Upstox's own API pages use keep the usual indices working. A stale
   * one cannot show wrong data: the contracts call would list nothing and say so. */
  documented = flow_upstox_documented_index_key (self->underlying);
  if (key == NULL && documented != NULL)
    {
      g_debug ("no index key of %s from the instruments file (%s): using %s", self->underlying,
               error->message, documented);
      g_clear_error (&error);
      key = g_strdup (documented);
    }
  if (key == NULL)
    {
      g_prefix_error (&error, _("No Upstox index found for %s: "), self->underlying);
      fail (self, error);
      return;
    }
  g_debug ("%s is %s", self->underlying, key);
  self->index_key = key;
  self->busy = FALSE;
  step (self);
}

static void
on_contracts (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  FlowUpstoxFeed *self = user_data;
  GError *error = NULL;
  g_autoptr(JsonNode) body = flow_upstox_client_option_contracts_finish (
    FLOW_UPSTOX_CLIENT (source), result, &error);
  g_auto(GStrv) expiries = NULL;
  const char *chosen = NULL;

  if (body == NULL)
    {
      /* A pinned expiry needs the list only for its lot size: without it the table counts
       * contracts, and the next refresh asks again. */
      if (self->pinned_expiry != NULL && self->expiry != NULL &&
          !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
          !g_error_matches (error, FLOW_UPSTOX_ERROR, FLOW_UPSTOX_ERROR_SIGN_IN_NEEDED) &&
          !is_maintenance_answer (self, error))
        {
          g_debug ("no lot size for %s: %s", self->expiry, error->message);
          g_clear_error (&error);
          self->contracts_read = TRUE;
          self->contracts_failed = TRUE;
          self->busy = FALSE;
          step (self);
          return;
        }
      fail (self, error);
      return;
    }
  if (self->expiry == NULL)
    {
      expiries = flow_upstox_contract_expiries (body, &error);
      if (expiries != NULL)
        {
          chosen = flow_oi_select_expiry ((const char * const *) expiries,
                                          g_strv_length (expiries), now_ms (self));
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
      self->expiry = g_strdup (chosen);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPIRY]);
    }
  self->lot_size = flow_upstox_contract_lot_size (body, self->expiry);
  g_debug ("lot size of %s %s: %" G_GINT64_FORMAT, self->underlying, self->expiry,
           self->lot_size);
  self->contracts_read = TRUE;
  self->contracts_failed = FALSE;
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
    self->first = parse_chain (self, body, &error);
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

  /* An Analytics Token may be refused the candles while the chain works: the table then
   * only lacks the history before the start, which is no reason to stop it. */
  if (body == NULL && self->analytics_token && !is_maintenance_answer (self, error) &&
      g_error_matches (error, FLOW_UPSTOX_ERROR, FLOW_UPSTOX_ERROR_SIGN_IN_NEEDED))
    {
      g_debug ("backfill off for this run: %s", error->message);
      g_clear_error (&error);
      self->backfill_refused = TRUE;
      g_ptr_array_set_size (self->backfill, 0);
      self->busy = FALSE;
      step (self);
      return;
    }
  if (body == NULL && (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
                       g_error_matches (error, FLOW_UPSTOX_ERROR,
                                        FLOW_UPSTOX_ERROR_SIGN_IN_NEEDED) ||
                       is_maintenance_answer (self, error)))
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
    chain = parse_chain (self, body, &error);
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
  if (self->index_key == NULL)
    flow_upstox_instruments_find_index_key_async (flow_upstox_client_get_session (self->client),
                                                  self->lookup_url, self->underlying,
                                                  now_ms (self), self->cancellable,
                                                  on_index_key, self);
  else if (!self->contracts_read)
    flow_upstox_client_option_contracts_async (self->client, self->index_key,
                                               self->cancellable, on_contracts, self);
  else if (self->first == NULL && !self->backfilled)
    flow_upstox_client_option_chain_async (self->client, self->index_key, self->expiry,
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
    flow_upstox_client_option_chain_async (self->client, self->index_key, self->expiry,
                                           self->cancellable, on_chain, self);
}

static gboolean
on_tick (gpointer data)
{
  FlowUpstoxFeed *self = data;
  const char *current[] = { self->expiry };

  /* Rule 8: after 15:30 IST on expiry day the nearest expiry is the next one. */
  if (self->pinned_expiry == NULL && self->expiry != NULL && !self->busy &&
      flow_oi_select_expiry (current, 1, now_ms (self)) == NULL)
    {
      g_debug ("expiry %s is over: choosing the next", self->expiry);
      g_clear_pointer (&self->expiry, g_free);
      self->contracts_read = FALSE;
    }
  if (self->contracts_failed && !self->busy)
    self->contracts_read = FALSE;
  step (self);
  return G_SOURCE_CONTINUE;
}

/* When the token in use stops working: the Analytics Token lasts a year; an access token
 * until its stored expiry, else (not known) this morning's 03:30 IST at the latest. */
static gint64
token_expiry (FlowUpstoxFeed *self,
              GHashTable     *values)
{
  const char *expires = g_hash_table_lookup (values, "access_token_expires");
  g_autoptr(GDateTime) expiry = NULL;

  if (self->analytics_token)
    return G_MAXINT64;
  if (expires != NULL)
    expiry = g_date_time_new_from_iso8601 (expires, NULL);
  if (expiry != NULL)
    return g_date_time_to_unix (expiry) * 1000;
  return flow_ist_at_time_of_day (now_ms (self), TOKEN_EXPIRY_MS);
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

  token = flow_upstox_pick_token (values, now_ms (self), &error);
  if (token == NULL)
    {
      logged_out (self, error->message);
      g_error_free (error);
      g_object_unref (self);
      return;
    }
  self->analytics_token = token == g_hash_table_lookup (values, "analytics_token");
  self->token_expiry_ms = token_expiry (self, values);
  api_url = flow_upstox_resolve_api_url (&error);
  if (api_url != NULL)
    self->instruments_url = flow_endpoint_resolve (FLOW_UPSTOX_INSTRUMENTS_URL_VARIABLE,
                                                   FLOW_UPSTOX_DEFAULT_INSTRUMENTS_URL, &error);
  if (self->instruments_url == NULL)
    {
      flow_feed_set_state (FLOW_FEED (self), FLOW_FEED_STATE_ERROR, error->message, 0);
      g_error_free (error);
      g_object_unref (self);
      return;
    }

  self->lookup_url = g_strdup (self->instruments_url);
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

void
flow_upstox_feed_set_clock_offset (FlowUpstoxFeed *self,
                                   gint64          offset_ms)
{
  g_return_if_fail (FLOW_IS_UPSTOX_FEED (self));
  self->clock_offset_ms = offset_ms;
}
