/* test-preferences.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-preferences"

#include "config.h"

#include "brisk-key-store.h"
#include "brisk-preferences-window.h"
#include "brisk-provider-row.h"
#include "brisk-test-server.h"
#include "brisk-ui-test.h"
#include "brisk-window.h"

/* Preferences as a user meets them: opened with app.preferences, controls and settings that
 * follow each other, providers added, checked and removed with their keys in the session's real
 * keyring, and the history exported and deleted. Groq is moved to a local scripted server and
 * its key comes from GROQ_API_KEY (set for every UI test).
 */

static BriskTestServer *server;

static GSettings *
settings (void)
{
  return brisk_application_get_settings (brisk_ui_test_get_application ());
}

static BriskProviderList *
providers (void)
{
  return brisk_application_get_providers (brisk_ui_test_get_application ());
}

static void
queue_models (guint status)
{
  g_autofree char *models = brisk_test_read_fixture ("groq-models.json", NULL);
  const char *refused[] = {
    "{\"error\":{\"message\":\"Invalid API Key\",\"code\":\"invalid_api_key\"}}\n", NULL
  };
  const char *listed[] = { models, NULL };

  brisk_test_server_queue (server, "/v1/models", status, "application/json", NULL,
                           status == 200 ? listed : refused, 0, BRISK_TEST_END_COMPLETE);
}

static void
wait_for_models (GtkWindow *window)
{
  GListModel *models = adw_combo_row_get_model (ADW_COMBO_ROW (brisk_ui_test_find (window, "model_row")));

  brisk_ui_test_wait_for_frame (GTK_WIDGET (window));
  BRISK_UI_TEST_WAIT_UNTIL (g_list_model_get_n_items (models) > 2, "the models");
}

/* Opens Preferences as the menu and Ctrl+, do, and waits until Groq's models are listed. */
static BriskPreferencesWindow *
open_preferences (void)
{
  GtkWindow *window;

  queue_models (200);
  g_action_group_activate_action (G_ACTION_GROUP (brisk_ui_test_get_application ()),
                                  "preferences", NULL);
  window = brisk_ui_test_find_window (BRISK_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (window);
  wait_for_models (window);

  return BRISK_PREFERENCES_WINDOW (window);
}

static char *
lookup_key (const char *provider_id)
{
  g_autoptr(GError) error = NULL;
  char *key = secret_password_lookup_sync (brisk_key_store_get_schema (), NULL, &error,
                                           "provider", provider_id,
                                           NULL);

  g_assert_no_error (error);
  return key;
}

/* Whether the keyring holds @key for the provider (%NULL: holds none). */
static gboolean
key_is (const char *provider_id,
        const char *key)
{
  char *stored = lookup_key (provider_id);
  gboolean same = g_strcmp0 (stored, key) == 0;

  brisk_key_free (stored);
  return same;
}

static void
test_preferences_open (void)
{
  BriskPreferencesWindow *window = open_preferences ();

  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Preferences");

  /* Asking again brings the same window forward rather than opening a second one. */
  g_action_group_activate_action (G_ACTION_GROUP (brisk_ui_test_get_application ()),
                                  "preferences", NULL);
  g_assert_true (brisk_ui_test_find_window (BRISK_TYPE_PREFERENCES_WINDOW) == GTK_WINDOW (window));

  brisk_ui_test_close_window (GTK_WINDOW (window), NULL);
  g_assert_null (brisk_ui_test_find_window (BRISK_TYPE_PREFERENCES_WINDOW));
}

/* Ctrl+Q pressed in Preferences closes the main window first, while GTK still holds
 * Preferences for the key press; Preferences must not be left pointing at the main window.
 */
static void
test_preferences_outlive_parent (void)
{
  BriskApplication *application = brisk_ui_test_get_application ();
  GtkWindow *parent = GTK_WINDOW (brisk_window_new (application));
  GtkWindow *preferences;

  gtk_window_present (parent);
  brisk_ui_test_wait_for_frame (GTK_WIDGET (parent));
  queue_models (200);
  preferences = GTK_WINDOW (brisk_preferences_window_new (application, parent));
  gtk_window_present (preferences);
  wait_for_models (preferences);

  g_object_ref (preferences);
  gtk_window_destroy (parent);
  gtk_window_destroy (preferences);
  g_assert_null (gtk_window_get_transient_for (preferences));
  g_object_unref (preferences);
}

static guint
find_string (GListModel *model,
             const char *string)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), string) == 0)
      return i;

  return GTK_INVALID_LIST_POSITION;
}

