/* test-stream-decoding.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-stream-decoding"

#include "config.h"

#include "brisk-chunk-decoder.h"
#include "brisk-client-error.h"
#include "brisk-sse-parser.h"
#include "brisk-test-server.h"

/* Everything a reader of a decoded stream would see. */
typedef struct
{
  GString   *content;
  GString   *reasoning;
  GString   *tool_calls;   /* "id|name|arguments;" per call, in order */
  char      *executed_tools;
  char      *finish_reason;
  char      *request_id;
  char      *model;
  BriskUsage usage;
  GError    *error;
  guint      n_malformed;
  guint      n_deltas;
  gboolean   done;
} Reply;

static void
reply_init (Reply *reply)
{
  memset (reply, 0, sizeof *reply);
  reply->content = g_string_new (NULL);
  reply->reasoning = g_string_new (NULL);
  reply->tool_calls = g_string_new (NULL);
}

static void
reply_clear (Reply *reply)
{
  g_string_free (reply->content, TRUE);
  g_string_free (reply->reasoning, TRUE);
  g_string_free (reply->tool_calls, TRUE);
  g_free (reply->executed_tools);
  g_free (reply->finish_reason);
  g_free (reply->request_id);
  g_free (reply->model);
  g_clear_error (&reply->error);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Reply, reply_clear)

typedef struct
{
  BriskChunkDecoder *decoder;
  GError           **error;
} Feed;

static gboolean
event_cb (const char *type,
          const char *data,
          gsize       len,
          gpointer    user_data)
{
  Feed *feed = user_data;

  return brisk_chunk_decoder_feed (feed->decoder, type, data, len, feed->error);
}

static void
drain (BriskChunkDecoder *decoder,
       Reply             *reply)
{
  GString *content = brisk_chunk_decoder_get_pending (decoder, BRISK_DELTA_CONTENT);
  GString *reasoning = brisk_chunk_decoder_get_pending (decoder, BRISK_DELTA_REASONING);

  if (content->len > 0 || reasoning->len > 0)
    reply->n_deltas++;

  g_assert_true (g_utf8_validate_len (content->str, content->len, NULL));
  g_assert_true (g_utf8_validate_len (reasoning->str, reasoning->len, NULL));
  g_string_append_len (reply->content, content->str, content->len);
  g_string_append_len (reply->reasoning, reasoning->str, reasoning->len);
  g_string_truncate (content, 0);
  g_string_truncate (reasoning, 0);
}

/* Feeds @stream cut at @cuts (ascending offsets, ending with @len), draining after each slice
 * as the client does after each read.
 */
static void
decode_cuts (const char  *stream,
             gsize        len,
             const gsize *cuts,
             guint        n_cuts,
             gsize        max_event,
             Reply       *reply)
{
  g_autoptr(BriskSseParser) parser = brisk_sse_parser_new (max_event, BRISK_SSE_MAX_STREAM_BYTES);
  g_autoptr(BriskChunkDecoder) decoder = brisk_chunk_decoder_new ();
  Feed feed = { decoder, &reply->error };
  gsize offset = 0;
  GPtrArray *calls;

  for (guint i = 0; i < n_cuts && !brisk_sse_parser_is_stopped (parser); i++)
    {
      if (!brisk_sse_parser_feed (parser, stream + offset, cuts[i] - offset, event_cb, &feed,
                                  &reply->error))
        break;
      drain (decoder, reply);
      offset = cuts[i];
    }

  brisk_sse_parser_finish (parser, event_cb, &feed, NULL);
  brisk_chunk_decoder_finish (decoder);
  drain (decoder, reply);

  calls = brisk_chunk_decoder_get_tool_calls (decoder);
  for (guint i = 0; i < calls->len; i++)
    {
      BriskToolCall *call = g_ptr_array_index (calls, i);

      g_string_append_printf (reply->tool_calls, "%s|%s|%s;",
                              call->id, call->name, call->arguments->str);
    }
  if (brisk_chunk_decoder_get_executed_tools (decoder) != NULL)
    {
      g_autoptr(JsonNode) tools = json_node_new (JSON_NODE_ARRAY);

      json_node_set_array (tools, brisk_chunk_decoder_get_executed_tools (decoder));
      reply->executed_tools = json_to_string (tools, FALSE);
    }
  reply->finish_reason = g_strdup (brisk_chunk_decoder_get_finish_reason (decoder));
  reply->request_id = g_strdup (brisk_chunk_decoder_get_request_id (decoder));
  reply->model = g_strdup (brisk_chunk_decoder_get_model (decoder));
  reply->usage = *brisk_chunk_decoder_get_usage (decoder);
  reply->n_malformed = brisk_chunk_decoder_get_n_malformed (decoder);
  reply->done = brisk_chunk_decoder_is_done (decoder);
}

