/* fuzz-stream.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A libFuzzer target over the path every streamed reply takes: the bytes of the response body
 * go through BriskSseParser, each event through BriskChunkDecoder, and the pending deltas are
 * taken after every read, as brisk-client.c does. Built by build-aux/fuzz.sh.
 *
 * Input layout: three control bytes, then the response body.
 *
 *   byte 0, bits 0-1  how the body is cut into slices:
 *                       0  1-byte slices
 *                       1  slices of (byte 1 + 1) bytes
 *                       2  pseudo-random slices of 1 to (byte 1 + 1) bytes
 *                       3  pseudo-random slices of 0 to byte 1 bytes, empty feeds included
 *   byte 0, bit 2     tight limits: events of at most 16 × (byte 2 + 1) bytes and a stream of
 *                     at most four times that; otherwise 64 KiB and 1 MiB
 *   bytes 0-2         also seed the pseudo-random slice lengths
 *
 * Besides what the sanitizers catch, it aborts when an invariant breaks:
 *   - every text handed out (content, reasoning, tool call names and arguments) is valid
 *     UTF-8 without NUL bytes;
 *   - the event callback gets NUL-terminated data within the event limit, and is never called
 *     again after it asked to stop;
 *   - the chunk decoder stops (returns FALSE) exactly when it is done or sets an error;
 *   - decoding the body fed in one slice and fed in the chosen slices gives the same events,
 *     text, finish reason, tool calls, usage, ids and error: the split points of the network
 *     reads must not matter. (Skipped when the body exceeds the stream limit, because how much
 *     is decoded before that limit trips depends on the read sizes by design.)
 *   - GLib criticals and warnings are fatal.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "brisk-chunk-decoder.h"
#include "brisk-client-error.h"
#include "brisk-sse-parser.h"

#define HEADER_LEN 3

typedef struct
{
  guint   split_mode;
  guint   slice_param;
  gsize   max_event_bytes;
  gsize   max_stream_bytes;
  guint32 seed;
} FuzzParams;

typedef struct
{
  const FuzzParams *params;
  BriskSseParser    *parser;
  BriskChunkDecoder *decoder;
  GString           *events;        /* every event seen, as "type\0length\0data\0" */
  guint              n_events;
  gboolean           callback_stopped;
  GError            *error;         /* the first error of the parser or the decoder */

  /* What was taken out of the decoder */
  GString           *content;
  GString           *reasoning;
  guint              n_tool_call_changes;
} Outcome;

G_GNUC_NORETURN G_GNUC_PRINTF (1, 2) static void
fail_invariant (const char *format,
                ...)
{
  va_list args;

  fputs ("fuzz-stream: invariant broken: ", stderr);
  va_start (args, format);
  vfprintf (stderr, format, args);
  va_end (args);
  fputc ('\n', stderr);
  abort ();
}

static void
check_text (const char *what,
            const char *text,
            gsize       len)
{
  const char *invalid = NULL;

  if (memchr (text, '\0', len) != NULL)
    fail_invariant ("%s contains a NUL byte", what);
  if (!g_utf8_validate_len (text, len, &invalid))
    fail_invariant ("%s is not valid UTF-8 (at byte %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT ")",
                    what, (gsize)(invalid - text), len);
  if (text[len] != '\0')
    fail_invariant ("%s is not NUL-terminated", what);
}

static void
check_optional_string (const char *what,
                       const char *text)
{
  if (text != NULL)
    check_text (what, text, strlen (text));
}

static gboolean
event_cb (const char *type,
          const char *data,
          gsize       data_len,
          gpointer    user_data)
{
  Outcome *out = user_data;
  g_autoptr(GError) error = NULL;
  gboolean go_on;

  if (out->callback_stopped)
    fail_invariant ("the SSE parser dispatched an event after the callback asked it to stop");
  if (type == NULL || data == NULL)
    fail_invariant ("the SSE parser dispatched a NULL type or data");
  if (data_len > out->params->max_event_bytes)
    fail_invariant ("an event of %" G_GSIZE_FORMAT " bytes passed the %" G_GSIZE_FORMAT
                    "-byte limit", data_len, out->params->max_event_bytes);
  if (strlen (type) > 256)
    fail_invariant ("an event type longer than 256 bytes");

  out->n_events++;
  g_string_append (out->events, type);
  g_string_append_c (out->events, '\0');
  g_string_append_printf (out->events, "%" G_GSIZE_FORMAT, data_len);
  g_string_append_c (out->events, '\0');
  g_string_append_len (out->events, data, data_len);
  g_string_append_c (out->events, '\0');

  go_on = brisk_chunk_decoder_feed (out->decoder, type, data, data_len, &error);

  if (go_on && error != NULL)
    fail_invariant ("the chunk decoder set an error but asked for more");
  if (!go_on && error == NULL && !brisk_chunk_decoder_is_done (out->decoder))
    fail_invariant ("the chunk decoder stopped without an error before it was done");

  if (error != NULL && out->error == NULL)
    out->error = g_steal_pointer (&error);

  if (!go_on)
    out->callback_stopped = TRUE;

  return go_on;
}

