/* test-window.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-window"

#include "config.h"

#include "brisk-application-private.h"
#include "brisk-ui-test.h"
#include "brisk-window.h"

static GtkWidget *
template_child (BriskWindow *window,
                const char  *id)
{
  GtkWidget *child = brisk_ui_test_find_descendant (GTK_WIDGET (window), GTK_TYPE_WIDGET, id);

  g_assert_nonnull (child);
  return child;
}

static BriskWindow *
open_window (int width,
             int height)
{
  BriskApplication *app = brisk_ui_test_get_application ();
  GSettings *settings = brisk_application_get_settings (app);
  BriskWindow *window;

  g_settings_set_int (settings, "window-width", width);
  g_settings_set_int (settings, "window-height", height);
  g_settings_set_boolean (settings, "window-maximized", FALSE);

  window = brisk_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  brisk_ui_test_wait_for_frame (GTK_WIDGET (window));

  return window;
}

static void
close_window (BriskWindow *window)
{
  brisk_ui_test_close_window (GTK_WINDOW (window), NULL);
}

static void
test_window_shows_empty_state (void)
{
  BriskWindow *window = open_window (960, 680);
  GtkWidget *empty_page = template_child (window, "empty_conversation_page");
  GtkStack *stack = GTK_STACK (template_child (window, "conversation_stack"));
  AdwLeaflet *leaflet = ADW_LEAFLET (template_child (window, "leaflet"));

  /* A first-time user sees both panes and the invitation to start a conversation. */
  g_assert_false (adw_leaflet_get_folded (leaflet));
  g_assert_true (gtk_stack_get_visible_child (stack) == empty_page);
  g_assert_true (gtk_widget_get_mapped (empty_page));
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (empty_page)), ==,
                   "Start a Conversation");
  g_assert_true (gtk_widget_get_mapped (template_child (window, "empty_sidebar_page")));
  g_assert_false (gtk_widget_get_visible (template_child (window, "back_button")));

  close_window (window);
}

static void
test_window_folds_when_narrow (void)
{
  BriskWindow *window = open_window (360, 600);
  AdwLeaflet *leaflet = ADW_LEAFLET (template_child (window, "leaflet"));
  GtkWidget *back_button = template_child (window, "back_button");

  /* Too narrow for two panes: the conversation pane shows, with a way back to the list. */
  g_assert_true (adw_leaflet_get_folded (leaflet));
  g_assert_true (adw_leaflet_get_visible_child (leaflet) ==
                 template_child (window, "chat_view"));
  g_assert_true (gtk_widget_get_mapped (back_button));

  g_signal_emit_by_name (back_button, "clicked");
  g_assert_true (adw_leaflet_get_visible_child (leaflet) ==
                 template_child (window, "sidebar_pane"));

  brisk_window_show_conversation (window);
  g_assert_true (adw_leaflet_get_visible_child (leaflet) ==
                 template_child (window, "chat_view"));

  close_window (window);
}

static void
assert_same_accels (const char * const *registered,
                    const char * const *expected)
{
  g_assert_cmpuint (g_strv_length ((char **)registered), ==, g_strv_length ((char **)expected));

  /* GTK hands accelerators back in its own spelling, so compare what they mean. */
  for (guint i = 0; expected[i] != NULL; i++)
    {
      guint registered_key, expected_key;
      GdkModifierType registered_mods, expected_mods;

      g_assert_true (gtk_accelerator_parse (registered[i], &registered_key, &registered_mods));
      g_assert_true (gtk_accelerator_parse (expected[i], &expected_key, &expected_mods));
      g_assert_cmpuint (registered_key, ==, expected_key);
      g_assert_cmpuint (registered_mods, ==, expected_mods);
    }
}

static gboolean
window_class_has_action (const char *action_name)
{
  GtkWidgetClass *widget_class = g_type_class_peek (BRISK_TYPE_WINDOW);
  GType owner;
  const char *name;
  const GVariantType *parameter_type;
  const char *property_name;

  /* GTK 4.8 writes every out argument, so none may be NULL. */
  for (guint i = 0;
       gtk_widget_class_query_action (widget_class, i, &owner, &name, &parameter_type,
                                      &property_name);
       i++)
    {
      if (g_strcmp0 (name, action_name) == 0)
        return TRUE;
    }

  return FALSE;
}

