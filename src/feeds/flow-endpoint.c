/* flow-endpoint.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "flow-endpoint"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <string.h>

#include "flow-endpoint.h"

G_DEFINE_QUARK (flow-endpoint-error-quark, flow_endpoint_error)

gboolean
flow_endpoint_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autofree char *bare = NULL;

  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  /* GUri keeps the brackets of an IPv6 literal. */
  bare = (host[0] == '[') ? g_strndup (host + 1, strlen (host) - 2) : g_strdup (host);
  address = g_inet_address_new_from_string (bare);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

gboolean
flow_endpoint_check (const char  *url,
                     GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) parse_error = NULL;
  const char *scheme;
  const char *host;

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, &parse_error);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, FLOW_ENDPOINT_ERROR, FLOW_ENDPOINT_ERROR_INVALID,
                   _("“%s” is not a valid URL"), url);
      return FALSE;
    }
  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);
  if (g_ascii_strcasecmp (scheme, "https") == 0 || g_ascii_strcasecmp (scheme, "wss") == 0)
    return TRUE;
  if (g_ascii_strcasecmp (scheme, "http") == 0 || g_ascii_strcasecmp (scheme, "ws") == 0)
    {
      if (flow_endpoint_is_loopback (host))
        return TRUE;
      g_set_error (error, FLOW_ENDPOINT_ERROR, FLOW_ENDPOINT_ERROR_INSECURE,
                   _("refusing unencrypted %s:// to %s: only loopback hosts may use it"),
                   scheme, host);
      return FALSE;
    }
  g_set_error (error, FLOW_ENDPOINT_ERROR, FLOW_ENDPOINT_ERROR_INVALID,
               _("unsupported URL scheme “%s” in “%s”"), scheme, url);
  return FALSE;
}

char *
flow_endpoint_resolve (const char  *variable,
                       const char  *default_url,
                       GError     **error)
{
  const char *value = g_getenv (variable);
  const char *url = (value != NULL && *value != '\0') ? value : default_url;

  if (!flow_endpoint_check (url, error))
    {
      if (url == value)
        g_prefix_error (error, "%s: ", variable);
      return NULL;
    }
  /* No trailing slash, so callers can append "/path". */
  if (g_str_has_suffix (url, "/"))
    return g_strndup (url, strlen (url) - 1);
  return g_strdup (url);
}
