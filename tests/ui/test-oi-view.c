/* test-oi-view.c: the OI tracker tab driven by the seeded demo, and the OI table on its own
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * With ORDERFLOW_SCREENSHOT_DIR set, /oi-view/screenshots also writes oi-light.png and
 * oi-dark.png of the tab there (the README's screenshots come from this).
 */
#include <adwaita.h>

#include "flow-demo-feed-private.h"
#include "flow-ist.h"
#include "flow-market-session-private.h"
#include "flow-oi-page-private.h"
#include "flow-oi-preferences.h"
#include "flow-oi-table.h"
#include "flow-test-feed.h"
#include "flow-test-loop.h"
#include "flow-test-widgets.h"

#define APP_ID "io.github.orderflow.OrderFlow"
/* 2026-11-20 (a Friday) 09:15:00 IST */
#define OPEN_MS    G_GINT64_CONSTANT (1795146300000)
#define MINUTE_MS  G_GINT64_CONSTANT (60000)
/* Seed 1 at 10:20 IST: an OI build-up across the chain, 48 of 70 cells past their threshold. */
#define DEMO_SEED       1
#define ALERT_CLOCK_MS  (OPEN_MS + 65 * MINUTE_MS + 30000)
/* Seed 1 at 10:26 IST: 24 of 70, below the alert ratio. */
#define QUIET_CLOCK_MS  (OPEN_MS + 71 * MINUTE_MS + 30000)
#define TIMEOUT_MS 10000

static const char *oi_keys[] = {
  "oi-expiry", "oi-strikes", "oi-threshold-3", "oi-threshold-5", "oi-threshold-10",
  "oi-threshold-15", "oi-threshold-30", "oi-flag-drops", "oi-alert-ratio", "oi-units",
  "alert-muted", "alert-sound",
};

typedef struct
{
  GSettings         *settings;
  FlowCredentials   *credentials;
  GtkWindow         *window;
  GtkBox            *content;
  FlowMarketSession *session;
  FlowOiPage        *page;
  FlowOiTable       *table;
  FlowFeed          *feed;      /* what the session's next feed will be */
  guint              n_played;
  GPtrArray         *toasts;
  gint64             expected_time_ms;  /* for wait_for_report_at() */
} Fixture;

/* The session's feeds are the test's: the seeded demo at a fixed clock, or a FlowTestFeed. */
static FlowFeed *
make_feed (FlowMarketSession *session,
           FlowMarketView     view,
           FlowMarketSource   source,
           const char        *name,
           gpointer           user_data)
{
  Fixture *fixture = user_data;

  g_assert_nonnull (fixture->feed);
  return g_object_ref (fixture->feed);
}

static void
on_played (FlowAlertPlayer *player,
           Fixture         *fixture)
{
  fixture->n_played++;
}

static void
toast_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  Fixture *fixture = user_data;

  g_ptr_array_add (fixture->toasts, g_variant_dup_string (parameter, NULL));
}

static gboolean
has_report (gpointer data)
{
  Fixture *fixture = data;

  return flow_oi_table_get_report (fixture->table) != NULL;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GSimpleActionGroup) actions = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) toast = g_simple_action_new ("toast", G_VARIANT_TYPE_STRING);
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();

  fixture->settings = g_settings_new (APP_ID);
  for (guint i = 0; i < G_N_ELEMENTS (oi_keys); i++)
    g_settings_reset (fixture->settings, oi_keys[i]);
  fixture->toasts = g_ptr_array_new_with_free_func (g_free);

  /* The window's frame as the app has it: a header bar above the tab, and win.toast. */
  fixture->window = GTK_WINDOW (adw_window_new ());
  gtk_window_set_default_size (fixture->window, 1280, 720);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), adw_window_title_new ("Order Flow", "OI Tracker"));
  gtk_box_append (GTK_BOX (content), header);
  fixture->content = GTK_BOX (content);
  fixture->credentials = flow_credentials_new ();
  adw_window_set_content (ADW_WINDOW (fixture->window), content);
  g_signal_connect (toast, "activate", G_CALLBACK (toast_activated), fixture);
  g_action_map_add_action (G_ACTION_MAP (actions), G_ACTION (toast));
  gtk_widget_insert_action_group (GTK_WIDGET (fixture->window), "win", G_ACTION_GROUP (actions));

  gtk_window_present (fixture->window);
}

static void
on_problem (FlowMarketSession *session,
            const char        *message,
            Fixture           *fixture)
{
  g_ptr_array_add (fixture->toasts, g_strdup (message));
}

/* Ends the page and the session shown, as closing the window would. */
static void
close_page (Fixture *fixture)
{
  if (fixture->page == NULL)
    return;
  gtk_box_remove (fixture->content, GTK_WIDGET (fixture->page));
  fixture->page = NULL;
  fixture->table = NULL;
  flow_market_session_stop (fixture->session);
  g_assert_finalize_object (fixture->session);
  fixture->session = NULL;
}

/* A new session on @feed (taken) shown by a new page, as the window makes them. @demo: the
 * session's --demo, which asks no keyring. */
