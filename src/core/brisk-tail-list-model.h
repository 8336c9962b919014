/* brisk-tail-list-model.h
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define BRISK_TYPE_TAIL_LIST_MODEL (brisk_tail_list_model_get_type())

G_DECLARE_FINAL_TYPE (BriskTailListModel, brisk_tail_list_model, BRISK, TAIL_LIST_MODEL, GObject)

BriskTailListModel *brisk_tail_list_model_new          (GListModel         *model,
                                                        guint               n_shown);
GListModel         *brisk_tail_list_model_get_model    (BriskTailListModel *self);
guint               brisk_tail_list_model_get_n_hidden (BriskTailListModel *self);
guint               brisk_tail_list_model_reveal       (BriskTailListModel *self,
                                                        guint               n_items);
guint               brisk_tail_list_model_reveal_to    (BriskTailListModel *self,
                                                        guint               model_position);

G_END_DECLS
