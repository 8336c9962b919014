/* brisk-message-list.h
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define BRISK_TYPE_MESSAGE_LIST (brisk_message_list_get_type())

G_DECLARE_FINAL_TYPE (BriskMessageList, brisk_message_list, BRISK, MESSAGE_LIST, GtkWidget)

GtkWidget *brisk_message_list_new        (void);
guint      brisk_message_list_get_n_rows (BriskMessageList *self);
GtkWidget *brisk_message_list_get_row    (BriskMessageList *self,
                                          guint             position);
void       brisk_message_list_insert     (BriskMessageList *self,
                                          guint             position,
                                          GtkWidget        *row);
void       brisk_message_list_remove     (BriskMessageList *self,
                                          guint             position);
void       brisk_message_list_scroll_to  (BriskMessageList *self,
                                          guint             position);

G_END_DECLS
