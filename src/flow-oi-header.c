/* flow-oi-header.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "flow-oi-header"

#include "config.h"

#include <glib/gi18n.h>

#include "flow-ist.h"
#include "flow-oi-header.h"
#include "flow-oi-session.h"
#include "flow-oi-table.h"

struct _FlowOiHeader
{
  GtkWidget        parent_instance;

  /* Template widgets */
  GtkDropDown     *underlying_dropdown;
  GtkStringList   *underlying_model;
  GtkLabel        *spot_label;
  GtkLabel        *atm_label;
  GtkDropDown     *expiry_dropdown;
  GtkStringList   *expiry_model;
  GtkLabel        *pcr_label;
  GtkLabel        *updated_label;
  GtkLabel        *countdown_label;
  GtkWidget       *flagged_box;
  GtkLabel        *flagged_label;
  GtkLevelBar     *flagged_level;
  GtkToggleButton *mute_button;

  char           **expiry_items;    /* the expiry drop-down's dates, after its "nearest" item */
  gboolean         updating_expiries;
  gboolean         updating_underlying;
};

G_DEFINE_FINAL_TYPE (FlowOiHeader, flow_oi_header, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MUTED,
  N_PROPS
};

enum {
  EXPIRY_CHOSEN,
  UNDERLYING_CHOSEN,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Expiries */

static char *
format_expiry (const char *expiry)
{
  g_autoptr(GDateTime) date = NULL;
  gint64 day_start_ms;

  if (!flow_ist_parse_date (expiry, &day_start_ms))
    return g_strdup (expiry);
  /* Noon IST of that day, read as UTC, lands on the same calendar date. */
  date = g_date_time_new_from_unix_utc ((day_start_ms + FLOW_IST_OFFSET_MS) / 1000 + 12 * 3600);
  /* TRANSLATORS: an expiry date in the drop-down, see g_date_time_format(): "Tue 24 Nov" */
  return g_date_time_format (date, _("%a %-d %b"));
}

/* Rebuilds the drop-down only when its items change, keeping the selection on @pinned. */
void
flow_oi_header_set_expiries (FlowOiHeader       *self,
                             const char * const *dates,
                             const char         *shown,
                             const char         *pinned)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *nearest_label = NULL;
  gboolean follows_nearest = g_strcmp0 (pinned, FLOW_OI_SESSION_EXPIRY_NEAREST) == 0;
  guint selected = 0;

  g_return_if_fail (FLOW_IS_OI_HEADER (self));
  g_return_if_fail (dates != NULL);

  if (follows_nearest && shown != NULL)
    {
      g_autofree char *date = format_expiry (shown);

      /* TRANSLATORS: the automatic expiry choice, with the date it resolves to */
      nearest_label = g_strdup_printf (_("Nearest · %s"), date);
    }
  else
    nearest_label = g_strdup (_("Nearest"));
  g_ptr_array_add (labels, g_steal_pointer (&nearest_label));
  for (guint i = 0; dates[i] != NULL; i++)
    {
      g_ptr_array_add (labels, format_expiry (dates[i]));
      if (g_strcmp0 (dates[i], pinned) == 0)
        selected = i + 1;
    }
  g_ptr_array_add (labels, NULL);

  self->updating_expiries = TRUE;
  if (self->expiry_items == NULL ||
      !g_strv_equal ((const char * const *) self->expiry_items, dates) ||
      g_list_model_get_n_items (G_LIST_MODEL (self->expiry_model)) == 0 ||
      g_strcmp0 (gtk_string_list_get_string (self->expiry_model, 0), labels->pdata[0]) != 0)
    {
      gtk_string_list_splice (self->expiry_model, 0,
                              g_list_model_get_n_items (G_LIST_MODEL (self->expiry_model)),
                              (const char * const *) labels->pdata);
      g_strfreev (self->expiry_items);
      self->expiry_items = g_strdupv ((char **) dates);
    }
  gtk_drop_down_set_selected (self->expiry_dropdown, selected);
  self->updating_expiries = FALSE;
}

static void
on_expiry_selected (FlowOiHeader *self,
                    GParamSpec   *pspec,
                    GtkDropDown  *dropdown)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (self->updating_expiries || selected == GTK_INVALID_LIST_POSITION)
    return;
  if (selected == 0 || self->expiry_items == NULL)
    g_signal_emit (self, signals[EXPIRY_CHOSEN], 0, FLOW_OI_SESSION_EXPIRY_NEAREST);
  else if (selected - 1 < g_strv_length (self->expiry_items))
    g_signal_emit (self, signals[EXPIRY_CHOSEN], 0, self->expiry_items[selected - 1]);
}

