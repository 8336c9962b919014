/* brisk-drafts.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "brisk-drafts"

#include "config.h"

#include <glib/gstdio.h>

#include "brisk-drafts.h"

/* Messages being written, one per conversation, kept across restarts. They live in a small
 * key file beside the history rather than in it: a draft changes with every key press, and
 * writing it must never wait on, or compete with, a reply being saved.
 */
struct _BriskDrafts
{
  GObject    parent_instance;

  char      *path;
  GKeyFile  *key_file;
  guint      save_id;
};

G_DEFINE_FINAL_TYPE (BriskDrafts, brisk_drafts, G_TYPE_OBJECT)

#define GROUP "drafts"

/* Typing is saved at most this often. */
#define SAVE_DELAY_MS 500

/**
 * brisk_drafts_new:
 * @path: the file the drafts are kept in; read now if it exists
 *
 * Returns: (transfer full): the drafts
 */
BriskDrafts *
brisk_drafts_new (const char *path)
{
  BriskDrafts *self;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (BRISK_TYPE_DRAFTS, NULL);
  self->path = g_strdup (path);

  if (!g_key_file_load_from_file (self->key_file, path, G_KEY_FILE_NONE, &error)
      && !g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    g_warning ("Could not read the drafts in %s: %s", path, error->message);

  return self;
}

/**
 * brisk_drafts_get_default_path:
 *
 * Returns: (transfer full): `drafts.ini` beside the history
 */
char *
brisk_drafts_get_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "brisk", "drafts.ini", NULL);
}

static char *
key_for (gint64 conversation_id)
{
  /* A new conversation has no id yet; its draft waits under "new". */
  return conversation_id > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, conversation_id)
                             : g_strdup ("new");
}

/**
 * brisk_drafts_get:
 * @conversation_id: a conversation, or 0 for the new one
 *
 * Returns: (transfer full) (nullable): its draft
 */
char *
brisk_drafts_get (BriskDrafts *self,
                  gint64       conversation_id)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (BRISK_IS_DRAFTS (self), NULL);

  key = key_for (conversation_id);
  return g_key_file_get_string (self->key_file, GROUP, key, NULL);
}

/**
 * brisk_drafts_save:
 *
 * Writes the drafts to disk now.
 *
 * Returns: %FALSE, with @error set, if they could not be written
 */
gboolean
brisk_drafts_save (BriskDrafts  *self,
                   GError      **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *data = NULL;
  gsize length;

  g_return_val_if_fail (BRISK_IS_DRAFTS (self), FALSE);

  g_clear_handle_id (&self->save_id, g_source_remove);

  dir = g_path_get_dirname (self->path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "Could not create %s: %s", dir, g_strerror (saved_errno));
      return FALSE;
    }

  data = g_key_file_to_data (self->key_file, &length, NULL);
  /* Drafts are the user's words, as private as the history. */
  return g_file_set_contents_full (self->path, data, length,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

static gboolean
save_timeout_cb (gpointer user_data)
{
  BriskDrafts *self = user_data;
  g_autoptr(GError) error = NULL;

  self->save_id = 0;
  if (!brisk_drafts_save (self, &error))
    g_warning ("Could not save the drafts: %s", error->message);

  return G_SOURCE_REMOVE;
}

/**
 * brisk_drafts_set:
 * @conversation_id: a conversation, or 0 for the new one
 * @text: (nullable): its draft; %NULL or empty forgets it
 *
 * Keeps a draft; it reaches the disk within half a second.
 */
void
brisk_drafts_set (BriskDrafts *self,
                  gint64       conversation_id,
                  const char  *text)
{
  g_autofree char *key = NULL;
  g_autofree char *old = NULL;

  g_return_if_fail (BRISK_IS_DRAFTS (self));

  key = key_for (conversation_id);
  old = g_key_file_get_string (self->key_file, GROUP, key, NULL);
  if (g_strcmp0 (old, text) == 0 || (old == NULL && (text == NULL || *text == '\0')))
    return;

  if (text == NULL || *text == '\0')
    g_key_file_remove_key (self->key_file, GROUP, key, NULL);
  else
    g_key_file_set_string (self->key_file, GROUP, key, text);

  if (self->save_id == 0)
    self->save_id = g_timeout_add (SAVE_DELAY_MS, save_timeout_cb, self);
}

static void
brisk_drafts_dispose (GObject *object)
{
  BriskDrafts *self = (BriskDrafts *)object;
  g_autoptr(GError) error = NULL;

  /* What was typed last is not lost to the save delay. */
  if (self->save_id != 0 && !brisk_drafts_save (self, &error))
    g_warning ("Could not save the drafts: %s", error->message);

  G_OBJECT_CLASS (brisk_drafts_parent_class)->dispose (object);
}

static void
brisk_drafts_finalize (GObject *object)
{
  BriskDrafts *self = (BriskDrafts *)object;

  g_free (self->path);
  g_key_file_unref (self->key_file);

  G_OBJECT_CLASS (brisk_drafts_parent_class)->finalize (object);
}

static void
brisk_drafts_class_init (BriskDraftsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = brisk_drafts_dispose;
  object_class->finalize = brisk_drafts_finalize;
}

static void
brisk_drafts_init (BriskDrafts *self)
{
  self->key_file = g_key_file_new ();
}
