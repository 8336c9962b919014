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
GtkWidget        *brisk_ui_test_find_descendant        (GtkWidget    *root,
                                                        GType         type,
                                                        const char   *id);
GtkWindow        *brisk_ui_test_find_window            (GType         type);

G_END_DECLS
