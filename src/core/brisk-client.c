/* brisk-client.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "brisk-client"

#include "config.h"

#include <string.h>

#include "brisk-chat-stream-private.h"
#include "brisk-client.h"
#include "brisk-client-error.h"
#include "brisk-sse-parser.h"

/* Talks to one OpenAI-compatible provider (Groq by default): streams chat completions and
 * lists models. Every request goes through one SoupSession.
 *
 * A streamed reply is read in large slices and decoded incrementally; deltas reach the
 * BriskChatStream once per slice. Requests that fail before any text arrived are retried as
 * the server asks (retry-after) or with jittered backoff; a reply that has started is never
 * retried, because that would duplicate text.
 */

#define READ_SLICE_BYTES        (64 * 1024)
#define MAX_ERROR_BODY_BYTES    (1024 * 1024)
#define DEFAULT_NO_BYTE_TIMEOUT 60
#define DEFAULT_MAX_RETRIES     2
#define DEFAULT_MAX_RETRY_WAIT  60
#define DEFAULT_RETRY_DELAY_MS  500
#define MAX_RETRY_DELAY_MS      8000

struct _BriskClient
{
  GObject          parent_instance;

  SoupSession     *session;
  char            *base_url;
  char            *api_key;
  char            *models_cache_path;
  BriskRateLimits  rate_limits;
  guint            no_byte_timeout;
  guint            max_retries;
  guint            max_retry_wait;
  guint            retry_delay_ms;
  guint64          max_reply_bytes;
};

