/* brisk-message-list.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "brisk-message-list"

#include "config.h"

#include "brisk-message-list.h"
#include "brisk-message-list-layer.h"

/* The messages of a conversation, top to bottom, in a scrollable column.
 *
 * GtkListView of GTK 4.8 is not used here: it keeps widgets for two hundred items around the
 * one it is anchored to, and places that range by where the anchor sits in the view. Messages
 * are often taller than the view, so while scrolling the anchor's place flips between the top
 * and the bottom, and each flip binds dozens of rows again: each a Markdown render with code
 * blocks, many milliseconds each. Here a row is built once, when its message joins the list,
 * and kept; messages join a few at a time (see BriskChatView), so the rows that exist are the
 * ones the user has scrolled through.
 *
 * The list keeps what the user reads in place: when rows above the view are added or change
 * height, the first visible row stays where it was on screen.
 *
 * What a row shows need not exist while the row is far from the view: the list says when a row
 * comes near the view (::row-near) and when it goes far from it (::row-far), and the chat view
 * renders an answer's text, or lets go of it, accordingly.
 *
 * With thousands of rows a frame stays cheap: only the rows within a screen of the view are
 * measured (the others keep the height they last had until the view nears them) and only the
 * rows in view are painted. The rows sit on layers as tall as all of them, which scrolling
 * moves (see BriskMessageListLayer): a row is allocated again only when its place or size
 * changes, not whenever the view moves.
 *
 * Rows join the widget tree in the order they come, whatever their place in the list, spread
 * over the layers: GTK 4.8 restyles all the siblings of a widget that joins a parent, with
 * their descendants, and older messages join at the top one at a time. Keyboard focus follows
 * the rows' places on screen, as GTK orders Tab by geometry.
 */

/* How far beyond the view, in views, rows are measured again in each layout. */
#define NEAR_VIEWS 1

/* Beyond how many views from the view a row is told it is far (see ::row-far): well beyond
 * NEAR_VIEWS, so that scrolling back and forth a little does not make rows render again.
 */
#define FAR_VIEWS 4

/* The layers the rows are spread over. A row joining a layer restyles that layer's rows; a
 * layer joining the list would restyle all the rows, so all are made before the first row.
 */
#define N_LAYERS 64

typedef BriskMessageListRow Row;

struct _BriskMessageList
{
  GtkWidget      parent_instance;

  GPtrArray     *rows;  /* of Row, top to bottom (not the children's order; see above) */
  BriskMessageListLayer *layers[N_LAYERS];  /* once there were rows */
  GtkAdjustment *hadjustment;
  GtkAdjustment *vadjustment;
  GtkWidget     *scroll_target;  /* a row to bring to the top at the next allocation */
  int            content_height;  /* of all rows, as last allocated */
  int            width;           /* the rows were measured for */
  int            min_width;       /* the widest minimum of the rows measured */

  guint          hscroll_policy : 1;
  guint          vscroll_policy : 1;
  guint          allocating : 1;
};

enum {
  ROW_NEAR,
  ROW_FAR,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_HADJUSTMENT,
  PROP_VADJUSTMENT,
  PROP_HSCROLL_POLICY,
  PROP_VSCROLL_POLICY,
  N_PROPS
};

G_DEFINE_FINAL_TYPE_WITH_CODE (BriskMessageList, brisk_message_list, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SCROLLABLE, NULL))

GtkWidget *
brisk_message_list_new (void)
{
  return g_object_new (BRISK_TYPE_MESSAGE_LIST, NULL);
}

static Row *
row_at (BriskMessageList *self,
        guint             position)
{
  return g_ptr_array_index (self->rows, position);
}

/* {{{ Scrolling */

static void
adjustment_value_changed_cb (BriskMessageList *self)
{
  if (!self->allocating)
    gtk_widget_queue_allocate (GTK_WIDGET (self));
}

static void
set_adjustment (BriskMessageList  *self,
                GtkAdjustment    **slot,
                GtkAdjustment     *adjustment)
{
  if (adjustment == NULL)
    adjustment = gtk_adjustment_new (0, 0, 0, 0, 0, 0);
  if (*slot == adjustment)
    return;

  if (*slot != NULL)
    {
      g_signal_handlers_disconnect_by_func (*slot, adjustment_value_changed_cb, self);
      g_object_unref (*slot);
    }
  *slot = g_object_ref_sink (adjustment);
  g_signal_connect_swapped (adjustment, "value-changed",
                            G_CALLBACK (adjustment_value_changed_cb), self);
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

/* The row at the top of the view as last allocated, and how far its top is from the view's. */
static GtkWidget *
find_anchor (BriskMessageList *self,
             double            value,
             double           *offset)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = row_at (self, i);

      if (row->top >= 0 && row->top + row->height > value)
        {
          *offset = row->top - value;
          return row->widget;
        }
    }

  return NULL;
}

