/* brisk-preferences-window.h
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "brisk-types.h"

G_BEGIN_DECLS

#define BRISK_TYPE_PREFERENCES_WINDOW (brisk_preferences_window_get_type())

G_DECLARE_FINAL_TYPE (BriskPreferencesWindow, brisk_preferences_window, BRISK, PREFERENCES_WINDOW, AdwPreferencesWindow)

BriskPreferencesWindow *brisk_preferences_window_new     (BriskApplication *application,
                                                          GtkWindow        *parent);
AdwMessageDialog       *brisk_preferences_window_confirm (GtkWidget        *widget,
                                                          const char       *body,
                                                          const char       *confirm_label,
                                                          GCallback         confirmed,
                                                          gpointer          instance);
void                    brisk_preferences_window_toast   (GtkWidget        *widget,
                                                          const char       *message);

G_END_DECLS