G_DEFINE_FINAL_TYPE (BriskClient, brisk_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BASE_URL,
  PROP_SESSION,
  PROP_MODELS_CACHE_PATH,
  PROP_NO_BYTE_TIMEOUT,
  PROP_MAX_RETRIES,
  PROP_MAX_RETRY_WAIT,
  PROP_RETRY_DELAY,
  PROP_MAX_REPLY_BYTES,
  PROP_RATE_LIMITS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The state of one streamed reply, across its attempts. */
typedef struct
{
  BriskClient       *client;
  BriskChatStream   *stream;
  GBytes            *body;
  SoupMessage       *message;
  GInputStream      *input;
  GCancellable      *user_cancellable;
  GCancellable      *attempt_cancellable;
  gulong             user_cancelled_id;
  GSource           *deadline;
  GSource           *retry_wait;
  BriskSseParser    *parser;
  BriskChunkDecoder *decoder;
  GByteArray        *whole_body;
  GError            *decode_error;
  guint8            *buffer;
  gint64             last_activity;
  guint              status;
  guint              timed_out : 1;
  guint              cancelled : 1;
  guint              event_stream : 1;
} StreamRun;

static void start_attempt (GTask *task);

/* A GSource that fires once its ready time has come; moving the ready time re-arms it
 * cheaply, which matters when it is pushed back on every read of a fast stream.
 */
static gboolean
deadline_dispatch (GSource     *source,
                   GSourceFunc  callback,
                   gpointer     user_data)
{
  g_source_set_ready_time (source, -1);
  return callback (user_data);
}

static GSourceFuncs deadline_funcs = { NULL, NULL, deadline_dispatch, NULL, NULL, NULL };

static GSource *
deadline_new (GSourceFunc callback,
              gpointer    user_data)
{
  GSource *source = g_source_new (&deadline_funcs, sizeof (GSource));

  g_source_set_callback (source, callback, user_data, NULL);
  g_source_set_name (source, "[brisk] client deadline");
  g_source_attach (source, g_main_context_get_thread_default ());

  return source;
}

static void
clear_source (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

static void
stream_run_free (StreamRun *run)
{
  if (run->user_cancelled_id != 0)
    g_cancellable_disconnect (run->user_cancellable, run->user_cancelled_id);
  clear_source (&run->deadline);
  clear_source (&run->retry_wait);
  g_clear_object (&run->client);
  g_clear_object (&run->stream);
  g_clear_pointer (&run->body, g_bytes_unref);
  g_clear_object (&run->message);
  g_clear_object (&run->input);
  g_clear_object (&run->user_cancellable);
  g_clear_object (&run->attempt_cancellable);
  g_clear_pointer (&run->parser, brisk_sse_parser_free);
  g_clear_pointer (&run->decoder, brisk_chunk_decoder_free);
  g_clear_pointer (&run->whole_body, g_byte_array_unref);
  g_clear_error (&run->decode_error);
  g_free (run->buffer);
  g_free (run);
}

BriskClient *
brisk_client_new (const char  *base_url,
                  SoupSession *session)
{
  return g_object_new (BRISK_TYPE_CLIENT,
                       "base-url", base_url,
                       "session", session,
                       NULL);
}

/**
 * brisk_client_default_models_cache_path:
 * @base_url: a provider's base URL
 *
 * Returns: (transfer full): where the last model list of the provider at @base_url is kept for
 *   an offline start; the app and `brisk --ask` share it
 */
char *
brisk_client_default_models_cache_path (const char *base_url)
{
  g_autofree char *checksum = NULL;

  g_return_val_if_fail (base_url != NULL, NULL);

  checksum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, base_url, -1);

  return g_build_filename (g_get_user_cache_dir (), "brisk", "models",
                           g_str_equal (base_url, BRISK_GROQ_BASE_URL) ? "groq.json" : checksum,
                           NULL);
}

static void
forget_api_key (BriskClient *self)
{
  /* Overwrite the key before freeing it so it does not linger in freed memory. */
  if (self->api_key != NULL)
    {
      memset (self->api_key, 0, strlen (self->api_key));
      g_clear_pointer (&self->api_key, g_free);
    }
}

static void
brisk_client_constructed (GObject *object)
{
  BriskClient *self = (BriskClient *)object;

  G_OBJECT_CLASS (brisk_client_parent_class)->constructed (object);

  if (self->session == NULL)
    self->session = soup_session_new_with_options ("user-agent", "Brisk/" PACKAGE_VERSION,
                                                   NULL);
  if (self->base_url == NULL)
    self->base_url = g_strdup (BRISK_GROQ_BASE_URL);
}

static void
brisk_client_finalize (GObject *object)
{
  BriskClient *self = (BriskClient *)object;

  forget_api_key (self);
  g_clear_object (&self->session);
  g_free (self->base_url);
  g_free (self->models_cache_path);

  G_OBJECT_CLASS (brisk_client_parent_class)->finalize (object);
}

static void
brisk_client_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  BriskClient *self = BRISK_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_MODELS_CACHE_PATH:
      g_value_set_string (value, self->models_cache_path);
      break;
    case PROP_NO_BYTE_TIMEOUT:
      g_value_set_uint (value, self->no_byte_timeout);
      break;
    case PROP_MAX_RETRIES:
      g_value_set_uint (value, self->max_retries);
      break;
    case PROP_MAX_RETRY_WAIT:
      g_value_set_uint (value, self->max_retry_wait);
      break;
    case PROP_RETRY_DELAY:
      g_value_set_uint (value, self->retry_delay_ms);
      break;
    case PROP_MAX_REPLY_BYTES:
      g_value_set_uint64 (value, self->max_reply_bytes);
      break;
    case PROP_RATE_LIMITS:
      g_value_set_boxed (value, &self->rate_limits);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
brisk_client_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  BriskClient *self = BRISK_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      {
        const char *url = g_value_get_string (value);
        gsize len = url ? strlen (url) : 0;

        /* "…/v1/" and "…/v1" name the same API. */
        while (len > 0 && url[len - 1] == '/')
          len--;
        g_free (self->base_url);
        self->base_url = url ? g_strndup (url, len) : NULL;
      }
      break;
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;
    case PROP_MODELS_CACHE_PATH:
      g_free (self->models_cache_path);
      self->models_cache_path = g_value_dup_string (value);
      break;
    case PROP_NO_BYTE_TIMEOUT:
      self->no_byte_timeout = g_value_get_uint (value);
      break;
    case PROP_MAX_RETRIES:
      self->max_retries = g_value_get_uint (value);
      break;
    case PROP_MAX_RETRY_WAIT:
      self->max_retry_wait = g_value_get_uint (value);
      break;
    case PROP_RETRY_DELAY:
      self->retry_delay_ms = g_value_get_uint (value);
      break;
    case PROP_MAX_REPLY_BYTES:
      self->max_reply_bytes = g_value_get_uint64 (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
brisk_client_class_init (BriskClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = brisk_client_constructed;
  object_class->finalize = brisk_client_finalize;
  object_class->get_property = brisk_client_get_property;
  object_class->set_property = brisk_client_set_property;

  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, SOUP_TYPE_SESSION,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  /**
   * BriskClient:models-cache-path:
   *
   * Where the last list of models is kept, so Brisk can start offline with it.
   */
  properties[PROP_MODELS_CACHE_PATH] =
    g_param_spec_string ("models-cache-path", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /**
   * BriskClient:no-byte-timeout:
   *
   * Seconds without a single byte from the server (while connecting, waiting for the answer
   * to start, or between two parts of it) after which the request fails; 0 waits forever.
   */
  properties[PROP_NO_BYTE_TIMEOUT] =
    g_param_spec_uint ("no-byte-timeout", NULL, NULL, 0, 3600, DEFAULT_NO_BYTE_TIMEOUT,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS));
  properties[PROP_MAX_RETRIES] =
    g_param_spec_uint ("max-retries", NULL, NULL, 0, 10, DEFAULT_MAX_RETRIES,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS));
  /**
   * BriskClient:max-retry-wait:
   *
   * The longest wait, in seconds, before retrying. When the server asks for more, the request
   * fails at once with the time the limit resets, rather than hanging silently.
   */
  properties[PROP_MAX_RETRY_WAIT] =
    g_param_spec_uint ("max-retry-wait", NULL, NULL, 0, 3600, DEFAULT_MAX_RETRY_WAIT,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS));
  /**
   * BriskClient:retry-delay:
   *
   * The first backoff delay in milliseconds when the server gave none; it doubles for each
   * retry, with jitter.
   */
  properties[PROP_RETRY_DELAY] =
    g_param_spec_uint ("retry-delay", NULL, NULL, 0, MAX_RETRY_DELAY_MS, DEFAULT_RETRY_DELAY_MS,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS));
  properties[PROP_MAX_REPLY_BYTES] =
    g_param_spec_uint64 ("max-reply-bytes", NULL, NULL,
                         1024, G_MAXUINT64, BRISK_SSE_MAX_STREAM_BYTES,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS));
  /**
   * BriskClient:rate-limits:
   *
   * What the provider's rate-limit headers said in the latest response.
   */
  properties[PROP_RATE_LIMITS] =
    g_param_spec_boxed ("rate-limits", NULL, NULL, BRISK_TYPE_RATE_LIMITS,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
brisk_client_init (BriskClient *self)
{
  brisk_rate_limits_clear (&self->rate_limits);
}

const char *
brisk_client_get_base_url (BriskClient *self)
{
  g_return_val_if_fail (BRISK_IS_CLIENT (self), NULL);

  return self->base_url;
}

/**
 * brisk_client_set_api_key:
 * @api_key: (nullable): the key, or %NULL for a server that needs none
 *
 * The key is only ever sent in the Authorization header, and only over HTTPS or to this
 * computer. There is deliberately no property and no getter for it.
 */
void
brisk_client_set_api_key (BriskClient *self,
                          const char  *api_key)
{
  gsize len;

  g_return_if_fail (BRISK_IS_CLIENT (self));

  forget_api_key (self);
  if (api_key == NULL)
    return;

  /* Surrounding white space from a paste is dropped; a key with a line break inside cannot go
   * into a header and is not used (the server then says the key is missing).
   */
  while (g_ascii_isspace (*api_key))
    api_key++;
  len = strlen (api_key);
  while (len > 0 && g_ascii_isspace (api_key[len - 1]))
    len--;
  if (len == 0 || memchr (api_key, '\n', len) != NULL || memchr (api_key, '\r', len) != NULL)
    return;

  self->api_key = g_strndup (api_key, len);
}

gboolean
brisk_client_has_api_key (BriskClient *self)
{
  g_return_val_if_fail (BRISK_IS_CLIENT (self), FALSE);

  return self->api_key != NULL;
}

/**
 * brisk_client_set_tls_database:
 * @database: (nullable): the certificates to trust, or %NULL for the system's
 *
 * For a server whose certificate the system does not trust: one signed by a private
 * certificate authority, or the benchmark's and the tests' own certificate. Connections made
 * from now on trust the certificates @database trusts, and only those. The database is set on
 * the client's SoupSession, so it also applies to other users of a session given to
 * brisk_client_new().
 */
void
brisk_client_set_tls_database (BriskClient  *self,
                               GTlsDatabase *database)
{
  g_autoptr(GTlsDatabase) system = NULL;

  g_return_if_fail (BRISK_IS_CLIENT (self));
  g_return_if_fail (database == NULL || G_IS_TLS_DATABASE (database));

  /* A session given no database at all would trust nothing: %NULL means the system's. */
  if (database == NULL)
    system = g_tls_backend_get_default_database (g_tls_backend_get_default ());

  soup_session_set_tls_database (self->session, database != NULL ? database : system);
}

const BriskRateLimits *
brisk_client_get_rate_limits (BriskClient *self)
{
  g_return_val_if_fail (BRISK_IS_CLIENT (self), NULL);

  return &self->rate_limits;
}

static gboolean
is_loopback_host (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0 ||
      g_str_has_suffix (host, ".localhost"))
    return TRUE;

  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/**
 * brisk_check_base_url:
 * @base_url: a provider's base URL
 * @sends_key: whether an API key would be sent to it
 *
 * A key may only travel over HTTPS, or over plain HTTP to this very computer (a local
 * llama.cpp or Ollama).
 *
 * Returns: whether @base_url may be used
 */
gboolean
brisk_check_base_url (const char  *base_url,
                      gboolean     sends_key,
                      GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  uri = g_uri_parse (base_url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, BRISK_CLIENT_ERROR, BRISK_CLIENT_ERROR_BAD_REQUEST,
                   "“%s” is not a web address", base_url);
      return FALSE;
    }

  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;

  if (g_ascii_strcasecmp (scheme, "http") != 0)
    {
      g_set_error (error, BRISK_CLIENT_ERROR, BRISK_CLIENT_ERROR_BAD_REQUEST,
                   "“%s” is not an http or https address", base_url);
      return FALSE;
    }

  if (sends_key && !is_loopback_host (g_uri_get_host (uri)))
    {
      g_set_error (error, BRISK_CLIENT_ERROR, BRISK_CLIENT_ERROR_INSECURE,
                   "Brisk will not send an API key unencrypted to %s; use an https:// address",
                   g_uri_get_host (uri));
      return FALSE;
    }

  return TRUE;
}

