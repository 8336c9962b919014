/* test-ask.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-ask"

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>

#include "brisk-test-server.h"

/* Runs the real `brisk --ask` binary against a scripted server on 127.0.0.1 and checks what a
 * user or a script sees: standard output, standard error and the exit status.
 */

#define CHAT_PATH "/v1/chat/completions"
#define MODELS_PATH "/v1/models"
#define WAIT_LIMIT_SECONDS 60

typedef struct
{
  BriskTestServer *server;
  char            *cache_dir;
  const char      *base_url;  /* BRISK_BASE_URL for brisk, when not the test server's */
  gboolean         debug_log; /* run brisk with G_MESSAGES_DEBUG=all */
  gboolean         no_env_key; /* run brisk without GROQ_API_KEY */
} Fixture;

typedef struct
{
  char     *out;
  char     *err;
  int       status;
  gboolean  done;
} Result;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->server = brisk_test_server_new ();
  fixture->cache_dir = g_dir_make_tmp ("brisk-test-ask-XXXXXX", NULL);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_pointer (&fixture->server, brisk_test_server_free);
  brisk_test_remove_tree (fixture->cache_dir);
  g_free (fixture->cache_dir);
}

static void
result_clear (Result *result)
{
  g_free (result->out);
  g_free (result->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Result, result_clear)

static void
communicated_cb (GObject      *object,
                 GAsyncResult *async_result,
                 gpointer      user_data)
{
  Result *result = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (object), async_result,
                                        &result->out, &result->err, &error);
  g_assert_no_error (error);
  result->status = g_subprocess_get_if_exited (G_SUBPROCESS (object))
                     ? g_subprocess_get_exit_status (G_SUBPROCESS (object))
                     : 128 + g_subprocess_get_term_sig (G_SUBPROCESS (object));
  result->done = TRUE;
}

static gboolean
wait_limit_reached_cb (gpointer user_data)
{
  g_error ("brisk --ask did not finish");
  return G_SOURCE_REMOVE;
}

typedef struct
{
  GSubprocess     *process;
  BriskTestServer *server;
  guint            n_written_before;
} Interrupt;

static gboolean
press_ctrl_c_cb (gpointer user_data)
{
  Interrupt *interrupt = user_data;

  g_subprocess_send_signal (interrupt->process, SIGINT);
  return G_SOURCE_REMOVE;
}

static gboolean
interrupt_when_streaming_cb (gpointer user_data)
{
  Interrupt *interrupt = user_data;

  /* Once the first part of the answer is on its way, give brisk a moment to print it, then
   * press Ctrl+C.
   */
  if (brisk_test_server_get_n_chunks_written (interrupt->server) > interrupt->n_written_before)
    {
      g_timeout_add (1500, press_ctrl_c_cb, interrupt);
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

/* Runs brisk with @args (NULL-terminated), feeding it @input on standard input. */
static void
run_brisk (Fixture     *fixture,
           const char  *input,
           gboolean     interrupt,
           Result      *result,
           const char  *first_arg,
           ...)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  Interrupt interrupter = { NULL, fixture->server, 0 };
  const char *binary = g_getenv ("BRISK_BINARY");
  guint limit_id;
  va_list args;

  g_assert_nonnull (binary);
  memset (result, 0, sizeof *result);

  g_ptr_array_add (argv, (gpointer)binary);
  va_start (args, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer)arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "BRISK_BASE_URL",
                                fixture->base_url ? fixture->base_url
                                                  : brisk_test_server_get_base_url (fixture->server),
                                TRUE);
  if (!fixture->no_env_key)
    g_subprocess_launcher_setenv (launcher, "GROQ_API_KEY", "gsk_cli_test_key", TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "GROQ_API_KEY");
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", fixture->cache_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", "C", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "BRISK_MODEL");
  if (fixture->debug_log)
    g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "all", TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "G_MESSAGES_DEBUG");

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *)argv->pdata, &error);
  g_assert_no_error (error);

  if (interrupt)
    {
      interrupter.process = process;
      interrupter.n_written_before = brisk_test_server_get_n_chunks_written (fixture->server);
      g_timeout_add (10, interrupt_when_streaming_cb, &interrupter);
    }

  g_subprocess_communicate_utf8_async (process, input ? input : "", NULL, communicated_cb, result);
  limit_id = g_timeout_add_seconds (WAIT_LIMIT_SECONDS, wait_limit_reached_cb, NULL);
  while (!result->done)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (limit_id);

  g_test_message ("exit %d\nstdout: %s\nstderr: %s", result->status, result->out, result->err);
}

static void
queue_fixture (Fixture    *fixture,
               const char *name,
               BriskTestEnd end)
{
  g_autofree char *stream = brisk_test_read_fixture (name, NULL);
  g_autoptr(GPtrArray) chunks = brisk_test_split_stream (stream, 300);

  brisk_test_server_queue_bytes (fixture->server, CHAT_PATH, 200, "text/event-stream", NULL,
                                 chunks, 0, end);
}

