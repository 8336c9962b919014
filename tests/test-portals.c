/* test-portals.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-portals"

#include "config.h"

#include "brisk-global-shortcut.h"
#include "brisk-preferences-window.h"
#include "brisk-quick-ask-window.h"
#include "brisk-ui-test.h"

/* The portals quick ask uses, against a fake org.freedesktop.portal.Desktop on a bus of the
 * test's own (GTestDBus). GlobalShortcuts: the application creates a session and binds
 * "quick-ask" at startup, the portal's Activated signal opens the quick ask window,
 * Preferences shows the keys and changes them through ConfigureShortcuts, and without the
 * portal Preferences shows the command to bind instead. Background: turning on running in
 * the background asks for autostart, turning it off asks for none.
 */

#define PORTAL_PATH "/org/freedesktop/portal/desktop"
#define INTERFACE "org.freedesktop.portal.GlobalShortcuts"

static const char portal_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.portal.GlobalShortcuts'>"
  "    <method name='CreateSession'>"
  "      <arg type='a{sv}' name='options' direction='in'/>"
  "      <arg type='o' name='handle' direction='out'/>"
  "    </method>"
  "    <method name='BindShortcuts'>"
  "      <arg type='o' name='session_handle' direction='in'/>"
  "      <arg type='a(sa{sv})' name='shortcuts' direction='in'/>"
  "      <arg type='s' name='parent_window' direction='in'/>"
  "      <arg type='a{sv}' name='options' direction='in'/>"
  "      <arg type='o' name='request_handle' direction='out'/>"
  "    </method>"
  "    <method name='ConfigureShortcuts'>"
  "      <arg type='o' name='session_handle' direction='in'/>"
  "      <arg type='s' name='parent_window' direction='in'/>"
  "      <arg type='a{sv}' name='options' direction='in'/>"
  "    </method>"
  "    <property name='version' type='u' access='read'/>"
  "  </interface>"
  "  <interface name='org.freedesktop.portal.Background'>"
  "    <method name='RequestBackground'>"
  "      <arg type='s' name='parent_window' direction='in'/>"
  "      <arg type='a{sv}' name='options' direction='in'/>"
  "      <arg type='o' name='handle' direction='out'/>"
  "    </method>"
  "  </interface>"
  "</node>";

typedef struct
{
  GDBusConnection *connection;
  guint            registration_id;
  guint            background_registration_id;
  guint            name_id;
  gboolean         name_owned;
  char            *client;           /* the unique name of the application's connection */
  char            *session_handle;
  GVariant        *bound;            /* what BindShortcuts was given */
  GPtrArray       *background;       /* the options of each RequestBackground */
  guint            n_configured;
} FakePortal;

static FakePortal portal;

static char *
request_path (const char *sender,
              GVariant   *options,
              const char *kind,
              const char *token_key)
{
  g_autofree char *escaped = g_strdup (sender + 1);
  const char *token = NULL;

  g_assert_true (g_variant_lookup (options, token_key, "&s", &token));
  g_strdelimit (escaped, ".", '_');
  return g_strdup_printf (PORTAL_PATH "/%s/%s/%s", kind, escaped, token);
}

typedef struct
{
  char     *destination;
  char     *path;
  GVariant *results;
} Response;

/* Answers a request as a portal does: after the method has returned. */
static gboolean
send_response_cb (gpointer user_data)
{
  Response *response = user_data;

  g_dbus_connection_emit_signal (portal.connection, response->destination, response->path,
                                 "org.freedesktop.portal.Request", "Response",
                                 g_variant_new ("(u@a{sv})", 0, response->results), NULL);
  g_free (response->destination);
  g_free (response->path);
  g_free (response);
  return G_SOURCE_REMOVE;
}

static void
respond_later (const char *destination,
               const char *path,
               GVariant   *results)
{
  Response *response = g_new0 (Response, 1);

  response->destination = g_strdup (destination);
  response->path = g_strdup (path);
  response->results = results;
  g_idle_add (send_response_cb, response);
}

static GVariant *
shortcuts_with_trigger (const char *trigger)
{
  GVariantBuilder properties, shortcuts;

  g_variant_builder_init (&properties, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&properties, "{sv}", "description", g_variant_new_string ("Quick ask"));
  g_variant_builder_add (&properties, "{sv}", "trigger_description", g_variant_new_string (trigger));
  g_variant_builder_init (&shortcuts, G_VARIANT_TYPE ("a(sa{sv})"));
  g_variant_builder_add (&shortcuts, "(s@a{sv})", "quick-ask", g_variant_builder_end (&properties));

  return g_variant_builder_end (&shortcuts);
}

