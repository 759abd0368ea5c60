/* flow-fd-io.h: whole writes to file descriptors with errno turned into GErrors
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Sets a G_FILE_ERROR "cannot <what> <path>: <strerror>" and returns FALSE. */
gboolean flow_fd_error_from_errno (GError     **error,
                                   int          saved_errno,
                                   const char  *what,
                                   const char  *path);
/* Writes all @length bytes, retrying short writes and EINTR; @path names the file in errors. */
gboolean flow_fd_write_all        (int          fd,
                                   const void  *data,
                                   gsize        length,
                                   const char  *path,
                                   GError     **error);

G_END_DECLS
