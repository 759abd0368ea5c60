/* flow-cli-parse.h: the numbers and times orderflow-cli takes as text (shared/design/cli.md)
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Each returns FALSE, leaving its output alone or not, for text it does not take. */
gboolean flow_cli_parse_rupees   (const char *text,
                                  gint64     *out_paise);
gboolean flow_cli_parse_interval (const char *text,
                                  gint64     *out_ms);
gboolean flow_cli_parse_start    (const char *text,
                                  gint64     *out_ms);

G_END_DECLS
