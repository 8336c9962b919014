/* brisk-preferences-window.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "brisk-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "brisk-application.h"
#include "brisk-client-error.h"
#include "brisk-preferences-window.h"
#include "brisk-provider-row.h"

/* Preferences: what new conversations start with and how the chat behaves, all bound to
 * GSettings so a change shows at once in both directions; the providers and their keys; and
 * the history, to export or delete.
 */
/* A model setting and its combo row. Item 0 of the list is the automatic choice, which the
 * setting spells as "".
 */
typedef struct
{
  BriskPreferencesWindow *self;
  const char             *key;
  const char             *automatic;
  AdwComboRow            *row;
  GtkStringList          *list;
} ModelChoice;

struct _BriskPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* Template widgets */
  AdwComboRow          *provider_row;
  AdwComboRow          *model_row;
  GtkStringList        *model_list;
  AdwComboRow          *quick_model_row;
  GtkStringList        *quick_model_list;
  AdwComboRow          *quick_save_row;
  AdwActionRow         *shortcut_row;
  GtkButton            *shortcut_button;
  AdwActionRow         *shortcut_command_row;
  GtkLabel             *shortcut_command_label;
  GtkButton            *keyboard_settings_button;
  GtkSwitch            *notify_switch;
  AdwEntryRow          *system_prompt_row;
  GtkSwitch            *default_temperature_switch;
  GtkSpinButton        *temperature_spin;
  GtkSpinButton        *max_tokens_spin;
  AdwComboRow          *reasoning_row;
  AdwComboRow          *send_key_row;
  AdwComboRow          *color_scheme_row;
  GtkSwitch            *background_switch;
  AdwPreferencesGroup  *providers_group;
  AdwEntryRow          *add_name_row;
  AdwEntryRow          *add_url_row;
  AdwPasswordEntryRow  *add_key_row;
  GtkLabel             *add_error_label;
  AdwPreferencesGroup  *history_group;
  GtkButton            *export_button;
  GtkButton            *open_folder_button;
  GtkButton            *delete_all_button;

  /* Owned references */
  GCancellable         *cancellable;
  GCancellable         *models_cancellable;
  GPtrArray            *provider_rows;
  GtkFileChooserNative *export_chooser;

  /* Borrowed references */
  BriskApplication     *application;
  GSettings            *settings;
  BriskProviderList    *providers;

  /* The model for new conversations and the one for quick questions, each with its combo. */
  ModelChoice           model_choices[2];

  /* Set while the model lists are rebuilt, so the combos' passing selections are not saved. */
  guint                 filling_models : 1;
};

G_DEFINE_FINAL_TYPE (BriskPreferencesWindow, brisk_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* The nicks of the enum settings, in the order of their combo rows' items. */
static const char * const reasoning_nicks[] = { "shown", "collapsed", "hidden", NULL };
static const char * const send_key_nicks[] = { "enter", "ctrl-enter", NULL };
static const char * const color_scheme_nicks[] = { "default", "light", "dark", NULL };
static const char * const quick_ask_save_nicks[] = { "always", "never", "when-opened", NULL };

static void
parent_destroyed_cb (BriskPreferencesWindow *self)
{
  gtk_window_set_transient_for (GTK_WINDOW (self), NULL);
}

/**
 * brisk_preferences_window_new:
 * @application: the application
 * @parent: (nullable): the window to open on top of
 */
BriskPreferencesWindow *
brisk_preferences_window_new (BriskApplication *application,
                              GtkWindow        *parent)
{
  BriskPreferencesWindow *self;

  g_return_val_if_fail (BRISK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  self = g_object_new (BRISK_TYPE_PREFERENCES_WINDOW,
                       "application", application,
                       "transient-for", parent,
                       NULL);

  /* GTK 4.8 keeps pointing at a parent that is destroyed while this window is still alive
   * (quitting with Ctrl+Q from here destroys the parent mid-keypress), then trips over it.
   */
  if (parent != NULL)
    g_signal_connect_object (parent, "destroy", G_CALLBACK (parent_destroyed_cb), self,
                             G_CONNECT_SWAPPED);

  return self;
}

/**
 * brisk_preferences_window_confirm:
 * @widget: a widget in the window that asks
 * @body: what follows from saying yes
 * @confirm_label: the destructive choice, with a mnemonic
 * @confirmed: called as `confirmed (instance)` if the user confirms
 * @instance: a #GObject; nothing is called once it is gone
 *
 * Asks before something that cannot be undone. Cancel is the default, so Enter is safe.
 *
 * Returns: (transfer none): the dialog, already shown, for the caller to give its heading
 */
AdwMessageDialog *
brisk_preferences_window_confirm (GtkWidget  *widget,
                                  const char *body,
                                  const char *confirm_label,
                                  GCallback   confirmed,
                                  gpointer    instance)
{
  AdwMessageDialog *dialog;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);
  g_return_val_if_fail (G_IS_OBJECT (instance), NULL);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                                       NULL, body));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "confirm", confirm_label,
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "confirm", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response::confirm", confirmed, instance, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));

  return dialog;
}