/**
 * brisk_message_list_scroll_to:
 * @position: a row
 *
 * Brings the top of the row at @position to the top of the view, once the row is laid out.
 */
void
brisk_message_list_scroll_to (BriskMessageList *self,
                              guint             position)
{
  g_return_if_fail (BRISK_IS_MESSAGE_LIST (self));
  g_return_if_fail (position < self->rows->len);

  self->scroll_target = row_at (self, position)->widget;
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

/* }}} */

/* {{{ Rows */

guint
brisk_message_list_get_n_rows (BriskMessageList *self)
{
  g_return_val_if_fail (BRISK_IS_MESSAGE_LIST (self), 0);

  return self->rows->len;
}

GtkWidget *
brisk_message_list_get_row (BriskMessageList *self,
                            guint             position)
{
  g_return_val_if_fail (BRISK_IS_MESSAGE_LIST (self), NULL);
  g_return_val_if_fail (position < self->rows->len, NULL);

  return row_at (self, position)->widget;
}

/* The layer with the fewest rows, where a row joining the list restyles the fewest others. */
static BriskMessageListLayer *
find_emptiest_layer (BriskMessageList *self)
{
  BriskMessageListLayer *emptiest;

  if (self->layers[0] == NULL)
    for (guint i = 0; i < N_LAYERS; i++)
      {
        self->layers[i] = BRISK_MESSAGE_LIST_LAYER (brisk_message_list_layer_new ());
        gtk_widget_set_parent (GTK_WIDGET (self->layers[i]), GTK_WIDGET (self));
      }

  emptiest = self->layers[0];
  for (guint i = 1; i < N_LAYERS; i++)
    if (brisk_message_list_layer_get_n_rows (self->layers[i])
        < brisk_message_list_layer_get_n_rows (emptiest))
      emptiest = self->layers[i];

  return emptiest;
}

/**
 * brisk_message_list_insert:
 * @position: where the row goes; the number of rows puts it at the end
 * @row: the row widget, which the list takes
 */
void
brisk_message_list_insert (BriskMessageList *self,
                           guint             position,
                           GtkWidget        *row)
{
  Row *entry = g_new0 (Row, 1);

  g_return_if_fail (BRISK_IS_MESSAGE_LIST (self));
  g_return_if_fail (GTK_IS_WIDGET (row));
  g_return_if_fail (position <= self->rows->len);

  entry->widget = row;
  entry->top = entry->placed_top = -1;
  g_ptr_array_insert (self->rows, position, entry);
  brisk_message_list_layer_add (find_emptiest_layer (self), entry);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
brisk_message_list_remove (BriskMessageList *self,
                           guint             position)
{
  GtkWidget *widget;
  BriskMessageListLayer *layer;

  g_return_if_fail (BRISK_IS_MESSAGE_LIST (self));
  g_return_if_fail (position < self->rows->len);

  widget = row_at (self, position)->widget;
  layer = BRISK_MESSAGE_LIST_LAYER (gtk_widget_get_parent (widget));
  if (self->scroll_target == widget)
    self->scroll_target = NULL;
  brisk_message_list_layer_remove (layer, widget);
  g_ptr_array_remove_index (self->rows, position);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/* }}} */

/* {{{ GtkWidget */

static GtkSizeRequestMode
brisk_message_list_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

/* The rows' sizes as last measured: measuring every row in every frame would cost a frame
 * as much as the rows there are.
 */
static void
brisk_message_list_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  BriskMessageList *self = BRISK_MESSAGE_LIST (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = *natural = self->min_width;
      return;
    }

  *minimum = *natural = 0;
  for (guint i = 0; i < self->rows->len; i++)
    *natural += row_at (self, i)->height;
}

static gboolean
is_within (Row    *row,
           double  value,
           int     height,
           int     views)
{
  return row->top < value + (1 + views) * height
         && row->top + row->height > value - views * height;
}

static gboolean
is_near (Row    *row,
         double  value,
         int     height)
{
  return is_within (row, value, height, NEAR_VIEWS);
}

static void
measure_row (BriskMessageList *self,
             Row              *row)
{
  int row_min_width;

  gtk_widget_measure (row->widget, GTK_ORIENTATION_HORIZONTAL, -1,
                      &row_min_width, NULL, NULL, NULL);
  if (row_min_width > self->min_width)
    {
      self->min_width = row_min_width;
      gtk_widget_queue_resize (GTK_WIDGET (self));
    }
  row->width = MAX (self->width, row_min_width);
  gtk_widget_measure (row->widget, GTK_ORIENTATION_VERTICAL, row->width,
                      NULL, &row->height, NULL, NULL);
}

static void
brisk_message_list_size_allocate (GtkWidget *widget,
                                  int        width,
                                  int        height,
                                  int        baseline)
{
  BriskMessageList *self = BRISK_MESSAGE_LIST (widget);
  double value = gtk_adjustment_get_value (self->vadjustment);
  double anchor_offset = 0;
  GtkWidget *anchor = find_anchor (self, value, &anchor_offset);
  /* A view at the end stays there as the rows grow (a reply streams in) or the view shrinks. */
  gboolean at_end = value + gtk_adjustment_get_page_size (self->vadjustment)
                    >= self->content_height - 1;
  int y = 0;

  /* At another width every row's height changes. Those near the view are measured for it now;
   * the others keep their old width and height until the view nears them, so dragging the
   * window's edge lays out a screenful of rows, not all of them.
   */
  self->width = width;

  /* Rows near the view as it was, and rows never measured, are measured (GTK keeps the sizes
   * of rows that did not change, so asking again is cheap).
   */
  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = row_at (self, i);

      if (row->top < 0 || is_near (row, value, height))
        measure_row (self, row);
      row->top = y;
      y += row->height;
      if (row->widget == anchor)
        value = row->top - anchor_offset;
    }

  self->content_height = y;
  if (at_end)
    value = y - height;
  if (self->scroll_target != NULL)
    {
      for (guint i = 0; i < self->rows->len; i++)
        if (row_at (self, i)->widget == self->scroll_target)
          value = row_at (self, i)->top;
      self->scroll_target = NULL;
    }

  self->allocating = TRUE;
  gtk_adjustment_configure (self->vadjustment, CLAMP (value, 0, MAX (0, y - height)), 0,
                            MAX (y, height), height * 0.1, height * 0.9, height);
  gtk_adjustment_configure (self->hadjustment, 0, 0, width, width * 0.1, width * 0.9, width);
  self->allocating = FALSE;
  value = gtk_adjustment_get_value (self->vadjustment);

  /* Rows that came near the view at another width are measured for this one, which may move
   * those below them: a row whose height changes here has it in the next frame.
   */
  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = row_at (self, i);

      if (row->width != width && is_near (row, value, height))
        {
          int old_height = row->height;

          measure_row (self, row);
          if (row->height != old_height)
            gtk_widget_queue_allocate (widget);
        }
      /* A layer allocates its rows only when it must: when one of them moved or changed size. */
      if (row->top != row->placed_top || row->width != row->placed_width ||
          row->height != row->placed_height)
        gtk_widget_queue_allocate (gtk_widget_get_parent (row->widget));
      if (is_near (row, value, height) != row->near)
        {
          row->near = !row->near;
          if (row->near)
            g_signal_emit (self, signals[ROW_NEAR], 0, row->widget);
        }
      if (is_within (row, value, height, FAR_VIEWS) == row->far)
        {
          row->far = !row->far;
          if (row->far)
            g_signal_emit (self, signals[ROW_FAR], 0, row->widget);
        }
    }

  for (GtkWidget *layer = gtk_widget_get_first_child (widget);
       layer != NULL;
       layer = gtk_widget_get_next_sibling (layer))
    {
      brisk_message_list_layer_set_shown (BRISK_MESSAGE_LIST_LAYER (layer), value, value + height);
      gtk_widget_allocate (layer, width, MAX (y, height), -1,
                           gsk_transform_translate (NULL, &GRAPHENE_POINT_INIT (0, -value)));
    }
}

