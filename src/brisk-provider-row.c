/* brisk-provider-row.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "brisk-provider-row"

#include "config.h"

#include <glib/gi18n.h>

#include "brisk-application.h"
#include "brisk-client-error.h"
#include "brisk-preferences-window.h"
#include "brisk-provider-row.h"

/* One provider in Preferences: where its key comes from, a field to set or replace the key, a
 * check that asks the provider for its models, and for providers the user added, their name
 * and address and a way to remove them. The key itself is never shown or kept here longer than
 * it takes to hand it to the keyring or the client.
 */
struct _BriskProviderRow
{
  AdwExpanderRow       parent_instance;

  /* Template widgets */
  AdwEntryRow         *name_row;
  AdwEntryRow         *url_row;
  AdwActionRow        *address_row;
  AdwPasswordEntryRow *key_row;
  AdwActionRow        *check_row;
  GtkSpinner          *check_spinner;
  GtkButton           *test_button;
  AdwActionRow        *error_row;
  AdwActionRow        *remove_key_row;
  AdwActionRow        *remove_provider_row;

  /* Owned references */
  BriskProvider       *provider;
  GCancellable        *cancellable;
};

G_DEFINE_FINAL_TYPE (BriskProviderRow, brisk_provider_row, ADW_TYPE_EXPANDER_ROW)

enum {
  PROP_0,
  PROP_PROVIDER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GtkWidget *
brisk_provider_row_new (BriskProvider *provider)
{
  g_return_val_if_fail (BRISK_IS_PROVIDER (provider), NULL);

  return g_object_new (BRISK_TYPE_PROVIDER_ROW,
                       "provider", provider,
                       NULL);
}

/**
 * brisk_provider_row_get_provider:
 *
 * Returns: (transfer none): the provider this row shows
 */
BriskProvider *
brisk_provider_row_get_provider (BriskProviderRow *self)
{
  g_return_val_if_fail (BRISK_IS_PROVIDER_ROW (self), NULL);

  return self->provider;
}

static BriskApplication *
get_application (void)
{
  return BRISK_APPLICATION (g_application_get_default ());
}

static const char *
get_id (BriskProviderRow *self)
{
  return brisk_provider_get_id (self->provider);
}

static void
show_error (BriskProviderRow *self,
            const char       *message)
{
  adw_action_row_set_subtitle (self->error_row, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_row), message != NULL);
}

/* The subtitle says where the key comes from, so a user can tell why Brisk uses the key it
 * does, and whether a key entered here will outlast this session.
 */
static void
show_key_source (BriskProviderRow *self,
                 const char       *key,
                 BriskKeySource    source,
                 const GError     *error)
{
  BriskKeyStore *key_store = brisk_application_get_key_store (get_application ());
  g_autofree char *text = NULL;

  if (error != NULL)
    text = g_strdup_printf (_("%s Keys last only until Brisk quits."), error->message);
  else if (source == BRISK_KEY_SOURCE_ENVIRONMENT)
    text = g_strdup (_("Key set by GROQ_API_KEY in the environment; change it there"));
  else if (source == BRISK_KEY_SOURCE_SESSION)
    text = g_strdup (_("Key kept for this session only: the system keyring is unavailable"));
  else if (key != NULL)
    text = g_strdup (_("Key in the system keyring"));
  else if (brisk_key_store_get_session_only (key_store))
    text = g_strdup (_("No key; without a system keyring a new key lasts only for this session"));
  else
    text = g_strdup (_("No key"));

  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), text);

  gtk_widget_set_sensitive (GTK_WIDGET (self->key_row), source != BRISK_KEY_SOURCE_ENVIRONMENT);
  gtk_widget_set_sensitive (GTK_WIDGET (self->remove_key_row), source == BRISK_KEY_SOURCE_KEYRING);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->key_row),
                                 key != NULL ? _("Replace API Key") : _("API Key"));
}

