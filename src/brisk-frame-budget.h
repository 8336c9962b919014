/* brisk-frame-budget.h
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

gint64 brisk_frame_budget_get_deadline           (GdkFrameClock *frame_clock);
gint64 brisk_frame_budget_get_time_to_next_frame (GdkFrameClock *frame_clock);

G_END_DECLS
