/* brisk-key-store.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "brisk-key-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "brisk-key-store.h"

/* API keys, one per provider, in the system keyring through libsecret (the Secret portal
 * inside Flatpak). Keys are never written anywhere else: not to the database, GSettings, a
 * log or a file. When no keyring can be used, a key lives in memory for this session only,
 * and the caller is told so; there is no plain-text fallback.
 *
 * GROQ_API_KEY in the environment wins over the keyring for Groq.
 */

struct _BriskKeyStore
{
  GObject     parent_instance;

  GHashTable *session_keys;   /* provider id → key, while the keyring is unavailable */
  guint       session_only : 1;
};

G_DEFINE_FINAL_TYPE (BriskKeyStore, brisk_key_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (brisk-key-store-error-quark, brisk_key_store_error)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  char           *provider_id;
  BriskKeySource  source;
} Lookup;

typedef struct
{
  char *provider_id;
  char *key;
} Saving;

static void
saving_free (Saving *saving)
{
  g_free (saving->provider_id);
  secret_password_free (saving->key);
  g_free (saving);
}

/**
 * brisk_key_store_get_schema:
 *
 * Returns: (transfer none): the schema of Brisk's keyring items: one per provider, told apart
 *   by the "provider" attribute
 */
const SecretSchema *
brisk_key_store_get_schema (void)
{
  static const SecretSchema schema = {
    "io.github.briskchat.Brisk.ApiKey", SECRET_SCHEMA_NONE,
    {
      { "provider", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

/**
 * brisk_key_free:
 * @key: (nullable): a key from brisk_key_store_lookup_finish()
 *
 * Clears the key's memory and frees it.
 */
void
brisk_key_free (char *key)
{
  secret_password_free (key);
}

static void
free_session_key (gpointer key)
{
  brisk_key_free (key);
}

static void
brisk_key_store_finalize (GObject *object)
{
  BriskKeyStore *self = (BriskKeyStore *)object;

  g_hash_table_unref (self->session_keys);

  G_OBJECT_CLASS (brisk_key_store_parent_class)->finalize (object);
}

static void
brisk_key_store_class_init (BriskKeyStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = brisk_key_store_finalize;

  /**
   * BriskKeyStore::changed:
   * @provider_id: the provider whose key was stored or forgotten
   *
   * A key was stored (in the keyring, or for the session) or deleted through this store, so
   * windows showing that provider can look it up again.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
brisk_key_store_init (BriskKeyStore *self)
{
  self->session_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, free_session_key);
}

BriskKeyStore *
brisk_key_store_new (void)
{
  return g_object_new (BRISK_TYPE_KEY_STORE, NULL);
}

/**
 * brisk_key_store_get_session_only:
 *
 * Returns: whether the keyring turned out to be unavailable, so keys last only until quit
 */
gboolean
brisk_key_store_get_session_only (BriskKeyStore *self)
{
  g_return_val_if_fail (BRISK_IS_KEY_STORE (self), FALSE);

  return self->session_only;
}

/* Any failure of the keyring itself (no Secret Service, no bus, locked and the prompt
 * dismissed) is reported the same way: what matters to the user is that keys cannot be
 * kept, and why.
 */
static GError *
no_keyring_error (BriskKeyStore *self,
                  const GError  *cause,
                  gboolean       storing)
{
  self->session_only = TRUE;

  if (storing)
    return g_error_new (BRISK_KEY_STORE_ERROR, BRISK_KEY_STORE_ERROR_NO_KEYRING,
                        /* Translators: %s is the reason given by the system. */
                        _("The system keyring could not be used (%s). The key is kept only "
                          "until Brisk quits."),
                        cause->message);

  return g_error_new (BRISK_KEY_STORE_ERROR, BRISK_KEY_STORE_ERROR_NO_KEYRING,
                      /* Translators: %s is the reason given by the system. */
                      _("The system keyring could not be used (%s)."),
                      cause->message);
}

static void
lookup_free (Lookup *lookup)
{
  g_free (lookup->provider_id);
  g_free (lookup);
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BriskKeyStore *self = g_task_get_source_object (task);
  Lookup *lookup = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  char *key;

  key = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_error (task, no_keyring_error (self, error, FALSE));
      return;
    }

  lookup->source = key ? BRISK_KEY_SOURCE_KEYRING : BRISK_KEY_SOURCE_NONE;
  g_task_return_pointer (task, key, free_session_key);
}

/**
 * brisk_key_store_lookup_async:
 * @provider_id: the provider whose key to find
 *
 * Looks for a key: in `GROQ_API_KEY` for Groq, then among the keys kept for this session,
 * then in the keyring.
 */
void
brisk_key_store_lookup_async (BriskKeyStore       *self,
                              const char          *provider_id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Lookup *lookup;
  const char *session_key;

  g_return_if_fail (BRISK_IS_KEY_STORE (self));
  g_return_if_fail (provider_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, brisk_key_store_lookup_async);
  lookup = g_new0 (Lookup, 1);
  lookup->provider_id = g_strdup (provider_id);
  g_task_set_task_data (task, lookup, (GDestroyNotify)lookup_free);

  if (g_str_equal (provider_id, BRISK_GROQ_PROVIDER_ID))
    {
      const char *environment_key = g_getenv ("GROQ_API_KEY");

      if (environment_key != NULL && *environment_key != '\0')
        {
          lookup->source = BRISK_KEY_SOURCE_ENVIRONMENT;
          g_task_return_pointer (task, g_strdup (environment_key), free_session_key);
          return;
        }
    }

  session_key = g_hash_table_lookup (self->session_keys, provider_id);
  if (session_key != NULL)
    {
      lookup->source = BRISK_KEY_SOURCE_SESSION;
      g_task_return_pointer (task, g_strdup (session_key), free_session_key);
      return;
    }

  secret_password_lookup (brisk_key_store_get_schema (), cancellable, lookup_cb,
                          g_steal_pointer (&task),
                          "provider", provider_id,
                          NULL);
}

/**
 * brisk_key_store_lookup_finish:
 * @source: (out) (optional): where the key came from
 *
 * Returns: (transfer full) (nullable): the key, to free with brisk_key_free(), or %NULL when
 *   there is none (no error) or the keyring could not be used (%BRISK_KEY_STORE_ERROR_NO_KEYRING)
 */
char *
brisk_key_store_lookup_finish (BriskKeyStore   *self,
                               GAsyncResult    *result,
                               BriskKeySource  *source,
                               GError         **error)
{
  Lookup *lookup;

  g_return_val_if_fail (BRISK_IS_KEY_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  lookup = g_task_get_task_data (G_TASK (result));
  if (source != NULL)
    *source = lookup->source;

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BriskKeyStore *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  Saving *saving = g_task_get_task_data (task);

  if (!secret_password_store_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        {
          /* The key was already kept for the session; say why it goes no further. */
          g_signal_emit (self, signals[CHANGED], 0, saving->provider_id);
          g_task_return_error (task, no_keyring_error (self, error, TRUE));
        }
      return;
    }

  /* The keyring has it now; the memory copy goes, unless a newer key replaced it meanwhile. */
  {
    const char *session_key = g_hash_table_lookup (self->session_keys, saving->provider_id);

    if (g_strcmp0 (session_key, saving->key) == 0)
      g_hash_table_remove (self->session_keys, saving->provider_id);
  }
  g_signal_emit (self, signals[CHANGED], 0, saving->provider_id);
  g_task_return_boolean (task, TRUE);
}

/**
 * brisk_key_store_store_async:
 * @provider_id: the provider the key is for
 * @provider_name: its name, as the keyring's label shows it ("Brisk: Groq API key")
 * @key: the key
 *
 * Stores or replaces the provider's key in the keyring. Until that succeeds, and for good
 * when the keyring cannot be used, the key is kept in memory for this session.
 */
void
brisk_key_store_store_async (BriskKeyStore       *self,
                             const char          *provider_id,
                             const char          *provider_name,
                             const char          *key,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *label = NULL;

  g_return_if_fail (BRISK_IS_KEY_STORE (self));
  g_return_if_fail (provider_id != NULL);
  g_return_if_fail (key != NULL && *key != '\0');

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, brisk_key_store_store_async);
  {
    Saving *saving = g_new0 (Saving, 1);

    saving->provider_id = g_strdup (provider_id);
    saving->key = g_strdup (key);
    g_task_set_task_data (task, saving, (GDestroyNotify)saving_free);
  }

  g_hash_table_replace (self->session_keys, g_strdup (provider_id), g_strdup (key));

  /* Translators: the label of the key in the system keyring; %s is a provider such as Groq. */
  label = g_strdup_printf (_("Brisk: %s API key"), provider_name ? provider_name : provider_id);
  secret_password_store (brisk_key_store_get_schema (), SECRET_COLLECTION_DEFAULT, label, key,
                         cancellable, store_cb, g_steal_pointer (&task),
                         "provider", provider_id,
                         NULL);
}

/**
 * brisk_key_store_store_finish:
 *
 * Returns: whether the key is in the keyring; with %BRISK_KEY_STORE_ERROR_NO_KEYRING it is
 *   kept for this session only
 */
gboolean
brisk_key_store_store_finish (BriskKeyStore  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (BRISK_IS_KEY_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
delete_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BriskKeyStore *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  /* FALSE without an error: there was nothing to delete, which is fine. */
  if (!secret_password_clear_finish (result, &error) && error != NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_error (task, no_keyring_error (self, error, FALSE));
      return;
    }

  g_signal_emit (self, signals[CHANGED], 0, g_task_get_task_data (task));
  g_task_return_boolean (task, TRUE);
}

/**
 * brisk_key_store_delete_async:
 *
 * Forgets the provider's key, in the keyring and in memory.
 */
void
brisk_key_store_delete_async (BriskKeyStore       *self,
                              const char          *provider_id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (BRISK_IS_KEY_STORE (self));
  g_return_if_fail (provider_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, brisk_key_store_delete_async);
  g_task_set_task_data (task, g_strdup (provider_id), g_free);

  g_hash_table_remove (self->session_keys, provider_id);
  secret_password_clear (brisk_key_store_get_schema (), cancellable, delete_cb,
                         g_steal_pointer (&task),
                         "provider", provider_id,
                         NULL);
}

gboolean
brisk_key_store_delete_finish (BriskKeyStore  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (BRISK_IS_KEY_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
