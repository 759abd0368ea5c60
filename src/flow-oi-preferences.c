/* flow-oi-preferences.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "flow-oi-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "flow-oi-preferences.h"

void
flow_oi_page_fill_preferences (AdwPreferencesPage *page,
                               GSettings          *settings)
{
  g_return_if_fail (ADW_IS_PREFERENCES_PAGE (page));
  g_return_if_fail (G_IS_SETTINGS (settings));
}
