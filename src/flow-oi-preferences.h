/* flow-oi-preferences.h: the OI Tracker page of the Preferences window
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Adds the OI tracker groups (thresholds, alert, refresh, strikes, units, sound) to @page,
 * each row bound to its key of @settings. */
void flow_oi_page_fill_preferences (AdwPreferencesPage *page,
                                    GSettings          *settings);

G_END_DECLS