static const char *
request_body (Fixture *fixture,
              guint    index)
{
  BriskTestRequest *request = brisk_test_server_get_request (fixture->server, index);

  return g_bytes_get_data (request->body, NULL);
}

static void
test_answer_streams_to_stdout (Fixture       *fixture,
                               gconstpointer  data)
{
  g_auto(Result) result;

  queue_fixture (fixture, "groq-basic.sse", BRISK_TEST_END_COMPLETE);
  run_brisk (fixture, NULL, FALSE, &result, "--ask", "--model", "llama-3.3-70b-versatile",
             "--stats", "Say", "hello", NULL);

  g_assert_cmpint (result.status, ==, 0);
  /* Piped output is the model's text exactly, markup and all. */
  g_assert_cmpstr (result.out, ==, "Grüße aus Köln — 你好 🌍! <b>&amp;</b>\n");
  g_assert_nonnull (strstr (result.err, "first token"));
  g_assert_nonnull (strstr (result.err, "9 tokens"));
  g_assert_nonnull (strstr (result.err, "476 tokens/s"));
  g_assert_nonnull (strstr (result.err, "queue 0.051 s"));
  g_assert_nonnull (strstr (result.err, "prompt time 0.003 s"));
  g_assert_nonnull (strstr (result.err, "completion time 0.019 s"));
  g_assert_cmpstr (brisk_test_server_get_request (fixture->server, 0)->authorization, ==,
                   "Bearer gsk_cli_test_key");
  g_assert_nonnull (strstr (request_body (fixture, 0), "\"content\":\"Say hello\""));
}

static void
test_question_from_stdin (Fixture       *fixture,
                          gconstpointer  data)
{
  g_auto(Result) result;
  const char *body;

  queue_fixture (fixture, "groq-basic.sse", BRISK_TEST_END_COMPLETE);
  run_brisk (fixture, "What is in\nthis file?\n", FALSE, &result, "--ask", "-m", "m",
             "--system", "Be brief.", "--temperature", "0.25", "--max-tokens", "64", "-", NULL);

  g_assert_cmpint (result.status, ==, 0);
  body = request_body (fixture, 0);
  g_assert_nonnull (strstr (body, "\"content\":\"What is in\\nthis file?\""));
  g_assert_nonnull (strstr (body, "{\"role\":\"system\",\"content\":\"Be brief.\"}"));
  g_assert_nonnull (strstr (body, "\"temperature\":0.25"));
  g_assert_nonnull (strstr (body, "\"max_completion_tokens\":64"));
  g_assert_null (strstr (result.err, "first token"));
}

static void
test_reasoning_on_stderr (Fixture       *fixture,
                          gconstpointer  data)
{
  g_auto(Result) result;

  queue_fixture (fixture, "groq-reasoning-raw.sse", BRISK_TEST_END_COMPLETE);
  run_brisk (fixture, NULL, FALSE, &result, "--ask", "-m", "m", "--show-reasoning", "2+2?", NULL);

  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpstr (result.out, ==, "2 + 2 = 4.");
  g_assert_nonnull (strstr (result.err, "Okay, the user asks about 2+2."));
}

static void
test_default_model (Fixture       *fixture,
                    gconstpointer  data)
{
  g_auto(Result) result;
  g_autofree char *models = brisk_test_read_fixture ("groq-models.json", NULL);
  const char *chunks[] = { models, NULL };

  /* No --model: the best model the provider lists right now. */
  brisk_test_server_queue (fixture->server, MODELS_PATH, 200, "application/json", NULL, chunks,
                           0, BRISK_TEST_END_COMPLETE);
  queue_fixture (fixture, "groq-basic.sse", BRISK_TEST_END_COMPLETE);
  run_brisk (fixture, NULL, FALSE, &result, "--ask", "hello", NULL);

  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (request_body (fixture, 1), "\"model\":\"openai/gpt-oss-120b\""));
}

static void
test_list_models (Fixture       *fixture,
                  gconstpointer  data)
{
  g_auto(Result) result;
  g_autofree char *models = brisk_test_read_fixture ("groq-models.json", NULL);
  const char *chunks[] = { models, NULL };

  brisk_test_server_queue (fixture->server, MODELS_PATH, 200, "application/json", NULL, chunks,
                           0, BRISK_TEST_END_COMPLETE);
  run_brisk (fixture, NULL, FALSE, &result, "--list-models", NULL);

  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, "llama-3.1-8b-instant"));
  g_assert_nonnull (strstr (result.out, "  131072\n"));
  g_assert_nonnull (strstr (result.out, "moonshotai/kimi-k2-instruct-0905"));
  g_assert_null (strstr (result.out, "whisper"));
  g_assert_null (strstr (result.out, "guard"));
}

