/* brisk-application-private.h
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "brisk-application.h"

G_BEGIN_DECLS

typedef struct
{
  const char *action_name;
  const char *accels[3];
} BriskAccelEntry;

const BriskAccelEntry *_brisk_application_get_accels       (guint            *n_entries);
void                   _brisk_application_install_actions  (BriskApplication *self);
char                  *_brisk_application_build_debug_info (void);

G_END_DECLS
