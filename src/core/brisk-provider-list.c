/* brisk-provider-list.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "brisk-provider-list"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "brisk-client.h"
#include "brisk-client-error.h"
#include "brisk-key-store.h"
#include "brisk-provider-list.h"

/* The providers Brisk can talk to, as a GListModel for Preferences and the model picker:
 * Groq first and always there, then the ones the user added, kept in GSettings (id, name,
 * base URL; keys stay in the keyring). BRISK_BASE_URL replaces Groq's base URL, for proxies
 * and tests.
 */

struct _BriskProviderList
{
  GObject    parent_instance;

  GSettings *settings;
  GPtrArray *providers;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BriskProviderList, brisk_provider_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
brisk_provider_list_get_item_type (GListModel *model)
{
  return BRISK_TYPE_PROVIDER;
}

static guint
brisk_provider_list_get_n_items (GListModel *model)
{
  return BRISK_PROVIDER_LIST (model)->providers->len;
}

static gpointer
brisk_provider_list_get_item (GListModel *model,
                              guint       position)
{
  BriskProviderList *self = BRISK_PROVIDER_LIST (model);

  if (position >= self->providers->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->providers, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = brisk_provider_list_get_item_type;
  iface->get_n_items = brisk_provider_list_get_n_items;
  iface->get_item = brisk_provider_list_get_item;
}

static void
brisk_provider_list_finalize (GObject *object)
{
  BriskProviderList *self = (BriskProviderList *)object;

  g_clear_object (&self->settings);
  g_ptr_array_unref (self->providers);

  G_OBJECT_CLASS (brisk_provider_list_parent_class)->finalize (object);
}

static void
brisk_provider_list_class_init (BriskProviderListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = brisk_provider_list_finalize;
}

static void
brisk_provider_list_init (BriskProviderList *self)
{
  self->providers = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * brisk_provider_check_url:
 * @base_url: a provider's base URL
 *
 * A provider's address must be https://, or http:// to this computer (a local llama.cpp or
 * Ollama): nothing, a key least of all, travels unencrypted over a network.
 *
 * Returns: whether @base_url can be used for a provider
 */
gboolean
brisk_provider_check_url (const char  *base_url,
                          GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (base_url == NULL || !brisk_check_base_url (base_url, TRUE, &local_error))
    {
      if (g_error_matches (local_error, BRISK_CLIENT_ERROR, BRISK_CLIENT_ERROR_INSECURE))
        g_set_error_literal (error, BRISK_CLIENT_ERROR, BRISK_CLIENT_ERROR_INSECURE,
                             _("Use an https:// address: http:// is only for servers on this "
                               "computer"));
      else
        g_set_error_literal (error, BRISK_CLIENT_ERROR, BRISK_CLIENT_ERROR_BAD_REQUEST,
                             _("This is not a web address, such as https://api.example.com/v1"));
      return FALSE;
    }

  return TRUE;
}

static BriskProvider *
new_provider (const char *id,
              const char *name,
              const char *base_url,
              gboolean    builtin,
              gboolean    url_from_environment)
{
  return g_object_new (BRISK_TYPE_PROVIDER,
                       "id", id,
                       "name", name,
                       "base-url", base_url,
                       "builtin", builtin,
                       "url-from-environment", url_from_environment,
                       NULL);
}

static void
save (BriskProviderList *self)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(sss)"));
  for (guint i = 0; i < self->providers->len; i++)
    {
      BriskProvider *provider = g_ptr_array_index (self->providers, i);

      if (brisk_provider_get_builtin (provider))
        continue;
      g_variant_builder_add (&builder, "(sss)",
                             brisk_provider_get_id (provider),
                             brisk_provider_get_name (provider),
                             brisk_provider_get_base_url (provider));
    }

  g_settings_set_value (self->settings, "providers", g_variant_builder_end (&builder));
}

/**
 * brisk_provider_list_new:
 * @settings: Brisk's settings
 *
 * Returns: (transfer full): the providers, Groq first
 */
BriskProviderList *
brisk_provider_list_new (GSettings *settings)
{
  BriskProviderList *self;
  g_autoptr(GVariant) stored = NULL;
  GVariantIter iter;
  const char *id, *name, *base_url;
  const char *groq_url = g_getenv ("BRISK_BASE_URL");
  gboolean overridden = groq_url != NULL && *groq_url != '\0';

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (BRISK_TYPE_PROVIDER_LIST, NULL);
  self->settings = g_object_ref (settings);

  g_ptr_array_add (self->providers,
                   new_provider (BRISK_GROQ_PROVIDER_ID, "Groq",
                                 overridden ? groq_url : BRISK_GROQ_BASE_URL, TRUE, overridden));

  stored = g_settings_get_value (settings, "providers");
  g_variant_iter_init (&iter, stored);
  while (g_variant_iter_next (&iter, "(&s&s&s)", &id, &name, &base_url))
    {
      /* A hand-edited setting that breaks the rules is not used. */
      if (*id == '\0' || g_str_equal (id, BRISK_GROQ_PROVIDER_ID) ||
          !brisk_provider_check_url (base_url, NULL))
        continue;
      g_ptr_array_add (self->providers, new_provider (id, name, base_url, FALSE, FALSE));
    }

  return self;
}

/**
 * brisk_provider_list_lookup:
 *
 * Returns: (transfer none) (nullable): the provider with @id
 */
BriskProvider *
brisk_provider_list_lookup (BriskProviderList *self,
                            const char        *id)
{
  g_return_val_if_fail (BRISK_IS_PROVIDER_LIST (self), NULL);

  for (guint i = 0; i < self->providers->len; i++)
    if (g_strcmp0 (brisk_provider_get_id (g_ptr_array_index (self->providers, i)), id) == 0)
      return g_ptr_array_index (self->providers, i);

  return NULL;
}

static gboolean
check_name (const char  *name,
            GError     **error)
{
  if (name == NULL || *name == '\0' || g_utf8_strlen (name, -1) > 100)
    {
      g_set_error_literal (error, BRISK_CLIENT_ERROR, BRISK_CLIENT_ERROR_BAD_REQUEST,
                           _("Give the provider a name"));
      return FALSE;
    }

  return TRUE;
}

/**
 * brisk_provider_list_add:
 * @name: what the user calls it
 * @base_url: its OpenAI-compatible API's base URL
 *
 * Returns: (transfer none) (nullable): the new provider, or %NULL with @error saying what is
 *   wrong with @name or @base_url
 */
BriskProvider *
brisk_provider_list_add (BriskProviderList  *self,
                         const char         *name,
                         const char         *base_url,
                         GError            **error)
{
  g_autofree char *uuid = NULL;
  g_autofree char *id = NULL;
  BriskProvider *provider;

  g_return_val_if_fail (BRISK_IS_PROVIDER_LIST (self), NULL);

  if (!check_name (name, error) || !brisk_provider_check_url (base_url, error))
    return NULL;

  uuid = g_uuid_string_random ();
  id = g_strconcat ("custom-", uuid, NULL);
  provider = new_provider (id, name, base_url, FALSE, FALSE);
  g_ptr_array_add (self->providers, provider);
  save (self);
  g_list_model_items_changed (G_LIST_MODEL (self), self->providers->len - 1, 0, 1);

  return provider;
}

/**
 * brisk_provider_list_update:
 *
 * Renames a provider or moves it to another address. Groq's address cannot be changed here.
 */
gboolean
brisk_provider_list_update (BriskProviderList  *self,
                            BriskProvider      *provider,
                            const char         *name,
                            const char         *base_url,
                            GError            **error)
{
  g_return_val_if_fail (BRISK_IS_PROVIDER_LIST (self), FALSE);
  g_return_val_if_fail (BRISK_IS_PROVIDER (provider), FALSE);
  g_return_val_if_fail (!brisk_provider_get_builtin (provider), FALSE);

  if (!check_name (name, error) || !brisk_provider_check_url (base_url, error))
    return FALSE;

  brisk_provider_set_name (provider, name);
  brisk_provider_set_base_url (provider, base_url);
  save (self);

  return TRUE;
}

/**
 * brisk_provider_list_remove:
 *
 * Removes a provider the user added. Its key is the caller's to delete from the keyring
 * (brisk_key_store_delete_async()), so it is not left behind.
 */
gboolean
brisk_provider_list_remove (BriskProviderList  *self,
                            BriskProvider      *provider,
                            GError            **error)
{
  guint position;

  g_return_val_if_fail (BRISK_IS_PROVIDER_LIST (self), FALSE);
  g_return_val_if_fail (BRISK_IS_PROVIDER (provider), FALSE);

  if (brisk_provider_get_builtin (provider))
    {
      g_set_error_literal (error, BRISK_CLIENT_ERROR, BRISK_CLIENT_ERROR_BAD_REQUEST,
                           _("Groq is built in and cannot be removed"));
      return FALSE;
    }
  if (!g_ptr_array_find (self->providers, provider, &position))
    return TRUE;

  g_ptr_array_remove_index (self->providers, position);
  save (self);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);

  return TRUE;
}