static void
open_page (Fixture  *fixture,
           FlowFeed *feed,
           gboolean  demo)
{
  close_page (fixture);
  g_clear_object (&fixture->feed);
  fixture->feed = feed;
  fixture->session = flow_market_session_new (fixture->settings, fixture->credentials, demo,
                                              DEMO_SEED);
  flow_market_session_set_feed_factory (fixture->session, make_feed, fixture);
  g_signal_connect (fixture->session, "problem", G_CALLBACK (on_problem), fixture);
  fixture->page = g_object_new (FLOW_TYPE_OI_PAGE, "session", fixture->session, NULL);
  gtk_widget_set_vexpand (GTK_WIDGET (fixture->page), TRUE);
  gtk_box_append (fixture->content, GTK_WIDGET (fixture->page));
  fixture->table = flow_oi_page_get_table (fixture->page);
  g_signal_connect (flow_oi_page_get_alert_player (fixture->page), "played",
                    G_CALLBACK (on_played), fixture);
  g_assert_true (flow_test_wait_until (flow_test_widget_is_shown, fixture->table, TIMEOUT_MS));
  flow_market_session_start (fixture->session);
}

/* Waits until the session runs @feed on its OI view. */
static gboolean
session_runs_feed (gpointer data)
{
  Fixture *fixture = data;

  return flow_market_session_get_oi_feed (fixture->session) == fixture->feed;
}

/* Starts the seeded demo at @clock_ms and waits for the first refresh. */
static void
start_demo (Fixture *fixture,
            gint64   clock_ms)
{
  FlowFeed *feed = flow_demo_feed_new (DEMO_SEED);

  flow_demo_feed_set_clock (FLOW_DEMO_FEED (feed), clock_ms);
  open_page (fixture, feed, TRUE);
  g_assert_true (flow_test_wait_until (has_report, fixture, TIMEOUT_MS));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  close_page (fixture);
  if (fixture->feed != NULL)
    g_assert_finalize_object (fixture->feed);
  g_object_unref (fixture->credentials);
  gtk_window_destroy (fixture->window);
  flow_test_wait_ms (50);
  g_object_unref (fixture->settings);
  g_ptr_array_unref (fixture->toasts);
}

static gboolean
played (gpointer data)
{
  return ((Fixture *) data)->n_played > 0;
}

static guint
count_flags (const FlowOiReport *report,
             FlowOiFlag          flag)
{
  guint n = 0;

  for (guint r = 0; r < report->n_rows; r++)
    for (guint i = 0; i < FLOW_OI_N_INTERVALS; i++)
      n += (report->rows[r].ce.changes[i].flag == flag) + (report->rows[r].pe.changes[i].flag == flag);
  return n;
}

static void
test_demo_alert (Fixture       *fixture,
                 gconstpointer  data)
{
  FlowOiReport *report;
  g_autofree char *expected_time = flow_ist_format_time (OPEN_MS + 65 * MINUTE_MS);
  guint red_row = G_MAXUINT, red_column = 0;

  start_demo (fixture, ALERT_CLOCK_MS);
  report = flow_oi_table_get_report (fixture->table);

  /* The latest chain of the replayed session is shown, 7 rows around the ATM strike. */
  g_assert_cmpint (report->time_ms, ==, OPEN_MS + 65 * MINUTE_MS);
  g_assert_cmpuint (report->n_rows, ==, 7);
  g_assert_cmpuint (report->cells, ==, 70);
  g_assert_true (report->alert);
  g_assert_cmpuint (count_flags (report, FLOW_OI_FLAG_BUILD_UP), ==, report->highlighted);
  g_assert_cmpuint (report->highlighted * 2, >, report->cells);

  /* Red cells are drawn as such and explained in their tooltip. */
  for (guint r = 0; r < report->n_rows && red_row == G_MAXUINT; r++)
    for (guint i = 0; i < FLOW_OI_N_INTERVALS; i++)
      if (report->rows[r].pe.changes[i].flag == FLOW_OI_FLAG_BUILD_UP)
        {
          red_row = r;
          red_column = FLOW_OI_TABLE_COLUMN_PE_FIRST + i;
          break;
        }
  g_assert_cmpuint (red_row, !=, G_MAXUINT);
  {
    g_autofree char *tooltip = flow_oi_table_dup_cell_tooltip (fixture->table, red_row, red_column);

    g_assert_nonnull (strstr (tooltip, "Build-up"));
    g_assert_nonnull (strstr (tooltip, expected_time));
  }

  /* And the alert sounds, once, through the fake sink. */
  g_assert_true (flow_test_wait_until (played, fixture, TIMEOUT_MS));
  flow_test_wait_ms (300);
  g_assert_cmpuint (fixture->n_played, ==, 1);
  g_assert_cmpuint (fixture->toasts->len, ==, 0);
}

static void
test_demo_muted (Fixture       *fixture,
                 gconstpointer  data)
{
  g_settings_set_boolean (fixture->settings, "alert-muted", TRUE);
  start_demo (fixture, ALERT_CLOCK_MS);
  g_assert_true (flow_oi_table_get_report (fixture->table)->alert);
  flow_test_wait_ms (500);
  g_assert_cmpuint (fixture->n_played, ==, 0);
  g_assert_false (flow_alert_player_get_playing (flow_oi_page_get_alert_player (fixture->page)));
}

