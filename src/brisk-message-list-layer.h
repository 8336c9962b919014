/* brisk-message-list-layer.h
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A row of a BriskMessageList: where the list has laid it out, and where its layer last
 * allocated it.
 */
typedef struct
{
  GtkWidget *widget;
  int        top;            /* in the list; -1 before the list first lays it out */
  int        width;          /* the width it was last measured for */
  int        height;         /* its height at that width */
  int        placed_top;     /* as its layer last allocated it; -1 before that */
  int        placed_width;
  int        placed_height;
  gboolean   near;           /* within a screen of the view at the last layout */
  gboolean   far;            /* told it went far from the view (see ::row-far) */
} BriskMessageListRow;

#define BRISK_TYPE_MESSAGE_LIST_LAYER (brisk_message_list_layer_get_type())

G_DECLARE_FINAL_TYPE (BriskMessageListLayer, brisk_message_list_layer,
                      BRISK, MESSAGE_LIST_LAYER, GtkWidget)

GtkWidget           *brisk_message_list_layer_new       (void);
void                 brisk_message_list_layer_add       (BriskMessageListLayer *self,
                                                         BriskMessageListRow   *row);
void                 brisk_message_list_layer_remove    (BriskMessageListLayer *self,
                                                         GtkWidget             *widget);
guint                brisk_message_list_layer_get_n_rows
                                                        (BriskMessageListLayer *self);
void                 brisk_message_list_layer_set_shown (BriskMessageListLayer *self,
                                                         int                    top,
                                                         int                    bottom);

G_END_DECLS