static void
decode (const char *stream,
        gsize       len,
        gsize       slice,
        Reply      *reply)
{
  g_autoptr(GArray) cuts = g_array_new (FALSE, FALSE, sizeof (gsize));

  if (slice == 0)
    slice = MAX (len, 1);
  for (gsize offset = slice; offset < len; offset += slice)
    g_array_append_val (cuts, offset);
  g_array_append_val (cuts, len);

  decode_cuts (stream, len, (gsize *)(gpointer)cuts->data, cuts->len, BRISK_SSE_MAX_EVENT_BYTES,
               reply);
}

static void
assert_same_reply (const Reply *a,
                   const Reply *b)
{
  g_assert_cmpstr (a->content->str, ==, b->content->str);
  g_assert_cmpstr (a->reasoning->str, ==, b->reasoning->str);
  g_assert_cmpstr (a->tool_calls->str, ==, b->tool_calls->str);
  g_assert_cmpstr (a->executed_tools, ==, b->executed_tools);
  g_assert_cmpstr (a->finish_reason, ==, b->finish_reason);
  g_assert_cmpstr (a->request_id, ==, b->request_id);
  g_assert_cmpstr (a->model, ==, b->model);
  g_assert_cmpint (a->usage.completion_tokens, ==, b->usage.completion_tokens);
  g_assert_cmpint (a->usage.cached_tokens, ==, b->usage.cached_tokens);
  g_assert_cmpint (a->usage.reasoning_tokens, ==, b->usage.reasoning_tokens);
  g_assert_cmpfloat (a->usage.queue_time, ==, b->usage.queue_time);
  g_assert_cmpuint (a->n_malformed, ==, b->n_malformed);
  g_assert_cmpint (a->done, ==, b->done);
  if (a->error == NULL)
    g_assert_no_error (b->error);
  else
    g_assert_error (b->error, a->error->domain, a->error->code);
}

static gboolean
no_event_expected (const char *type,
                   const char *data,
                   gsize       len,
                   gpointer    user_data)
{
  g_assert_not_reached ();
  return FALSE;
}

static const char *fixtures[] = {
  "groq-basic.sse",
  "groq-reasoning-parsed.sse",
  "groq-reasoning-raw.sse",
  "llamacpp-reasoning-content.sse",
  "groq-tool-call.sse",
  "groq-parallel-tool-calls.sse",
  "openai-tool-call-fragments.sse",
  "groq-mid-stream-error.sse",
  "groq-compound-executed-tools.sse",
};

/* The property everything else rests on: however the network cuts the bytes, the reader sees
 * the same reply.
 */
static void
test_split_at_every_offset (void)
{
  for (guint f = 0; f < G_N_ELEMENTS (fixtures); f++)
    {
      gsize len;
      g_autofree char *stream = brisk_test_read_fixture (fixtures[f], &len);
      g_auto(Reply) whole;

      g_test_message ("%s", fixtures[f]);
      reply_init (&whole);
      decode (stream, len, 0, &whole);
      g_assert_cmpuint (whole.content->len + whole.reasoning->len + whole.tool_calls->len, >, 0);

      for (gsize cut = 1; cut < len; cut++)
        {
          g_auto(Reply) split;
          gsize cuts[2] = { cut, len };

          reply_init (&split);
          decode_cuts (stream, len, cuts, 2, BRISK_SSE_MAX_EVENT_BYTES, &split);
          assert_same_reply (&whole, &split);
        }

      {
        g_auto(Reply) bytewise;

        reply_init (&bytewise);
        decode (stream, len, 1, &bytewise);
        assert_same_reply (&whole, &bytewise);
      }
    }
}

static char *
replace_newlines (const char *stream,
                  const char *newline)
{
  g_auto(GStrv) lines = g_strsplit (stream, "\n", -1);

  return g_strjoinv (newline, lines);
}

static void
test_line_endings (void)
{
  for (guint f = 0; f < G_N_ELEMENTS (fixtures); f++)
    {
      gsize len;
      g_autofree char *stream = brisk_test_read_fixture (fixtures[f], &len);
      g_autofree char *crlf = replace_newlines (stream, "\r\n");
      g_autofree char *cr = replace_newlines (stream, "\r");
      g_auto(Reply) lf_reply;
      g_auto(Reply) crlf_reply;
      g_auto(Reply) cr_reply;
      g_auto(Reply) crlf_bytewise;

      reply_init (&lf_reply);
      reply_init (&crlf_reply);
      reply_init (&cr_reply);
      reply_init (&crlf_bytewise);
      decode (stream, len, 0, &lf_reply);
      decode (crlf, strlen (crlf), 0, &crlf_reply);
      decode (cr, strlen (cr), 0, &cr_reply);
      /* One byte at a time puts a read boundary between every "\r" and its "\n". */
      decode (crlf, strlen (crlf), 1, &crlf_bytewise);

      assert_same_reply (&lf_reply, &crlf_reply);
      assert_same_reply (&lf_reply, &cr_reply);
      assert_same_reply (&lf_reply, &crlf_bytewise);
    }
}

