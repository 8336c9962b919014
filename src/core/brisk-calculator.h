/* brisk-calculator.h
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define BRISK_CALCULATOR_MAX_LENGTH 1000

gboolean brisk_calculator_evaluate (const char  *expression,
                                    double      *result,
                                    GError     **error);
char    *brisk_calculator_format   (double       value);

G_END_DECLS
