/* flow-oi-session.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "flow-oi-session"

#include <glib/gi18n.h>

#include "flow-ist.h"
#include "flow-oi-journal.h"
#include "flow-oi-session.h"

struct _FlowOiSession
{
  GObject         parent_instance;

  FlowOiTracker  *tracker;
  FlowOiSettings  settings;
  char           *expiry;            /* the setting: "nearest" or a pinned YYYY-MM-DD */
  gboolean        pinned;            /* expiry is a date, not "nearest" */

  gboolean        journaling;
  char           *journal_directory; /* NULL: the journal's default */
  /* The journal of the underlying being followed, while journaling. */
  FlowOiJournal  *journal;
  char           *journal_underlying;
  gboolean        problem_reported;

  GHashTable     *chains;            /* expiry → the latest FlowOptionChain of that expiry */
  GHashTable     *fresh_expiries;    /* expiries with a new chain since the last refresh */
  gint64          last_chain_us;
};

G_DEFINE_FINAL_TYPE (FlowOiSession, flow_oi_session, G_TYPE_OBJECT)

enum
{
  CHAIN_ADDED,
  ALERT,
  PROBLEM,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
flow_oi_session_dispose (GObject *object)
{
  FlowOiSession *self = FLOW_OI_SESSION (object);

  g_clear_object (&self->journal);
  g_clear_object (&self->tracker);

  G_OBJECT_CLASS (flow_oi_session_parent_class)->dispose (object);
}

static void
flow_oi_session_finalize (GObject *object)
{
  FlowOiSession *self = FLOW_OI_SESSION (object);

  g_clear_pointer (&self->chains, g_hash_table_unref);
  g_clear_pointer (&self->fresh_expiries, g_hash_table_unref);
  g_free (self->expiry);
  g_free (self->journal_directory);
  g_free (self->journal_underlying);

  G_OBJECT_CLASS (flow_oi_session_parent_class)->finalize (object);
}

static void
flow_oi_session_class_init (FlowOiSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = flow_oi_session_dispose;
  object_class->finalize = flow_oi_session_finalize;

  signals[CHAIN_ADDED] = g_signal_new ("chain-added", G_TYPE_FROM_CLASS (klass),
                                       G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                       G_TYPE_NONE, 0);
  /* A pointer, not the boxed FlowOiReport: handlers only read it while it is emitted. */
  signals[ALERT] = g_signal_new ("alert", G_TYPE_FROM_CLASS (klass),
                                 G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 1, G_TYPE_POINTER);
  signals[PROBLEM] = g_signal_new ("problem", G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
flow_oi_session_init (FlowOiSession *self)
{
  flow_oi_settings_init (&self->settings);
  self->tracker = flow_oi_tracker_new ();
  flow_oi_tracker_set_settings (self->tracker, &self->settings);
  self->expiry = g_strdup (FLOW_OI_SESSION_EXPIRY_NEAREST);
  self->chains = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) flow_option_chain_free);
  self->fresh_expiries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

FlowOiSession *
flow_oi_session_new (void)
{
  return g_object_new (FLOW_TYPE_OI_SESSION, NULL);
}

FlowOiTracker *
flow_oi_session_get_tracker (FlowOiSession *self)
{
  g_return_val_if_fail (FLOW_IS_OI_SESSION (self), NULL);
  return self->tracker;
}

void
flow_oi_session_set_settings (FlowOiSession        *self,
                              const FlowOiSettings *settings)
{
  g_return_if_fail (FLOW_IS_OI_SESSION (self));
  g_return_if_fail (settings != NULL);

  self->settings = *settings;
  flow_oi_tracker_set_settings (self->tracker, settings);
}

void
flow_oi_session_set_expiry (FlowOiSession *self,
                            const char    *expiry)
{
  gint64 ignored_day;

  g_return_if_fail (FLOW_IS_OI_SESSION (self));

  if (expiry == NULL)
    expiry = FLOW_OI_SESSION_EXPIRY_NEAREST;
  if (g_strcmp0 (self->expiry, expiry) == 0)
    return;
  g_free (self->expiry);
  self->expiry = g_strdup (expiry);
  /* The setting can be edited by hand (dconf): what is no date cannot be pinned. */
  self->pinned = flow_ist_parse_date (expiry, &ignored_day);
  if (!self->pinned && !g_str_equal (expiry, FLOW_OI_SESSION_EXPIRY_NEAREST))
    g_debug ("“%s” is no expiry date: following the nearest expiry", expiry);
}

const char *
flow_oi_session_get_expiry (FlowOiSession *self)
{
  g_return_val_if_fail (FLOW_IS_OI_SESSION (self), NULL);
  return self->expiry;
}

void
flow_oi_session_reset (FlowOiSession *self,
                       gboolean       journaling)
{
  g_return_if_fail (FLOW_IS_OI_SESSION (self));

  /* Another source's instrument keys and times do not continue the old history. */
  g_clear_object (&self->tracker);
  self->tracker = flow_oi_tracker_new ();
  flow_oi_tracker_set_settings (self->tracker, &self->settings);
  g_hash_table_remove_all (self->chains);
  g_hash_table_remove_all (self->fresh_expiries);
  g_clear_object (&self->journal);
  g_clear_pointer (&self->journal_underlying, g_free);
  self->problem_reported = FALSE;
  self->journaling = journaling;
  self->last_chain_us = 0;
}

void
flow_oi_session_set_journal_directory (FlowOiSession *self,
                                       const char    *directory)
{
  g_return_if_fail (FLOW_IS_OI_SESSION (self));

  if (g_strcmp0 (self->journal_directory, directory) == 0)
    return;
  g_free (self->journal_directory);
  self->journal_directory = g_strdup (directory);
  /* The next chain opens the journal where it now belongs. */
  g_clear_object (&self->journal);
  g_clear_pointer (&self->journal_underlying, g_free);
}

gboolean
flow_oi_session_get_journaling (FlowOiSession *self)
{
  g_return_val_if_fail (FLOW_IS_OI_SESSION (self), FALSE);
  return self->journaling;
}

/* The journal */

/* A failing disk fails every minute: the log gets each error, the user one message per
 * source, which is enough to act on. */
static void
journal_error (FlowOiSession *self,
               const GError  *error)
{
  g_autofree char *message = NULL;

  g_warning ("OI journal: %s", error->message);
  if (self->problem_reported)
    return;
  self->problem_reported = TRUE;
  message = g_strdup_printf (_("OI history is not being saved: %s"), error->message);
  g_signal_emit (self, signals[PROBLEM], 0, message);
}

/* Opens the journal of @chain's underlying and loads its last 30 minutes into the tracker,
 * so a restart keeps the history. */
static void
ensure_journal (FlowOiSession         *self,
                const FlowOptionChain *chain)
{
  g_autoptr(GError) error = NULL;
  guint n_loaded = 0, n_skipped = 0;

  if (self->journal != NULL && g_strcmp0 (self->journal_underlying, chain->underlying) == 0)
    return;

  g_clear_object (&self->journal);
  g_free (self->journal_underlying);
  self->journal_underlying = g_strdup (chain->underlying);
  self->journal = flow_oi_journal_new (self->journal_directory, chain->underlying);
  if (!flow_oi_journal_load (self->journal, self->tracker, chain->time_ms,
                             &n_loaded, &n_skipped, &error))
    journal_error (self, error);
  g_debug ("OI journal of %s: %u entries restored, %u malformed lines skipped",
           chain->underlying, n_loaded, n_skipped);
}

/* Chains */

void
flow_oi_session_add_chain (FlowOiSession         *self,
                           const FlowOptionChain *chain)
{
  g_return_if_fail (FLOW_IS_OI_SESSION (self));
  g_return_if_fail (chain != NULL && chain->expiry != NULL && chain->underlying != NULL);

  if (self->journaling)
    {
      g_autoptr(GError) error = NULL;

      /* Loaded before this chain is added, so the restored history comes first. */
      ensure_journal (self, chain);
      if (!flow_oi_journal_append_chain (self->journal, chain, &error))
        journal_error (self, error);
    }

  flow_oi_tracker_add_chain (self->tracker, chain);
  /* Insert, not replace: the key stays the same string, so a shown expiry handed out earlier
   * stays valid until the reset. */
  g_hash_table_insert (self->chains, g_strdup (chain->expiry), flow_option_chain_copy (chain));
  g_hash_table_add (self->fresh_expiries, g_strdup (chain->expiry));
  self->last_chain_us = g_get_monotonic_time ();
  g_signal_emit (self, signals[CHAIN_ADDED], 0);
}

void
flow_oi_session_add_candle (FlowOiSession *self,
                            const char    *instrument_key,
                            gint64         start_ms,
                            gint64         oi)
{
  g_return_if_fail (FLOW_IS_OI_SESSION (self));
  g_return_if_fail (instrument_key != NULL);

  flow_oi_tracker_add_candle (self->tracker, instrument_key, start_ms, oi);
}

/* Expiries */

/* Of a session with at least one chain. */
static gint64
latest_chain_time (FlowOiSession *self)
{
  GHashTableIter iter;
  gpointer value;
  gint64 latest = G_MININT64;

  g_hash_table_iter_init (&iter, self->chains);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    latest = MAX (latest, ((const FlowOptionChain *) value)->time_ms);
  return latest;
}

const char *
flow_oi_session_get_shown_expiry (FlowOiSession *self)
{
  g_autofree const char **keys = NULL;
  guint n_keys;
  const char *nearest;
  const char *latest = NULL;
  gint64 latest_ms = G_MININT64;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (FLOW_IS_OI_SESSION (self), NULL);

  if (g_hash_table_size (self->chains) == 0)
    return NULL;
  if (self->pinned && g_hash_table_lookup_extended (self->chains, self->expiry, &key, NULL))
    return key;

  /* "Today" is the day of the data, so a replay of an old day picks that day's nearest. */
  keys = (const char **) g_hash_table_get_keys_as_array (self->chains, &n_keys);
  nearest = flow_oi_select_expiry (keys, n_keys, latest_chain_time (self));
  if (nearest != NULL)
    return nearest;

  /* Every known expiry has passed (the data ends after 15:30 on the last expiry day, or
   * a recording holds chains of an old expiry only): show what came last. */
  g_hash_table_iter_init (&iter, self->chains);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (((const FlowOptionChain *) value)->time_ms > latest_ms)
      {
        latest_ms = ((const FlowOptionChain *) value)->time_ms;
        latest = key;
      }
  return latest;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

char **
flow_oi_session_dup_expiries (FlowOiSession *self)
{
  g_autoptr(GPtrArray) dates = NULL;
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (FLOW_IS_OI_SESSION (self), NULL);

  dates = g_ptr_array_new_with_free_func (g_free);
  g_hash_table_iter_init (&iter, self->chains);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (dates, g_strdup (key));
  /* The user's choice stays choosable while its chains have not come (yet). */
  if (self->pinned && !g_hash_table_contains (self->chains, self->expiry))
    g_ptr_array_add (dates, g_strdup (self->expiry));
  g_ptr_array_sort (dates, compare_strings);
  g_ptr_array_add (dates, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&dates), FALSE);
}

const FlowOptionChain *
flow_oi_session_get_shown_chain (FlowOiSession *self)
{
  const char *expiry;

  g_return_val_if_fail (FLOW_IS_OI_SESSION (self), NULL);

  expiry = flow_oi_session_get_shown_expiry (self);
  return expiry != NULL ? g_hash_table_lookup (self->chains, expiry) : NULL;
}

FlowOiReport *
flow_oi_session_refresh (FlowOiSession *self)
{
  const char *expiry;
  gboolean fresh;
  FlowOiReport *report;

  g_return_val_if_fail (FLOW_IS_OI_SESSION (self), NULL);

  expiry = flow_oi_session_get_shown_expiry (self);
  if (expiry == NULL)
    return NULL;

  fresh = g_hash_table_contains (self->fresh_expiries, expiry);
  g_hash_table_remove_all (self->fresh_expiries);
  report = flow_oi_tracker_evaluate (self->tracker, g_hash_table_lookup (self->chains, expiry));

  /* Only a new chain sounds: a settings change re-evaluates the same data silently. */
  if (fresh && report->alert)
    {
      g_debug ("Alert: %u of %u cells flagged", report->highlighted, report->cells);
      g_signal_emit (self, signals[ALERT], 0, report);
    }
  return report;
}

gint64
flow_oi_session_get_last_chain_monotonic_us (FlowOiSession *self)
{
  g_return_val_if_fail (FLOW_IS_OI_SESSION (self), 0);
  return self->last_chain_us;
}
