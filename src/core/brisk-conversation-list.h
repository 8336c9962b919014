/* brisk-conversation-list.h
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "brisk-store.h"

G_BEGIN_DECLS

#define BRISK_TYPE_CONVERSATION_LIST (brisk_conversation_list_get_type())

G_DECLARE_FINAL_TYPE (BriskConversationList, brisk_conversation_list, BRISK, CONVERSATION_LIST, GObject)

BriskConversationList *brisk_conversation_list_new          (BriskStore            *store,
                                                             gboolean               archived);
void                   brisk_conversation_list_reload       (BriskConversationList *self);
guint                  brisk_conversation_list_get_n_loaded_pages
                                                            (BriskConversationList *self);

G_END_DECLS
