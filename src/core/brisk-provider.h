/* brisk-provider.h
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define BRISK_TYPE_PROVIDER (brisk_provider_get_type())

G_DECLARE_FINAL_TYPE (BriskProvider, brisk_provider, BRISK, PROVIDER, GObject)

const char *brisk_provider_get_id                   (BriskProvider *self);
const char *brisk_provider_get_name                 (BriskProvider *self);
void        brisk_provider_set_name                 (BriskProvider *self,
                                                     const char    *name);
const char *brisk_provider_get_base_url             (BriskProvider *self);
void        brisk_provider_set_base_url             (BriskProvider *self,
                                                     const char    *base_url);
gboolean    brisk_provider_get_builtin              (BriskProvider *self);
gboolean    brisk_provider_get_url_from_environment (BriskProvider *self);

G_END_DECLS