static void
test_window_actions_and_accels (void)
{
  BriskApplication *app = brisk_ui_test_get_application ();
  BriskWindow *window = open_window (960, 680);
  const BriskAccelEntry *accels;
  guint n_accels;

  accels = _brisk_application_get_accels (&n_accels);
  g_assert_cmpuint (n_accels, >, 0);

  for (guint i = 0; i < n_accels; i++)
    {
      g_auto(GStrv) registered = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                        accels[i].action_name);

      g_test_message ("%s", accels[i].action_name);
      assert_same_accels ((const char * const *)registered, accels[i].accels);

      if (g_str_has_prefix (accels[i].action_name, "app."))
        g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app),
                                                  accels[i].action_name + strlen ("app.")));
      else
        {
          g_autofree char *name = NULL;
          g_autoptr(GVariant) target = NULL;

          /* Entries such as win.go-to-conversation(3) name an action with its target. */
          g_assert_true (g_action_parse_detailed_name (accels[i].action_name, &name, &target,
                                                       NULL));
          g_assert_true (window_class_has_action (name));
        }
    }

  /* The actions the desktop file and the menus use. */
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "new-conversation"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "quick-ask"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "about"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (window), "show-help-overlay"));

  close_window (window);
}

static void
test_window_close_action (void)
{
  BriskWindow *window = open_window (960, 680);

  brisk_ui_test_close_window (GTK_WINDOW (window), "win.close");
}

/* Adds the accelerators of an overlay entry: one, or a range such as "<Alt>1...<Alt>9". */
static void
add_overlay_accelerators (const char *accelerator,
                          GHashTable *accelerators)
{
  g_auto(GStrv) ends = g_strsplit (accelerator, "...", 2);
  guint first_key, last_key;
  GdkModifierType mods, last_mods;

  g_assert_true (gtk_accelerator_parse (ends[0], &first_key, &mods));
  last_key = first_key;
  if (ends[1] != NULL)
    {
      g_assert_true (gtk_accelerator_parse (ends[1], &last_key, &last_mods));
      g_assert_cmpuint (mods, ==, last_mods);
    }

  for (guint key = first_key; key <= last_key; key++)
    g_hash_table_add (accelerators, gtk_accelerator_name (key, mods));
}

static void
collect_overlay_entries (GtkWidget  *widget,
                         GHashTable *action_names,
                         GHashTable *accelerators)
{
  if (GTK_IS_SHORTCUTS_SHORTCUT (widget))
    {
      g_autofree char *action_name = NULL;
      g_autofree char *accelerator = NULL;

      g_object_get (widget, "action-name", &action_name, "accelerator", &accelerator, NULL);
      if (action_name != NULL)
        g_hash_table_add (action_names, g_steal_pointer (&action_name));
      else if (accelerator != NULL)
        add_overlay_accelerators (accelerator, accelerators);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_overlay_entries (child, action_names, accelerators);
}

static gboolean
accelerator_listed (const char *accel,
                    GHashTable *accelerators)
{
  guint key;
  GdkModifierType mods;
  g_autofree char *name = NULL;

  g_assert_true (gtk_accelerator_parse (accel, &key, &mods));
  name = gtk_accelerator_name (key, mods);

  return g_hash_table_contains (accelerators, name);
}

static void
test_window_shortcuts_window (void)
{
  BriskApplication *app = brisk_ui_test_get_application ();
  BriskWindow *window = open_window (960, 680);
  g_autoptr(GHashTable) listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) listed_accels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GtkShortcutsWindow *overlay;
  const BriskAccelEntry *accels;
  guint n_accels;
  GHashTableIter iter;
  const char *listed_action;

  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
  g_assert_nonnull (overlay);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (overlay)));

  g_action_group_activate_action (G_ACTION_GROUP (window), "show-help-overlay", NULL);
  brisk_ui_test_wait_for_frame (GTK_WIDGET (overlay));

  /* Every accelerator in the table is listed (by its action, or as one of a range of keys),
   * and everything listed by action has one.
   */
  collect_overlay_entries (GTK_WIDGET (overlay), listed, listed_accels);
  accels = _brisk_application_get_accels (&n_accels);
  for (guint i = 0; i < n_accels; i++)
    {
      g_test_message ("%s is listed", accels[i].action_name);
      g_assert_true (g_hash_table_contains (listed, accels[i].action_name)
                     || accelerator_listed (accels[i].accels[0], listed_accels));
    }

  g_hash_table_iter_init (&iter, listed);
  while (g_hash_table_iter_next (&iter, (gpointer *)&listed_action, NULL))
    {
      g_auto(GStrv) registered = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                        listed_action);

      g_test_message ("%s has an accelerator", listed_action);
      g_assert_cmpuint (g_strv_length (registered), >, 0);
    }

  gtk_window_close (GTK_WINDOW (overlay));
  close_window (window);
}

