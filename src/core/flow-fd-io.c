/* flow-fd-io.c: shared by the footprint and OI journals
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "flow-fd-io.h"

#include <errno.h>
#include <unistd.h>

gboolean
flow_fd_error_from_errno (GError     **error,
                          int          saved_errno,
                          const char  *what,
                          const char  *path)
{
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
               "cannot %s %s: %s", what, path, g_strerror (saved_errno));
  return FALSE;
}

gboolean
flow_fd_write_all (int          fd,
                   const void  *data,
                   gsize        length,
                   const char  *path,
                   GError     **error)
{
  const guint8 *bytes = data;

  while (length > 0)
    {
      gssize written = write (fd, bytes, length);

      if (written < 0)
        {
          if (errno == EINTR)
            continue;
          return flow_fd_error_from_errno (error, errno, "write", path);
        }
      bytes += written;
      length -= (gsize) written;
    }
  return TRUE;
}
