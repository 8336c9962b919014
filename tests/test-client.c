/* test-client.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-client"

#include "config.h"

#include <glib/gstdio.h>

#include "brisk-client.h"
#include "brisk-client-error.h"
#include "brisk-test-server.h"

#define CHAT_PATH "/v1/chat/completions"
#define MODELS_PATH "/v1/models"
#define EVENT_STREAM "text/event-stream"

/* A guard against hanging, not a performance assertion. */
#define WAIT_LIMIT_SECONDS 60

typedef struct
{
  BriskTestServer *server;
  BriskClient     *client;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->server = brisk_test_server_new ();
  fixture->client = brisk_client_new (brisk_test_server_get_base_url (fixture->server), NULL);
  brisk_client_set_api_key (fixture->client, "gsk_test_key_never_logged");
  /* Backoff in tests is short; its doubling and the server's own waits are what is tested. */
  g_object_set (fixture->client, "retry-delay", 20, NULL);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_object (&fixture->client);
  g_clear_pointer (&fixture->server, brisk_test_server_free);
}

typedef struct
{
  GString         *content;
  GString         *reasoning;
  guint            n_content_deltas;
  guint            n_tool_call_deltas;
  GError          *error;
  gboolean         ok;
  gboolean         done;
  GCancellable    *cancel_on_first_delta;
  gint64           cancelled_at;
} Outcome;

static void
outcome_clear (Outcome *outcome)
{
  g_string_free (outcome->content, TRUE);
  g_string_free (outcome->reasoning, TRUE);
  g_clear_error (&outcome->error);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Outcome, outcome_clear)

static void
delta_cb (BriskChatStream *stream,
          BriskDeltaKind   kind,
          const char      *text,
          Outcome         *outcome)
{
  switch (kind)
    {
    case BRISK_DELTA_CONTENT:
      g_string_append (outcome->content, text);
      outcome->n_content_deltas++;
      break;
    case BRISK_DELTA_REASONING:
      g_string_append (outcome->reasoning, text);
      break;
    case BRISK_DELTA_TOOL_CALLS:
    default:
      outcome->n_tool_call_deltas++;
      break;
    }

  if (outcome->cancel_on_first_delta != NULL && outcome->cancelled_at == 0)
    {
      outcome->cancelled_at = g_get_monotonic_time ();
      g_cancellable_cancel (outcome->cancel_on_first_delta);
    }
}

static void
stream_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Outcome *outcome = user_data;

  outcome->ok = brisk_client_stream_chat_finish (BRISK_CLIENT (object), result, &outcome->error);
  outcome->done = TRUE;
}

static gboolean
wait_limit_reached_cb (gpointer user_data)
{
  g_error ("Gave up waiting for %s", (const char *)user_data);
  return G_SOURCE_REMOVE;
}

static void
iterate_until (gboolean   *flag,
               const char *what)
{
  guint limit_id = g_timeout_add_seconds (WAIT_LIMIT_SECONDS, wait_limit_reached_cb, (gpointer)what);

  while (!*flag)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (limit_id);
}

static BriskChatStream *
run_stream (Fixture      *fixture,
            GCancellable *cancellable,
            Outcome      *outcome)
{
  g_autoptr(BriskChatRequest) request = brisk_chat_request_new ("llama-3.3-70b-versatile");
  BriskChatStream *stream;

  memset (outcome, 0, sizeof *outcome);
  outcome->content = g_string_new (NULL);
  outcome->reasoning = g_string_new (NULL);

  brisk_chat_request_add_message (request, BRISK_CHAT_ROLE_USER, "Hello");
  stream = brisk_chat_stream_new (request);
  g_signal_connect (stream, "delta", G_CALLBACK (delta_cb), outcome);
  brisk_client_stream_chat_async (fixture->client, stream, cancellable, stream_done_cb, outcome);
  iterate_until (&outcome->done, "the reply to end");

  return stream;
}

static void
queue_fixture (Fixture    *fixture,
               const char *name,
               gsize       slice,
               guint       delay_ms,
               BriskTestEnd end)
{
  g_autofree char *stream = brisk_test_read_fixture (name, NULL);
  g_autoptr(GPtrArray) chunks = brisk_test_split_stream (stream, slice);

  brisk_test_server_queue_bytes (fixture->server, CHAT_PATH, 200, EVENT_STREAM, NULL, chunks,
                                 delay_ms, end);
}

static void
queue_error (Fixture     *fixture,
             guint        status,
             const char  *body,
             const char **headers)
{
  const char *chunks[] = { body, NULL };

  brisk_test_server_queue (fixture->server, CHAT_PATH, status, "application/json", headers,
                           body ? chunks : NULL, 0, BRISK_TEST_END_COMPLETE);
}

