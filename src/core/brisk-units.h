/* brisk-units.h
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean     brisk_units_convert     (double       value,
                                      const char  *from,
                                      const char  *to,
                                      double      *result,
                                      GError     **error);
char        *brisk_units_list_known  (void);

G_END_DECLS