static void
test_preferences_general (void)
{
  BriskPreferencesWindow *window;
  GtkSwitch *default_temperature;
  GtkSpinButton *temperature;
  AdwComboRow *model_row;
  GListModel *models;
  g_autofree char *model = NULL;

  /* A model Groq does not list (any more) stays chosen. */
  g_settings_set_string (settings (), "default-model", "retired-model");
  window = open_preferences ();

  model_row = ADW_COMBO_ROW (brisk_ui_test_find (window, "model_row"));
  models = adw_combo_row_get_model (model_row);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (models), 0), ==, "Best available");
  g_assert_cmpuint (find_string (models, "llama-3.1-8b-instant"), !=, GTK_INVALID_LIST_POSITION);
  g_assert_cmpuint (adw_combo_row_get_selected (model_row), ==, find_string (models, "retired-model"));
  adw_combo_row_set_selected (model_row, find_string (models, "llama-3.1-8b-instant"));
  model = g_settings_get_string (settings (), "default-model");
  g_assert_cmpstr (model, ==, "llama-3.1-8b-instant");
  adw_combo_row_set_selected (model_row, 0);
  g_clear_pointer (&model, g_free);
  model = g_settings_get_string (settings (), "default-model");
  g_assert_cmpstr (model, ==, "");
  g_settings_set_string (settings (), "default-model", "openai/gpt-oss-120b");
  g_assert_cmpuint (adw_combo_row_get_selected (model_row), ==, find_string (models, "openai/gpt-oss-120b"));

  /* Run in background, both ways. */
  gtk_switch_set_active (GTK_SWITCH (brisk_ui_test_find (window, "background_switch")), TRUE);
  g_assert_true (g_settings_get_boolean (settings (), "run-in-background"));
  g_settings_set_boolean (settings (), "run-in-background", FALSE);
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (brisk_ui_test_find (window, "background_switch"))));

  /* The enum settings, through their combo rows. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (brisk_ui_test_find (window, "color_scheme_row")), 2);
  g_assert_cmpint (g_settings_get_enum (settings (), "color-scheme"), ==, 2);
  g_assert_cmpint (adw_style_manager_get_color_scheme (adw_style_manager_get_default ()), ==,
                   ADW_COLOR_SCHEME_FORCE_DARK);
  g_settings_set_string (settings (), "color-scheme", "light");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (brisk_ui_test_find (window, "color_scheme_row"))), ==, 1);
  g_settings_reset (settings (), "color-scheme");

  adw_combo_row_set_selected (ADW_COMBO_ROW (brisk_ui_test_find (window, "send_key_row")), 1);
  g_assert_cmpint (g_settings_get_enum (settings (), "send-key"), ==, 1);
  g_settings_set_string (settings (), "reasoning-display", "hidden");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (brisk_ui_test_find (window, "reasoning_row"))), ==, 2);

  /* Temperature: the model's own (-1) or a chosen one. */
  default_temperature = GTK_SWITCH (brisk_ui_test_find (window, "default_temperature_switch"));
  temperature = GTK_SPIN_BUTTON (brisk_ui_test_find (window, "temperature_spin"));
  g_assert_true (gtk_switch_get_active (default_temperature));
  g_assert_false (gtk_widget_is_sensitive (brisk_ui_test_find (window, "temperature_row")));
  gtk_switch_set_active (default_temperature, FALSE);
  g_assert_true (gtk_widget_is_sensitive (brisk_ui_test_find (window, "temperature_row")));
  g_assert_cmpfloat_with_epsilon (g_settings_get_double (settings (), "default-temperature"), 1.0, 0.001);
  gtk_spin_button_set_value (temperature, 0.3);
  g_assert_cmpfloat_with_epsilon (g_settings_get_double (settings (), "default-temperature"), 0.3, 0.001);
  g_settings_set_double (settings (), "default-temperature", 1.5);
  g_assert_cmpfloat_with_epsilon (gtk_spin_button_get_value (temperature), 1.5, 0.001);
  g_settings_set_double (settings (), "default-temperature", -1.0);
  g_assert_true (gtk_switch_get_active (default_temperature));
  g_assert_cmpfloat_with_epsilon (g_settings_get_double (settings (), "default-temperature"), -1.0, 0.001);

  /* Longest answer and system prompt. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (brisk_ui_test_find (window, "max_tokens_spin")), 2048);
  g_assert_cmpint (g_settings_get_int64 (settings (), "default-max-tokens"), ==, 2048);
  g_settings_set_int64 (settings (), "default-max-tokens", 0);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (brisk_ui_test_find (window, "max_tokens_spin"))), ==, 0);

  gtk_editable_set_text (GTK_EDITABLE (brisk_ui_test_find (window, "system_prompt_row")), "Answer briefly.");
  g_clear_pointer (&model, g_free);
  model = g_settings_get_string (settings (), "default-system-prompt");
  g_assert_cmpstr (model, ==, "Answer briefly.");
  g_settings_set_string (settings (), "default-system-prompt", "Answer in German.");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (brisk_ui_test_find (window, "system_prompt_row"))), ==,
                   "Answer in German.");

  brisk_ui_test_close_window (GTK_WINDOW (window), NULL);

  g_settings_reset (settings (), "default-model");
  g_settings_reset (settings (), "send-key");
  g_settings_reset (settings (), "reasoning-display");
  g_settings_reset (settings (), "default-system-prompt");
}

static BriskProviderRow *
find_provider_row (BriskPreferencesWindow *window,
                   const char             *name)
{
  GtkWidget *group = brisk_ui_test_find (window, "providers_group");
  GtkWidget *row = NULL;

  /* Rows are rebuilt when the list changes, so look each time. */
  for (row = brisk_ui_test_find_descendant (group, BRISK_TYPE_PROVIDER_ROW, NULL);
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (BRISK_IS_PROVIDER_ROW (row) &&
        g_strcmp0 (brisk_provider_get_name (brisk_provider_row_get_provider (BRISK_PROVIDER_ROW (row))), name) == 0)
      return BRISK_PROVIDER_ROW (row);

  return NULL;
}