static void
test_groq_basic (void)
{
  gsize len;
  g_autofree char *stream = brisk_test_read_fixture ("groq-basic.sse", &len);
  g_auto(Reply) reply;

  reply_init (&reply);
  decode (stream, len, 0, &reply);

  g_assert_no_error (reply.error);
  /* Model output is text, markup and all. */
  g_assert_cmpstr (reply.content->str, ==, "Grüße aus Köln — 你好 🌍! <b>&amp;</b>\n");
  g_assert_cmpstr (reply.reasoning->str, ==, "");
  g_assert_cmpstr (reply.finish_reason, ==, "stop");
  g_assert_cmpstr (reply.request_id, ==, "req_01kh6an5y1fz2s0xw3y8m7q4tb");
  g_assert_cmpstr (reply.model, ==, "llama-3.3-70b-versatile");
  g_assert_true (reply.done);
  g_assert_cmpint (reply.usage.prompt_tokens, ==, 42);
  g_assert_cmpint (reply.usage.completion_tokens, ==, 9);
  g_assert_cmpint (reply.usage.total_tokens, ==, 51);
  g_assert_cmpfloat_with_epsilon (reply.usage.queue_time, 0.051, 1e-9);
  g_assert_cmpfloat_with_epsilon (reply.usage.prompt_time, 0.0031, 1e-9);
  g_assert_cmpfloat_with_epsilon (reply.usage.completion_time, 0.0189, 1e-9);
  g_assert_cmpfloat_with_epsilon (reply.usage.total_time, 0.022, 1e-9);
  g_assert_cmpint (reply.usage.cached_tokens, ==, -1);
}

static void
test_reasoning (void)
{
  const char *reasoning_fixtures[] = {
    "groq-reasoning-parsed.sse",
    "groq-reasoning-raw.sse",
    "llamacpp-reasoning-content.sse",
  };

  for (guint f = 0; f < G_N_ELEMENTS (reasoning_fixtures); f++)
    {
      gsize len;
      g_autofree char *stream = brisk_test_read_fixture (reasoning_fixtures[f], &len);
      g_auto(Reply) reply;

      g_test_message ("%s", reasoning_fixtures[f]);
      reply_init (&reply);
      decode (stream, len, 0, &reply);

      /* Groq's "reasoning", llama.cpp's "reasoning_content" and <think> tags all end up
       * apart from the answer, which never shows the tags.
       */
      g_assert_cmpstr (reply.reasoning->str, ==, "Okay, the user asks about 2+2.\n");
      g_assert_cmpstr (reply.content->str, ==, "2 + 2 = 4.");
      g_assert_cmpstr (reply.finish_reason, ==, "stop");
    }
}

static void
test_reasoning_usage (void)
{
  gsize len;
  g_autofree char *stream = brisk_test_read_fixture ("groq-reasoning-parsed.sse", &len);
  g_auto(Reply) reply;

  reply_init (&reply);
  decode (stream, len, 0, &reply);

  g_assert_cmpint (reply.usage.cached_tokens, ==, 32);
  g_assert_cmpint (reply.usage.reasoning_tokens, ==, 7);
  g_assert_cmpstr (reply.model, ==, "qwen/qwen3-32b");
}

static void
test_think_tag_not_at_start (void)
{
  const char *stream =
    "data: {\"choices\":[{\"delta\":{\"content\":\"Use <think> tags like\"}}]}\n\n"
    "data: {\"choices\":[{\"delta\":{\"content\":\" this: <think>x</think>\"},\"finish_reason\":\"stop\"}]}\n\n";
  g_auto(Reply) reply;

  reply_init (&reply);
  decode (stream, strlen (stream), 1, &reply);

  /* Only a tag opening the answer is reasoning; elsewhere it is the answer's own text. */
  g_assert_cmpstr (reply.content->str, ==, "Use <think> tags like this: <think>x</think>");
  g_assert_cmpstr (reply.reasoning->str, ==, "");
}

static void
test_unclosed_think (void)
{
  const char *stream =
    "data: {\"choices\":[{\"delta\":{\"content\":\"<think>still thinking when cut</th\"}}]}\n\n";
  g_auto(Reply) reply;

  reply_init (&reply);
  decode (stream, strlen (stream), 0, &reply);

  g_assert_cmpstr (reply.reasoning->str, ==, "still thinking when cut</th");
  g_assert_cmpstr (reply.content->str, ==, "");
  g_assert_null (reply.finish_reason);
}