static void
portal_method_cb (GDBusConnection       *connection,
                  const char            *sender,
                  const char            *object_path,
                  const char            *interface_name,
                  const char            *method_name,
                  GVariant              *parameters,
                  GDBusMethodInvocation *invocation,
                  gpointer               user_data)
{
  g_autoptr(GVariant) options = NULL;
  g_autofree char *path = NULL;
  GVariantBuilder results;

  g_free (portal.client);
  portal.client = g_strdup (sender);
  g_variant_builder_init (&results, G_VARIANT_TYPE_VARDICT);

  if (g_str_equal (method_name, "RequestBackground"))
    {
      gboolean autostart = FALSE;

      g_variant_get (parameters, "(&s@a{sv})", NULL, &options);
      path = request_path (sender, options, "request", "handle_token");
      g_variant_lookup (options, "autostart", "b", &autostart);
      g_ptr_array_add (portal.background, g_variant_ref (options));
      g_variant_builder_add (&results, "{sv}", "background", g_variant_new_boolean (TRUE));
      g_variant_builder_add (&results, "{sv}", "autostart", g_variant_new_boolean (autostart));
    }
  else if (g_str_equal (method_name, "CreateSession"))
    {
      g_variant_get (parameters, "(@a{sv})", &options);
      path = request_path (sender, options, "request", "handle_token");
      g_free (portal.session_handle);
      portal.session_handle = request_path (sender, options, "session", "session_handle_token");
      g_variant_builder_add (&results, "{sv}", "session_handle",
                             g_variant_new_string (portal.session_handle));
    }
  else if (g_str_equal (method_name, "BindShortcuts"))
    {
      const char *session_handle;

      g_clear_pointer (&portal.bound, g_variant_unref);
      g_variant_get (parameters, "(&o@a(sa{sv})&s@a{sv})", &session_handle, &portal.bound, NULL,
                     &options);
      g_assert_cmpstr (session_handle, ==, portal.session_handle);
      path = request_path (sender, options, "request", "handle_token");
      g_variant_builder_add (&results, "{sv}", "shortcuts", shortcuts_with_trigger ("Ctrl+Alt+Space"));
    }
  else if (g_str_equal (method_name, "ConfigureShortcuts"))
    {
      /* The user picks other keys in the portal's dialog. */
      portal.n_configured++;
      g_dbus_method_invocation_return_value (invocation, NULL);
      g_variant_builder_clear (&results);
      g_dbus_connection_emit_signal (portal.connection, sender, PORTAL_PATH, INTERFACE,
                                     "ShortcutsChanged",
                                     g_variant_new ("(o@a(sa{sv}))", portal.session_handle,
                                                    shortcuts_with_trigger ("Super+Q")), NULL);
      return;
    }

  g_dbus_method_invocation_return_value (invocation, g_variant_new ("(o)", path));
  respond_later (sender, path, g_variant_builder_end (&results));
}

static GVariant *
portal_get_property_cb (GDBusConnection  *connection,
                        const char       *sender,
                        const char       *object_path,
                        const char       *interface_name,
                        const char       *property_name,
                        GError          **error,
                        gpointer          user_data)
{
  return g_variant_new_uint32 (2);
}

static const GDBusInterfaceVTable portal_vtable = { portal_method_cb, portal_get_property_cb, NULL, { NULL } };

static void
name_acquired_cb (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  portal.name_owned = TRUE;
}

static void
start_portal (void)
{
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (portal_xml, NULL);
  g_autoptr(GError) error = NULL;

  portal.connection = brisk_ui_test_connect_session_bus ();
  portal.registration_id = g_dbus_connection_register_object (portal.connection, PORTAL_PATH,
                                                              info->interfaces[0], &portal_vtable,
                                                              NULL, NULL, &error);
  g_assert_no_error (error);
  portal.background_registration_id =
    g_dbus_connection_register_object (portal.connection, PORTAL_PATH, info->interfaces[1],
                                       &portal_vtable, NULL, NULL, &error);
  g_assert_no_error (error);
  portal.background = g_ptr_array_new_with_free_func ((GDestroyNotify)g_variant_unref);
  portal.name_id = g_bus_own_name_on_connection (portal.connection, "org.freedesktop.portal.Desktop",
                                                 G_BUS_NAME_OWNER_FLAGS_NONE, name_acquired_cb,
                                                 NULL, NULL, NULL);
  BRISK_UI_TEST_WAIT_UNTIL (portal.name_owned, "the fake portal's name");
}