typedef struct
{
  guint       status;
  const char *body;
  const char *headers[5];
  int         exit_status;
  const char *message;
} ErrorCase;

static void
test_errors (Fixture       *fixture,
             gconstpointer  data)
{
  const ErrorCase cases[] = {
    { 401, "{\"error\":{\"message\":\"Invalid API Key\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}\n",
      { NULL }, 3, "brisk: Invalid API Key (check GROQ_API_KEY; keys are made at https://console.groq.com/keys)\n" },
    { 404, "{\"error\":{\"message\":\"The model `x` does not exist or you do not have access to it.\",\"code\":\"model_not_found\"}}\n",
      { NULL }, 5, "brisk: The model `x` does not exist or you do not have access to it. (see brisk --list-models for the models you can use)\n" },
    { 413, "{\"error\":{\"message\":\"Request too large\",\"type\":\"tokens\"}}\n",
      { NULL }, 7, NULL },
    { 429, "{\"error\":{\"message\":\"Rate limit reached on tokens per day (TPD). Please try again in 9m38.016s.\",\"type\":\"tokens\"}}\n",
      { "retry-after", "578", NULL }, 8, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Result) result;
      const char *chunks[] = { cases[i].body, NULL };

      brisk_test_server_queue (fixture->server, CHAT_PATH, cases[i].status, "application/json",
                               cases[i].headers, chunks, 0, BRISK_TEST_END_COMPLETE);
      run_brisk (fixture, NULL, FALSE, &result, "--ask", "-m", "x", "hi", NULL);

      g_assert_cmpint (result.status, ==, cases[i].exit_status);
      g_assert_cmpstr (result.out, ==, "");
      /* One clear line on standard error. */
      g_assert_true (g_str_has_prefix (result.err, "brisk: "));
      g_assert_cmpint (strchr (result.err, '\n') - result.err, ==, strlen (result.err) - 1);
      if (cases[i].message != NULL)
        g_assert_cmpstr (result.err, ==, cases[i].message);
    }
}

static void
test_interrupted_answer (Fixture       *fixture,
                         gconstpointer  data)
{
  g_auto(Result) result;
  const char *chunks[] = { "data: {\"choices\":[{\"delta\":{\"content\":\"Half\"}}]}\n\n", NULL };

  brisk_test_server_queue (fixture->server, CHAT_PATH, 200, "text/event-stream", NULL, chunks, 0,
                           BRISK_TEST_END_DROP);
  run_brisk (fixture, NULL, FALSE, &result, "--ask", "-m", "m", "hi", NULL);

  g_assert_cmpint (result.status, ==, 12);
  g_assert_cmpstr (result.out, ==, "Half");
  g_assert_nonnull (strstr (result.err, "incomplete"));
}

static void
test_ctrl_c_stops_cleanly (Fixture       *fixture,
                           gconstpointer  data)
{
  g_auto(Result) result;
  const char *chunks[] = { "data: {\"choices\":[{\"delta\":{\"content\":\"Started\"}}]}\n\n", NULL };

  brisk_test_server_queue (fixture->server, CHAT_PATH, 200, "text/event-stream", NULL, chunks, 0,
                           BRISK_TEST_END_STALL);
  run_brisk (fixture, NULL, TRUE, &result, "--ask", "-m", "m", "hi", NULL);

  g_assert_cmpint (result.status, ==, 130);
  g_assert_cmpstr (result.out, ==, "Started");
  g_assert_cmpstr (result.err, ==, "");
}

static void
test_key_from_keyring (Fixture       *fixture,
                       gconstpointer  data)
{
  g_auto(Result) result;
  g_autoptr(GError) error = NULL;
  const char *store[] = { "secret-tool", "store", "--label=Brisk: Groq API key",
                          "xdg:schema", "io.github.briskchat.Brisk.ApiKey",
                          "provider", "groq", NULL };
  const char *clear[] = { "secret-tool", "clear", "xdg:schema", "io.github.briskchat.Brisk.ApiKey",
                          "provider", "groq", NULL };
  g_autoptr(GSubprocess) storing = NULL;

  /* The key the window saved in the keyring, with no GROQ_API_KEY. */
  storing = g_subprocess_newv (store, G_SUBPROCESS_FLAGS_STDIN_PIPE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (storing, "gsk_from_the_keyring", NULL, NULL, NULL,
                                                &error));
  g_assert_true (g_subprocess_get_successful (storing));

  queue_fixture (fixture, "groq-basic.sse", BRISK_TEST_END_COMPLETE);
  fixture->no_env_key = TRUE;
  run_brisk (fixture, NULL, FALSE, &result, "--ask", "-m", "m", "hi", NULL);

  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpstr (brisk_test_server_get_request (fixture->server, 0)->authorization, ==,
                   "Bearer gsk_from_the_keyring");
  g_assert_null (strstr (result.err, "gsk_from_the_keyring"));

  g_spawn_sync (NULL, (char **)clear, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL,
                &error);
}

