/* brisk-ask.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "brisk-ask"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <locale.h>
#include <stdio.h>
#include <unistd.h>

#include "brisk-ask.h"
#include "brisk-client.h"
#include "brisk-client-error.h"
#include "brisk-key-store.h"

/* `brisk --ask` and `brisk --list-models`: the streaming core on the command line. No GTK is
 * initialised, so it works over SSH and in scripts, without a display.
 */

typedef struct
{
  GMainLoop       *loop;
  BriskClient     *client;
  GCancellable    *cancellable;
  BriskChatStream *stream;
  GError          *error;
  GPtrArray       *models;
  gboolean         to_terminal;
  gboolean         reasoning_to_terminal;
  gboolean         show_reasoning;
  gboolean         in_reasoning;
  gboolean         wrote_newline;
  gboolean         ok;
} Ask;

static gboolean asking;
static gboolean list;
static char *model_name;
static char *system_prompt;
static char *base_url;
static double temperature = -1;
static gint64 max_tokens = -1;
static gboolean show_reasoning;
static gboolean show_stats;

static const GOptionEntry ask_entries[] = {
  { "ask", 0, 0, G_OPTION_ARG_NONE, &asking,
    N_("Ask a question and print the answer as it streams in"), NULL },
  { "list-models", 0, 0, G_OPTION_ARG_NONE, &list, N_("List the provider’s chat models"), NULL },
  { "model", 'm', 0, G_OPTION_ARG_STRING, &model_name, N_("The model to ask"), N_("MODEL") },
  { "system", 's', 0, G_OPTION_ARG_STRING, &system_prompt, N_("A system prompt"), N_("TEXT") },
  { "base-url", 0, 0, G_OPTION_ARG_STRING, &base_url,
    N_("Another OpenAI-compatible server, asked without the Groq key (default: Groq, or "
       "$BRISK_BASE_URL with the Groq key)"), N_("URL") },
  { "temperature", 't', 0, G_OPTION_ARG_DOUBLE, &temperature,
    N_("Sampling temperature, 0 to 2"), N_("T") },
  { "max-tokens", 0, 0, G_OPTION_ARG_INT64, &max_tokens,
    N_("The most tokens the answer may use"), N_("N") },
  { "show-reasoning", 0, 0, G_OPTION_ARG_NONE, &show_reasoning,
    N_("Print the model’s reasoning (on standard error)"), NULL },
  { "stats", 0, 0, G_OPTION_ARG_NONE, &show_stats,
    N_("Print timings and token counts (on standard error)"), NULL },
  { NULL }
};

/**
 * brisk_ask_wants_command_line:
 *
 * Returns: whether @argv asks for the command-line mode rather than the window
 */
gboolean
brisk_ask_wants_command_line (int    argc,
                              char **argv)
{
  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--"))
        break;
      if (g_str_equal (argv[i], "--ask") || g_str_equal (argv[i], "--list-models"))
        return TRUE;
    }

  return FALSE;
}

static int
exit_status_for (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return BRISK_ASK_EXIT_CANCELLED;
  if (error->domain != BRISK_CLIENT_ERROR)
    return BRISK_ASK_EXIT_FAILURE;

  switch ((BriskClientError)error->code)
    {
    case BRISK_CLIENT_ERROR_INVALID_KEY: return BRISK_ASK_EXIT_INVALID_KEY;
    case BRISK_CLIENT_ERROR_FORBIDDEN: return BRISK_ASK_EXIT_FORBIDDEN;
    case BRISK_CLIENT_ERROR_MODEL_NOT_FOUND: return BRISK_ASK_EXIT_MODEL_NOT_FOUND;
    case BRISK_CLIENT_ERROR_MODEL_DECOMMISSIONED: return BRISK_ASK_EXIT_MODEL_DECOMMISSIONED;
    case BRISK_CLIENT_ERROR_REQUEST_TOO_LARGE: return BRISK_ASK_EXIT_REQUEST_TOO_LARGE;
    case BRISK_CLIENT_ERROR_RATE_LIMITED: return BRISK_ASK_EXIT_RATE_LIMITED;
    case BRISK_CLIENT_ERROR_CAPACITY: return BRISK_ASK_EXIT_CAPACITY;
    case BRISK_CLIENT_ERROR_BAD_REQUEST: return BRISK_ASK_EXIT_BAD_REQUEST;
    case BRISK_CLIENT_ERROR_SERVER: return BRISK_ASK_EXIT_SERVER;
    case BRISK_CLIENT_ERROR_NETWORK: return BRISK_ASK_EXIT_NETWORK;
    case BRISK_CLIENT_ERROR_TLS: return BRISK_ASK_EXIT_TLS;
    case BRISK_CLIENT_ERROR_TIMEOUT: return BRISK_ASK_EXIT_TIMEOUT;
    case BRISK_CLIENT_ERROR_PROTOCOL: return BRISK_ASK_EXIT_PROTOCOL;
    case BRISK_CLIENT_ERROR_STREAM: return BRISK_ASK_EXIT_STREAM;
    case BRISK_CLIENT_ERROR_INSECURE: return BRISK_ASK_EXIT_INSECURE;
    default: return BRISK_ASK_EXIT_FAILURE;
    }
}

