/* test-machine-address.c: which interface's address and MAC SmartAPI's headers carry
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include <gio/gio.h>

#include "flow-machine-address.h"

/* A getifaddrs() list built by hand: each entry owns room for any address family. */
typedef struct
{
  struct ifaddrs          entry;
  struct sockaddr_storage storage;
} Entry;

typedef struct
{
  Entry entries[16];
  guint n;
} List;

static struct sockaddr *
add_entry (List       *list,
           const char *name,
           guint       flags)
{
  Entry *e = &list->entries[list->n];

  g_assert_cmpuint (list->n, <, G_N_ELEMENTS (list->entries));
  memset (e, 0, sizeof *e);
  e->entry.ifa_name = (char *) name;
  e->entry.ifa_flags = flags;
  e->entry.ifa_addr = (struct sockaddr *) &e->storage;
  if (list->n > 0)
    list->entries[list->n - 1].entry.ifa_next = &e->entry;
  list->n++;
  return e->entry.ifa_addr;
}

static void
add_ipv4 (List       *list,
          const char *name,
          guint       flags,
          const char *ip)
{
  struct sockaddr_in *in = (struct sockaddr_in *) (gpointer) add_entry (list, name, flags);

  in->sin_family = AF_INET;
  g_assert_cmpint (inet_pton (AF_INET, ip, &in->sin_addr), ==, 1);
}

static void
add_ipv6 (List       *list,
          const char *name,
          guint       flags,
          const char *ip)
{
  struct sockaddr_in6 *in6 = (struct sockaddr_in6 *) (gpointer) add_entry (list, name, flags);

  in6->sin6_family = AF_INET6;
  g_assert_cmpint (inet_pton (AF_INET6, ip, &in6->sin6_addr), ==, 1);
}

static void
add_packet (List         *list,
            const char   *name,
            guint         flags,
            const guint8  mac[6])
{
  struct sockaddr_ll *link = (struct sockaddr_ll *) (gpointer) add_entry (list, name, flags);

  link->sll_family = AF_PACKET;
  link->sll_halen = 6;
  memcpy (link->sll_addr, mac, 6);
}

static const struct ifaddrs *
head (List *list)
{
  return list->n > 0 ? &list->entries[0].entry : NULL;
}

#define UP   (IFF_UP | IFF_RUNNING)
#define LOOP (IFF_UP | IFF_RUNNING | IFF_LOOPBACK)

/* getifaddrs() order: every AF_PACKET entry first, then the addresses, loopback leading. */
static void
test_first_up_interface (void)
{
  static const guint8 lo_mac[6] = { 0 };
  static const guint8 docker_mac[6] = { 0x02, 0x42, 0xac, 0x11, 0x00, 0x01 };
  static const guint8 eth_mac[6] = { 0x3C, 0x52, 0x82, 0x0a, 0xBC, 0xde };
  static const guint8 wlan_mac[6] = { 0x10, 0x20, 0x30, 0x40, 0x50, 0x60 };
  List list = { 0 };
  g_autoptr(FlowMachineAddress) address = NULL;

  add_packet (&list, "lo", LOOP, lo_mac);
  add_packet (&list, "docker0", IFF_BROADCAST, docker_mac);  /* down */
  add_packet (&list, "eth0", UP, eth_mac);
  add_packet (&list, "wlan0", UP, wlan_mac);
  add_ipv4 (&list, "lo", LOOP, "127.0.0.1");
  add_ipv4 (&list, "docker0", IFF_BROADCAST, "172.17.0.1");
  add_ipv6 (&list, "eth0", UP, "fe80::3e52:82ff:fe0a:bcde");
  add_ipv6 (&list, "eth0", UP, "2001:db8::10");
  add_ipv4 (&list, "eth0", UP, "192.168.1.10");
  add_ipv4 (&list, "wlan0", UP, "10.0.0.5");
  add_ipv6 (&list, "lo", LOOP, "::1");

  address = flow_machine_address_from_ifaddrs (head (&list));
  /* eth0, its IPv4 address though an IPv6 one comes first, and its own MAC in lower case. */
  g_assert_cmpstr (address->interface, ==, "eth0");
  g_assert_cmpstr (address->ip, ==, "192.168.1.10");
  g_assert_cmpstr (address->mac, ==, "3c:52:82:0a:bc:de");
  g_assert_false (address->loopback);
}

