/* brisk-application.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "brisk-application"

#include "config.h"

#include <glib/gi18n.h>

#include "brisk-application-private.h"
#include "brisk-global-shortcut.h"
#include "brisk-key-store.h"
#include "brisk-portal.h"
#include "brisk-quick-ask-window.h"
#include "brisk-search-provider.h"
#include "brisk-window.h"

struct _BriskApplication
{
  AdwApplication     parent_instance;

  /* Owned references */
  GSettings         *settings;
  BriskKeyStore     *key_store;
  BriskProviderList *providers;
  SoupSession       *session;
  GHashTable        *clients;      /* provider id → BriskClient */
  BriskStore        *store;
  GError            *store_error;
  BriskDrafts       *drafts;
  BriskSearchProvider *search_provider;
  BriskGlobalShortcut *quick_ask_shortcut;

  /* Borrowed references */
  BriskQuickAskWindow *quick_ask_window;

  /* Whether the application holds itself, so closing the last window does not quit it. */
  guint              held : 1;
};

G_DEFINE_FINAL_TYPE (BriskApplication, brisk_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and exit"), NULL },
  { "new-conversation", 'n', 0, G_OPTION_ARG_NONE, NULL,
    N_("Open Brisk at a new conversation"), NULL },
  /* The question, if any, follows as the remaining arguments. */
  { "quick-ask", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Open the quick ask window, and ask QUESTION at once if given"), NULL },
  /* Handled before the application starts (see main.c); listed here for --help. */
  { "ask", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Print the answer to a question on the command line (see brisk --ask --help)"), NULL },
  { "list-models", 0, 0, G_OPTION_ARG_NONE, NULL, N_("List the provider’s chat models"), NULL },
  { NULL }
};

BriskApplication *
brisk_application_new (const char        *application_id,
                       GApplicationFlags  flags)
{
  g_return_val_if_fail (application_id != NULL, NULL);

  return g_object_new (BRISK_TYPE_APPLICATION,
                       "application-id", application_id,
                       "flags", flags | G_APPLICATION_HANDLES_COMMAND_LINE,
                       /* A Devel build has another id but the same resources. */
                       "resource-base-path", RESOURCE_BASE_PATH,
                       NULL);
}

/**
 * brisk_application_get_settings:
 * @self: a #BriskApplication
 *
 * Returns: (transfer none): the one #GSettings of the application
 */
GSettings *
brisk_application_get_settings (BriskApplication *self)
{
  g_return_val_if_fail (BRISK_IS_APPLICATION (self), NULL);

  return self->settings;
}

/**
 * brisk_application_get_key_store:
 *
 * Returns: (transfer none): where the API keys are kept
 */
BriskKeyStore *
brisk_application_get_key_store (BriskApplication *self)
{
  g_return_val_if_fail (BRISK_IS_APPLICATION (self), NULL);

  return self->key_store;
}

/**
 * brisk_application_get_providers:
 * @self: a #BriskApplication
 *
 * Returns: (transfer none): Groq and the providers the user added
 */
BriskProviderList *
brisk_application_get_providers (BriskApplication *self)
{
  g_return_val_if_fail (BRISK_IS_APPLICATION (self), NULL);

  return self->providers;
}

/**
 * brisk_application_get_client:
 * @self: a #BriskApplication
 * @provider_id: a provider id, such as %BRISK_GROQ_PROVIDER_ID
 *
 * Gets the client talking to a provider. Clients share one HTTP session, so a conversation
 * reuses the connection the previous reply came through. The client has no key until the
 * caller sets one from the key store.
 *
 * Returns: (transfer none) (nullable): the client, or %NULL if there is no such provider
 */
BriskClient *
brisk_application_get_client (BriskApplication *self,
                              const char       *provider_id)
{
  BriskProvider *provider;
  BriskClient *client;
  g_autofree char *cache_path = NULL;

  g_return_val_if_fail (BRISK_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (provider_id != NULL, NULL);

  client = g_hash_table_lookup (self->clients, provider_id);
  if (client != NULL)
    return client;

  provider = brisk_provider_list_lookup (self->providers, provider_id);
  if (provider == NULL)
    return NULL;

  cache_path = brisk_client_default_models_cache_path (brisk_provider_get_base_url (provider));
  client = g_object_new (BRISK_TYPE_CLIENT,
                         "base-url", brisk_provider_get_base_url (provider),
                         "session", self->session,
                         "models-cache-path", cache_path,
                         NULL);
  g_hash_table_insert (self->clients, g_strdup (provider_id), client);

  return client;
}

static void
ensure_key_found_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BriskClient *client = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  char *key;

  key = brisk_key_store_lookup_finish (BRISK_KEY_STORE (object), result, NULL, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* No key (a local server may need none, or there is no keyring): the request goes without
   * one, and the server's answer says whether that will do.
   */
  if (key != NULL)
    brisk_client_set_api_key (client, key);
  brisk_key_free (key);
  g_task_return_boolean (task, TRUE);
}

/**
 * brisk_application_ensure_key_async:
 * @self: a #BriskApplication
 * @client: a client from brisk_application_get_client()
 * @provider_id: its provider
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when @client has the provider's key, if there is one
 * @user_data: for @callback
 *
 * Gives @client its provider's key from the keyring (or the environment), unless it has one.
 * The key is read only when a request needs it, and stays only in the client.
 */
void
brisk_application_ensure_key_async (BriskApplication    *self,
                                    BriskClient         *client,
                                    const char          *provider_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (BRISK_IS_APPLICATION (self));
  g_return_if_fail (BRISK_IS_CLIENT (client));
  g_return_if_fail (provider_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, brisk_application_ensure_key_async);
  g_task_set_task_data (task, g_object_ref (client), g_object_unref);

  if (brisk_client_has_api_key (client))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  brisk_key_store_lookup_async (self->key_store, provider_id, cancellable, ensure_key_found_cb,
                                g_steal_pointer (&task));
}

/**
 * brisk_application_ensure_key_finish:
 *
 * Returns: %FALSE only when cancelled
 */
gboolean
brisk_application_ensure_key_finish (BriskApplication  *self,
                                     GAsyncResult      *result,
                                     GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * brisk_application_forget_client:
 * @self: a #BriskApplication
 * @provider_id: a provider id
 *
 * Drops the client of a provider whose address or key changed; the next
 * brisk_application_get_client() builds a new one.
 */
void
brisk_application_forget_client (BriskApplication *self,
                                 const char       *provider_id)
{
  g_return_if_fail (BRISK_IS_APPLICATION (self));

  g_hash_table_remove (self->clients, provider_id);
}

/**
 * brisk_application_get_store:
 * @self: a #BriskApplication
 * @error: where to report why the history could not be opened
 *
 * Returns: (transfer none) (nullable): the conversation history, or %NULL if it could not be
 *   opened (then conversations live only in memory for this session)
 */
BriskStore *
brisk_application_get_store (BriskApplication  *self,
                             const GError     **error)
{
  g_return_val_if_fail (BRISK_IS_APPLICATION (self), NULL);

  if (error != NULL)
    *error = self->store_error;

  return self->store;
}

/**
 * brisk_application_get_drafts:
 * @self: a #BriskApplication
 *
 * Returns: (transfer none): the messages being written, per conversation
 */
BriskDrafts *
brisk_application_get_drafts (BriskApplication *self)
{
  g_return_val_if_fail (BRISK_IS_APPLICATION (self), NULL);

  if (self->drafts == NULL)
    {
      g_autofree char *path = brisk_drafts_get_default_path ();

      self->drafts = brisk_drafts_new (path);
    }

  return self->drafts;
}

/**
 * brisk_application_get_main_window:
 * @self: a #BriskApplication
 *
 * Returns: (transfer none): the main window used last, or a new one
 */
BriskWindow *
brisk_application_get_main_window (BriskApplication *self)
{
  g_return_val_if_fail (BRISK_IS_APPLICATION (self), NULL);

  /* The application's windows are listed most recently focused first. */
  for (const GList *iter = gtk_application_get_windows (GTK_APPLICATION (self));
       iter != NULL;
       iter = iter->next)
    if (BRISK_IS_WINDOW (iter->data))
      return iter->data;

  return brisk_window_new (self);
}

/**
 * brisk_application_get_quick_ask_shortcut:
 * @self: a #BriskApplication
 *
 * Returns: (transfer none) (nullable): the desktop-wide shortcut to quick ask, or %NULL
 *   without a session bus
 */
BriskGlobalShortcut *
brisk_application_get_quick_ask_shortcut (BriskApplication *self)
{
  g_return_val_if_fail (BRISK_IS_APPLICATION (self), NULL);

  return self->quick_ask_shortcut;
}

/**
 * brisk_application_quick_ask:
 * @self: a #BriskApplication
 * @question: (nullable): a question to ask at once
 *
 * Brings up the quick ask window, ready for a question, or asking @question.
 */
void
brisk_application_quick_ask (BriskApplication *self,
                             const char       *question)
{
  g_return_if_fail (BRISK_IS_APPLICATION (self));

  if (self->quick_ask_window == NULL)
    {
      self->quick_ask_window = brisk_quick_ask_window_new (self);
      g_object_add_weak_pointer (G_OBJECT (self->quick_ask_window),
                                 (gpointer *)&self->quick_ask_window);
    }

  brisk_quick_ask_window_summon (self->quick_ask_window, question);
}

static void
open_store (BriskApplication *self)
{
  g_autofree char *path = brisk_store_get_default_path ();

  self->store = brisk_store_open (path, &self->store_error);
  if (self->store == NULL)
    g_warning ("Could not open the conversation history at %s: %s",
               path, self->store_error->message);
}

static void
color_scheme_changed_cb (BriskApplication *self)
{
  static const AdwColorScheme schemes[] = {
    ADW_COLOR_SCHEME_DEFAULT, ADW_COLOR_SCHEME_FORCE_LIGHT, ADW_COLOR_SCHEME_FORCE_DARK,
  };
  guint scheme = (guint)g_settings_get_enum (self->settings, "color-scheme");

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      schemes[MIN (scheme, G_N_ELEMENTS (schemes) - 1)]);
}

static void
background_requested_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GVariant) results = NULL;
  g_autoptr(GError) error = NULL;
  gboolean autostart = FALSE;

  /* Best effort: without the portal (or with the user's no) Brisk still holds itself while it
   * runs, it only does not start with the session.
   */
  results = brisk_portal_request_finish (result, &error);
  if (results == NULL)
    g_debug ("No autostart through the Background portal: %s", error->message);
  else if (g_variant_lookup (results, "autostart", "b", &autostart) && !autostart)
    g_debug ("The Background portal did not enable autostart");
}

/* Asks the Background portal to start Brisk with the session (or no longer), quietly, as a
 * D-Bus service that holds itself, so quick ask is instant from the first press.
 */
static void
request_autostart (BriskApplication *self,
                   gboolean          autostart)
{
  static const char * const commandline[] = { "brisk", "--gapplication-service", NULL };
  GDBusConnection *connection = g_application_get_dbus_connection (G_APPLICATION (self));
  g_autofree char *token = NULL;
  GVariantBuilder options;

  if (connection == NULL)
    return;

  token = brisk_portal_new_token ();
  g_variant_builder_init (&options, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&options, "{sv}", "handle_token", g_variant_new_string (token));
  g_variant_builder_add (&options, "{sv}", "reason",
                         g_variant_new_string (_("Brisk keeps running so quick ask opens at once")));
  g_variant_builder_add (&options, "{sv}", "autostart", g_variant_new_boolean (autostart));
  g_variant_builder_add (&options, "{sv}", "commandline", g_variant_new_strv (commandline, -1));

  brisk_portal_request_async (connection, "org.freedesktop.portal.Background",
                              "RequestBackground",
                              g_variant_new ("(s@a{sv})", "", g_variant_builder_end (&options)),
                              token, NULL, background_requested_cb, NULL);
}

static void
run_in_background_changed_cb (BriskApplication *self,
                              const char       *key)
{
  gboolean run_in_background = g_settings_get_boolean (self->settings, "run-in-background");

  if (run_in_background == self->held)
    return;

  /* Only when the user changes it: at startup the choice was already made. */
  if (key != NULL)
    request_autostart (self, run_in_background);

  self->held = run_in_background;
  if (run_in_background)
    g_application_hold (G_APPLICATION (self));
  else
    g_application_release (G_APPLICATION (self));
}

static void
quick_ask_shortcut_activated_cb (BriskApplication *self)
{
  brisk_application_quick_ask (self, NULL);
}

/* Quick ask from anywhere on the desktop, through the GlobalShortcuts portal. */
static void
bind_quick_ask_shortcut (BriskApplication *self)
{
  GDBusConnection *connection = g_application_get_dbus_connection (G_APPLICATION (self));

  if (connection == NULL)
    return;

  self->quick_ask_shortcut = brisk_global_shortcut_new (connection, "quick-ask",
                                                        _("Ask Brisk a quick question"),
                                                        "CTRL+ALT+space");
  g_signal_connect_object (self->quick_ask_shortcut, "activated",
                           G_CALLBACK (quick_ask_shortcut_activated_cb), self,
                           G_CONNECT_SWAPPED);
  brisk_global_shortcut_bind (self->quick_ask_shortcut);
}

static gboolean
brisk_application_dbus_register (GApplication     *application,
                                 GDBusConnection  *connection,
                                 const char       *object_path,
                                 GError          **error)
{
  BriskApplication *self = (BriskApplication *)application;
  g_autofree char *provider_path = g_strconcat (object_path, "/SearchProvider", NULL);

  if (!G_APPLICATION_CLASS (brisk_application_parent_class)->dbus_register (application,
                                                                            connection,
                                                                            object_path,
                                                                            error))
    return FALSE;

  /* GNOME Shell's search reaches Brisk here; the provider .ini names this path. */
  return brisk_search_provider_export (self->search_provider, connection, provider_path, error);
}

static void
brisk_application_dbus_unregister (GApplication    *application,
                                   GDBusConnection *connection,
                                   const char      *object_path)
{
  BriskApplication *self = (BriskApplication *)application;

  brisk_search_provider_unexport (self->search_provider);

  G_APPLICATION_CLASS (brisk_application_parent_class)->dbus_unregister (application, connection,
                                                                         object_path);
}

static int
brisk_application_handle_local_options (GApplication *application,
                                        GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }

  /* Everything else is handled by the primary instance in command_line(). */
  return G_APPLICATION_CLASS (brisk_application_parent_class)->handle_local_options (application,
                                                                                     options);
}

