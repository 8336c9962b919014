/* brisk-chat-session.h
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "brisk-client.h"
#include "brisk-conversation.h"
#include "brisk-message.h"
#include "brisk-store.h"
#include "brisk-toolbox.h"

G_BEGIN_DECLS

#define BRISK_CHAT_SESSION_PAGE_SIZE 50
/* How many rounds of tool calls one question may take, unless the conversation says. */
#define BRISK_CHAT_SESSION_MAX_TOOL_ROUNDS 8

#define BRISK_TYPE_CHAT_SESSION (brisk_chat_session_get_type())

G_DECLARE_FINAL_TYPE (BriskChatSession, brisk_chat_session, BRISK, CHAT_SESSION, GObject)

BriskChatSession  *brisk_chat_session_new              (BriskStore         *store,
                                                        BriskConversation  *conversation);
BriskConversation *brisk_chat_session_get_conversation (BriskChatSession   *self);
GListModel        *brisk_chat_session_get_messages     (BriskChatSession   *self);
gboolean           brisk_chat_session_get_has_older    (BriskChatSession   *self);
gint64             brisk_chat_session_count_unloaded_chars
                                                       (BriskChatSession   *self);
gboolean           brisk_chat_session_load_older       (BriskChatSession   *self,
                                                        GError            **error);
BriskClient       *brisk_chat_session_get_client       (BriskChatSession   *self);
BriskToolbox      *brisk_chat_session_get_toolbox      (BriskChatSession   *self);
void               brisk_chat_session_set_client       (BriskChatSession   *self,
                                                        BriskClient        *client);
void               brisk_chat_session_set_title_model  (BriskChatSession   *self,
                                                        const char         *model);
gboolean           brisk_chat_session_get_busy         (BriskChatSession   *self);
BriskMessage      *brisk_chat_session_get_reply        (BriskChatSession   *self);
gboolean           brisk_chat_session_send             (BriskChatSession   *self,
                                                        const char         *text,
                                                        GError            **error);
void               brisk_chat_session_stop             (BriskChatSession   *self);
gboolean           brisk_chat_session_regenerate       (BriskChatSession   *self,
                                                        GError            **error);
gboolean           brisk_chat_session_continue         (BriskChatSession   *self,
                                                        GError            **error);
gboolean           brisk_chat_session_edit_and_resend  (BriskChatSession   *self,
                                                        BriskMessage       *message,
                                                        const char         *text,
                                                        GError            **error);
gboolean           brisk_chat_session_delete_message   (BriskChatSession   *self,
                                                        BriskMessage       *message,
                                                        GError            **error);
BriskChatRequest  *brisk_chat_session_build_request    (BriskChatSession   *self,
                                                        guint               n_messages);

G_END_DECLS