static void
stop_portal (void)
{
  g_dbus_connection_unregister_object (portal.connection, portal.registration_id);
  g_dbus_connection_unregister_object (portal.connection, portal.background_registration_id);
  g_bus_unown_name (portal.name_id);
  portal.name_owned = FALSE;
}

static BriskGlobalShortcut *
app_shortcut (void)
{
  BriskGlobalShortcut *shortcut =
    brisk_application_get_quick_ask_shortcut (brisk_ui_test_get_application ());

  g_assert_nonnull (shortcut);
  return shortcut;
}

static BriskPreferencesWindow *
open_preferences (void)
{
  BriskPreferencesWindow *window;

  g_action_group_activate_action (G_ACTION_GROUP (brisk_ui_test_get_application ()),
                                  "preferences", NULL);
  window = BRISK_PREFERENCES_WINDOW (brisk_ui_test_find_window (BRISK_TYPE_PREFERENCES_WINDOW));
  g_assert_nonnull (window);
  return window;
}

static void
test_shortcut_bound (void)
{
  BriskGlobalShortcut *shortcut = app_shortcut ();
  g_autoptr(GVariant) properties = NULL;
  const char *id, *trigger;

  BRISK_UI_TEST_WAIT_UNTIL (brisk_global_shortcut_get_state (shortcut) == BRISK_GLOBAL_SHORTCUT_BOUND,
                            "the shortcut to be bound");

  /* One shortcut, quick-ask, suggesting Ctrl+Alt+Space. */
  g_assert_nonnull (portal.bound);
  g_assert_cmpuint (g_variant_n_children (portal.bound), ==, 1);
  g_variant_get_child (portal.bound, 0, "(&s@a{sv})", &id, &properties);
  g_assert_cmpstr (id, ==, "quick-ask");
  g_assert_true (g_variant_lookup (properties, "preferred_trigger", "&s", &trigger));
  g_assert_cmpstr (trigger, ==, "CTRL+ALT+space");
  g_assert_true (g_variant_lookup (properties, "description", "&s", &trigger));

  g_assert_cmpstr (brisk_global_shortcut_get_trigger (shortcut), ==, "Ctrl+Alt+Space");
  g_assert_true (brisk_global_shortcut_get_can_configure (shortcut));
}

static void
emit_activated (const char *session_handle,
                const char *id)
{
  g_dbus_connection_emit_signal (portal.connection, portal.client, PORTAL_PATH, INTERFACE,
                                 "Activated",
                                 g_variant_new ("(ost@a{sv})", session_handle, id, (guint64)0,
                                                g_variant_new_array (G_VARIANT_TYPE ("{sv}"), NULL, 0)),
                                 NULL);
}

static void
count_cb (guint *counter)
{
  (*counter)++;
}

static void
test_shortcut_activated (void)
{
  guint n_activated = 0;
  GtkWindow *window;

  g_signal_connect_swapped (app_shortcut (), "activated", G_CALLBACK (count_cb), &n_activated);

  /* Another session's shortcut, or another shortcut of ours, is not quick ask. */
  emit_activated ("/org/freedesktop/portal/desktop/session/other/session", "quick-ask");
  emit_activated (portal.session_handle, "something-else");
  emit_activated (portal.session_handle, "quick-ask");
  BRISK_UI_TEST_WAIT_UNTIL (n_activated > 0, "the shortcut's activation");
  g_assert_cmpuint (n_activated, ==, 1);

  window = brisk_ui_test_find_window (BRISK_TYPE_QUICK_ASK_WINDOW);
  g_assert_nonnull (window);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  gtk_window_destroy (window);

  g_signal_handlers_disconnect_by_data (app_shortcut (), &n_activated);
}

