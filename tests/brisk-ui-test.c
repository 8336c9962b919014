/* brisk-ui-test.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "brisk-ui-test"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "brisk-ui-test.h"

/* A guard against hanging forever, not a performance assertion: on a loaded machine a first
 * frame can take seconds, so this is generous.
 */
#define WAIT_LIMIT_SECONDS 60

static BriskApplication *test_application;

/**
 * brisk_ui_test_init:
 *
 * Opens the display and registers a #BriskApplication, so windows get the application's
 * actions, accelerators and help overlay exactly as in the real binary. There is no skip path:
 * a UI test without a display fails, so a CI run without Xvfb can never pass unnoticed.
 */
void
brisk_ui_test_init (int    *argc,
                    char ***argv)
{
  g_autoptr(GError) error = NULL;
  const char *builddir;
  g_autofree char *po_dir = NULL;
  g_autofree char *data_dir = NULL;

  setlocale (LC_ALL, "");

  /* Translations come from the build tree, so a test sees the catalogues of this very build. */
  builddir = g_getenv ("G_TEST_BUILDDIR");
  if (builddir != NULL)
    {
      po_dir = g_build_filename (builddir, "..", "po", NULL);
      bindtextdomain (GETTEXT_PACKAGE, po_dir);
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
    }

  g_test_init (argc, argv, NULL);

  /* Each test program gets its own history, so tests running side by side never share one. */
  data_dir = g_dir_make_tmp ("brisk-ui-test-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", data_dir, TRUE);

  if (!gtk_init_check ())
    {
      g_printerr ("Bail out! No display: UI tests need one (run them through build-aux/dev.sh test)\n");
      exit (EXIT_FAILURE);
    }

  test_application = brisk_application_new (APP_ID ".Test", G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (test_application), NULL, &error))
    g_error ("Could not register the application: %s", error->message);
}

BriskApplication *
brisk_ui_test_get_application (void)
{
  return test_application;
}

static gboolean
wait_limit_reached_cb (gpointer user_data)
{
  g_error ("Gave up waiting for %s after %d s", (const char *)user_data, WAIT_LIMIT_SECONDS);
  return G_SOURCE_REMOVE;
}

static void
count_frame_cb (GdkFrameClock *frame_clock,
                guint         *n_frames)
{
  (*n_frames)++;
}

/**
 * brisk_ui_test_wait_for_frame:
 * @widget: a widget that is being shown
 *
 * Iterates the main loop until @widget is mapped and its window has painted one frame.
 */
void
brisk_ui_test_wait_for_frame (GtkWidget *widget)
{
  guint limit_id;
  guint n_frames = 0;
  GdkFrameClock *frame_clock;
  gulong handler;

  limit_id = g_timeout_add_seconds (WAIT_LIMIT_SECONDS, wait_limit_reached_cb, (gpointer)"a map");
  while (!gtk_widget_get_mapped (widget))
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (limit_id);

  frame_clock = gtk_widget_get_frame_clock (widget);
  g_assert_nonnull (frame_clock);

  handler = g_signal_connect (frame_clock, "after-paint", G_CALLBACK (count_frame_cb), &n_frames);
  gtk_widget_queue_draw (widget);

  limit_id = g_timeout_add_seconds (WAIT_LIMIT_SECONDS, wait_limit_reached_cb, (gpointer)"a frame");
  while (n_frames == 0)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (limit_id);

  g_signal_handler_disconnect (frame_clock, handler);
}

/**
 * brisk_ui_test_close_window:
 * @window: a window to close
 * @action_name: (nullable): an action to close it with, or %NULL for gtk_window_close()
 *
 * Closes @window as a user would (so it runs its close-request handling) and waits until it is
 * gone.
 */
void
brisk_ui_test_close_window (GtkWindow  *window,
                            const char *action_name)
{
  GtkWindow *watched = window;
  guint limit_id;

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *)&watched);

  if (action_name != NULL)
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), action_name, NULL));
  else
    gtk_window_close (window);

  limit_id = g_timeout_add_seconds (WAIT_LIMIT_SECONDS, wait_limit_reached_cb,
                                    (gpointer)"a window to close");
  while (watched != NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (limit_id);
}

/**
 * brisk_ui_test_find_descendant:
 * @root: where to start
 * @type: the type to look for
 * @id: (nullable): the id it has in its .ui file, if it must have one
 *
 * Returns: (transfer none) (nullable): the first match, depth first
 */
/**
 * brisk_ui_test_find_matching:
 * @root: a widget
 * @matches: says whether a widget is the one looked for
 * @data: passed to @matches
 *
 * Returns: (transfer none) (nullable): @root or the first widget below it, depth first, that
 *   @matches
 */
GtkWidget *
brisk_ui_test_find_matching (GtkWidget          *root,
                             BriskUiTestMatches  matches,
                             gpointer            data)
{
  if (matches (root, data))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = brisk_ui_test_find_matching (child, matches, data);

      if (found != NULL)
        return found;
    }

  return NULL;
}