/* Underlying */

void
flow_oi_header_set_underlying (FlowOiHeader *self,
                               const char   *underlying)
{
  guint n;
  guint pos;

  g_return_if_fail (FLOW_IS_OI_HEADER (self));
  g_return_if_fail (underlying != NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->underlying_model));
  for (pos = 0; pos < n; pos++)
    if (g_strcmp0 (gtk_string_list_get_string (self->underlying_model, pos), underlying) == 0)
      break;
  self->updating_underlying = TRUE;
  /* A name set elsewhere (the command line, an older list) is shown as it is. */
  if (pos == n)
    gtk_string_list_append (self->underlying_model, underlying);
  gtk_drop_down_set_selected (self->underlying_dropdown, pos);
  self->updating_underlying = FALSE;
}

static void
on_underlying_selected (FlowOiHeader *self)
{
  guint pos = gtk_drop_down_get_selected (self->underlying_dropdown);
  const char *name = gtk_string_list_get_string (self->underlying_model, pos);

  if (!self->updating_underlying && name != NULL)
    g_signal_emit (self, signals[UNDERLYING_CHOSEN], 0, name);
}

/* Figures */

static char *
format_price (double price)
{
  g_autofree char *whole = flow_oi_format_quantity ((gint64) price, FLOW_OI_FORMAT_FULL);
  int paise = (int) ((price - (gint64) price) * 100 + 0.5);

  if (paise >= 100)
    {
      g_free (whole);
      whole = flow_oi_format_quantity ((gint64) price + 1, FLOW_OI_FORMAT_FULL);
      paise = 0;
    }
  return g_strdup_printf ("%s.%02d", whole, paise);
}

void
flow_oi_header_set_report (FlowOiHeader       *self,
                           const FlowOiReport *report)
{
  g_return_if_fail (FLOW_IS_OI_HEADER (self));

  if (report == NULL)
    {
      GtkLabel *labels[] = { self->spot_label, self->atm_label,
                             self->pcr_label, self->updated_label, self->flagged_label };

      /* Before the first chain of a source, nothing is known. */
      for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
        gtk_label_set_text (labels[i], "—");
      gtk_label_set_text (self->countdown_label, "");
      gtk_level_bar_set_value (self->flagged_level, 0);
      gtk_widget_remove_css_class (self->flagged_box, "oi-alert");
      return;
    }

  {

  g_autofree char *spot = format_price (report->spot);
  g_autofree char *atm = report->has_atm ? flow_oi_format_quantity ((gint64) report->atm,
                                                                    FLOW_OI_FORMAT_FULL)
                                         : g_strdup ("—");
  g_autofree char *pcr = report->has_pcr ? g_strdup_printf ("%.2f", report->pcr) : g_strdup ("—");
  g_autofree char *updated = flow_ist_format_time (report->time_ms);
  g_autofree char *flagged = g_strdup_printf ("%u / %u", report->highlighted, report->cells);
  g_autofree char *flagged_tip =
    g_strdup_printf (_("%u of %u cells past their threshold; the alert sounds above %g%%"),
                     report->highlighted, report->cells, report->settings.alert_ratio * 100);

  gtk_label_set_text (self->spot_label, spot);
  gtk_label_set_text (self->atm_label, atm);
  gtk_label_set_text (self->pcr_label, pcr);
  gtk_label_set_text (self->updated_label, updated);
  gtk_label_set_text (self->flagged_label, flagged);
  /* The bar fills towards the alert ratio in the accent colour and turns red past it. */
  gtk_level_bar_add_offset_value (self->flagged_level, "oi-calm", report->settings.alert_ratio);
  gtk_level_bar_set_value (self->flagged_level,
                           report->cells > 0 ? (double) report->highlighted / report->cells : 0);
  gtk_widget_set_tooltip_text (self->flagged_box, flagged_tip);
  if (report->alert)
    gtk_widget_add_css_class (self->flagged_box, "oi-alert");
  else
    gtk_widget_remove_css_class (self->flagged_box, "oi-alert");
  }
}

void
flow_oi_header_set_countdown (FlowOiHeader *self,
                              const char   *text,
                              gboolean      warning)
{
  g_return_if_fail (FLOW_IS_OI_HEADER (self));

  gtk_label_set_text (self->countdown_label, text != NULL ? text : "");
  if (warning)
    gtk_widget_add_css_class (GTK_WIDGET (self->countdown_label), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->countdown_label), "warning");
}

/* The mute button */