static void
test_demo_quiet (Fixture       *fixture,
                 gconstpointer  data)
{
  FlowOiReport *report;

  start_demo (fixture, QUIET_CLOCK_MS);
  report = flow_oi_table_get_report (fixture->table);
  g_assert_false (report->alert);
  g_assert_cmpuint (report->highlighted, >, 0);
  flow_test_wait_ms (500);
  g_assert_cmpuint (fixture->n_played, ==, 0);
}

static void
test_settings_reevaluate (Fixture       *fixture,
                          gconstpointer  data)
{
  FlowOiReport *report;

  start_demo (fixture, ALERT_CLOCK_MS);
  g_assert_true (flow_test_wait_until (played, fixture, TIMEOUT_MS));

  /* Thresholds out of reach: nothing is red, and a re-evaluation never sounds. */
  g_settings_set_double (fixture->settings, "oi-threshold-3", 1000);
  g_settings_set_double (fixture->settings, "oi-threshold-5", 1000);
  g_settings_set_double (fixture->settings, "oi-threshold-10", 1000);
  g_settings_set_double (fixture->settings, "oi-threshold-15", 1000);
  g_settings_set_double (fixture->settings, "oi-threshold-30", 1000);
  g_settings_set_uint (fixture->settings, "oi-strikes", 5);
  flow_test_wait_ms (300);
  report = flow_oi_table_get_report (fixture->table);
  g_assert_cmpuint (report->n_rows, ==, 11);
  g_assert_cmpuint (report->highlighted, ==, 0);
  g_assert_false (report->alert);
  g_assert_cmpuint (fixture->n_played, ==, 1);

  /* Lots: the demo's lot size divides the OI. */
  g_settings_set_string (fixture->settings, "oi-units", "lots");
  g_assert_cmpint (flow_oi_table_get_units (fixture->table), ==, FLOW_OI_UNITS_LOTS);
}

/* The table on its own, from a hand-made history: the worked example of oi-tracker.md. */

#define T10 G_GINT64_CONSTANT (1795149000000)  /* 2026-11-20 10:00:00 IST */

static FlowOptionChain *
make_chain (gint64 time_ms,
            gint64 atm_ce_oi)
{
  FlowOptionChain *chain = flow_option_chain_new (time_ms, "NIFTY", "2026-11-24", 24110.4);

  chain->lot_size = 65;
  for (int k = -4; k <= 4; k++)
    {
      double strike = 24100 + 50 * k;
      g_autofree char *ce_key = g_strdup_printf ("NSE_FO|%d", 50000 + 2 * k);
      g_autofree char *pe_key = g_strdup_printf ("NSE_FO|%d", 50001 + 2 * k);
      FlowOptionSide ce = { TRUE, ce_key, k == 0 ? atm_ce_oi : 2500000 + 100000 * k, 120.5, 345678 };
      FlowOptionSide pe = { TRUE, pe_key, 18765432, 98.25, 123456 };

      /* A far put that is not listed: its cells show "—". */
      pe.present = k != 3;
      flow_option_chain_add_strike (chain, strike, &ce, &pe);
    }
  return chain;
}

static FlowOiReport *
worked_example_report (void)
{
  g_autoptr(FlowOiTracker) tracker = flow_oi_tracker_new ();
  static const struct { gint64 offset_ms; gint64 oi; } steps[] = {
    { 0, 1000000 }, { 60000, 1020000 }, { 120000, 1050000 }, { 181000, 1150000 },
  };
  FlowOiReport *report = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autoptr(FlowOptionChain) chain = make_chain (T10 + steps[i].offset_ms, steps[i].oi);

      g_clear_pointer (&report, flow_oi_report_unref);
      report = flow_oi_tracker_update (tracker, chain);
    }
  return report;
}

typedef struct
{
  GtkWindow   *window;
  FlowOiTable *table;
} TableFixture;

static void
table_set_up (TableFixture  *fixture,
              gconstpointer  data)
{
  g_autoptr(FlowOiReport) report = worked_example_report ();

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 1280, 480);
  fixture->table = FLOW_OI_TABLE (flow_oi_table_new ());
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->table));
  flow_oi_table_set_report (fixture->table, report);
  gtk_window_present (fixture->window);
  g_assert_true (flow_test_wait_until (flow_test_widget_is_shown, fixture->table, TIMEOUT_MS));
}

static void
table_tear_down (TableFixture  *fixture,
                 gconstpointer  data)
{
  gtk_window_destroy (fixture->window);
  flow_test_wait_ms (50);
}

static gboolean
is_narrow (gpointer table)
{
  return gtk_widget_get_width (table) < 600;
}

static gboolean
is_wide (gpointer table)
{
  return gtk_widget_get_width (table) > 1000;
}