static void
key_source_found_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(BriskProviderRow) self = user_data;
  g_autoptr(GError) error = NULL;
  BriskKeySource source = BRISK_KEY_SOURCE_NONE;
  char *key;

  key = brisk_key_store_lookup_finish (BRISK_KEY_STORE (object), result, &source, &error);
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_key_source (self, key, source, error);
  brisk_key_free (key);
}

static void
refresh_key_source (BriskProviderRow *self)
{
  brisk_key_store_lookup_async (brisk_application_get_key_store (get_application ()),
                                get_id (self), self->cancellable, key_source_found_cb,
                                g_object_ref (self));
}

/* Called whenever the provider's address or key changed: the old client has the old ones. */
static void
key_changed (BriskProviderRow *self,
             const char       *message)
{
  brisk_application_forget_client (get_application (), get_id (self));
  refresh_key_source (self);
  brisk_preferences_window_toast (GTK_WIDGET (self), message);
}

static void
key_stored_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(BriskProviderRow) self = user_data;
  g_autoptr(GError) error = NULL;

  brisk_key_store_store_finish (BRISK_KEY_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Without a keyring the key is still kept for this session; the message says so. */
  key_changed (self, error != NULL ? error->message : _("Key saved in the system keyring"));
}

static void
key_applied_cb (BriskProviderRow *self)
{
  g_autofree char *key = NULL;

  g_assert (BRISK_IS_PROVIDER_ROW (self));

  key = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->key_row))));

  /* The field is emptied at once: the key now lives only in the copy on its way to the keyring. */
  gtk_editable_set_text (GTK_EDITABLE (self->key_row), "");

  if (*key == '\0')
    {
      show_error (self, _("Paste your API key first."));
      return;
    }

  show_error (self, NULL);
  brisk_key_store_store_async (brisk_application_get_key_store (get_application ()),
                               get_id (self), brisk_provider_get_name (self->provider), key,
                               self->cancellable, key_stored_cb, g_object_ref (self));
  g_clear_pointer (&key, brisk_key_free);
}

static void
show_check_result (BriskProviderRow *self,
                   const char       *message)
{
  gtk_spinner_set_spinning (self->check_spinner, FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->test_button), TRUE);
  adw_action_row_set_subtitle (self->check_row, message);
}

static void
models_listed_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(BriskProviderRow) self = user_data;
  g_autoptr(GPtrArray) models = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  gboolean from_cache = FALSE;

  models = brisk_client_list_models_finish (BRISK_CLIENT (object), result, &from_cache, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* A list from the cache means the provider was not reached, so the key was not checked. */
  if (models != NULL && from_cache)
    error = g_error_new_literal (BRISK_CLIENT_ERROR, BRISK_CLIENT_ERROR_NETWORK, "");

  if (error != NULL)
    message = brisk_client_error_describe_key_check (error,
                                                     brisk_provider_get_name (self->provider));
  else
    /* Translators: the result of checking an API key. */
    message = g_strdup_printf (ngettext ("Key works — %u model", "Key works — %u models",
                                         models->len),
                               models->len);

  show_check_result (self, message);
}

static void
key_for_check_found_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(BriskProviderRow) self = user_data;
  g_autoptr(GError) error = NULL;
  BriskClient *client;
  char *key;

  key = brisk_key_store_lookup_finish (BRISK_KEY_STORE (object), result, NULL, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* No key is worth a try too: a server on this computer may not need one. */
  client = brisk_application_get_client (get_application (), get_id (self));
  brisk_client_set_api_key (client, key);
  brisk_key_free (key);

  brisk_client_list_models_async (client, self->cancellable, models_listed_cb,
                                  g_object_ref (self));
}

static void
test_cb (BriskProviderRow *self)
{
  g_assert (BRISK_IS_PROVIDER_ROW (self));

  gtk_spinner_set_spinning (self->check_spinner, TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->test_button), FALSE);
  adw_action_row_set_subtitle (self->check_row, _("Checking…"));

  brisk_key_store_lookup_async (brisk_application_get_key_store (get_application ()),
                                get_id (self), self->cancellable, key_for_check_found_cb,
                                g_object_ref (self));
}