/**
 * brisk_preferences_window_toast:
 * @widget: a widget in the preferences window
 * @message: a transient result, such as "Key removed"
 */
void
brisk_preferences_window_toast (GtkWidget  *widget,
                                const char *message)
{
  GtkRoot *root;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  root = gtk_widget_get_root (widget);
  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (message));
}

/* Enum settings and combo rows: @user_data is the nicks in item order. */
static gboolean
nick_to_index (GValue   *value,
               GVariant *variant,
               gpointer  user_data)
{
  const char * const *nicks = user_data;
  const char *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; nicks[i] != NULL; i++)
    if (g_str_equal (nicks[i], nick))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }

  return FALSE;
}

static GVariant *
index_to_nick (const GValue       *value,
               const GVariantType *expected_type,
               gpointer            user_data)
{
  const char * const *nicks = user_data;
  guint index = g_value_get_uint (value);

  if (index >= g_strv_length ((char **)nicks))
    return NULL;

  return g_variant_new_string (nicks[index]);
}

static void
bind_enum (BriskPreferencesWindow *self,
           const char             *key,
           AdwComboRow            *row,
           const char * const     *nicks)
{
  g_settings_bind_with_mapping (self->settings, key, row, "selected", G_SETTINGS_BIND_DEFAULT,
                                nick_to_index, index_to_nick, (gpointer)nicks, NULL);
}

static gboolean
provider_id_to_index (GValue   *value,
                      GVariant *variant,
                      gpointer  user_data)
{
  BriskPreferencesWindow *self = user_data;
  BriskProvider *provider = brisk_provider_list_lookup (self->providers,
                                                        g_variant_get_string (variant, NULL));
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->providers));

  /* A provider that was removed meanwhile: new conversations go to Groq, which is first. */
  g_value_set_uint (value, 0);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BriskProvider) item = g_list_model_get_item (G_LIST_MODEL (self->providers), i);

      if (item == provider)
        g_value_set_uint (value, i);
    }

  return TRUE;
}

static GVariant *
index_to_provider_id (const GValue       *value,
                      const GVariantType *expected_type,
                      gpointer            user_data)
{
  BriskPreferencesWindow *self = user_data;
  g_autoptr(BriskProvider) provider = g_list_model_get_item (G_LIST_MODEL (self->providers),
                                                             g_value_get_uint (value));

  if (provider == NULL)
    return NULL;

  return g_variant_new_string (brisk_provider_get_id (provider));
}

static guint
find_model (ModelChoice *choice,
            const char  *model_id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (choice->list));

  if (*model_id == '\0')
    return 0;

  for (guint i = 1; i < n; i++)
    if (g_str_equal (gtk_string_list_get_string (choice->list, i), model_id))
      return i;

  return GTK_INVALID_LIST_POSITION;
}

static gboolean
model_id_to_index (GValue   *value,
                   GVariant *variant,
                   gpointer  user_data)
{
  guint index = find_model (user_data, g_variant_get_string (variant, NULL));

  if (index == GTK_INVALID_LIST_POSITION)
    return FALSE;

  g_value_set_uint (value, index);
  return TRUE;
}