static void
test_table_cells (TableFixture  *fixture,
                  gconstpointer  data)
{
  FlowOiReport *report = flow_oi_table_get_report (fixture->table);
  guint atm = report->atm_row;
  g_autofree char *pct = NULL;
  g_autofree char *oi = NULL;
  g_autofree char *no_value = NULL;
  g_autofree char *strike = NULL;
  g_autofree char *unlisted = NULL;

  /* ATM 24,100 (spot 24,110.40), the middle of 7 rows, holding the keyboard cursor. */
  g_assert_cmpuint (report->n_rows, ==, 7);
  g_assert_cmpuint (atm, ==, 3);
  g_assert_true (report->rows[atm].is_atm);
  g_assert_cmpfloat (report->rows[atm].strike, ==, 24100);
  g_assert_cmpuint (flow_oi_table_get_focus_row (fixture->table), ==, atm);

  /* At full width: full Indian grouping, one decimal, "—" without a value. */
  pct = flow_oi_table_dup_cell_text (fixture->table, atm, FLOW_OI_TABLE_COLUMN_CE_FIRST);
  g_assert_cmpstr (pct, ==, "+15.0%");
  oi = flow_oi_table_dup_cell_text (fixture->table, atm, FLOW_OI_TABLE_COLUMN_CE_OI);
  g_assert_cmpstr (oi, ==, "11,50,000");
  no_value = flow_oi_table_dup_cell_text (fixture->table, atm, FLOW_OI_TABLE_COLUMN_CE_FIRST + 1);
  g_assert_cmpstr (no_value, ==, "—");
  strike = flow_oi_table_dup_cell_text (fixture->table, atm, FLOW_OI_TABLE_COLUMN_STRIKE);
  g_assert_cmpstr (strike, ==, "24,100");
  unlisted = flow_oi_table_dup_cell_text (fixture->table, atm + 3, FLOW_OI_TABLE_COLUMN_PE_OI);
  g_assert_cmpstr (unlisted, ==, "—");
  g_assert_cmpint (report->rows[atm].ce.changes[0].flag, ==, FLOW_OI_FLAG_BUILD_UP);

  /* Narrow: the numbers abbreviate instead of being cut. */
  gtk_window_set_default_size (fixture->window, 420, 480);
  g_assert_true (flow_test_wait_until (is_narrow, fixture->table, TIMEOUT_MS));
  {
    g_autofree char *narrow_oi = flow_oi_table_dup_cell_text (fixture->table, atm,
                                                              FLOW_OI_TABLE_COLUMN_CE_OI);
    g_autofree char *narrow_put = flow_oi_table_dup_cell_text (fixture->table, atm,
                                                               FLOW_OI_TABLE_COLUMN_PE_OI);
    g_autofree char *narrow_pct = flow_oi_table_dup_cell_text (fixture->table, atm,
                                                               FLOW_OI_TABLE_COLUMN_CE_FIRST);

    g_assert_true (g_str_equal (narrow_oi, "11.5 L") || g_str_equal (narrow_oi, "12L"));
    g_assert_true (g_str_equal (narrow_put, "1.88 Cr") || g_str_equal (narrow_put, "1.9Cr"));
    g_assert_true (g_str_equal (narrow_pct, "+15%") || g_str_equal (narrow_pct, "+15"));
  }

  /* Lots: 11,50,000 / 65. */
  flow_oi_table_set_units (fixture->table, FLOW_OI_UNITS_LOTS);
  gtk_window_set_default_size (fixture->window, 1280, 480);
  g_assert_true (flow_test_wait_until (is_wide, fixture->table, TIMEOUT_MS));
  {
    g_autofree char *tooltip = flow_oi_table_dup_cell_tooltip (fixture->table, atm,
                                                               FLOW_OI_TABLE_COLUMN_CE_OI);

    g_assert_nonnull (strstr (tooltip, "11,50,000 contracts = 17,692 lots"));
  }
}

static void
test_table_tooltips (TableFixture  *fixture,
                     gconstpointer  data)
{
  FlowOiReport *report = flow_oi_table_get_report (fixture->table);
  guint atm = report->atm_row;
  g_autofree char *change = flow_oi_table_dup_cell_tooltip (fixture->table, atm,
                                                            FLOW_OI_TABLE_COLUMN_CE_FIRST);
  g_autofree char *empty = flow_oi_table_dup_cell_tooltip (fixture->table, atm,
                                                           FLOW_OI_TABLE_COLUMN_CE_FIRST + 4);
  g_autofree char *strike = flow_oi_table_dup_cell_tooltip (fixture->table, atm,
                                                            FLOW_OI_TABLE_COLUMN_STRIKE);
  guint row = G_MAXUINT, column = G_MAXUINT;

  /* The absolute change, both OI values and the reference time (worked example, 10:03:01). */
  g_assert_cmpstr (change, ==,
                   "24,100 CE · OI change over 3 minutes\n"
                   "+1,50,000 contracts (+15.0%)\n"
                   "OI at 10:03:01: 11,50,000\n"
                   "OI at 10:00:00: 10,00,000\n"
                   "Build-up: above the 10% threshold");
  g_assert_cmpstr (empty, ==,
                   "24,100 CE · OI change over 30 minutes\n"
                   "No value yet: the history is shorter than the interval");
  g_assert_cmpstr (strike, ==, "Strike 24,100 · at the money\nSpot 24,110.40");

  /* The tooltip is asked for the cell under the pointer: the lowest cell in the middle is
   * the last row's strike, the top left corner is a header. */
  for (int y = gtk_widget_get_height (GTK_WIDGET (fixture->table)); y > 0; y--)
    if (flow_oi_table_get_cell_at (fixture->table, gtk_widget_get_width (GTK_WIDGET (fixture->table)) / 2.0,
                                   y, &row, &column))
      break;
  g_assert_cmpuint (row, ==, report->n_rows - 1);
  g_assert_cmpuint (column, ==, FLOW_OI_TABLE_COLUMN_STRIKE);
  g_assert_false (flow_oi_table_get_cell_at (fixture->table, 10, 2, &row, &column));
}

