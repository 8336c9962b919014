/* brisk-message-row.h
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "brisk-client-error.h"
#include "brisk-message.h"
#include "brisk-types.h"

G_BEGIN_DECLS

#define BRISK_TYPE_MESSAGE_ROW (brisk_message_row_get_type())

G_DECLARE_FINAL_TYPE (BriskMessageRow, brisk_message_row, BRISK, MESSAGE_ROW, GtkWidget)

GtkWidget    *brisk_message_row_new                   (void);
void          brisk_message_row_set_message           (BriskMessageRow       *self,
                                                       BriskMessage          *message,
                                                       gboolean               is_last);
void          brisk_message_row_set_message_in_background
                                                      (BriskMessageRow       *self,
                                                       BriskMessage          *message,
                                                       gboolean               is_last);
void          brisk_message_row_render_soon           (BriskMessageRow       *self);
void          brisk_message_row_release               (BriskMessageRow       *self);
void          brisk_message_row_set_is_last           (BriskMessageRow       *self,
                                                       gboolean               is_last);
BriskMessage *brisk_message_row_get_message           (BriskMessageRow       *self);
void          brisk_message_row_set_failure           (BriskMessageRow       *self,
                                                       const GError          *failure);
void          brisk_message_row_set_reasoning_display (BriskMessageRow       *self,
                                                       BriskReasoningDisplay  display);
char         *brisk_message_row_format_status         (const char            *model,
                                                       const char            *usage_json);

G_END_DECLS