static GVariant *
index_to_model_id (const GValue       *value,
                   const GVariantType *expected_type,
                   gpointer            user_data)
{
  ModelChoice *choice = user_data;
  guint index = g_value_get_uint (value);

  if (choice->self->filling_models || index == GTK_INVALID_LIST_POSITION)
    return NULL;
  if (index == 0)
    return g_variant_new_string ("");

  return g_variant_new_string (gtk_string_list_get_string (choice->list, index));
}

/* The model a user chose stays listed even when the provider does not offer it (any more, or
 * not while offline), so opening Preferences never changes it behind their back.
 */
static void
keep_current_model_listed (ModelChoice *choice)
{
  g_autofree char *current = g_settings_get_string (choice->self->settings, choice->key);

  if (find_model (choice, current) == GTK_INVALID_LIST_POSITION)
    {
      choice->self->filling_models = TRUE;
      gtk_string_list_append (choice->list, current);
      choice->self->filling_models = FALSE;
    }
}

static void
model_setting_changed_cb (BriskPreferencesWindow *self,
                          const char             *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (self->model_choices); i++)
    if (g_str_equal (self->model_choices[i].key, key))
      keep_current_model_listed (&self->model_choices[i]);
}

static void
fill_models (BriskPreferencesWindow *self,
             GPtrArray              *models)
{
  for (guint c = 0; c < G_N_ELEMENTS (self->model_choices); c++)
    {
      ModelChoice *choice = &self->model_choices[c];
      g_autofree char *current = g_settings_get_string (self->settings, choice->key);
      g_autoptr(GPtrArray) ids = g_ptr_array_new_null_terminated (0, NULL, TRUE);
      guint n = g_list_model_get_n_items (G_LIST_MODEL (choice->list));

      g_ptr_array_add (ids, (char *)_(choice->automatic));
      for (guint i = 0; models != NULL && i < models->len; i++)
        g_ptr_array_add (ids, (char *)brisk_model_get_id (g_ptr_array_index (models, i)));

      self->filling_models = TRUE;
      gtk_string_list_splice (choice->list, 0, n, (const char * const *)ids->pdata);
      self->filling_models = FALSE;

      keep_current_model_listed (choice);
      adw_combo_row_set_selected (choice->row, find_model (choice, current));
    }
}

static void
models_listed_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  BriskPreferencesWindow *self = user_data;
  g_autoptr(GPtrArray) models = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *provider_id = NULL;
  BriskProvider *provider;

  models = brisk_client_list_models_finish (BRISK_CLIENT (object), result, NULL, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  provider_id = g_settings_get_string (self->settings, "default-provider");
  provider = brisk_provider_list_lookup (self->providers, provider_id);
  if (error != NULL && provider != NULL)
    message = brisk_client_error_describe_key_check (error, brisk_provider_get_name (provider));

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->model_row), message);
  fill_models (self, models);
}

static void
key_for_models_found_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  BriskPreferencesWindow *self = user_data;
  g_autofree char *provider_id = NULL;
  g_autoptr(GError) error = NULL;
  BriskClient *client;
  char *key;

  key = brisk_key_store_lookup_finish (BRISK_KEY_STORE (object), result, NULL, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  provider_id = g_settings_get_string (self->settings, "default-provider");
  client = brisk_application_get_client (self->application, provider_id);
  if (client == NULL)
    {
      brisk_key_free (key);
      return;
    }

  brisk_client_set_api_key (client, key);
  brisk_key_free (key);
  brisk_client_list_models_async (client, self->models_cancellable, models_listed_cb, self);
}

/* Each provider has its own models, so the list follows the chosen provider.
 *
 * Pending answers hold no reference on the window: one would keep a closed window alive past
 * the window it is transient for. Dispose cancels them instead, and every callback returns on
 * cancellation before it touches the window.
 */
