/* flow-footprint-page.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "flow-footprint-page"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>
#include <math.h>

#include "flow-demo-feed.h"
#include "flow-footprint-csv.h"
#include "flow-footprint-page.h"
#include "flow-footprint-view.h"
#include "flow-footprint.h"
#include "flow-ist.h"
#include "flow-journal-reader.h"
#include "flow-journal-writer.h"

/* The interval drop-down offers these; a value set elsewhere (Preferences, an older version)
 * is added to the list rather than shown as something it is not. */
static const guint standard_intervals[] = {
  5, 10, 15, 30, 60, 120, 180, 300, 600, 900, 1200, 1800, 3600,
};

/* Snapshots decoded per read when restoring a journal. */
#define RESTORE_BATCH 4096

struct _FlowFootprintPage
{
  GtkWidget          parent_instance;

  GSettings         *settings;
  FlowFootprint     *footprint;
  FlowFeed          *feed;
  char              *instrument;

  /* Broker feeds only (see the header). */
  gboolean           journaling;
  FlowJournalWriter *writer;
  gint64             writer_day;       /* IST day number of the writer's file */
  gint64             failed_day;       /* a day whose journal could not be opened, else -1 */

  GArray            *interval_values;  /* guint seconds, parallel to the drop-down's list */
  guint              status_idle_id;

  /* Template widgets */
  GtkDropDown       *instrument_dropdown;
  GtkStringList     *instruments;
  GtkDropDown       *interval_dropdown;
  GtkStringList     *intervals;
  GtkSpinButton     *row_spin;
  GtkLabel          *status_label;
  GtkToggleButton   *follow_button;
  FlowFootprintView *view;
};

G_DEFINE_FINAL_TYPE (FlowFootprintPage, flow_footprint_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
show_toast (FlowFootprintPage *self,
            const char        *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
  else
    g_message ("%s", message);
}

/* "1,234,567": volumes are read at a glance, so they get separators. */
static char *
format_thousands (gint64 value)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT,
                                             (guint64) (value < 0 ? -value : value));
  GString *out = g_string_new (value < 0 ? "−" : "");
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}

static char *
format_rupees (gint64 paise)
{
  g_autofree char *rupees = format_thousands (paise / 100);

  return g_strdup_printf ("%s.%02d", rupees, (int) (paise % 100));
}

/* Journal */

static void
close_writer (FlowFootprintPage *self)
{
  g_clear_pointer (&self->writer, flow_journal_writer_free);
}

static void
restore_journal (FlowFootprintPage *self,
                 gint64             now_ms)
{
  g_autofree char *path = flow_journal_default_path (self->instrument, now_ms);
  g_autoptr(FlowJournalReader) reader = NULL;
  g_autoptr(GArray) snapshots = NULL;
  g_autoptr(GError) error = NULL;
  gsize n_read;

  reader = flow_journal_reader_open (path, &error);
  if (reader == NULL)
    {
      if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        show_toast (self, _("Could not restore today’s footprint from its journal"));
      g_debug ("no journal restored from %s: %s", path, error->message);
      return;
    }

  /* Room for the whole day at once: a busy day is a million snapshots. */
  snapshots = g_array_sized_new (FALSE, FALSE, sizeof (FlowSnapshot),
                                 flow_journal_reader_get_n_records (reader) + RESTORE_BATCH);
  do
    {
      gsize old_len = snapshots->len;

      g_array_set_size (snapshots, old_len + RESTORE_BATCH);
      if (!flow_journal_reader_read (reader, &g_array_index (snapshots, FlowSnapshot, old_len),
                                     RESTORE_BATCH, &n_read, &error))
        {
          /* What was read before the damage is still right: show it, and say so. */
          g_warning ("journal %s: %s", path, error->message);
          show_toast (self, _("Today’s footprint journal is damaged; part of the day is missing"));
          n_read = 0;
        }
      g_array_set_size (snapshots, old_len + n_read);
    }
  while (n_read > 0);

  /* One batch: one re-aggregation and one redraw for the whole day. */
  flow_footprint_add_snapshots (self->footprint, (const FlowSnapshot *) snapshots->data,
                                snapshots->len);
  g_debug ("restored %u snapshots from %s", snapshots->len, path);
}