/* libsoup fails a request to a server whose certificate was refused with only "Unacceptable
 * TLS certificate"; what was wrong with the certificate is known here, and kept for the error.
 * Nothing is accepted that the TLS database refused.
 */
static gboolean
accept_certificate_cb (SoupMessage          *message,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  g_object_set_data (G_OBJECT (message), "brisk-tls-errors", GUINT_TO_POINTER (errors));
  return FALSE;
}

static GError *
transport_error (SoupMessage  *message,
                 const GError *error)
{
  GTlsCertificateFlags errors;
  const char *why;

  errors = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (message), "brisk-tls-errors"));
  if (errors == 0 || !g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE))
    return brisk_client_error_new_from_transport (error);

  if (errors & G_TLS_CERTIFICATE_UNKNOWN_CA)
    why = "it is not signed by an authority this computer trusts";
  else if (errors & G_TLS_CERTIFICATE_BAD_IDENTITY)
    why = "it is for another host name";
  else if (errors & G_TLS_CERTIFICATE_EXPIRED)
    why = "it has expired";
  else if (errors & G_TLS_CERTIFICATE_NOT_ACTIVATED)
    why = "it is not valid yet";
  else if (errors & G_TLS_CERTIFICATE_REVOKED)
    why = "it was revoked";
  else if (errors & G_TLS_CERTIFICATE_INSECURE)
    why = "it uses an insecure algorithm";
  else
    why = "it is invalid";

  return g_error_new (BRISK_CLIENT_ERROR, BRISK_CLIENT_ERROR_TLS,
                      "The certificate of %s was not accepted: %s",
                      g_uri_get_host (soup_message_get_uri (message)), why);
}

