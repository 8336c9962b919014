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
typedef struct _BriskWelcomePage       BriskWelcomePage;
typedef struct _BriskWindow            BriskWindow;

G_END_DECLS