/* Takes the pending deltas, as _brisk_chat_stream_emit_deltas() does after every read. */
static void
drain (Outcome *out)
{
  GString *pending;

  pending = brisk_chunk_decoder_get_pending (out->decoder, BRISK_DELTA_REASONING);
  check_text ("pending reasoning", pending->str, pending->len);
  g_string_append_len (out->reasoning, pending->str, pending->len);
  g_string_truncate (pending, 0);

  pending = brisk_chunk_decoder_get_pending (out->decoder, BRISK_DELTA_CONTENT);
  check_text ("pending content", pending->str, pending->len);
  g_string_append_len (out->content, pending->str, pending->len);
  g_string_truncate (pending, 0);

  if (brisk_chunk_decoder_take_tool_calls_changed (out->decoder))
    {
      GPtrArray *calls = brisk_chunk_decoder_get_tool_calls (out->decoder);

      out->n_tool_call_changes++;
      for (guint i = 0; i < calls->len; i++)
        {
          BriskToolCall *call = g_ptr_array_index (calls, i);
          g_autoptr(BriskToolCall) copy = NULL;

          check_optional_string ("a tool call id", call->id);
          check_optional_string ("a tool call type", call->type);
          check_optional_string ("a tool call name", call->name);
          check_text ("tool call arguments", call->arguments->str, call->arguments->len);

          /* What the stream hands on to the UI is a copy. */
          copy = brisk_tool_call_copy (call);
          if (g_strcmp0 (copy->name, call->name) != 0 ||
              !g_string_equal (copy->arguments, call->arguments))
            fail_invariant ("brisk_tool_call_copy() changed a tool call");
        }

      if (brisk_chunk_decoder_take_tool_calls_changed (out->decoder))
        fail_invariant ("take_tool_calls_changed() did not clear the flag");
    }
}

static guint32
next_random (guint32 *state)
{
  guint32 x = *state;

  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  *state = x;
  return x;
}

static gsize
next_slice_len (const FuzzParams *params,
                guint32          *state)
{
  switch (params->split_mode)
    {
    case 0:
      return 1;
    case 1:
      return params->slice_param + 1;
    case 2:
      return 1 + next_random (state) % (params->slice_param + 1);
    case 3:
    default:
      return next_random (state) % (params->slice_param + 1);
    }
}