static void
journal_snapshot (FlowFootprintPage  *self,
                  const FlowSnapshot *snapshot)
{
  gint64 day = flow_ist_day_number (snapshot->ts_ms);
  g_autoptr(GError) error = NULL;

  if (self->writer != NULL && self->writer_day != day)
    close_writer (self);

  if (self->writer == NULL)
    {
      g_autofree char *path = NULL;

      if (day == self->failed_day)
        return;
      path = flow_journal_default_path (self->instrument, snapshot->ts_ms);
      self->writer = flow_journal_writer_open (path, self->instrument, &error);
      if (self->writer == NULL)
        {
          /* Typically orderflow-cli record is writing the same journal: the chart still works,
           * and that process keeps the day on disk. Retry only on the next day. */
          self->failed_day = day;
          g_message ("not journaling to %s: %s", path, error->message);
          if (!g_error_matches (error, FLOW_JOURNAL_ERROR, FLOW_JOURNAL_ERROR_BUSY))
            show_toast (self, _("Could not open the footprint journal; today’s data will not be kept"));
          return;
        }
      self->writer_day = day;
    }

  if (!flow_journal_writer_append (self->writer, snapshot, &error))
    {
      g_warning ("journal %s: %s", flow_journal_writer_get_path (self->writer), error->message);
      show_toast (self, _("Could not write the footprint journal; today’s data will not be kept"));
      self->failed_day = day;
      close_writer (self);
    }
}

/* Starts the chart afresh for the current feed and instrument. */
static void
reload (FlowFootprintPage *self)
{
  close_writer (self);
  self->failed_day = -1;
  flow_footprint_clear (self->footprint);
  if (self->journaling)
    restore_journal (self, g_get_real_time () / 1000);
  /* A new day on screen starts at its newest bucket, following it if the settings say so. */
  if (g_settings_get_boolean (self->settings, "follow-live"))
    flow_footprint_view_go_live (self->view);
}

/* Feed */

static void
on_feed_snapshot (FlowFootprintPage *self,
                  gpointer           snapshot,
                  FlowFeed          *feed)
{
  if (self->journaling)
    journal_snapshot (self, snapshot);
  flow_footprint_add_snapshot (self->footprint, snapshot);
}

void
flow_footprint_page_set_feed (FlowFootprintPage *self,
                              FlowFeed          *feed)
{
  g_return_if_fail (FLOW_IS_FOOTPRINT_PAGE (self));
  g_return_if_fail (feed == NULL || FLOW_IS_FEED (feed));

  if (self->feed == feed)
    return;
  if (self->feed != NULL)
    g_signal_handlers_disconnect_by_data (self->feed, self);
  g_set_object (&self->feed, feed);
  self->journaling = feed != NULL && !FLOW_IS_DEMO_FEED (feed);
  if (feed != NULL)
    g_signal_connect_object (feed, "snapshot", G_CALLBACK (on_feed_snapshot), self,
                             G_CONNECT_SWAPPED);
  reload (self);
}

/* Status line */

static gboolean
update_status (gpointer data)
{
  FlowFootprintPage *self = data;
  gint64 first, last, ltp;
  gint64 volume = 0, cum_delta = 0;
  FlowFootprintBucket bucket;
  g_autofree char *ltp_text = NULL;
  g_autofree char *volume_text = NULL;
  g_autofree char *delta_text = NULL;
  g_autofree char *text = NULL;

  self->status_idle_id = 0;
  ltp = flow_footprint_get_last_ltp (self->footprint);
  if (ltp <= 0 || !flow_footprint_get_bucket_range (self->footprint, &first, &last))
    {
      gtk_label_set_text (self->status_label, "");
      return G_SOURCE_REMOVE;
    }

  /* Cumulative delta is carried by the last bucket; the day's volume is the sum. */
  for (gint64 i = first; i <= last; i++)
    if (flow_footprint_get_bucket (self->footprint, i, &bucket))
      {
        volume += bucket.volume;
        cum_delta = bucket.cum_delta;
      }
  ltp_text = format_rupees (ltp);
  volume_text = format_thousands (volume);
  delta_text = format_thousands (cum_delta);
  /* Translators: the footprint status line: last price, day volume, cumulative delta */
  text = g_strdup_printf (_("LTP %s   Volume %s   Cum Δ %s%s"), ltp_text, volume_text,
                          cum_delta > 0 ? "+" : "", delta_text);
  gtk_label_set_text (self->status_label, text);
  return G_SOURCE_REMOVE;
}

