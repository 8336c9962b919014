/* brisk-executed-tools.h
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "brisk-types.h"

G_BEGIN_DECLS

#define BRISK_TYPE_EXECUTED_TOOLS (brisk_executed_tools_get_type())

G_DECLARE_FINAL_TYPE (BriskExecutedTools, brisk_executed_tools, BRISK, EXECUTED_TOOLS, GtkWidget)

GtkWidget *brisk_executed_tools_new      (void);
void       brisk_executed_tools_set_json (BriskExecutedTools *self,
                                          const char         *json);

G_END_DECLS
