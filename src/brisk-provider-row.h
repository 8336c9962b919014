/* brisk-provider-row.h
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "brisk-provider.h"
#include "brisk-types.h"

G_BEGIN_DECLS

#define BRISK_TYPE_PROVIDER_ROW (brisk_provider_row_get_type())

G_DECLARE_FINAL_TYPE (BriskProviderRow, brisk_provider_row, BRISK, PROVIDER_ROW, AdwExpanderRow)

GtkWidget     *brisk_provider_row_new          (BriskProvider    *provider);
BriskProvider *brisk_provider_row_get_provider (BriskProviderRow *self);

G_END_DECLS
