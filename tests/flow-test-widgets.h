/* flow-test-widgets.h: finding widgets and windows in tests, and waiting for them
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef gboolean (*FlowTestWidgetMatch) (GtkWidget     *widget,
                                         gconstpointer  data);

/* The first widget of @root's tree (depth first, @root included) that @match (@data) takes, or
 * NULL. */
GtkWidget *flow_test_find_widget           (GtkWidget           *root,
                                            FlowTestWidgetMatch  match,
                                            gconstpointer        data);
/* The first widget of @type in @root's tree (depth first, @root included), or NULL. */
GtkWidget *flow_test_find_by_type          (GtkWidget  *root,
                                            GType       type);
/* Adds every widget of @type in @root's tree to @found, in depth-first order. */
void       flow_test_collect               (GtkWidget  *root,
                                            GType       type,
                                            GPtrArray  *found);
/* The first drawable label whose text is @text, or NULL. */
GtkWidget *flow_test_find_label            (GtkWidget  *root,
                                            const char *text);
/* The first label whose text starts with @prefix, drawable or not, or NULL. */
GtkWidget *flow_test_find_label_with_prefix (GtkWidget  *root,
                                             const char *prefix);
/* Waits, up to @timeout_ms, for a drawable label whose text starts with @prefix. */
GtkWidget *flow_test_wait_for_label        (GtkWidget  *root,
                                            const char *prefix,
                                            guint       timeout_ms);

/* A visible toplevel of @type, or NULL. */
GtkWindow *flow_test_find_toplevel         (GType       type);
/* Waits, up to @timeout_ms, for a visible toplevel of @type. */
GtkWindow *flow_test_wait_for_toplevel     (GType       type,
                                            guint       timeout_ms);
/* Destroys @window and lets the main context run 50 ms, for what its end schedules. */
void       flow_test_close_toplevel        (GtkWindow  *window);

/* For flow_test_wait_until(): TRUE once @widget is mapped with a width. */
gboolean   flow_test_widget_is_shown       (gpointer    widget);

/* Renders @widget over the window background with its own renderer and writes it as a PNG at
 * @path (the README's screenshots come from this). */
void       flow_test_save_screenshot       (GtkWidget  *widget,
                                            const char *path);

G_END_DECLS