static void
load_models (BriskPreferencesWindow *self)
{
  g_autofree char *provider_id = g_settings_get_string (self->settings, "default-provider");

  g_cancellable_cancel (self->models_cancellable);
  g_clear_object (&self->models_cancellable);
  self->models_cancellable = g_cancellable_new ();

  fill_models (self, NULL);
  brisk_key_store_lookup_async (brisk_application_get_key_store (self->application),
                                provider_id, self->models_cancellable, key_for_models_found_cb,
                                self);
}

/* The temperature switch and spin button share one setting, where -1 means "the model's own". */
static gboolean
temperature_to_default (GValue   *value,
                        GVariant *variant,
                        gpointer  user_data)
{
  g_value_set_boolean (value, g_variant_get_double (variant) < 0);
  return TRUE;
}

static GVariant *
default_to_temperature (const GValue       *value,
                        const GVariantType *expected_type,
                        gpointer            user_data)
{
  BriskPreferencesWindow *self = user_data;

  if (g_value_get_boolean (value))
    return g_variant_new_double (-1.0);

  return g_variant_new_double (gtk_spin_button_get_value (self->temperature_spin));
}

static gboolean
temperature_to_spin (GValue   *value,
                     GVariant *variant,
                     gpointer  user_data)
{
  BriskPreferencesWindow *self = user_data;
  double temperature = g_variant_get_double (variant);

  /* Under the model's own temperature, the spin button keeps the last one chosen. */
  if (temperature < 0)
    temperature = gtk_spin_button_get_value (self->temperature_spin);

  g_value_set_double (value, temperature);
  return TRUE;
}

static GVariant *
spin_to_temperature (const GValue       *value,
                     const GVariantType *expected_type,
                     gpointer            user_data)
{
  BriskPreferencesWindow *self = user_data;

  if (gtk_switch_get_active (self->default_temperature_switch))
    return NULL;

  return g_variant_new_double (g_value_get_double (value));
}

static void
bind_settings (BriskPreferencesWindow *self)
{
  GtkExpression *name;

  name = gtk_property_expression_new (BRISK_TYPE_PROVIDER, NULL, "name");
  adw_combo_row_set_expression (self->provider_row, name);
  gtk_expression_unref (name);
  adw_combo_row_set_model (self->provider_row, G_LIST_MODEL (self->providers));
  g_settings_bind_with_mapping (self->settings, "default-provider",
                                self->provider_row, "selected", G_SETTINGS_BIND_DEFAULT,
                                provider_id_to_index, index_to_provider_id, self, NULL);
  g_signal_connect_object (self->settings, "changed::default-provider",
                           G_CALLBACK (load_models), self, G_CONNECT_SWAPPED);

  /* Before the bindings, which need the value listed to select it. */
  g_signal_connect_object (self->settings, "changed", G_CALLBACK (model_setting_changed_cb),
                           self, G_CONNECT_SWAPPED);
  load_models (self);
  for (guint i = 0; i < G_N_ELEMENTS (self->model_choices); i++)
    g_settings_bind_with_mapping (self->settings, self->model_choices[i].key,
                                  self->model_choices[i].row, "selected",
                                  G_SETTINGS_BIND_DEFAULT, model_id_to_index, index_to_model_id,
                                  &self->model_choices[i], NULL);

  g_settings_bind (self->settings, "default-system-prompt",
                   self->system_prompt_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, "default-temperature",
                                self->temperature_spin, "value", G_SETTINGS_BIND_DEFAULT,
                                temperature_to_spin, spin_to_temperature, self, NULL);
  g_settings_bind_with_mapping (self->settings, "default-temperature",
                                self->default_temperature_switch, "active",
                                G_SETTINGS_BIND_DEFAULT,
                                temperature_to_default, default_to_temperature, self, NULL);
  g_settings_bind (self->settings, "default-max-tokens",
                   self->max_tokens_spin, "value", G_SETTINGS_BIND_DEFAULT);

  bind_enum (self, "reasoning-display", self->reasoning_row, reasoning_nicks);
  bind_enum (self, "send-key", self->send_key_row, send_key_nicks);
  bind_enum (self, "color-scheme", self->color_scheme_row, color_scheme_nicks);
  g_settings_bind (self->settings, "run-in-background",
                   self->background_switch, "active", G_SETTINGS_BIND_DEFAULT);

  bind_enum (self, "quick-ask-save", self->quick_save_row, quick_ask_save_nicks);
  g_settings_bind (self->settings, "notify-when-done",
                   self->notify_switch, "active", G_SETTINGS_BIND_DEFAULT);
}

