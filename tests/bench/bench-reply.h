/* bench-reply.h
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

GPtrArray *bench_reply_generate (guint   n_tokens,
                                 guint  *n_code_blocks,
                                 char  **text);

G_END_DECLS