/* A window of @height holding only a table showing @report. */
static GtkWindow *
present_table (FlowOiReport *report,
               int           height)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *table = flow_oi_table_new ();

  gtk_window_set_default_size (window, 1280, height);
  gtk_window_set_child (window, table);
  flow_oi_table_set_report (FLOW_OI_TABLE (table), report);
  gtk_window_present (window);
  g_assert_true (flow_test_wait_until (flow_test_widget_is_shown, table, TIMEOUT_MS));
  return window;
}

/* Rows stretch to fill a taller table, up to a limit the table's natural height names, and
 * never below their natural height. */
static void
test_table_stretch (TableFixture  *fixture,
                    gconstpointer  data)
{
  FlowOiReport *report = flow_oi_table_get_report (fixture->table);
  GtkWindow *window;
  FlowOiTable *table;
  int minimum, natural, height;
  guint row = G_MAXUINT, column;

  gtk_widget_measure (GTK_WIDGET (fixture->table), GTK_ORIENTATION_VERTICAL, -1,
                      &minimum, &natural, NULL, NULL);
  g_assert_cmpint (minimum, >, 0);
  g_assert_cmpint (natural, >, minimum * 5 / 4);

  /* Between the two: the seven rows reach the bottom pixel of the table. */
  window = present_table (report, (minimum + natural) / 2);
  table = FLOW_OI_TABLE (gtk_window_get_child (window));
  height = gtk_widget_get_height (GTK_WIDGET (table));
  g_assert_cmpint (height, >, minimum);
  g_assert_cmpint (height, <, natural);
  g_assert_true (flow_oi_table_get_cell_at (table, 10, height - 2, &row, &column));
  g_assert_cmpuint (row, ==, 6);
  gtk_window_destroy (window);

  /* Far taller than natural: the rows stop growing where the natural height ends. */
  window = present_table (report, natural + 400);
  table = FLOW_OI_TABLE (gtk_window_get_child (window));
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (table)), >=, natural + 300);
  g_assert_false (flow_oi_table_get_cell_at (table, 10, natural + 20, &row, &column));
  g_assert_true (flow_oi_table_get_cell_at (table, 10, natural - 2, &row, &column));
  g_assert_cmpuint (row, ==, 6);
  gtk_window_destroy (window);
}

static void
test_table_keyboard (TableFixture  *fixture,
                     gconstpointer  data)
{
  g_autofree char *description = NULL;

  gtk_widget_grab_focus (GTK_WIDGET (fixture->table));
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (fixture->table)));

  gtk_widget_activate_action (GTK_WIDGET (fixture->table), "oi-table.move-cursor", "i", -1);
  g_assert_cmpuint (flow_oi_table_get_focus_row (fixture->table), ==, 2);
  gtk_widget_activate_action (GTK_WIDGET (fixture->table), "oi-table.move-cursor", "i", -100);
  g_assert_cmpuint (flow_oi_table_get_focus_row (fixture->table), ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (fixture->table), "oi-table.move-cursor", "i", 100);
  g_assert_cmpuint (flow_oi_table_get_focus_row (fixture->table), ==, 6);

  /* A screen reader gets one grid, labelled, described by the row under the cursor. */
  gtk_test_accessible_assert_role (fixture->table, GTK_ACCESSIBLE_ROLE_GRID);
  gtk_test_accessible_assert_property (fixture->table, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Open interest changes");
  {
    g_autofree char *last = flow_oi_table_dup_row_description (fixture->table, 6);

    g_assert_true (g_str_has_prefix (last, "Strike 24,250. Calls"));
    gtk_test_accessible_assert_property (fixture->table, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, last);
  }

  description = flow_oi_table_dup_row_description (fixture->table, 3);
  g_assert_true (g_str_has_prefix (description,
                                   "Strike 24,100, at the money. Calls: open interest 11,50,000 "
                                   "contracts; 3 minutes +15.0%, build-up; 5 minutes no value"));
  g_assert_nonnull (strstr (description, "Puts: open interest 1,87,65,432 contracts"));
}

static void
test_table_stale (TableFixture  *fixture,
                  gconstpointer  data)
{
  g_autoptr(FlowOiReport) next = worked_example_report ();

  flow_oi_table_set_stale_reason (fixture->table, "HTTP 503 from the option-chain endpoint");
  g_assert_cmpstr (flow_oi_table_get_stale_reason (fixture->table), ==,
                   "HTTP 503 from the option-chain endpoint");
  /* The last table stays. */
  g_assert_nonnull (flow_oi_table_get_report (fixture->table));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->table));

  /* The next refresh is fresh again. */
  flow_oi_table_set_report (fixture->table, next);
  g_assert_null (flow_oi_table_get_stale_reason (fixture->table));
}

