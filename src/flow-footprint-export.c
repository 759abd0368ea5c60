/* flow-footprint-export.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "flow-footprint-export"

#include "config.h"

#include <glib/gi18n.h>

#include "flow-footprint-csv.h"
#include "flow-footprint-export.h"
#include "flow-ist.h"

static char *
default_export_name (FlowFootprint *footprint,
                     const char    *instrument,
                     const char    *extension)
{
  gint64 day_start_ms;
  g_autofree char *date = NULL;

  if (!flow_footprint_get_day_start_ms (footprint, &day_start_ms))
    day_start_ms = g_get_real_time () / 1000;
  date = flow_ist_format_date (day_start_ms);
  return g_strdup_printf ("footprint-%s-%s.%s", instrument, date, extension);
}

static gboolean
export_png (FlowFootprintView  *chart,
            GFile              *file,
            GError            **error)
{
  GtkWidget *view = GTK_WIDGET (chart);
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
  flow_footprint_view_draw (chart, cr, width, height);
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
export_csv (FlowFootprint      *footprint,
            GFile              *file,
            GError            **error)
{
  g_autoptr(GString) csv = g_string_new (flow_footprint_csv_header (FLOW_FOOTPRINT_CSV_CELLS));

  flow_footprint_csv_append_rows (csv, footprint, FLOW_FOOTPRINT_CSV_CELLS);
  return g_file_replace_contents (file, csv->str, csv->len, NULL, FALSE,
                                  G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL, error);
}

static void
on_export_response (GtkNativeDialog *dialog,
                    int              response,
                    gpointer         user_data)
{
  FlowFootprintView *view = g_object_get_data (G_OBJECT (dialog), "view");
  gboolean png = GPOINTER_TO_INT (user_data);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      if (!(png ? export_png (view, file, &error)
                : export_csv (flow_footprint_view_get_footprint (view), file, &error)))
        {
          g_autofree char *message = g_strdup_printf (_("Could not export: %s"), error->message);

          if (!gtk_widget_activate_action (GTK_WIDGET (view), "win.toast", "s", message))
            g_message ("%s", message);
        }
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

void
flow_footprint_export (FlowFootprintView *view,
                       const char        *instrument,
                       gboolean           png)
{
  GtkRoot *root;
  g_autofree char *name = NULL;
  GtkFileChooserNative *dialog;

  g_return_if_fail (FLOW_IS_FOOTPRINT_VIEW (view));

  root = gtk_widget_get_root (GTK_WIDGET (view));
  name = default_export_name (flow_footprint_view_get_footprint (view),
                              instrument != NULL ? instrument : "chart", png ? "png" : "csv");
  dialog = gtk_file_chooser_native_new (png ? _("Export Chart as PNG") : _("Export Data as CSV"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  /* The page may go away while the dialog is up; the reference keeps the view valid. */
  g_object_set_data_full (G_OBJECT (dialog), "view", g_object_ref (view), g_object_unref);
  g_signal_connect (dialog, "response", G_CALLBACK (on_export_response), GINT_TO_POINTER (png));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}