static void
test_tool_calls (void)
{
  struct {
    const char *fixture;
    const char *calls;
  } cases[] = {
    { "groq-tool-call.sse", "tk85n1k4m|get_weather|{\"city\":\"Köln\"};" },
    /* Groq gave every parallel call index 0: they are told apart by id. */
    { "groq-parallel-tool-calls.sse",
      "call_gjk5|get_weather|{\"city\":\"Paris\"};"
      "call_d5wg|get_weather|{\"city\":\"Oslo\"};"
      "call_x9q2|get_time|{\"zone\":\"Europe/Oslo\"};" },
    /* OpenAI sends the arguments in pieces that carry only the index. */
    { "openai-tool-call-fragments.sse",
      "call_abc|get_weather|{\"city\": \"Paris\"};call_def|get_time|{};" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gsize len;
      g_autofree char *stream = brisk_test_read_fixture (cases[i].fixture, &len);
      g_auto(Reply) reply;

      reply_init (&reply);
      decode (stream, len, 0, &reply);
      g_assert_cmpstr (reply.tool_calls->str, ==, cases[i].calls);
      g_assert_cmpstr (reply.finish_reason, ==, "tool_calls");
    }
}

/* Groq's compound systems report each tool they ran twice under one index: when it starts,
 * with its arguments, and when it is done, with its output and results.
 */
static void
test_compound_executed_tools (void)
{
  gsize len;
  g_autofree char *stream = brisk_test_read_fixture ("groq-compound-executed-tools.sse", &len);
  g_autoptr(JsonNode) root = NULL;
  g_auto(Reply) reply;
  JsonArray *tools;
  JsonObject *search;
  JsonObject *code;

  reply_init (&reply);
  decode (stream, len, 0, &reply);
  g_assert_cmpstr (reply.content->str, ==, "It is 11 °C (51.8 °F) with light rain in Berlin.");
  g_assert_nonnull (reply.executed_tools);

  root = json_from_string (reply.executed_tools, NULL);
  tools = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (tools), ==, 2);
  search = json_array_get_object_element (tools, 0);
  g_assert_cmpstr (json_object_get_string_member (search, "type"), ==, "search");
  g_assert_cmpstr (json_object_get_string_member (search, "arguments"), ==,
                   "{\"query\": \"Berlin weather today\"}");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_object_get_object_member (search, "search_results"), "results")),
                    ==, 2);
  code = json_array_get_object_element (tools, 1);
  g_assert_cmpstr (json_object_get_string_member (code, "type"), ==, "python");
  g_assert_cmpstr (json_object_get_string_member (code, "output"), ==, "51.8\n");

  /* Ordinary replies report none. */
  {
    g_autofree char *basic = brisk_test_read_fixture ("groq-basic.sse", &len);
    g_auto(Reply) plain;

    reply_init (&plain);
    decode (basic, len, 0, &plain);
    g_assert_null (plain.executed_tools);
  }
}

static void
test_usage_only_final_chunk (void)
{
  gsize len;
  g_autofree char *stream = brisk_test_read_fixture ("openai-tool-call-fragments.sse", &len);
  g_auto(Reply) reply;

  reply_init (&reply);
  decode (stream, len, 0, &reply);

  /* stream_options.include_usage: a last chunk with no choices carries the usage. */
  g_assert_cmpint (reply.usage.prompt_tokens, ==, 80);
  g_assert_cmpint (reply.usage.completion_tokens, ==, 30);
}

static void
test_x_groq_usage_only (void)
{
  const char *stream =
    "data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"},\"finish_reason\":null}]}\n\n"
    "data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}],"
    "\"x_groq\":{\"id\":\"req_1\",\"usage\":{\"completion_tokens\":1,\"queue_time\":0.5}}}\n\n"
    "data: [DONE]\n\n";
  g_auto(Reply) reply;

  reply_init (&reply);
  decode (stream, strlen (stream), 0, &reply);

  /* In 2024 Groq sent usage only inside x_groq. */
  g_assert_cmpint (reply.usage.completion_tokens, ==, 1);
  g_assert_cmpfloat (reply.usage.queue_time, ==, 0.5);
}

static void
test_mid_stream_error (void)
{
  gsize len;
  g_autofree char *stream = brisk_test_read_fixture ("groq-mid-stream-error.sse", &len);
  g_auto(Reply) reply;

  reply_init (&reply);
  decode (stream, len, 0, &reply);

  g_assert_error (reply.error, BRISK_CLIENT_ERROR, BRISK_CLIENT_ERROR_STREAM);
  g_assert_cmpstr (reply.error->message, ==, "Service Unavailable: the model is over capacity");
  /* What came before the error is kept. */
  g_assert_cmpstr (reply.content->str, ==, "The answer is");
  g_assert_null (reply.finish_reason);
}