static SoupMessage *
new_message (BriskClient  *self,
             const char   *method,
             const char   *path,
             GError      **error)
{
  g_autofree char *url = NULL;
  SoupMessage *message;

  if (!brisk_check_base_url (self->base_url, self->api_key != NULL, error))
    return NULL;

  url = g_strconcat (self->base_url, path, NULL);
  message = soup_message_new (method, url);
  if (message == NULL)
    {
      g_set_error (error, BRISK_CLIENT_ERROR, BRISK_CLIENT_ERROR_BAD_REQUEST,
                   "“%s” is not a valid address", url);
      return NULL;
    }

  if (self->api_key != NULL)
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", self->api_key, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (message),
                                    "Authorization", authorization);
      memset (authorization, 0, strlen (authorization));
    }

  g_signal_connect (message, "accept-certificate", G_CALLBACK (accept_certificate_cb), NULL);

  return message;
}

static void
note_response_headers (BriskClient *self,
                       SoupMessage *message,
                       BriskChatStream *stream)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (message);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  BriskRateLimits limits;

  if (brisk_rate_limits_parse (&limits, headers, now))
    {
      self->rate_limits = limits;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RATE_LIMITS]);
    }

  /* Even when empty: a retry-after from an earlier attempt must not govern this one. */
  if (stream != NULL)
    _brisk_chat_stream_set_rate_limits (stream, &limits);

  if (stream != NULL)
    _brisk_chat_stream_set_response_info (stream,
                                          soup_message_headers_get_one (headers, "x-request-id"),
                                          NULL);
}

static void
user_cancelled_cb (GCancellable *cancellable,
                   StreamRun    *run)
{
  /* Runs inside g_cancellable_cancel(): only flag and poke; the task ends from the main loop. */
  run->cancelled = TRUE;
  g_cancellable_cancel (run->attempt_cancellable);
  if (run->retry_wait != NULL)
    g_source_set_ready_time (run->retry_wait, 0);
}

/* The no-byte deadline is not moved on every read, which would cost two system calls per
 * read of a fast stream: reads only note the time, and the deadline, when it comes, checks
 * whether anything arrived since and if so sets itself again.
 */
static gboolean
deadline_passed_cb (gpointer user_data)
{
  StreamRun *run = user_data;
  gint64 timeout = (gint64)run->client->no_byte_timeout * G_USEC_PER_SEC;
  gint64 silent_until = run->last_activity + timeout;

  if (g_get_monotonic_time () < silent_until)
    {
      g_source_set_ready_time (run->deadline, silent_until);
      return G_SOURCE_CONTINUE;
    }

  run->timed_out = TRUE;
  g_cancellable_cancel (run->attempt_cancellable);

  return G_SOURCE_CONTINUE;
}

static void
arm_deadline (StreamRun *run)
{
  run->last_activity = g_get_monotonic_time ();
  if (run->client->no_byte_timeout > 0)
    g_source_set_ready_time (run->deadline,
                             run->last_activity +
                             (gint64)run->client->no_byte_timeout * G_USEC_PER_SEC);
}

static inline void
push_back_deadline (StreamRun *run)
{
  run->last_activity = g_get_monotonic_time ();
}

