/* test-search-provider.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-search-provider"

#include "config.h"

#include "brisk-markdown-view.h"
#include "brisk-quick-ask-window.h"
#include "brisk-test-server.h"
#include "brisk-ui-test.h"
#include "brisk-window.h"

/* GNOME Shell's side of the search provider: org.gnome.Shell.SearchProvider2 called over the
 * test session's private bus from a connection of its own, as the Shell would, against a
 * history with a few conversations.
 */

static BriskTestServer *server;
static GDBusConnection *shell;
static gint64 rust_id;

static void
call_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GVariant **reply = user_data;
  g_autoptr(GError) error = NULL;

  *reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  g_assert_no_error (error);
}

/* Calls @method as the Shell would; the application answers from this same main loop. */
static GVariant *
call (const char *method,
      GVariant   *parameters)
{
  GApplication *application = G_APPLICATION (brisk_ui_test_get_application ());
  GDBusConnection *connection = g_application_get_dbus_connection (application);
  g_autofree char *path = g_strconcat (g_application_get_dbus_object_path (application),
                                       "/SearchProvider", NULL);
  GVariant *reply = NULL;

  g_dbus_connection_call (shell, g_dbus_connection_get_unique_name (connection), path,
                          "org.gnome.Shell.SearchProvider2", method, parameters, NULL,
                          G_DBUS_CALL_FLAGS_NONE, -1, NULL, call_done_cb, &reply);
  BRISK_UI_TEST_WAIT_UNTIL (reply != NULL, method);

  return reply;
}

static GStrv
search (const char * const *terms)
{
  g_autoptr(GVariant) reply = call ("GetInitialResultSet", g_variant_new ("(^as)", terms));
  GStrv results = NULL;

  g_variant_get (reply, "(^as)", &results);
  return results;
}

static void
add_conversation (const char *title,
                  const char *question,
                  const char *answer,
                  gint64     *id)
{
  BriskStore *store = brisk_application_get_store (brisk_ui_test_get_application (), NULL);
  g_autoptr(BriskConversation) conversation = NULL;
  g_autoptr(BriskMessage) asked = NULL;
  g_autoptr(BriskMessage) answered = NULL;
  g_autoptr(GError) error = NULL;

  conversation = brisk_store_create_conversation (store, "groq", "llama-3.1-8b-instant", &error);
  g_assert_no_error (error);
  brisk_conversation_set_title (conversation, title);
  g_assert_true (brisk_store_save_conversation (store, conversation, &error));
  asked = brisk_store_add_message (store, brisk_conversation_get_id (conversation), "user",
                                   question, BRISK_REPLY_STATUS_COMPLETE, &error);
  g_assert_no_error (error);
  answered = brisk_store_add_message (store, brisk_conversation_get_id (conversation), "assistant",
                                      answer, BRISK_REPLY_STATUS_COMPLETE, &error);
  g_assert_no_error (error);
  g_assert_true (brisk_store_flush (store, &error));

  if (id != NULL)
    *id = brisk_conversation_get_id (conversation);
}

static void
test_search_results (void)
{
  g_auto(GStrv) results = NULL;
  g_auto(GStrv) narrowed = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autofree char *rust_result = g_strdup_printf ("conversation:%" G_GINT64_FORMAT, rust_id);

  /* The question to ask first, then each matching conversation once. */
  results = search ((const char *[]) { "borrow", NULL });
  g_assert_cmpuint (g_strv_length (results), ==, 2);
  g_assert_cmpstr (results[0], ==, "ask:borrow");
  g_assert_cmpstr (results[1], ==, rust_result);

  reply = call ("GetSubsearchResultSet",
                g_variant_new ("(^as^as)", results, (const char *[]) { "borrow", "checker", NULL }));
  g_variant_get (reply, "(^as)", &narrowed);
  g_assert_cmpstrv (narrowed, ((const char *[]) { "ask:borrow checker", rust_result, NULL }));

  g_strfreev (results);
  results = search ((const char *[]) { "nothing-matches-this", NULL });
  g_assert_cmpstrv (results, ((const char *[]) { "ask:nothing-matches-this", NULL }));

  g_strfreev (results);
  results = search ((const char *[]) { NULL });
  g_assert_cmpuint (g_strv_length (results), ==, 0);
}

static void
test_search_metas (void)
{
  g_autofree char *rust_result = g_strdup_printf ("conversation:%" G_GINT64_FORMAT, rust_id);
  g_auto(GStrv) results = search ((const char *[]) { "borrow", NULL });
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) metas = NULL;
  g_autoptr(GVariant) icon_variant = NULL;
  g_autoptr(GIcon) icon = NULL;
  const char *id, *name, *description;
  GVariantDict meta;

  reply = call ("GetResultMetas",
                g_variant_new ("(^as)", (const char *[]) { "ask:borrow", rust_result,
                                                          "conversation:999999", NULL }));
  metas = g_variant_get_child_value (reply, 0);
  /* A conversation that no longer exists gives no result. */
  g_assert_cmpuint (g_variant_n_children (metas), ==, 2);

  g_variant_dict_init (&meta, g_variant_get_child_value (metas, 0));
  g_assert_true (g_variant_dict_lookup (&meta, "id", "&s", &id));
  g_assert_cmpstr (id, ==, "ask:borrow");
  g_assert_true (g_variant_dict_lookup (&meta, "name", "&s", &name));
  g_assert_cmpstr (name, ==, "Ask Brisk: borrow");
  icon_variant = g_variant_dict_lookup_value (&meta, "icon", NULL);
  icon = g_icon_deserialize (icon_variant);
  g_assert_true (G_IS_THEMED_ICON (icon));
  g_variant_dict_clear (&meta);

  g_variant_dict_init (&meta, g_variant_get_child_value (metas, 1));
  g_assert_true (g_variant_dict_lookup (&meta, "name", "&s", &name));
  g_assert_cmpstr (name, ==, "Rust lifetimes");
  /* The matching words, as plain text on one line. */
  g_assert_true (g_variant_dict_lookup (&meta, "description", "&s", &description));
  g_assert_nonnull (strstr (description, "borrow checker"));
  g_assert_null (strstr (description, BRISK_SEARCH_MATCH_START));
  g_assert_null (strchr (description, '\n'));
  g_variant_dict_clear (&meta);
}

