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

#include "flow-footprint-export.h"
#include "flow-footprint-page.h"
#include "flow-footprint-view.h"
#include "flow-format.h"
#include "flow-interval-drop-down.h"
#include "flow-ist.h"

struct _FlowFootprintPage
{
  GtkWidget          parent_instance;

  FlowMarketSession *session;
  GSettings         *settings;
  /* The session's recorder model: the chart of the footprint feed. */
  FlowFootprint     *footprint;

  guint              status_idle_id;
  gboolean           syncing_row;     /* the spin button shows the row, not the user's edit */
  GBindingGroup     *feed_bindings;   /* the footprint feed's tick → the view */

  /* Template widgets */
  GtkDropDown       *instrument_dropdown;
  GtkStringList     *instruments;
  FlowIntervalDropDown *interval_dropdown;
  GtkSpinButton     *row_spin;
  GtkToggleButton   *row_auto_button;
  GtkLabel          *status_label;
  GtkToggleButton   *follow_button;
  GtkToggleButton   *profile_button;
  FlowFootprintView *view;
};

G_DEFINE_FINAL_TYPE (FlowFootprintPage, flow_footprint_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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
  ltp_text = flow_format_rupees (ltp);
  volume_text = flow_format_grouped (volume);
  delta_text = flow_format_grouped (cum_delta);
  /* Translators: the footprint status line: last price, day volume, cumulative delta */
  text = g_strdup_printf (_("LTP %s   Volume %s   Cum Δ %s%s"), ltp_text, volume_text,
                          cum_delta > 0 ? "+" : "", delta_text);
  gtk_label_set_text (self->status_label, text);
  return G_SOURCE_REMOVE;
}

/* The spin button shows the row in force, automatic or manual. */
static void
sync_row_spin (FlowFootprintPage *self)
{
  double rupees = flow_footprint_get_row (self->footprint) / 100.0;

  if (gtk_spin_button_get_value (self->row_spin) == rupees)
    return;
  self->syncing_row = TRUE;
  gtk_spin_button_set_value (self->row_spin, rupees);
  self->syncing_row = FALSE;
}

static void
on_footprint_changed (FlowFootprintPage *self)
{
  sync_row_spin (self);
  /* A replay emits thousands of changes in one go: summarise once, when idle. */
  if (self->status_idle_id == 0)
    self->status_idle_id = g_idle_add_full (G_PRIORITY_LOW, update_status, self, NULL);
}

/* Settings */

static void
sync_instrument_dropdown (FlowFootprintPage *self)
{
  g_autofree char *instrument = g_settings_get_string (self->settings, "instrument");
  GListModel *model = G_LIST_MODEL (self->instruments);
  guint n = g_list_model_get_n_items (model);
  guint pos;

  for (pos = 0; pos < n; pos++)
    if (g_strcmp0 (gtk_string_list_get_string (self->instruments, pos), instrument) == 0)
      break;
  if (pos == n)
    gtk_string_list_append (self->instruments, instrument);
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
  if (g_str_equal (key, "instrument"))
    /* The session subscribes the new instrument; the page only shows the choice. */
    sync_instrument_dropdown (self);
}

/* Row size: rupees in the spin button, paise in GSettings. A size typed or stepped is a
 * manual choice: it turns Auto off (Auto keeps row-size-paise, so the manual size returns). */
static void
on_row_spin_changed (FlowFootprintPage *self)
{
  /* A multiple of 5 paise: typing 0.07 gives 0.05, 0.08 gives 0.10. */
  gint64 paise = (gint64) (round (gtk_spin_button_get_value (self->row_spin) * 20.0)) * 5;

  if (self->syncing_row || self->settings == NULL)
    return;
  g_settings_set_boolean (self->settings, "row-size-auto", FALSE);
  g_settings_set_uint (self->settings, "row-size-paise", (guint) CLAMP (paise, 5, 100000));
}

static void
on_auto_row (FlowFootprintPage *self)
{
  flow_market_session_set_auto_row (self->session, flow_footprint_view_get_auto_row (self->view));
}

/* The automatic row counts in the tick of the contract streamed. */
static void
on_footprint_feed (FlowFootprintPage *self)
{
  g_binding_group_set_source (self->feed_bindings,
                              flow_market_session_get_footprint_feed (self->session));
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

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FlowFootprintPage *self = FLOW_FOOTPRINT_PAGE (widget);

  if (self->session == NULL)
    return;
  flow_footprint_export (self->view,
                         flow_footprint_recorder_get_instrument (flow_market_session_get_recorder (self->session)),
                         g_str_equal (action_name, "footprint.export-png"));
}

/* Life cycle */

