/* brisk-conversation-list.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "brisk-conversation-list"

#include "config.h"

#include "brisk-conversation-list.h"

/* The sidebar's GListModel: the store's conversations, pinned first, then the most recently
 * updated. Only the count is read up front; items are read a page at a time when a list view
 * asks for them, so ten thousand conversations open as fast as fifty.
 */

#define PAGE_SIZE 100

struct _BriskConversationList
{
  GObject     parent_instance;

  BriskStore *store;
  GHashTable *pages;      /* page number → GPtrArray of BriskConversation */
  guint       n_items;
  gboolean    archived;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BriskConversationList, brisk_conversation_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
brisk_conversation_list_get_item_type (GListModel *model)
{
  return BRISK_TYPE_CONVERSATION;
}

static guint
brisk_conversation_list_get_n_items (GListModel *model)
{
  return BRISK_CONVERSATION_LIST (model)->n_items;
}

static gpointer
brisk_conversation_list_get_item (GListModel *model,
                                  guint       position)
{
  BriskConversationList *self = BRISK_CONVERSATION_LIST (model);
  guint page_number = position / PAGE_SIZE;
  GPtrArray *page;

  if (position >= self->n_items)
    return NULL;

  page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page_number));
  if (page == NULL)
    {
      g_autoptr(GError) error = NULL;

      page = brisk_store_list_conversations (self->store, self->archived,
                                             page_number * PAGE_SIZE, PAGE_SIZE, &error);
      if (page == NULL)
        {
          g_warning ("Could not read the conversation list: %s", error->message);
          return NULL;
        }
      g_hash_table_insert (self->pages, GUINT_TO_POINTER (page_number), page);
    }

  if (position % PAGE_SIZE >= page->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (page, position % PAGE_SIZE));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = brisk_conversation_list_get_item_type;
  iface->get_n_items = brisk_conversation_list_get_n_items;
  iface->get_item = brisk_conversation_list_get_item;
}

static void
brisk_conversation_list_dispose (GObject *object)
{
  BriskConversationList *self = (BriskConversationList *)object;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  g_hash_table_remove_all (self->pages);

  G_OBJECT_CLASS (brisk_conversation_list_parent_class)->dispose (object);
}

static void
brisk_conversation_list_finalize (GObject *object)
{
  BriskConversationList *self = (BriskConversationList *)object;

  g_hash_table_unref (self->pages);

  G_OBJECT_CLASS (brisk_conversation_list_parent_class)->finalize (object);
}

static void
brisk_conversation_list_class_init (BriskConversationListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = brisk_conversation_list_dispose;
  object_class->finalize = brisk_conversation_list_finalize;
}

static void
brisk_conversation_list_init (BriskConversationList *self)
{
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify)g_ptr_array_unref);
}

/**
 * brisk_conversation_list_new:
 * @archived: list the archive rather than the active conversations
 *
 * The list follows the store: it reloads whenever conversations change.
 *
 * Returns: (transfer full): the list
 */
BriskConversationList *
brisk_conversation_list_new (BriskStore *store,
                             gboolean    archived)
{
  BriskConversationList *self;

  g_return_val_if_fail (BRISK_IS_STORE (store), NULL);

  self = g_object_new (BRISK_TYPE_CONVERSATION_LIST, NULL);
  self->store = g_object_ref (store);
  self->archived = !!archived;
  self->n_items = brisk_store_count_conversations (store, archived);
  g_signal_connect_object (store, "conversations-changed",
                           G_CALLBACK (brisk_conversation_list_reload), self, G_CONNECT_SWAPPED);

  return self;
}

/**
 * brisk_conversation_list_reload:
 *
 * Forgets the pages read so far and counts again; the list view rebinds only the rows it
 * shows.
 */
void
brisk_conversation_list_reload (BriskConversationList *self)
{
  guint old_n_items;

  g_return_if_fail (BRISK_IS_CONVERSATION_LIST (self));

  old_n_items = self->n_items;
  g_hash_table_remove_all (self->pages);
  self->n_items = brisk_store_count_conversations (self->store, self->archived);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n_items, self->n_items);
}

/**
 * brisk_conversation_list_get_n_loaded_pages:
 *
 * Returns: how many pages of the list were read from the store
 */
guint
brisk_conversation_list_get_n_loaded_pages (BriskConversationList *self)
{
  g_return_val_if_fail (BRISK_IS_CONVERSATION_LIST (self), 0);

  return g_hash_table_size (self->pages);
}
