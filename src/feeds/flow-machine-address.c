/* flow-machine-address.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "flow-machine-address"

#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include "flow-machine-address.h"

static gboolean
interface_counts (const struct ifaddrs *entry)
{
  return entry->ifa_name != NULL && (entry->ifa_flags & IFF_UP) != 0 &&
         (entry->ifa_flags & IFF_LOOPBACK) == 0;
}

/* The printable address of an AF_INET entry, or of an AF_INET6 one that can leave the link
 * (a link-local fe80:: address means nothing to a server elsewhere). */
static char *
entry_ip (const struct ifaddrs *entry,
          int                   family)
{
  char text[INET6_ADDRSTRLEN];

  if (entry->ifa_addr == NULL || entry->ifa_addr->sa_family != family)
    return NULL;
  if (family == AF_INET)
    {
      const struct sockaddr_in *in = (const struct sockaddr_in *) (gconstpointer) entry->ifa_addr;

      if (inet_ntop (AF_INET, &in->sin_addr, text, sizeof text) == NULL)
        return NULL;
    }
  else
    {
      const struct sockaddr_in6 *in6 =
        (const struct sockaddr_in6 *) (gconstpointer) entry->ifa_addr;

      if (IN6_IS_ADDR_LINKLOCAL (&in6->sin6_addr) || IN6_IS_ADDR_LOOPBACK (&in6->sin6_addr) ||
          inet_ntop (AF_INET6, &in6->sin6_addr, text, sizeof text) == NULL)
        return NULL;
    }
  return g_strdup (text);
}

/* The first address of @family on the interface called @name. */
static char *
interface_ip (const struct ifaddrs *list,
              const char           *name,
              int                   family)
{
  for (const struct ifaddrs *entry = list; entry != NULL; entry = entry->ifa_next)
    if (interface_counts (entry) && strcmp (entry->ifa_name, name) == 0)
      {
        char *ip = entry_ip (entry, family);

        if (ip != NULL)
          return ip;
      }
  return NULL;
}

static char *
interface_mac (const struct ifaddrs *list,
               const char           *name)
{
  for (const struct ifaddrs *entry = list; entry != NULL; entry = entry->ifa_next)
    {
      const struct sockaddr_ll *link;

      if (entry->ifa_name == NULL || strcmp (entry->ifa_name, name) != 0 ||
          entry->ifa_addr == NULL || entry->ifa_addr->sa_family != AF_PACKET)
        continue;
      link = (const struct sockaddr_ll *) (gconstpointer) entry->ifa_addr;
      if (link->sll_halen != 6)
        continue;
      return g_strdup_printf ("%02x:%02x:%02x:%02x:%02x:%02x", link->sll_addr[0],
                              link->sll_addr[1], link->sll_addr[2], link->sll_addr[3],
                              link->sll_addr[4], link->sll_addr[5]);
    }
  return NULL;
}

FlowMachineAddress *
flow_machine_address_from_ifaddrs (const struct ifaddrs *list)
{
  FlowMachineAddress *address = g_new0 (FlowMachineAddress, 1);

  /* Interfaces in the kernel's order, each judged whole: an up interface with only a
   * link-local address (a cable just plugged in) does not hide the next one. */
  for (const struct ifaddrs *entry = list; entry != NULL; entry = entry->ifa_next)
    {
      char *ip;

      if (!interface_counts (entry) || entry->ifa_addr == NULL ||
          (entry->ifa_addr->sa_family != AF_INET && entry->ifa_addr->sa_family != AF_INET6))
        continue;
      ip = interface_ip (list, entry->ifa_name, AF_INET);
      if (ip == NULL)
        ip = interface_ip (list, entry->ifa_name, AF_INET6);
      if (ip == NULL)
        continue;
      address->interface = g_strdup (entry->ifa_name);
      address->ip = ip;
      address->mac = interface_mac (list, entry->ifa_name);
      if (address->mac == NULL)
        address->mac = g_strdup (FLOW_MACHINE_LOOPBACK_MAC);
      return address;
    }

  address->ip = g_strdup (FLOW_MACHINE_LOOPBACK_IP);
  address->mac = g_strdup (FLOW_MACHINE_LOOPBACK_MAC);
  address->loopback = TRUE;
  return address;
}

FlowMachineAddress *
flow_machine_address_lookup (void)
{
  struct ifaddrs *list = NULL;
  FlowMachineAddress *address;

  if (getifaddrs (&list) != 0)
    {
      g_debug ("getifaddrs: %s", g_strerror (errno));
      list = NULL;
    }
  address = flow_machine_address_from_ifaddrs (list);
  if (list != NULL)
    freeifaddrs (list);
  g_debug ("machine address: %s %s (%s)", address->ip, address->mac,
           address->interface != NULL ? address->interface : "loopback");
  return address;
}

void
flow_machine_address_free (FlowMachineAddress *address)
{
  if (address == NULL)
    return;
  g_free (address->interface);
  g_free (address->ip);
  g_free (address->mac);
  g_free (address);
}