static const char *
hint_for (const GError *error)
{
  if (error->domain != BRISK_CLIENT_ERROR)
    return NULL;

  switch ((BriskClientError)error->code)
    {
    case BRISK_CLIENT_ERROR_INVALID_KEY:
      return _("check GROQ_API_KEY; keys are made at https://console.groq.com/keys");
    case BRISK_CLIENT_ERROR_MODEL_NOT_FOUND:
    case BRISK_CLIENT_ERROR_MODEL_DECOMMISSIONED:
      return _("see brisk --list-models for the models you can use");
    case BRISK_CLIENT_ERROR_REQUEST_TOO_LARGE:
      return _("shorten the question or choose a model with a larger context");
    case BRISK_CLIENT_ERROR_NETWORK:
      return _("check the network connection");
    case BRISK_CLIENT_ERROR_TLS:
      return _("the server’s certificate could not be trusted");
    case BRISK_CLIENT_ERROR_FORBIDDEN:
    case BRISK_CLIENT_ERROR_RATE_LIMITED:
    case BRISK_CLIENT_ERROR_CAPACITY:
    case BRISK_CLIENT_ERROR_BAD_REQUEST:
    case BRISK_CLIENT_ERROR_SERVER:
    case BRISK_CLIENT_ERROR_TIMEOUT:
    case BRISK_CLIENT_ERROR_PROTOCOL:
    case BRISK_CLIENT_ERROR_STREAM:
    case BRISK_CLIENT_ERROR_INSECURE:
    default:
      return NULL;
    }
}

static int
report_error (const GError *error)
{
  const char *hint = hint_for (error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return BRISK_ASK_EXIT_CANCELLED;

  if (hint != NULL)
    /* Translators: the first %s is an error message, the second a hint to fix it. */
    g_printerr (_("brisk: %s (%s)\n"), error->message, hint);
  else
    g_printerr (_("brisk: %s\n"), error->message);

  return exit_status_for (error);
}

/* On a terminal, model output is text, never commands: escape sequences and other control
 * characters are shown as U+FFFD instead of being obeyed by the terminal.
 */
static void
write_text (FILE       *out,
            const char *text,
            gboolean    to_terminal)
{
  if (!to_terminal)
    {
      fputs (text, out);
      return;
    }

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar ch = g_utf8_get_char (p);

      if ((ch < 0x20 && ch != '\n' && ch != '\t') || (ch >= 0x7F && ch <= 0x9F))
        fputs ("\xEF\xBF\xBD", out);
      else
        fwrite (p, 1, g_utf8_next_char (p) - p, out);
    }
}

static void
delta_cb (BriskChatStream *stream,
          BriskDeltaKind   kind,
          const char      *text,
          Ask             *ask)
{
  switch (kind)
    {
    case BRISK_DELTA_REASONING:
      if (!ask->show_reasoning)
        return;
      write_text (stderr, text, ask->reasoning_to_terminal);
      ask->in_reasoning = TRUE;
      fflush (stderr);
      break;

    case BRISK_DELTA_CONTENT:
      if (ask->in_reasoning)
        {
          fputs ("\n\n", stderr);
          ask->in_reasoning = FALSE;
        }
      write_text (stdout, text, ask->to_terminal);
      ask->wrote_newline = g_str_has_suffix (text, "\n");
      fflush (stdout);
      break;

    case BRISK_DELTA_TOOL_CALLS:
    default:
      break;
    }
}