static void
test_streams_reply (Fixture       *fixture,
                    gconstpointer  data)
{
  const gsize slices[] = { 0, 7, 1 };

  for (guint i = 0; i < G_N_ELEMENTS (slices); i++)
    {
      g_auto(Outcome) outcome;
      g_autoptr(BriskChatStream) stream = NULL;
      const char *headers[] = { "x-request-id", "req_from_header", NULL };
      g_autofree char *stream_text = brisk_test_read_fixture ("groq-basic.sse", NULL);
      g_autoptr(GPtrArray) chunks = brisk_test_split_stream (stream_text, slices[i]);
      BriskTestRequest *request;
      const BriskUsage *usage;

      brisk_test_server_queue_bytes (fixture->server, CHAT_PATH, 200, EVENT_STREAM, headers,
                                     chunks, 0, BRISK_TEST_END_COMPLETE);
      stream = run_stream (fixture, NULL, &outcome);

      g_assert_no_error (outcome.error);
      g_assert_true (outcome.ok);
      g_assert_cmpint (brisk_chat_stream_get_status (stream), ==, BRISK_REPLY_STATUS_COMPLETE);
      g_assert_cmpstr (outcome.content->str, ==, "Grüße aus Köln — 你好 🌍! <b>&amp;</b>\n");
      g_assert_cmpstr (brisk_chat_stream_get_finish_reason (stream), ==, "stop");
      /* x_groq.id wins over the header; both name the same request on Groq. */
      g_assert_cmpstr (brisk_chat_stream_get_request_id (stream), ==, "req_01kh6an5y1fz2s0xw3y8m7q4tb");
      g_assert_cmpstr (brisk_chat_stream_get_model (stream), ==, "llama-3.3-70b-versatile");
      usage = brisk_chat_stream_get_usage (stream);
      g_assert_cmpint (usage->completion_tokens, ==, 9);
      g_assert_cmpfloat (usage->queue_time, ==, 0.051);
      g_assert_cmpuint (brisk_chat_stream_get_n_attempts (stream), ==, 1);
      g_assert_cmpfloat (brisk_chat_stream_get_time_to_first_delta (stream), >=, 0);

      request = brisk_test_server_get_request (fixture->server, i);
      g_assert_cmpstr (request->method, ==, "POST");
      g_assert_cmpstr (request->path, ==, CHAT_PATH);
      g_assert_cmpstr (request->authorization, ==, "Bearer gsk_test_key_never_logged");
      g_assert_cmpstr (request->accept, ==, "text/event-stream");
      g_assert_cmpstr (request->user_agent, ==, "Brisk/" PACKAGE_VERSION);
      g_assert_nonnull (g_strstr_len (g_bytes_get_data (request->body, NULL),
                                      g_bytes_get_size (request->body), "\"stream\":true"));
    }
}

static void
test_deltas_coalesced (Fixture       *fixture,
                       gconstpointer  data)
{
  g_auto(Outcome) outcome;
  g_autoptr(BriskChatStream) stream = NULL;
  g_autoptr(GString) many = g_string_new (NULL);
  const char *chunks[2] = { NULL, NULL };

  /* 2,000 events arriving together reach the listener as a handful of deltas, which is what
   * lets the window redraw once per frame instead of once per token.
   */
  for (guint i = 0; i < 2000; i++)
    g_string_append (many, "data: {\"choices\":[{\"delta\":{\"content\":\"ab\"}}]}\n\n");
  g_string_append (many, "data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n");
  chunks[0] = many->str;
  brisk_test_server_queue (fixture->server, CHAT_PATH, 200, EVENT_STREAM, NULL, chunks, 0,
                           BRISK_TEST_END_COMPLETE);

  stream = run_stream (fixture, NULL, &outcome);

  g_assert_true (outcome.ok);
  g_assert_cmpuint (outcome.content->len, ==, 4000);
  g_assert_cmpuint (outcome.n_content_deltas, >, 0);
  g_assert_cmpuint (outcome.n_content_deltas, <, 100);
}

static void
test_drop_without_finish_is_interrupted (Fixture       *fixture,
                                         gconstpointer  data)
{
  g_auto(Outcome) outcome;
  g_autoptr(BriskChatStream) stream = NULL;
  const char *chunks[] = {
    "data: {\"choices\":[{\"delta\":{\"content\":\"Half an\"}}]}\n\n",
    "data: {\"choices\":[{\"delta\":{\"content\":\" answ\"}}]}\n\n",
    NULL
  };

  brisk_test_server_queue (fixture->server, CHAT_PATH, 200, EVENT_STREAM, NULL, chunks, 0,
                           BRISK_TEST_END_DROP);
  stream = run_stream (fixture, NULL, &outcome);

  /* Never silently complete: the user is told the reply was cut, and keeps what came. */
  g_assert_false (outcome.ok);
  g_assert_error (outcome.error, BRISK_CLIENT_ERROR, BRISK_CLIENT_ERROR_NETWORK);
  g_assert_cmpint (brisk_chat_stream_get_status (stream), ==, BRISK_REPLY_STATUS_INTERRUPTED);
  g_assert_cmpstr (outcome.content->str, ==, "Half an answ");
  g_assert_null (brisk_chat_stream_get_finish_reason (stream));
  /* A reply that started is never retried: that would duplicate text. */
  g_assert_cmpuint (brisk_test_server_get_n_requests (fixture->server), ==, 1);
}

static void
test_clean_close_without_finish_is_interrupted (Fixture       *fixture,
                                                gconstpointer  data)
{
  g_auto(Outcome) outcome;
  g_autoptr(BriskChatStream) stream = NULL;
  const char *chunks[] = { "data: {\"choices\":[{\"delta\":{\"content\":\"Cut\"}}]}\n\n", NULL };

  /* The body ends properly but the server never said the reply was finished. */
  brisk_test_server_queue (fixture->server, CHAT_PATH, 200, EVENT_STREAM, NULL, chunks, 0,
                           BRISK_TEST_END_COMPLETE);
  stream = run_stream (fixture, NULL, &outcome);

  g_assert_false (outcome.ok);
  g_assert_cmpint (brisk_chat_stream_get_status (stream), ==, BRISK_REPLY_STATUS_INTERRUPTED);
  g_assert_cmpstr (outcome.content->str, ==, "Cut");
}

static void
test_eof_without_done_after_finish (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_auto(Outcome) outcome;
  g_autoptr(BriskChatStream) stream = NULL;
  const char *chunks[] = {
    "data: {\"choices\":[{\"delta\":{\"content\":\"Done\"}}]}\n\n",
    "data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"length\"}]}\n\n",
    NULL
  };

  brisk_test_server_queue (fixture->server, CHAT_PATH, 200, EVENT_STREAM, NULL, chunks, 0,
                           BRISK_TEST_END_DROP);
  stream = run_stream (fixture, NULL, &outcome);

  g_assert_no_error (outcome.error);
  g_assert_cmpint (brisk_chat_stream_get_status (stream), ==, BRISK_REPLY_STATUS_COMPLETE);
  g_assert_cmpstr (brisk_chat_stream_get_finish_reason (stream), ==, "length");
}