static void
providers_changed_cb (BriskPreferencesWindow *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->providers));

  g_assert (BRISK_IS_PREFERENCES_WINDOW (self));

  for (guint i = 0; i < self->provider_rows->len; i++)
    adw_preferences_group_remove (self->providers_group,
                                  g_ptr_array_index (self->provider_rows, i));
  g_ptr_array_set_size (self->provider_rows, 0);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BriskProvider) provider = g_list_model_get_item (G_LIST_MODEL (self->providers), i);
      GtkWidget *row = brisk_provider_row_new (provider);

      g_ptr_array_add (self->provider_rows, row);
      adw_preferences_group_add (self->providers_group, row);
    }
}

static void
show_add_error (BriskPreferencesWindow *self,
                const char             *message)
{
  gtk_label_set_text (self->add_error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->add_error_label), message != NULL);
}

static void
added_key_stored_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  BriskPreferencesWindow *self = user_data;
  g_autoptr(GError) error = NULL;

  brisk_key_store_store_finish (BRISK_KEY_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* The rows looked before the key was in; look again. */
  providers_changed_cb (self);
  if (error != NULL)
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                      adw_toast_new (error->message));
}

static void
add_provider_cb (BriskPreferencesWindow *self)
{
  g_autofree char *name = NULL;
  g_autofree char *url = NULL;
  char *key;
  g_autoptr(GError) error = NULL;
  BriskProvider *provider;

  g_assert (BRISK_IS_PREFERENCES_WINDOW (self));

  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->add_name_row))));
  url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->add_url_row))));
  key = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->add_key_row))));

  provider = brisk_provider_list_add (self->providers, name, url, &error);
  if (provider == NULL)
    {
      show_add_error (self, error->message);
      brisk_key_free (key);
      return;
    }

  show_add_error (self, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->add_name_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->add_url_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->add_key_row), "");

  if (*key != '\0')
    brisk_key_store_store_async (brisk_application_get_key_store (self->application),
                                 brisk_provider_get_id (provider), name, key, self->cancellable,
                                 added_key_stored_cb, self);
  brisk_key_free (key);

  /* Translators: %s is the name the user gave a provider. */
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                    adw_toast_new_format (_("%s added"), name));
}

/* A toast says how it went: @done, or @failed and why. */
static void
report (BriskPreferencesWindow *self,
        const char             *done,
        const char             *failed,
        const GError           *error)
{
  if (error != NULL)
    /* Translators: what failed, then why, as the system gave it. */
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                      adw_toast_new_format (_("%s: %s"), failed, error->message));
  else
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (done));
}

static void
export_response_cb (BriskPreferencesWindow *self,
                    int                     response)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  g_assert (BRISK_IS_PREFERENCES_WINDOW (self));

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (self->export_chooser));
  g_clear_object (&self->export_chooser);
  if (file == NULL)
    return;

  brisk_store_export_all_to_file (brisk_application_get_store (self->application, NULL), file,
                                  NULL, &error);
  report (self, _("Conversations exported"), _("Could not export"), error);
}

static void
export_cb (BriskPreferencesWindow *self)
{
  g_assert (BRISK_IS_PREFERENCES_WINDOW (self));

  g_clear_object (&self->export_chooser);
  self->export_chooser = gtk_file_chooser_native_new (_("Export Conversations"),
                                                      GTK_WINDOW (self),
                                                      GTK_FILE_CHOOSER_ACTION_SAVE,
                                                      _("_Export"), NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->export_chooser),
                                     "brisk-conversations.json");
  g_signal_connect_object (self->export_chooser, "response",
                           G_CALLBACK (export_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->export_chooser));
}

