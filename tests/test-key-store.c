/* test-key-store.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-key-store"

#include "config.h"

#include "brisk-key-store.h"

/* Runs against the real, unlocked gnome-keyring of the test session (build-aux/dev.sh test),
 * and checks what the keyring holds with secret-tool, independently of Brisk's code.
 */

#define WAIT_LIMIT_SECONDS 60

typedef struct
{
  GAsyncResult *result;
} Wait;

static void
done_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
}

static gboolean
wait_limit_reached_cb (gpointer user_data)
{
  g_error ("The keyring did not answer");
  return G_SOURCE_REMOVE;
}

static GAsyncResult *
wait_for_result (Wait *wait)
{
  guint limit_id = g_timeout_add_seconds (WAIT_LIMIT_SECONDS, wait_limit_reached_cb, NULL);

  while (wait->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (limit_id);

  return wait->result;
}

static gboolean
store_key (BriskKeyStore *store,
           const char    *provider_id,
           const char    *provider_name,
           const char    *key,
           GError       **error)
{
  Wait wait = { NULL };
  gboolean ok;

  brisk_key_store_store_async (store, provider_id, provider_name, key, NULL, done_cb, &wait);
  ok = brisk_key_store_store_finish (store, wait_for_result (&wait), error);
  g_object_unref (wait.result);

  return ok;
}

static char *
lookup_key (BriskKeyStore  *store,
            const char     *provider_id,
            BriskKeySource *source,
            GError        **error)
{
  Wait wait = { NULL };
  char *key;

  brisk_key_store_lookup_async (store, provider_id, NULL, done_cb, &wait);
  key = brisk_key_store_lookup_finish (store, wait_for_result (&wait), source, error);
  g_object_unref (wait.result);

  return key;
}

static gboolean
delete_key (BriskKeyStore *store,
            const char    *provider_id,
            GError       **error)
{
  Wait wait = { NULL };
  gboolean ok;

  brisk_key_store_delete_async (store, provider_id, NULL, done_cb, &wait);
  ok = brisk_key_store_delete_finish (store, wait_for_result (&wait), error);
  g_object_unref (wait.result);

  return ok;
}

/* What the keyring itself says, asked through secret-tool. */
static char *
secret_tool (const char *command,
             const char *provider_id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  const char *lookup[] = { "secret-tool", "lookup", "provider", provider_id, NULL };
  const char *search[] = { "secret-tool", "search", "--all", "provider", provider_id, NULL };
  const char **argv = g_str_equal (command, "lookup") ? lookup : search;
  int status;

  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&out);
}

