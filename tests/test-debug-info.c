/* test-debug-info.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-debug-info"

#include "config.h"

#include "brisk-debug-info.h"

static void
test_debug_info_describes_the_system (void)
{
  g_autofree char *info = brisk_debug_info_collect ((const char * const []) { "GTK 9.9.9", NULL });
  g_autofree char *expected_version = g_strdup_printf ("Brisk %s", PACKAGE_VERSION);

  g_assert_true (g_str_has_prefix (info, expected_version));
  g_assert_nonnull (strstr (info, "libsoup 3."));
  g_assert_nonnull (strstr (info, "SQLite 3."));
  g_assert_nonnull (strstr (info, "json-glib 1."));
  g_assert_nonnull (strstr (info, "  GTK 9.9.9\n"));
  g_assert_nonnull (strstr (info, "Sandbox: "));
}

static void
test_debug_info_never_contains_secrets (void)
{
  const char *secret = "gsk_debugInfoCanaryValue0123456789";
  g_autofree char *info = NULL;

  /* Users paste the debug info into public bug reports. */
  g_setenv ("GROQ_API_KEY", secret, TRUE);
  g_setenv ("BRISK_TEST_SECRET", secret, TRUE);
  g_setenv ("XDG_CURRENT_DESKTOP", "GNOME", TRUE);

  info = brisk_debug_info_collect (NULL);

  g_assert_null (strstr (info, secret));
  g_assert_null (strstr (info, "GROQ_API_KEY"));
  g_assert_nonnull (strstr (info, "XDG_CURRENT_DESKTOP=GNOME\n"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/debug-info/describes-the-system", test_debug_info_describes_the_system);
  g_test_add_func ("/debug-info/never-contains-secrets", test_debug_info_never_contains_secrets);

  return g_test_run ();
}
