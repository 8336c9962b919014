/* brisk-rate-limits.h
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/**
 * BriskRateLimits:
 * @limit_requests: requests allowed per day, or -1 when not reported
 * @remaining_requests: requests left today, or -1
 * @limit_tokens: tokens allowed per minute, or -1
 * @remaining_tokens: tokens left this minute, or -1
 * @reset_requests: seconds until the request limit resets, or -1
 * @reset_tokens: seconds until the token limit resets, or -1
 * @retry_after: seconds the server asked to wait before retrying, or -1
 * @received_at: wall-clock time (µs since the epoch) the headers arrived, or 0 when none have
 *
 * What Groq's `x-ratelimit-*` and `retry-after` headers said in the latest response.
 */
typedef struct
{
  gint64 limit_requests;
  gint64 remaining_requests;
  gint64 limit_tokens;
  gint64 remaining_tokens;
  double reset_requests;
  double reset_tokens;
  double retry_after;
  gint64 received_at;
} BriskRateLimits;

#define BRISK_TYPE_RATE_LIMITS (brisk_rate_limits_get_type ())

GType            brisk_rate_limits_get_type    (void) G_GNUC_CONST;
BriskRateLimits *brisk_rate_limits_copy        (const BriskRateLimits   *limits);
void             brisk_rate_limits_free        (BriskRateLimits         *limits);
void             brisk_rate_limits_clear       (BriskRateLimits         *limits);
gboolean         brisk_rate_limits_parse       (BriskRateLimits         *limits,
                                                SoupMessageHeaders      *headers,
                                                GDateTime               *now);
gboolean         brisk_parse_duration          (const char              *text,
                                                double                  *seconds);
gboolean         brisk_parse_retry_after       (SoupMessageHeaders      *headers,
                                                GDateTime               *now,
                                                double                  *seconds);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BriskRateLimits, brisk_rate_limits_free)

G_END_DECLS