static void
finish_run (GTask            *task,
            BriskReplyStatus  status,
            GError           *error)
{
  StreamRun *run = g_task_get_task_data (task);

  g_source_set_ready_time (run->deadline, -1);
  g_clear_object (&run->input);

  _brisk_chat_stream_end (run->stream, run->decoder, status, error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static GError *
cancelled_error (void)
{
  return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "The reply was stopped");
}

static GError *
timeout_error (StreamRun *run)
{
  return g_error_new (BRISK_CLIENT_ERROR, BRISK_CLIENT_ERROR_TIMEOUT,
                      "Nothing arrived from the server for %u s", run->client->no_byte_timeout);
}

static gboolean
retry_wait_done_cb (gpointer user_data)
{
  GTask *task = user_data;
  StreamRun *run = g_task_get_task_data (task);

  clear_source (&run->retry_wait);

  if (run->cancelled)
    finish_run (task, BRISK_REPLY_STATUS_CANCELLED, cancelled_error ());
  else
    start_attempt (task);

  g_object_unref (task);
  return G_SOURCE_REMOVE;
}

static double
backoff_seconds (StreamRun *run)
{
  /* 0.5 s, 1 s, 2 s… capped at 8 s, each scaled by a random 0.75–1.25 so that many clients
   * hit by the same outage do not come back in step.
   */
  guint n = brisk_chat_stream_get_n_attempts (run->stream);
  double delay = MIN ((double)run->client->retry_delay_ms * (1u << MIN (n - 1, 10u)),
                      (double)MAX_RETRY_DELAY_MS) / 1000.0;

  return delay * g_random_double_range (0.75, 1.25);
}

/* An attempt failed before any text arrived: retry it, or end the reply with @error. */
static void
attempt_failed (GTask  *task,
                GError *error)
{
  StreamRun *run = g_task_get_task_data (task);
  BriskClient *self = run->client;
  const BriskRateLimits *limits = brisk_chat_stream_get_rate_limits (run->stream);
  double wait;

  g_clear_object (&run->input);
  g_clear_object (&run->message);
  g_source_set_ready_time (run->deadline, -1);

  if (run->cancelled)
    {
      g_clear_error (&error);
      finish_run (task, BRISK_REPLY_STATUS_CANCELLED, cancelled_error ());
      return;
    }

  if (!brisk_client_error_is_retryable (error, run->status) ||
      brisk_chat_stream_get_n_attempts (run->stream) > self->max_retries)
    {
      finish_run (task, BRISK_REPLY_STATUS_FAILED, error);
      return;
    }

  wait = (run->status != 0 && limits->retry_after >= 0) ? limits->retry_after
                                                         : backoff_seconds (run);

  if (wait > self->max_retry_wait)
    {
      /* No silent waits: say when the limit resets and let the user decide. */
      GError *wrapped = g_error_new (error->domain, error->code,
                                     "%s (a retry would have to wait %.0f s)",
                                     error->message, wait);

      g_clear_error (&error);
      finish_run (task, BRISK_REPLY_STATUS_FAILED, wrapped);
      return;
    }

  g_debug ("Attempt %u failed (%s); retrying in %.2f s",
           brisk_chat_stream_get_n_attempts (run->stream), error->message, wait);
  g_clear_error (&error);

  run->retry_wait = g_timeout_source_new ((guint)(wait * 1000));
  g_source_set_callback (run->retry_wait, retry_wait_done_cb, g_object_ref (task), NULL);
  g_source_attach (run->retry_wait, g_main_context_get_thread_default ());
}

/* The read ended in error or was cut: decide what the user sees. */
static void
read_failed (GTask        *task,
             const GError *read_error)
{
  StreamRun *run = g_task_get_task_data (task);
  GError *error;

  if (run->cancelled)
    {
      finish_run (task, BRISK_REPLY_STATUS_CANCELLED, cancelled_error ());
      return;
    }

  if (run->timed_out)
    error = timeout_error (run);
  else
    error = g_error_new (BRISK_CLIENT_ERROR, BRISK_CLIENT_ERROR_NETWORK,
                         "The connection dropped in the middle of the reply: %s",
                         read_error->message);

  if (brisk_chunk_decoder_has_output (run->decoder))
    finish_run (task, BRISK_REPLY_STATUS_INTERRUPTED, error);
  else
    attempt_failed (task, error);
}

static gboolean
event_cb (const char *type,
          const char *data,
          gsize       len,
          gpointer    user_data)
{
  StreamRun *run = user_data;

  return brisk_chunk_decoder_feed (run->decoder, type, data, len, &run->decode_error);
}

/* The body ended (or the decoder stopped it): was the reply complete? */
static void
conclude (GTask *task)
{
  StreamRun *run = g_task_get_task_data (task);
  GError *error = g_steal_pointer (&run->decode_error);

  if (error != NULL)
    {
      finish_run (task, BRISK_REPLY_STATUS_FAILED, error);
      return;
    }

  if (brisk_chunk_decoder_get_finish_reason (run->decoder) != NULL)
    {
      finish_run (task, BRISK_REPLY_STATUS_COMPLETE, NULL);
      return;
    }

  /* Only a finish reason makes a reply complete: an end without one is a cut-off reply, and
   * it must never pass for a finished answer.
   */
  if (!brisk_chunk_decoder_has_output (run->decoder) && !brisk_chunk_decoder_is_done (run->decoder))
    {
      attempt_failed (task, g_error_new_literal (BRISK_CLIENT_ERROR, BRISK_CLIENT_ERROR_NETWORK,
                                                 "The server closed the connection without answering"));
      return;
    }

  finish_run (task, BRISK_REPLY_STATUS_INTERRUPTED,
              g_error_new_literal (BRISK_CLIENT_ERROR,
                                   brisk_chunk_decoder_is_done (run->decoder)
                                     ? BRISK_CLIENT_ERROR_PROTOCOL
                                     : BRISK_CLIENT_ERROR_NETWORK,
                                   brisk_chunk_decoder_is_done (run->decoder)
                                     ? "The server ended the reply without saying it was finished"
                                     : "The connection closed before the reply was finished"));
}

static void read_body_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data);

static void
read_next (GTask *task)
{
  StreamRun *run = g_task_get_task_data (task);

  g_input_stream_read_async (run->input, run->buffer, READ_SLICE_BYTES,
                             G_PRIORITY_DEFAULT, run->attempt_cancellable,
                             read_body_cb, g_object_ref (task));
}

/* Reads on, without waiting, whatever else has already arrived, up to a full slice. A server
 * that flushes each token sends one small HTTP chunk per event, and libsoup hands over one
 * chunk per read: going back to the main loop for each would cost more than decoding it.
 * Stops at one slice, so the window still draws between slices.
 */
static gsize
read_available (StreamRun  *run,
                gsize       filled,
                gboolean   *eof,
                GError    **error)
{
  GPollableInputStream *pollable;

  if (!G_IS_POLLABLE_INPUT_STREAM (run->input) ||
      !g_pollable_input_stream_can_poll ((pollable = G_POLLABLE_INPUT_STREAM (run->input))))
    return filled;

  while (filled < READ_SLICE_BYTES)
    {
      g_autoptr(GError) local_error = NULL;
      /* No cancellable: a read that never waits has nothing to interrupt, and pushing one
       * on the thread's stack for every read costs more than the read. A cancellation is
       * seen by the next asynchronous read.
       */
      gssize n = g_pollable_input_stream_read_nonblocking (pollable, run->buffer + filled,
                                                           READ_SLICE_BYTES - filled,
                                                           NULL, &local_error);

      if (n > 0)
        {
          filled += n;
        }
      else if (n == 0)
        {
          *eof = TRUE;
          break;
        }
      else
        {
          if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
            g_propagate_error (error, g_steal_pointer (&local_error));
          break;
        }
    }

  return filled;
}

