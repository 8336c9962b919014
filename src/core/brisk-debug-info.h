/* brisk-debug-info.h
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *brisk_debug_info_collect (const char * const *toolkit_lines);

G_END_DECLS