static void
test_error_event (void)
{
  const char *stream =
    "data: {\"choices\":[{\"delta\":{\"content\":\"Part\"}}]}\n\n"
    "event: error\ndata: {\"message\":\"Internal error\",\"type\":\"server_error\"}\n\n"
    "data: {\"choices\":[{\"delta\":{\"content\":\" never read\"}}]}\n\n";
  g_auto(Reply) reply;

  reply_init (&reply);
  decode (stream, strlen (stream), 0, &reply);

  g_assert_error (reply.error, BRISK_CLIENT_ERROR, BRISK_CLIENT_ERROR_STREAM);
  g_assert_cmpstr (reply.error->message, ==, "Internal error");
  g_assert_cmpstr (reply.content->str, ==, "Part");
}

static void
test_null_error_does_not_hide_error (void)
{
  const char *streams[] = {
    "data: {\"error\":{\"message\":\"boom\"},\"x_groq\":{\"error\":null}}\n\n",
    "data: {\"x_groq\":{\"error\":null},\"error\":{\"message\":\"boom\"}}\n\n",
  };

  /* Whatever order the keys come in, a reported error is not undone by a null one. */
  for (guint i = 0; i < G_N_ELEMENTS (streams); i++)
    {
      g_auto(Reply) reply;

      reply_init (&reply);
      decode (streams[i], strlen (streams[i]), 0, &reply);
      g_assert_error (reply.error, BRISK_CLIENT_ERROR, BRISK_CLIENT_ERROR_STREAM);
      g_assert_cmpstr (reply.error->message, ==, "boom");
    }
}

static void
test_comments_and_pings (void)
{
  gsize len;
  g_autofree char *stream = brisk_test_read_fixture ("groq-basic.sse", &len);
  g_auto(GStrv) events = g_strsplit (stream, "\n\n", -1);
  g_autoptr(GString) noisy = g_string_new ("\xEF\xBB\xBF: keep-alive\n\n");
  g_auto(Reply) plain;
  g_auto(Reply) with_noise;

  /* Comments, data-less events, ids, retry hints and unknown fields between every event. */
  for (guint i = 0; events[i] && events[i][0]; i++)
    {
      g_string_append_printf (noisy, "%s\nid: %u\n\n", events[i], i);
      g_string_append (noisy, ": ping\n\nevent: ping\n\nretry: 3000\n\nfoo: bar\n\n");
    }

  reply_init (&plain);
  reply_init (&with_noise);
  decode (stream, len, 0, &plain);
  decode (noisy->str, noisy->len, 3, &with_noise);

  assert_same_reply (&plain, &with_noise);
}

static void
test_multiline_data_and_fields (void)
{
  const char *stream =
    "data: {\"choices\":[{\"delta\":\n"
    "data:{\"content\":\"joined\"}}]}\n"
    "\n"
    "data\n"
    "\n"
    "event: message\n"
    "data:  {\"choices\":[{\"delta\":{\"content\":\" lines\"},\"finish_reason\":\"stop\"}]}\n"
    "\n";
  g_auto(Reply) reply;

  reply_init (&reply);
  decode (stream, strlen (stream), 0, &reply);

  /* Data lines join with "\n" (valid JSON white space); one space after the colon goes, a
   * second stays (also white space); a bare "data" line is an empty event, dispatched as data
   * "" and counted as malformed.
   */
  g_assert_no_error (reply.error);
  g_assert_cmpstr (reply.content->str, ==, "joined lines");
  g_assert_cmpuint (reply.n_malformed, ==, 1);
}

static void
test_bom_split (void)
{
  const char *body = "data: {\"choices\":[{\"delta\":{\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}\n\n";
  g_autofree char *stream = g_strconcat ("\xEF\xBB\xBF", body, NULL);
  g_autofree char *fake_bom = g_strconcat ("\xEF\xBB", body, NULL);
  g_auto(Reply) reply;
  g_auto(Reply) broken;

  reply_init (&reply);
  decode (stream, strlen (stream), 1, &reply);
  g_assert_cmpstr (reply.content->str, ==, "ok");

  /* Two bytes of a BOM are no BOM: the first line is then "\xEF\xBBdata: …", an unknown field. */
  reply_init (&broken);
  decode (fake_bom, strlen (fake_bom), 1, &broken);
  g_assert_cmpstr (broken.content->str, ==, "");
}

