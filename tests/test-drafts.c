/* test-drafts.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "brisk-drafts.h"
#include "brisk-test-server.h"

static void
test_drafts_survive_restart (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("brisk-drafts-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "brisk", "drafts.ini", NULL);
  g_autoptr(BriskDrafts) drafts = brisk_drafts_new (path);
  g_autoptr(BriskDrafts) reopened = NULL;
  g_autofree char *first = NULL;
  g_autofree char *fresh = NULL;
  g_autofree char *gone = NULL;
  GStatBuf st;

  brisk_drafts_set (drafts, 12, "Half a question\nwith two lines = and [brackets]");
  brisk_drafts_set (drafts, 0, "For a new conversation");
  brisk_drafts_set (drafts, 13, "Soon gone");
  brisk_drafts_set (drafts, 13, "");
  /* Written within half a second; the last of them when the drafts are dropped. */
  g_clear_object (&drafts);

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  reopened = brisk_drafts_new (path);
  first = brisk_drafts_get (reopened, 12);
  fresh = brisk_drafts_get (reopened, 0);
  gone = brisk_drafts_get (reopened, 13);
  g_assert_cmpstr (first, ==, "Half a question\nwith two lines = and [brackets]");
  g_assert_cmpstr (fresh, ==, "For a new conversation");
  g_assert_null (gone);

  brisk_test_remove_tree (dir);
}

static void
test_drafts_saved_while_typing (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("brisk-drafts-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "drafts.ini", NULL);
  g_autoptr(BriskDrafts) drafts = brisk_drafts_new (path);
  g_autofree char *contents = NULL;

  brisk_drafts_set (drafts, 7, "Typed");
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  /* A crash after this loses nothing: the file follows within the save delay. */
  while (!g_file_test (path, G_FILE_TEST_EXISTS))
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_nonnull (strstr (contents, "Typed"));

  brisk_test_remove_tree (dir);
}

static void
test_drafts_unreadable_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("brisk-drafts-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "drafts.ini", NULL);
  g_autoptr(BriskDrafts) drafts = NULL;
  g_autofree char *draft = NULL;

  g_assert_true (g_file_set_contents (path, "\xff\xfe not a key file", -1, &error));
  g_test_expect_message ("brisk-drafts", G_LOG_LEVEL_WARNING, "Could not read the drafts*");
  drafts = brisk_drafts_new (path);
  g_test_assert_expected_messages ();

  /* Drafts start afresh rather than failing. */
  brisk_drafts_set (drafts, 1, "New text");
  draft = brisk_drafts_get (drafts, 1);
  g_assert_cmpstr (draft, ==, "New text");
  g_assert_true (brisk_drafts_save (drafts, &error));
  g_assert_no_error (error);

  brisk_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/drafts/survive-restart", test_drafts_survive_restart);
  g_test_add_func ("/drafts/saved-while-typing", test_drafts_saved_while_typing);
  g_test_add_func ("/drafts/unreadable-file", test_drafts_unreadable_file);

  return g_test_run ();
}