static void
open_folder_cb (BriskPreferencesWindow *self)
{
  BriskStore *store = brisk_application_get_store (self->application, NULL);
  g_autofree char *folder = g_path_get_dirname (brisk_store_get_path (store));
  g_autofree char *uri = g_filename_to_uri (folder, NULL, NULL);

  g_assert (BRISK_IS_PREFERENCES_WINDOW (self));

  gtk_show_uri (GTK_WINDOW (self), uri, GDK_CURRENT_TIME);
}

static void
delete_all_confirmed_cb (BriskPreferencesWindow *self)
{
  g_autoptr(GError) error = NULL;

  g_assert (BRISK_IS_PREFERENCES_WINDOW (self));

  brisk_store_delete_all (brisk_application_get_store (self->application, NULL), &error);
  report (self, _("All conversations deleted"), _("Could not delete the history"), error);
}

static void
delete_all_cb (BriskPreferencesWindow *self)
{
  AdwMessageDialog *dialog;

  g_assert (BRISK_IS_PREFERENCES_WINDOW (self));

  dialog = brisk_preferences_window_confirm (GTK_WIDGET (self),
                                             _("Every conversation is deleted for good. Export "
                                               "them first to keep a copy."),
                                             _("_Delete All"),
                                             G_CALLBACK (delete_all_confirmed_cb), self);
  adw_message_dialog_set_heading (dialog, _("Delete All Conversations?"));
}

/* Without a history there is nothing to export, open or delete; the group says why. */
static void
show_store (BriskPreferencesWindow *self)
{
  const GError *error = NULL;
  g_autofree char *description = NULL;

  if (brisk_application_get_store (self->application, &error) != NULL)
    return;

  /* Translators: %s says why, as given by the system. */
  description = g_strdup_printf (_("The history could not be opened, so conversations are kept "
                                   "only until Brisk quits: %s"),
                                 error ? error->message : "");
  adw_preferences_group_set_description (self->history_group, description);
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->open_folder_button), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->delete_all_button), FALSE);
}

/* Quick ask's shortcut */

/* What to bind as a custom shortcut where there is no GlobalShortcuts portal. */
static char *
get_quick_ask_command (void)
{
  /* Inside Flatpak the host runs the app through flatpak; /.flatpak-info says where we are. */
  if (g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS))
    return g_strdup ("flatpak run " APP_ID " --quick-ask");

  return g_strdup ("brisk --quick-ask");
}

/* The desktop's keyboard settings, where custom shortcuts are added: GNOME's, else KDE's. */
static GAppInfo *
find_keyboard_settings (void)
{
  static const char * const commands[][2] = {
    { "gnome-control-center", "gnome-control-center keyboard" },
    { "systemsettings", "systemsettings kcm_keys" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *path = g_find_program_in_path (commands[i][0]);

      if (path != NULL)
        return g_app_info_create_from_commandline (commands[i][1], NULL, G_APP_INFO_CREATE_NONE,
                                                   NULL);
    }

  return NULL;
}

static void
update_shortcut (BriskPreferencesWindow *self)
{
  BriskGlobalShortcut *shortcut = brisk_application_get_quick_ask_shortcut (self->application);
  BriskGlobalShortcutState state = shortcut != NULL ? brisk_global_shortcut_get_state (shortcut)
                                                    : BRISK_GLOBAL_SHORTCUT_UNAVAILABLE;
  g_autoptr(GAppInfo) keyboard_settings = NULL;
  const char *subtitle = NULL;

  switch (state)
    {
    case BRISK_GLOBAL_SHORTCUT_CHECKING:
      subtitle = _("Asking the desktop…");
      break;

    case BRISK_GLOBAL_SHORTCUT_BOUND:
      subtitle = brisk_global_shortcut_get_trigger (shortcut);
      if (subtitle == NULL)
        subtitle = _("No keys chosen yet");
      break;

    case BRISK_GLOBAL_SHORTCUT_DECLINED:
      subtitle = _("Not set: the desktop did not bind it. Add it as a custom shortcut instead.");
      break;

    case BRISK_GLOBAL_SHORTCUT_UNAVAILABLE:
    default:
      subtitle = _("This desktop cannot bind it for Brisk. Add it as a custom shortcut instead.");
      break;
    }

  adw_action_row_set_subtitle (self->shortcut_row, subtitle);
  gtk_widget_set_visible (GTK_WIDGET (self->shortcut_button),
                          shortcut != NULL && brisk_global_shortcut_get_can_configure (shortcut));

  /* The fallback: the command to bind, and the way to where it is bound. */
  gtk_widget_set_visible (GTK_WIDGET (self->shortcut_command_row),
                          state == BRISK_GLOBAL_SHORTCUT_UNAVAILABLE
                          || state == BRISK_GLOBAL_SHORTCUT_DECLINED);
  keyboard_settings = find_keyboard_settings ();
  gtk_widget_set_visible (GTK_WIDGET (self->keyboard_settings_button), keyboard_settings != NULL);
}

static void
configure_shortcut_cb (BriskPreferencesWindow *self)
{
  BriskGlobalShortcut *shortcut = brisk_application_get_quick_ask_shortcut (self->application);

  if (shortcut != NULL && brisk_global_shortcut_get_can_configure (shortcut))
    brisk_global_shortcut_configure (shortcut, NULL);
}

static void
open_keyboard_settings_cb (BriskPreferencesWindow *self)
{
  g_autoptr(GAppInfo) keyboard_settings = find_keyboard_settings ();
  g_autoptr(GError) error = NULL;

  if (keyboard_settings != NULL && !g_app_info_launch (keyboard_settings, NULL, NULL, &error))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                      adw_toast_new (error->message));
}