static void
test_ipv6_only_and_link_local (void)
{
  static const guint8 eth_mac[6] = { 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0x01 };
  static const guint8 wlan_mac[6] = { 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0x02 };
  List list = { 0 };
  g_autoptr(FlowMachineAddress) address = NULL;

  add_packet (&list, "eth0", UP, eth_mac);
  add_packet (&list, "wlan0", UP, wlan_mac);
  /* eth0 has only a link-local address: nothing a server elsewhere could use. */
  add_ipv6 (&list, "eth0", UP, "fe80::1");
  add_ipv6 (&list, "wlan0", UP, "2001:db8::20");

  address = flow_machine_address_from_ifaddrs (head (&list));
  g_assert_cmpstr (address->interface, ==, "wlan0");
  g_assert_cmpstr (address->ip, ==, "2001:db8::20");
  g_assert_cmpstr (address->mac, ==, "aa:bb:cc:dd:ee:02");
  g_assert_false (address->loopback);
}

/* A tunnel (a VPN) is up with an address and has no link layer. */
static void
test_no_mac (void)
{
  List list = { 0 };
  g_autoptr(FlowMachineAddress) address = NULL;

  add_ipv4 (&list, "lo", LOOP, "127.0.0.1");
  add_ipv4 (&list, "tun0", UP | IFF_POINTOPOINT, "10.8.0.2");

  address = flow_machine_address_from_ifaddrs (head (&list));
  g_assert_cmpstr (address->interface, ==, "tun0");
  g_assert_cmpstr (address->ip, ==, "10.8.0.2");
  g_assert_cmpstr (address->mac, ==, FLOW_MACHINE_LOOPBACK_MAC);
  g_assert_false (address->loopback);
}

static void
test_loopback_only (void)
{
  static const guint8 lo_mac[6] = { 0 };
  static const guint8 eth_mac[6] = { 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0x01 };
  List list = { 0 };
  g_autoptr(FlowMachineAddress) none = flow_machine_address_from_ifaddrs (NULL);
  g_autoptr(FlowMachineAddress) address = NULL;

  g_assert_null (none->interface);
  g_assert_cmpstr (none->ip, ==, "127.0.0.1");
  g_assert_cmpstr (none->mac, ==, "00:00:00:00:00:00");
  g_assert_true (none->loopback);

  /* An interface that is down, or up with no address yet, does not count. */
  add_packet (&list, "lo", LOOP, lo_mac);
  add_packet (&list, "eth0", UP, eth_mac);
  add_ipv4 (&list, "lo", LOOP, "127.0.0.1");
  add_ipv4 (&list, "eth1", IFF_BROADCAST, "192.168.1.11");
  add_ipv6 (&list, "lo", LOOP, "::1");
  address = flow_machine_address_from_ifaddrs (head (&list));
  g_assert_null (address->interface);
  g_assert_cmpstr (address->ip, ==, "127.0.0.1");
  g_assert_cmpstr (address->mac, ==, "00:00:00:00:00:00");
  g_assert_true (address->loopback);
}

/* This machine: the interface chosen is up and not a loopback, and the kernel agrees on its
 * MAC (sysfs, read independently of getifaddrs). */
static void
test_this_machine (void)
{
  g_autoptr(FlowMachineAddress) address = flow_machine_address_lookup ();
  g_autoptr(GInetAddress) ip = g_inet_address_new_from_string (address->ip);
  g_autofree char *sys_mac = NULL;
  g_autofree char *path = NULL;

  g_assert_nonnull (ip);
  g_assert_cmpint (g_inet_address_get_is_loopback (ip), ==, address->loopback);
  if (address->loopback)
    {
      g_test_message ("no interface but loopback on this machine");
      return;
    }
  g_assert_nonnull (address->interface);
  g_assert_cmpuint (if_nametoindex (address->interface), >, 0);
  path = g_build_filename ("/sys/class/net", address->interface, "address", NULL);
  if (g_file_get_contents (path, &sys_mac, NULL, NULL) && strlen (g_strstrip (sys_mac)) == 17)
    g_assert_cmpstr (address->mac, ==, sys_mac);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/machine-address/first-up-interface", test_first_up_interface);
  g_test_add_func ("/machine-address/ipv6-only-and-link-local", test_ipv6_only_and_link_local);
  g_test_add_func ("/machine-address/no-mac", test_no_mac);
  g_test_add_func ("/machine-address/loopback-only", test_loopback_only);
  g_test_add_func ("/machine-address/this-machine", test_this_machine);
  return g_test_run ();
}
