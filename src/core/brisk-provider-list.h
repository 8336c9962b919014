/* brisk-provider-list.h
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "brisk-provider.h"

G_BEGIN_DECLS

#define BRISK_TYPE_PROVIDER_LIST (brisk_provider_list_get_type())

G_DECLARE_FINAL_TYPE (BriskProviderList, brisk_provider_list, BRISK, PROVIDER_LIST, GObject)

BriskProviderList *brisk_provider_list_new          (GSettings          *settings);
BriskProvider     *brisk_provider_list_lookup       (BriskProviderList  *self,
                                                     const char         *id);
BriskProvider     *brisk_provider_list_add          (BriskProviderList  *self,
                                                     const char         *name,
                                                     const char         *base_url,
                                                     GError            **error);
gboolean           brisk_provider_list_update       (BriskProviderList  *self,
                                                     BriskProvider      *provider,
                                                     const char         *name,
                                                     const char         *base_url,
                                                     GError            **error);
gboolean           brisk_provider_list_remove       (BriskProviderList  *self,
                                                     BriskProvider      *provider,
                                                     GError            **error);
gboolean           brisk_provider_check_url         (const char         *base_url,
                                                     GError            **error);

G_END_DECLS
