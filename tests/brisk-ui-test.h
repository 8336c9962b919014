/* brisk-ui-test.h
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "brisk-application.h"

G_BEGIN_DECLS

void              brisk_ui_test_init                   (int          *argc,
                                                        char       ***argv);
BriskApplication *brisk_ui_test_get_application        (void);
void              brisk_ui_test_wait_for_frame         (GtkWidget    *widget);
void              brisk_ui_test_close_window           (GtkWindow    *window,
                                                        const char   *action_name);
typedef gboolean (*BriskUiTestMatches) (GtkWidget *widget,
                                        gpointer   data);

GtkWidget        *brisk_ui_test_find_matching          (GtkWidget          *root,
                                                        BriskUiTestMatches  matches,
                                                        gpointer            data);
GtkWidget        *brisk_ui_test_find_descendant        (GtkWidget    *root,
                                                        GType         type,
                                                        const char   *id);
GtkWindow        *brisk_ui_test_find_window            (GType         type);
GtkWidget        *brisk_ui_test_find                   (gpointer      root,
                                                        const char   *id);
GTestDBus        *brisk_ui_test_start_private_bus      (void);
void              brisk_ui_test_stop_private_bus       (GTestDBus    *bus);
GDBusConnection  *brisk_ui_test_connect_session_bus    (void);
guint             brisk_ui_test_wait_begin             (const char   *what);
void              brisk_ui_test_wait_end               (guint         wait_id);

/* Iterates the main loop until @condition holds, failing the test after a generous limit. */
#define BRISK_UI_TEST_WAIT_UNTIL(condition, what)              \
  G_STMT_START {                                             \
    guint wait_id_ = brisk_ui_test_wait_begin (what);        \
    while (!(condition))                                     \
      g_main_context_iteration (NULL, TRUE);                 \
    brisk_ui_test_wait_end (wait_id_);                       \
  } G_STMT_END

G_END_DECLS