static void
copy_shortcut_command_cb (BriskPreferencesWindow *self)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)),
                          gtk_label_get_text (self->shortcut_command_label));
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                    adw_toast_new (_("Command copied")));
}

static void
brisk_preferences_window_constructed (GObject *object)
{
  BriskPreferencesWindow *self = (BriskPreferencesWindow *)object;
  g_autofree char *command = NULL;
  BriskGlobalShortcut *shortcut;

  G_OBJECT_CLASS (brisk_preferences_window_parent_class)->constructed (object);

  /* Not gtk_window_get_application(): GtkWindow:application is no construct property, so it
   * is still unset here.
   */
  self->application = BRISK_APPLICATION (g_application_get_default ());
  self->settings = brisk_application_get_settings (self->application);
  self->providers = brisk_application_get_providers (self->application);

  bind_settings (self);

  g_signal_connect_object (self->providers, "items-changed",
                           G_CALLBACK (providers_changed_cb), self, G_CONNECT_SWAPPED);
  providers_changed_cb (self);

  show_store (self);

  command = get_quick_ask_command ();
  gtk_label_set_text (self->shortcut_command_label, command);
  shortcut = brisk_application_get_quick_ask_shortcut (self->application);
  if (shortcut != NULL)
    g_signal_connect_object (shortcut, "notify", G_CALLBACK (update_shortcut), self,
                             G_CONNECT_SWAPPED);
  update_shortcut (self);
}

static void
brisk_preferences_window_dispose (GObject *object)
{
  BriskPreferencesWindow *self = (BriskPreferencesWindow *)object;

  /* These bindings map through this window, and they would outlive it: a binding goes only
   * when its widget is finalized, which may be later.
   */
  if (self->provider_row != NULL)
    {
      g_settings_unbind (self->provider_row, "selected");
      g_settings_unbind (self->model_row, "selected");
      g_settings_unbind (self->quick_model_row, "selected");
      g_settings_unbind (self->temperature_spin, "value");
      g_settings_unbind (self->default_temperature_switch, "active");
    }

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->models_cancellable);
  g_clear_object (&self->models_cancellable);
  g_clear_pointer (&self->provider_rows, g_ptr_array_unref);
  g_clear_object (&self->export_chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), BRISK_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (brisk_preferences_window_parent_class)->dispose (object);
}