static void
test_formats (void)
{
  static const struct { gint64 value; const char *full, *brief, *tiny; } quantities[] = {
    { 0, "0", "0", "0" },
    { 950, "950", "950", "950" },
    { 85000, "85,000", "85,000", "85K" },
    { 1234567, "12,34,567", "12.3 L", "12L" },
    { 9996000, "99,96,000", "1.00 Cr", "1.0Cr" },
    { 12345678, "1,23,45,678", "1.23 Cr", "1.2Cr" },
    { 1234567890, "1,23,45,67,890", "123 Cr", "123Cr" },
    { -150000, "−1,50,000", "−1.5 L", "−1.5L" },
  };
  static const struct { double pct; const char *full, *brief, *tiny; } percents[] = {
    { 15.0, "+15.0%", "+15%", "+15" },
    { 13.7254, "+13.7%", "+14%", "+14" },
    { -5.25, "−5.3%", "−5.3%", "−5" },
    { 9.96, "+10.0%", "+10%", "+10" },
    { 0.04, "0.0%", "0.0%", "0" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (quantities); i++)
    {
      g_autofree char *full = flow_oi_format_quantity (quantities[i].value, FLOW_OI_FORMAT_FULL);
      g_autofree char *brief = flow_oi_format_quantity (quantities[i].value, FLOW_OI_FORMAT_SHORT);
      g_autofree char *tiny = flow_oi_format_quantity (quantities[i].value, FLOW_OI_FORMAT_TINY);

      g_assert_cmpstr (full, ==, quantities[i].full);
      g_assert_cmpstr (brief, ==, quantities[i].brief);
      g_assert_cmpstr (tiny, ==, quantities[i].tiny);
    }
  for (guint i = 0; i < G_N_ELEMENTS (percents); i++)
    {
      g_autofree char *full = flow_oi_format_percent (percents[i].pct, FLOW_OI_FORMAT_FULL);
      g_autofree char *brief = flow_oi_format_percent (percents[i].pct, FLOW_OI_FORMAT_SHORT);
      g_autofree char *tiny = flow_oi_format_percent (percents[i].pct, FLOW_OI_FORMAT_TINY);

      g_assert_cmpstr (full, ==, percents[i].full);
      g_assert_cmpstr (brief, ==, percents[i].brief);
      g_assert_cmpstr (tiny, ==, percents[i].tiny);
    }
}

/* A live source, as far as the page can tell (Upstox's stand-in): its chains are journaled and
 * restored. */

static void
emit_chain (FlowFeed *feed,
            gint64    time_ms,
            gint64    atm_ce_oi)
{
  g_autoptr(FlowOptionChain) chain = make_chain (time_ms, atm_ce_oi);

  flow_feed_emit_option_chain (feed, chain);
}

static gboolean
report_is_at (gpointer data)
{
  Fixture *fixture = data;
  FlowOiReport *report = flow_oi_table_get_report (fixture->table);

  return report != NULL && report->time_ms == fixture->expected_time_ms;
}

static void
wait_for_report_at (Fixture *fixture,
                    gint64   time_ms)
{
  fixture->expected_time_ms = time_ms;
  g_assert_true (flow_test_wait_until (report_is_at, fixture, TIMEOUT_MS));
}

static void
test_live_journal (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *directory = g_build_filename (g_get_user_data_dir (), "orderflow", NULL);
  g_autofree char *journal = g_build_filename (directory, "oi-NIFTY-2026-11-20.tsv", NULL);
  FlowFeed *feed = flow_test_feed_new (FLOW_MARKET_SOURCE_UPSTOX, "NIFTY");
  FlowOiReport *report;
  const FlowOiChange *change;

  /* Not --demo: the keyring of the test session holds no account, and the test's live feed
   * stands in for the simulator the session would pick. */
  open_page (fixture, feed, FALSE);
  g_assert_true (flow_test_wait_until (session_runs_feed, fixture, TIMEOUT_MS));
  flow_feed_set_state (feed, FLOW_FEED_STATE_LIVE, "Live", 0);
  emit_chain (feed, T10, 1000000);
  emit_chain (feed, T10 + 60000, 1020000);
  emit_chain (feed, T10 + 120000, 1050000);
  emit_chain (feed, T10 + 181000, 1150000);
  wait_for_report_at (fixture, T10 + 181000);
  g_assert_true (g_file_test (journal, G_FILE_TEST_IS_REGULAR));

  /* A failed refresh keeps the table, marked with the reason, until the next chain. */
  flow_feed_set_state (feed, FLOW_FEED_STATE_RECONNECTING, "Upstox did not answer", 0);
  g_assert_cmpstr (flow_oi_table_get_stale_reason (fixture->table), ==, "Upstox did not answer");
  g_assert_nonnull (flow_oi_table_get_report (fixture->table));
  flow_feed_set_state (feed, FLOW_FEED_STATE_LIVE, "Live", 0);
  g_assert_null (flow_oi_table_get_stale_reason (fixture->table));

  /* "Restart": a new session starts with no history of its own; the journal supplies it, so
   * the worked example's 10:04:07 row has its 3-minute value at once. */
  feed = flow_test_feed_new (FLOW_MARKET_SOURCE_UPSTOX, "NIFTY");
  open_page (fixture, feed, FALSE);
  g_assert_true (flow_test_wait_until (session_runs_feed, fixture, TIMEOUT_MS));
  flow_feed_set_state (feed, FLOW_FEED_STATE_LIVE, "Live", 0);
  emit_chain (feed, T10 + 247000, 1160000);
  wait_for_report_at (fixture, T10 + 247000);
  report = flow_oi_table_get_report (fixture->table);
  change = &report->rows[report->atm_row].ce.changes[0];
  g_assert_true (change->has_value);
  g_assert_cmpint (change->ref_time_ms, ==, T10 + 60000);
  g_assert_cmpfloat_with_epsilon (change->pct, 13.7254902, 1e-6);
  g_assert_cmpuint (fixture->toasts->len, ==, 0);
}

static void
test_demo_not_journaled (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *directory = g_build_filename (g_get_user_data_dir (), "orderflow", NULL);
  g_autoptr(GDir) dir = NULL;

  start_demo (fixture, ALERT_CLOCK_MS);
  /* Simulated OI never lands in the real history. */
  dir = g_dir_open (directory, 0, NULL);
  g_assert_true (dir == NULL || g_dir_read_name (dir) == NULL);
}

/* Preferences */

static void
test_preferences (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *page = adw_preferences_page_new ();
  g_autoptr(GPtrArray) spins = g_ptr_array_new ();
  g_autoptr(GPtrArray) combos = g_ptr_array_new ();
  g_autoptr(GPtrArray) switches = g_ptr_array_new ();
  g_autoptr(GPtrArray) groups = g_ptr_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (oi_keys); i++)
    g_settings_reset (settings, oi_keys[i]);
  flow_oi_page_fill_preferences (ADW_PREFERENCES_PAGE (page), settings);
  gtk_window_set_child (window, page);
  gtk_window_present (window);

  flow_test_collect (page, ADW_TYPE_PREFERENCES_GROUP, groups);
  flow_test_collect (page, GTK_TYPE_SPIN_BUTTON, spins);
  flow_test_collect (page, ADW_TYPE_COMBO_ROW, combos);
  flow_test_collect (page, GTK_TYPE_SWITCH, switches);
  /* Thresholds (+ drops), alert (ratio, mute, sound), option chain (refresh, strikes, units). */
  g_assert_cmpuint (groups->len, ==, 3);
  g_assert_cmpuint (spins->len, ==, 5 + 1 + 2);
  g_assert_cmpuint (combos->len, ==, 1);
  g_assert_cmpuint (switches->len, ==, 2);

  /* Defaults shown, edits written: thresholds in percent, the ratio in percent of a fraction. */
  g_assert_cmpfloat (gtk_spin_button_get_value (spins->pdata[0]), ==, 10);
  g_assert_cmpfloat (gtk_spin_button_get_value (spins->pdata[4]), ==, 30);
  gtk_spin_button_set_value (spins->pdata[1], 13.5);
  g_assert_cmpfloat (g_settings_get_double (settings, "oi-threshold-5"), ==, 13.5);
  g_assert_cmpfloat (gtk_spin_button_get_value (spins->pdata[5]), ==, 50);
  gtk_spin_button_set_value (spins->pdata[5], 60);
  g_assert_cmpfloat (g_settings_get_double (settings, "oi-alert-ratio"), ==, 0.6);
  gtk_spin_button_set_value (spins->pdata[7], 5);
  g_assert_cmpuint (g_settings_get_uint (settings, "oi-strikes"), ==, 5);
  adw_combo_row_set_selected (combos->pdata[0], 1);
  g_assert_cmpint (g_settings_get_enum (settings, "oi-units"), ==, FLOW_OI_UNITS_LOTS);
  gtk_switch_set_active (switches->pdata[0], TRUE);
  g_assert_true (g_settings_get_boolean (settings, "oi-flag-drops"));

  for (guint i = 0; i < G_N_ELEMENTS (oi_keys); i++)
    g_settings_reset (settings, oi_keys[i]);
  gtk_window_destroy (window);
  flow_test_wait_ms (50);
}