static void
on_footprint_changed (FlowFootprintPage *self)
{
  /* A replay emits thousands of changes in one go: summarise once, when idle. */
  if (self->status_idle_id == 0)
    self->status_idle_id = g_idle_add_full (G_PRIORITY_LOW, update_status, self, NULL);
}

/* Settings */

static void
apply_layout (FlowFootprintPage *self)
{
  g_autofree char *open_text = g_settings_get_string (self->settings, "session-open");
  gint64 session_open_ms;

  if (!flow_ist_parse_time_of_day (open_text, &session_open_ms))
    session_open_ms = FLOW_FOOTPRINT_DEFAULT_SESSION_OPEN_MS;
  flow_footprint_set_layout (self->footprint,
                             (gint64) g_settings_get_uint (self->settings, "interval-seconds") * 1000,
                             g_settings_get_uint (self->settings, "row-size-paise"),
                             session_open_ms);
}

static void
apply_imbalance (FlowFootprintPage *self)
{
  flow_footprint_set_imbalance_ratio (self->footprint,
                                      g_settings_get_double (self->settings, "imbalance-ratio"));
  flow_footprint_set_imbalance_min_volume (self->footprint,
                                           g_settings_get_uint (self->settings,
                                                                "imbalance-min-volume"));
}

static char *
interval_label (guint seconds)
{
  if (seconds % 60 == 0)
    return g_strdup_printf (_("%u min"), seconds / 60);
  return g_strdup_printf (_("%u s"), seconds);
}

static guint
interval_position (FlowFootprintPage *self,
                   guint              seconds)
{
  guint pos;

  for (pos = 0; pos < self->interval_values->len; pos++)
    {
      guint value = g_array_index (self->interval_values, guint, pos);

      if (value == seconds)
        return pos;
      if (value > seconds)
        break;
    }

  {
    g_autofree char *label = interval_label (seconds);
    const char *additions[] = { label, NULL };

    g_array_insert_val (self->interval_values, pos, seconds);
    gtk_string_list_splice (self->intervals, pos, 0, additions);
  }
  return pos;
}

static void
sync_interval_dropdown (FlowFootprintPage *self)
{
  guint seconds = g_settings_get_uint (self->settings, "interval-seconds");

  gtk_drop_down_set_selected (self->interval_dropdown, interval_position (self, seconds));
}

static void
on_interval_selected (FlowFootprintPage *self)
{
  guint pos = gtk_drop_down_get_selected (self->interval_dropdown);

  if (pos < self->interval_values->len)
    g_settings_set_uint (self->settings, "interval-seconds",
                         g_array_index (self->interval_values, guint, pos));
}

static void
sync_instrument_dropdown (FlowFootprintPage *self)
{
  GListModel *model = G_LIST_MODEL (self->instruments);
  guint n = g_list_model_get_n_items (model);
  guint pos;

  for (pos = 0; pos < n; pos++)
    if (g_strcmp0 (gtk_string_list_get_string (self->instruments, pos), self->instrument) == 0)
      break;
  if (pos == n)
    gtk_string_list_append (self->instruments, self->instrument);
  gtk_drop_down_set_selected (self->instrument_dropdown, pos);
}

static void
on_instrument_selected (FlowFootprintPage *self)
{
  guint pos = gtk_drop_down_get_selected (self->instrument_dropdown);
  const char *name = gtk_string_list_get_string (self->instruments, pos);

  if (name != NULL)
    g_settings_set_string (self->settings, "instrument", name);
}

static void
on_settings_changed (FlowFootprintPage *self,
                     const char        *key,
                     GSettings         *settings)
{
  if (g_str_equal (key, "interval-seconds"))
    {
      sync_interval_dropdown (self);
      apply_layout (self);
    }
  else if (g_str_equal (key, "row-size-paise") || g_str_equal (key, "session-open"))
    apply_layout (self);
  else if (g_str_equal (key, "imbalance-ratio") || g_str_equal (key, "imbalance-min-volume"))
    apply_imbalance (self);
  else if (g_str_equal (key, "instrument"))
    {
      g_autofree char *instrument = g_settings_get_string (settings, "instrument");

      if (g_strcmp0 (instrument, self->instrument) == 0)
        return;
      g_free (self->instrument);
      self->instrument = g_steal_pointer (&instrument);
      sync_instrument_dropdown (self);
      /* The demo simulates one market whatever the instrument: keep its day. A broker feed is
       * resubscribed by the window; show the new instrument's journal meanwhile. */
      if (self->journaling)
        reload (self);
    }
}

