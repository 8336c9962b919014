/* test-i18n.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-i18n"

#include "config.h"

#include "brisk-ui-test.h"
#include "brisk-window.h"

/* Runs with LANGUAGE=de in its own process (GLib decides once per process whether to
 * translate), against the catalogues compiled by this build.
 */
static void
test_i18n_window_in_german (void)
{
  BriskWindow *window = brisk_window_new (brisk_ui_test_get_application ());
  GtkWidget *empty_page;
  GtkWidget *sidebar_page;

  gtk_window_present (GTK_WINDOW (window));
  brisk_ui_test_wait_for_frame (GTK_WIDGET (window));

  empty_page = brisk_ui_test_find_descendant (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE,
                                              "empty_conversation_page");
  sidebar_page = brisk_ui_test_find_descendant (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE,
                                                "empty_sidebar_page");
  g_assert_nonnull (empty_page);
  g_assert_nonnull (sidebar_page);

  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (empty_page)), ==,
                   "Unterhaltung beginnen");
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (sidebar_page)), ==,
                   "Keine Unterhaltungen");

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  brisk_ui_test_init (&argc, &argv);

  g_test_add_func ("/i18n/window-in-german", test_i18n_window_in_german);

  return g_test_run ();
}
