/* brisk-sse-parser.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "brisk-sse-parser"

#include "config.h"

#include <string.h>

#include "brisk-client-error.h"
#include "brisk-sse-parser.h"

/* An incremental Server-Sent Events decoder following the WHATWG EventSource parsing rules.
 * It works on raw bytes, so input may be split anywhere (inside a line, inside a UTF-8
 * sequence, between "\r" and "\n") and the events come out the same. It does no I/O.
 */
struct _BriskSseParser
{
  GString    *line;        /* a line not yet ended by the input seen so far */
  GString    *data;        /* the data lines of the event being read, each followed by "\n" */
  GString    *type;        /* the event type of the event being read */
  /* The value of the event's first data line while it is still in the caller's input and
   * @data is empty. Most events are one data line read whole, handed out from there without
   * a copy; it is copied to @data before the input goes away or a second line joins it.
   */
  const char *pending;
  gsize       pending_len;
  gsize       max_event_bytes;
  gsize       max_stream_bytes;
  guint64     n_bytes;
  guint       checked_bom : 1;
  guint       after_cr : 1; /* the last byte seen was "\r", so a "\n" next ends nothing */
  guint       stopped : 1;
};

BriskSseParser *
brisk_sse_parser_new (gsize max_event_bytes,
                      gsize max_stream_bytes)
{
  BriskSseParser *self = g_new0 (BriskSseParser, 1);

  self->line = g_string_sized_new (256);
  self->data = g_string_sized_new (1024);
  self->type = g_string_new (NULL);
  self->max_event_bytes = max_event_bytes;
  self->max_stream_bytes = max_stream_bytes;

  return self;
}

void
brisk_sse_parser_free (BriskSseParser *self)
{
  if (self == NULL)
    return;

  g_string_free (self->line, TRUE);
  g_string_free (self->data, TRUE);
  g_string_free (self->type, TRUE);
  g_free (self);
}

gboolean
brisk_sse_parser_is_stopped (BriskSseParser *self)
{
  return self->stopped;
}

/**
 * brisk_sse_parser_get_n_bytes:
 *
 * Returns: how many bytes were fed so far
 */
guint64
brisk_sse_parser_get_n_bytes (BriskSseParser *self)
{
  return self->n_bytes;
}

static void
flush_pending (BriskSseParser *self)
{
  if (self->pending == NULL)
    return;

  g_string_append_len (self->data, self->pending, self->pending_len);
  g_string_append_c (self->data, '\n');
  self->pending = NULL;
}

static gboolean
event_too_large (BriskSseParser  *self,
                 GError         **error)
{
  self->pending = NULL;
  g_set_error (error, BRISK_CLIENT_ERROR, BRISK_CLIENT_ERROR_PROTOCOL,
               "The server sent an event larger than %" G_GSIZE_FORMAT " MiB",
               self->max_event_bytes / (1024 * 1024));
  self->stopped = TRUE;
  return FALSE;
}

static void
dispatch (BriskSseParser    *self,
          BriskSseEventFunc  func,
          gpointer           user_data)
{
  /* An event without data lines (a bare "event: ping", a keep-alive) dispatches nothing. */
  if (self->pending != NULL)
    {
      const char *data = g_steal_pointer (&self->pending);

      if (!func (self->type->len > 0 ? self->type->str : "message",
                 data, self->pending_len, user_data))
        self->stopped = TRUE;
    }
  else if (self->data->len > 0)
    {
      /* Drop the "\n" that followed the last data line. */
      g_string_truncate (self->data, self->data->len - 1);
      if (!func (self->type->len > 0 ? self->type->str : "message",
                 self->data->str, self->data->len, user_data))
        self->stopped = TRUE;
    }

  g_string_truncate (self->data, 0);
  g_string_truncate (self->type, 0);
}

static gboolean
process_line (BriskSseParser     *self,
              const char         *line,
              gsize               len,
              gboolean            in_input,
              BriskSseEventFunc   func,
              gpointer            user_data,
              GError            **error)
{
  const char *colon;
  const char *value;
  gsize field_len;
  gsize value_len;

  if (len == 0)
    {
      dispatch (self, func, user_data);
      return TRUE;
    }

  /* Checked here too, not only for lines held across reads: the limit must not depend on
   * where the network split the stream.
   */
  if (len > self->max_event_bytes)
    return event_too_large (self, error);

  if (line[0] == ':')
    return TRUE;

  colon = memchr (line, ':', len);
  if (colon != NULL)
    {
      field_len = colon - line;
      value = colon + 1;
      value_len = len - field_len - 1;
      if (value_len > 0 && value[0] == ' ')
        {
          value++;
          value_len--;
        }
    }
  else
    {
      field_len = len;
      value = line + len;
      value_len = 0;
    }

  if (field_len == 4 && memcmp (line, "data", 4) == 0)
    {
      flush_pending (self);
      if (self->data->len + value_len + 1 > self->max_event_bytes)
        return event_too_large (self, error);
      if (in_input && self->data->len == 0)
        {
          self->pending = value;
          self->pending_len = value_len;
          return TRUE;
        }
      g_string_append_len (self->data, value, value_len);
      g_string_append_c (self->data, '\n');
    }
  else if (field_len == 5 && memcmp (line, "event", 5) == 0)
    {
      g_string_truncate (self->type, 0);
      g_string_append_len (self->type, value, MIN (value_len, 256));
    }

  /* "id", "retry" and unknown fields change nothing a chat stream needs. */

  return TRUE;
}