static void
test_shortcut_configure (void)
{
  BriskPreferencesWindow *window = open_preferences ();
  AdwActionRow *row = ADW_ACTION_ROW (brisk_ui_test_find (window, "shortcut_row"));

  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==, "Ctrl+Alt+Space");
  g_assert_true (gtk_widget_get_visible (brisk_ui_test_find (window, "shortcut_button")));
  g_assert_false (gtk_widget_get_visible (brisk_ui_test_find (window, "shortcut_command_row")));

  /* Change… opens the portal's dialog; the keys chosen there show. */
  g_signal_emit_by_name (brisk_ui_test_find (window, "shortcut_button"), "clicked");
  BRISK_UI_TEST_WAIT_UNTIL (g_strcmp0 (adw_action_row_get_subtitle (row), "Super+Q") == 0,
                            "the new keys");
  g_assert_cmpuint (portal.n_configured, ==, 1);

  brisk_ui_test_close_window (GTK_WINDOW (window), NULL);
}

static void
test_background_autostart (void)
{
  GSettings *settings = brisk_application_get_settings (brisk_ui_test_get_application ());
  g_autofree const char **commandline = NULL;
  gboolean autostart;

  /* Only a change asks: starting up with the setting on does not ask again. */
  g_assert_cmpuint (portal.background->len, ==, 0);

  g_settings_set_boolean (settings, "run-in-background", TRUE);
  BRISK_UI_TEST_WAIT_UNTIL (portal.background->len == 1, "the request for autostart");
  g_assert_true (g_variant_lookup (g_ptr_array_index (portal.background, 0), "autostart", "b",
                                   &autostart));
  g_assert_true (autostart);
  /* Started with the session, Brisk waits quietly as a service, with no window. */
  g_assert_true (g_variant_lookup (g_ptr_array_index (portal.background, 0), "commandline", "^a&s",
                                   &commandline));
  g_assert_cmpstrv (commandline, ((const char *[]) { "brisk", "--gapplication-service", NULL }));

  g_settings_set_boolean (settings, "run-in-background", FALSE);
  BRISK_UI_TEST_WAIT_UNTIL (portal.background->len == 2, "the request for no autostart");
  g_assert_true (g_variant_lookup (g_ptr_array_index (portal.background, 1), "autostart", "b",
                                   &autostart));
  g_assert_false (autostart);
}

static void
test_shortcut_no_portal (void)
{
  g_autoptr(BriskGlobalShortcut) shortcut = NULL;
  BriskPreferencesWindow *window;
  GDBusConnection *connection;

  stop_portal ();

  connection = g_application_get_dbus_connection (G_APPLICATION (brisk_ui_test_get_application ()));
  shortcut = brisk_global_shortcut_new (connection, "quick-ask", "Quick ask", NULL);
  brisk_global_shortcut_bind (shortcut);
  BRISK_UI_TEST_WAIT_UNTIL (brisk_global_shortcut_get_state (shortcut)
                            == BRISK_GLOBAL_SHORTCUT_UNAVAILABLE, "no portal to be found");
  g_assert_false (brisk_global_shortcut_get_can_configure (shortcut));

  /* Preferences then shows the command to bind as a custom shortcut. */
  brisk_global_shortcut_bind (app_shortcut ());
  BRISK_UI_TEST_WAIT_UNTIL (brisk_global_shortcut_get_state (app_shortcut ())
                            == BRISK_GLOBAL_SHORTCUT_UNAVAILABLE, "the application to notice");
  window = open_preferences ();
  g_assert_true (gtk_widget_get_visible (brisk_ui_test_find (window, "shortcut_command_row")));
  g_assert_false (gtk_widget_get_visible (brisk_ui_test_find (window, "shortcut_button")));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (brisk_ui_test_find (window, "shortcut_command_label"))), ==,
                   "brisk --quick-ask");
  brisk_ui_test_close_window (GTK_WINDOW (window), NULL);
}

int
main (int   argc,
      char *argv[])
{
  GTestDBus *bus;
  int status;

  /* A bus of this test's own, so the fake portal is seen by no other test. */
  bus = brisk_ui_test_start_private_bus ();
  start_portal ();

  brisk_ui_test_init (&argc, &argv);

  /* One suite, so they run in this order: the portal goes away last. */
  g_test_add_func ("/portals/shortcut-bound", test_shortcut_bound);
  g_test_add_func ("/portals/shortcut-activated", test_shortcut_activated);
  g_test_add_func ("/portals/shortcut-configure", test_shortcut_configure);
  g_test_add_func ("/portals/background-autostart", test_background_autostart);
  g_test_add_func ("/portals/no-portal", test_shortcut_no_portal);

  status = g_test_run ();

  g_object_unref (portal.connection);
  brisk_ui_test_stop_private_bus (bus);

  return status;
}