static gboolean
has_file (gpointer chooser)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (chooser);

  return file != NULL;
}

static void
on_recent_changed (GtkRecentManager *manager,
                   gboolean         *written)
{
  *written = TRUE;
}

static gboolean
is_set (gpointer flag)
{
  return *(gboolean *) flag;
}

static void
test_preferences_sound_chooser_outlives_page (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *page = adw_preferences_page_new ();
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
  /* In the test's own data folder (G_TEST_OPTION_ISOLATE_DIRS), removed after it. */
  g_autofree char *sound = g_build_filename (g_get_user_data_dir (), "chime.oga", NULL);
  g_autoptr(GFile) sound_file = g_file_new_for_path (sound);
  g_autoptr(GFile) directory = g_file_get_parent (sound_file);
  g_autofree char *chosen = NULL;
  GtkWidget *choose = NULL;
  GtkWindow *chooser;
  gboolean recent_written = FALSE;

  g_file_make_directory_with_parents (directory, NULL, NULL);
  g_assert_true (g_file_set_contents (sound, "", 0, NULL));
  g_settings_reset (settings, "alert-sound");
  flow_oi_page_fill_preferences (ADW_PREFERENCES_PAGE (page), settings);
  gtk_window_set_child (window, page);
  gtk_window_present (window);
  flow_test_collect (page, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_icon_name (buttons->pdata[i]), "document-open-symbolic") == 0)
      choose = buttons->pdata[i];
  g_assert_nonnull (choose);

  g_signal_emit_by_name (choose, "clicked");
  /* The fallback GtkFileChooserDialog GtkFileChooserNative shows when there is no portal. */
  chooser = flow_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  g_assert_nonnull (chooser);
  g_object_add_weak_pointer (G_OBJECT (chooser), (gpointer *) &chooser);

  /* Close the preferences before answering: the page goes, the chooser must not need it. */
  g_object_add_weak_pointer (G_OBJECT (page), (gpointer *) &page);
  gtk_window_destroy (window);
  flow_test_wait_ms (50);
  g_assert_null (page);

  g_assert_true (gtk_file_chooser_set_file (GTK_FILE_CHOOSER (chooser), sound_file, NULL));
  g_assert_true (flow_test_wait_until (has_file, chooser, TIMEOUT_MS));
  g_signal_connect_after (gtk_recent_manager_get_default (), "changed",
                          G_CALLBACK (on_recent_changed), &recent_written);
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
  chosen = g_settings_get_string (settings, "alert-sound");
  g_assert_cmpstr (chosen, ==, sound);
  /* Answered, the chooser let go of itself (and of the settings it held). */
  flow_test_wait_ms (50);
  g_assert_null (chooser);
  /* The chooser put the file on the recent list, which GTK writes a moment later into this
   * test's data folder: let it, before the folder goes. */
  g_assert_true (flow_test_wait_until (is_set, &recent_written, TIMEOUT_MS));
  g_signal_handlers_disconnect_by_func (gtk_recent_manager_get_default (), on_recent_changed,
                                        &recent_written);

  g_settings_reset (settings, "alert-sound");
}

