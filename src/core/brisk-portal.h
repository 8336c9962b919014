/* brisk-portal.h
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define BRISK_PORTAL_BUS_NAME    "org.freedesktop.portal.Desktop"
#define BRISK_PORTAL_OBJECT_PATH "/org/freedesktop/portal/desktop"

char     *brisk_portal_new_token      (void);
void      brisk_portal_request_async  (GDBusConnection      *connection,
                                       const char           *interface_name,
                                       const char           *method_name,
                                       GVariant             *parameters,
                                       const char           *handle_token,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
GVariant *brisk_portal_request_finish (GAsyncResult         *result,
                                       GError              **error);
gboolean  brisk_portal_is_missing     (const GError         *error);

G_END_DECLS
