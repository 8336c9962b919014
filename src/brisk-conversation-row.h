/* brisk-conversation-row.h
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "brisk-conversation.h"
#include "brisk-types.h"

G_BEGIN_DECLS

typedef enum
{
  BRISK_CONVERSATION_GROUP_PINNED,
  BRISK_CONVERSATION_GROUP_TODAY,
  BRISK_CONVERSATION_GROUP_YESTERDAY,
  BRISK_CONVERSATION_GROUP_WEEK,
  BRISK_CONVERSATION_GROUP_OLDER,
} BriskConversationGroup;

#define BRISK_TYPE_CONVERSATION_ROW (brisk_conversation_row_get_type())

G_DECLARE_FINAL_TYPE (BriskConversationRow, brisk_conversation_row, BRISK, CONVERSATION_ROW, GtkWidget)

GtkWidget              *brisk_conversation_row_new                (void);
void                    brisk_conversation_row_set_conversation   (BriskConversationRow   *self,
                                                                   BriskConversation      *conversation,
                                                                   BriskConversationGroup  group,
                                                                   gboolean                first_of_group);
BriskConversation      *brisk_conversation_row_get_conversation   (BriskConversationRow   *self);
void                    brisk_conversation_row_set_selection_mode (BriskConversationRow   *self,
                                                                   gboolean                selection_mode,
                                                                   gboolean                checked);
void                    brisk_conversation_row_start_renaming     (BriskConversationRow   *self);
BriskConversationGroup  brisk_conversation_group_for              (BriskConversation      *conversation,
                                                                   GDateTime              *now);

G_END_DECLS
