/* flow-test-keyring.h: a real gnome-keyring on a private D-Bus session, for tests
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "flow-credentials.h"

G_BEGIN_DECLS

typedef struct _FlowTestKeyring FlowTestKeyring;

/* Starts a private session bus (dbus-daemon) and an unlocked gnome-keyring-daemon on it, with
 * HOME and XDG_* pointing into a fresh temporary directory, so no test touches the user's
 * keyring or files. Aborts the test when the daemon cannot start. */
FlowTestKeyring *flow_test_keyring_start (void);
const char      *flow_test_keyring_home  (FlowTestKeyring *keyring);
void             flow_test_keyring_stop  (FlowTestKeyring *keyring);

/* Replaces @broker's account in the keyring (whichever it is) with the NAME, VALUE… pairs
 * given, NULL-terminated; none: clears it. */
void             flow_test_keyring_store (FlowBroker       broker,
                                          const char      *first_name,
                                          ...);

G_END_DECLS