static void
print_stats (BriskChatStream *stream)
{
  const BriskUsage *usage = brisk_chat_stream_get_usage (stream);
  double first = brisk_chat_stream_get_time_to_first_delta (stream);
  double duration = brisk_chat_stream_get_duration (stream);
  g_autoptr(GString) line = g_string_new (NULL);

  g_string_append_printf (line, "model %s", brisk_chat_stream_get_model (stream)
                                              ? brisk_chat_stream_get_model (stream)
                                              : brisk_chat_request_get_model (brisk_chat_stream_get_request (stream)));
  if (first >= 0)
    g_string_append_printf (line, " · first token %.3f s", first);
  g_string_append_printf (line, " · total %.3f s", duration);

  if (usage->completion_tokens >= 0)
    {
      g_string_append_printf (line, " · %" G_GINT64_FORMAT " tokens", usage->completion_tokens);
      /* Groq's own completion time measures generation alone, without the network. */
      if (usage->completion_time > 0)
        g_string_append_printf (line, " · %.0f tokens/s",
                                usage->completion_tokens / usage->completion_time);
      else if (duration > first && first >= 0)
        g_string_append_printf (line, " · %.0f tokens/s",
                                usage->completion_tokens / (duration - first));
    }
  if (usage->prompt_tokens >= 0)
    g_string_append_printf (line, " · prompt %" G_GINT64_FORMAT " tokens", usage->prompt_tokens);
  if (usage->cached_tokens >= 0)
    g_string_append_printf (line, " (%" G_GINT64_FORMAT " cached)", usage->cached_tokens);
  if (usage->reasoning_tokens >= 0)
    g_string_append_printf (line, " · reasoning %" G_GINT64_FORMAT " tokens", usage->reasoning_tokens);
  if (usage->queue_time >= 0)
    g_string_append_printf (line, " · queue %.3f s", usage->queue_time);
  if (usage->prompt_time >= 0)
    g_string_append_printf (line, " · prompt time %.3f s", usage->prompt_time);
  if (usage->completion_time >= 0)
    g_string_append_printf (line, " · completion time %.3f s", usage->completion_time);
  if (brisk_chat_stream_get_request_id (stream) != NULL)
    g_string_append_printf (line, " · request %s", brisk_chat_stream_get_request_id (stream));

  g_printerr ("%s\n", line->str);
}

static void
stream_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Ask *ask = user_data;

  ask->ok = brisk_client_stream_chat_finish (BRISK_CLIENT (object), result, &ask->error);
  g_main_loop_quit (ask->loop);
}

typedef struct
{
  GMainLoop      *loop;
  char           *key;
  GError         *error;
} KeyLookup;

static void
key_found_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  KeyLookup *lookup = user_data;

  lookup->key = brisk_key_store_lookup_finish (BRISK_KEY_STORE (object), result, NULL,
                                               &lookup->error);
  g_main_loop_quit (lookup->loop);
}

/* The same key the window uses: GROQ_API_KEY, else the one in the keyring. */
static char *
find_groq_key (GMainLoop  *loop,
               GError    **error)
{
  g_autoptr(BriskKeyStore) key_store = brisk_key_store_new ();
  KeyLookup lookup = { loop, NULL, NULL };

  brisk_key_store_lookup_async (key_store, BRISK_GROQ_PROVIDER_ID, NULL, key_found_cb, &lookup);
  g_main_loop_run (loop);

  if (lookup.error != NULL)
    g_propagate_error (error, lookup.error);
  return lookup.key;
}

static void
models_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Ask *ask = user_data;

  ask->models = brisk_client_list_models_finish (BRISK_CLIENT (object), result, NULL, &ask->error);
  g_main_loop_quit (ask->loop);
}