static const char *
row_subtitle (BriskProviderRow *row)
{
  return row ? adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)) : NULL;
}

static const char *
check_result (BriskProviderRow *row)
{
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (brisk_ui_test_find (row, "check_row")));
}

static void
click (GtkWidget *button)
{
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

static void
add_provider (BriskPreferencesWindow *window,
              const char             *name,
              const char             *url,
              const char             *key)
{
  gtk_editable_set_text (GTK_EDITABLE (brisk_ui_test_find (window, "add_name_row")), name);
  gtk_editable_set_text (GTK_EDITABLE (brisk_ui_test_find (window, "add_url_row")), url);
  gtk_editable_set_text (GTK_EDITABLE (brisk_ui_test_find (window, "add_key_row")), key);
  click (brisk_ui_test_find (window, "add_button"));
}

static AdwMessageDialog *
wait_for_dialog (void)
{
  BRISK_UI_TEST_WAIT_UNTIL (brisk_ui_test_find_window (ADW_TYPE_MESSAGE_DIALOG) != NULL, "a dialog");
  return ADW_MESSAGE_DIALOG (brisk_ui_test_find_window (ADW_TYPE_MESSAGE_DIALOG));
}

static void
test_preferences_providers (void)
{
  BriskPreferencesWindow *window = open_preferences ();
  guint n_providers = g_list_model_get_n_items (G_LIST_MODEL (providers ()));
  GtkWidget *error_label = brisk_ui_test_find (window, "add_error_label");
  BriskProviderRow *groq, *local;
  g_autofree char *provider_id = NULL;

  /* GROQ_API_KEY wins over the keyring, and the row says so; BRISK_BASE_URL moved Groq. */
  groq = find_provider_row (window, "Groq");
  BRISK_UI_TEST_WAIT_UNTIL (g_strcmp0 (row_subtitle (groq), "No key") != 0 && row_subtitle (groq) != NULL,
              "Groq's key source");
  g_assert_nonnull (strstr (row_subtitle (groq), "GROQ_API_KEY"));
  g_assert_false (gtk_widget_is_sensitive (brisk_ui_test_find (groq, "key_row")));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (brisk_ui_test_find (groq, "address_row"))),
                            "BRISK_BASE_URL"));
  g_assert_false (gtk_widget_get_visible (brisk_ui_test_find (groq, "remove_provider_row")));

  /* Plain http:// to another computer is refused, and nothing is added. */
  add_provider (window, "Example", "http://example.com/v1", "sk-example");
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), "https://"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (providers ())), ==, n_providers);
  g_assert_null (find_provider_row (window, "Example"));

  /* A server on this computer, with a key: added, and the key goes to the keyring. */
  add_provider (window, "Local", brisk_test_server_get_base_url (server), "  sk-local  ");
  g_assert_false (gtk_widget_get_visible (error_label));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (providers ())), ==, n_providers + 1);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (brisk_ui_test_find (window, "add_key_row"))), ==, "");
  BRISK_UI_TEST_WAIT_UNTIL (g_strcmp0 (row_subtitle (find_provider_row (window, "Local")),
                         "Key in the system keyring") == 0,
              "the key in the keyring");
  local = find_provider_row (window, "Local");
  provider_id = g_strdup (brisk_provider_get_id (brisk_provider_row_get_provider (local)));
  g_assert_true (key_is (provider_id, "sk-local"));
  g_assert_true (gtk_widget_is_sensitive (brisk_ui_test_find (local, "remove_key_row")));

  /* Test: a working key, then one the server refuses. */
  queue_models (200);
  click (brisk_ui_test_find (local, "test_button"));
  BRISK_UI_TEST_WAIT_UNTIL (!gtk_spinner_get_spinning (GTK_SPINNER (brisk_ui_test_find (local, "check_spinner"))), "a check");
  g_assert_true (g_str_has_prefix (check_result (local), "Key works — "));
  g_assert_true (g_str_has_suffix (check_result (local), " models"));
  g_assert_cmpstr (brisk_test_server_get_request (server, brisk_test_server_get_n_requests (server) - 1)->authorization,
                   ==, "Bearer sk-local");

  queue_models (401);
  click (brisk_ui_test_find (local, "test_button"));
  BRISK_UI_TEST_WAIT_UNTIL (!gtk_spinner_get_spinning (GTK_SPINNER (brisk_ui_test_find (local, "check_spinner"))), "a check");
  g_assert_cmpstr (check_result (local), ==,
                   "Local did not accept this key. Check that it was copied whole, or make a new one.");

  /* Replacing the key: the field empties at once and the keyring gets the new one. */
  gtk_editable_set_text (GTK_EDITABLE (brisk_ui_test_find (local, "key_row")), "sk-newer");
  g_signal_emit_by_name (brisk_ui_test_find (local, "key_row"), "apply");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (brisk_ui_test_find (local, "key_row"))), ==, "");
  BRISK_UI_TEST_WAIT_UNTIL (key_is (provider_id, "sk-newer"), "the new key in the keyring");

  /* Removing the key asks first, then the row says there is none. */
  click (brisk_ui_test_find (local, "remove_key_button"));
  adw_message_dialog_response (wait_for_dialog (), "confirm");
  BRISK_UI_TEST_WAIT_UNTIL (g_strcmp0 (row_subtitle (local), "No key") == 0, "the key to be gone");
  g_assert_true (key_is (provider_id, NULL));
  g_assert_false (gtk_widget_is_sensitive (brisk_ui_test_find (local, "remove_key_row")));

  /* A key again, for removing the provider to take away. */
  gtk_editable_set_text (GTK_EDITABLE (brisk_ui_test_find (local, "key_row")), "sk-again");
  g_signal_emit_by_name (brisk_ui_test_find (local, "key_row"), "apply");
  BRISK_UI_TEST_WAIT_UNTIL (g_strcmp0 (row_subtitle (local), "Key in the system keyring") == 0, "the key");
  g_assert_true (key_is (provider_id, "sk-again"));

  /* Editing: the same rule for the address, said in the row. */
  gtk_editable_set_text (GTK_EDITABLE (brisk_ui_test_find (local, "url_row")), "http://example.com/v1");
  g_signal_emit_by_name (brisk_ui_test_find (local, "url_row"), "apply");
  g_assert_true (gtk_widget_get_visible (brisk_ui_test_find (local, "error_row")));
  g_assert_cmpstr (brisk_provider_get_base_url (brisk_provider_row_get_provider (local)), ==,
                   brisk_test_server_get_base_url (server));

  /* Removing asks first; cancelling keeps everything. */
  click (brisk_ui_test_find (local, "remove_provider_button"));
  adw_message_dialog_response (wait_for_dialog (), "cancel");
  g_assert_nonnull (find_provider_row (window, "Local"));

  click (brisk_ui_test_find (local, "remove_provider_button"));
  adw_message_dialog_response (wait_for_dialog (), "confirm");
  g_assert_null (find_provider_row (window, "Local"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (providers ())), ==, n_providers);
  g_assert_null (brisk_provider_list_lookup (providers (), provider_id));
  BRISK_UI_TEST_WAIT_UNTIL (key_is (provider_id, NULL), "the key to leave the keyring");

  brisk_ui_test_close_window (GTK_WINDOW (window), NULL);
}

