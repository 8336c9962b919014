/* brisk-search-provider.h
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "brisk-types.h"

G_BEGIN_DECLS

#define BRISK_TYPE_SEARCH_PROVIDER (brisk_search_provider_get_type())

G_DECLARE_FINAL_TYPE (BriskSearchProvider, brisk_search_provider, BRISK, SEARCH_PROVIDER, GObject)

BriskSearchProvider *brisk_search_provider_new        (BriskApplication     *application);
gboolean             brisk_search_provider_export     (BriskSearchProvider  *self,
                                                       GDBusConnection      *connection,
                                                       const char           *object_path,
                                                       GError              **error);
void                 brisk_search_provider_unexport   (BriskSearchProvider  *self);

G_END_DECLS
