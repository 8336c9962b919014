/* brisk-tool-call-card.h
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "brisk-message.h"
#include "brisk-types.h"

G_BEGIN_DECLS

#define BRISK_TYPE_TOOL_CALL_CARD (brisk_tool_call_card_get_type())

G_DECLARE_FINAL_TYPE (BriskToolCallCard, brisk_tool_call_card, BRISK, TOOL_CALL_CARD, GtkWidget)

GtkWidget *brisk_tool_call_card_new         (void);
void       brisk_tool_call_card_set_result  (BriskToolCallCard *self,
                                             BriskMessage      *result);
void       brisk_tool_call_card_collapse    (BriskToolCallCard *self);

G_END_DECLS