static void
read_body_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StreamRun *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) read_error = NULL;
  gssize n_read;
  gsize filled;
  gboolean eof;

  n_read = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);
  if (n_read < 0)
    {
      read_failed (task, error);
      return;
    }

  eof = n_read == 0;
  filled = eof ? 0 : read_available (run, n_read, &eof, &read_error);

  if (filled > 0)
    {
      push_back_deadline (run);
      _brisk_chat_stream_add_bytes (run->stream, filled);
    }

  if (run->event_stream)
    {
      if (filled > 0 &&
          !brisk_sse_parser_feed (run->parser, (const char *)run->buffer, filled,
                                  event_cb, run, &error))
        {
          g_clear_error (&run->decode_error);
          run->decode_error = g_steal_pointer (&error);
        }
      if (eof)
        brisk_sse_parser_finish (run->parser, event_cb, run, NULL);

      _brisk_chat_stream_emit_deltas (run->stream, run->decoder);

      if (eof || brisk_sse_parser_is_stopped (run->parser))
        conclude (task);
      else if (read_error != NULL)
        read_failed (task, read_error);
      else
        read_next (task);
      return;
    }

  /* A server that ignored "stream": one JSON completion, decoded as a single chunk. */
  if (run->whole_body->len + filled > BRISK_SSE_MAX_EVENT_BYTES)
    {
      finish_run (task, BRISK_REPLY_STATUS_FAILED,
                  g_error_new_literal (BRISK_CLIENT_ERROR, BRISK_CLIENT_ERROR_PROTOCOL,
                                       "The server's reply is too large"));
      return;
    }
  g_byte_array_append (run->whole_body, run->buffer, filled);

  if (read_error != NULL)
    {
      read_failed (task, read_error);
      return;
    }
  if (!eof)
    {
      read_next (task);
      return;
    }

  brisk_chunk_decoder_feed (run->decoder, "message", (const char *)run->whole_body->data,
                            run->whole_body->len, &run->decode_error);
  if (brisk_chunk_decoder_get_n_malformed (run->decoder) > 0 && run->decode_error == NULL)
    run->decode_error = g_error_new_literal (BRISK_CLIENT_ERROR, BRISK_CLIENT_ERROR_PROTOCOL,
                                             "The server's reply is not valid JSON");
  _brisk_chat_stream_emit_deltas (run->stream, run->decoder);
  conclude (task);
}

static void
read_error_body_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StreamRun *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *failed_generation = NULL;
  gssize n_read;

  n_read = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);
  if (n_read < 0)
    {
      read_failed (task, error);
      return;
    }

  if (n_read > 0 && run->whole_body->len < MAX_ERROR_BODY_BYTES)
    {
      push_back_deadline (run);
      g_byte_array_append (run->whole_body, run->buffer, n_read);
      g_input_stream_read_async (run->input, run->buffer, READ_SLICE_BYTES,
                                 G_PRIORITY_DEFAULT, run->attempt_cancellable,
                                 read_error_body_cb, g_object_ref (task));
      return;
    }

  error = brisk_client_error_new_from_response (run->status,
                                                (const char *)run->whole_body->data,
                                                run->whole_body->len,
                                                brisk_chat_stream_get_rate_limits (run->stream),
                                                &failed_generation);
  _brisk_chat_stream_set_response_info (run->stream, NULL, failed_generation);
  attempt_failed (task, g_steal_pointer (&error));
}

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StreamRun *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  const char *content_type;

  run->input = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (run->input == NULL)
    {
      if (run->cancelled)
        attempt_failed (task, cancelled_error ());
      else if (run->timed_out)
        attempt_failed (task, timeout_error (run));
      else
        attempt_failed (task, transport_error (run->message, error));
      return;
    }

  push_back_deadline (run);
  run->status = soup_message_get_status (run->message);
  note_response_headers (run->client, run->message, run->stream);

  g_byte_array_set_size (run->whole_body, 0);

  if (!SOUP_STATUS_IS_SUCCESSFUL (run->status))
    {
      g_input_stream_read_async (run->input, run->buffer, READ_SLICE_BYTES,
                                 G_PRIORITY_DEFAULT, run->attempt_cancellable,
                                 read_error_body_cb, g_object_ref (task));
      return;
    }

  content_type = soup_message_headers_get_content_type (soup_message_get_response_headers (run->message),
                                                        NULL);
  run->event_stream = content_type == NULL ||
                      g_ascii_strcasecmp (content_type, "application/json") != 0;
  read_next (task);
}

