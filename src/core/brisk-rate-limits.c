/* brisk-rate-limits.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "brisk-rate-limits"

#include "config.h"

#include <string.h>

#include "brisk-rate-limits.h"

G_DEFINE_BOXED_TYPE (BriskRateLimits, brisk_rate_limits,
                     brisk_rate_limits_copy, brisk_rate_limits_free)

BriskRateLimits *
brisk_rate_limits_copy (const BriskRateLimits *limits)
{
  return g_memdup2 (limits, sizeof *limits);
}

void
brisk_rate_limits_free (BriskRateLimits *limits)
{
  g_free (limits);
}

void
brisk_rate_limits_clear (BriskRateLimits *limits)
{
  limits->limit_requests = -1;
  limits->remaining_requests = -1;
  limits->limit_tokens = -1;
  limits->remaining_tokens = -1;
  limits->reset_requests = -1;
  limits->reset_tokens = -1;
  limits->retry_after = -1;
  limits->received_at = 0;
}

static const struct {
  const char *suffix;
  double      seconds;
} duration_units[] = {
  /* Longer suffixes first: "ms" before "m". */
  { "ms", 1e-3 },
  { "us", 1e-6 },
  { "\xC2\xB5s", 1e-6 },
  { "ns", 1e-9 },
  { "h", 3600 },
  { "m", 60 },
  { "s", 1 },
};

/**
 * brisk_parse_duration:
 * @text: a duration such as "2m59.56s", "7.66s", "120ms" or "1h0m5s" (Go's notation, which
 *   Groq's reset headers use), or a bare number of seconds
 * @seconds: (out): the duration in seconds
 *
 * Returns: whether @text was a duration
 */
gboolean
brisk_parse_duration (const char *text,
                      double     *seconds)
{
  const char *p = text;
  double total = 0;
  gboolean any = FALSE;

  if (text == NULL)
    return FALSE;

  while (g_ascii_isspace (*p))
    p++;

  while (*p != '\0' && !g_ascii_isspace (*p))
    {
      char *unit;
      double value;
      guint i;

      if (!g_ascii_isdigit (*p) && *p != '.')
        return FALSE;
      value = g_ascii_strtod (p, &unit);
      if (unit == p || value < 0)
        return FALSE;

      if (*unit == '\0' && !any)
        {
          total = value;
          p = unit;
          any = TRUE;
          break;
        }

      for (i = 0; i < G_N_ELEMENTS (duration_units); i++)
        if (g_str_has_prefix (unit, duration_units[i].suffix))
          break;
      if (i == G_N_ELEMENTS (duration_units))
        return FALSE;

      total += value * duration_units[i].seconds;
      p = unit + strlen (duration_units[i].suffix);
      any = TRUE;
    }

  while (g_ascii_isspace (*p))
    p++;

  if (!any || *p != '\0')
    return FALSE;

  *seconds = total;
  return TRUE;
}

static gint64
parse_count (SoupMessageHeaders *headers,
             const char         *name)
{
  const char *value = soup_message_headers_get_one (headers, name);
  guint64 count;

  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 0, G_MAXINT64, &count, NULL))
    return -1;

  return (gint64)count;
}

static double
parse_reset (SoupMessageHeaders *headers,
             const char         *name)
{
  double seconds;

  if (!brisk_parse_duration (soup_message_headers_get_one (headers, name), &seconds))
    return -1;

  return seconds;
}

/**
 * brisk_parse_retry_after:
 * @now: the time to count an HTTP-date from
 * @seconds: (out): how long the server asked to wait
 *
 * Reads `retry-after-ms`, else `retry-after` as seconds or as an HTTP-date.
 *
 * Returns: whether the server asked for a wait
 */
gboolean
brisk_parse_retry_after (SoupMessageHeaders *headers,
                         GDateTime          *now,
                         double             *seconds)
{
  const char *value;
  double parsed;

  value = soup_message_headers_get_one (headers, "retry-after-ms");
  if (value != NULL)
    {
      char *end;

      parsed = g_ascii_strtod (value, &end);
      if (end != value && *end == '\0' && parsed >= 0)
        {
          *seconds = parsed / 1000.0;
          return TRUE;
        }
    }

  value = soup_message_headers_get_one (headers, "retry-after");
  if (value == NULL)
    return FALSE;

  {
    char *end;

    parsed = g_ascii_strtod (value, &end);
    if (end != value && *end == '\0' && parsed >= 0)
      {
        *seconds = parsed;
        return TRUE;
      }
  }

  {
    g_autoptr(GDateTime) date = soup_date_time_new_from_http_string (value);

    if (date == NULL)
      return FALSE;
    *seconds = MAX (0, g_date_time_difference (date, now) / (double)G_TIME_SPAN_SECOND);
    return TRUE;
  }
}

/**
 * brisk_rate_limits_parse:
 * @limits: where to store what the headers say
 * @headers: response headers
 * @now: the time the response arrived
 *
 * Returns: whether the headers carried any rate-limit information
 */
gboolean
brisk_rate_limits_parse (BriskRateLimits    *limits,
                         SoupMessageHeaders *headers,
                         GDateTime          *now)
{
  brisk_rate_limits_clear (limits);

  limits->limit_requests = parse_count (headers, "x-ratelimit-limit-requests");
  limits->remaining_requests = parse_count (headers, "x-ratelimit-remaining-requests");
  limits->limit_tokens = parse_count (headers, "x-ratelimit-limit-tokens");
  limits->remaining_tokens = parse_count (headers, "x-ratelimit-remaining-tokens");
  limits->reset_requests = parse_reset (headers, "x-ratelimit-reset-requests");
  limits->reset_tokens = parse_reset (headers, "x-ratelimit-reset-tokens");
  if (!brisk_parse_retry_after (headers, now, &limits->retry_after))
    limits->retry_after = -1;

  if (limits->limit_requests < 0 && limits->remaining_requests < 0 &&
      limits->limit_tokens < 0 && limits->remaining_tokens < 0 &&
      limits->reset_requests < 0 && limits->reset_tokens < 0 && limits->retry_after < 0)
    return FALSE;

  limits->received_at = g_date_time_to_unix (now) * G_USEC_PER_SEC +
                        g_date_time_get_microsecond (now);
  return TRUE;
}