typedef struct
{
  GType       type;
  const char *id;
} Descendant;

static gboolean
is_descendant_sought (GtkWidget *widget,
                      gpointer   data)
{
  Descendant *sought = data;

  return G_TYPE_CHECK_INSTANCE_TYPE (widget, sought->type)
         && (sought->id == NULL
             || g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget)), sought->id) == 0);
}

GtkWidget *
brisk_ui_test_find_descendant (GtkWidget  *root,
                               GType       type,
                               const char *id)
{
  Descendant sought = { type, id };

  return brisk_ui_test_find_matching (root, is_descendant_sought, &sought);
}

/**
 * brisk_ui_test_find:
 * @root: a widget
 * @id: the id of a widget below @root in its .ui file
 *
 * Fails the test if there is no such widget.
 *
 * Returns: (transfer none): the widget
 */
GtkWidget *
brisk_ui_test_find (gpointer    root,
                    const char *id)
{
  GtkWidget *widget = brisk_ui_test_find_descendant (GTK_WIDGET (root), GTK_TYPE_WIDGET, id);

  if (widget == NULL)
    g_error ("No widget with id %s", id);
  return widget;
}

/**
 * brisk_ui_test_find_window:
 * @type: a #GtkWindow subtype
 *
 * Looks through every toplevel, not only the application's windows: transient windows such as
 * the about window are not always added to the application.
 *
 * Returns: (transfer none) (nullable): a visible window of @type
 */
GtkWindow *
brisk_ui_test_find_window (GType type)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (const GList *iter = toplevels; iter != NULL; iter = iter->next)
    {
      if (G_TYPE_CHECK_INSTANCE_TYPE (iter->data, type) && gtk_widget_get_visible (iter->data))
        return iter->data;
    }

  return NULL;
}

typedef struct
{
  guint limit_id;
  guint tick_id;
} Wait;

static GHashTable *waits;

static gboolean
tick_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/**
 * brisk_ui_test_wait_begin:
 * @what: what is waited for, for the failure message
 *
 * Starts the limit of a BRISK_UI_TEST_WAIT_UNTIL(). A tick keeps the main loop turning, so
 * conditions that poll something outside it are looked at again.
 *
 * Returns: an id for brisk_ui_test_wait_end()
 */
guint
brisk_ui_test_wait_begin (const char *what)
{
  Wait *wait = g_new0 (Wait, 1);

  if (waits == NULL)
    waits = g_hash_table_new_full (NULL, NULL, NULL, g_free);

  wait->limit_id = g_timeout_add_seconds (WAIT_LIMIT_SECONDS, wait_limit_reached_cb, (gpointer)what);
  wait->tick_id = g_timeout_add (20, tick_cb, NULL);
  g_hash_table_insert (waits, GUINT_TO_POINTER (wait->limit_id), wait);

  return wait->limit_id;
}

void
brisk_ui_test_wait_end (guint wait_id)
{
  Wait *wait = g_hash_table_lookup (waits, GUINT_TO_POINTER (wait_id));

  g_source_remove (wait->limit_id);
  g_source_remove (wait->tick_id);
  g_hash_table_remove (waits, GUINT_TO_POINTER (wait_id));
}

/**
 * brisk_ui_test_start_private_bus:
 *
 * Starts a session bus of the test's own, for fake desktop services no other test may see.
 * Call it before brisk_ui_test_init(), so the application registers on it.
 *
 * Returns: (transfer none): the bus, for brisk_ui_test_stop_private_bus()
 */
GTestDBus *
brisk_ui_test_start_private_bus (void)
{
  g_autofree char *display = g_strdup (g_getenv ("DISPLAY"));
  GTestDBus *bus = g_test_dbus_new (G_TEST_DBUS_NONE);

  /* Bringing it up unsets DISPLAY (for dbus-launch's sake); the windows need it back. */
  g_test_dbus_up (bus);
  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);

  return bus;
}

/**
 * brisk_ui_test_stop_private_bus:
 *
 * Stops the bus. Not g_test_dbus_down(), nor the unref that would call it: they wait for the
 * session bus connection to go, and the application keeps it to the end.
 */
void
brisk_ui_test_stop_private_bus (GTestDBus *bus)
{
  g_test_dbus_stop (bus);
}

/**
 * brisk_ui_test_connect_session_bus:
 *
 * Returns: (transfer full): a connection of its own to the session bus, to play another
 *   process on it (a portal, a notification server, GNOME Shell)
 */
GDBusConnection *
brisk_ui_test_connect_session_bus (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, &error);
  GDBusConnection *connection;

  g_assert_no_error (error);
  connection = g_dbus_connection_new_for_address_sync (address,
                                                       G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT
                                                       | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                       NULL, NULL, &error);
  g_assert_no_error (error);

  return connection;
}