static void
brisk_preferences_window_class_init (BriskPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = brisk_preferences_window_constructed;
  object_class->dispose = brisk_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH
                                               "/ui/brisk-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BriskPreferencesWindow, provider_row);
  gtk_widget_class_bind_template_child (widget_class, BriskPreferencesWindow, model_row);
  gtk_widget_class_bind_template_child (widget_class, BriskPreferencesWindow, model_list);
  gtk_widget_class_bind_template_child (widget_class, BriskPreferencesWindow, quick_model_row);
  gtk_widget_class_bind_template_child (widget_class, BriskPreferencesWindow, quick_model_list);
  gtk_widget_class_bind_template_child (widget_class, BriskPreferencesWindow, quick_save_row);
  gtk_widget_class_bind_template_child (widget_class, BriskPreferencesWindow, shortcut_row);
  gtk_widget_class_bind_template_child (widget_class, BriskPreferencesWindow, shortcut_button);
  gtk_widget_class_bind_template_child (widget_class, BriskPreferencesWindow,
                                        shortcut_command_row);
  gtk_widget_class_bind_template_child (widget_class, BriskPreferencesWindow,
                                        shortcut_command_label);
  gtk_widget_class_bind_template_child (widget_class, BriskPreferencesWindow,
                                        keyboard_settings_button);
  gtk_widget_class_bind_template_child (widget_class, BriskPreferencesWindow, notify_switch);
  gtk_widget_class_bind_template_child (widget_class, BriskPreferencesWindow, system_prompt_row);
  gtk_widget_class_bind_template_child (widget_class, BriskPreferencesWindow,
                                        default_temperature_switch);
  gtk_widget_class_bind_template_child (widget_class, BriskPreferencesWindow, temperature_spin);
  gtk_widget_class_bind_template_child (widget_class, BriskPreferencesWindow, max_tokens_spin);
  gtk_widget_class_bind_template_child (widget_class, BriskPreferencesWindow, reasoning_row);
  gtk_widget_class_bind_template_child (widget_class, BriskPreferencesWindow, send_key_row);
  gtk_widget_class_bind_template_child (widget_class, BriskPreferencesWindow, color_scheme_row);
  gtk_widget_class_bind_template_child (widget_class, BriskPreferencesWindow, background_switch);
  gtk_widget_class_bind_template_child (widget_class, BriskPreferencesWindow, providers_group);
  gtk_widget_class_bind_template_child (widget_class, BriskPreferencesWindow, add_name_row);
  gtk_widget_class_bind_template_child (widget_class, BriskPreferencesWindow, add_url_row);
  gtk_widget_class_bind_template_child (widget_class, BriskPreferencesWindow, add_key_row);
  gtk_widget_class_bind_template_child (widget_class, BriskPreferencesWindow, add_error_label);
  gtk_widget_class_bind_template_child (widget_class, BriskPreferencesWindow, history_group);
  gtk_widget_class_bind_template_child (widget_class, BriskPreferencesWindow, export_button);
  gtk_widget_class_bind_template_child (widget_class, BriskPreferencesWindow, open_folder_button);
  gtk_widget_class_bind_template_child (widget_class, BriskPreferencesWindow, delete_all_button);
  gtk_widget_class_bind_template_callback (widget_class, add_provider_cb);
  gtk_widget_class_bind_template_callback (widget_class, export_cb);
  gtk_widget_class_bind_template_callback (widget_class, open_folder_cb);
  gtk_widget_class_bind_template_callback (widget_class, delete_all_cb);
  gtk_widget_class_bind_template_callback (widget_class, configure_shortcut_cb);
  gtk_widget_class_bind_template_callback (widget_class, open_keyboard_settings_cb);
  gtk_widget_class_bind_template_callback (widget_class, copy_shortcut_command_cb);
}

static void
brisk_preferences_window_init (BriskPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->provider_rows = g_ptr_array_new ();

  self->model_choices[0] = (ModelChoice) { self, "default-model", N_("Best available"),
                                           self->model_row, self->model_list };
  self->model_choices[1] = (ModelChoice) { self, "quick-ask-model", N_("Fastest available"),
                                           self->quick_model_row, self->quick_model_list };
}
