/* flow-test-smartapi-server.h: an in-process loopback server that speaks Angel One's SmartAPI
 * (REST login and tokens, the scrip master, WebSocket 2.0), and a packet encoder, for tests
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "flow-smartapi-packet.h"

G_BEGIN_DECLS

#define FLOW_TEST_API_KEY     "test-api-key"
#define FLOW_TEST_CLIENT_CODE "A123456"
#define FLOW_TEST_PIN         "4321"
#define FLOW_TEST_TOTP_SECRET "JBSWY3DPEHPK3PXPJBSWY3DPEH"
/* The NIFTY future the scrip master of flow_test_smartapi_scrip_master() makes nearest. */
#define FLOW_TEST_FUTURE_TOKEN  "35001"
#define FLOW_TEST_FUTURE_SYMBOL "NIFTYNEARFUT"
/* The BANKNIFTY future that scrip master makes nearest. */
#define FLOW_TEST_BANKNIFTY_TOKEN "46923"
/* NIFTY's next-month future in flow_test_smartapi_expiry_day_scrip_master(). */
#define FLOW_TEST_NEXT_TOKEN  "36000"
#define FLOW_TEST_NEXT_SYMBOL "NIFTYNEXTFUT"

/* The bytes of @packet as the server sends them, in @packet->mode's layout (the encoder
 * mirrors smartapi.md §4.3, independently of the decoder). */
GBytes *flow_test_smartapi_encode        (const FlowSmartapiPacket *packet);
/* A SnapQuote of FLOW_TEST_FUTURE_TOKEN with one bid and one ask level (0: none). */
void    flow_test_smartapi_snap_quote    (FlowSmartapiPacket       *packet,
                                          gint64                    ts_ms,
                                          gint64                    ltp,
                                          gint64                    volume,
                                          gint64                    bid,
                                          gint64                    ask);
/* A scrip master around @now_ms whose only match for NIFTY is FLOW_TEST_FUTURE_TOKEN
 * (expiry in 3 days, tick "5.000000", lot "65"), among decoys: an expired and a later NIFTY
 * future, nearer BANKNIFTY and NIFTYNXT50 futures, a nearer NIFTY option, a NIFTY future on
 * another segment, equities and an index. Expiry cases are mixed. */
char   *flow_test_smartapi_scrip_master  (gint64                    now_ms);
/* A scrip master whose NIFTY futures are FLOW_TEST_FUTURE_TOKEN expiring on the IST day of
 * @now_ms, FLOW_TEST_NEXT_TOKEN 28 days later and a far one after that (listed first). */
char   *flow_test_smartapi_expiry_day_scrip_master (gint64          now_ms);
/* The option market: NIFTY options of the near expiry, FLOW_TEST_N_OPTION_STRIKES strikes from
 * FLOW_TEST_FIRST_STRIKE every 50, CE token BASE + 2i, PE BASE + 2i + 1, lot 65. */
#define FLOW_TEST_N_OPTION_STRIKES 30
#define FLOW_TEST_FIRST_STRIKE     24500
#define FLOW_TEST_OPTION_TOKEN_BASE 50000
#define FLOW_TEST_OPTION_OI        1000000
/* NIFTY's index on the stream (smartapi.md §3). */
#define FLOW_TEST_INDEX_TOKEN      "26000"
/* A scrip master with that chain, its future and the index row, among decoy options. */
char   *flow_test_smartapi_option_scrip_master (gint64           now_ms);

typedef struct _FlowTestSmartapi FlowTestSmartapi;

typedef enum
{
  FLOW_TEST_END_KEEP,     /* stay open and answer pings */
  FLOW_TEST_END_DROP,     /* cut the TCP connection without a close frame */
  FLOW_TEST_END_SILENCE,  /* stay open but never send anything again, pongs included */
} FlowTestEnd;

/* Listens on 127.0.0.1 (a free port) on the thread-default main context and points
 * ORDERFLOW_ANGEL_API_URL, ORDERFLOW_ANGEL_WS_URL and ORDERFLOW_ANGEL_SCRIP_MASTER_URL at
 * itself. Every request is checked against smartapi.md (headers, the login body, a TOTP that
 * matches FLOW_TEST_TOTP_SECRET at that time, the stream's four auth headers, the
 * subscription); what is wrong is answered as Angel One would and recorded as a problem. */
FlowTestSmartapi *flow_test_smartapi_new            (void);
void              flow_test_smartapi_free           (FlowTestSmartapi *server);
const char       *flow_test_smartapi_get_api_url    (FlowTestSmartapi *server);
/* The next login (only) answers @status with @body instead. */
void              flow_test_smartapi_fail_next_login (FlowTestSmartapi *server,
                                                     guint             status,
                                                     const char       *content_type,
                                                     const char       *body);
/* Invalidates the tokens handed out: the JWT and feed token, and with @refresh_too the
 * refresh token as well (generateTokens then answers AB8050). */
void              flow_test_smartapi_expire_tokens  (FlowTestSmartapi *server,
                                                     gboolean          refresh_too);
/* The next WebSocket handshake (only) is refused with @status (and x-error-message). */
void              flow_test_smartapi_refuse_next_handshake (FlowTestSmartapi *server,
                                                            guint             status);
/* The API key and PIN the server accepts instead of FLOW_TEST_API_KEY and FLOW_TEST_PIN. */
void              flow_test_smartapi_set_account    (FlowTestSmartapi *server,
                                                     const char       *api_key,
                                                     const char       *pin);
/* Fault injection: the next request (only) to @endpoint answers @status with @body (NULL: an
 * empty body) instead; for the handshake, before the upgrade. */