static void
decode (const FuzzParams *params,
        const char       *body,
        gsize             len,
        gboolean          split,
        Outcome          *out)
{
  guint32 state = params->seed;
  gsize offset = 0;
  guint n_feeds = 0;

  out->params = params;
  out->parser = brisk_sse_parser_new (params->max_event_bytes, params->max_stream_bytes);
  out->decoder = brisk_chunk_decoder_new ();
  out->events = g_string_new (NULL);
  out->content = g_string_new (NULL);
  out->reasoning = g_string_new (NULL);

  /* The loop runs at least once, so an empty body is fed too. */
  do
    {
      gsize slice = split ? next_slice_len (params, &state) : len;
      g_autoptr(GError) error = NULL;
      gboolean ok;

      slice = MIN (slice, len - offset);

      /* Mode 3 may produce empty slices forever; bound the empty feeds. */
      if (slice == 0 && ++n_feeds > len + 16)
        slice = 1;

      ok = brisk_sse_parser_feed (out->parser, body + offset, slice, event_cb, out, &error);
      if (ok != (error == NULL))
        fail_invariant ("brisk_sse_parser_feed() returned %d with error %p", ok, (void *)error);
      if (!ok && !brisk_sse_parser_is_stopped (out->parser))
        fail_invariant ("brisk_sse_parser_feed() failed but is not stopped");
      if (error != NULL && out->error == NULL)
        out->error = g_steal_pointer (&error);

      offset += slice;
      drain (out);

      if (brisk_sse_parser_is_stopped (out->parser))
        break;
    }
  while (offset < len);

  if (brisk_sse_parser_get_n_bytes (out->parser) > len)
    fail_invariant ("the parser counted more bytes than it was fed");

  {
    g_autoptr(GError) error = NULL;

    if (!brisk_sse_parser_finish (out->parser, event_cb, out, &error))
      {
        if (error == NULL)
          fail_invariant ("brisk_sse_parser_finish() failed without an error");
        if (out->error == NULL)
          out->error = g_steal_pointer (&error);
      }
  }
  if (!brisk_sse_parser_is_stopped (out->parser))
    fail_invariant ("the parser is not stopped after brisk_sse_parser_finish()");

  brisk_chunk_decoder_finish (out->decoder);
  drain (out);

  /* Finishing again hands out nothing new. */
  brisk_chunk_decoder_finish (out->decoder);
  if (brisk_chunk_decoder_get_pending (out->decoder, BRISK_DELTA_CONTENT)->len != 0 ||
      brisk_chunk_decoder_get_pending (out->decoder, BRISK_DELTA_REASONING)->len != 0)
    fail_invariant ("a second brisk_chunk_decoder_finish() produced text");

  if (!brisk_chunk_decoder_has_output (out->decoder) &&
      (out->content->len > 0 || out->reasoning->len > 0 || out->n_tool_call_changes > 0))
    fail_invariant ("text or tool calls came out, but has_output() is FALSE");

  check_optional_string ("the finish reason", brisk_chunk_decoder_get_finish_reason (out->decoder));
  check_optional_string ("the request id", brisk_chunk_decoder_get_request_id (out->decoder));
  check_optional_string ("the completion id", brisk_chunk_decoder_get_completion_id (out->decoder));
  check_optional_string ("the model", brisk_chunk_decoder_get_model (out->decoder));
  check_optional_string ("the error code", brisk_chunk_decoder_get_error_code (out->decoder));
  check_optional_string ("the failed generation",
                         brisk_chunk_decoder_get_failed_generation (out->decoder));
  if (out->error != NULL)
    check_optional_string ("the error message", out->error->message);
}

static void
outcome_clear (Outcome *out)
{
  g_clear_pointer (&out->parser, brisk_sse_parser_free);
  g_clear_pointer (&out->decoder, brisk_chunk_decoder_free);
  g_string_free (out->events, TRUE);
  g_string_free (out->content, TRUE);
  g_string_free (out->reasoning, TRUE);
  g_clear_error (&out->error);
}

static void
compare_string (const char *what,
                const char *whole,
                const char *split)
{
  if (g_strcmp0 (whole, split) != 0)
    fail_invariant ("split-point dependence: %s is \"%s\" fed whole but \"%s\" fed in slices",
                    what, whole ? whole : "(null)", split ? split : "(null)");
}

static void
compare_gstring (const char    *what,
                 const GString *whole,
                 const GString *split)
{
  if (!g_string_equal (whole, split))
    fail_invariant ("split-point dependence: %s differs (%" G_GSIZE_FORMAT " bytes fed whole, "
                    "%" G_GSIZE_FORMAT " bytes fed in slices)", what, whole->len, split->len);
}