/* Screenshots */

static void
test_screenshots (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *directory = g_getenv ("ORDERFLOW_SCREENSHOT_DIR");
  AdwStyleManager *style = adw_style_manager_get_default ();
  GtkWidget *content = adw_window_get_content (ADW_WINDOW (fixture->window));
  g_autofree char *light = NULL;
  g_autofree char *dark = NULL;

  if (directory == NULL)
    {
      g_test_skip ("ORDERFLOW_SCREENSHOT_DIR is not set");
      return;
    }

  start_demo (fixture, QUIET_CLOCK_MS - 8 * MINUTE_MS);
  gtk_widget_grab_focus (GTK_WIDGET (fixture->table));
  flow_test_wait_ms (300);

  light = g_build_filename (directory, "oi-light.png", NULL);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  gtk_test_widget_wait_for_draw (content);
  flow_test_save_screenshot (content, light);

  dark = g_build_filename (directory, "oi-dark.png", NULL);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  flow_test_wait_ms (300);
  gtk_test_widget_wait_for_draw (content);
  flow_test_save_screenshot (content, dark);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkCssProvider) css = NULL;

  /* GTK's file chooser needs the system's MIME data and GTK's own settings schemas, which
   * g_test_init's isolated XDG_DATA_DIRS hides: pin both before it. */
  g_content_type_set_mime_dirs (NULL);
  g_settings_schema_source_get_default ();
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  /* Accessible properties are recorded for the assertions, not sent to a bus. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display\n");
      return 0;
    }
  adw_init ();
  /* No CI sound card: a fake sink that still decodes to the end and reports it. */
  g_setenv ("ORDERFLOW_AUDIO_SINK", "fakesink sync=false", TRUE);
  /* The app's stylesheet, as AdwApplication would load it. */
  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, "/io/github/orderflow/OrderFlow/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  g_test_add_func ("/oi-view/formats", test_formats);
  g_test_add_func ("/oi-view/preferences", test_preferences);
  g_test_add_func ("/oi-view/preferences/sound-chooser-outlives-page",
                   test_preferences_sound_chooser_outlives_page);
#define ADD_PAGE(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD_PAGE ("/oi-view/demo/alert", test_demo_alert);
  ADD_PAGE ("/oi-view/demo/muted", test_demo_muted);
  ADD_PAGE ("/oi-view/demo/quiet", test_demo_quiet);
  ADD_PAGE ("/oi-view/demo/settings", test_settings_reevaluate);
  ADD_PAGE ("/oi-view/demo/not-journaled", test_demo_not_journaled);
  ADD_PAGE ("/oi-view/live/journal", test_live_journal);
  ADD_PAGE ("/oi-view/screenshots", test_screenshots);
#undef ADD_PAGE
#define ADD_TABLE(path, func) g_test_add (path, TableFixture, NULL, table_set_up, func, table_tear_down)
  ADD_TABLE ("/oi-view/table/cells", test_table_cells);
  ADD_TABLE ("/oi-view/table/tooltips", test_table_tooltips);
  ADD_TABLE ("/oi-view/table/keyboard", test_table_keyboard);
  ADD_TABLE ("/oi-view/table/stretch", test_table_stretch);
  ADD_TABLE ("/oi-view/table/stale", test_table_stale);
#undef ADD_TABLE

  return g_test_run ();
}
