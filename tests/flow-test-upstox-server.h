/* flow-test-upstox-server.h: an in-process loopback server that speaks the Upstox API, for tests
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct _FlowTestUpstox FlowTestUpstox;

/* Listens on 127.0.0.1 (a free port) on the thread-default main context and points
 * ORDERFLOW_UPSTOX_API_URL at itself, and ORDERFLOW_UPSTOX_INSTRUMENTS_URL at a path that
 * refuses (flow-test-upstox-stream-server.h serves a file there). Every API path needs "Authorization: Bearer <token>"
 * (flow_test_upstox_set_token(); default "test-token"), else 401 UDAPI100050.
 *
 * - POST /v2/login/authorization/token takes each code of flow_test_upstox_add_code() once;
 *   any other (or a reused one) gets 400 UDAPI100016.
 * - GET /v2/login/authorization/dialog redirects (302) to redirect_uri with the code of
 *   flow_test_upstox_set_dialog_code() and the state it was given, as Upstox does.
 * - Any other path answers what flow_test_upstox_push() queued for the longest matching
 *   prefix, in order; the last answer of a path repeats. Nothing queued: 404 UDAPI10000. */
FlowTestUpstox *flow_test_upstox_new             (void);
void            flow_test_upstox_free            (FlowTestUpstox *server);
const char     *flow_test_upstox_get_url         (FlowTestUpstox *server);
void            flow_test_upstox_set_token       (FlowTestUpstox *server,
                                                  const char     *token);
/* For handlers added beside the REST API (the v3 feed): the server, and the Bearer check of
 * every API path, which answers 401 UDAPI100050 itself and returns FALSE when it fails. */
SoupServer     *flow_test_upstox_get_soup_server (FlowTestUpstox *server);
gboolean        flow_test_upstox_check_bearer    (FlowTestUpstox    *server,
                                                  SoupServerMessage *message);
void            flow_test_upstox_push            (FlowTestUpstox *server,
                                                  const char     *path_prefix,
                                                  guint           status,
                                                  const char     *content_type,
                                                  const char     *body);
/* Requests seen whose path starts with @path_prefix. */
guint           flow_test_upstox_get_hits        (FlowTestUpstox *server,
                                                  const char     *path_prefix);
/* The query parameter @name (decoded) of the last request whose path starts with
 * @path_prefix, or NULL. */
char           *flow_test_upstox_get_last_param  (FlowTestUpstox *server,
                                                  const char     *path_prefix,
                                                  const char     *name);
void            flow_test_upstox_add_code        (FlowTestUpstox *server,
                                                  const char     *code,
                                                  const char     *access_token,
                                                  const char     *user_id);
void            flow_test_upstox_set_dialog_code (FlowTestUpstox *server,
                                                  const char     *code);
/* A field of the last token request's form, or NULL. */
const char     *flow_test_upstox_get_form_field  (FlowTestUpstox *server,
                                                  const char     *name);

/* Fault injection: the next token request (only) answers @status, @content_type, @body. */
void            flow_test_upstox_fail_next_token (FlowTestUpstox *server,
                                                  guint           status,
                                                  const char     *content_type,
                                                  const char     *body);
/* Every answer is held back @delay_ms (0: none). */
void            flow_test_upstox_set_delay       (FlowTestUpstox *server,
                                                  guint           delay_ms);

/* The test as the user's browser on the sign-in's redirect: a GET (following redirects) run on
 * the thread-default main context, which the test keeps turning. */
typedef struct
{
  guint     status;   /* the HTTP status; 0 while waiting, or when no answer came */
  char     *text;     /* the page, "" when there was none; NULL while waiting */
  gboolean  done;
} FlowTestPage;

/* Starts the GET; @page (zero-initialised, or holding an earlier page, which is freed) is
 * filled when it ends. @timeout_s bounds the wait for
 * an answer (0: libsoup's default). */
void            flow_test_browse_async           (const char     *url,
                                                  guint           timeout_s,
                                                  FlowTestPage   *page);
/* The GET to its end, failing the test after 30 s. */
void            flow_test_browse                 (const char     *url,
                                                  FlowTestPage   *page);
void            flow_test_page_clear             (FlowTestPage   *page);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FlowTestPage, flow_test_page_clear)

/* A free loopback TCP port (bound and released: tests run in parallel, so use it at once). */
guint16         flow_test_free_port              (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlowTestUpstox, flow_test_upstox_free)

G_END_DECLS
