/* brisk-application-actions.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "brisk-application-actions"

#include "config.h"

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "brisk-application-private.h"
#include "brisk-debug-info.h"
#include "brisk-preferences-window.h"
#include "brisk-window.h"

/* Every accelerator of the application, for app.* and win.* actions alike. Whoever changes
 * this table also updates resources/gtk/help-overlay.ui; a test compares the two.
 */
static const BriskAccelEntry accel_table[] = {
  { "app.new-window", { "<Control><Shift>n", NULL } },
  { "app.new-conversation", { "<Control>n", NULL } },
  { "app.preferences", { "<Control>comma", NULL } },
  { "app.quit", { "<Control>q", NULL } },
  { "win.close", { "<Control>w", NULL } },
  { "win.toggle-fullscreen", { "F11", NULL } },
  { "win.search", { "<Control>k", "<Control>f", NULL } },
  { "win.rename-conversation", { "F2", NULL } },
  { "win.stop", { "Escape", NULL } },
  { "win.regenerate", { "<Control>r", NULL } },
  { "win.copy-last-reply", { "<Control><Shift>c", NULL } },
  { "win.choose-model", { "<Control>m", NULL } },
  { "win.step-conversation(-1)", { "<Control>Up", NULL } },
  { "win.step-conversation(1)", { "<Control>Down", NULL } },
  { "win.go-to-conversation(1)", { "<Alt>1", NULL } },
  { "win.go-to-conversation(2)", { "<Alt>2", NULL } },
  { "win.go-to-conversation(3)", { "<Alt>3", NULL } },
  { "win.go-to-conversation(4)", { "<Alt>4", NULL } },
  { "win.go-to-conversation(5)", { "<Alt>5", NULL } },
  { "win.go-to-conversation(6)", { "<Alt>6", NULL } },
  { "win.go-to-conversation(7)", { "<Alt>7", NULL } },
  { "win.go-to-conversation(8)", { "<Alt>8", NULL } },
  { "win.go-to-conversation(9)", { "<Alt>9", NULL } },
};

const BriskAccelEntry *
_brisk_application_get_accels (guint *n_entries)
{
  *n_entries = G_N_ELEMENTS (accel_table);
  return accel_table;
}

static void
brisk_application_new_window_action (GSimpleAction *action,
                                     GVariant      *param,
                                     gpointer       user_data)
{
  BriskApplication *self = user_data;

  g_assert (BRISK_IS_APPLICATION (self));

  gtk_window_present (GTK_WINDOW (brisk_window_new (self)));
}

static void
brisk_application_new_conversation_action (GSimpleAction *action,
                                           GVariant      *param,
                                           gpointer       user_data)
{
  BriskApplication *self = user_data;
  BriskWindow *window;

  g_assert (BRISK_IS_APPLICATION (self));

  window = brisk_application_get_main_window (self);
  gtk_window_present (GTK_WINDOW (window));
  brisk_window_new_conversation (window);
}

/* A notification's way back to its conversation. */
static void
brisk_application_open_conversation_action (GSimpleAction *action,
                                            GVariant      *param,
                                            gpointer       user_data)
{
  BriskApplication *self = user_data;
  BriskStore *store = brisk_application_get_store (self, NULL);
  g_autoptr(BriskConversation) conversation = NULL;
  g_autoptr(GError) error = NULL;
  BriskWindow *window;

  g_assert (BRISK_IS_APPLICATION (self));

  window = brisk_application_get_main_window (self);
  if (store != NULL)
    conversation = brisk_store_get_conversation (store, g_variant_get_int64 (param), &error);
  if (conversation != NULL)
    brisk_window_open_conversation (window, conversation);
  else if (error != NULL)
    g_debug ("Could not open conversation: %s", error->message);
  gtk_window_present (GTK_WINDOW (window));
}

static void
brisk_application_quick_ask_action (GSimpleAction *action,
                                    GVariant      *param,
                                    gpointer       user_data)
{
  brisk_application_quick_ask (user_data, NULL);
}

static void
brisk_application_quit_action (GSimpleAction *action,
                               GVariant      *param,
                               gpointer       user_data)
{
  BriskApplication *self = user_data;
  g_autoptr(GList) windows = NULL;

  g_assert (BRISK_IS_APPLICATION (self));

  /* Closing each window (rather than destroying it) lets it save its state. */
  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  for (const GList *iter = windows; iter != NULL; iter = iter->next)
    gtk_window_close (iter->data);

  g_application_quit (G_APPLICATION (self));
}