static void
start_attempt (GTask *task)
{
  StreamRun *run = g_task_get_task_data (task);
  BriskClient *self = run->client;
  GError *error = NULL;

  if (run->cancelled)
    {
      finish_run (task, BRISK_REPLY_STATUS_CANCELLED, cancelled_error ());
      return;
    }

  /* Nothing reached the user yet, so a retry starts from a clean slate. */
  g_clear_pointer (&run->parser, brisk_sse_parser_free);
  g_clear_pointer (&run->decoder, brisk_chunk_decoder_free);
  g_clear_error (&run->decode_error);
  run->parser = brisk_sse_parser_new (BRISK_SSE_MAX_EVENT_BYTES, self->max_reply_bytes);
  run->decoder = brisk_chunk_decoder_new ();
  run->status = 0;
  run->timed_out = FALSE;

  g_clear_object (&run->message);
  run->message = new_message (self, SOUP_METHOD_POST, "/chat/completions", &error);
  if (run->message == NULL)
    {
      finish_run (task, BRISK_REPLY_STATUS_FAILED, error);
      return;
    }
  soup_message_headers_replace (soup_message_get_request_headers (run->message),
                                "Accept", "text/event-stream");
  soup_message_set_request_body_from_bytes (run->message, "application/json", run->body);

  /* A fresh cancellable for each attempt: a timed-out attempt must not cancel the next. */
  if (g_cancellable_is_cancelled (run->attempt_cancellable))
    {
      g_clear_object (&run->attempt_cancellable);
      run->attempt_cancellable = g_cancellable_new ();
    }

  _brisk_chat_stream_begin_attempt (run->stream);
  arm_deadline (run);

  soup_session_send_async (self->session, run->message, G_PRIORITY_DEFAULT,
                           run->attempt_cancellable, send_cb, g_object_ref (task));
}

/**
 * brisk_client_stream_chat_async:
 * @self: a #BriskClient
 * @stream: the reply to fill, made with brisk_chat_stream_new()
 * @cancellable: (nullable): stops the reply; the text already received stays with whoever
 *   collected it from BriskChatStream::delta
 * @callback: called when the reply has ended
 * @user_data: data for @callback
 *
 * Sends the stream's request and streams the reply into @stream.
 */
void
brisk_client_stream_chat_async (BriskClient         *self,
                                BriskChatStream     *stream,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  StreamRun *run;

  g_return_if_fail (BRISK_IS_CLIENT (self));
  g_return_if_fail (BRISK_IS_CHAT_STREAM (stream));
  g_return_if_fail (brisk_chat_stream_get_status (stream) == BRISK_REPLY_STATUS_STREAMING);
  g_return_if_fail (brisk_chat_stream_get_n_attempts (stream) == 0);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, brisk_client_stream_chat_async);
  g_task_set_check_cancellable (task, FALSE);

  run = g_new0 (StreamRun, 1);
  run->client = g_object_ref (self);
  run->stream = g_object_ref (stream);
  run->body = brisk_chat_request_to_json (brisk_chat_stream_get_request (stream), TRUE);
  run->buffer = g_malloc (READ_SLICE_BYTES);
  run->whole_body = g_byte_array_new ();
  run->attempt_cancellable = g_cancellable_new ();
  run->deadline = deadline_new (deadline_passed_cb, run);
  g_task_set_task_data (task, run, (GDestroyNotify)stream_run_free);

  if (cancellable != NULL)
    {
      run->user_cancellable = g_object_ref (cancellable);
      run->user_cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (user_cancelled_cb),
                                                      run, NULL);
    }

  start_attempt (task);
}

/**
 * brisk_client_stream_chat_finish:
 *
 * Returns: %TRUE when the reply is complete; otherwise %FALSE with @error saying why, and the
 *   stream's status telling whether it was interrupted, failed or cancelled
 */
