/* test-welcome.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-welcome"

#include "config.h"

#include "brisk-key-store.h"
#include "brisk-test-server.h"
#include "brisk-ui-test.h"
#include "brisk-welcome-page.h"
#include "brisk-window.h"

/* A first run, with no key anywhere: the window asks for one, tells a refused key, an
 * unreachable server and a server in trouble apart, and keeps a working key in the session's
 * real keyring.
 */

#define WAIT_LIMIT_SECONDS 60

static gboolean
wait_limit_reached_cb (gpointer user_data)
{
  g_error ("Gave up waiting for %s", (const char *)user_data);
  return G_SOURCE_REMOVE;
}

static void
wait_until_visible (GtkWidget  *widget,
                    const char *what)
{
  guint limit_id = g_timeout_add_seconds (WAIT_LIMIT_SECONDS, wait_limit_reached_cb, (gpointer)what);

  while (!gtk_widget_get_mapped (widget))
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (limit_id);
}

static GtkWidget *
find (BriskWindow *window,
      const char  *id)
{
  GtkWidget *widget = brisk_ui_test_find_descendant (GTK_WIDGET (window), GTK_TYPE_WIDGET, id);

  g_assert_nonnull (widget);
  return widget;
}

static gboolean
shows_welcome_page (gpointer window)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (find (window, "main_stack"))),
                    "welcome") == 0;
}

/* Types @key and presses Continue, then waits for the answer: an error or the main view. */
static const char *
try_key (BriskWindow *window,
         const char  *key)
{
  GtkWidget *error_label = find (window, "error_label");
  GtkStack *main_stack = GTK_STACK (find (window, "main_stack"));
  GtkWidget *continue_button = find (window, "continue_button");
  guint limit_id;

  gtk_widget_set_visible (error_label, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (find (window, "key_row")), key);
  g_signal_emit_by_name (continue_button, "clicked");

  limit_id = g_timeout_add_seconds (WAIT_LIMIT_SECONDS, wait_limit_reached_cb, (gpointer)"an answer");
  while (!gtk_widget_get_visible (error_label) &&
         g_strcmp0 (gtk_stack_get_visible_child_name (main_stack), "main") != 0)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (limit_id);

  return gtk_widget_get_visible (error_label) ? gtk_label_get_text (GTK_LABEL (error_label)) : NULL;
}

static void
got_result_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_set_object ((GAsyncResult **)user_data, result);
}

static void
test_welcome_first_run (void)
{
  g_autoptr(BriskTestServer) server = brisk_test_server_new ();
  g_autofree char *models = brisk_test_read_fixture ("groq-models.json", NULL);
  const char *models_chunks[] = { models, NULL };
  const char *refused[] = { "{\"error\":{\"message\":\"Invalid API Key\",\"code\":\"invalid_api_key\"}}\n", NULL };
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autofree char *closed_url = NULL;
  BriskWindow *window;
  const char *message;
  guint16 port;

  g_unsetenv ("GROQ_API_KEY");
  g_setenv ("BRISK_BASE_URL", brisk_test_server_get_base_url (server), TRUE);

  window = brisk_window_new (brisk_ui_test_get_application ());
  gtk_window_present (GTK_WINDOW (window));
  /* The page is built once the keyring has said it has no key. */
  BRISK_UI_TEST_WAIT_UNTIL (shows_welcome_page (window), "the welcome page");
  wait_until_visible (brisk_ui_test_find_descendant (GTK_WIDGET (window),
                                                     BRISK_TYPE_WELCOME_PAGE, NULL),
                      "the welcome page");

  /* Nothing typed. */
  message = try_key (window, "   ");
  g_assert_cmpstr (message, ==, "Paste your API key first.");

  /* A key Groq refuses. */
  brisk_test_server_queue (server, "/v1/models", 401, "application/json", NULL, refused, 0,
                           BRISK_TEST_END_COMPLETE);
  message = try_key (window, "gsk_wrong");
  g_assert_nonnull (strstr (message, "did not accept this key"));

  /* No network. */
  port = g_socket_listener_add_any_inet_port (listener, NULL, NULL);
  g_socket_listener_close (listener);
  closed_url = g_strdup_printf ("http://127.0.0.1:%u/v1", port);
  g_setenv ("BRISK_BASE_URL", closed_url, TRUE);
  message = try_key (window, "gsk_right");
  g_assert_nonnull (strstr (message, "could not reach Groq"));

  /* Trouble at Groq. */
  g_setenv ("BRISK_BASE_URL", brisk_test_server_get_base_url (server), TRUE);
  brisk_test_server_queue (server, "/v1/models", 503, NULL, NULL, NULL, 0, BRISK_TEST_END_COMPLETE);
  message = try_key (window, "gsk_right");
  g_assert_nonnull (strstr (message, "having trouble"));

  /* A working key: checked, kept in the keyring, and the main view appears. */
  brisk_test_server_queue (server, "/v1/models", 200, "application/json", NULL, models_chunks, 0,
                           BRISK_TEST_END_COMPLETE);
  message = try_key (window, "  gsk_right  ");
  g_assert_null (message);
  wait_until_visible (find (window, "empty_conversation_page"), "the main view");
  g_assert_cmpstr (brisk_test_server_get_request (server, brisk_test_server_get_n_requests (server) - 1)->authorization,
                   ==, "Bearer gsk_right");
  {
    g_autoptr(BriskKeyStore) store = brisk_key_store_new ();
    g_autoptr(GAsyncResult) result = NULL;
    char *key;

    brisk_key_store_lookup_async (store, BRISK_GROQ_PROVIDER_ID, NULL, got_result_cb, &result);
    while (result == NULL)
      g_main_context_iteration (NULL, TRUE);
    key = brisk_key_store_lookup_finish (store, result, NULL, NULL);
    g_assert_cmpstr (key, ==, "gsk_right");
    brisk_key_free (key);
  }

  /* The next window finds the key and opens straight on the main view. */
  brisk_ui_test_close_window (GTK_WINDOW (window), NULL);
  window = brisk_window_new (brisk_ui_test_get_application ());
  gtk_window_present (GTK_WINDOW (window));
  brisk_ui_test_wait_for_frame (GTK_WIDGET (window));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (find (window, "main_stack"))), ==,
                   "main");
  brisk_ui_test_close_window (GTK_WINDOW (window), NULL);

  /* Tests after this one expect a first run again. */
  {
    g_autoptr(BriskKeyStore) store = brisk_key_store_new ();
    g_autoptr(GAsyncResult) result = NULL;

    brisk_key_store_delete_async (store, BRISK_GROQ_PROVIDER_ID, NULL, got_result_cb, &result);
    while (result == NULL)
      g_main_context_iteration (NULL, TRUE);
    g_assert_true (brisk_key_store_delete_finish (store, result, NULL));
  }
}

int
main (int   argc,
      char *argv[])
{
  brisk_ui_test_init (&argc, &argv);

  g_test_add_func ("/welcome/first-run", test_welcome_first_run);

  return g_test_run ();
}
