/* brisk-application.h
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "brisk-key-store.h"
#include "brisk-types.h"

G_BEGIN_DECLS

#define BRISK_TYPE_APPLICATION (brisk_application_get_type())

G_DECLARE_FINAL_TYPE (BriskApplication, brisk_application, BRISK, APPLICATION, AdwApplication)

BriskApplication *brisk_application_new          (const char        *application_id,
                                                  GApplicationFlags  flags);
GSettings        *brisk_application_get_settings  (BriskApplication  *self);
BriskKeyStore    *brisk_application_get_key_store (BriskApplication  *self);

G_END_DECLS