static void
compare_outcomes (const Outcome *whole,
                  const Outcome *split)
{
  BriskChunkDecoder *a = whole->decoder;
  BriskChunkDecoder *b = split->decoder;
  GPtrArray *calls_a = brisk_chunk_decoder_get_tool_calls (a);
  GPtrArray *calls_b = brisk_chunk_decoder_get_tool_calls (b);

  if (whole->n_events != split->n_events)
    fail_invariant ("split-point dependence: %u events fed whole, %u fed in slices",
                    whole->n_events, split->n_events);
  compare_gstring ("the events", whole->events, split->events);
  compare_gstring ("the content", whole->content, split->content);
  compare_gstring ("the reasoning", whole->reasoning, split->reasoning);

  if ((whole->error == NULL) != (split->error == NULL))
    fail_invariant ("split-point dependence: error \"%s\" fed whole, \"%s\" fed in slices",
                    whole->error ? whole->error->message : "(none)",
                    split->error ? split->error->message : "(none)");
  if (whole->error != NULL)
    {
      if (whole->error->domain != split->error->domain ||
          whole->error->code != split->error->code)
        fail_invariant ("split-point dependence: error code %d fed whole, %d fed in slices",
                        whole->error->code, split->error->code);
      compare_string ("the error message", whole->error->message, split->error->message);
    }

  compare_string ("the finish reason", brisk_chunk_decoder_get_finish_reason (a),
                  brisk_chunk_decoder_get_finish_reason (b));
  compare_string ("the request id", brisk_chunk_decoder_get_request_id (a),
                  brisk_chunk_decoder_get_request_id (b));
  compare_string ("the completion id", brisk_chunk_decoder_get_completion_id (a),
                  brisk_chunk_decoder_get_completion_id (b));
  compare_string ("the model", brisk_chunk_decoder_get_model (a),
                  brisk_chunk_decoder_get_model (b));
  compare_string ("the error code", brisk_chunk_decoder_get_error_code (a),
                  brisk_chunk_decoder_get_error_code (b));
  compare_string ("the failed generation", brisk_chunk_decoder_get_failed_generation (a),
                  brisk_chunk_decoder_get_failed_generation (b));

  /* Bitwise: a JSON number never decodes to NaN, and -0.0 must stay -0.0. */
  if (memcmp (brisk_chunk_decoder_get_usage (a), brisk_chunk_decoder_get_usage (b),
              sizeof (BriskUsage)) != 0)
    fail_invariant ("split-point dependence: the usage differs");

  if (brisk_chunk_decoder_is_done (a) != brisk_chunk_decoder_is_done (b))
    fail_invariant ("split-point dependence: is_done() differs");
  if (brisk_chunk_decoder_has_output (a) != brisk_chunk_decoder_has_output (b))
    fail_invariant ("split-point dependence: has_output() differs");
  if (brisk_chunk_decoder_get_n_malformed (a) != brisk_chunk_decoder_get_n_malformed (b))
    fail_invariant ("split-point dependence: %u malformed chunks fed whole, %u fed in slices",
                    brisk_chunk_decoder_get_n_malformed (a),
                    brisk_chunk_decoder_get_n_malformed (b));

  if (calls_a->len != calls_b->len)
    fail_invariant ("split-point dependence: %u tool calls fed whole, %u fed in slices",
                    calls_a->len, calls_b->len);
  for (guint i = 0; i < calls_a->len; i++)
    {
      BriskToolCall *call_a = g_ptr_array_index (calls_a, i);
      BriskToolCall *call_b = g_ptr_array_index (calls_b, i);

      compare_string ("a tool call id", call_a->id, call_b->id);
      compare_string ("a tool call type", call_a->type, call_b->type);
      compare_string ("a tool call name", call_a->name, call_b->name);
      compare_gstring ("a tool call's arguments", call_a->arguments, call_b->arguments);
      if (call_a->index != call_b->index)
        fail_invariant ("split-point dependence: a tool call index differs");
    }
}

int LLVMFuzzerInitialize (int    *argc,
                          char ***argv);
int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  /* A g_return_if_fail() or a "GError set over the top of a previous GError" is a bug too. */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);

  /* Create the error quark up front, so its one-time allocation is not charged to an input. */
  (void)brisk_client_error_quark ();

  return 0;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  FuzzParams params;
  Outcome whole = { 0 };
  Outcome split = { 0 };
  const char *body;
  gsize len;

  if (size < HEADER_LEN)
    return 0;

  params.split_mode = data[0] & 3;
  params.slice_param = data[1];
  if (data[0] & 4)
    {
      params.max_event_bytes = 16 * ((gsize)data[2] + 1);
      params.max_stream_bytes = 4 * params.max_event_bytes;
    }
  else
    {
      params.max_event_bytes = 64 * 1024;
      params.max_stream_bytes = 1024 * 1024;
    }
  params.seed = (((guint32)data[0] << 16) | ((guint32)data[1] << 8) | data[2]) ^ 0x9E3779B9u;
  if (params.seed == 0)
    params.seed = 1;

  body = (const char *)data + HEADER_LEN;
  len = size - HEADER_LEN;

  decode (&params, body, len, FALSE, &whole);
  decode (&params, body, len, TRUE, &split);

  if (len <= params.max_stream_bytes)
    compare_outcomes (&whole, &split);

  outcome_clear (&whole);
  outcome_clear (&split);

  return 0;
}