static void
test_malformed_chunk_skipped (void)
{
  const char *stream =
    "data: {\"choices\":[{\"delta\":{\"content\":\"one\"}}]}\n\n"
    "data: {\"choices\":[{\"delta\":{\"content\":\" LOST\"}}]\n\n"     /* cut short */
    "data: not json at all\n\n"
    "data: {\"choices\":[{\"delta\":{\"content\":\" two\"},\"finish_reason\":\"stop\"}],}\n\n" /* trailing comma */
    "data: {\"choices\":[{\"delta\":{\"content\":\" three\"},\"finish_reason\":\"stop\"}]}\n\n";
  g_auto(Reply) reply;

  reply_init (&reply);
  decode (stream, strlen (stream), 0, &reply);

  /* A broken chunk is skipped whole: none of its text leaks into the reply. */
  g_assert_no_error (reply.error);
  g_assert_cmpstr (reply.content->str, ==, "one three");
  g_assert_cmpuint (reply.n_malformed, ==, 3);
  g_assert_cmpstr (reply.finish_reason, ==, "stop");
}

#define COMMON_HEAD "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
#define COMMON_CHOICES(text) \
  "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" text "\"},\"logprobs\":null," \
  "\"finish_reason\":null}]"

#define COMMON_SAME_HEAD \
  COMMON_HEAD "\"model\":\"m\",\"system_fingerprint\":\"fp\",\"choices\":[{\"index\":0," \
  "\"delta\":{\"content\":"
#define COMMON_REST "},\"logprobs\":null,\"finish_reason\":null}]"

/* Chunks that look like the common Groq chunk the decoder reads by a fast path, but differ
 * from it in some way, decode as the full path always did. So do chunks that differ from a
 * common chunk only after the head the fast path remembers.
 */
static void
test_near_common_chunks (void)
{
  const char *stream =
    /* The model is still to be read. */
    COMMON_HEAD "\"model\":\"m\",\"system_fingerprint\":\"fp\"," COMMON_CHOICES ("Hi") "}\n\n"
    COMMON_SAME_HEAD "\" g\"" COMMON_REST "}\n\n"
    COMMON_SAME_HEAD "\" h\"" COMMON_REST ",\"object\":\"o\"}\n\n"
    COMMON_SAME_HEAD "\"\\q\"" COMMON_REST "}\n\n"
    COMMON_SAME_HEAD "\" i\"},\"logprobs\":null,\"finish_reason\":\"stop\"}]}\n\n"
    COMMON_SAME_HEAD "\" j\"" COMMON_REST ",\"choices\":[{\"delta\":{\"content\":\" k\"}}]}\n\n"
    COMMON_SAME_HEAD "null" COMMON_REST "}\n\n"
    /* Not JSON after the known keys. */
    "data: {" COMMON_CHOICES (" LOST") ",\"id\":\"object\":5}\n\n"
    "data: {" COMMON_CHOICES (" b") "," COMMON_CHOICES (" c") "}\n\n"
    "data: {\"\\u0063hoices\":[{\"index\":0,\"delta\":{\"content\":\" d\"},\"logprobs\":null,"
    "\"finish_reason\":null}]}\n\n"
    "data: {\"object\":\"x\", " COMMON_CHOICES (" e") "}\n\n"
    /* An invalid escape in a value that is skipped. */
    "data: {\"object\":\"\\q\"," COMMON_CHOICES (" LOST") "}\n\n"
    "data: {" COMMON_CHOICES (" LOST") "}x\n\n"
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":null},\"logprobs\":null,"
    "\"finish_reason\":null}]}\n\n"
    "data: {\"model\":\"other\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" f\"},"
    "\"logprobs\":null,\"finish_reason\":\"stop\"}]}\n\n"
    "data: [DONE]\n\n";

  for (gsize slice = 0; slice <= 1; slice++)
    {
      g_auto(Reply) reply;

      reply_init (&reply);
      decode (stream, strlen (stream), slice, &reply);

      g_assert_no_error (reply.error);
      g_assert_cmpstr (reply.content->str, ==, "Hi g h i j k b c d e f");
      g_assert_cmpuint (reply.n_malformed, ==, 4);
      g_assert_cmpstr (reply.finish_reason, ==, "stop");
      g_assert_cmpstr (reply.model, ==, "m");
      g_assert_true (reply.done);
    }
}

static void
test_too_many_malformed_chunks (void)
{
  g_autoptr(GString) stream = g_string_new ("data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}]}\n\n");
  g_auto(Reply) reply;

  for (guint i = 0; i <= BRISK_CHUNK_DECODER_MAX_MALFORMED; i++)
    g_string_append (stream, "data: {oops\n\n");
  g_string_append (stream, "data: {\"choices\":[{\"delta\":{\"content\":\"b\"}}]}\n\n");

  reply_init (&reply);
  decode (stream->str, stream->len, 0, &reply);

  g_assert_error (reply.error, BRISK_CLIENT_ERROR, BRISK_CLIENT_ERROR_PROTOCOL);
  g_assert_cmpstr (reply.content->str, ==, "a");
}

