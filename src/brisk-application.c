/* brisk-application.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "brisk-application"

#include "config.h"

#include <glib/gi18n.h>

#include "brisk-application-private.h"
#include "brisk-key-store.h"
#include "brisk-window.h"

struct _BriskApplication
{
  AdwApplication  parent_instance;

  /* Owned references */
  GSettings      *settings;
  BriskKeyStore  *key_store;
};

G_DEFINE_FINAL_TYPE (BriskApplication, brisk_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and exit"), NULL },
  { "new-conversation", 'n', 0, G_OPTION_ARG_NONE, NULL,
    N_("Open Brisk at a new conversation"), NULL },
  { "quick-ask", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Open Brisk ready for a question"), NULL },
  /* Handled before the application starts (see main.c); listed here for --help. */
  { "ask", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Print the answer to a question on the command line (see brisk --ask --help)"), NULL },
  { "list-models", 0, 0, G_OPTION_ARG_NONE, NULL, N_("List the provider’s chat models"), NULL },
  { NULL }
};

BriskApplication *
brisk_application_new (const char        *application_id,
                       GApplicationFlags  flags)
{
  g_return_val_if_fail (application_id != NULL, NULL);

  return g_object_new (BRISK_TYPE_APPLICATION,
                       "application-id", application_id,
                       "flags", flags | G_APPLICATION_HANDLES_COMMAND_LINE,
                       /* A Devel build has another id but the same resources. */
                       "resource-base-path", RESOURCE_BASE_PATH,
                       NULL);
}

/**
 * brisk_application_get_settings:
 * @self: a #BriskApplication
 *
 * Returns: (transfer none): the one #GSettings of the application
 */
GSettings *
brisk_application_get_settings (BriskApplication *self)
{
  g_return_val_if_fail (BRISK_IS_APPLICATION (self), NULL);

  return self->settings;
}

/**
 * brisk_application_get_key_store:
 *
 * Returns: (transfer none): where the API keys are kept
 */
BriskKeyStore *
brisk_application_get_key_store (BriskApplication *self)
{
  g_return_val_if_fail (BRISK_IS_APPLICATION (self), NULL);

  return self->key_store;
}

static int
brisk_application_handle_local_options (GApplication *application,
                                        GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }

  /* Everything else is handled by the primary instance in command_line(). */
  return G_APPLICATION_CLASS (brisk_application_parent_class)->handle_local_options (application,
                                                                                     options);
}

static int
brisk_application_command_line (GApplication            *application,
                                GApplicationCommandLine *command_line)
{
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);

  if (g_variant_dict_contains (options, "new-conversation"))
    g_action_group_activate_action (G_ACTION_GROUP (application), "new-conversation", NULL);
  else if (g_variant_dict_contains (options, "quick-ask"))
    g_action_group_activate_action (G_ACTION_GROUP (application), "quick-ask", NULL);
  else
    g_application_activate (application);

  return EXIT_SUCCESS;
}

static void
brisk_application_startup (GApplication *application)
{
  BriskApplication *self = (BriskApplication *)application;
  const BriskAccelEntry *accels;
  guint n_accels;

  g_assert (BRISK_IS_APPLICATION (self));

  G_APPLICATION_CLASS (brisk_application_parent_class)->startup (application);

  g_set_application_name (_("Brisk"));
  gtk_window_set_default_icon_name (APP_ID);

  _brisk_application_install_actions (self);

  accels = _brisk_application_get_accels (&n_accels);
  for (guint i = 0; i < n_accels; i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self),
                                           accels[i].action_name,
                                           accels[i].accels);
}

static void
brisk_application_activate (GApplication *application)
{
  BriskApplication *self = (BriskApplication *)application;
  GtkWindow *window;

  g_assert (BRISK_IS_APPLICATION (self));

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (window == NULL)
    window = GTK_WINDOW (brisk_window_new (self));

  gtk_window_present (window);
}

static void
brisk_application_dispose (GObject *object)
{
  BriskApplication *self = (BriskApplication *)object;

  g_clear_object (&self->settings);
  g_clear_object (&self->key_store);

  G_OBJECT_CLASS (brisk_application_parent_class)->dispose (object);
}

static void
brisk_application_class_init (BriskApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = brisk_application_dispose;

  app_class->handle_local_options = brisk_application_handle_local_options;
  app_class->command_line = brisk_application_command_line;
  app_class->startup = brisk_application_startup;
  app_class->activate = brisk_application_activate;
}

static void
brisk_application_init (BriskApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Chat with fast language models."));

  /* The schema id is the same for the Devel build so both share preferences. */
  self->settings = g_settings_new (BASE_ID);
  self->key_store = brisk_key_store_new ();
}
