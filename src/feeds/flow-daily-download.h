/* flow-daily-download.h: a file that its publisher regenerates every day (a broker's
 * instrument list), downloaded at most once per IST day into $XDG_CACHE_HOME/orderflow/ and
 * parsed in a worker thread
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* Reads the cached file from @stream and returns what was asked for (@query, e.g. an
 * underlying, at @now_ms), or NULL with @error set. Runs in a worker thread. The signature is
 * that of the lists' own blocking look-ups, so that they serve as they are. */
typedef gpointer (*FlowDailyParseFunc) (GInputStream  *stream,
                                        const char    *query,
                                        gint64         now_ms,
                                        GCancellable  *cancellable,
                                        GError       **error);

/* What differs from one daily file to another; callers keep one of these in static storage. */
typedef struct
{
  /* Cache file names are <prefix><YYYY-MM-DD>-<hash of the URL><suffix>; the prefix must be
   * the source's own, since the copies of other days that start with it are deleted. */
  const char         *cache_prefix;
  const char         *cache_suffix;
  /* The file's name in messages, marked with N_(): "Angel One’s instrument list". */
  const char         *title;
  /* Failed downloads are errors of the domain @error_quark returns (a function, since a
   * quark is only known at run time), with @download_code; a parse error of that domain with
   * @malformed_code deletes the cached copy, so that the next call downloads it again. */
  GQuark            (*error_quark) (void);
  gint                download_code;
  gint                malformed_code;
  FlowDailyParseFunc  parse;
  GDestroyNotify      result_free;
  /* The request's User-Agent; NULL keeps the session's own. The file's publisher is the
   * broker, whose gateway sees this download as one of the app's calls. */
  const char         *user_agent;
} FlowDailyDownload;

/* Parses today's copy of @url (the IST date of @now_ms) with @download->parse for @query,
 * downloading it first (streamed to a temporary file, then renamed) when the cache has none. */
void     flow_daily_download_async  (const FlowDailyDownload *download,
                                     SoupSession             *session,
                                     const char              *url,
                                     const char              *query,
                                     gint64                   now_ms,
                                     GCancellable            *cancellable,
                                     GAsyncReadyCallback      callback,
                                     gpointer                 user_data);
/* What the parser returned (owned by the caller: free it with @download->result_free). */
gpointer flow_daily_download_finish (GAsyncResult            *result,
                                     GError                 **error);

G_END_DECLS