/* Row size: rupees in the spin button, paise in GSettings. */
static gboolean
row_get_mapping (GValue   *value,
                 GVariant *variant,
                 gpointer  user_data)
{
  g_value_set_double (value, g_variant_get_uint32 (variant) / 100.0);
  return TRUE;
}

static GVariant *
row_set_mapping (const GValue       *value,
                 const GVariantType *expected_type,
                 gpointer            user_data)
{
  /* A multiple of 5 paise: typing 0.07 gives 0.05, 0.08 gives 0.10. */
  gint64 paise = (gint64) (round (g_value_get_double (value) * 20.0)) * 5;

  return g_variant_new_uint32 ((guint32) CLAMP (paise, 5, 100000));
}

/* Actions */

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FlowFootprintPage *self = FLOW_FOOTPRINT_PAGE (widget);

  /* As + and − on the chart: time. Control with the wheel or the keys zooms price. */
  if (g_str_equal (action_name, "footprint.zoom-in"))
    flow_footprint_view_zoom (self->view, 1.25, 1, -1, -1);
  else if (g_str_equal (action_name, "footprint.zoom-out"))
    flow_footprint_view_zoom (self->view, 0.8, 1, -1, -1);
  else
    flow_footprint_view_reset_zoom (self->view, TRUE, TRUE);
}

static char *
default_export_name (FlowFootprintPage *self,
                     const char        *extension)
{
  gint64 day_start_ms;
  g_autofree char *date = NULL;

  if (!flow_footprint_get_day_start_ms (self->footprint, &day_start_ms))
    day_start_ms = g_get_real_time () / 1000;
  date = flow_ist_format_date (day_start_ms);
  return g_strdup_printf ("footprint-%s-%s.%s", self->instrument, date, extension);
}

static gboolean
export_png (FlowFootprintPage  *self,
            GFile              *file,
            GError            **error)
{
  GtkWidget *view = GTK_WIDGET (self->view);
  int width = MAX (gtk_widget_get_width (view), 1);
  int height = MAX (gtk_widget_get_height (view), 1);
  int scale = gtk_widget_get_scale_factor (view);
  g_autofree char *path = g_file_get_path (file);
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width * scale, height * scale);
  cairo_surface_set_device_scale (surface, scale, scale);
  cr = cairo_create (surface);
  flow_footprint_view_draw (self->view, cr, width, height);
  cairo_destroy (cr);
  status = path != NULL ? cairo_surface_write_to_png (surface, path) : CAIRO_STATUS_WRITE_ERROR;
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

/* The cell form of `orderflow-cli footprint`, for the whole day at the current layout. */
static gboolean
export_csv (FlowFootprintPage  *self,
            GFile              *file,
            GError            **error)
{
  g_autoptr(GString) csv = g_string_new (flow_footprint_csv_header (FLOW_FOOTPRINT_CSV_CELLS));

  flow_footprint_csv_append_rows (csv, self->footprint, FLOW_FOOTPRINT_CSV_CELLS);
  return g_file_replace_contents (file, csv->str, csv->len, NULL, FALSE,
                                  G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL, error);
}

