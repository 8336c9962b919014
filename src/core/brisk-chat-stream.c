/* brisk-chat-stream.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "brisk-chat-stream"

#include "config.h"

#include "brisk-chat-stream-private.h"
#include "brisk-core-enums.h"

/* One reply as it streams in. BriskClient fills it; listeners get the text through ::delta,
 * coalesced per read of the network (hundreds of tokens at Groq's speeds), and read what the
 * server said about the reply from the properties when it ends. The stream keeps no copy of
 * the text, so its memory does not grow with the reply: whoever shows or stores the text
 * keeps it.
 */
struct _BriskChatStream
{
  GObject           parent_instance;

  BriskChatRequest *request;
  GError           *error;
  char             *finish_reason;
  char             *request_id;
  char             *model;
  char             *failed_generation;
  GPtrArray        *tool_calls;
  char             *executed_tools;
  BriskUsage        usage;
  BriskRateLimits   rate_limits;
  gint64            started_at;
  gint64            first_delta_at;
  gint64            ended_at;
  guint64           n_bytes;
  guint             n_attempts;
  BriskReplyStatus  status;
};

G_DEFINE_FINAL_TYPE (BriskChatStream, brisk_chat_stream, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATUS,
  N_PROPS
};

enum {
  DELTA,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/**
 * brisk_chat_stream_new:
 * @request: what to ask
 *
 * Returns: (transfer full): a stream to pass to brisk_client_stream_chat_async()
 */
BriskChatStream *
brisk_chat_stream_new (BriskChatRequest *request)
{
  BriskChatStream *self;

  g_return_val_if_fail (request != NULL, NULL);

  self = g_object_new (BRISK_TYPE_CHAT_STREAM, NULL);
  self->request = brisk_chat_request_ref (request);

  return self;
}

static void
brisk_chat_stream_finalize (GObject *object)
{
  BriskChatStream *self = (BriskChatStream *)object;

  g_clear_pointer (&self->request, brisk_chat_request_unref);
  g_clear_error (&self->error);
  g_free (self->finish_reason);
  g_free (self->request_id);
  g_free (self->model);
  g_free (self->failed_generation);
  g_clear_pointer (&self->tool_calls, g_ptr_array_unref);
  g_free (self->executed_tools);

  G_OBJECT_CLASS (brisk_chat_stream_parent_class)->finalize (object);
}

static void
brisk_chat_stream_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  BriskChatStream *self = BRISK_CHAT_STREAM (object);

