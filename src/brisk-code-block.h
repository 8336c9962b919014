/* brisk-code-block.h
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "brisk-types.h"

G_BEGIN_DECLS

#define BRISK_TYPE_CODE_BLOCK (brisk_code_block_get_type())

G_DECLARE_FINAL_TYPE (BriskCodeBlock, brisk_code_block, BRISK, CODE_BLOCK, GtkWidget)

void        brisk_code_block_prepare      (void);
GtkWidget  *brisk_code_block_new          (const char     *language);
void        brisk_code_block_set_code     (BriskCodeBlock *self,
                                           const char     *code,
                                           gsize           len);
const char *brisk_code_block_get_code     (BriskCodeBlock *self);
const char *brisk_code_block_get_language (BriskCodeBlock *self);

G_END_DECLS
