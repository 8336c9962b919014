/* brisk-window.h
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "brisk-chat-view.h"
#include "brisk-conversation.h"
#include "brisk-types.h"

G_BEGIN_DECLS

#define BRISK_TYPE_WINDOW (brisk_window_get_type())

G_DECLARE_FINAL_TYPE (BriskWindow, brisk_window, BRISK, WINDOW, AdwApplicationWindow)

BriskWindow *brisk_window_new               (BriskApplication *application);
void         brisk_window_show_conversation (BriskWindow      *self);
void         brisk_window_new_conversation  (BriskWindow      *self);
void         brisk_window_open_conversation (BriskWindow      *self,
                                             BriskConversation *conversation);
void         brisk_window_open_session      (BriskWindow      *self,
                                             BriskChatSession *session);
void         brisk_window_search            (BriskWindow      *self,
                                             const char       *query);
BriskChatView *brisk_window_get_chat_view   (BriskWindow      *self);

G_END_DECLS