static void
test_mid_stream_error (Fixture       *fixture,
                       gconstpointer  data)
{
  g_auto(Outcome) outcome;
  g_autoptr(BriskChatStream) stream = NULL;

  queue_fixture (fixture, "groq-mid-stream-error.sse", 50, 0, BRISK_TEST_END_COMPLETE);
  stream = run_stream (fixture, NULL, &outcome);

  g_assert_error (outcome.error, BRISK_CLIENT_ERROR, BRISK_CLIENT_ERROR_STREAM);
  g_assert_cmpstr (outcome.error->message, ==, "Service Unavailable: the model is over capacity");
  g_assert_cmpint (brisk_chat_stream_get_status (stream), ==, BRISK_REPLY_STATUS_FAILED);
  g_assert_cmpstr (outcome.content->str, ==, "The answer is");
  g_assert_cmpuint (brisk_test_server_get_n_requests (fixture->server), ==, 1);
}

typedef struct
{
  guint       status;
  const char *body;
  int         code;
  const char *message;
} ErrorCase;

static void
test_http_errors (Fixture       *fixture,
                  gconstpointer  data)
{
  /* Groq's real error bodies: compact JSON followed by a newline. */
  const ErrorCase cases[] = {
    { 401, "{\"error\":{\"message\":\"Invalid API Key\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}\n",
      BRISK_CLIENT_ERROR_INVALID_KEY, "Invalid API Key" },
    { 403, "{\"error\":{\"message\":\"Forbidden\",\"type\":\"permissions_error\"}}\n",
      BRISK_CLIENT_ERROR_FORBIDDEN, "Forbidden" },
    { 404, "{\"error\":{\"message\":\"The model `llama-9` does not exist or you do not have access to it.\",\"type\":\"invalid_request_error\",\"code\":\"model_not_found\"}}\n",
      BRISK_CLIENT_ERROR_MODEL_NOT_FOUND, "The model `llama-9` does not exist or you do not have access to it." },
    { 400, "{\"error\":{\"message\":\"The model `gemma2-9b-it` has been decommissioned and is no longer supported. Please refer to https://console.groq.com/docs/deprecations for a recommendation on which model to use instead.\",\"type\":\"invalid_request_error\",\"code\":\"model_decommissioned\"}}\n",
      BRISK_CLIENT_ERROR_MODEL_DECOMMISSIONED, NULL },
    { 413, "{\"error\":{\"message\":\"Request too large for model `llama-3.1-8b-instant` in organization `org_01` service tier `on_demand` on tokens per minute (TPM): Limit 6000, Requested 14137, please reduce your message size and try again.\",\"type\":\"tokens\",\"code\":\"rate_limit_exceeded\"}}\n",
      BRISK_CLIENT_ERROR_REQUEST_TOO_LARGE, NULL },
    { 400, "{\"error\":{\"message\":\"Failed to call a function. Please adjust your prompt. See 'failed_generation' for more details.\",\"type\":\"invalid_request_error\",\"code\":\"tool_use_failed\",\"failed_generation\":\"<function=get_weather>{city: Paris}</function>\"}}\n",
      BRISK_CLIENT_ERROR_BAD_REQUEST, "Failed to call a function. Please adjust your prompt. See 'failed_generation' for more details." },
    { 404, "<html>Not Found</html>", BRISK_CLIENT_ERROR_BAD_REQUEST, NULL },
  };

  g_object_set (fixture->client, "max-retries", 0, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Outcome) outcome;
      g_autoptr(BriskChatStream) stream = NULL;

      g_test_message ("HTTP %u", cases[i].status);
      queue_error (fixture, cases[i].status, cases[i].body, NULL);
      stream = run_stream (fixture, NULL, &outcome);

      g_assert_error (outcome.error, BRISK_CLIENT_ERROR, cases[i].code);
      if (cases[i].message != NULL)
        g_assert_cmpstr (outcome.error->message, ==, cases[i].message);
      g_assert_cmpint (brisk_chat_stream_get_status (stream), ==, BRISK_REPLY_STATUS_FAILED);
      if (cases[i].code == BRISK_CLIENT_ERROR_BAD_REQUEST && cases[i].message != NULL)
        g_assert_cmpstr (brisk_chat_stream_get_failed_generation (stream), ==,
                         "<function=get_weather>{city: Paris}</function>");
    }
}

static void
test_auth_errors_not_retried (Fixture       *fixture,
                              gconstpointer  data)
{
  g_auto(Outcome) outcome;
  g_autoptr(BriskChatStream) stream = NULL;

  queue_error (fixture, 401, "{\"error\":{\"message\":\"Invalid API Key\",\"code\":\"invalid_api_key\"}}\n", NULL);
  stream = run_stream (fixture, NULL, &outcome);

  g_assert_error (outcome.error, BRISK_CLIENT_ERROR, BRISK_CLIENT_ERROR_INVALID_KEY);
  g_assert_cmpuint (brisk_test_server_get_n_requests (fixture->server), ==, 1);
}

static void
test_rate_limit_retried (Fixture       *fixture,
                         gconstpointer  data)
{
  g_auto(Outcome) outcome;
  g_autoptr(BriskChatStream) stream = NULL;
  const char *headers[] = { "retry-after", "1", "x-ratelimit-remaining-requests", "0", NULL };
  const BriskRateLimits *limits;

  queue_error (fixture, 429, "{\"error\":{\"message\":\"Rate limit reached for model `llama-3.3-70b-versatile` on requests per minute (RPM): Limit 30, Used 30, Requested 1. Please try again in 1s.\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}\n", headers);
  queue_fixture (fixture, "groq-basic.sse", 0, 0, BRISK_TEST_END_COMPLETE);

  stream = run_stream (fixture, NULL, &outcome);

  g_assert_no_error (outcome.error);
  g_assert_cmpint (brisk_chat_stream_get_status (stream), ==, BRISK_REPLY_STATUS_COMPLETE);
  g_assert_cmpuint (brisk_chat_stream_get_n_attempts (stream), ==, 2);
  g_assert_cmpuint (brisk_test_server_get_n_requests (fixture->server), ==, 2);
  /* The wait the server asked for was honoured. */
  g_assert_cmpfloat (brisk_chat_stream_get_duration (stream), >=, 1.0);

  limits = brisk_client_get_rate_limits (fixture->client);
  g_assert_cmpint (limits->remaining_requests, ==, 0);

  /* The stream describes the response that answered: it had no retry-after. */
  g_assert_cmpfloat (brisk_chat_stream_get_rate_limits (stream)->retry_after, ==, -1);
}