static void
key_deleted_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(BriskProviderRow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!brisk_key_store_delete_finish (BRISK_KEY_STORE (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error->message);
      return;
    }

  key_changed (self, _("Key removed"));
}

static void
remove_key_confirmed_cb (BriskProviderRow *self)
{
  g_assert (BRISK_IS_PROVIDER_ROW (self));

  brisk_key_store_delete_async (brisk_application_get_key_store (get_application ()),
                                get_id (self), self->cancellable, key_deleted_cb,
                                g_object_ref (self));
}

static void
remove_key_cb (BriskProviderRow *self)
{
  AdwMessageDialog *dialog;

  dialog = brisk_preferences_window_confirm (GTK_WIDGET (self),
                                             _("Brisk cannot talk to this provider until you "
                                               "enter a key again."),
                                             _("_Remove Key"),
                                             G_CALLBACK (remove_key_confirmed_cb), self);
  /* Translators: %s is a provider's name, such as Groq. */
  adw_message_dialog_format_heading (dialog, _("Remove the %s Key?"),
                                     brisk_provider_get_name (self->provider));
}

/* The row goes away with the provider, so nothing here may wait for the keyring on its behalf. */
static void
removed_provider_key_deleted_cb (GObject      *object,
                                 GAsyncResult *result,
                                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!brisk_key_store_delete_finish (BRISK_KEY_STORE (object), result, &error))
    g_warning ("Could not delete a removed provider’s key: %s", error->message);
}

static void
remove_provider_confirmed_cb (BriskProviderRow *self)
{
  BriskApplication *application = get_application ();
  g_autoptr(BriskProvider) provider = g_object_ref (self->provider);
  /* Removing the provider removes this row from the window; it must outlive this function. */
  g_autoptr(BriskProviderRow) alive = g_object_ref (self);
  g_autoptr(GError) error = NULL;

  g_assert (BRISK_IS_PROVIDER_ROW (self));

  brisk_key_store_delete_async (brisk_application_get_key_store (application),
                                brisk_provider_get_id (provider), NULL,
                                removed_provider_key_deleted_cb, NULL);
  brisk_application_forget_client (application, brisk_provider_get_id (provider));
  if (!brisk_provider_list_remove (brisk_application_get_providers (application), provider,
                                   &error))
    show_error (self, error->message);
}

static void
remove_provider_cb (BriskProviderRow *self)
{
  AdwMessageDialog *dialog;

  dialog = brisk_preferences_window_confirm (GTK_WIDGET (self),
                                             _("Its address and its key are deleted. "
                                               "Conversations with it are kept."),
                                             _("_Remove"),
                                             G_CALLBACK (remove_provider_confirmed_cb), self);
  /* Translators: %s is the name the user gave a provider. */
  adw_message_dialog_format_heading (dialog, _("Remove %s?"),
                                     brisk_provider_get_name (self->provider));
}

static void
edit_applied_cb (BriskProviderRow *self)
{
  g_autofree char *name = NULL;
  g_autofree char *url = NULL;
  BriskApplication *application = get_application ();
  g_autoptr(GError) error = NULL;

  g_assert (BRISK_IS_PROVIDER_ROW (self));

  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->url_row))));

  if (!brisk_provider_list_update (brisk_application_get_providers (application), self->provider,
                                   name, url, &error))
    {
      show_error (self, error->message);
      return;
    }

  show_error (self, NULL);
  brisk_application_forget_client (application, get_id (self));
}