typedef enum
{
  FLOW_TEST_SMARTAPI_LOGIN,
  FLOW_TEST_SMARTAPI_REFRESH,
  FLOW_TEST_SMARTAPI_SCRIP_MASTER,
  FLOW_TEST_SMARTAPI_HANDSHAKE,
} FlowTestSmartapiEndpoint;
void              flow_test_smartapi_fail_next      (FlowTestSmartapi         *server,
                                                     FlowTestSmartapiEndpoint  endpoint,
                                                     guint                     status,
                                                     const char               *content_type,
                                                     const char               *body);
/* The X-ClientPublicIP every REST request must carry: the registered static IP the client was
 * given. NULL (default): the machine's own address from flow_machine_address_lookup(), or no
 * header at all when that is the loopback. X-ClientLocalIP and X-MACAddress must always be
 * what that lookup returns, and User-Agent "OrderFlow/<version>" (on the scrip master and the
 * stream's handshake too). */
void              flow_test_smartapi_expect_public_ip (FlowTestSmartapi *server,
                                                       const char       *public_ip);
/* A header of the last REST request (any case of @name), NULL when it had none. */
const char       *flow_test_smartapi_get_last_header (FlowTestSmartapi *server,
                                                      const char       *name);
/* Serves @text as the scrip master instead of flow_test_smartapi_scrip_master()'s. */
void              flow_test_smartapi_set_scrip_master (FlowTestSmartapi *server,
                                                       const char       *text);
/* Every REST answer (login, tokens, profile, scrip master) is held back @delay_ms (0: none). */
void              flow_test_smartapi_set_rest_delay (FlowTestSmartapi *server,
                                                     guint             delay_ms);
/* What else happens as a script ends. */
typedef enum
{
  FLOW_TEST_AFTER_NOTHING       = 0,
  FLOW_TEST_AFTER_EXPIRE_TOKENS = 1 << 0,  /* all tokens, refresh included */
  FLOW_TEST_AFTER_REFUSE_429    = 1 << 1,  /* the next handshake gets 429 */
} FlowTestAfter;

/* Script of the next connection to subscribe: @frames (GBytes; binary unless the first byte
 * is '{' or a letter, then text) are sent one by one, then @end and @after. Connections
 * beyond the scripts just stay open. */
void              flow_test_smartapi_add_connection (FlowTestSmartapi *server,
                                                     GPtrArray        *frames,
                                                     FlowTestEnd       end,
                                                     FlowTestAfter     after);
/* TRUE once every script has been played to its end. */
gboolean          flow_test_smartapi_scripts_done   (FlowTestSmartapi *server);

guint             flow_test_smartapi_get_n_logins          (FlowTestSmartapi *server);
guint             flow_test_smartapi_get_n_refreshes       (FlowTestSmartapi *server);
guint             flow_test_smartapi_get_n_handshakes      (FlowTestSmartapi *server);
guint             flow_test_smartapi_get_n_scrip_downloads (FlowTestSmartapi *server);
guint             flow_test_smartapi_get_max_open_sockets  (FlowTestSmartapi *server);
guint             flow_test_smartapi_get_n_pings           (FlowTestSmartapi *server);
/* When (g_get_monotonic_time(), gint64) each WebSocket handshake arrived, refused or not, and
 * when each FLOW_TEST_END_DROP cut its connection: the client's reconnection delays. */
GArray           *flow_test_smartapi_get_handshake_times   (FlowTestSmartapi *server);
GArray           *flow_test_smartapi_get_drop_times        (FlowTestSmartapi *server);
/* The token of every subscription the stream received, in order (FLOW_TEST_FUTURE_TOKEN or
 * FLOW_TEST_BANKNIFTY_TOKEN; any other is a problem). */
GPtrArray        *flow_test_smartapi_get_subscriptions     (FlowTestSmartapi *server);
/* Everything the client did against the protocol, one line each; empty when all was right. */
GPtrArray        *flow_test_smartapi_get_problems          (FlowTestSmartapi *server);
/* Serves the option market: that scrip master, and on every open connection every 50 ms the
 * index at @spot (paise) in LTP mode and a SnapQuote of each option subscribed, with its OI
 * (FLOW_TEST_OPTION_OI unless set). getOIData answers ten minutes of history at 90 % of the
 * OI, and refuses (a problem, and the limiter's 403) a 4th request within a second. Calling
 * it again moves the spot. */
void              flow_test_smartapi_set_option_market (FlowTestSmartapi *server,
                                                        gint64            spot);
void              flow_test_smartapi_set_option_oi     (FlowTestSmartapi *server,
                                                        const char       *token,
                                                        gint64            oi);
/* Cuts every open stream connection without a close frame. */
void              flow_test_smartapi_drop_connections  (FlowTestSmartapi *server);
GPtrArray        *flow_test_smartapi_get_option_subscriptions (FlowTestSmartapi *server);
guint             flow_test_smartapi_get_n_option_subscribed  (FlowTestSmartapi *server);
GArray           *flow_test_smartapi_get_oi_data_times        (FlowTestSmartapi *server);

/* Queues the reply to the next POST of a historical @path
 * ("/rest/secure/angelbroking/historical/v1/getCandleData" or …/getOIData), ahead of the
 * server's own answer (no candles; ten minutes of option OI). */
void              flow_test_smartapi_push_history       (FlowTestSmartapi *server,
                                                         const char       *path,
                                                         guint             status,
                                                         const char       *content_type,
                                                         const char       *body);
/* The body of every historical request so far, in order. */
GPtrArray        *flow_test_smartapi_get_history_bodies (FlowTestSmartapi *server);

G_END_DECLS