static int
brisk_application_command_line (GApplication            *application,
                                GApplicationCommandLine *command_line)
{
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);

  if (g_variant_dict_contains (options, "new-conversation"))
    g_action_group_activate_action (G_ACTION_GROUP (application), "new-conversation", NULL);
  else if (g_variant_dict_contains (options, "quick-ask"))
    {
      g_auto(GStrv) arguments = g_application_command_line_get_arguments (command_line, NULL);
      g_autofree char *question = NULL;

      /* arguments[0] is the program; the words after the option are the question. */
      if (arguments[0] != NULL && arguments[1] != NULL)
        question = g_strjoinv (" ", arguments + 1);
      brisk_application_quick_ask (BRISK_APPLICATION (application), question);
    }
  else
    g_application_activate (application);

  return EXIT_SUCCESS;
}

static void
brisk_application_startup (GApplication *application)
{
  BriskApplication *self = (BriskApplication *)application;
  const BriskAccelEntry *accels;
  guint n_accels;

  g_assert (BRISK_IS_APPLICATION (self));

  G_APPLICATION_CLASS (brisk_application_parent_class)->startup (application);

  /* Only now, not in init: --version and --help must work where the schema is not
   * installed. The schema id is the same for the Devel build so both share preferences.
   */
  self->settings = g_settings_new (BASE_ID);
  self->providers = brisk_provider_list_new (self->settings);

  g_set_application_name (_("Brisk"));
  gtk_window_set_default_icon_name (APP_ID);

  _brisk_application_install_actions (self);

  g_signal_connect_object (self->settings, "changed::color-scheme",
                           G_CALLBACK (color_scheme_changed_cb), self, G_CONNECT_SWAPPED);
  color_scheme_changed_cb (self);

  g_signal_connect_object (self->settings, "changed::run-in-background",
                           G_CALLBACK (run_in_background_changed_cb), self, G_CONNECT_SWAPPED);
  run_in_background_changed_cb (self, NULL);

  open_store (self);
  bind_quick_ask_shortcut (self);

  accels = _brisk_application_get_accels (&n_accels);
  for (guint i = 0; i < n_accels; i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self),
                                           accels[i].action_name,
                                           accels[i].accels);
}