static void
brisk_message_list_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  for (GtkWidget *layer = gtk_widget_get_first_child (widget);
       layer != NULL;
       layer = gtk_widget_get_next_sibling (layer))
    gtk_widget_snapshot_child (widget, layer, snapshot);
}

/* }}} */

/* {{{ GObject */

static void
brisk_message_list_dispose (GObject *object)
{
  BriskMessageList *self = (BriskMessageList *)object;

  while (self->rows->len > 0)
    brisk_message_list_remove (self, self->rows->len - 1);
  for (guint i = 0; i < N_LAYERS; i++)
    g_clear_pointer ((GtkWidget **)&self->layers[i], gtk_widget_unparent);
  if (self->hadjustment != NULL)
    g_signal_handlers_disconnect_by_func (self->hadjustment, adjustment_value_changed_cb, self);
  if (self->vadjustment != NULL)
    g_signal_handlers_disconnect_by_func (self->vadjustment, adjustment_value_changed_cb, self);
  g_clear_object (&self->hadjustment);
  g_clear_object (&self->vadjustment);

  G_OBJECT_CLASS (brisk_message_list_parent_class)->dispose (object);
}

static void
brisk_message_list_finalize (GObject *object)
{
  BriskMessageList *self = (BriskMessageList *)object;

  g_ptr_array_unref (self->rows);

  G_OBJECT_CLASS (brisk_message_list_parent_class)->finalize (object);
}

