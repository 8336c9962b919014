/* brisk-conversation.h
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define BRISK_TYPE_CONVERSATION (brisk_conversation_get_type())

G_DECLARE_FINAL_TYPE (BriskConversation, brisk_conversation, BRISK, CONVERSATION, GObject)

gint64      brisk_conversation_get_id                (BriskConversation *self);
const char *brisk_conversation_get_uuid              (BriskConversation *self);
const char *brisk_conversation_get_title             (BriskConversation *self);
void        brisk_conversation_set_title             (BriskConversation *self,
                                                      const char        *title);
gboolean    brisk_conversation_get_title_is_custom   (BriskConversation *self);
void        brisk_conversation_set_title_is_custom   (BriskConversation *self,
                                                      gboolean           custom);
gint64      brisk_conversation_get_created           (BriskConversation *self);
gint64      brisk_conversation_get_updated           (BriskConversation *self);
void        brisk_conversation_set_updated           (BriskConversation *self,
                                                      gint64             updated);
gboolean    brisk_conversation_get_pinned            (BriskConversation *self);
void        brisk_conversation_set_pinned            (BriskConversation *self,
                                                      gboolean           pinned);
gboolean    brisk_conversation_get_archived          (BriskConversation *self);
void        brisk_conversation_set_archived          (BriskConversation *self,
                                                      gboolean           archived);
const char *brisk_conversation_get_provider          (BriskConversation *self);
void        brisk_conversation_set_provider          (BriskConversation *self,
                                                      const char        *provider);
const char *brisk_conversation_get_model             (BriskConversation *self);
void        brisk_conversation_set_model             (BriskConversation *self,
                                                      const char        *model);
const char *brisk_conversation_get_system_prompt     (BriskConversation *self);
void        brisk_conversation_set_system_prompt     (BriskConversation *self,
                                                      const char        *system_prompt);
const char *brisk_conversation_get_parameters        (BriskConversation *self);
void        brisk_conversation_set_parameters        (BriskConversation *self,
                                                      const char        *parameters);

G_END_DECLS