static guint
count_exported (GFile *file)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GError) error = NULL;
  JsonObject *root;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "format"), ==, "brisk-export");

  return json_array_get_length (json_object_get_array_member (root, "conversations"));
}

static void
test_preferences_data (void)
{
  BriskStore *store = brisk_application_get_store (brisk_ui_test_get_application (), NULL);
  g_autofree char *dir = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  BriskPreferencesWindow *window;

  g_assert_nonnull (store);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(BriskConversation) conversation = NULL;
      g_autoptr(BriskMessage) message = NULL;

      conversation = brisk_store_create_conversation (store, "groq", "llama-3.1-8b-instant", &error);
      g_assert_no_error (error);
      message = brisk_store_add_message (store, brisk_conversation_get_id (conversation), "user",
                                         "Hello", BRISK_REPLY_STATUS_COMPLETE, &error);
      g_assert_no_error (error);
    }
  g_assert_cmpuint (brisk_store_count_conversations (store, FALSE), ==, 2);

  /* The export the Export… button writes, without its file dialog. */
  dir = g_dir_make_tmp ("brisk-export-XXXXXX", &error);
  g_assert_no_error (error);
  file = g_file_new_build_filename (dir, "export.json", NULL);
  g_assert_true (brisk_store_export_all_to_file (store, file, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_exported (file), ==, 2);

  window = open_preferences ();
  g_assert_true (gtk_widget_is_sensitive (brisk_ui_test_find (window, "export_button")));
  g_assert_true (gtk_widget_is_sensitive (brisk_ui_test_find (window, "open_folder_button")));

  /* Deleting everything asks first. */
  click (brisk_ui_test_find (window, "delete_all_button"));
  adw_message_dialog_response (wait_for_dialog (), "cancel");
  g_assert_cmpuint (brisk_store_count_conversations (store, FALSE), ==, 2);

  click (brisk_ui_test_find (window, "delete_all_button"));
  adw_message_dialog_response (wait_for_dialog (), "confirm");
  g_assert_cmpuint (brisk_store_count_conversations (store, FALSE), ==, 0);

  g_assert_true (brisk_store_export_all_to_file (store, file, NULL, &error));
  g_assert_cmpuint (count_exported (file), ==, 0);

  brisk_ui_test_close_window (GTK_WINDOW (window), NULL);
  brisk_test_remove_tree (dir);
}

