/* brisk-chat-view.h
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "brisk-chat-session.h"
#include "brisk-composer.h"
#include "brisk-types.h"

G_BEGIN_DECLS

#define BRISK_TYPE_CHAT_VIEW (brisk_chat_view_get_type())

G_DECLARE_FINAL_TYPE (BriskChatView, brisk_chat_view, BRISK, CHAT_VIEW, GtkWidget)

GtkWidget        *brisk_chat_view_new             (void);
void              brisk_chat_view_set_session     (BriskChatView    *self,
                                                   BriskChatSession *session);
BriskChatSession *brisk_chat_view_get_session     (BriskChatView    *self);
BriskComposer    *brisk_chat_view_get_composer    (BriskChatView    *self);
GMenuModel       *brisk_chat_view_get_conversation_menu (BriskChatView *self);
void              brisk_chat_view_focus_composer  (BriskChatView    *self);
void              brisk_chat_view_reveal_message  (BriskChatView    *self,
                                                   gint64            message_id);
void              brisk_chat_view_jump_to_latest  (BriskChatView    *self);
void              brisk_chat_view_stop            (BriskChatView    *self);
void              brisk_chat_view_regenerate      (BriskChatView    *self);
void              brisk_chat_view_retry           (BriskChatView    *self);
void              brisk_chat_view_copy_last_reply (BriskChatView    *self);
void              brisk_chat_view_choose_model    (BriskChatView    *self);
void              brisk_chat_view_show_notice     (BriskChatView    *self,
                                                   const char       *text,
                                                   const char       *button_label,
                                                   const char       *action_name);

G_END_DECLS