static void
brisk_application_activate (GApplication *application)
{
  BriskApplication *self = (BriskApplication *)application;
  GtkWindow *window;

  g_assert (BRISK_IS_APPLICATION (self));

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (window == NULL)
    window = GTK_WINDOW (brisk_window_new (self));

  gtk_window_present (window);
}

static void
brisk_application_dispose (GObject *object)
{
  BriskApplication *self = (BriskApplication *)object;

  /* Closing saves what a reply wrote last and commits deletions whose undo ran out; the
   * drafts are written out too.
   */
  if (self->quick_ask_window != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->quick_ask_window),
                                  (gpointer *)&self->quick_ask_window);
  self->quick_ask_window = NULL;
  g_clear_object (&self->quick_ask_shortcut);
  g_clear_object (&self->search_provider);
  g_clear_object (&self->store);
  g_clear_object (&self->drafts);
  g_clear_error (&self->store_error);
  g_clear_pointer (&self->clients, g_hash_table_unref);
  g_clear_object (&self->session);
  g_clear_object (&self->providers);
  g_clear_object (&self->settings);
  g_clear_object (&self->key_store);

  G_OBJECT_CLASS (brisk_application_parent_class)->dispose (object);
}

static void
brisk_application_class_init (BriskApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = brisk_application_dispose;

  app_class->handle_local_options = brisk_application_handle_local_options;
  app_class->command_line = brisk_application_command_line;
  app_class->startup = brisk_application_startup;
  app_class->activate = brisk_application_activate;
  app_class->dbus_register = brisk_application_dbus_register;
  app_class->dbus_unregister = brisk_application_dbus_unregister;
}

static void
brisk_application_init (BriskApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Chat with fast language models."));

  self->key_store = brisk_key_store_new ();
  self->session = soup_session_new_with_options ("user-agent", "Brisk/" PACKAGE_VERSION, NULL);
  self->clients = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->search_provider = brisk_search_provider_new (self);
}
