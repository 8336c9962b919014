/* brisk-types.h
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

typedef struct _BriskApplication       BriskApplication;
typedef struct _BriskPreferencesWindow BriskPreferencesWindow;
typedef struct _BriskProviderRow       BriskProviderRow;
typedef struct _BriskQuickAskWindow    BriskQuickAskWindow;
typedef struct _BriskWelcomePage       BriskWelcomePage;
typedef struct _BriskWindow            BriskWindow;

/* The values of the reasoning-display setting. */
typedef enum
{
  BRISK_REASONING_SHOWN,
  BRISK_REASONING_COLLAPSED,
  BRISK_REASONING_HIDDEN,
} BriskReasoningDisplay;

/* The values of the send-key setting. */
typedef enum
{
  BRISK_SEND_WITH_ENTER,
  BRISK_SEND_WITH_CTRL_ENTER,
} BriskSendKey;

/* The values of the quick-ask-save setting. */
typedef enum
{
  BRISK_QUICK_ASK_SAVE_ALWAYS,
  BRISK_QUICK_ASK_SAVE_NEVER,
  BRISK_QUICK_ASK_SAVE_WHEN_OPENED,
} BriskQuickAskSave;

G_END_DECLS