static gboolean
close_window_cb (gpointer user_data)
{
  gtk_window_close (user_data);
  return G_SOURCE_REMOVE;
}

static void
window_added_cb (GtkApplication *application,
                 GtkWindow      *window)
{
  g_timeout_add (200, close_window_cb, window);
}

static gboolean
still_running_cb (gpointer user_data)
{
  gboolean *still_running = user_data;

  *still_running = TRUE;
  g_application_quit (G_APPLICATION (brisk_ui_test_get_application ()));
  return G_SOURCE_REMOVE;
}

/* Runs Brisk as the desktop starts it, in a child process: its window opens and is closed.
 * With run-in-background on, Brisk is still running a second later; with it off, it is gone.
 */
static void
test_preferences_run_in_background (gconstpointer data)
{
  gboolean run_in_background = GPOINTER_TO_INT (data);
  BriskApplication *application = brisk_ui_test_get_application ();
  gboolean still_running = FALSE;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      return;
    }

  g_settings_set_boolean (settings (), "run-in-background", run_in_background);
  g_signal_connect (application, "window-added", G_CALLBACK (window_added_cb), NULL);
  g_timeout_add (1500, still_running_cb, &still_running);
  g_application_run (G_APPLICATION (application), 0, NULL);

  g_assert_cmpint (still_running, ==, run_in_background);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* Before the application exists: it reads BRISK_BASE_URL once, when it builds its providers. */
  server = brisk_test_server_new ();
  g_setenv ("BRISK_BASE_URL", brisk_test_server_get_base_url (server), TRUE);

  brisk_ui_test_init (&argc, &argv);

  g_test_add_func ("/preferences/open", test_preferences_open);
  g_test_add_func ("/preferences/outlive-parent", test_preferences_outlive_parent);
  g_test_add_func ("/preferences/general", test_preferences_general);
  g_test_add_func ("/preferences/providers", test_preferences_providers);
  g_test_add_func ("/preferences/data", test_preferences_data);
  g_test_add_data_func ("/preferences/run-in-background/on", GINT_TO_POINTER (TRUE),
                        test_preferences_run_in_background);
  g_test_add_data_func ("/preferences/run-in-background/off", GINT_TO_POINTER (FALSE),
                        test_preferences_run_in_background);

  status = g_test_run ();
  brisk_test_server_free (server);

  return status;
}
