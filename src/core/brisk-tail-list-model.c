/* brisk-tail-list-model.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "brisk-tail-list-model"

#include "config.h"

#include "brisk-tail-list-model.h"

/* The newest items of a list, oldest first: the end of another model, with the items before
 * it hidden until revealed.
 *
 * A list view of GTK 4.8 builds a widget for every item within two hundred of the one it
 * shows, at once, when the items arrive. Rendered messages cost milliseconds each, so a page of
 * older messages put at the top of the list in one go stalls the window for a large part of a
 * second. Behind this model the older messages are read a page at a time, as before, but reach
 * the list view a few at a time, as the frames allow (see BriskChatView).
 *
 * Items the underlying model puts among the hidden ones or just before the first one shown
 * stay hidden; changes after them are passed on.
 */
struct _BriskTailListModel
{
  GObject     parent_instance;

  GListModel *model;
  guint       n_hidden;  /* items at the start of @model not shown */
};

static GType
brisk_tail_list_model_get_item_type (GListModel *list)
{
  BriskTailListModel *self = BRISK_TAIL_LIST_MODEL (list);

  return g_list_model_get_item_type (self->model);
}

static guint
brisk_tail_list_model_get_n_items (GListModel *list)
{
  BriskTailListModel *self = BRISK_TAIL_LIST_MODEL (list);

  return g_list_model_get_n_items (self->model) - self->n_hidden;
}

static gpointer
brisk_tail_list_model_get_item (GListModel *list,
                                guint       position)
{
  BriskTailListModel *self = BRISK_TAIL_LIST_MODEL (list);

  if (position >= g_list_model_get_n_items (self->model) - self->n_hidden)
    return NULL;

  return g_list_model_get_item (self->model, self->n_hidden + position);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = brisk_tail_list_model_get_item_type;
  iface->get_n_items = brisk_tail_list_model_get_n_items;
  iface->get_item = brisk_tail_list_model_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (BriskTailListModel, brisk_tail_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static void
model_items_changed_cb (BriskTailListModel *self,
                        guint               position,
                        guint               removed,
                        guint               added,
                        GListModel         *model)
{
  guint n_before = g_list_model_get_n_items (model) - added + removed;
  guint hidden_removed;

  /* Items put before the first one shown (a page of older messages) join the hidden ones; only
   * items added at the very end are shown when nothing is.
   */
  if (position > self->n_hidden
      || (position == self->n_hidden && (removed > 0 || position == n_before)))
    {
      g_list_model_items_changed (G_LIST_MODEL (self), position - self->n_hidden, removed, added);
      return;
    }

  /* The change begins among the hidden items: what it adds there stays hidden, and what it
   * removes beyond them leaves the start of this list.
   */
  hidden_removed = MIN (removed, self->n_hidden - position);
  self->n_hidden = self->n_hidden - hidden_removed + added;
  if (removed > hidden_removed)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed - hidden_removed, 0);
}

static void
brisk_tail_list_model_dispose (GObject *object)
{
  BriskTailListModel *self = (BriskTailListModel *)object;

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, model_items_changed_cb, self);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (brisk_tail_list_model_parent_class)->dispose (object);
}

static void
brisk_tail_list_model_class_init (BriskTailListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = brisk_tail_list_model_dispose;
}

static void
brisk_tail_list_model_init (BriskTailListModel *self)
{
}

/**
 * brisk_tail_list_model_new:
 * @model: the whole list
 * @n_shown: how many of its last items to show at first
 *
 * Returns: (transfer full): a model of the last @n_shown items of @model, and of every item
 *   added after them
 */
BriskTailListModel *
brisk_tail_list_model_new (GListModel *model,
                           guint       n_shown)
{
  BriskTailListModel *self;
  guint n_items;

  g_return_val_if_fail (G_IS_LIST_MODEL (model), NULL);

  self = g_object_new (BRISK_TYPE_TAIL_LIST_MODEL, NULL);
  self->model = g_object_ref (model);
  n_items = g_list_model_get_n_items (model);
  self->n_hidden = n_items > n_shown ? n_items - n_shown : 0;
  g_signal_connect_object (model, "items-changed", G_CALLBACK (model_items_changed_cb), self,
                           G_CONNECT_SWAPPED);

  return self;
}

GListModel *
brisk_tail_list_model_get_model (BriskTailListModel *self)
{
  g_return_val_if_fail (BRISK_IS_TAIL_LIST_MODEL (self), NULL);

  return self->model;
}

/**
 * brisk_tail_list_model_get_n_hidden:
 *
 * Returns: how many items of the underlying model come before the first one shown
 */
guint
brisk_tail_list_model_get_n_hidden (BriskTailListModel *self)
{
  g_return_val_if_fail (BRISK_IS_TAIL_LIST_MODEL (self), 0);

  return self->n_hidden;
}

/**
 * brisk_tail_list_model_reveal:
 * @n_items: how many more items to show
 *
 * Shows up to @n_items of the hidden items just before the first one shown, at the start of
 * the list.
 *
 * Returns: how many were shown
 */
guint
brisk_tail_list_model_reveal (BriskTailListModel *self,
                              guint               n_items)
{
  guint n_revealed;

  g_return_val_if_fail (BRISK_IS_TAIL_LIST_MODEL (self), 0);

  n_revealed = MIN (n_items, self->n_hidden);
  if (n_revealed == 0)
    return 0;

  self->n_hidden -= n_revealed;
  g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, n_revealed);

  return n_revealed;
}

/**
 * brisk_tail_list_model_reveal_to:
 * @model_position: a position in the underlying model
 *
 * Shows every item from @model_position on, if some are hidden.
 *
 * Returns: where the item at @model_position is in this list
 */
guint
brisk_tail_list_model_reveal_to (BriskTailListModel *self,
                                 guint               model_position)
{
  g_return_val_if_fail (BRISK_IS_TAIL_LIST_MODEL (self), 0);

  if (model_position < self->n_hidden)
    brisk_tail_list_model_reveal (self, self->n_hidden - model_position);

  return model_position - self->n_hidden;
}