static void
on_export_response (GtkNativeDialog *dialog,
                    int              response,
                    gpointer         user_data)
{
  FlowFootprintPage *self = g_object_get_data (G_OBJECT (dialog), "page");
  gboolean png = GPOINTER_TO_INT (user_data);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      if (!(png ? export_png (self, file, &error) : export_csv (self, file, &error)))
        {
          g_autofree char *message = g_strdup_printf (_("Could not export: %s"), error->message);

          show_toast (self, message);
        }
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FlowFootprintPage *self = FLOW_FOOTPRINT_PAGE (widget);
  gboolean png = g_str_equal (action_name, "footprint.export-png");
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *name = default_export_name (self, png ? "png" : "csv");
  GtkFileChooserNative *dialog;

  dialog = gtk_file_chooser_native_new (png ? _("Export Chart as PNG") : _("Export Data as CSV"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  /* The page may go away while the dialog is up; the reference keeps it valid. */
  g_object_set_data_full (G_OBJECT (dialog), "page", g_object_ref (self), g_object_unref);
  g_signal_connect (dialog, "response", G_CALLBACK (on_export_response), GINT_TO_POINTER (png));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* Life cycle */

GtkWidget *
flow_footprint_page_new (GSettings *settings)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  return g_object_new (FLOW_TYPE_FOOTPRINT_PAGE, "settings", settings, NULL);
}

static void
flow_footprint_page_constructed (GObject *object)
{
  FlowFootprintPage *self = FLOW_FOOTPRINT_PAGE (object);

  G_OBJECT_CLASS (flow_footprint_page_parent_class)->constructed (object);

  self->instrument = g_settings_get_string (self->settings, "instrument");
  sync_instrument_dropdown (self);
  sync_interval_dropdown (self);
  apply_layout (self);
  apply_imbalance (self);

  g_signal_connect_object (self->settings, "changed", G_CALLBACK (on_settings_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->instrument_dropdown, "notify::selected",
                           G_CALLBACK (on_instrument_selected), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->interval_dropdown, "notify::selected",
                           G_CALLBACK (on_interval_selected), self, G_CONNECT_SWAPPED);
  g_settings_bind_with_mapping (self->settings, "row-size-paise", self->row_spin, "value",
                                G_SETTINGS_BIND_DEFAULT, row_get_mapping, row_set_mapping,
                                NULL, NULL);
  /* The key is how the chart starts; panning away during a session is not a preference. */
  g_settings_bind (self->settings, "follow-live", self->view, "follow-live",
                   G_SETTINGS_BIND_GET | G_SETTINGS_BIND_GET_NO_CHANGES);
  g_object_bind_property (self->view, "follow-live", self->follow_button, "active",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
}

static void
flow_footprint_page_dispose (GObject *object)
{
  FlowFootprintPage *self = FLOW_FOOTPRINT_PAGE (object);

  if (self->feed != NULL)
    g_signal_handlers_disconnect_by_data (self->feed, self);
  g_clear_object (&self->feed);
  close_writer (self);
  g_clear_handle_id (&self->status_idle_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), FLOW_TYPE_FOOTPRINT_PAGE);
  /* GTK 4.8 unparents only bound template children; the toolbar box is not one. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (flow_footprint_page_parent_class)->dispose (object);
}

static void
flow_footprint_page_finalize (GObject *object)
{
  FlowFootprintPage *self = FLOW_FOOTPRINT_PAGE (object);

  g_clear_object (&self->footprint);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->interval_values, g_array_unref);
  g_free (self->instrument);
  G_OBJECT_CLASS (flow_footprint_page_parent_class)->finalize (object);
}

static void
flow_footprint_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  FlowFootprintPage *self = FLOW_FOOTPRINT_PAGE (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
flow_footprint_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  FlowFootprintPage *self = FLOW_FOOTPRINT_PAGE (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
flow_footprint_page_class_init (FlowFootprintPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = flow_footprint_page_constructed;
  object_class->dispose = flow_footprint_page_dispose;
  object_class->finalize = flow_footprint_page_finalize;
  object_class->set_property = flow_footprint_page_set_property;
  object_class->get_property = flow_footprint_page_get_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (FLOW_TYPE_FOOTPRINT_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/orderflow/OrderFlow/ui/flow-footprint-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FlowFootprintPage, instrument_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FlowFootprintPage, instruments);
  gtk_widget_class_bind_template_child (widget_class, FlowFootprintPage, interval_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FlowFootprintPage, intervals);
  gtk_widget_class_bind_template_child (widget_class, FlowFootprintPage, row_spin);
  gtk_widget_class_bind_template_child (widget_class, FlowFootprintPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, FlowFootprintPage, follow_button);
  gtk_widget_class_bind_template_child (widget_class, FlowFootprintPage, view);

  gtk_widget_class_install_action (widget_class, "footprint.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "footprint.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "footprint.zoom-reset", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "footprint.export-png", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "footprint.export-csv", NULL, export_action);

  gtk_widget_class_set_css_name (widget_class, "footprintpage");
}

static void
flow_footprint_page_init (FlowFootprintPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->failed_day = -1;
  self->interval_values = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < G_N_ELEMENTS (standard_intervals); i++)
    {
      g_autofree char *label = interval_label (standard_intervals[i]);

      g_array_append_val (self->interval_values, standard_intervals[i]);
      gtk_string_list_append (self->intervals, label);
    }

  self->footprint = flow_footprint_new ();
  flow_footprint_view_set_footprint (self->view, self->footprint);
  g_signal_connect_object (self->footprint, "changed", G_CALLBACK (on_footprint_changed), self,
                           G_CONNECT_SWAPPED);
}