static void
test_invalid_utf8_replaced (void)
{
  const char *stream =
    "data: {\"choices\":[{\"delta\":{\"content\":\"bad \xC3\x28 byte, lone \\ud800 surrogate, "
    "pair \\ud83d\\ude00, nul \\u0000 end\"},\"finish_reason\":\"stop\"}]}\n\n";
  g_auto(Reply) reply;

  reply_init (&reply);
  decode (stream, strlen (stream), 0, &reply);

  g_assert_cmpstr (reply.content->str, ==,
                   "bad \xEF\xBF\xBD( byte, lone \xEF\xBF\xBD surrogate, pair 😀, nul \xEF\xBF\xBD end");
}

static void
test_eof_without_done (void)
{
  const char *stream =
    "data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\n"
    "data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}\n";   /* no blank line, no [DONE] */
  g_auto(Reply) reply;

  reply_init (&reply);
  decode (stream, strlen (stream), 0, &reply);

  /* The last event's line was whole, so it still counts: the reply is complete. */
  g_assert_cmpstr (reply.content->str, ==, "Hi");
  g_assert_cmpstr (reply.finish_reason, ==, "stop");
  g_assert_false (reply.done);
}

static void
test_half_line_at_eof_dropped (void)
{
  const char *stream =
    "data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\n"
    "data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"st";
  g_auto(Reply) reply;

  reply_init (&reply);
  decode (stream, strlen (stream), 0, &reply);

  g_assert_cmpstr (reply.content->str, ==, "Hi");
  g_assert_null (reply.finish_reason);
  g_assert_cmpuint (reply.n_malformed, ==, 0);
}

static void
test_done_stops_reading (void)
{
  const char *stream =
    "data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"},\"finish_reason\":\"stop\"}]}\n\n"
    "data: [DONE]\n\n"
    "data: {\"choices\":[{\"delta\":{\"content\":\" after done\"}}]}\n\n";
  g_auto(Reply) reply;

  reply_init (&reply);
  decode (stream, strlen (stream), 0, &reply);

  g_assert_cmpstr (reply.content->str, ==, "Hi");
  g_assert_true (reply.done);
}

static void
test_oversized_event_rejected (void)
{
  const gsize limit = 4096;
  const gsize slice = 512;
  g_autoptr(BriskSseParser) parser = brisk_sse_parser_new (limit, BRISK_SSE_MAX_STREAM_BYTES);
  g_autoptr(GError) error = NULL;
  g_autofree char *filler = g_strnfill (slice, 'x');
  gsize fed = 0;
  gboolean ok = TRUE;

  /* An endless line: the parser gives up once it passes the limit, without waiting for more. */
  ok = brisk_sse_parser_feed (parser, "data: \"", 7, no_event_expected,
                              NULL, &error);
  while (ok && fed < 100 * limit)
    {
      ok = brisk_sse_parser_feed (parser, filler, slice, no_event_expected,
                                  NULL, &error);
      fed += slice;
    }

  g_assert_false (ok);
  g_assert_error (error, BRISK_CLIENT_ERROR, BRISK_CLIENT_ERROR_PROTOCOL);
  g_assert_cmpuint (fed, <=, limit + slice);
  g_assert_true (brisk_sse_parser_is_stopped (parser));
}

static void
test_oversized_multiline_event_rejected (void)
{
  const gsize limit = 4096;
  g_autoptr(BriskSseParser) parser = brisk_sse_parser_new (limit, BRISK_SSE_MAX_STREAM_BYTES);
  g_autoptr(GError) error = NULL;
  gboolean ok = TRUE;
  guint lines = 0;

  /* Many short data lines that never end the event add up the same way. */
  while (ok && lines < 10000)
    {
      ok = brisk_sse_parser_feed (parser, "data: 0123456789\n", 17,
                                  no_event_expected, NULL, &error);
      lines++;
    }

  g_assert_error (error, BRISK_CLIENT_ERROR, BRISK_CLIENT_ERROR_PROTOCOL);
  g_assert_cmpuint (lines * 11, <=, limit + 11);
}

static void
test_stream_limit (void)
{
  g_autoptr(BriskSseParser) parser = brisk_sse_parser_new (1024, 64 * 1024);
  g_autoptr(GError) error = NULL;
  const char *event = "data: {\"choices\":[{\"delta\":{\"content\":\"0123456789\"}}]}\n\n";
  g_autoptr(BriskChunkDecoder) decoder = brisk_chunk_decoder_new ();
  Feed feed = { decoder, &error };
  gsize fed = 0;

  while (brisk_sse_parser_feed (parser, event, strlen (event), event_cb, &feed, &error) &&
         fed < 1024 * 1024)
    {
      g_string_truncate (brisk_chunk_decoder_get_pending (decoder, BRISK_DELTA_CONTENT), 0);
      fed += strlen (event);
    }

  g_assert_error (error, BRISK_CLIENT_ERROR, BRISK_CLIENT_ERROR_PROTOCOL);
  g_assert_cmpuint (fed, <=, 64 * 1024);
}

