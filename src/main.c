/* main.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "brisk"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "brisk-application.h"
#include "brisk-ask.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(BriskApplication) app = NULL;

  /* Before option parsing, so that --help is translated too. */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* The command line answers without a window, a display or GTK. */
  if (brisk_ask_wants_command_line (argc, argv))
    return brisk_ask_main (argc, argv);

  app = brisk_application_new (APP_ID, G_APPLICATION_DEFAULT_FLAGS);

  return g_application_run (G_APPLICATION (app), argc, argv);
}
