/* flow-test-keyring.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "flow-test-keyring.h"

#include <glib/gstdio.h>
#include <libsecret/secret.h>
#include <signal.h>
#include <sys/prctl.h>

struct _FlowTestKeyring
{
  GSubprocess *bus;
  GSubprocess *daemon;
  char        *home;
};

/* Our own dbus-daemon rather than GTestDBus: GTestDBus insists that every connection is gone
 * when it stops, and libsecret keeps its shared one for the life of the process. */
/* In the daemons: they go when the test goes. A test that fails an assertion aborts; daemons
 * left behind would hold its output open, and meson would wait for the timeout. */
static void
die_with_test (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static GSubprocess *
start_session_bus (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) output = NULL;
  g_autofree char *address = NULL;
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  GSubprocess *bus;

  g_subprocess_launcher_set_child_setup (launcher, die_with_test, NULL, NULL);
  bus = g_subprocess_launcher_spawn (launcher, &error, "dbus-daemon", "--session", "--nofork",
                                     "--print-address=1", NULL);
  g_assert_no_error (error);
  output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (bus));
  address = g_data_input_stream_read_line_utf8 (output, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (address);
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", address, TRUE);
  return bus;
}

/* The daemon forks and claims its bus name a moment later: wait for it, up to 10 s. */
static void
wait_for_secret_service (void)
{
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GError) error = NULL;

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  for (int attempt = 0; attempt < 200; attempt++)
    {
      g_autoptr(GVariant) reply = NULL;
      gboolean has_owner = FALSE;

      reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                           "org.freedesktop.DBus", "NameHasOwner",
                                           g_variant_new ("(s)", "org.freedesktop.secrets"),
                                           G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, -1,
                                           NULL, &error);
      g_assert_no_error (error);
      g_variant_get (reply, "(b)", &has_owner);
      if (has_owner)
        return;
      g_usleep (50 * 1000);
    }
  g_error ("gnome-keyring-daemon did not claim org.freedesktop.secrets within 10 s");
}

FlowTestKeyring *
flow_test_keyring_start (void)
{
  FlowTestKeyring *keyring = g_new0 (FlowTestKeyring, 1);
  g_autoptr(GOutputStream) password = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data_home = NULL;
  g_autofree char *config_home = NULL;
  g_autofree char *cache_home = NULL;
  g_autofree char *runtime_dir = NULL;

  keyring->home = g_dir_make_tmp ("orderflow-test-XXXXXX", &error);
  g_assert_no_error (error);
  data_home = g_build_filename (keyring->home, "data", NULL);
  config_home = g_build_filename (keyring->home, "config", NULL);
  cache_home = g_build_filename (keyring->home, "cache", NULL);
  runtime_dir = g_build_filename (keyring->home, "runtime", NULL);
  g_mkdir_with_parents (data_home, 0700);
  g_mkdir_with_parents (config_home, 0700);
  g_mkdir_with_parents (cache_home, 0700);
  g_mkdir_with_parents (runtime_dir, 0700);
  g_setenv ("HOME", keyring->home, TRUE);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config_home, TRUE);
  g_setenv ("XDG_CACHE_HOME", cache_home, TRUE);
  g_setenv ("XDG_RUNTIME_DIR", runtime_dir, TRUE);

  keyring->bus = start_session_bus ();

  /* --unlock reads the new login keyring's password from stdin and makes it the default;
   * --foreground keeps the daemon our child, so the test owns its whole lifetime. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  /* The test's G_DEBUG=fatal-warnings would turn the daemon's own harmless warnings into
   * crashes. */
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  g_subprocess_launcher_set_child_setup (launcher, die_with_test, NULL, NULL);
  keyring->daemon = g_subprocess_launcher_spawn (launcher, &error,
                                                 "gnome-keyring-daemon", "--foreground",
                                                 "--unlock", "--components=secrets", NULL);
  g_assert_no_error (error);
  password = g_object_ref (g_subprocess_get_stdin_pipe (keyring->daemon));
  g_output_stream_write_all (password, "orderflow-test", 14, NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (password, NULL, &error);
  g_assert_no_error (error);
  wait_for_secret_service ();
  return keyring;
}

const char *
flow_test_keyring_home (FlowTestKeyring *keyring)
{
  return keyring->home;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileEnumerator) children = NULL;
  GFileInfo *info;

  children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                        G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  while (children != NULL && (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, g_file_info_get_name (info), NULL);

      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        remove_tree (child);
      else
        g_unlink (child);
      g_object_unref (info);
    }
  g_rmdir (path);
}

void
flow_test_keyring_stop (FlowTestKeyring *keyring)
{
  g_autoptr(GDBusConnection) shared = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);

  /* The shared connection would otherwise end the test process when its bus goes away. */
  if (shared != NULL)
    g_dbus_connection_set_exit_on_close (shared, FALSE);
  secret_service_disconnect ();
  g_subprocess_send_signal (keyring->daemon, SIGTERM);
  g_subprocess_wait (keyring->daemon, NULL, NULL);
  g_object_unref (keyring->daemon);
  g_subprocess_send_signal (keyring->bus, SIGTERM);
  g_subprocess_wait (keyring->bus, NULL, NULL);
  g_object_unref (keyring->bus);
  remove_tree (keyring->home);
  g_free (keyring->home);
  g_free (keyring);
}

void
flow_test_keyring_store (FlowBroker  broker,
                         const char *first_name,
                         ...)
{
  g_autoptr(FlowCredentials) credentials = flow_credentials_new ();
  g_autoptr(GHashTable) values = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  const char *name = first_name;
  va_list args;

  flow_credentials_clear_sync (credentials, broker, NULL, &error);
  g_assert_no_error (error);
  va_start (args, first_name);
  while (name != NULL)
    {
      g_hash_table_insert (values, (gpointer) name, va_arg (args, char *));
      name = va_arg (args, const char *);
    }
  va_end (args);
  if (g_hash_table_size (values) > 0)
    flow_credentials_store_sync (credentials, broker, values, NULL, &error);
  g_assert_no_error (error);
}