/**
 * brisk_sse_parser_feed:
 * @self: a #BriskSseParser
 * @bytes: the next bytes of the stream
 * @len: how many
 * @func: called for each complete event
 * @user_data: data for @func
 * @error: set when the stream breaks a limit
 *
 * Returns: %FALSE with @error set when the stream broke a limit; %TRUE otherwise, including
 *   when @func asked to stop
 */
gboolean
brisk_sse_parser_feed (BriskSseParser     *self,
                       const char         *bytes,
                       gsize               len,
                       BriskSseEventFunc   func,
                       gpointer            user_data,
                       GError            **error)
{
  const char *p = bytes;
  const char *end = bytes + len;
  const char *cr = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (bytes != NULL || len == 0, FALSE);

  if (self->stopped)
    return TRUE;

  self->n_bytes += len;
  if (self->n_bytes > self->max_stream_bytes)
    {
      g_set_error (error, BRISK_CLIENT_ERROR, BRISK_CLIENT_ERROR_PROTOCOL,
                   "The reply grew larger than %" G_GSIZE_FORMAT " MiB",
                   self->max_stream_bytes / (1024 * 1024));
      self->stopped = TRUE;
      return FALSE;
    }

  /* The byte order mark may only open the stream, and may itself arrive split. */
  while (!self->checked_bom && p < end)
    {
      static const char bom[] = "\xEF\xBB\xBF";
      gsize seen = self->line->len;

      if ((guchar)*p != (guchar)bom[seen])
        {
          /* Not a BOM after all: what was held back is the start of the first line. */
          self->checked_bom = TRUE;
          break;
        }
      g_string_append_c (self->line, *p++);
      if (self->line->len == 3)
        {
          g_string_truncate (self->line, 0);
          self->checked_bom = TRUE;
        }
    }

  /* Lines end at the first "\n" or "\r". Servers end them with "\n", so the next "\r" is
   * looked for once ahead through the input, and again only once the lines pass it: a stream
   * without any costs one search per read, not one per line.
   */
  if (p < end)
    cr = memchr (p, '\r', end - p);

  while (p < end && !self->stopped)
    {
      const char *eol;

      if (self->after_cr)
        {
          self->after_cr = FALSE;
          if (*p == '\n')
            {
              p++;
              continue;
            }
        }

      /* A blank line ends an event: every other line is one, and it needs no search. */
      if (*p == '\n' && self->line->len == 0)
        {
          dispatch (self, func, user_data);
          p++;
          continue;
        }

      eol = memchr (p, '\n', end - p);
      if (cr != NULL && cr < p)
        cr = memchr (p, '\r', end - p);
      if (cr != NULL && (eol == NULL || cr < eol))
        eol = cr;

      if (eol == NULL)
        {
          if (self->line->len + (end - p) > self->max_event_bytes)
            return event_too_large (self, error);
          g_string_append_len (self->line, p, end - p);
          break;
        }

      if (self->line->len > 0)
        {
          if (self->line->len + (eol - p) > self->max_event_bytes)
            return event_too_large (self, error);
          g_string_append_len (self->line, p, eol - p);
          if (!process_line (self, self->line->str, self->line->len, FALSE, func, user_data,
                             error))
            return FALSE;
          g_string_truncate (self->line, 0);
        }
      else if (!process_line (self, p, eol - p, TRUE, func, user_data, error))
        {
          return FALSE;
        }

      if (*eol == '\r')
        self->after_cr = TRUE;
      p = eol + 1;
    }

  flush_pending (self);
  return TRUE;
}

/**
 * brisk_sse_parser_finish:
 * @self: a #BriskSseParser
 *
 * Ends the stream. The WHATWG rules discard an event not closed by a blank line; Brisk still
 * delivers one whose last line was complete, because sloppy servers end with "data: [DONE]\n"
 * and its JSON is whole. A half-received line is dropped.
 *
 * Returns: %FALSE with @error set when the stream broke a limit
 */
gboolean
brisk_sse_parser_finish (BriskSseParser     *self,
                         BriskSseEventFunc   func,
                         gpointer            user_data,
                         GError            **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (!self->stopped)
    dispatch (self, func, user_data);

  g_string_truncate (self->line, 0);
  self->stopped = TRUE;

  return TRUE;
}