static void
show_provider (BriskProviderRow *self)
{
  gboolean builtin = brisk_provider_get_builtin (self->provider);
  const char *base_url = brisk_provider_get_base_url (self->provider);

  g_object_bind_property (self->provider, "name", self, "title", G_BINDING_SYNC_CREATE);

  /* Groq's address is fixed, unless BRISK_BASE_URL moves it (to a proxy, say). */
  gtk_widget_set_visible (GTK_WIDGET (self->name_row), !builtin);
  gtk_widget_set_visible (GTK_WIDGET (self->url_row), !builtin);
  gtk_widget_set_visible (GTK_WIDGET (self->address_row), builtin);
  gtk_widget_set_visible (GTK_WIDGET (self->remove_provider_row), !builtin);

  if (builtin && brisk_provider_get_url_from_environment (self->provider))
    {
      g_autofree char *text = NULL;

      /* Translators: %s is a web address. */
      text = g_strdup_printf (_("%s, set by BRISK_BASE_URL in the environment"), base_url);
      adw_action_row_set_subtitle (self->address_row, text);
    }
  else
    adw_action_row_set_subtitle (self->address_row, base_url);

  gtk_editable_set_text (GTK_EDITABLE (self->name_row), brisk_provider_get_name (self->provider));
  gtk_editable_set_text (GTK_EDITABLE (self->url_row), base_url);

  refresh_key_source (self);
}

static void
brisk_provider_row_constructed (GObject *object)
{
  BriskProviderRow *self = (BriskProviderRow *)object;

  G_OBJECT_CLASS (brisk_provider_row_parent_class)->constructed (object);

  show_provider (self);
}

static void
brisk_provider_row_dispose (GObject *object)
{
  BriskProviderRow *self = (BriskProviderRow *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->provider);
  gtk_widget_dispose_template (GTK_WIDGET (self), BRISK_TYPE_PROVIDER_ROW);

  G_OBJECT_CLASS (brisk_provider_row_parent_class)->dispose (object);
}

static void
brisk_provider_row_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  BriskProviderRow *self = BRISK_PROVIDER_ROW (object);

  switch (prop_id)
    {
    case PROP_PROVIDER:
      g_value_set_object (value, brisk_provider_row_get_provider (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
brisk_provider_row_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  BriskProviderRow *self = BRISK_PROVIDER_ROW (object);

  switch (prop_id)
    {
    case PROP_PROVIDER:
      self->provider = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
brisk_provider_row_class_init (BriskProviderRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = brisk_provider_row_constructed;
  object_class->dispose = brisk_provider_row_dispose;
  object_class->get_property = brisk_provider_row_get_property;
  object_class->set_property = brisk_provider_row_set_property;

  properties[PROP_PROVIDER] =
    g_param_spec_object ("provider", NULL, NULL,
                         BRISK_TYPE_PROVIDER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/ui/brisk-provider-row.ui");
  gtk_widget_class_bind_template_child (widget_class, BriskProviderRow, name_row);
  gtk_widget_class_bind_template_child (widget_class, BriskProviderRow, url_row);
  gtk_widget_class_bind_template_child (widget_class, BriskProviderRow, address_row);
  gtk_widget_class_bind_template_child (widget_class, BriskProviderRow, key_row);
  gtk_widget_class_bind_template_child (widget_class, BriskProviderRow, check_row);
  gtk_widget_class_bind_template_child (widget_class, BriskProviderRow, check_spinner);
  gtk_widget_class_bind_template_child (widget_class, BriskProviderRow, test_button);
  gtk_widget_class_bind_template_child (widget_class, BriskProviderRow, error_row);
  gtk_widget_class_bind_template_child (widget_class, BriskProviderRow, remove_key_row);
  gtk_widget_class_bind_template_child (widget_class, BriskProviderRow, remove_provider_row);
  gtk_widget_class_bind_template_callback (widget_class, edit_applied_cb);
  gtk_widget_class_bind_template_callback (widget_class, key_applied_cb);
  gtk_widget_class_bind_template_callback (widget_class, test_cb);
  gtk_widget_class_bind_template_callback (widget_class, remove_key_cb);
  gtk_widget_class_bind_template_callback (widget_class, remove_provider_cb);
}

static void
brisk_provider_row_init (BriskProviderRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}