static void
brisk_message_list_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  BriskMessageList *self = BRISK_MESSAGE_LIST (object);

  switch (prop_id)
    {
    case PROP_HADJUSTMENT:
      g_value_set_object (value, self->hadjustment);
      break;

    case PROP_VADJUSTMENT:
      g_value_set_object (value, self->vadjustment);
      break;

    case PROP_HSCROLL_POLICY:
      g_value_set_enum (value, self->hscroll_policy);
      break;

    case PROP_VSCROLL_POLICY:
      g_value_set_enum (value, self->vscroll_policy);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
brisk_message_list_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  BriskMessageList *self = BRISK_MESSAGE_LIST (object);

  switch (prop_id)
    {
    case PROP_HADJUSTMENT:
      set_adjustment (self, &self->hadjustment, g_value_get_object (value));
      break;

    case PROP_VADJUSTMENT:
      set_adjustment (self, &self->vadjustment, g_value_get_object (value));
      break;

    case PROP_HSCROLL_POLICY:
      self->hscroll_policy = g_value_get_enum (value);
      gtk_widget_queue_resize (GTK_WIDGET (self));
      break;

    case PROP_VSCROLL_POLICY:
      self->vscroll_policy = g_value_get_enum (value);
      gtk_widget_queue_resize (GTK_WIDGET (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
brisk_message_list_class_init (BriskMessageListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = brisk_message_list_dispose;
  object_class->finalize = brisk_message_list_finalize;
  object_class->get_property = brisk_message_list_get_property;
  object_class->set_property = brisk_message_list_set_property;

  widget_class->get_request_mode = brisk_message_list_get_request_mode;
  widget_class->measure = brisk_message_list_measure;
  widget_class->size_allocate = brisk_message_list_size_allocate;
  widget_class->snapshot = brisk_message_list_snapshot;

  /**
   * BriskMessageList::row-near:
   * @row: the row
   *
   * A row came within a screen of the view: what it shows should be ready when it gets there.
   * Emitted while the list lays out; handlers must not add or remove rows.
   */
  signals[ROW_NEAR] = g_signal_new ("row-near", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, GTK_TYPE_WIDGET);

  /**
   * BriskMessageList::row-far:
   * @row: the row
   *
   * A row went more than a few screens from the view: what it shows may be let go of, as long
   * as its height stays, until ::row-near. Emitted while the list lays out, like ::row-near.
   */
  signals[ROW_FAR] = g_signal_new ("row-far", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, GTK_TYPE_WIDGET);

  g_object_class_override_property (object_class, PROP_HADJUSTMENT, "hadjustment");
  g_object_class_override_property (object_class, PROP_VADJUSTMENT, "vadjustment");
  g_object_class_override_property (object_class, PROP_HSCROLL_POLICY, "hscroll-policy");
  g_object_class_override_property (object_class, PROP_VSCROLL_POLICY, "vscroll-policy");

  gtk_widget_class_set_css_name (widget_class, "messagelist");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LIST);
}

static void
brisk_message_list_init (BriskMessageList *self)
{
  self->rows = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  set_adjustment (self, &self->hadjustment, NULL);
  set_adjustment (self, &self->vadjustment, NULL);
}

/* }}} */
