/* brisk-ask.h
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit statuses of `brisk --ask`, one per kind of failure so scripts can tell them apart.
 * They are documented in --help and the README: never renumber them.
 */
typedef enum
{
  BRISK_ASK_EXIT_FAILURE = 1,
  BRISK_ASK_EXIT_USAGE = 2,
  BRISK_ASK_EXIT_INVALID_KEY = 3,
  BRISK_ASK_EXIT_FORBIDDEN = 4,
  BRISK_ASK_EXIT_MODEL_NOT_FOUND = 5,
  BRISK_ASK_EXIT_MODEL_DECOMMISSIONED = 6,
  BRISK_ASK_EXIT_REQUEST_TOO_LARGE = 7,
  BRISK_ASK_EXIT_RATE_LIMITED = 8,
  BRISK_ASK_EXIT_CAPACITY = 9,
  BRISK_ASK_EXIT_BAD_REQUEST = 10,
  BRISK_ASK_EXIT_SERVER = 11,
  BRISK_ASK_EXIT_NETWORK = 12,
  BRISK_ASK_EXIT_TLS = 13,
  BRISK_ASK_EXIT_TIMEOUT = 14,
  BRISK_ASK_EXIT_PROTOCOL = 15,
  BRISK_ASK_EXIT_STREAM = 16,
  BRISK_ASK_EXIT_INSECURE = 17,
  BRISK_ASK_EXIT_CANCELLED = 130,
} BriskAskExit;

gboolean brisk_ask_wants_command_line (int    argc,
                                       char **argv);
int      brisk_ask_main               (int    argc,
                                       char **argv);

G_END_DECLS