static void
test_rate_limit_retry_after_ms (Fixture       *fixture,
                                gconstpointer  data)
{
  g_auto(Outcome) outcome;
  g_autoptr(BriskChatStream) stream = NULL;
  const char *headers[] = { "retry-after-ms", "30", "retry-after", "45", NULL };

  queue_error (fixture, 429, "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"tokens\"}}\n", headers);
  queue_fixture (fixture, "groq-basic.sse", 0, 0, BRISK_TEST_END_COMPLETE);

  stream = run_stream (fixture, NULL, &outcome);

  /* retry-after-ms is the more precise of the two. */
  g_assert_no_error (outcome.error);
  g_assert_cmpfloat (brisk_chat_stream_get_duration (stream), <, 40.0);
  g_assert_cmpuint (brisk_chat_stream_get_n_attempts (stream), ==, 2);
}

static void
test_rate_limit_wait_too_long (Fixture       *fixture,
                               gconstpointer  data)
{
  g_auto(Outcome) outcome;
  g_autoptr(BriskChatStream) stream = NULL;
  const char *headers[] = {
    "retry-after", "578",
    "x-ratelimit-limit-tokens", "100000",
    "x-ratelimit-remaining-tokens", "2950",
    "x-ratelimit-reset-tokens", "9m38.016s",
    "x-ratelimit-reset-requests", "2m59.56s",
    NULL
  };
  const BriskRateLimits *limits;

  queue_error (fixture, 429, "{\"error\":{\"message\":\"Rate limit reached for model `llama-3.3-70b-versatile` in organization `org_01` service tier `on_demand` on tokens per day (TPD): Limit 100000, Used 97050, Requested 3619. Please try again in 9m38.016s.\",\"type\":\"tokens\",\"code\":\"rate_limit_exceeded\"}}\n", headers);
  stream = run_stream (fixture, NULL, &outcome);

  /* No silent ten-minute wait: fail at once, saying which limit and when it resets. */
  g_assert_error (outcome.error, BRISK_CLIENT_ERROR, BRISK_CLIENT_ERROR_RATE_LIMITED);
  g_assert_nonnull (strstr (outcome.error->message, "tokens per day (TPD)"));
  g_assert_nonnull (strstr (outcome.error->message, "9m38.016s"));
  g_assert_nonnull (strstr (outcome.error->message, "578 s"));
  g_assert_cmpuint (brisk_test_server_get_n_requests (fixture->server), ==, 1);
  g_assert_cmpfloat (brisk_chat_stream_get_duration (stream), <, 30.0);

  limits = brisk_chat_stream_get_rate_limits (stream);
  g_assert_cmpint (limits->limit_tokens, ==, 100000);
  g_assert_cmpint (limits->remaining_tokens, ==, 2950);
  g_assert_cmpfloat_with_epsilon (limits->reset_tokens, 578.016, 1e-6);
  g_assert_cmpfloat_with_epsilon (limits->reset_requests, 179.56, 1e-6);
  g_assert_cmpfloat (limits->retry_after, ==, 578);
}

static void
test_server_errors_retried_with_backoff (Fixture       *fixture,
                                         gconstpointer  data)
{
  g_auto(Outcome) outcome;
  g_autoptr(BriskChatStream) stream = NULL;

  g_object_set (fixture->client, "retry-delay", 200, NULL);
  queue_error (fixture, 500, "{\"error\":{\"message\":\"Internal Server Error\",\"type\":\"internal_server_error\"}}\n", NULL);
  queue_error (fixture, 503, NULL, NULL);
  queue_fixture (fixture, "groq-basic.sse", 0, 0, BRISK_TEST_END_COMPLETE);

  stream = run_stream (fixture, NULL, &outcome);

  g_assert_no_error (outcome.error);
  g_assert_cmpuint (brisk_chat_stream_get_n_attempts (stream), ==, 3);
  /* Backoff of about 0.2 s then 0.4 s, each with at most 25% jitter off. */
  g_assert_cmpfloat (brisk_chat_stream_get_duration (stream), >=, 0.45);
}

static void
test_server_errors_give_up (Fixture       *fixture,
                            gconstpointer  data)
{
  g_auto(Outcome) outcome;
  g_autoptr(BriskChatStream) stream = NULL;

  for (guint i = 0; i < 4; i++)
    queue_error (fixture, 502, "{\"error\":{\"message\":\"Bad gateway\"}}\n", NULL);

  stream = run_stream (fixture, NULL, &outcome);

  g_assert_error (outcome.error, BRISK_CLIENT_ERROR, BRISK_CLIENT_ERROR_SERVER);
  /* The first try and two retries. */
  g_assert_cmpuint (brisk_test_server_get_n_requests (fixture->server), ==, 3);
}

static void
test_capacity (Fixture       *fixture,
               gconstpointer  data)
{
  g_auto(Outcome) outcome;
  g_autoptr(BriskChatStream) stream = NULL;

  g_object_set (fixture->client, "max-retries", 0, NULL);
  queue_error (fixture, 498, "{\"error\":{\"message\":\"Capacity exceeded\",\"code\":\"capacity_exceeded\"}}\n", NULL);
  stream = run_stream (fixture, NULL, &outcome);

  g_assert_error (outcome.error, BRISK_CLIENT_ERROR, BRISK_CLIENT_ERROR_CAPACITY);
}

