/* brisk-message.h
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "brisk-chat-types.h"

G_BEGIN_DECLS

#define BRISK_TYPE_MESSAGE (brisk_message_get_type())

G_DECLARE_FINAL_TYPE (BriskMessage, brisk_message, BRISK, MESSAGE, GObject)

gint64           brisk_message_get_id              (BriskMessage *self);
gint64           brisk_message_get_conversation_id (BriskMessage *self);
const char      *brisk_message_get_role            (BriskMessage *self);
const char      *brisk_message_get_content         (BriskMessage *self);
void             brisk_message_set_content         (BriskMessage *self,
                                                    const char *content);
const char      *brisk_message_get_reasoning       (BriskMessage *self);
void             brisk_message_set_reasoning       (BriskMessage *self,
                                                    const char *reasoning);
const char      *brisk_message_get_tool_calls      (BriskMessage *self);
void             brisk_message_set_tool_calls      (BriskMessage *self,
                                                    const char *tool_calls);
const char      *brisk_message_get_tool_call_id    (BriskMessage *self);
void             brisk_message_set_tool_call_id    (BriskMessage *self,
                                                    const char *tool_call_id);
const char      *brisk_message_get_executed_tools  (BriskMessage *self);
void             brisk_message_set_executed_tools  (BriskMessage *self,
                                                    const char *executed_tools);
const char      *brisk_message_get_model           (BriskMessage *self);
void             brisk_message_set_model           (BriskMessage *self,
                                                    const char *model);
BriskReplyStatus brisk_message_get_status          (BriskMessage *self);
void             brisk_message_set_status          (BriskMessage *self,
                                                    BriskReplyStatus status);
const char      *brisk_message_get_error           (BriskMessage *self);
void             brisk_message_set_error           (BriskMessage *self,
                                                    const char *error);
const char      *brisk_message_get_finish_reason   (BriskMessage *self);
void             brisk_message_set_finish_reason   (BriskMessage *self,
                                                    const char *finish_reason);
const char      *brisk_message_get_usage           (BriskMessage *self);
void             brisk_message_set_usage           (BriskMessage *self,
                                                    const char *usage);
gint64           brisk_message_get_created         (BriskMessage *self);
void             brisk_message_append              (BriskMessage     *self,
                                                    BriskDeltaKind    kind,
                                                    const char       *text);

G_END_DECLS