static void
test_default_event_limit (void)
{
  g_autoptr(BriskSseParser) parser = brisk_sse_parser_new (BRISK_SSE_MAX_EVENT_BYTES,
                                                           BRISK_SSE_MAX_STREAM_BYTES);
  g_autoptr(GError) error = NULL;
  g_autofree char *slice = g_strnfill (64 * 1024, 'a');
  gsize fed = 0;

  brisk_sse_parser_feed (parser, "data: ", 6, no_event_expected, NULL, &error);
  while (error == NULL && fed <= 2 * BRISK_SSE_MAX_EVENT_BYTES)
    {
      brisk_sse_parser_feed (parser, slice, 64 * 1024, no_event_expected,
                             NULL, &error);
      fed += 64 * 1024;
    }

  /* 16 MiB per event. */
  g_assert_error (error, BRISK_CLIENT_ERROR, BRISK_CLIENT_ERROR_PROTOCOL);
  g_assert_cmpuint (fed, >=, BRISK_SSE_MAX_EVENT_BYTES - 64 * 1024);
  g_assert_cmpuint (fed, <=, BRISK_SSE_MAX_EVENT_BYTES + 64 * 1024);
}

static void
test_large_delta_accepted (void)
{
  g_autofree char *big = g_strnfill (1024 * 1024, 'z');
  g_autofree char *stream = g_strdup_printf ("data: {\"choices\":[{\"delta\":{\"content\":\"%s\"},"
                                             "\"finish_reason\":\"stop\"}]}\n\n", big);
  g_auto(Reply) reply;

  reply_init (&reply);
  decode (stream, strlen (stream), 4096, &reply);

  g_assert_no_error (reply.error);
  g_assert_cmpuint (reply.content->len, ==, 1024 * 1024);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/stream-decoding/split-at-every-offset", test_split_at_every_offset);
  g_test_add_func ("/stream-decoding/line-endings", test_line_endings);
  g_test_add_func ("/stream-decoding/groq-basic", test_groq_basic);
  g_test_add_func ("/stream-decoding/reasoning", test_reasoning);
  g_test_add_func ("/stream-decoding/reasoning-usage", test_reasoning_usage);
  g_test_add_func ("/stream-decoding/think-tag-not-at-start", test_think_tag_not_at_start);
  g_test_add_func ("/stream-decoding/unclosed-think", test_unclosed_think);
  g_test_add_func ("/stream-decoding/tool-calls", test_tool_calls);
  g_test_add_func ("/stream-decoding/compound-executed-tools", test_compound_executed_tools);
  g_test_add_func ("/stream-decoding/usage-only-final-chunk", test_usage_only_final_chunk);
  g_test_add_func ("/stream-decoding/x-groq-usage-only", test_x_groq_usage_only);
  g_test_add_func ("/stream-decoding/mid-stream-error", test_mid_stream_error);
  g_test_add_func ("/stream-decoding/error-event", test_error_event);
  g_test_add_func ("/stream-decoding/null-error", test_null_error_does_not_hide_error);
  g_test_add_func ("/stream-decoding/comments-and-pings", test_comments_and_pings);
  g_test_add_func ("/stream-decoding/multiline-data", test_multiline_data_and_fields);
  g_test_add_func ("/stream-decoding/bom", test_bom_split);
  g_test_add_func ("/stream-decoding/malformed-chunk-skipped", test_malformed_chunk_skipped);
  g_test_add_func ("/stream-decoding/near-common-chunks", test_near_common_chunks);
  g_test_add_func ("/stream-decoding/too-many-malformed", test_too_many_malformed_chunks);
  g_test_add_func ("/stream-decoding/invalid-utf8-replaced", test_invalid_utf8_replaced);
  g_test_add_func ("/stream-decoding/eof-without-done", test_eof_without_done);
  g_test_add_func ("/stream-decoding/half-line-at-eof", test_half_line_at_eof_dropped);
  g_test_add_func ("/stream-decoding/done-stops-reading", test_done_stops_reading);
  g_test_add_func ("/stream-decoding/oversized-event", test_oversized_event_rejected);
  g_test_add_func ("/stream-decoding/oversized-multiline-event", test_oversized_multiline_event_rejected);
  g_test_add_func ("/stream-decoding/stream-limit", test_stream_limit);
  g_test_add_func ("/stream-decoding/default-event-limit", test_default_event_limit);
  g_test_add_func ("/stream-decoding/large-delta", test_large_delta_accepted);

  return g_test_run ();
}