static void
test_usage_errors (Fixture       *fixture,
                   gconstpointer  data)
{
  g_auto(Result) no_question;
  g_auto(Result) bad_option;
  g_auto(Result) insecure;

  run_brisk (fixture, NULL, FALSE, &no_question, "--ask", NULL);
  g_assert_cmpint (no_question.status, ==, 2);
  g_assert_nonnull (strstr (no_question.err, "No question"));

  run_brisk (fixture, NULL, FALSE, &bad_option, "--ask", "--temperature", "warm", "hi", NULL);
  g_assert_cmpint (bad_option.status, ==, 2);

  /* The key is never sent unencrypted to another computer: refused before any connection. */
  fixture->base_url = "http://example.com/v1";
  run_brisk (fixture, NULL, FALSE, &insecure, "--ask", "-m", "m", "hi", NULL);
  g_assert_cmpint (insecure.status, ==, 17);
  g_assert_nonnull (strstr (insecure.err, "unencrypted"));
  g_assert_cmpuint (brisk_test_server_get_n_requests (fixture->server), ==, 0);
}

static void
test_key_never_logged (Fixture       *fixture,
                       gconstpointer  data)
{
  const char *refused[] = { "{\"error\":{\"message\":\"Invalid API Key\",\"code\":\"invalid_api_key\"}}\n", NULL };
  const char *headers[] = { "retry-after", "0", NULL };
  g_auto(Result) answered;
  g_auto(Result) rejected;

  /* With every debug message on: an answer, retries after errors, and a refused key. */
  fixture->debug_log = TRUE;
  brisk_test_server_queue (fixture->server, CHAT_PATH, 503, "application/json", headers,
                           (const char *[]) { "{\"error\":{\"message\":\"busy\"}}", NULL }, 0,
                           BRISK_TEST_END_COMPLETE);
  queue_fixture (fixture, "groq-basic.sse", BRISK_TEST_END_COMPLETE);
  run_brisk (fixture, NULL, FALSE, &answered, "--ask", "-m", "m", "--stats", "hi", NULL);
  g_assert_cmpint (answered.status, ==, 0);
  g_assert_nonnull (strstr (answered.err, "DEBUG"));
  /* Debug messages never mix into the answer. */
  g_assert_cmpstr (answered.out, ==, "Grüße aus Köln — 你好 🌍! <b>&amp;</b>\n");

  brisk_test_server_queue (fixture->server, CHAT_PATH, 401, "application/json", NULL, refused, 0,
                           BRISK_TEST_END_COMPLETE);
  run_brisk (fixture, NULL, FALSE, &rejected, "--ask", "-m", "m", "hi", NULL);
  g_assert_cmpint (rejected.status, ==, 3);

  g_assert_null (strstr (answered.out, "gsk_cli_test_key"));
  g_assert_null (strstr (answered.err, "gsk_cli_test_key"));
  g_assert_null (strstr (rejected.err, "gsk_cli_test_key"));
}

static void
test_other_server_gets_no_key (Fixture       *fixture,
                               gconstpointer  data)
{
  g_auto(Result) result;

  /* --base-url names another server, which never sees the Groq key. */
  queue_fixture (fixture, "groq-basic.sse", BRISK_TEST_END_COMPLETE);
  run_brisk (fixture, NULL, FALSE, &result, "--ask", "--base-url",
             brisk_test_server_get_base_url (fixture->server), "-m", "m", "hi", NULL);

  g_assert_cmpint (result.status, ==, 0);
  g_assert_null (brisk_test_server_get_request (fixture->server, 0)->authorization);
}

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/ask/answer-streams-to-stdout", test_answer_streams_to_stdout);
  ADD ("/ask/question-from-stdin", test_question_from_stdin);
  ADD ("/ask/reasoning-on-stderr", test_reasoning_on_stderr);
  ADD ("/ask/default-model", test_default_model);
  ADD ("/ask/list-models", test_list_models);
  ADD ("/ask/errors", test_errors);
  ADD ("/ask/interrupted-answer", test_interrupted_answer);
  ADD ("/ask/ctrl-c-stops-cleanly", test_ctrl_c_stops_cleanly);
  ADD ("/ask/usage-errors", test_usage_errors);
  ADD ("/ask/key-from-keyring", test_key_from_keyring);
  ADD ("/ask/other-server-gets-no-key", test_other_server_gets_no_key);
  ADD ("/ask/key-never-logged", test_key_never_logged);

  return g_test_run ();
}