gboolean
brisk_client_stream_chat_finish (BriskClient   *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (BRISK_IS_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct
{
  GPtrArray *models;
  gboolean   from_cache;
} ModelList;

/* One GET /models: its own cancellable, cancelled by the caller's or by the deadline. */
typedef struct
{
  GCancellable *cancellable;
  GCancellable *user_cancellable;
  gulong        user_cancelled_id;
  GSource      *deadline;
  gboolean      timed_out;
} ModelsRequest;

static void
models_request_free (ModelsRequest *request)
{
  if (request->user_cancelled_id != 0)
    g_cancellable_disconnect (request->user_cancellable, request->user_cancelled_id);
  clear_source (&request->deadline);
  g_clear_object (&request->user_cancellable);
  g_clear_object (&request->cancellable);
  g_free (request);
}

static void
model_list_free (ModelList *list)
{
  g_clear_pointer (&list->models, g_ptr_array_unref);
  g_free (list);
}

static void
return_models (GTask     *task,
               GPtrArray *models,
               gboolean   from_cache)
{
  ModelList *list = g_new0 (ModelList, 1);

  list->models = models;
  list->from_cache = from_cache;
  g_task_return_pointer (task, list, (GDestroyNotify)model_list_free);
}

/* When the provider cannot be reached, the last list seen lets Brisk start offline; an
 * answer that says the key or the request is wrong is never papered over with it.
 */
static gboolean
return_cached_models (GTask        *task,
                      const GError *error)
{
  BriskClient *self = g_task_get_source_object (task);
  g_autofree char *contents = NULL;
  gsize len;
  GPtrArray *models;

  if (self->models_cache_path == NULL || error->domain != BRISK_CLIENT_ERROR)
    return FALSE;

  switch ((BriskClientError)error->code)
    {
    case BRISK_CLIENT_ERROR_NETWORK:
    case BRISK_CLIENT_ERROR_TIMEOUT:
    case BRISK_CLIENT_ERROR_SERVER:
    case BRISK_CLIENT_ERROR_CAPACITY:
      break;
    case BRISK_CLIENT_ERROR_INVALID_KEY:
    case BRISK_CLIENT_ERROR_FORBIDDEN:
    case BRISK_CLIENT_ERROR_MODEL_NOT_FOUND:
    case BRISK_CLIENT_ERROR_MODEL_DECOMMISSIONED:
    case BRISK_CLIENT_ERROR_REQUEST_TOO_LARGE:
    case BRISK_CLIENT_ERROR_RATE_LIMITED:
    case BRISK_CLIENT_ERROR_BAD_REQUEST:
    case BRISK_CLIENT_ERROR_TLS:
    case BRISK_CLIENT_ERROR_PROTOCOL:
    case BRISK_CLIENT_ERROR_STREAM:
    case BRISK_CLIENT_ERROR_INSECURE:
    default:
      return FALSE;
    }

  if (!g_file_get_contents (self->models_cache_path, &contents, &len, NULL))
    return FALSE;
  models = brisk_models_parse (contents, len, NULL);
  if (models == NULL)
    return FALSE;

  return_models (task, models, TRUE);
  return TRUE;
}

static void
save_models_cache (BriskClient *self,
                   GPtrArray   *models)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(GError) error = NULL;

  if (self->models_cache_path == NULL)
    return;

  dir = g_path_get_dirname (self->models_cache_path);
  g_mkdir_with_parents (dir, 0700);
  bytes = brisk_models_serialize (models);
  if (!g_file_set_contents (self->models_cache_path, g_bytes_get_data (bytes, NULL),
                            g_bytes_get_size (bytes), &error))
    g_warning ("Could not save the list of models: %s", error->message);
}

static gboolean
models_deadline_cb (gpointer user_data)
{
  ModelsRequest *request = user_data;

  request->timed_out = TRUE;
  g_cancellable_cancel (request->cancellable);
  return G_SOURCE_CONTINUE;
}

static void
list_models_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BriskClient *self = g_task_get_source_object (task);
  SoupMessage *message = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  ModelsRequest *request = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *models;
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (body == NULL)
    {
      g_autoptr(GError) mapped = NULL;

      if (request->timed_out)
        mapped = g_error_new (BRISK_CLIENT_ERROR, BRISK_CLIENT_ERROR_TIMEOUT,
                              "Nothing arrived from the server for %u s", self->no_byte_timeout);
      else
        mapped = transport_error (message, error);

      if (!return_cached_models (task, mapped))
        g_task_return_error (task, g_steal_pointer (&mapped));
      return;
    }

  note_response_headers (self, message, NULL);
  status = soup_message_get_status (message);
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      error = brisk_client_error_new_from_response (status,
                                                    g_bytes_get_data (body, NULL),
                                                    g_bytes_get_size (body),
                                                    &self->rate_limits, NULL);
      if (!return_cached_models (task, error))
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  models = brisk_models_parse (g_bytes_get_data (body, NULL), g_bytes_get_size (body), &error);
  if (models == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  save_models_cache (self, models);
  return_models (task, models, FALSE);
}

static void
cancel_models_request_cb (GCancellable  *cancellable,
                          ModelsRequest *request)
{
  g_cancellable_cancel (request->cancellable);
}

/**
 * brisk_client_list_models_async:
 *
 * Asks the provider for its models (`GET /models`) and keeps the chat models. The list is
 * saved to #BriskClient:models-cache-path, and read back from there when the provider cannot
 * be reached.
 */
void
brisk_client_list_models_async (BriskClient         *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SoupMessage) message = NULL;
  ModelsRequest *request;
  GError *error = NULL;

  g_return_if_fail (BRISK_IS_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, brisk_client_list_models_async);

  message = new_message (self, SOUP_METHOD_GET, "/models", &error);
  if (message == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  request = g_new0 (ModelsRequest, 1);
  request->cancellable = g_cancellable_new ();
  g_task_set_task_data (task, request, (GDestroyNotify)models_request_free);

  if (cancellable != NULL)
    {
      request->user_cancellable = g_object_ref (cancellable);
      request->user_cancelled_id = g_cancellable_connect (cancellable,
                                                          G_CALLBACK (cancel_models_request_cb),
                                                          request, NULL);
    }
  if (self->no_byte_timeout > 0)
    {
      request->deadline = deadline_new (models_deadline_cb, request);
      g_source_set_ready_time (request->deadline,
                               g_get_monotonic_time () + self->no_byte_timeout * G_USEC_PER_SEC);
    }

  soup_session_send_and_read_async (self->session, message, G_PRIORITY_DEFAULT,
                                    request->cancellable, list_models_cb, g_object_ref (task));
}

/**
 * brisk_client_list_models_finish:
 * @from_cache: (out) (optional): set to %TRUE when the provider could not be reached and the
 *   list is the last one saved
 *
 * Returns: (transfer full) (element-type BriskModel): the chat models, sorted by id
 */
GPtrArray *
brisk_client_list_models_finish (BriskClient   *self,
                                 GAsyncResult  *result,
                                 gboolean      *from_cache,
                                 GError       **error)
{
  ModelList *list;
  GPtrArray *models;

  g_return_val_if_fail (BRISK_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  list = g_task_propagate_pointer (G_TASK (result), error);
  if (list == NULL)
    return NULL;

  if (from_cache != NULL)
    *from_cache = list->from_cache;
  models = g_steal_pointer (&list->models);
  model_list_free (list);

  return models;
}