/* A new day on screen (another feed, a restored journal) starts at its newest bucket,
 * following it if the settings say so. */
static void
on_restored (FlowFootprintPage *self)
{
  if (g_settings_get_boolean (self->settings, "follow-live"))
    flow_footprint_view_go_live (self->view);
}

void
flow_footprint_page_set_session (FlowFootprintPage *self,
                                 FlowMarketSession *session)
{
  FlowFootprintRecorder *recorder;

  g_return_if_fail (FLOW_IS_FOOTPRINT_PAGE (self));
  g_return_if_fail (FLOW_IS_MARKET_SESSION (session));
  g_return_if_fail (self->session == NULL);

  self->session = g_object_ref (session);
  self->settings = g_object_ref (flow_market_session_get_settings (session));
  recorder = flow_market_session_get_recorder (session);
  self->footprint = g_object_ref (flow_footprint_recorder_get_footprint (recorder));
  flow_footprint_view_set_footprint (self->view, self->footprint);
  g_signal_connect_object (self->footprint, "changed", G_CALLBACK (on_footprint_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (recorder, "restored", G_CALLBACK (on_restored), self,
                           G_CONNECT_SWAPPED);

  sync_instrument_dropdown (self);

  g_signal_connect_object (self->settings, "changed", G_CALLBACK (on_settings_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->instrument_dropdown, "notify::selected",
                           G_CALLBACK (on_instrument_selected), self, G_CONNECT_SWAPPED);
  g_settings_bind (self->settings, "interval-seconds", self->interval_dropdown, "seconds",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "row-size-auto", self->row_auto_button, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "show-volume-profile", self->profile_button, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "show-volume-profile", self->view, "show-profile",
                   G_SETTINGS_BIND_GET);
  sync_row_spin (self);
  g_signal_connect_object (self->row_spin, "value-changed", G_CALLBACK (on_row_spin_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view, "notify::auto-row", G_CALLBACK (on_auto_row), self,
                           G_CONNECT_SWAPPED);
  self->feed_bindings = g_binding_group_new ();
  g_binding_group_bind (self->feed_bindings, "tick-size", self->view, "tick-size",
                        G_BINDING_SYNC_CREATE);
  g_signal_connect_object (session, "notify::footprint-feed", G_CALLBACK (on_footprint_feed),
                           self, G_CONNECT_SWAPPED);
  on_footprint_feed (self);
  /* The key is how the chart starts; panning away during a session is not a preference. */
  g_settings_bind (self->settings, "follow-live", self->view, "follow-live",
                   G_SETTINGS_BIND_GET | G_SETTINGS_BIND_GET_NO_CHANGES);
  g_object_bind_property (self->view, "follow-live", self->follow_button, "active",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

FlowMarketSession *
flow_footprint_page_get_session (FlowFootprintPage *self)
{
  g_return_val_if_fail (FLOW_IS_FOOTPRINT_PAGE (self), NULL);
  return self->session;
}

static void
flow_footprint_page_dispose (GObject *object)
{
  FlowFootprintPage *self = FLOW_FOOTPRINT_PAGE (object);

  g_clear_handle_id (&self->status_idle_id, g_source_remove);
  if (self->feed_bindings != NULL)
    g_binding_group_set_source (self->feed_bindings, NULL);
  g_clear_object (&self->feed_bindings);
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
  g_clear_object (&self->session);
  G_OBJECT_CLASS (flow_footprint_page_parent_class)->finalize (object);
}

static void
flow_footprint_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_SESSION:
      flow_footprint_page_set_session (FLOW_FOOTPRINT_PAGE (object), g_value_get_object (value));
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
  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, FLOW_FOOTPRINT_PAGE (object)->session);
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

  object_class->dispose = flow_footprint_page_dispose;
  object_class->finalize = flow_footprint_page_finalize;
  object_class->set_property = flow_footprint_page_set_property;
  object_class->get_property = flow_footprint_page_get_property;

  /* Set once: the page shows that session's footprint feed and recorder. */
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, FLOW_TYPE_MARKET_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (FLOW_TYPE_FOOTPRINT_VIEW);
  g_type_ensure (FLOW_TYPE_INTERVAL_DROP_DOWN);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/orderflow/OrderFlow/ui/flow-footprint-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FlowFootprintPage, instrument_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FlowFootprintPage, instruments);
  gtk_widget_class_bind_template_child (widget_class, FlowFootprintPage, interval_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FlowFootprintPage, row_spin);
  gtk_widget_class_bind_template_child (widget_class, FlowFootprintPage, row_auto_button);
  gtk_widget_class_bind_template_child (widget_class, FlowFootprintPage, profile_button);
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
}
