/* brisk-frame-budget.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "brisk-frame-budget.h"

/* What work that can wait for later frames may take of a frame, all of it together: older
 * messages joining the top of a conversation, and messages rendering their text as they near
 * the view. Each had a budget of its own, and in a fast scroll both spent theirs in the same
 * frames, on top of the frame's own layout and painting.
 */
#define BUDGET_US 6000

/**
 * brisk_frame_budget_get_deadline:
 * @frame_clock: the clock of the frame being made
 *
 * The first caller in a frame starts the budget; later callers in the same frame share what is
 * left of it. Work that asks should stop once the deadline passes, and go on in the next frame.
 *
 * Returns: the deadline, in monotonic microseconds
 */
gint64
brisk_frame_budget_get_deadline (GdkFrameClock *frame_clock)
{
  static gint64 budget_frame = -1;
  static gint64 deadline;

  if (gdk_frame_clock_get_frame_counter (frame_clock) != budget_frame)
    {
      budget_frame = gdk_frame_clock_get_frame_counter (frame_clock);
      deadline = g_get_monotonic_time () + BUDGET_US;
    }

  return deadline;
}

/**
 * brisk_frame_budget_get_time_to_next_frame:
 * @frame_clock: (nullable): the clock of a window
 *
 * For work between frames that is better done early in the gap between two frames than late
 * in it, where it would hold the next frame up.
 *
 * Returns: how long until the window starts its next frame, in microseconds, while it draws
 *   frame after frame; -1 when it does not
 */
gint64
brisk_frame_budget_get_time_to_next_frame (GdkFrameClock *frame_clock)
{
  GdkFrameTimings *timings = frame_clock != NULL ? gdk_frame_clock_get_current_timings (frame_clock)
                                                 : NULL;
  gint64 now = g_get_monotonic_time ();
  gint64 interval;
  gint64 next;

  if (timings == NULL)
    return -1;

  interval = gdk_frame_timings_get_refresh_interval (timings);
  if (interval <= 0)
    interval = G_USEC_PER_SEC / 60;
  next = gdk_frame_timings_get_frame_time (timings) + interval;

  /* A frame more than a refresh period overdue: the window has stopped drawing. */
  return next + interval < now ? -1 : MAX (0, next - now);
}