static void
test_cancel_mid_stream (Fixture       *fixture,
                        gconstpointer  data)
{
  g_auto(Outcome) outcome;
  g_autoptr(BriskChatStream) stream = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  gboolean server_saw_disconnect = FALSE;
  guint limit_id;
  const char *chunks[] = {
    "data: {\"choices\":[{\"delta\":{\"content\":\"Partial\"}}]}\n\n",
    NULL
  };

  /* The server goes on holding the connection; the user stops the reply. */
  brisk_test_server_queue (fixture->server, CHAT_PATH, 200, EVENT_STREAM, NULL, chunks, 0,
                           BRISK_TEST_END_STALL);
  memset (&outcome, 0, sizeof outcome);
  outcome.cancel_on_first_delta = cancellable;
  {
    g_autoptr(BriskChatRequest) request = brisk_chat_request_new ("m");

    outcome.content = g_string_new (NULL);
    outcome.reasoning = g_string_new (NULL);
    stream = brisk_chat_stream_new (request);
    g_signal_connect (stream, "delta", G_CALLBACK (delta_cb), &outcome);
    brisk_client_stream_chat_async (fixture->client, stream, cancellable, stream_done_cb, &outcome);
    iterate_until (&outcome.done, "the cancelled reply to end");
  }

  g_assert_error (outcome.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (brisk_chat_stream_get_status (stream), ==, BRISK_REPLY_STATUS_CANCELLED);
  g_assert_cmpstr (outcome.content->str, ==, "Partial");

  /* The connection is closed, so the server stops generating. */
  limit_id = g_timeout_add_seconds (WAIT_LIMIT_SECONDS, wait_limit_reached_cb,
                                    (gpointer)"the server to see the disconnect");
  while (!(server_saw_disconnect = brisk_test_server_get_n_disconnected (fixture->server) > 0))
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (limit_id);
  g_assert_true (server_saw_disconnect);
  /* Reported, not asserted: timings belong in benchmarks. */
  g_test_message ("The server saw the connection close %.1f ms after Stop",
                  (g_get_monotonic_time () - outcome.cancelled_at) / 1000.0);
}

static void
test_cancel_before_answer (Fixture       *fixture,
                           gconstpointer  data)
{
  g_auto(Outcome) outcome;
  g_autoptr(BriskChatStream) stream = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  g_cancellable_cancel (cancellable);
  queue_fixture (fixture, "groq-basic.sse", 0, 0, BRISK_TEST_END_COMPLETE);
  stream = run_stream (fixture, cancellable, &outcome);

  g_assert_error (outcome.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (brisk_chat_stream_get_status (stream), ==, BRISK_REPLY_STATUS_CANCELLED);
  g_assert_cmpstr (outcome.content->str, ==, "");
}

static void
test_no_byte_timeout (Fixture       *fixture,
                      gconstpointer  data)
{
  const char *chunks[] = { "data: {\"choices\":[{\"delta\":{\"content\":\"Slow\"}}]}\n\n", NULL };

  g_object_set (fixture->client, "no-byte-timeout", 1, NULL);

  /* Silence after the reply started: interrupted, text kept. */
  {
    g_auto(Outcome) outcome;
    g_autoptr(BriskChatStream) stream = NULL;

    brisk_test_server_queue (fixture->server, CHAT_PATH, 200, EVENT_STREAM, NULL, chunks, 0,
                             BRISK_TEST_END_STALL);
    stream = run_stream (fixture, NULL, &outcome);

    g_assert_error (outcome.error, BRISK_CLIENT_ERROR, BRISK_CLIENT_ERROR_TIMEOUT);
    g_assert_cmpint (brisk_chat_stream_get_status (stream), ==, BRISK_REPLY_STATUS_INTERRUPTED);
    g_assert_cmpstr (outcome.content->str, ==, "Slow");
  }

  /* Silence before anything: failed with a timeout. */
  {
    g_auto(Outcome) outcome;
    g_autoptr(BriskChatStream) stream = NULL;

    brisk_test_server_queue (fixture->server, CHAT_PATH, 200, EVENT_STREAM, NULL, NULL, 0,
                             BRISK_TEST_END_STALL);
    stream = run_stream (fixture, NULL, &outcome);

    g_assert_error (outcome.error, BRISK_CLIENT_ERROR, BRISK_CLIENT_ERROR_TIMEOUT);
    g_assert_cmpint (brisk_chat_stream_get_status (stream), ==, BRISK_REPLY_STATUS_FAILED);
  }
}

static void
test_trickle_keeps_deadline (Fixture       *fixture,
                             gconstpointer  data)
{
  g_auto(Outcome) outcome;
  g_autoptr(BriskChatStream) stream = NULL;
  g_autofree char *text = brisk_test_read_fixture ("groq-basic.sse", NULL);
  g_autoptr(GPtrArray) chunks = brisk_test_split_stream (text, 400);

  /* The deadline is for silence, not for the whole reply: a slow but steady stream, longer
   * in total than the timeout, completes.
   */
  g_object_set (fixture->client, "no-byte-timeout", 1, NULL);
  brisk_test_server_queue_bytes (fixture->server, CHAT_PATH, 200, EVENT_STREAM, NULL, chunks,
                                 150, BRISK_TEST_END_COMPLETE);
  stream = run_stream (fixture, NULL, &outcome);

  g_assert_no_error (outcome.error);
  g_assert_cmpfloat (brisk_chat_stream_get_duration (stream), >, 1.0);
}

static void
test_connection_refused (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(BriskClient) client = NULL;
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_auto(Outcome) outcome;
  g_autoptr(BriskChatStream) stream = NULL;
  g_autofree char *url = NULL;
  guint16 port;

  /* A port that was free a moment ago and is closed now. */
  port = g_socket_listener_add_any_inet_port (listener, NULL, NULL);
  g_socket_listener_close (listener);
  url = g_strdup_printf ("http://127.0.0.1:%u/v1", port);

  client = brisk_client_new (url, NULL);
  g_object_set (client, "retry-delay", 10, NULL);
  g_set_object (&fixture->client, client);
  stream = run_stream (fixture, NULL, &outcome);

  g_assert_error (outcome.error, BRISK_CLIENT_ERROR, BRISK_CLIENT_ERROR_NETWORK);
  /* Connection failures are retried before giving up. */
  g_assert_cmpuint (brisk_chat_stream_get_n_attempts (stream), ==, 3);
}

/* Replaces the fixture's server and client with an HTTPS server, whose certificate (tests/tls/)
 * no system trusts, and a client of it.
 */
static void
use_https_server (Fixture *fixture)
{
  g_autoptr(BriskClient) client = NULL;

  g_clear_pointer (&fixture->server, brisk_test_server_free);
  fixture->server = brisk_test_server_new_https ();
  g_assert_true (g_str_has_prefix (brisk_test_server_get_base_url (fixture->server),
                                   "https://127.0.0.1:"));

  client = brisk_client_new (brisk_test_server_get_base_url (fixture->server), NULL);
  brisk_client_set_api_key (client, "gsk_test_key_never_logged");
  g_object_set (client, "retry-delay", 20, NULL);
  g_set_object (&fixture->client, client);
}

static void
test_tls_untrusted (Fixture       *fixture,
                    gconstpointer  data)
{
  g_auto(Outcome) outcome;
  g_autoptr(BriskChatStream) stream = NULL;

  use_https_server (fixture);
  queue_fixture (fixture, "groq-basic.sse", 0, 0, BRISK_TEST_END_COMPLETE);
  stream = run_stream (fixture, NULL, &outcome);

  g_assert_error (outcome.error, BRISK_CLIENT_ERROR, BRISK_CLIENT_ERROR_TLS);
  g_test_message ("untrusted certificate: %s", outcome.error->message);
  g_assert_cmpstr (outcome.error->message, ==,
                   "The certificate of 127.0.0.1 was not accepted: it is not signed by an "
                   "authority this computer trusts");
  g_assert_null (strstr (outcome.error->message, "gsk_test_key_never_logged"));
  g_assert_false (outcome.ok);
  g_assert_cmpstr (outcome.content->str, ==, "");
  /* Not retried: the same certificate would be refused again. The request never left. */
  g_assert_cmpuint (brisk_chat_stream_get_n_attempts (stream), ==, 1);
  g_assert_cmpuint (brisk_test_server_get_n_requests (fixture->server), ==, 0);
}

static void
test_tls_database (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GTlsDatabase) database = brisk_test_tls_database ();
  g_autoptr(BriskChatStream) stream = NULL;
  g_auto(Outcome) outcome;
  SoupSession *session = NULL;

  use_https_server (fixture);
  brisk_client_set_tls_database (fixture->client, database);
  queue_fixture (fixture, "groq-basic.sse", 7, 0, BRISK_TEST_END_COMPLETE);
  stream = run_stream (fixture, NULL, &outcome);

  g_assert_no_error (outcome.error);
  g_assert_true (outcome.ok);
  g_assert_cmpint (brisk_chat_stream_get_status (stream), ==, BRISK_REPLY_STATUS_COMPLETE);
  g_assert_cmpstr (outcome.content->str, ==, "Grüße aus Köln — 你好 🌍! <b>&amp;</b>\n");
  g_assert_cmpuint (brisk_chat_stream_get_n_attempts (stream), ==, 1);
  g_assert_cmpuint (brisk_test_server_get_n_requests (fixture->server), ==, 1);
  g_assert_cmpstr (brisk_test_server_get_request (fixture->server, 0)->authorization, ==,
                   "Bearer gsk_test_key_never_logged");

  /* NULL goes back to the system's certificates, not to a session that trusts nothing. */
  brisk_client_set_tls_database (fixture->client, NULL);
  g_object_get (fixture->client, "session", &session, NULL);
  g_assert_nonnull (soup_session_get_tls_database (session));
  g_assert_true (soup_session_get_tls_database (session) != database);
  g_object_unref (session);
}

static void
test_key_never_sent_in_clear (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(BriskClient) client = brisk_client_new ("http://api.example.com/v1", NULL);
  g_auto(Outcome) outcome;
  g_autoptr(BriskChatStream) stream = NULL;
  g_autoptr(GError) error = NULL;

  brisk_client_set_api_key (client, "gsk_secret");
  g_set_object (&fixture->client, client);
  stream = run_stream (fixture, NULL, &outcome);

  g_assert_error (outcome.error, BRISK_CLIENT_ERROR, BRISK_CLIENT_ERROR_INSECURE);
  g_assert_null (strstr (outcome.error->message, "gsk_secret"));

  /* Plain HTTP is fine to this computer, and without a key. */
  g_assert_true (brisk_check_base_url ("http://localhost:8080/v1", TRUE, NULL));
  g_assert_true (brisk_check_base_url ("http://127.0.0.2:11434/v1", TRUE, NULL));
  g_assert_true (brisk_check_base_url ("http://[::1]:8080/v1", TRUE, NULL));
  g_assert_true (brisk_check_base_url ("http://192.168.1.20:11434/v1", FALSE, NULL));
  g_assert_false (brisk_check_base_url ("http://192.168.1.20:11434/v1", TRUE, &error));
  g_assert_error (error, BRISK_CLIENT_ERROR, BRISK_CLIENT_ERROR_INSECURE);
  g_clear_error (&error);
  g_assert_false (brisk_check_base_url ("ftp://example.com", FALSE, &error));
  g_assert_error (error, BRISK_CLIENT_ERROR, BRISK_CLIENT_ERROR_BAD_REQUEST);
}

static void
test_non_streaming_server (Fixture       *fixture,
                           gconstpointer  data)
{
  g_auto(Outcome) outcome;
  g_autoptr(BriskChatStream) stream = NULL;
  const char *chunks[] = {
    "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"model\":\"local\",\"choices\":[{\"index\":0,"
    "\"message\":{\"role\":\"assistant\",\"content\":\"Whole answer\"},\"finish_reason\":\"stop\"}],"
    "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,\"total_tokens\":5}}",
    NULL
  };

  /* A server that ignores "stream" answers with one JSON document. */
  brisk_test_server_queue (fixture->server, CHAT_PATH, 200, "application/json", NULL, chunks, 0,
                           BRISK_TEST_END_COMPLETE);
  stream = run_stream (fixture, NULL, &outcome);

  g_assert_no_error (outcome.error);
  g_assert_cmpstr (outcome.content->str, ==, "Whole answer");
  g_assert_cmpint (brisk_chat_stream_get_usage (stream)->completion_tokens, ==, 2);
}

static void
test_non_streaming_invalid_json (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_auto(Outcome) outcome;
  g_autoptr(BriskChatStream) stream = NULL;
  const char *chunks[] = { "{\"choices\":[{\"message\":{\"content\":\"cut", NULL };

  brisk_test_server_queue (fixture->server, CHAT_PATH, 200, "application/json", NULL, chunks, 0,
                           BRISK_TEST_END_COMPLETE);
  stream = run_stream (fixture, NULL, &outcome);

  /* A broken answer is a protocol error, not a network trouble to retry. */
  g_assert_error (outcome.error, BRISK_CLIENT_ERROR, BRISK_CLIENT_ERROR_PROTOCOL);
  g_assert_cmpuint (brisk_test_server_get_n_requests (fixture->server), ==, 1);
}

static void
test_api_key_cleaned (Fixture       *fixture,
                      gconstpointer  data)
{
  g_auto(Outcome) outcome;
  g_autoptr(BriskChatStream) stream = NULL;

  /* Blank and multi-line keys are no keys; white space around a pasted key is dropped. */
  brisk_client_set_api_key (fixture->client, "   ");
  g_assert_false (brisk_client_has_api_key (fixture->client));
  brisk_client_set_api_key (fixture->client, "gsk_first\ngsk_second");
  g_assert_false (brisk_client_has_api_key (fixture->client));
  brisk_client_set_api_key (fixture->client, "  gsk_pasted \n");
  g_assert_true (brisk_client_has_api_key (fixture->client));

  queue_fixture (fixture, "groq-basic.sse", 0, 0, BRISK_TEST_END_COMPLETE);
  stream = run_stream (fixture, NULL, &outcome);
  g_assert_no_error (outcome.error);
  g_assert_cmpstr (brisk_test_server_get_request (fixture->server, 0)->authorization, ==,
                   "Bearer gsk_pasted");
}

static void
test_tool_call_stream (Fixture       *fixture,
                       gconstpointer  data)
{
  g_auto(Outcome) outcome;
  g_autoptr(BriskChatStream) stream = NULL;
  GPtrArray *calls;

  queue_fixture (fixture, "groq-parallel-tool-calls.sse", 100, 0, BRISK_TEST_END_COMPLETE);
  stream = run_stream (fixture, NULL, &outcome);

  g_assert_no_error (outcome.error);
  g_assert_cmpuint (outcome.n_tool_call_deltas, >, 0);
  calls = brisk_chat_stream_get_tool_calls (stream);
  g_assert_cmpuint (calls->len, ==, 3);
  g_assert_cmpstr (((BriskToolCall *)g_ptr_array_index (calls, 2))->name, ==, "get_time");
  g_assert_cmpstr (brisk_chat_stream_get_finish_reason (stream), ==, "tool_calls");
}

typedef struct
{
  GPtrArray *models;
  GError    *error;
  gboolean   from_cache;
  gboolean   done;
} ModelsOutcome;

static void
models_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  ModelsOutcome *outcome = user_data;

  outcome->models = brisk_client_list_models_finish (BRISK_CLIENT (object), result,
                                                     &outcome->from_cache, &outcome->error);
  outcome->done = TRUE;
}