static gboolean
interrupted_cb (gpointer user_data)
{
  Ask *ask = user_data;

  /* Ctrl+C stops the reply; what was printed stays. */
  g_cancellable_cancel (ask->cancellable);
  return G_SOURCE_CONTINUE;
}

static char *
read_question (char   **args,
               GError **error)
{
  g_autoptr(GString) question = g_string_new (NULL);

  if (args == NULL || args[0] == NULL)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           _("No question: use brisk --ask \"QUESTION\" or brisk --ask - to read it from standard input"));
      return NULL;
    }

  if (g_str_equal (args[0], "-") && args[1] == NULL)
    {
      char buffer[4096];
      size_t n;

      while ((n = fread (buffer, 1, sizeof buffer, stdin)) > 0)
        g_string_append_len (question, buffer, n);
    }
  else
    {
      g_autofree char *joined = g_strjoinv (" ", args);

      g_string_append (question, joined);
    }

  if (!g_utf8_validate (question->str, question->len, NULL))
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           _("The question is not valid UTF-8 text"));
      return NULL;
    }

  g_strstrip (question->str);
  if (*question->str == '\0')
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, _("The question is empty"));
      return NULL;
    }

  return g_string_free (g_steal_pointer (&question), FALSE);
}

static int
list_models (Ask *ask)
{
  brisk_client_list_models_async (ask->client, ask->cancellable, models_done_cb, ask);
  g_main_loop_run (ask->loop);

  if (ask->models == NULL)
    return report_error (ask->error);

  for (guint i = 0; i < ask->models->len; i++)
    {
      BriskModel *model = g_ptr_array_index (ask->models, i);

      if (brisk_model_get_context_window (model) > 0)
        g_print ("%-48s %8" G_GINT64_FORMAT "\n",
                 brisk_model_get_id (model), brisk_model_get_context_window (model));
      else
        g_print ("%s\n", brisk_model_get_id (model));
    }

  return EXIT_SUCCESS;
}

static int
ask_question (Ask        *ask,
              const char *question)
{
  g_autoptr(BriskChatRequest) request = NULL;
  const char *model = model_name;

  if (model == NULL)
    model = g_getenv ("BRISK_MODEL");
  if (model == NULL || *model == '\0')
    {
      brisk_client_list_models_async (ask->client, ask->cancellable, models_done_cb, ask);
      g_main_loop_run (ask->loop);
      if (ask->models == NULL)
        return report_error (ask->error);
      model = brisk_models_pick_default (ask->models);
      if (model == NULL)
        {
          g_printerr (_("brisk: The server offers no chat models\n"));
          return BRISK_ASK_EXIT_MODEL_NOT_FOUND;
        }
    }

  request = brisk_chat_request_new (model);
  if (system_prompt != NULL && *system_prompt != '\0')
    brisk_chat_request_add_message (request, BRISK_CHAT_ROLE_SYSTEM, system_prompt);
  brisk_chat_request_add_message (request, BRISK_CHAT_ROLE_USER, question);
  if (temperature >= 0)
    brisk_chat_request_set_temperature (request, temperature);
  if (max_tokens > 0)
    brisk_chat_request_set_max_completion_tokens (request, max_tokens);

  ask->stream = brisk_chat_stream_new (request);
  g_signal_connect (ask->stream, "delta", G_CALLBACK (delta_cb), ask);
  brisk_client_stream_chat_async (ask->client, ask->stream, ask->cancellable, stream_done_cb, ask);
  g_main_loop_run (ask->loop);

  if (ask->in_reasoning)
    fputs ("\n", stderr);
  /* End the answer on a line of its own, so the shell prompt does not follow it. */
  if (ask->to_terminal && !ask->wrote_newline &&
      brisk_chat_stream_get_status (ask->stream) != BRISK_REPLY_STATUS_FAILED)
    fputs ("\n", stdout);
  fflush (stdout);

  if (show_stats)
    print_stats (ask->stream);

  if (!ask->ok)
    {
      if (brisk_chat_stream_get_status (ask->stream) == BRISK_REPLY_STATUS_INTERRUPTED)
        g_printerr (_("brisk: the answer above is incomplete\n"));
      return report_error (ask->error);
    }

  return EXIT_SUCCESS;
}

