/* flow-machine-address.h: this machine's own network identity, as SmartAPI's headers want it
 * (shared/protocols/smartapi.md §1.2: X-ClientLocalIP, X-MACAddress)
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

struct ifaddrs;

/* What the loopback interface would give: sent only when the machine has no other. */
#define FLOW_MACHINE_LOOPBACK_IP  "127.0.0.1"
#define FLOW_MACHINE_LOOPBACK_MAC "00:00:00:00:00:00"

typedef struct
{
  char     *interface;  /* "eth0"; NULL with the loopback values */
  char     *ip;         /* "192.168.1.10" (IPv4 preferred, as smartapi-javascript's lookup) */
  char     *mac;        /* "aa:bb:cc:dd:ee:ff", lower case */
  gboolean  loopback;   /* no up, non-loopback interface with an address: the values above */
} FlowMachineAddress;

/* The first interface (in the kernel's order) that is up, is not a loopback and has an
 * address; its first IPv4 address, else its first IPv6 one that is not link-local; the MAC of
 * its AF_PACKET entry (00:00:00:00:00:00 when it has none, as a tunnel). Never NULL. */
FlowMachineAddress *flow_machine_address_lookup        (void);
/* The same choice made from @list (what getifaddrs() returned; NULL: none). */
FlowMachineAddress *flow_machine_address_from_ifaddrs  (const struct ifaddrs *list);
void                flow_machine_address_free          (FlowMachineAddress   *address);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlowMachineAddress, flow_machine_address_free)

G_END_DECLS
