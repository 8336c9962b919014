/* brisk-global-shortcut.h
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * BriskGlobalShortcutState:
 * @BRISK_GLOBAL_SHORTCUT_CHECKING: asking the portal
 * @BRISK_GLOBAL_SHORTCUT_BOUND: the portal bound the shortcut (it may have no trigger yet)
 * @BRISK_GLOBAL_SHORTCUT_UNAVAILABLE: there is no GlobalShortcuts portal
 * @BRISK_GLOBAL_SHORTCUT_DECLINED: the user dismissed the portal's dialog, or it failed
 */
typedef enum
{
  BRISK_GLOBAL_SHORTCUT_CHECKING,
  BRISK_GLOBAL_SHORTCUT_BOUND,
  BRISK_GLOBAL_SHORTCUT_UNAVAILABLE,
  BRISK_GLOBAL_SHORTCUT_DECLINED,
} BriskGlobalShortcutState;

#define BRISK_TYPE_GLOBAL_SHORTCUT (brisk_global_shortcut_get_type())

G_DECLARE_FINAL_TYPE (BriskGlobalShortcut, brisk_global_shortcut, BRISK, GLOBAL_SHORTCUT, GObject)

BriskGlobalShortcut      *brisk_global_shortcut_new               (GDBusConnection     *connection,
                                                                   const char          *id,
                                                                   const char          *description,
                                                                   const char          *preferred_trigger);
void                      brisk_global_shortcut_bind              (BriskGlobalShortcut *self);
BriskGlobalShortcutState  brisk_global_shortcut_get_state         (BriskGlobalShortcut *self);
const char               *brisk_global_shortcut_get_trigger       (BriskGlobalShortcut *self);
gboolean                  brisk_global_shortcut_get_can_configure (BriskGlobalShortcut *self);
void                      brisk_global_shortcut_configure         (BriskGlobalShortcut *self,
                                                                   const char          *parent_window);

G_END_DECLS