  switch (prop_id)
    {
    case PROP_STATUS:
      g_value_set_enum (value, brisk_chat_stream_get_status (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
brisk_chat_stream_class_init (BriskChatStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = brisk_chat_stream_finalize;
  object_class->get_property = brisk_chat_stream_get_property;

  /**
   * BriskChatStream:status:
   *
   * Streaming until the reply ends, then how it ended.
   */
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL,
                       BRISK_TYPE_REPLY_STATUS,
                       BRISK_REPLY_STATUS_STREAMING,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BriskChatStream::delta:
   * @self: the stream
   * @kind: what changed
   * @text: (nullable): the new text, or %NULL for %BRISK_DELTA_TOOL_CALLS (read them with
   *   brisk_chat_stream_get_tool_calls())
   *
   * New text or tool calls arrived. Within one emission's batch, reasoning comes before the
   * answer text.
   */
  signals[DELTA] =
    g_signal_new ("delta",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 2,
                  BRISK_TYPE_DELTA_KIND,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
brisk_chat_stream_init (BriskChatStream *self)
{
  brisk_usage_clear (&self->usage);
  brisk_rate_limits_clear (&self->rate_limits);
  self->tool_calls = g_ptr_array_new_with_free_func ((GDestroyNotify)brisk_tool_call_free);
  self->first_delta_at = -1;
  self->status = BRISK_REPLY_STATUS_STREAMING;
}

/**
 * brisk_chat_stream_get_request:
 *
 * Returns: (transfer none): what was asked
 */
BriskChatRequest *
brisk_chat_stream_get_request (BriskChatStream *self)
{
  g_return_val_if_fail (BRISK_IS_CHAT_STREAM (self), NULL);

  return self->request;
}

BriskReplyStatus
brisk_chat_stream_get_status (BriskChatStream *self)
{
  g_return_val_if_fail (BRISK_IS_CHAT_STREAM (self), BRISK_REPLY_STATUS_FAILED);

  return self->status;
}

/**
 * brisk_chat_stream_get_error:
 *
 * Returns: (nullable): why the reply is not complete, once it ended
 */
const GError *
brisk_chat_stream_get_error (BriskChatStream *self)
{
  g_return_val_if_fail (BRISK_IS_CHAT_STREAM (self), NULL);

  return self->error;
}

/**
 * brisk_chat_stream_get_finish_reason:
 *
 * Returns: (nullable): "stop", "length", "tool_calls", "content_filter"…, or %NULL when the
 *   server never said
 */
const char *
brisk_chat_stream_get_finish_reason (BriskChatStream *self)
{
  g_return_val_if_fail (BRISK_IS_CHAT_STREAM (self), NULL);

  return self->finish_reason;
}

/**
 * brisk_chat_stream_get_request_id:
 *
 * Returns: (nullable): Groq's request id (x_groq.id, else the x-request-id header)
 */
const char *
brisk_chat_stream_get_request_id (BriskChatStream *self)
{
  g_return_val_if_fail (BRISK_IS_CHAT_STREAM (self), NULL);

  return self->request_id;
}

/**
 * brisk_chat_stream_get_model:
 *
 * Returns: (nullable): the model that answered, as the server named it
 */
const char *
brisk_chat_stream_get_model (BriskChatStream *self)
{
  g_return_val_if_fail (BRISK_IS_CHAT_STREAM (self), NULL);

  return self->model;
}

const BriskUsage *
brisk_chat_stream_get_usage (BriskChatStream *self)
{
  g_return_val_if_fail (BRISK_IS_CHAT_STREAM (self), NULL);

  return &self->usage;
}

const BriskRateLimits *
brisk_chat_stream_get_rate_limits (BriskChatStream *self)
{
  g_return_val_if_fail (BRISK_IS_CHAT_STREAM (self), NULL);

  return &self->rate_limits;
}

/**
 * brisk_chat_stream_get_tool_calls:
 *
 * Returns: (transfer none) (element-type BriskToolCall): the tool calls so far
 */
GPtrArray *
brisk_chat_stream_get_tool_calls (BriskChatStream *self)
{
  g_return_val_if_fail (BRISK_IS_CHAT_STREAM (self), NULL);

  return self->tool_calls;
}

/**
 * brisk_chat_stream_get_executed_tools:
 *
 * Returns: (nullable): the tools a compound system ran (web searches, code execution) as
 *   Groq reported them, a JSON array; %NULL when none were reported or the reply has not ended
 */
const char *
brisk_chat_stream_get_executed_tools (BriskChatStream *self)
{
  g_return_val_if_fail (BRISK_IS_CHAT_STREAM (self), NULL);

  return self->executed_tools;
}

/**
 * brisk_chat_stream_get_failed_generation:
 *
 * Returns: (nullable): what the model produced when Groq refused it (`tool_use_failed`,
 *   `json_validate_failed`)
 */
const char *
brisk_chat_stream_get_failed_generation (BriskChatStream *self)
{
  g_return_val_if_fail (BRISK_IS_CHAT_STREAM (self), NULL);

  return self->failed_generation;
}

/**
 * brisk_chat_stream_get_time_to_first_delta:
 *
 * Returns: seconds from sending the request to the first text, or -1
 */
double
brisk_chat_stream_get_time_to_first_delta (BriskChatStream *self)
{
  g_return_val_if_fail (BRISK_IS_CHAT_STREAM (self), -1);

  if (self->first_delta_at < 0)
    return -1;

  return (self->first_delta_at - self->started_at) / (double)G_USEC_PER_SEC;
}

/**
 * brisk_chat_stream_get_duration:
 *
 * Returns: seconds from sending the request to the end of the reply (or now, while it
 *   streams)
 */
double
brisk_chat_stream_get_duration (BriskChatStream *self)
{
  gint64 end;

  g_return_val_if_fail (BRISK_IS_CHAT_STREAM (self), -1);

  if (self->started_at == 0)
    return -1;

  end = self->ended_at ? self->ended_at : g_get_monotonic_time ();
  return (end - self->started_at) / (double)G_USEC_PER_SEC;
}

/**
 * brisk_chat_stream_get_n_attempts:
 *
 * Returns: how many times the request was sent (more than once after retries)
 */
guint
brisk_chat_stream_get_n_attempts (BriskChatStream *self)
{
  g_return_val_if_fail (BRISK_IS_CHAT_STREAM (self), 0);

  return self->n_attempts;
}

guint64
brisk_chat_stream_get_n_bytes (BriskChatStream *self)
{
  g_return_val_if_fail (BRISK_IS_CHAT_STREAM (self), 0);

  return self->n_bytes;
}

void
_brisk_chat_stream_begin_attempt (BriskChatStream *self)
{
  if (self->n_attempts++ == 0)
    self->started_at = g_get_monotonic_time ();

  /* What an earlier, failed attempt's response said does not describe this one. */
  g_clear_pointer (&self->request_id, g_free);
  g_clear_pointer (&self->failed_generation, g_free);
  brisk_rate_limits_clear (&self->rate_limits);
}

static void
take_string (char       **field,
             const char  *value)
{
  if (value != NULL && g_strcmp0 (*field, value) != 0)
    {
      g_free (*field);
      *field = g_strdup (value);
    }
}

/* What the HTTP response itself said: its x-request-id header, and a refused generation in an
 * error body. The stream's own chunks take precedence.
 */
void
_brisk_chat_stream_set_response_info (BriskChatStream *self,
                                      const char      *request_id,
                                      const char      *failed_generation)
{
  take_string (&self->request_id, request_id);
  take_string (&self->failed_generation, failed_generation);
}

void
_brisk_chat_stream_set_rate_limits (BriskChatStream       *self,
                                    const BriskRateLimits *limits)
{
  self->rate_limits = *limits;
}

void
_brisk_chat_stream_add_bytes (BriskChatStream *self,
                              gsize            n_bytes)
{
  self->n_bytes += n_bytes;
}

static void
emit_text (BriskChatStream   *self,
           BriskChunkDecoder *decoder,
           BriskDeltaKind     kind)
{
  GString *pending = brisk_chunk_decoder_get_pending (decoder, kind);

  if (pending->len == 0)
    return;

  if (self->first_delta_at < 0)
    self->first_delta_at = g_get_monotonic_time ();

  g_signal_emit (self, signals[DELTA], 0, kind, pending->str);
  g_string_truncate (pending, 0);
}

/* Hands on everything the decoder has gathered since the last call, as one delta per kind. */
void
_brisk_chat_stream_emit_deltas (BriskChatStream   *self,
                                BriskChunkDecoder *decoder)
{
  emit_text (self, decoder, BRISK_DELTA_REASONING);
  emit_text (self, decoder, BRISK_DELTA_CONTENT);

  if (brisk_chunk_decoder_take_tool_calls_changed (decoder))
    {
      GPtrArray *calls = brisk_chunk_decoder_get_tool_calls (decoder);

      if (self->first_delta_at < 0)
        self->first_delta_at = g_get_monotonic_time ();

      g_ptr_array_set_size (self->tool_calls, 0);
      for (guint i = 0; i < calls->len; i++)
        g_ptr_array_add (self->tool_calls, brisk_tool_call_copy (g_ptr_array_index (calls, i)));

      g_signal_emit (self, signals[DELTA], 0, BRISK_DELTA_TOOL_CALLS, NULL);
    }
}

/* Records how the reply ended, after handing on the last text. */
void
_brisk_chat_stream_end (BriskChatStream   *self,
                        BriskChunkDecoder *decoder,
                        BriskReplyStatus   status,
                        const GError      *error)
{
  g_return_if_fail (status != BRISK_REPLY_STATUS_STREAMING);
  g_return_if_fail (self->status == BRISK_REPLY_STATUS_STREAMING);

  if (decoder != NULL)
    {
      brisk_chunk_decoder_finish (decoder);
      _brisk_chat_stream_emit_deltas (self, decoder);

      take_string (&self->finish_reason, brisk_chunk_decoder_get_finish_reason (decoder));
      take_string (&self->request_id, brisk_chunk_decoder_get_request_id (decoder));
      take_string (&self->model, brisk_chunk_decoder_get_model (decoder));
      take_string (&self->failed_generation, brisk_chunk_decoder_get_failed_generation (decoder));
      self->usage = *brisk_chunk_decoder_get_usage (decoder);
      if (brisk_chunk_decoder_get_executed_tools (decoder) != NULL)
        {
          g_autoptr(JsonNode) tools = json_node_new (JSON_NODE_ARRAY);

          json_node_set_array (tools, brisk_chunk_decoder_get_executed_tools (decoder));
          g_free (self->executed_tools);
          self->executed_tools = json_to_string (tools, FALSE);
        }
    }

  g_clear_error (&self->error);
  if (error != NULL)
    self->error = g_error_copy (error);

  self->ended_at = g_get_monotonic_time ();
  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}