static void
test_search_activate_conversation (void)
{
  g_autofree char *rust_result = g_strdup_printf ("conversation:%" G_GINT64_FORMAT, rust_id);
  g_autoptr(GVariant) reply = NULL;
  BriskWindow *window;
  BriskChatSession *session;

  reply = call ("ActivateResult",
                g_variant_new ("(s^asu)", rust_result, (const char *[]) { "borrow", NULL }, 0));
  window = BRISK_WINDOW (brisk_ui_test_find_window (BRISK_TYPE_WINDOW));
  g_assert_nonnull (window);
  session = brisk_chat_view_get_session (brisk_window_get_chat_view (window));
  g_assert_cmpint (brisk_conversation_get_id (brisk_chat_session_get_conversation (session)), ==,
                   rust_id);

  brisk_ui_test_close_window (GTK_WINDOW (window), NULL);
}

static void
test_search_activate_ask (void)
{
  g_auto(GStrv) chunks = brisk_test_make_reply ((const char *[]) { "Ownership rules.", NULL },
                                                "stop");
  GSettings *settings = brisk_application_get_settings (brisk_ui_test_get_application ());
  g_autoptr(GVariant) reply = NULL;
  BriskQuickAskWindow *window;
  BriskMarkdownView *answer;
  BriskTestRequest *request = NULL;

  /* With a quick-ask model chosen, the question goes without waiting for the model list. */
  g_settings_set_string (settings, "quick-ask-model", "openai/gpt-oss-20b");
  brisk_test_server_queue (server, "/v1/chat/completions", 200, "text/event-stream", NULL,
                           (const char * const *)chunks, 0, BRISK_TEST_END_COMPLETE);

  /* The "Ask Brisk" result asks what was typed, at once, in the quick ask window. */
  reply = call ("ActivateResult",
                g_variant_new ("(s^asu)", "ask:what is ownership",
                               (const char *[]) { "what", "is", "ownership", NULL }, 0));
  window = BRISK_QUICK_ASK_WINDOW (brisk_ui_test_find_window (BRISK_TYPE_QUICK_ASK_WINDOW));
  g_assert_nonnull (window);
  answer = BRISK_MARKDOWN_VIEW (brisk_ui_test_find_descendant (GTK_WIDGET (window),
                                                               BRISK_TYPE_MARKDOWN_VIEW, NULL));
  BRISK_UI_TEST_WAIT_UNTIL (g_strcmp0 (brisk_markdown_view_get_text (answer), "Ownership rules.") == 0,
                            "the answer");
  /* The model list may be asked for before or after: the question is the chat request. */
  for (guint i = 0; i < brisk_test_server_get_n_requests (server); i++)
    if (g_str_equal (brisk_test_server_get_request (server, i)->path, "/v1/chat/completions"))
      request = brisk_test_server_get_request (server, i);
  g_assert_nonnull (request);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (request->body, NULL),
                                  g_bytes_get_size (request->body), "\"openai/gpt-oss-20b\""));
  gtk_window_destroy (GTK_WINDOW (window));
  g_settings_reset (settings, "quick-ask-model");
}

static void
test_search_launch (void)
{
  g_autoptr(GVariant) reply = NULL;
  BriskWindow *window;
  GtkEditable *entry;

  /* "Show more results" opens the main window's own search with the same words. */
  reply = call ("LaunchSearch", g_variant_new ("(^asu)", (const char *[]) { "borrow", "checker", NULL }, 0));
  window = BRISK_WINDOW (brisk_ui_test_find_window (BRISK_TYPE_WINDOW));
  g_assert_nonnull (window);
  entry = GTK_EDITABLE (brisk_ui_test_find_descendant (GTK_WIDGET (window), GTK_TYPE_SEARCH_ENTRY,
                                                       "search_entry"));
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "borrow checker");

  brisk_ui_test_close_window (GTK_WINDOW (window), NULL);
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

  shell = brisk_ui_test_connect_session_bus ();

  add_conversation ("Rust lifetimes", "How does the borrow checker\nwork?",
                    "It tracks lifetimes.", &rust_id);
  add_conversation ("Bread", "How long do I proof dough?", "About an hour.", NULL);

  g_test_add_func ("/search-provider/results", test_search_results);
  g_test_add_func ("/search-provider/metas", test_search_metas);
  g_test_add_func ("/search-provider/activate-conversation", test_search_activate_conversation);
  g_test_add_func ("/search-provider/activate-ask", test_search_activate_ask);
  g_test_add_func ("/search-provider/launch-search", test_search_launch);

  status = g_test_run ();
  g_object_unref (shell);
  brisk_test_server_free (server);

  return status;
}