char *
_brisk_application_build_debug_info (void)
{
  g_autofree char *gtk_line = NULL;
  g_autofree char *adw_line = NULL;
  g_autofree char *sourceview_line = NULL;
  g_autofree char *display_line = NULL;
  GdkDisplay *display = gdk_display_get_default ();

  gtk_line = g_strdup_printf ("GTK %u.%u.%u (built against %d.%d.%d)",
                              gtk_get_major_version (), gtk_get_minor_version (),
                              gtk_get_micro_version (),
                              GTK_MAJOR_VERSION, GTK_MINOR_VERSION, GTK_MICRO_VERSION);
  adw_line = g_strdup_printf ("libadwaita %u.%u.%u (built against %d.%d.%d)",
                              adw_get_major_version (), adw_get_minor_version (),
                              adw_get_micro_version (),
                              ADW_MAJOR_VERSION, ADW_MINOR_VERSION, ADW_MICRO_VERSION);
  sourceview_line = g_strdup_printf ("GtkSourceView %u.%u.%u (built against %d.%d.%d)",
                                     gtk_source_get_major_version (),
                                     gtk_source_get_minor_version (),
                                     gtk_source_get_micro_version (),
                                     GTK_SOURCE_MAJOR_VERSION, GTK_SOURCE_MINOR_VERSION,
                                     GTK_SOURCE_MICRO_VERSION);
  display_line = g_strdup_printf ("GDK display: %s",
                                  display ? G_OBJECT_TYPE_NAME (display) : "(none)");

  return brisk_debug_info_collect ((const char * const []) {
                                     gtk_line, adw_line, sourceview_line, display_line, NULL });
}

static void
brisk_application_about_action (GSimpleAction *action,
                                GVariant      *param,
                                gpointer       user_data)
{
  BriskApplication *self = user_data;
  static const char *developers[] = { "The Brisk developers", NULL };
  g_autofree char *debug_info = NULL;
  GtkWindow *parent;

  g_assert (BRISK_IS_APPLICATION (self));

  parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  debug_info = _brisk_application_build_debug_info ();

  adw_show_about_window (parent,
                         "application-icon", APP_ID,
                         "application-name", _("Brisk"),
                         "developer-name", _("The Brisk developers"),
                         "developers", developers,
                         "version", PACKAGE_VERSION,
                         "website", PACKAGE_WEBSITE,
                         "issue-url", PACKAGE_BUGREPORTS,
                         "copyright", "© 2026 The Brisk developers",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         /* Translators: Put your names here, one per line. */
                         "translator-credits", _("translator-credits"),
                         "debug-info", debug_info,
                         "debug-info-filename", "brisk-debug-info.txt",
                         NULL);
}

static void
brisk_application_preferences_action (GSimpleAction *action,
                                      GVariant      *param,
                                      gpointer       user_data)
{
  BriskApplication *self = user_data;
  GtkWindow *parent;

  g_assert (BRISK_IS_APPLICATION (self));

  /* One preferences window at a time: asking again brings it forward. */
  for (const GList *iter = gtk_application_get_windows (GTK_APPLICATION (self));
       iter != NULL;
       iter = iter->next)
    {
      if (BRISK_IS_PREFERENCES_WINDOW (iter->data))
        {
          gtk_window_present (iter->data);
          return;
        }
    }

  parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (brisk_preferences_window_new (self, parent)));
}

static const GActionEntry app_actions[] = {
  { "new-window", brisk_application_new_window_action },
  { "new-conversation", brisk_application_new_conversation_action },
  { "quick-ask", brisk_application_quick_ask_action },
  { "open-conversation", brisk_application_open_conversation_action, "x" },
  { "preferences", brisk_application_preferences_action },
  { "about", brisk_application_about_action },
  { "quit", brisk_application_quit_action },
};

void
_brisk_application_install_actions (BriskApplication *self)
{
  g_assert (BRISK_IS_APPLICATION (self));

  g_action_map_add_action_entries (G_ACTION_MAP (self),
                                   app_actions,
                                   G_N_ELEMENTS (app_actions),
                                   self);
}
