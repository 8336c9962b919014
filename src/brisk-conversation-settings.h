/* brisk-conversation-settings.h
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "brisk-conversation.h"
#include "brisk-types.h"

G_BEGIN_DECLS

#define BRISK_TYPE_CONVERSATION_SETTINGS (brisk_conversation_settings_get_type())

G_DECLARE_FINAL_TYPE (BriskConversationSettings, brisk_conversation_settings, BRISK, CONVERSATION_SETTINGS, GtkPopover)

GtkWidget *brisk_conversation_settings_new              (void);
void       brisk_conversation_settings_set_conversation (BriskConversationSettings *self,
                                                         BriskConversation         *conversation);
void       brisk_conversation_settings_set_model        (BriskConversationSettings *self,
                                                         const char                *model);
char      *brisk_conversation_settings_build_parameters (BriskConversationSettings *self);
gboolean   brisk_model_takes_reasoning_effort           (const char                *model);
gboolean   brisk_model_takes_reasoning_format           (const char                *model);

G_END_DECLS