/**
 * brisk_ask_main:
 *
 * Runs `brisk --ask` or `brisk --list-models`.
 *
 * Returns: the exit status
 */
int
brisk_ask_main (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) args = NULL;
  g_autofree char *question = NULL;
  g_autofree char *cache_path = NULL;
  g_autoptr(GError) key_error = NULL;
  char *key;
  const char *url;
  Ask ask = { 0 };
  int status;
  GOptionEntry rest[] = {
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &args, NULL, N_("QUESTION") },
    { NULL }
  };

  /* Standard output carries the answer alone; every log message goes to standard error. */
  g_log_writer_default_set_use_stderr (TRUE);

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("Ask a model from the command line."));
  g_option_context_set_description (context,
                                    _("The API key comes from GROQ_API_KEY, else from the "
                                      "system keyring, where Brisk keeps it.\n\n"
                                      "Exit status: 0 complete answer, 1 other failure, 2 usage, "
                                      "3 key missing or refused, 4 forbidden, 5 unknown model, "
                                      "6 retired model, 7 too long for the model, 8 rate limited, "
                                      "9 over capacity, 10 request refused, 11 server error, "
                                      "12 network, 13 TLS, 14 timeout, 15 protocol, "
                                      "16 error reported mid-answer, 17 insecure address, "
                                      "130 interrupted."));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, ask_entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, rest, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("brisk: %s\n", error->message);
      return BRISK_ASK_EXIT_USAGE;
    }

  if (!list)
    {
      question = read_question (args, &error);
      if (question == NULL)
        {
          g_printerr ("brisk: %s\n", error->message);
          return BRISK_ASK_EXIT_USAGE;
        }
    }

  url = base_url ? base_url : g_getenv ("BRISK_BASE_URL");
  if (url == NULL || *url == '\0')
    url = BRISK_GROQ_BASE_URL;
  if (!brisk_check_base_url (url, FALSE, &error))
    return report_error (error);

  ask.loop = g_main_loop_new (NULL, FALSE);

  /* BRISK_BASE_URL moves the Groq provider (to a proxy, a test server), and its key goes
   * along. --base-url names another server: it never gets the Groq key.
   */
  key = base_url != NULL && !g_str_equal (url, BRISK_GROQ_BASE_URL)
          ? NULL : find_groq_key (ask.loop, &key_error);
  if (key == NULL && g_str_equal (url, BRISK_GROQ_BASE_URL))
    {
      if (key_error != NULL)
        /* Translators: %s says why the system keyring could not be used. */
        g_printerr (_("brisk: No API key: GROQ_API_KEY is not set. %s\n"), key_error->message);
      else
        g_printerr (_("brisk: No API key: set GROQ_API_KEY or add the key in Brisk (keys are "
                      "made at https://console.groq.com/keys)\n"));
      g_clear_pointer (&ask.loop, g_main_loop_unref);
      return BRISK_ASK_EXIT_INVALID_KEY;
    }

  ask.cancellable = g_cancellable_new ();
  ask.client = brisk_client_new (url, NULL);
  brisk_client_set_api_key (ask.client, key);
  g_clear_pointer (&key, brisk_key_free);
  ask.to_terminal = isatty (STDOUT_FILENO);
  ask.reasoning_to_terminal = isatty (STDERR_FILENO);
  ask.show_reasoning = show_reasoning;

  cache_path = brisk_client_default_models_cache_path (brisk_client_get_base_url (ask.client));
  g_object_set (ask.client, "models-cache-path", cache_path, NULL);

  g_unix_signal_add (SIGINT, interrupted_cb, &ask);
  g_unix_signal_add (SIGTERM, interrupted_cb, &ask);

  status = list ? list_models (&ask) : ask_question (&ask, question);

  g_clear_object (&ask.stream);
  g_clear_object (&ask.client);
  g_clear_object (&ask.cancellable);
  g_clear_pointer (&ask.models, g_ptr_array_unref);
  g_clear_error (&ask.error);
  g_clear_pointer (&ask.loop, g_main_loop_unref);

  return status;
}
