/* brisk-quick-ask-window.h
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "brisk-types.h"

G_BEGIN_DECLS

#define BRISK_TYPE_QUICK_ASK_WINDOW (brisk_quick_ask_window_get_type())

G_DECLARE_FINAL_TYPE (BriskQuickAskWindow, brisk_quick_ask_window, BRISK, QUICK_ASK_WINDOW, AdwWindow)

BriskQuickAskWindow *brisk_quick_ask_window_new     (BriskApplication    *application);
void                 brisk_quick_ask_window_summon  (BriskQuickAskWindow *self,
                                                     const char          *question);

G_END_DECLS