static void
list_models (BriskClient   *client,
             ModelsOutcome *outcome)
{
  memset (outcome, 0, sizeof *outcome);
  brisk_client_list_models_async (client, NULL, models_done_cb, outcome);
  iterate_until (&outcome->done, "the list of models");
}

static void
models_outcome_clear (ModelsOutcome *outcome)
{
  g_clear_pointer (&outcome->models, g_ptr_array_unref);
  g_clear_error (&outcome->error);
}

static void
test_models_filtered_and_cached (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autofree char *json = brisk_test_read_fixture ("groq-models.json", NULL);
  g_autofree char *cache_dir = g_dir_make_tmp ("brisk-test-XXXXXX", NULL);
  g_autofree char *cache_path = g_build_filename (cache_dir, "groq", "models.json", NULL);
  const char *chunks[] = { json, NULL };
  const char *expected[] = {
    "groq/compound", "llama-3.1-8b-instant", "moonshotai/kimi-k2-instruct-0905",
    "openai/gpt-oss-120b",
  };
  ModelsOutcome outcome;
  BriskModel *model;

  g_object_set (fixture->client, "models-cache-path", cache_path, NULL);

  brisk_test_server_queue (fixture->server, MODELS_PATH, 200, "application/json", NULL, chunks,
                           0, BRISK_TEST_END_COMPLETE);
  list_models (fixture->client, &outcome);

  /* Speech, text-to-speech, guard models and inactive models are not chat models. */
  g_assert_no_error (outcome.error);
  g_assert_false (outcome.from_cache);
  g_assert_cmpuint (outcome.models->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpstr (brisk_model_get_id (g_ptr_array_index (outcome.models, i)), ==, expected[i]);
  model = g_ptr_array_index (outcome.models, 3);
  g_assert_cmpint (brisk_model_get_context_window (model), ==, 131072);
  g_assert_cmpint (brisk_model_get_max_completion_tokens (model), ==, 65536);
  g_assert_cmpstr (brisk_model_get_owned_by (model), ==, "OpenAI");
  g_assert_cmpstr (brisk_test_server_get_request (fixture->server, 0)->authorization, ==,
                   "Bearer gsk_test_key_never_logged");
  g_assert_true (g_file_test (cache_path, G_FILE_TEST_EXISTS));
  models_outcome_clear (&outcome);

  /* Offline: the server is in trouble, so the last list is used. */
  queue_error (fixture, 503, NULL, NULL);
  brisk_test_server_queue (fixture->server, MODELS_PATH, 503, NULL, NULL, NULL, 0,
                           BRISK_TEST_END_COMPLETE);
  list_models (fixture->client, &outcome);
  g_assert_no_error (outcome.error);
  g_assert_true (outcome.from_cache);
  g_assert_cmpuint (outcome.models->len, ==, G_N_ELEMENTS (expected));
  g_assert_cmpint (brisk_model_get_context_window (g_ptr_array_index (outcome.models, 3)), ==, 131072);
  models_outcome_clear (&outcome);

  /* A refused key is never hidden behind the cache. */
  brisk_test_server_queue (fixture->server, MODELS_PATH, 401, "application/json", NULL,
                           (const char *[]) { "{\"error\":{\"message\":\"Invalid API Key\",\"code\":\"invalid_api_key\"}}\n", NULL },
                           0, BRISK_TEST_END_COMPLETE);
  list_models (fixture->client, &outcome);
  g_assert_error (outcome.error, BRISK_CLIENT_ERROR, BRISK_CLIENT_ERROR_INVALID_KEY);
  models_outcome_clear (&outcome);

  /* Unreachable altogether: still the cache. */
  {
    g_autoptr(BriskClient) offline = brisk_client_new ("http://127.0.0.1:9/v1", NULL);

    g_object_set (offline, "models-cache-path", cache_path, NULL);
    list_models (offline, &outcome);
    g_assert_no_error (outcome.error);
    g_assert_true (outcome.from_cache);
    models_outcome_clear (&outcome);
  }

  {
    g_autofree char *group_dir = g_path_get_dirname (cache_path);

    g_unlink (cache_path);
    g_rmdir (group_dir);
    g_rmdir (cache_dir);
  }
}

static void
test_duration_parsing (void)
{
  struct {
    const char *text;
    double      seconds;
  } valid[] = {
    { "2m59.56s", 179.56 }, { "7.66s", 7.66 }, { "120ms", 0.12 }, { "1h0m5s", 3605 },
    { "9m38.016s", 578.016 }, { "6s", 6 }, { "1.57s", 1.57 }, { "30", 30 }, { "500us", 0.0005 },
  };
  const char *invalid[] = { "", "s", "5x", "-1s", "1m-2s", "abc", "5 s" };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      double seconds = -1;

      g_assert_true (brisk_parse_duration (valid[i].text, &seconds));
      g_assert_cmpfloat_with_epsilon (seconds, valid[i].seconds, 1e-9);
    }
  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      double seconds;

      g_test_message ("%s", invalid[i]);
      g_assert_false (brisk_parse_duration (invalid[i], &seconds));
    }
}

