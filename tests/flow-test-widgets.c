/* flow-test-widgets.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "flow-test-widgets.h"

#include "flow-test-loop.h"

/* How often the waits below look again. */
#define POLL_MS 10

GtkWidget *
flow_test_find_widget (GtkWidget           *root,
                       FlowTestWidgetMatch  match,
                       gconstpointer        data)
{
  if (match (root, data))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = flow_test_find_widget (child, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
has_type (GtkWidget     *widget,
          gconstpointer  data)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (data));
}

GtkWidget *
flow_test_find_by_type (GtkWidget *root,
                        GType      type)
{
  return flow_test_find_widget (root, has_type, GSIZE_TO_POINTER (type));
}

void
flow_test_collect (GtkWidget *root,
                   GType      type,
                   GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    g_ptr_array_add (found, root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    flow_test_collect (child, type, found);
}

static gboolean
is_drawn_label (GtkWidget     *widget,
                gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && gtk_widget_is_drawable (widget) &&
         g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0;
}

GtkWidget *
flow_test_find_label (GtkWidget  *root,
                      const char *text)
{
  return flow_test_find_widget (root, is_drawn_label, text);
}

static gboolean
has_prefix (GtkWidget     *widget,
            gconstpointer  prefix)
{
  return GTK_IS_LABEL (widget) &&
         g_str_has_prefix (gtk_label_get_label (GTK_LABEL (widget)), prefix);
}

GtkWidget *
flow_test_find_label_with_prefix (GtkWidget  *root,
                                  const char *prefix)
{
  return flow_test_find_widget (root, has_prefix, prefix);
}

GtkWidget *
flow_test_wait_for_label (GtkWidget  *root,
                          const char *prefix,
                          guint       timeout_ms)
{
  for (guint i = 0; i < timeout_ms / POLL_MS; i++)
    {
      GtkWidget *label = flow_test_find_label_with_prefix (root, prefix);

      if (label != NULL && gtk_widget_is_drawable (label))
        return label;
      flow_test_wait_ms (POLL_MS);
    }
  return NULL;
}

GtkWindow *
flow_test_find_toplevel (GType type)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

GtkWindow *
flow_test_wait_for_toplevel (GType type,
                             guint timeout_ms)
{
  for (guint i = 0; i < timeout_ms / POLL_MS; i++)
    {
      GtkWindow *window = flow_test_find_toplevel (type);

      if (window != NULL)
        return window;
      flow_test_wait_ms (POLL_MS);
    }
  return NULL;
}

void
flow_test_close_toplevel (GtkWindow *window)
{
  gtk_window_destroy (window);
  flow_test_wait_ms (50);
}

gboolean
flow_test_widget_is_shown (gpointer widget)
{
  return gtk_widget_get_width (widget) > 0 && gtk_widget_get_mapped (widget);
}

void
flow_test_save_screenshot (GtkWidget  *widget,
                           const char *path)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GdkRGBA background;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (!gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), "window_bg_color",
                                       &background))
    gdk_rgba_parse (&background, "#fafafa");
  G_GNUC_END_IGNORE_DEPRECATIONS
  gtk_snapshot_append_color (snapshot, &background, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Wrote %s", path);
}
