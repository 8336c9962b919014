/* test-providers.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-providers"

#include "config.h"

#include "brisk-client.h"
#include "brisk-client-error.h"
#include "brisk-key-store.h"
#include "brisk-provider-list.h"

/* Runs with the memory GSettings backend and the schema of this build. */

static GSettings *
fresh_settings (void)
{
  GSettings *settings = g_settings_new (BASE_ID);

  g_settings_reset (settings, "providers");
  return settings;
}

static void
count_changes_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *n_changes)
{
  (*n_changes)++;
}

static void
test_groq_built_in (void)
{
  g_autoptr(GSettings) settings = fresh_settings ();
  g_autoptr(BriskProviderList) list = NULL;
  g_autoptr(BriskProvider) groq = NULL;

  g_unsetenv ("BRISK_BASE_URL");
  list = brisk_provider_list_new (settings);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  groq = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_cmpstr (brisk_provider_get_id (groq), ==, BRISK_GROQ_PROVIDER_ID);
  g_assert_cmpstr (brisk_provider_get_base_url (groq), ==, BRISK_GROQ_BASE_URL);
  g_assert_true (brisk_provider_get_builtin (groq));
  g_assert_false (brisk_provider_get_url_from_environment (groq));
}

static void
test_environment_moves_groq (void)
{
  g_autoptr(GSettings) settings = fresh_settings ();
  g_autoptr(BriskProviderList) list = NULL;
  BriskProvider *groq;

  /* For proxies and tests; the UI says so. */
  g_setenv ("BRISK_BASE_URL", "http://127.0.0.1:8000/v1", TRUE);
  list = brisk_provider_list_new (settings);
  g_unsetenv ("BRISK_BASE_URL");

  groq = brisk_provider_list_lookup (list, BRISK_GROQ_PROVIDER_ID);
  g_assert_cmpstr (brisk_provider_get_base_url (groq), ==, "http://127.0.0.1:8000/v1");
  g_assert_true (brisk_provider_get_url_from_environment (groq));
}

static void
test_add_update_remove (void)
{
  g_autoptr(GSettings) settings = fresh_settings ();
  g_autoptr(BriskProviderList) list = brisk_provider_list_new (settings);
  g_autoptr(GError) error = NULL;
  BriskProvider *ollama;
  BriskProvider *router;
  g_autofree char *ollama_id = NULL;
  guint n_changes = 0;

  g_signal_connect (list, "items-changed", G_CALLBACK (count_changes_cb), &n_changes);

  /* Local servers over plain HTTP, anything else over HTTPS. */
  ollama = brisk_provider_list_add (list, "Ollama", "http://localhost:11434/v1", &error);
  g_assert_no_error (error);
  router = brisk_provider_list_add (list, "OpenRouter", "https://openrouter.ai/api/v1", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 3);
  g_assert_cmpuint (n_changes, ==, 2);
  ollama_id = g_strdup (brisk_provider_get_id (ollama));
  g_assert_true (g_str_has_prefix (ollama_id, "custom-"));

  /* Kept across restarts, ids and all; keys are not in the settings. */
  {
    g_autoptr(BriskProviderList) again = brisk_provider_list_new (settings);
    BriskProvider *found = brisk_provider_list_lookup (again, ollama_id);

    g_assert_nonnull (found);
    g_assert_cmpstr (brisk_provider_get_name (found), ==, "Ollama");
    g_assert_cmpstr (brisk_provider_get_base_url (found), ==, "http://localhost:11434/v1");
  }

  g_assert_true (brisk_provider_list_update (list, router, "OpenRouter (work)",
                                             "https://openrouter.ai/api/v1", &error));
  g_assert_cmpstr (brisk_provider_get_name (router), ==, "OpenRouter (work)");

  g_assert_false (brisk_provider_list_remove (list, brisk_provider_list_lookup (list, BRISK_GROQ_PROVIDER_ID),
                                              &error));
  g_assert_error (error, BRISK_CLIENT_ERROR, BRISK_CLIENT_ERROR_BAD_REQUEST);
  g_clear_error (&error);

  g_assert_true (brisk_provider_list_remove (list, ollama, &error));
  g_assert_null (brisk_provider_list_lookup (list, ollama_id));
  g_assert_cmpuint (n_changes, ==, 3);
  {
    g_autoptr(BriskProviderList) again = brisk_provider_list_new (settings);

    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, 2);
  }
}

static void
test_addresses_checked (void)
{
  g_autoptr(GSettings) settings = fresh_settings ();
  g_autoptr(BriskProviderList) list = brisk_provider_list_new (settings);
  g_autoptr(GError) error = NULL;

  /* Plain HTTP to another computer would expose the key and the conversation. */
  g_assert_null (brisk_provider_list_add (list, "LAN", "http://192.168.1.20:11434/v1", &error));
  g_assert_error (error, BRISK_CLIENT_ERROR, BRISK_CLIENT_ERROR_INSECURE);
  g_assert_nonnull (strstr (error->message, "https://"));
  g_clear_error (&error);

  g_assert_null (brisk_provider_list_add (list, "Odd", "ftp://example.com", &error));
  g_assert_error (error, BRISK_CLIENT_ERROR, BRISK_CLIENT_ERROR_BAD_REQUEST);
  g_clear_error (&error);

  g_assert_null (brisk_provider_list_add (list, "", "https://example.com/v1", &error));
  g_assert_error (error, BRISK_CLIENT_ERROR, BRISK_CLIENT_ERROR_BAD_REQUEST);
  g_clear_error (&error);

  g_assert_nonnull (brisk_provider_list_add (list, "llama.cpp", "http://[::1]:8080/v1", &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);

  /* A hand-edited setting that breaks the rule is not used either. */
  g_settings_set_value (settings, "providers",
                        g_variant_new_parsed ("[('custom-x', 'LAN', 'http://10.0.0.5/v1')]"));
  {
    g_autoptr(BriskProviderList) again = brisk_provider_list_new (settings);

    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, 1);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/providers/groq-built-in", test_groq_built_in);
  g_test_add_func ("/providers/environment-moves-groq", test_environment_moves_groq);
  g_test_add_func ("/providers/add-update-remove", test_add_update_remove);
  g_test_add_func ("/providers/addresses-checked", test_addresses_checked);

  return g_test_run ();
}