static void
test_retry_after_http_date (void)
{
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 22, 10, 0, 0);
  double seconds = -1;

  soup_message_headers_append (headers, "Retry-After", "Sun, 22 Nov 2026 10:00:42 GMT");
  g_assert_true (brisk_parse_retry_after (headers, now, &seconds));
  g_assert_cmpfloat (seconds, ==, 42);
}

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  /* Over HTTPS GIO loads glib-networking's GnuTLS module, and the LeakSanitizer of GCC 12
   * crashes scanning the thread-local storage of a loaded module. So these run on their own,
   * when BRISK_TEST_TLS is set: as the test test-client-tls of suite 'tls', which the sanitizer
   * run leaves out.
   */
  if (g_getenv ("BRISK_TEST_TLS") != NULL)
    {
      ADD ("/client/tls-untrusted", test_tls_untrusted);
      ADD ("/client/tls-database", test_tls_database);
      return g_test_run ();
    }

  ADD ("/client/streams-reply", test_streams_reply);
  ADD ("/client/deltas-coalesced", test_deltas_coalesced);
  ADD ("/client/drop-without-finish", test_drop_without_finish_is_interrupted);
  ADD ("/client/clean-close-without-finish", test_clean_close_without_finish_is_interrupted);
  ADD ("/client/eof-without-done-after-finish", test_eof_without_done_after_finish);
  ADD ("/client/mid-stream-error", test_mid_stream_error);
  ADD ("/client/http-errors", test_http_errors);
  ADD ("/client/auth-errors-not-retried", test_auth_errors_not_retried);
  ADD ("/client/rate-limit-retried", test_rate_limit_retried);
  ADD ("/client/rate-limit-retry-after-ms", test_rate_limit_retry_after_ms);
  ADD ("/client/rate-limit-wait-too-long", test_rate_limit_wait_too_long);
  ADD ("/client/server-errors-retried", test_server_errors_retried_with_backoff);
  ADD ("/client/server-errors-give-up", test_server_errors_give_up);
  ADD ("/client/capacity", test_capacity);
  ADD ("/client/cancel-mid-stream", test_cancel_mid_stream);
  ADD ("/client/cancel-before-answer", test_cancel_before_answer);
  ADD ("/client/no-byte-timeout", test_no_byte_timeout);
  ADD ("/client/trickle-keeps-deadline", test_trickle_keeps_deadline);
  ADD ("/client/connection-refused", test_connection_refused);
  ADD ("/client/key-never-sent-in-clear", test_key_never_sent_in_clear);
  ADD ("/client/non-streaming-server", test_non_streaming_server);
  ADD ("/client/non-streaming-invalid-json", test_non_streaming_invalid_json);
  ADD ("/client/api-key-cleaned", test_api_key_cleaned);
  ADD ("/client/tool-call-stream", test_tool_call_stream);
  ADD ("/client/models-filtered-and-cached", test_models_filtered_and_cached);
  g_test_add_func ("/client/duration-parsing", test_duration_parsing);
  g_test_add_func ("/client/retry-after-http-date", test_retry_after_http_date);

  return g_test_run ();
}