static void
test_window_remembers_size (void)
{
  BriskApplication *app = brisk_ui_test_get_application ();
  GSettings *settings = brisk_application_get_settings (app);
  BriskWindow *window = open_window (700, 500);
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 700);
  g_assert_cmpint (height, ==, 500);

  /* What the user last left is what the next window gets. */
  gtk_window_set_default_size (GTK_WINDOW (window), 820, 610);
  close_window (window);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 820);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 610);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  window = brisk_window_new (app);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 820);
  g_assert_cmpint (height, ==, 610);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_about (void)
{
  BriskApplication *app = brisk_ui_test_get_application ();
  BriskWindow *window = open_window (960, 680);
  AdwAboutWindow *about;

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  about = ADW_ABOUT_WINDOW (brisk_ui_test_find_window (ADW_TYPE_ABOUT_WINDOW));
  g_assert_nonnull (about);
  brisk_ui_test_wait_for_frame (GTK_WIDGET (about));

  g_assert_cmpstr (adw_about_window_get_version (about), ==, PACKAGE_VERSION);
  g_assert_cmpstr (adw_about_window_get_website (about), ==, PACKAGE_WEBSITE);
  g_assert_cmpstr (adw_about_window_get_issue_url (about), ==, PACKAGE_BUGREPORTS);
  g_assert_cmpstr (adw_about_window_get_application_icon (about), ==, APP_ID);
  g_assert_nonnull (strstr (adw_about_window_get_debug_info (about), "GTK 4."));
  g_assert_nonnull (strstr (adw_about_window_get_debug_info (about), "libadwaita 1."));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (about)) == GTK_WINDOW (window));

  gtk_window_destroy (GTK_WINDOW (about));
  close_window (window);
}

static void
test_window_new_conversation_action (void)
{
  BriskApplication *app = brisk_ui_test_get_application ();
  BriskWindow *window;

  /* From the desktop file's action with no window open: one opens, at the conversation. */
  g_assert_null (brisk_ui_test_find_window (BRISK_TYPE_WINDOW));
  g_action_group_activate_action (G_ACTION_GROUP (app), "new-conversation", NULL);
  window = BRISK_WINDOW (brisk_ui_test_find_window (BRISK_TYPE_WINDOW));
  g_assert_nonnull (window);
  brisk_ui_test_wait_for_frame (GTK_WIDGET (window));
  g_assert_true (gtk_widget_get_mapped (template_child (window, "empty_conversation_page")));

  close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  brisk_ui_test_init (&argc, &argv);

  g_test_add_func ("/window/empty-state", test_window_shows_empty_state);
  g_test_add_func ("/window/folds-when-narrow", test_window_folds_when_narrow);
  g_test_add_func ("/window/actions-and-accels", test_window_actions_and_accels);
  g_test_add_func ("/window/close-action", test_window_close_action);
  g_test_add_func ("/window/shortcuts-window", test_window_shortcuts_window);
  g_test_add_func ("/window/remembers-size", test_window_remembers_size);
  g_test_add_func ("/window/about", test_window_about);
  g_test_add_func ("/window/new-conversation-action", test_window_new_conversation_action);

  return g_test_run ();
}
