/* test-notifications.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-notifications"

#include "config.h"

#include "brisk-test-server.h"
#include "brisk-ui-test.h"
#include "brisk-window.h"

/* A long reply that finishes while Brisk's window is not focused is announced with a
 * notification (to a fake org.gtk.Notifications on a bus of the test's own); a quick reply,
 * or one with notifications turned off, is not.
 */

static const char notifications_xml[] =
  "<node>"
  "  <interface name='org.gtk.Notifications'>"
  "    <method name='AddNotification'>"
  "      <arg type='s' name='app_id' direction='in'/>"
  "      <arg type='s' name='id' direction='in'/>"
  "      <arg type='a{sv}' name='notification' direction='in'/>"
  "    </method>"
  "    <method name='RemoveNotification'>"
  "      <arg type='s' name='app_id' direction='in'/>"
  "      <arg type='s' name='id' direction='in'/>"
  "    </method>"
  "  </interface>"
  "</node>";

static BriskTestServer *server;
static GPtrArray *received;   /* the notification dicts, in order */

static void
notifications_method_cb (GDBusConnection       *connection,
                         const char            *sender,
                         const char            *object_path,
                         const char            *interface_name,
                         const char            *method_name,
                         GVariant              *parameters,
                         GDBusMethodInvocation *invocation,
                         gpointer               user_data)
{
  if (g_str_equal (method_name, "AddNotification"))
    g_ptr_array_add (received, g_variant_get_child_value (parameters, 2));
  g_dbus_method_invocation_return_value (invocation, NULL);
}

static const GDBusInterfaceVTable notifications_vtable = { notifications_method_cb, NULL, NULL, { NULL } };

static GDBusConnection *
start_notification_server (void)
{
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (notifications_xml, NULL);
  g_autoptr(GError) error = NULL;
  GDBusConnection *connection = brisk_ui_test_connect_session_bus ();
  g_autoptr(GVariant) reply = NULL;
  g_dbus_connection_register_object (connection, "/org/gtk/Notifications", info->interfaces[0],
                                     &notifications_vtable, NULL, NULL, &error);
  g_assert_no_error (error);
  /* Owned before the application starts: GLib picks its notification backend once. */
  reply = g_dbus_connection_call_sync (connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "RequestName",
                                       g_variant_new ("(su)", "org.gtk.Notifications", 0),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL,
                                       &error);
  g_assert_no_error (error);

  return connection;
}

static void
finished_cb (gboolean *finished)
{
  *finished = TRUE;
}

/* Streams a reply into the conversation @window shows, its events @delay_ms apart. */
static void
reply_in (BriskWindow *window,
          guint        delay_ms)
{
  g_auto(GStrv) chunks = brisk_test_make_reply ((const char *[]) { "Slow ", "answer", NULL }, "stop");
  BriskChatSession *session = brisk_chat_view_get_session (brisk_window_get_chat_view (window));
  g_autoptr(GError) error = NULL;
  gboolean finished = FALSE;
  gulong handler;

  brisk_test_server_queue (server, "/v1/chat/completions", 200, "text/event-stream", NULL,
                           (const char * const *)chunks, delay_ms, BRISK_TEST_END_COMPLETE);
  brisk_conversation_set_model (brisk_chat_session_get_conversation (session), "llama-3.1-8b-instant");
  handler = g_signal_connect_swapped (session, "reply-finished", G_CALLBACK (finished_cb),
                                      &finished);
  g_assert_true (brisk_chat_session_send (session, "Tell me slowly", &error));
  g_assert_no_error (error);
  BRISK_UI_TEST_WAIT_UNTIL (finished, "the reply");
  g_signal_handler_disconnect (session, handler);
}

static void
test_notify_long_reply (void)
{
  GSettings *settings = brisk_application_get_settings (brisk_ui_test_get_application ());
  BriskWindow *window = brisk_window_new (brisk_ui_test_get_application ());
  g_autoptr(GVariant) title = NULL;
  g_autoptr(GVariant) target = NULL;
  GVariant *notification;
  const char *action;

  /* The window is never shown, so never focused: the user is elsewhere. A quick reply is
   * seen coming, however, and a turned-off setting is respected.
   */
  reply_in (window, 0);
  g_settings_set_boolean (settings, "notify-when-done", FALSE);
  reply_in (window, 2000);
  g_settings_reset (settings, "notify-when-done");
  g_assert_cmpuint (received->len, ==, 0);

  reply_in (window, 2000);
  BRISK_UI_TEST_WAIT_UNTIL (received->len > 0, "the notification");
  notification = g_ptr_array_index (received, 0);
  title = g_variant_lookup_value (notification, "title", G_VARIANT_TYPE_STRING);
  g_assert_cmpstr (g_variant_get_string (title, NULL), ==, "Reply Finished");

  /* Activating it opens the conversation. */
  g_assert_true (g_variant_lookup (notification, "default-action", "&s", &action));
  g_assert_cmpstr (action, ==, "app.open-conversation");
  target = g_variant_lookup_value (notification, "default-action-target", G_VARIANT_TYPE_INT64);
  g_assert_nonnull (target);
  g_assert_cmpint (g_variant_get_int64 (target), ==,
                   brisk_conversation_get_id (brisk_chat_session_get_conversation (
                     brisk_chat_view_get_session (brisk_window_get_chat_view (window)))));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  GTestDBus *bus;
  GDBusConnection *notifications;
  int status;

  /* A bus of this test's own, with the notification server on it. */
  bus = brisk_ui_test_start_private_bus ();
  notifications = start_notification_server ();
  received = g_ptr_array_new_with_free_func ((GDestroyNotify)g_variant_unref);

  server = brisk_test_server_new ();
  g_setenv ("BRISK_BASE_URL", brisk_test_server_get_base_url (server), TRUE);

  brisk_ui_test_init (&argc, &argv);

  g_test_add_func ("/notifications/long-reply", test_notify_long_reply);

  status = g_test_run ();

  brisk_test_server_free (server);
  g_object_unref (notifications);
  brisk_ui_test_stop_private_bus (bus);

  return status;
}
