/* brisk-message-list-layer.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "brisk-message-list-layer"

#include "config.h"

#include "brisk-message-list-layer.h"

/* Some of the rows of a BriskMessageList, each at its place in the whole conversation: a layer
 * is as tall as all the rows, and the list stacks its layers and moves them to scroll.
 *
 * Why not the rows straight in the list: scrolling would then allocate every row again at its
 * new place in every frame, which with thousands of rows costs more than the frame has. Here a
 * row is allocated only when the list lays it out anew.
 *
 * Why several layers: GTK 4.8 restyles every sibling of a widget that joins a parent, with all
 * their descendants. With all rows in one parent each message joining the list restyled the
 * whole conversation; spread over layers it restyles the rows of one layer.
 *
 * A layer takes no pointer events of its own (the layers cover one another): only its rows do.
 * It paints only its rows in the part of the list in view.
 */

#define ROW_QUARK (row_quark ())

struct _BriskMessageListLayer
{
  GtkWidget  parent_instance;

  guint      n_rows;
  int        shown_top;
  int        shown_bottom;
};

G_DEFINE_FINAL_TYPE (BriskMessageListLayer, brisk_message_list_layer, GTK_TYPE_WIDGET)

static GQuark
row_quark (void)
{
  static GQuark quark;

  if (quark == 0)
    quark = g_quark_from_static_string ("brisk-message-list-row");

  return quark;
}

GtkWidget *
brisk_message_list_layer_new (void)
{
  return g_object_new (BRISK_TYPE_MESSAGE_LIST_LAYER, NULL);
}

/**
 * brisk_message_list_layer_add:
 * @row: (transfer none): a row of the list, which must outlive its widget's place here
 *
 * Makes @row's widget a child of the layer, placed where @row says.
 */
void
brisk_message_list_layer_add (BriskMessageListLayer *self,
                              BriskMessageListRow   *row)
{
  g_return_if_fail (BRISK_IS_MESSAGE_LIST_LAYER (self));

  g_object_set_qdata (G_OBJECT (row->widget), ROW_QUARK, row);
  gtk_widget_insert_before (row->widget, GTK_WIDGET (self), NULL);
  self->n_rows++;
}

/* The row whose widget @widget is. */
static BriskMessageListRow *
get_row (GtkWidget *widget)
{
  return g_object_get_qdata (G_OBJECT (widget), ROW_QUARK);
}

/**
 * brisk_message_list_layer_remove:
 * @widget: the widget of one of the layer's rows
 */
void
brisk_message_list_layer_remove (BriskMessageListLayer *self,
                                 GtkWidget             *widget)
{
  g_return_if_fail (BRISK_IS_MESSAGE_LIST_LAYER (self));
  g_return_if_fail (gtk_widget_get_parent (widget) == GTK_WIDGET (self));

  g_object_set_qdata (G_OBJECT (widget), ROW_QUARK, NULL);
  gtk_widget_unparent (widget);
  self->n_rows--;
}

guint
brisk_message_list_layer_get_n_rows (BriskMessageListLayer *self)
{
  g_return_val_if_fail (BRISK_IS_MESSAGE_LIST_LAYER (self), 0);

  return self->n_rows;
}

/**
 * brisk_message_list_layer_set_shown:
 * @top: the top of the part of the list in view
 * @bottom: its bottom
 */
void
brisk_message_list_layer_set_shown (BriskMessageListLayer *self,
                                    int                    top,
                                    int                    bottom)
{
  g_return_if_fail (BRISK_IS_MESSAGE_LIST_LAYER (self));

  if (top == self->shown_top && bottom == self->shown_bottom)
    return;

  self->shown_top = top;
  self->shown_bottom = bottom;
  /* GTK keeps what the layer painted while it only moves: the rows that came into view must
   * be painted into it.
   */
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
brisk_message_list_layer_measure (GtkWidget      *widget,
                                  GtkOrientation  orientation,
                                  int             for_size,
                                  int            *minimum,
                                  int            *natural,
                                  int            *minimum_baseline,
                                  int            *natural_baseline)
{
  /* The list gives its layers their size: that of all the rows. */
  *minimum = *natural = 0;
}

static void
brisk_message_list_layer_size_allocate (GtkWidget *widget,
                                        int        width,
                                        int        height,
                                        int        baseline)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      BriskMessageListRow *row = get_row (child);

      gtk_widget_allocate (child, row->width, row->height, -1,
                           gsk_transform_translate (NULL, &GRAPHENE_POINT_INIT (0, row->top)));
      row->placed_top = row->top;
      row->placed_width = row->width;
      row->placed_height = row->height;
    }
}

static void
brisk_message_list_layer_snapshot (GtkWidget   *widget,
                                   GtkSnapshot *snapshot)
{
  BriskMessageListLayer *self = BRISK_MESSAGE_LIST_LAYER (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      BriskMessageListRow *row = get_row (child);

      if (row->placed_top < self->shown_bottom
          && row->placed_top + row->placed_height > self->shown_top)
        gtk_widget_snapshot_child (widget, child, snapshot);
    }
}

static gboolean
brisk_message_list_layer_contains (GtkWidget *widget,
                                   double     x,
                                   double     y)
{
  return FALSE;
}

static void
brisk_message_list_layer_class_init (BriskMessageListLayerClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->measure = brisk_message_list_layer_measure;
  widget_class->size_allocate = brisk_message_list_layer_size_allocate;
  widget_class->snapshot = brisk_message_list_layer_snapshot;
  widget_class->contains = brisk_message_list_layer_contains;

  gtk_widget_class_set_css_name (widget_class, "messagelayer");
}

static void
brisk_message_list_layer_init (BriskMessageListLayer *self)
{
}
