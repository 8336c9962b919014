/* brisk-debug-info.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "brisk-debug-info"

#include "config.h"

#include "brisk-debug-info.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <sqlite3.h>

/* Only these environment variables are reported. The environment also holds secrets such as
 * GROQ_API_KEY, and the debug info ends up pasted into public bug reports, so nothing is ever
 * copied from it wholesale.
 */
static const char * const reported_environment[] = {
  "XDG_CURRENT_DESKTOP",
  "XDG_SESSION_TYPE",
  "GDK_BACKEND",
  "GSK_RENDERER",
  "GTK_THEME",
  "LANG",
  "LANGUAGE",
};

static void
append_sandbox (GString *out)
{
  g_autoptr(GKeyFile) flatpak_info = g_key_file_new ();

  if (g_key_file_load_from_file (flatpak_info, "/.flatpak-info", G_KEY_FILE_NONE, NULL))
    {
      g_autofree char *runtime = g_key_file_get_string (flatpak_info, "Application", "runtime", NULL);
      g_autofree char *flatpak_version = g_key_file_get_string (flatpak_info, "Instance",
                                                                "flatpak-version", NULL);

      g_string_append_printf (out, "Sandbox: Flatpak %s, runtime %s\n",
                              flatpak_version ? flatpak_version : "(unknown)",
                              runtime ? runtime : "(unknown)");
    }
  else
    {
      g_string_append (out, "Sandbox: none\n");
    }
}

/**
 * brisk_debug_info_collect:
 * @toolkit_lines: (nullable): lines about libraries outside the core (GTK, libadwaita), added
 *   to the library section as they are
 *
 * Describes the running system for a bug report: Brisk's version and build, the operating
 * system, the sandbox, the desktop session and every library version that matters. It never
 * contains keys, prompts or conversations.
 *
 * Returns: (transfer full): the report, one fact per line
 */
char *
brisk_debug_info_collect (const char * const *toolkit_lines)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *os_name = g_get_os_info (G_OS_INFO_KEY_PRETTY_NAME);

  g_string_append_printf (out, "Brisk %s (%s, %s build)\n",
                          PACKAGE_VERSION, APP_ID,
                          DEVELOPMENT_BUILD ? "development" : "release");
  g_string_append_printf (out, "Operating system: %s\n", os_name ? os_name : "(unknown)");
  append_sandbox (out);

  g_string_append (out, "\nEnvironment:\n");
  for (guint i = 0; i < G_N_ELEMENTS (reported_environment); i++)
    {
      const char *value = g_getenv (reported_environment[i]);

      g_string_append_printf (out, "  %s=%s\n", reported_environment[i], value ? value : "");
    }

  g_string_append (out, "\nLibraries:\n");
  g_string_append_printf (out, "  GLib %u.%u.%u (built against %d.%d.%d)\n",
                          glib_major_version, glib_minor_version, glib_micro_version,
                          GLIB_MAJOR_VERSION, GLIB_MINOR_VERSION, GLIB_MICRO_VERSION);
  g_string_append_printf (out, "  libsoup %u.%u.%u (built against %d.%d.%d)\n",
                          soup_get_major_version (), soup_get_minor_version (),
                          soup_get_micro_version (),
                          SOUP_MAJOR_VERSION, SOUP_MINOR_VERSION, SOUP_MICRO_VERSION);
  g_string_append_printf (out, "  json-glib %s (built against)\n", JSON_VERSION_S);
  g_string_append_printf (out, "  SQLite %s (built against %s)\n",
                          sqlite3_libversion (), SQLITE_VERSION);
  g_string_append_printf (out, "  md4c %s (built against)\n", MD4C_BUILD_VERSION);
  if (toolkit_lines != NULL)
    {
      for (guint i = 0; toolkit_lines[i] != NULL; i++)
        g_string_append_printf (out, "  %s\n", toolkit_lines[i]);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}