static void
test_store_lookup_replace_delete (void)
{
  g_autoptr(BriskKeyStore) store = brisk_key_store_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *in_keyring = NULL;
  g_autofree char *listing = NULL;
  BriskKeySource source;
  char *key;

  g_assert_true (store_key (store, "test-store", "Test", "sk-first-key", &error));
  g_assert_no_error (error);

  /* It really is in the keyring, under Brisk's schema and a readable label. */
  in_keyring = secret_tool ("lookup", "test-store");
  g_assert_cmpstr (in_keyring, ==, "sk-first-key");
  listing = secret_tool ("search", "test-store");
  g_assert_nonnull (strstr (listing, "label = Brisk: Test API key"));
  g_assert_nonnull (strstr (listing, "io.github.briskchat.Brisk.ApiKey"));

  /* A fresh store, as after a restart, finds it there. */
  {
    g_autoptr(BriskKeyStore) restarted = brisk_key_store_new ();

    key = lookup_key (restarted, "test-store", &source, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (key, ==, "sk-first-key");
    g_assert_cmpint (source, ==, BRISK_KEY_SOURCE_KEYRING);
    brisk_key_free (key);
  }

  /* Replacing keeps one item. */
  g_assert_true (store_key (store, "test-store", "Test", "sk-second-key", &error));
  key = lookup_key (store, "test-store", &source, &error);
  g_assert_cmpstr (key, ==, "sk-second-key");
  brisk_key_free (key);
  g_clear_pointer (&listing, g_free);
  listing = secret_tool ("search", "test-store");
  g_assert_null (strstr (strstr (listing, "[/") + 1, "[/"));

  /* Deleting removes it from the keyring. */
  g_assert_true (delete_key (store, "test-store", &error));
  g_assert_no_error (error);
  key = lookup_key (store, "test-store", &source, &error);
  g_assert_no_error (error);
  g_assert_null (key);
  g_assert_cmpint (source, ==, BRISK_KEY_SOURCE_NONE);
  g_clear_pointer (&in_keyring, g_free);
  in_keyring = secret_tool ("lookup", "test-store");
  g_assert_cmpstr (in_keyring, ==, "");

  /* Deleting what is not there is no error. */
  g_assert_true (delete_key (store, "test-store", &error));
  g_assert_false (brisk_key_store_get_session_only (store));
}

static void
test_providers_kept_apart (void)
{
  g_autoptr(BriskKeyStore) store = brisk_key_store_new ();
  g_autoptr(GError) error = NULL;
  char *key;

  g_assert_true (store_key (store, "test-a", "A", "key-for-a", &error));
  g_assert_true (store_key (store, "test-b", "B", "key-for-b", &error));

  key = lookup_key (store, "test-a", NULL, &error);
  g_assert_cmpstr (key, ==, "key-for-a");
  brisk_key_free (key);
  key = lookup_key (store, "test-b", NULL, &error);
  g_assert_cmpstr (key, ==, "key-for-b");
  brisk_key_free (key);

  g_assert_true (delete_key (store, "test-a", &error));
  key = lookup_key (store, "test-b", NULL, &error);
  g_assert_cmpstr (key, ==, "key-for-b");
  brisk_key_free (key);
  g_assert_true (delete_key (store, "test-b", &error));
}

static void
test_environment_wins (void)
{
  g_autoptr(BriskKeyStore) store = brisk_key_store_new ();
  g_autoptr(GError) error = NULL;
  BriskKeySource source;
  char *key;

  g_assert_true (store_key (store, BRISK_GROQ_PROVIDER_ID, "Groq", "gsk_from_keyring", &error));

  g_setenv ("GROQ_API_KEY", "gsk_from_environment", TRUE);
  key = lookup_key (store, BRISK_GROQ_PROVIDER_ID, &source, &error);
  g_assert_cmpstr (key, ==, "gsk_from_environment");
  g_assert_cmpint (source, ==, BRISK_KEY_SOURCE_ENVIRONMENT);
  brisk_key_free (key);

  g_unsetenv ("GROQ_API_KEY");
  key = lookup_key (store, BRISK_GROQ_PROVIDER_ID, &source, &error);
  g_assert_cmpstr (key, ==, "gsk_from_keyring");
  g_assert_cmpint (source, ==, BRISK_KEY_SOURCE_KEYRING);
  brisk_key_free (key);

  g_assert_true (delete_key (store, BRISK_GROQ_PROVIDER_ID, &error));
}

/* In a process whose session bus has no Secret Service at all. */
static void
no_keyring_child (void)
{
  g_autoptr(BriskKeyStore) store = NULL;
  g_autoptr(GError) error = NULL;
  BriskKeySource source;
  char *key;

  /* A fresh process: nothing has connected to the session bus yet. */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/brisk-test-bus", TRUE);
  store = brisk_key_store_new ();

  /* Storing fails with an explanation, and the key is kept for the session. */
  g_assert_false (store_key (store, "test-session", "Test", "sk-session-only", &error));
  g_assert_error (error, BRISK_KEY_STORE_ERROR, BRISK_KEY_STORE_ERROR_NO_KEYRING);
  g_assert_nonnull (strstr (error->message, "keyring"));
  g_assert_nonnull (strstr (error->message, "until Brisk quits"));
  g_assert_true (brisk_key_store_get_session_only (store));
  g_clear_error (&error);

  key = lookup_key (store, "test-session", &source, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, "sk-session-only");
  g_assert_cmpint (source, ==, BRISK_KEY_SOURCE_SESSION);
  brisk_key_free (key);

  /* A provider with no key: no key, and the reason. */
  key = lookup_key (store, "test-other", &source, &error);
  g_assert_null (key);
  g_assert_error (error, BRISK_KEY_STORE_ERROR, BRISK_KEY_STORE_ERROR_NO_KEYRING);
}

static void
test_no_keyring (void)
{
  if (g_test_subprocess ())
    {
      no_keyring_child ();
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/key-store/store-lookup-replace-delete", test_store_lookup_replace_delete);
  g_test_add_func ("/key-store/providers-kept-apart", test_providers_kept_apart);
  g_test_add_func ("/key-store/environment-wins", test_environment_wins);
  g_test_add_func ("/key-store/no-keyring", test_no_keyring);

  return g_test_run ();
}