static void
on_muted_changed (FlowOiHeader    *self,
                  GParamSpec      *pspec,
                  GtkToggleButton *button)
{
  gboolean muted = gtk_toggle_button_get_active (button);

  gtk_button_set_icon_name (GTK_BUTTON (button),
                            muted ? "audio-volume-muted-symbolic" : "audio-volume-high-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (button),
                               muted ? _("Unmute the OI alert") : _("Mute the OI alert"));
}

gboolean
flow_oi_header_get_muted (FlowOiHeader *self)
{
  g_return_val_if_fail (FLOW_IS_OI_HEADER (self), FALSE);
  return gtk_toggle_button_get_active (self->mute_button);
}

void
flow_oi_header_set_muted (FlowOiHeader *self,
                          gboolean      muted)
{
  g_return_if_fail (FLOW_IS_OI_HEADER (self));
  gtk_toggle_button_set_active (self->mute_button, muted);
}

/* GObject */

static void
flow_oi_header_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), FLOW_TYPE_OI_HEADER);
  /* GTK 4.8 unparents only bound template children; the flow box of figures is not one. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL;)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (flow_oi_header_parent_class)->dispose (object);
}

static void
flow_oi_header_finalize (GObject *object)
{
  g_strfreev (FLOW_OI_HEADER (object)->expiry_items);
  G_OBJECT_CLASS (flow_oi_header_parent_class)->finalize (object);
}

static void
flow_oi_header_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_MUTED:
      g_value_set_boolean (value, flow_oi_header_get_muted (FLOW_OI_HEADER (object)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
flow_oi_header_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_MUTED:
      flow_oi_header_set_muted (FLOW_OI_HEADER (object), g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
flow_oi_header_class_init (FlowOiHeaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = flow_oi_header_dispose;
  object_class->finalize = flow_oi_header_finalize;
  object_class->get_property = flow_oi_header_get_property;
  object_class->set_property = flow_oi_header_set_property;

  properties[PROP_MUTED] =
    g_param_spec_boolean ("muted", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The user picked an expiry: "nearest" or a YYYY-MM-DD date. */
  signals[EXPIRY_CHOSEN] =
    g_signal_new ("expiry-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* The user picked an underlying from the drop-down. */
  signals[UNDERLYING_CHOSEN] =
    g_signal_new ("underlying-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/orderflow/OrderFlow/ui/flow-oi-header.ui");
  gtk_widget_class_bind_template_child (widget_class, FlowOiHeader, underlying_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FlowOiHeader, underlying_model);
  gtk_widget_class_bind_template_child (widget_class, FlowOiHeader, spot_label);
  gtk_widget_class_bind_template_child (widget_class, FlowOiHeader, atm_label);
  gtk_widget_class_bind_template_child (widget_class, FlowOiHeader, expiry_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FlowOiHeader, expiry_model);
  gtk_widget_class_bind_template_child (widget_class, FlowOiHeader, pcr_label);
  gtk_widget_class_bind_template_child (widget_class, FlowOiHeader, updated_label);
  gtk_widget_class_bind_template_child (widget_class, FlowOiHeader, countdown_label);
  gtk_widget_class_bind_template_child (widget_class, FlowOiHeader, flagged_box);
  gtk_widget_class_bind_template_child (widget_class, FlowOiHeader, flagged_label);
  gtk_widget_class_bind_template_child (widget_class, FlowOiHeader, flagged_level);
  gtk_widget_class_bind_template_child (widget_class, FlowOiHeader, mute_button);

  gtk_widget_class_set_css_name (widget_class, "oi-header");
}

static void
on_mute_toggled (FlowOiHeader *self)
{
  on_muted_changed (self, NULL, self->mute_button);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MUTED]);
}

static void
flow_oi_header_init (FlowOiHeader *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (self->expiry_dropdown, "notify::selected",
                           G_CALLBACK (on_expiry_selected), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->underlying_dropdown, "notify::selected",
                           G_CALLBACK (on_underlying_selected), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->mute_button, "notify::active",
                           G_CALLBACK (on_mute_toggled), self, G_CONNECT_SWAPPED);
  gtk_level_bar_remove_offset_value (self->flagged_level, GTK_LEVEL_BAR_OFFSET_LOW);
  gtk_level_bar_remove_offset_value (self->flagged_level, GTK_LEVEL_BAR_OFFSET_HIGH);
  gtk_level_bar_remove_offset_value (self->flagged_level, GTK_LEVEL_BAR_OFFSET_FULL);
  gtk_level_bar_add_offset_value (self->flagged_level, "oi-alert", 1);
  flow_oi_header_set_report (self, NULL);
}
