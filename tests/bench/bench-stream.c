/* bench-stream.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bench-stream"

#include "config.h"


#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bench-stats.h"
#include "brisk-client.h"

/* The streaming benchmark: a long reply of realistic Groq chunks over loopback, over plain
 * HTTP/1.1 and over TLS.
 *
 * Three kinds of process, all this one executable:
 *
 *   bench-stream [OPTIONS]         runs the benchmark and prints the tables
 *   bench-stream --serve           the server: prints "port N" and "tls-port M", then answers
 *                                  each POST /bench/EVENTS/FRAMING/v1/chat/completions (or
 *                                  …/FRAMING/openai/v1/chat/completions, the SDK's path)
 *                                  with a stream of EVENTS chunks, until its stdin closes;
 *                                  on port M the same bytes go through TLS
 *   bench-stream --client MODE PORT EVENTS FRAMING [CERTIFICATE]
 *                                  one measured run, printing one "result …" line; with
 *                                  CERTIFICATE, over HTTPS, trusting that certificate
 *
 * MODE "brisk" streams through BriskClient and BriskChatStream; "floor" reads the same body
 * through the same libsoup request the way BriskClient reads it (64 KiB async reads) and
 * discards it: the raw byte floor; "drain" is the floor read with non-blocking reads until
 * a 64 KiB slice is full, a measure of what libsoup itself costs. FRAMING "event" sends one
 * HTTP chunk per event, as a server flushing each token does; "bulk" sends 64 KiB chunks, as
 * a buffering proxy may.
 *
 * A fourth kind of measured run, "sdk", is not this executable: groq-sdk/stream-client.mjs
 * streams the same reply through the official groq-sdk on Node and prints the same "result"
 * line, with the text's length and hash, which this process checks. When node or the pinned
 * SDK (installed in the build directory by build-aux/dev.sh bench) is missing, the benchmark
 * quotes the protocol notes' figure instead, and says so.
 *
 * The TLS section is closer to how Brisk reaches api.groq.com, which only speaks HTTPS. It is
 * HTTPS with HTTP/1.1: the server offers no HTTP/2 in ALPN, as a plain GTlsServerConnection
 * does not. (libsoup 3.2 would use HTTP/2 with a server offering it, and is slow with HTTP/2
 * streams of many small DATA frames left unread; whether api.groq.com offers it to Brisk is
 * not known here.) The server wraps each connection on its
 * second port in a GTlsServerConnection with the self-signed certificate in tests/tls/ and
 * writes the same bytes in the same batches, one HTTP chunk per event. Every client trusts
 * that certificate as it would a private CA's, and still verifies it: floor and drain through
 * their SoupSession's TLS database, brisk through brisk_client_set_tls_database(), the SDK
 * through NODE_EXTRA_CA_CERTS. libsoup reads the small HTTP chunks out of the TLS layer's
 * buffer rather than with a recv() each, as it does over plain HTTP. A run's CPU includes
 * its TLS handshake.
 *
 * The server and every measured run have their own process, so the server's CPU is not
 * charged to the client and each run's peak RSS is its own. The server's CPU during each
 * run is read from /proc and printed as a share of one core under each table: near 100%
 * the server, not the client, sets the pace. A run checks what it received
 * (byte count; for Brisk also status, finish reason, usage, request id, and the length and
 * hash of the text) and fails loudly when it is wrong: a benchmark that quietly measures a
 * failure is worthless. Missed speed targets are reported, not failed.
 */

#define DEFAULT_EVENTS          200000
#define DEFAULT_LONG_EVENTS     2000000
#define DEFAULT_REPEATS         3
#define WARMUP_EVENTS           20000
#define READ_SLICE_BYTES        (64 * 1024)
#define SEND_BATCH_BYTES        (256 * 1024)
#define BULK_CHUNK_BYTES        (64 * 1024)

/* The project's protocol notes (Part 2): groq-sdk 1.6.0 on Node 20, same stream, measured on
 * another day; quoted only when the SDK cannot be measured in the same run.
 */
#define SDK_EVENTS_PER_SECOND   42000.0
#define SDK_CPU_US_PER_EVENT    "22-31"
#define TARGET_SDK_RATIO        10.0

#define TARGET_EVENTS_PER_SECOND 420000.0
#define TARGET_CPU_US_PER_EVENT  2.5
#define TARGET_RSS_RATIO         1.05

#define MODEL           "llama-3.3-70b-versatile"
#define COMPLETION_ID   "chatcmpl-0b5e4d6e-2f5c-4c1e-9d1a-7f7e2b9c1a11"
#define REQUEST_ID      "req_01kh6an5y1fz2s0xw3y8m7q4tb"
#define FINGERPRINT     "fp_f8b414701e"
#define FIRST_CREATED   1770770839u
#define TOKENS_PER_SEC  400u
#define PROMPT_TOKENS   42u

#ifndef BENCH_BUILD_TYPE
# define BENCH_BUILD_TYPE "unknown"
#endif
#ifndef BENCH_SDK_SCRIPT
# error "meson defines BENCH_SDK_SCRIPT (groq-sdk/stream-client.mjs) and BENCH_SDK_DIR"
#endif
#ifndef BENCH_TLS_DIR
# error "meson defines BENCH_TLS_DIR (tests/tls, the server's certificate and key)"
#endif

/* {{{ The stream */

typedef struct
{
  const char *json; /* as it is sent, inside the JSON string */
  const char *text; /* as it decodes */
} Word;

/* Mostly short English tokens with their leading space, as Llama emits them, plus the odd
 * escape, punctuation and non-ASCII token that real answers contain.
 */
static const Word words[] = {
  { " the", " the" }, { " of", " of" }, { " and", " and" }, { " to", " to" },
  { " a", " a" }, { " in", " in" }, { " is", " is" }, { " that", " that" },
  { " for", " for" }, { " it", " it" }, { " with", " with" }, { " as", " as" },
  { " model", " model" }, { " stream", " stream" }, { " tokens", " tokens" },
  { " latency", " latency" }, { " inference", " inference" }, { " Groq", " Groq" },
  { " hardware", " hardware" }, { " language", " language" }, { " answer", " answer" },
  { " quickly", " quickly" }, { " because", " because" }, { " however", " however" },
  { ",", "," }, { ".", "." }, { ":", ":" }, { " (", " (" }, { ")", ")" },
  { "\\n\\n", "\n\n" }, { "\\n", "\n" }, { " -", " -" }, { " **", " **" },
  { " \\\"", " \"" }, { "\\\"", "\"" }, { " caf\xc3\xa9", " caf\xc3\xa9" },
  { " \xe2\x80\x94", " \xe2\x80\x94" }, { " na\xc3\xafve", " na\xc3\xafve" },
  { " \xe4\xbd\xa0\xe5\xa5\xbd", " \xe4\xbd\xa0\xe5\xa5\xbd" }, { " 42", " 42" },
  { " example", " example" }, { " function", " function" }, { " returns", " returns" },
  { " `", " `" }, { "`", "`" }, { " \\\\", " \\" }, { " \\u00e9t\\u00e9", " \xc3\xa9t\xc3\xa9" },
  { " which", " which" }, { " would", " would" }, { " could", " could" },
  { " data", " data" }, { " server", " server" }, { " client", " client" },
};

#define CONTENT_HEAD \
  "data: {\"id\":\"" COMPLETION_ID "\",\"object\":\"chat.completion.chunk\",\"created\":"
#define CONTENT_MID \
  ",\"model\":\"" MODEL "\",\"system_fingerprint\":\"" FINGERPRINT "\"," \
  "\"choices\":[{\"index\":0,\"delta\":{\"content\":\""
#define CONTENT_TAIL "\"},\"logprobs\":null,\"finish_reason\":null}]}\n\n"
#define DONE_EVENT   "data: [DONE]\n\n"

static inline const Word *
word_for (guint64 index)
{
  /* A fixed pseudo-random sequence: the text varies as a model's does, and every run and
   * both processes agree on it.
   */
  guint64 h = (index + 1) * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15);

  return &words[(h >> 33) % G_N_ELEMENTS (words)];
}

static inline guint
created_for (guint64 index)
{
  /* Groq's "created" is not constant within a stream. */
  return FIRST_CREATED + (guint)(index / TOKENS_PER_SEC);
}

static void
append_usage (GString *out,
              guint64  n_events)
{
  guint64 completion_tokens = n_events - 2;
  double completion_time = (double)completion_tokens / TOKENS_PER_SEC;

  g_string_append_printf (out,
                          "{\"queue_time\":0.051,\"prompt_tokens\":%u,\"prompt_time\":0.0031,"
                          "\"completion_tokens\":%" G_GUINT64_FORMAT ",\"completion_time\":%.4f,"
                          "\"total_tokens\":%" G_GUINT64_FORMAT ",\"total_time\":%.4f}",
                          PROMPT_TOKENS, completion_tokens, completion_time,
                          completion_tokens + PROMPT_TOKENS, completion_time + 0.0031);
}

/* Appends event @index of an @n_events stream (the first carries the role and x_groq id, the
 * last the finish reason and usage; all others a content delta), or "[DONE]" for
 * @index == @n_events.
 */
static void
append_event (GString *out,
              guint64  index,
              guint64  n_events)
{
  if (index == 0)
    {
      g_string_append_printf (out,
                              "data: {\"id\":\"" COMPLETION_ID "\",\"object\":\"chat.completion.chunk\","
                              "\"created\":%u,\"model\":\"" MODEL "\",\"system_fingerprint\":\""
                              FINGERPRINT "\",\"choices\":[{\"index\":0,\"delta\":{\"role\":"
                              "\"assistant\",\"content\":\"\"},\"logprobs\":null,\"finish_reason\":"
                              "null}],\"x_groq\":{\"id\":\"" REQUEST_ID "\",\"seed\":1535227698}}\n\n",
                              created_for (0));
    }
  else if (index + 1 < n_events)
    {
      const Word *word = word_for (index);
      char created[16];
      int len = g_snprintf (created, sizeof created, "%u", created_for (index));

      g_string_append_len (out, CONTENT_HEAD, sizeof CONTENT_HEAD - 1);
      g_string_append_len (out, created, len);
      g_string_append_len (out, CONTENT_MID, sizeof CONTENT_MID - 1);
      g_string_append (out, word->json);
      g_string_append_len (out, CONTENT_TAIL, sizeof CONTENT_TAIL - 1);
    }
  else if (index + 1 == n_events)
    {
      g_string_append_printf (out,
                              "data: {\"id\":\"" COMPLETION_ID "\",\"object\":\"chat.completion.chunk\","
                              "\"created\":%u,\"model\":\"" MODEL "\",\"system_fingerprint\":\""
                              FINGERPRINT "\",\"choices\":[{\"index\":0,\"delta\":{},\"logprobs\":"
                              "null,\"finish_reason\":\"stop\"}],\"x_groq\":{\"id\":\"" REQUEST_ID
                              "\",\"usage\":",
                              created_for (index));
      append_usage (out, n_events);
      g_string_append (out, "},\"usage\":");
      append_usage (out, n_events);
      g_string_append (out, "}\n\n");
    }
  else
    {
      g_string_append_len (out, DONE_EVENT, sizeof DONE_EVENT - 1);
    }
}

static inline guint64
fnv1a (guint64     hash,
       const char *text,
       gsize       len)
{
  for (gsize i = 0; i < len; i++)
    {
      hash ^= (guchar)text[i];
      hash *= G_GUINT64_CONSTANT (0x100000001b3);
    }

  return hash;
}

#define FNV1A_INIT G_GUINT64_CONSTANT (0xcbf29ce484222325)

typedef struct
{
  guint64 body_bytes;    /* the event stream, without the HTTP chunk framing */
  guint64 content_bytes; /* the answer text, decoded */
  guint64 content_hash;
} Expected;

static void
compute_expected (guint64   n_events,
                  Expected *expected)
{
  g_autoptr(GString) scratch = g_string_sized_new (1024);

  expected->body_bytes = 0;
  expected->content_bytes = 0;
  expected->content_hash = FNV1A_INIT;

  for (guint64 i = 0; i <= n_events; i++)
    {
      g_string_truncate (scratch, 0);
      append_event (scratch, i, n_events);
      expected->body_bytes += scratch->len;

      if (i > 0 && i + 1 < n_events)
        {
          const char *text = word_for (i)->text;
          gsize len = strlen (text);

          expected->content_bytes += len;
          expected->content_hash = fnv1a (expected->content_hash, text, len);
        }
    }
}

/* }}} */

/* {{{ The server */

/* One accepted connection: a plain socket, or the same socket inside a TLS server connection. */
typedef struct
{
  int        fd;
  GIOStream *tls;
} Peer;

static gboolean
send_all (Peer       *peer,
          const char *data,
          gsize       len)
{
  if (peer->tls != NULL)
    return g_output_stream_write_all (g_io_stream_get_output_stream (peer->tls), data, len,
                                      NULL, NULL, NULL);

  while (len > 0)
    {
      ssize_t n = send (peer->fd, data, len, MSG_NOSIGNAL);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      len -= n;
    }

  return TRUE;
}

static gssize
receive (Peer  *peer,
         char  *buffer,
         gsize  len)
{
  gssize n;

  if (peer->tls != NULL)
    return g_input_stream_read (g_io_stream_get_input_stream (peer->tls), buffer, len, NULL,
                                NULL);

  do
    n = recv (peer->fd, buffer, len, 0);
  while (n < 0 && errno == EINTR);

  return n;
}

/* Reads one request (headers and body), and returns the number of events it asks for, or 0
 * when it is not a benchmark request; @bulk says how to frame them.
 */
static guint64
read_request (Peer     *peer,
              gboolean *bulk)
{
  g_autoptr(GString) request = g_string_new (NULL);
  char buffer[16 * 1024];
  const char *header_end = NULL;
  const char *length_header;
  const char *path;
  gsize content_length = 0;
  gsize have;
  guint64 n_events = 0;

  while (header_end == NULL)
    {
      gssize n = receive (peer, buffer, sizeof buffer);

      if (n <= 0 || request->len > 1024 * 1024)
        return 0;
      g_string_append_len (request, buffer, n);
      header_end = strstr (request->str, "\r\n\r\n");
    }

  length_header = g_strstr_len (request->str, header_end - request->str, "\r\nContent-Length:");
  if (length_header == NULL)
    length_header = g_strstr_len (request->str, header_end - request->str, "\r\ncontent-length:");
  if (length_header != NULL)
    content_length = strtoul (length_header + strlen ("\r\nContent-Length:"), NULL, 10);

  have = request->len - (header_end + 4 - request->str);
  while (have < content_length)
    {
      gssize n = receive (peer, buffer, MIN (sizeof buffer, content_length - have));

      if (n <= 0)
        return 0;
      have += n;
    }

  /* POST /bench/EVENTS/FRAMING/…: what follows the framing is the client's own path
   * (/v1/chat/completions for Brisk, /openai/v1/chat/completions for groq-sdk).
   */
  path = strstr (request->str, " /bench/");
  if (g_str_has_prefix (request->str, "POST ") && path != NULL && path < header_end)
    {
      char *framing;

      n_events = g_ascii_strtoull (path + strlen (" /bench/"), &framing, 10);
      if (g_str_has_prefix (framing, "/bulk/"))
        *bulk = TRUE;
      else if (g_str_has_prefix (framing, "/event/"))
        *bulk = FALSE;
      else
        n_events = 0;
    }

  return n_events >= 2 ? n_events : 0;
}

static void
append_http_chunk (GString    *out,
                   const char *data,
                   gsize       len)
{
  g_string_append_printf (out, "%" G_GSIZE_MODIFIER "x\r\n", len);
  g_string_append_len (out, data, len);
  g_string_append_len (out, "\r\n", 2);
}

static void
serve_connection (Peer *peer)
{
  static const char not_found[] =
    "HTTP/1.1 404 Not Found\r\n"
    "Content-Type: application/json\r\n"
    "Connection: close\r\n"
    "\r\n"
    "{\"error\":{\"message\":\"Not a benchmark request\",\"type\":\"invalid_request_error\"}}\n";
  static const char head[] =
    "HTTP/1.1 200 OK\r\n"
    "Content-Type: text/event-stream\r\n"
    "Cache-Control: no-cache\r\n"
    "Transfer-Encoding: chunked\r\n"
    "x-request-id: " REQUEST_ID "\r\n"
    "x-ratelimit-limit-requests: 14400\r\n"
    "x-ratelimit-limit-tokens: 18000\r\n"
    "x-ratelimit-remaining-requests: 14399\r\n"
    "x-ratelimit-remaining-tokens: 17958\r\n"
    "x-ratelimit-reset-requests: 6s\r\n"
    "x-ratelimit-reset-tokens: 140ms\r\n"
    "\r\n";
  g_autoptr(GString) batch = NULL;
  g_autoptr(GString) event = NULL;
  gboolean bulk = FALSE;
  guint64 n_events = read_request (peer, &bulk);

  if (n_events == 0)
    {
      send_all (peer, not_found, sizeof not_found - 1);
      return;
    }

  batch = g_string_sized_new (SEND_BATCH_BYTES + BULK_CHUNK_BYTES + 4096);
  event = g_string_sized_new (BULK_CHUNK_BYTES + 4096);
  g_string_append_len (batch, head, sizeof head - 1);

  /* "event": one HTTP chunk per event, as a server that flushes each token frames it.
   * "bulk": 64 KiB chunks of many events, as a buffering proxy may re-frame a fast stream.
   */
  for (guint64 i = 0; i <= n_events; i++)
    {
      if (!bulk)
        g_string_truncate (event, 0);
      append_event (event, i, n_events);
      if (!bulk)
        append_http_chunk (batch, event->str, event->len);
      else if (event->len >= BULK_CHUNK_BYTES || i == n_events)
        {
          append_http_chunk (batch, event->str, event->len);
          g_string_truncate (event, 0);
        }

      if (batch->len >= SEND_BATCH_BYTES)
        {
          if (!send_all (peer, batch->str, batch->len))
            return;
          g_string_truncate (batch, 0);
        }
    }

  g_string_append_len (batch, "0\r\n\r\n", 5);
  send_all (peer, batch->str, batch->len);
}

/* The TLS section's connection: the same bytes, written through a TLS server connection
 * (GIO's, GnuTLS here) with the certificate in tests/tls/. A plain GTlsServerConnection offers
 * no ALPN protocols, so the client speaks HTTP/1.1.
 */
static void
serve_tls_connection (int              fd,
                      GTlsCertificate *certificate)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = g_socket_new_from_fd (fd, &error);
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GIOStream) tls = NULL;
  Peer peer = { fd, NULL };

  if (socket == NULL)
    {
      g_printerr ("bench server: %s\n", error->message);
      close (fd);
      return;
    }

  connection = g_socket_connection_factory_create_connection (socket);
  tls = g_tls_server_connection_new (G_IO_STREAM (connection), certificate, &error);
  if (tls == NULL || !g_tls_connection_handshake (G_TLS_CONNECTION (tls), NULL, &error))
    {
      /* Not fatal: the client's own error says more. */
      g_printerr ("bench server: TLS: %s\n", error->message);
      g_socket_close (socket, NULL);
      return;
    }

  peer.tls = tls;
  serve_connection (&peer);
  g_io_stream_close (tls, NULL, NULL);
  g_socket_close (socket, NULL);
}

static int
listen_loopback (guint16 *port)
{
  struct sockaddr_in address = { 0 };
  socklen_t address_len = sizeof address;
  int one = 1;
  int listener;

  listener = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listener < 0)
    {
      g_printerr ("bench server: socket: %s\n", g_strerror (errno));
      return -1;
    }
  setsockopt (listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);

  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  address.sin_port = 0;
  if (bind (listener, (struct sockaddr *)&address, sizeof address) < 0 ||
      listen (listener, 16) < 0 ||
      getsockname (listener, (struct sockaddr *)&address, &address_len) < 0)
    {
      g_printerr ("bench server: %s\n", g_strerror (errno));
      close (listener);
      return -1;
    }

  *port = ntohs (address.sin_port);
  return listener;
}

static int
serve (void)
{
  g_autofree char *cert_path = g_build_filename (BENCH_TLS_DIR, "cert.pem", NULL);
  g_autofree char *key_path = g_build_filename (BENCH_TLS_DIR, "key.pem", NULL);
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GError) error = NULL;
  guint16 port;
  guint16 tls_port;
  int listener;
  int tls_listener;

  certificate = g_tls_certificate_new_from_files (cert_path, key_path, &error);
  if (certificate == NULL)
    {
      g_printerr ("bench server: %s\n", error->message);
      return 1;
    }

  listener = listen_loopback (&port);
  if (listener < 0)
    return 1;
  tls_listener = listen_loopback (&tls_port);
  if (tls_listener < 0)
    {
      close (listener);
      return 1;
    }

  printf ("port %u\ntls-port %u\n", port, tls_port);
  fflush (stdout);

  /* Serve one connection at a time until the parent closes our stdin. */
  for (;;)
    {
      struct pollfd fds[3] = {
        { .fd = listener, .events = POLLIN },
        { .fd = tls_listener, .events = POLLIN },
        { .fd = STDIN_FILENO, .events = POLLIN },
      };
      int fd;

      if (poll (fds, G_N_ELEMENTS (fds), -1) < 0)
        {
          if (errno == EINTR)
            continue;
          break;
        }

      if (fds[2].revents != 0)
        {
          char byte;

          if (read (STDIN_FILENO, &byte, 1) <= 0)
            break;
        }

      if ((fds[0].revents & POLLIN) != 0)
        {
          fd = accept (listener, NULL, NULL);
          if (fd >= 0)
            {
              Peer peer = { fd, NULL };

              serve_connection (&peer);
              close (fd);
            }
        }

      if ((fds[1].revents & POLLIN) != 0)
        {
          fd = accept (tls_listener, NULL, NULL);
          if (fd >= 0)
            serve_tls_connection (fd, certificate);
        }
    }

  close (tls_listener);
  close (listener);
  return 0;
}

/* }}} */

/* {{{ A measured run */

typedef struct
{
  gint64 wall_us;
  gint64 cpu_us;
} Stamp;

static void
take_stamp (Stamp *stamp)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  stamp->wall_us = g_get_monotonic_time ();
  stamp->cpu_us = (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * G_USEC_PER_SEC +
                  usage.ru_utime.tv_usec + usage.ru_stime.tv_usec;
}

static long
peak_rss_kib (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

typedef struct
{
  Stamp    start;
  Stamp    end;
  guint64  n_bytes;
  guint64  content_bytes;
  guint64  content_hash;
  guint    n_slices;   /* floor: reads that returned bytes; brisk: content deltas */
  guint    n_other_deltas;
  gboolean done;
  gboolean ok;
  GError  *error;

  /* floor and drain only */
  SoupSession  *session;
  SoupMessage  *message;
  GInputStream *input;
  GSource      *source;
  guint8       *buffer;
  gboolean      drain;
} Run;

static BriskChatRequest *
new_request (void)
{
  BriskChatRequest *request = brisk_chat_request_new (MODEL);

  brisk_chat_request_add_message (request, BRISK_CHAT_ROLE_SYSTEM, "You are a helpful assistant.");
  brisk_chat_request_add_message (request, BRISK_CHAT_ROLE_USER,
                                  "Write a very long essay about low-latency inference.");
  return request;
}

static void
delta_cb (BriskChatStream *stream,
          BriskDeltaKind   kind,
          const char      *text,
          Run             *run)
{
  gsize len;

  if (kind != BRISK_DELTA_CONTENT || text == NULL)
    {
      run->n_other_deltas++;
      return;
    }

  /* Count and hash the text as a consumer would look at it, without keeping it. */
  len = strlen (text);
  run->content_bytes += len;
  run->content_hash = fnv1a (run->content_hash, text, len);
  run->n_slices++;
}

static void
stream_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Run *run = user_data;

  take_stamp (&run->end);
  run->ok = brisk_client_stream_chat_finish (BRISK_CLIENT (object), result, &run->error);
  run->done = TRUE;
}

static gboolean
run_brisk (const char   *base_url,
           GTlsDatabase *database,
           guint64       n_events,
           Run          *run)
{
  g_autoptr(BriskClient) client = NULL;
  g_autoptr(BriskChatRequest) request = NULL;
  g_autoptr(BriskChatStream) stream = NULL;
  const BriskUsage *usage;

  client = brisk_client_new (base_url, NULL);
  brisk_client_set_api_key (client, "gsk_bench_not_a_real_key");
  if (database != NULL)
    brisk_client_set_tls_database (client, database);
  /* The default 64 MiB cap on a reply would end a long run; nothing else is changed. */
  g_object_set (client,
                "max-reply-bytes", (guint64)G_MAXUINT64,
                "max-retries", 0,
                NULL);

  request = new_request ();
  stream = brisk_chat_stream_new (request);
  g_signal_connect (stream, "delta", G_CALLBACK (delta_cb), run);

  take_stamp (&run->start);
  brisk_client_stream_chat_async (client, stream, NULL, stream_done_cb, run);
  while (!run->done)
    g_main_context_iteration (NULL, TRUE);

  run->n_bytes = brisk_chat_stream_get_n_bytes (stream);

  if (!run->ok)
    {
      g_printerr ("brisk run failed: %s\n", run->error->message);
      return FALSE;
    }
  if (brisk_chat_stream_get_status (stream) != BRISK_REPLY_STATUS_COMPLETE)
    {
      g_printerr ("brisk run: status %d, not complete\n", brisk_chat_stream_get_status (stream));
      return FALSE;
    }
  if (g_strcmp0 (brisk_chat_stream_get_finish_reason (stream), "stop") != 0)
    {
      g_printerr ("brisk run: finish reason “%s”, expected “stop”\n",
                  brisk_chat_stream_get_finish_reason (stream));
      return FALSE;
    }
  usage = brisk_chat_stream_get_usage (stream);
  if (usage->completion_tokens != (gint64)(n_events - 2))
    {
      g_printerr ("brisk run: usage says %" G_GINT64_FORMAT " completion tokens, expected %"
                  G_GUINT64_FORMAT "\n", usage->completion_tokens, n_events - 2);
      return FALSE;
    }
  if (g_strcmp0 (brisk_chat_stream_get_request_id (stream), REQUEST_ID) != 0)
    {
      g_printerr ("brisk run: request id “%s”\n", brisk_chat_stream_get_request_id (stream));
      return FALSE;
    }
  if (run->n_other_deltas != 0)
    {
      g_printerr ("brisk run: %u unexpected reasoning or tool-call deltas\n", run->n_other_deltas);
      return FALSE;
    }

  return TRUE;
}

static void floor_read_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data);

static void
floor_read_next (Run *run)
{
  g_input_stream_read_async (run->input, run->buffer, READ_SLICE_BYTES, G_PRIORITY_DEFAULT,
                             NULL, floor_read_cb, run);
}

static void
floor_read_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Run *run = user_data;
  gssize n_read = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &run->error);

  if (n_read <= 0)
    {
      take_stamp (&run->end);
      run->ok = n_read == 0;
      run->done = TRUE;
      return;
    }

  run->n_bytes += n_read;
  run->n_slices++;
  floor_read_next (run);
}

/* The drain variant: on each wake-up, read what libsoup can give without blocking, until a
 * 64 KiB slice is full, then go back to the main loop (as a client must, to let the UI draw).
 */
static gboolean
drain_cb (GObject  *object,
          gpointer  user_data)
{
  Run *run = user_data;
  GPollableInputStream *pollable = G_POLLABLE_INPUT_STREAM (object);
  g_autoptr(GError) error = NULL;
  gsize filled = 0;
  gssize n_read = 0;

  while (filled < READ_SLICE_BYTES)
    {
      n_read = g_pollable_input_stream_read_nonblocking (pollable, run->buffer + filled,
                                                         READ_SLICE_BYTES - filled,
                                                         NULL, &error);
      if (n_read <= 0)
        break;
      filled += n_read;
    }

  /* Here a client would parse the slice, once. */
  if (filled > 0)
    {
      run->n_bytes += filled;
      run->n_slices++;
    }

  if (n_read > 0 || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
    return G_SOURCE_CONTINUE;

  take_stamp (&run->end);
  run->ok = n_read == 0;
  run->error = g_steal_pointer (&error);
  run->done = TRUE;
  g_clear_pointer (&run->source, g_source_unref);
  return G_SOURCE_REMOVE;
}

static void
floor_send_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Run *run = user_data;
  guint status;

  run->input = soup_session_send_finish (SOUP_SESSION (object), result, &run->error);
  if (run->input == NULL)
    {
      take_stamp (&run->end);
      run->done = TRUE;
      return;
    }

  status = soup_message_get_status (run->message);
  if (status != SOUP_STATUS_OK)
    {
      take_stamp (&run->end);
      run->error = g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED, "HTTP status %u", status);
      run->done = TRUE;
      return;
    }

  if (run->drain)
    {
      GPollableInputStream *pollable = G_POLLABLE_INPUT_STREAM (run->input);

      if (!G_IS_POLLABLE_INPUT_STREAM (run->input) || !g_pollable_input_stream_can_poll (pollable))
        {
          take_stamp (&run->end);
          run->error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                            "libsoup's body stream cannot be polled");
          run->done = TRUE;
          return;
        }

      run->source = g_pollable_input_stream_create_source (pollable, NULL);
      g_source_set_callback (run->source, G_SOURCE_FUNC (drain_cb), run, NULL);
      g_source_attach (run->source, NULL);
      return;
    }

  floor_read_next (run);
}

static gboolean
run_floor (const char   *base_url,
           GTlsDatabase *database,
           gboolean      drain,
           Run          *run)
{
  g_autoptr(BriskChatRequest) request = new_request ();
  g_autoptr(GBytes) body = brisk_chat_request_to_json (request, TRUE);
  g_autofree char *url = g_strconcat (base_url, "/chat/completions", NULL);
  SoupMessageHeaders *headers;

  /* Exactly the request BriskClient makes, read the way it reads, minus all decoding. */
  run->session = soup_session_new_with_options ("user-agent", "Brisk/" PACKAGE_VERSION, NULL);
  if (database != NULL)
    soup_session_set_tls_database (run->session, database);
  run->message = soup_message_new (SOUP_METHOD_POST, url);
  headers = soup_message_get_request_headers (run->message);
  soup_message_headers_replace (headers, "Authorization", "Bearer gsk_bench_not_a_real_key");
  soup_message_headers_replace (headers, "Accept", "text/event-stream");
  soup_message_set_request_body_from_bytes (run->message, "application/json", body);
  run->buffer = g_malloc (READ_SLICE_BYTES);
  run->drain = drain;

  take_stamp (&run->start);
  soup_session_send_async (run->session, run->message, G_PRIORITY_DEFAULT, NULL,
                           floor_send_cb, run);
  while (!run->done)
    g_main_context_iteration (NULL, TRUE);

  if (run->source != NULL)
    {
      g_source_destroy (run->source);
      g_clear_pointer (&run->source, g_source_unref);
    }
  g_clear_object (&run->input);
  g_clear_object (&run->message);
  g_clear_object (&run->session);
  g_clear_pointer (&run->buffer, g_free);

  if (run->error != NULL)
    {
      g_printerr ("%s run failed: %s\n", drain ? "drain" : "floor", run->error->message);
      return FALSE;
    }

  return TRUE;
}

static int
client_main (const char *mode,
             const char *port,
             const char *events,
             const char *framing,
             const char *ca_file)
{
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base_url = NULL;
  Expected expected;
  Run run = { 0 };
  guint64 n_events = g_ascii_strtoull (events, NULL, 10);
  gboolean ok;

  if (n_events < 2)
    {
      g_printerr ("A stream has at least 2 events\n");
      return 2;
    }

  /* Outside the measurement: what a correct client must end up with. */
  compute_expected (n_events, &expected);

  /* Over TLS, the server's certificate is trusted as a private CA's would be. */
  if (ca_file != NULL)
    {
      database = g_tls_file_database_new (ca_file, &error);
      if (database == NULL)
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
    }

  base_url = g_strdup_printf ("%s://127.0.0.1:%s/bench/%" G_GUINT64_FORMAT "/%s/v1",
                              ca_file != NULL ? "https" : "http", port, n_events, framing);
  run.content_hash = FNV1A_INIT;

  if (g_strcmp0 (mode, "brisk") == 0)
    ok = run_brisk (base_url, database, n_events, &run);
  else if (g_strcmp0 (mode, "floor") == 0)
    ok = run_floor (base_url, database, FALSE, &run);
  else if (g_strcmp0 (mode, "drain") == 0)
    ok = run_floor (base_url, database, TRUE, &run);
  else
    {
      g_printerr ("Unknown mode “%s”\n", mode);
      return 2;
    }

  if (ok && run.n_bytes != expected.body_bytes)
    {
      g_printerr ("%s run: received %" G_GUINT64_FORMAT " bytes of events, expected %"
                  G_GUINT64_FORMAT "\n", mode, run.n_bytes, expected.body_bytes);
      ok = FALSE;
    }
  if (ok && g_strcmp0 (mode, "brisk") == 0 &&
      (run.content_bytes != expected.content_bytes || run.content_hash != expected.content_hash))
    {
      g_printerr ("brisk run: received %" G_GUINT64_FORMAT " bytes of text (hash %016"
                  G_GINT64_MODIFIER "x), expected %" G_GUINT64_FORMAT " (hash %016"
                  G_GINT64_MODIFIER "x)\n",
                  run.content_bytes, run.content_hash,
                  expected.content_bytes, expected.content_hash);
      ok = FALSE;
    }

  g_clear_error (&run.error);
  if (!ok)
    return 1;

  printf ("result events=%" G_GUINT64_FORMAT " bytes=%" G_GUINT64_FORMAT
          " wall_us=%" G_GINT64_FORMAT " cpu_us=%" G_GINT64_FORMAT
          " maxrss_kib=%ld slices=%u\n",
          n_events, run.n_bytes,
          run.end.wall_us - run.start.wall_us, run.end.cpu_us - run.start.cpu_us,
          peak_rss_kib (), run.n_slices);
  return 0;
}

/* }}} */

/* {{{ The benchmark */

typedef struct
{
  guint64 events;
  guint64 bytes;
  gint64  wall_us;
  gint64  cpu_us;
  gint64  maxrss_kib;
  guint64 slices;
  gint64  server_cpu_us; /* the server process's CPU time during the run, from /proc */
  /* Only from the sdk run, which cannot check itself: the parent checks these. */
  gboolean has_content;
  guint64 content_bytes;
  guint64 content_hash;
} Result;

static char *self_exe;
static char *node_exe;     /* set when the SDK can be measured */
static char *node_version;

static gboolean
parse_result (const char *line,
              Result     *result)
{
  g_auto(GStrv) fields = NULL;
  guint found = 0;
  guint found_content = 0;

  if (!g_str_has_prefix (line, "result "))
    return FALSE;

  fields = g_strsplit (line + strlen ("result "), " ", -1);
  for (guint i = 0; fields[i] != NULL; i++)
    {
      const char *eq = strchr (fields[i], '=');
      guint64 value;

      if (eq == NULL)
        continue;
      value = g_ascii_strtoull (eq + 1, NULL, 10);

#define FIELD(name, member) \
      if (strncmp (fields[i], name "=", strlen (name) + 1) == 0) \
        { result->member = value; found++; continue; }
      FIELD ("events", events)
      FIELD ("bytes", bytes)
      FIELD ("wall_us", wall_us)
      FIELD ("cpu_us", cpu_us)
      FIELD ("maxrss_kib", maxrss_kib)
      FIELD ("slices", slices)
#undef FIELD
      if (strncmp (fields[i], "content_bytes=", strlen ("content_bytes=")) == 0)
        {
          result->content_bytes = value;
          found_content++;
        }
      else if (strncmp (fields[i], "content_hash=", strlen ("content_hash=")) == 0)
        {
          result->content_hash = value;
          found_content++;
        }
    }

  result->has_content = found_content == 2;
  return found == 6 && result->wall_us > 0;
}

/* The brisk, floor and drain runs check what they received themselves; the SDK's run only
 * reports it, so it is checked here as strictly.
 */
static gboolean
check_sdk_result (guint64        n_events,
                  const Result  *result,
                  GError       **error)
{
  Expected expected;

  compute_expected (n_events, &expected);
  if (result->has_content && result->events == n_events && result->bytes == expected.body_bytes &&
      result->content_bytes == expected.content_bytes &&
      result->content_hash == expected.content_hash)
    return TRUE;

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
               "the sdk run received %" G_GUINT64_FORMAT " events, %" G_GUINT64_FORMAT
               " bytes of events and %" G_GUINT64_FORMAT " bytes of text (hash %016"
               G_GINT64_MODIFIER "x); expected %" G_GUINT64_FORMAT ", %" G_GUINT64_FORMAT
               " and %" G_GUINT64_FORMAT " (hash %016" G_GINT64_MODIFIER "x)",
               result->events, result->bytes, result->content_bytes, result->content_hash,
               n_events, expected.body_bytes, expected.content_bytes, expected.content_hash);
  return FALSE;
}

/* The CPU time (user + system) a process has used so far, from /proc/PID/stat, to the clock
 * tick (10 ms); -1 when it cannot be read.
 */
static gint64
process_cpu_us (const char *pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/stat", pid);
  g_autofree char *stat = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after_name;
  long ticks_per_second = sysconf (_SC_CLK_TCK);
  guint64 ticks;

  if (pid == NULL || !g_file_get_contents (path, &stat, NULL, NULL))
    return -1;

  /* The name, in parentheses, may hold spaces; utime and stime are the 12th and 13th fields
   * after it.
   */
  after_name = strrchr (stat, ')');
  if (after_name == NULL || ticks_per_second <= 0)
    return -1;
  fields = g_strsplit (after_name + 2, " ", 0);
  if (g_strv_length (fields) < 13)
    return -1;

  ticks = g_ascii_strtoull (fields[11], NULL, 10) + g_ascii_strtoull (fields[12], NULL, 10);
  return (gint64)ticks * G_USEC_PER_SEC / ticks_per_second;
}

/* One measured run of @mode against the server (process @server_pid) on @port: plain HTTP, or
 * HTTPS when @ca_file names the certificate to trust.
 */
static gboolean
run_client (const char  *mode,
            const char  *framing,
            const char  *port,
            const char  *ca_file,
            const char  *server_pid,
            guint64      n_events,
            Result      *result,
            GError     **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *events = g_strdup_printf ("%" G_GUINT64_FORMAT, n_events);
  g_autofree char *output = NULL;
  const char *scheme = ca_file != NULL ? "https" : "http";
  const char *line;
  gint64 server_cpu_start = process_cpu_us (server_pid);
  gint64 server_cpu_end;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  if (g_strcmp0 (mode, "sdk") == 0)
    {
      /* groq-sdk appends /openai/v1/chat/completions to its base URL. */
      g_autofree char *base_url = g_strdup_printf ("%s://127.0.0.1:%s/bench/%s/%s",
                                                   scheme, port, events, framing);

      /* Node adds these to the certificates it trusts; it keeps verifying them. */
      if (ca_file != NULL)
        g_subprocess_launcher_setenv (launcher, "NODE_EXTRA_CA_CERTS", ca_file, TRUE);
      process = g_subprocess_launcher_spawn (launcher, error, node_exe, BENCH_SDK_SCRIPT,
                                             BENCH_SDK_DIR, base_url, NULL);
    }
  else
    process = g_subprocess_launcher_spawn (launcher, error, self_exe, "--client", mode, port,
                                           events, framing, ca_file, NULL);
  if (process == NULL)
    return FALSE;
  if (!g_subprocess_communicate_utf8 (process, NULL, NULL, &output, NULL, error))
    return FALSE;
  server_cpu_end = process_cpu_us (server_pid);
  if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "the %s run of %" G_GUINT64_FORMAT " events (%s framing, %s) failed (see above)",
                   mode, n_events, framing, scheme);
      return FALSE;
    }

  line = output != NULL ? strstr (output, "result ") : NULL;
  if (line == NULL || !parse_result (line, result))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "the %s run printed no result: %s", mode, output ? output : "");
      return FALSE;
    }
  result->server_cpu_us = server_cpu_start >= 0 && server_cpu_end >= 0 ?
                          server_cpu_end - server_cpu_start : -1;

  return g_strcmp0 (mode, "sdk") != 0 || check_sdk_result (n_events, result, error);
}

/* Returns why the official SDK cannot be measured here, or NULL and sets node_exe and
 * node_version when it can.
 */
static char *
find_sdk (void)
{
  g_autofree char *package = g_build_filename (BENCH_SDK_DIR, "node_modules", "groq-sdk",
                                               "package.json", NULL);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *node = g_find_program_in_path ("node");
  g_autofree char *version = NULL;

  if (node == NULL)
    return g_strdup ("node is not installed");
  if (!g_file_test (package, G_FILE_TEST_EXISTS))
    return g_strdup_printf ("%s is missing (build-aux/dev.sh bench installs it)", package);

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                              &error, node, "--version", NULL);
  if (process == NULL ||
      !g_subprocess_communicate_utf8 (process, NULL, NULL, &version, NULL, &error) ||
      !g_subprocess_get_successful (process))
    return g_strdup_printf ("%s --version failed%s%s", node, error ? ": " : "",
                            error ? error->message : "");

  node_exe = g_steal_pointer (&node);
  node_version = g_strstrip (g_steal_pointer (&version));
  return NULL;
}

/* One line of the table: a mode, a framing and a stream length, run n times. */
typedef struct
{
  const char *mode;
  const char *framing;
  gboolean    tls;
  guint64     events;
  guint       n_runs;
  Result     *results;
  double      events_per_sec;  /* medians of the runs */
  double      mb_per_sec;
  double      cpu_us_per_event;
  double      rss_mib;
  double      slices;
  double      server_load;     /* the server's CPU time ÷ the run's wall time; < 0: unknown */
  double      min_events_per_sec;
  double      max_events_per_sec;
  double      mb;
} Row;

static void
summarize (Row *row)
{
  guint n = row->n_runs;
  g_autofree double *rate = g_new (double, n);
  g_autofree double *mbps = g_new (double, n);
  g_autofree double *cpu = g_new (double, n);
  g_autofree double *rss = g_new (double, n);
  g_autofree double *slices = g_new (double, n);
  g_autofree double *server_load = g_new (double, n);
  gboolean server_known = TRUE;

  for (guint i = 0; i < n; i++)
    {
      const Result *result = &row->results[i];
      double seconds = result->wall_us / 1e6;

      rate[i] = result->events / seconds;
      mbps[i] = result->bytes / 1e6 / seconds;
      cpu[i] = (double)result->cpu_us / result->events;
      rss[i] = result->maxrss_kib / 1024.0;
      slices[i] = result->slices;
      server_load[i] = (double)result->server_cpu_us / result->wall_us;
      server_known = server_known && result->server_cpu_us >= 0;
    }

  row->mb = row->results[0].bytes / 1e6;
  row->events_per_sec = bench_median (rate, n);
  row->min_events_per_sec = rate[0];
  row->max_events_per_sec = rate[n - 1];
  row->mb_per_sec = bench_median (mbps, n);
  row->cpu_us_per_event = bench_median (cpu, n);
  row->rss_mib = bench_median (rss, n);
  row->slices = bench_median (slices, n);
  row->server_load = server_known ? bench_median (server_load, n) : -1;
}

static char *
format_count (double value)
{
  g_autofree char *digits = g_strdup_printf ("%.0f", value);
  GString *out = g_string_new (NULL);
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }

  return g_string_free (out, FALSE);
}

static void
print_header (void)
{
  /* "µ" is two bytes: the header is padded by hand. */
  printf ("    %-6s %10s %11s %8s  %s  %s %9s  %s  %s\n",
          "mode", "events", "events/s", "MB/s", "CPU µs/event", "peak RSS MiB", "slices",
          "n", "events/s min-max");
}

static void
print_row (const Row *row)
{
  g_autofree char *events = format_count (row->events);
  g_autofree char *rate = format_count (row->events_per_sec);
  g_autofree char *slices = format_count (row->slices);
  g_autofree char *range = NULL;

  if (row->n_runs > 1)
    range = g_strdup_printf ("%.0fk-%.0fk", row->min_events_per_sec / 1000,
                             row->max_events_per_sec / 1000);

  printf ("    %-6s %10s %11s %8.1f %13.2f %13.1f %9s  %u  %s\n",
          row->mode, events, rate, row->mb_per_sec, row->cpu_us_per_event,
          row->rss_mib, slices, row->n_runs, range ? range : "");
}

static const char *
verdict (gboolean met)
{
  return met ? "met" : "NOT MET";
}

enum {
  ROW_FLOOR,
  ROW_DRAIN,
  ROW_BRISK,
  ROW_BULK_FLOOR,
  ROW_BULK_BRISK,
  ROW_SDK,
  ROW_TLS_FLOOR,
  ROW_TLS_DRAIN,
  ROW_TLS_BRISK,
  ROW_TLS_SDK,
  ROW_LONG,
  N_ROWS
};

/* The server's CPU time during a table's runs, as a share of one core: at 100% the server,
 * not the client, sets the pace of that row.
 */
static void
print_server_load (const Row * const *rows,
                   guint              n_rows)
{
  gboolean saturated = FALSE;

  printf ("    server process CPU during the runs (share of one core):");
  for (guint i = 0; i < n_rows; i++)
    {
      if (rows[i]->server_load < 0)
        {
          printf (" %s ?", rows[i]->mode);
          continue;
        }
      printf (" %s %.0f%%", rows[i]->mode, 100 * rows[i]->server_load);
      saturated = saturated || rows[i]->server_load >= 0.9;
    }
  printf ("\n");
  if (saturated)
    printf ("    THE SERVER IS SATURATED (>= 90%% of a core) in some rows: those rows measure the\n"
            "    server as much as the client.\n");
}

/* Prints "  @label" padded to the column where the figures start ("÷" and "µ" are two bytes,
 * so printf cannot pad it).
 */
static void
print_label (const char *label)
{
  glong len = g_utf8_strlen (label, -1);

  printf ("  %s%*s", label, (int)MAX (1, 62 - len), "");
}

/* The ratio of Brisk to the SDK, measured or (when the SDK cannot run here) quoted. */
static double
print_sdk_ratio (const Row  *brisk,
                 const Row  *sdk,
                 gboolean    sdk_measured,
                 const char *label)
{
  double ratio;

  if (sdk_measured)
    {
      g_autofree char *rate = g_strconcat (label, " Brisk events/s ÷ groq-sdk events/s"
                                           " (same run):", NULL);
      g_autofree char *cpu = g_strconcat (label, " groq-sdk CPU per event ÷ Brisk CPU per event:",
                                          NULL);

      ratio = brisk->events_per_sec / sdk->events_per_sec;
      print_label (rate);
      printf ("%6.1f×\n", ratio);
      print_label (cpu);
      printf ("%6.1f×\n", sdk->cpu_us_per_event / brisk->cpu_us_per_event);
    }
  else
    {
      g_autofree char *rate = g_strconcat (label, " Brisk events/s ÷ groq-sdk's ~42,000 events/s"
                                           " (QUOTED):", NULL);

      ratio = brisk->events_per_sec / SDK_EVENTS_PER_SECOND;
      print_label (rate);
      printf ("%6.1f×\n", ratio);
    }

  return ratio;
}

static void
print_targets (const char *title,
               const Row  *brisk,
               double      sdk_ratio,
               gboolean    sdk_measured)
{
  printf ("  %s:\n", title);
  printf ("    >= 420,000 events/s                         %-8s %.0f events/s\n",
          verdict (brisk->events_per_sec >= TARGET_EVENTS_PER_SECOND), brisk->events_per_sec);
  printf ("    <= 2.5 µs CPU per event                     %-8s %.2f µs\n",
          verdict (brisk->cpu_us_per_event <= TARGET_CPU_US_PER_EVENT), brisk->cpu_us_per_event);
  printf ("    >= 10× the official SDK's events/s on the same stream (protocol notes, Part 3)\n"
          "                                                %-8s %.1f×%s\n",
          verdict (sdk_ratio >= TARGET_SDK_RATIO), sdk_ratio,
          sdk_measured ? "" : " (against the quoted figure)");
}

static int
bench_main (int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(GDataInputStream) server_out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *port_line = NULL;
  g_autofree char *tls_port_line = NULL;
  g_autofree char *ca_file = g_build_filename (BENCH_TLS_DIR, "cert.pem", NULL);
  Row rows[N_ROWS] = {
    [ROW_FLOOR] = { "floor", "event", FALSE },
    [ROW_DRAIN] = { "drain", "event", FALSE },
    [ROW_BRISK] = { "brisk", "event", FALSE },
    [ROW_BULK_FLOOR] = { "floor", "bulk", FALSE },
    [ROW_BULK_BRISK] = { "brisk", "bulk", FALSE },
    [ROW_SDK] = { "sdk", "event", FALSE },
    [ROW_TLS_FLOOR] = { "floor", "event", TRUE },
    [ROW_TLS_DRAIN] = { "drain", "event", TRUE },
    [ROW_TLS_BRISK] = { "brisk", "event", TRUE },
    [ROW_TLS_SDK] = { "sdk", "event", TRUE },
    [ROW_LONG] = { "brisk", "event", FALSE },
  };
  const Row *brisk = &rows[ROW_BRISK];
  const Row *sdk = &rows[ROW_SDK];
  const Row *floor_row = &rows[ROW_FLOOR];
  const Row *tls_brisk = &rows[ROW_TLS_BRISK];
  const Row *tls_sdk = &rows[ROW_TLS_SDK];
  const Row *tls_floor = &rows[ROW_TLS_FLOOR];
  const Row *long_row = &rows[ROW_LONG];
  const Row *plain_table[] = { &rows[ROW_FLOOR], &rows[ROW_DRAIN], &rows[ROW_BRISK],
                               &rows[ROW_SDK] };
  const Row *tls_table[] = { &rows[ROW_TLS_FLOOR], &rows[ROW_TLS_DRAIN], &rows[ROW_TLS_BRISK],
                             &rows[ROW_TLS_SDK] };
  Result warmup;
  const char *port;
  const char *tls_port;
  const char *server_pid;
  g_autofree char *sdk_missing = NULL;
  gint64 started = g_get_monotonic_time ();
  gint64 events = DEFAULT_EVENTS;
  gint64 long_events = DEFAULT_LONG_EVENTS;
  int repeats = DEFAULT_REPEATS;
  double rss_ratio = -1;
  double sdk_ratio;
  double tls_sdk_ratio;
  gboolean rss_met;
  int status = 1;
  GOptionEntry entries[] = {
    { "events", 'n', 0, G_OPTION_ARG_INT64, &events, "Events in the measured stream", "N" },
    { "long-events", 'l', 0, G_OPTION_ARG_INT64, &long_events,
      "Events in the long stream that checks memory (0: skip it)", "N" },
    { "repeats", 'r', 0, G_OPTION_ARG_INT, &repeats, "Runs of each mode", "N" },
    { NULL }
  };

  context = g_option_context_new ("- Brisk's streaming benchmark");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (events < 2 || repeats < 1 || (long_events != 0 && long_events < 2))
    {
      g_printerr ("--events and --long-events need at least 2 events, --repeats at least 1\n");
      return 2;
    }

  for (guint r = 0; r < N_ROWS; r++)
    {
      rows[r].events = r == ROW_LONG ? long_events : events;
      rows[r].n_runs = r == ROW_LONG ? 1 : repeats;
      rows[r].results = g_new0 (Result, rows[r].n_runs);
    }

  server = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                             &error, self_exe, "--serve", NULL);
  if (server == NULL)
    goto out;
  server_pid = g_subprocess_get_identifier (server);
  server_out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server));
  port_line = g_data_input_stream_read_line (server_out, NULL, NULL, &error);
  if (port_line != NULL)
    tls_port_line = g_data_input_stream_read_line (server_out, NULL, NULL, &error);
  if (port_line == NULL || !g_str_has_prefix (port_line, "port ") ||
      tls_port_line == NULL || !g_str_has_prefix (tls_port_line, "tls-port "))
    {
      if (error == NULL)
        error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "the server did not start");
      goto out;
    }
  port = port_line + strlen ("port ");
  tls_port = tls_port_line + strlen ("tls-port ");

  printf ("Brisk streaming benchmark: realistic Groq chunks from a server on 127.0.0.1:%s (HTTP)\n"
          "and 127.0.0.1:%s (HTTPS, HTTP/1.1)\n", port, tls_port);
  printf ("build: %s; the server and each run have their own process\n", BENCH_BUILD_TYPE);
  if (g_getenv ("MALLOC_CHECK_") != NULL || g_getenv ("MALLOC_PERTURB_") != NULL)
    printf ("note: MALLOC_CHECK_ or MALLOC_PERTURB_ is set: malloc is slower than users have it\n");
  sdk_missing = find_sdk ();
  if (sdk_missing != NULL)
    printf ("groq-sdk not measured: %s; quoting the protocol notes' figure\n", sdk_missing);
  fflush (stdout);

  /* Warm up (page cache, node's and the SDK's files included; CPU clocks), and check that
   * every mode works, before measuring.
   */
  for (guint r = 0; r < ROW_LONG; r++)
    if ((!g_str_equal (rows[r].mode, "sdk") || sdk_missing == NULL) &&
        !run_client (rows[r].mode, rows[r].framing, rows[r].tls ? tls_port : port,
                     rows[r].tls ? ca_file : NULL, server_pid, MIN (events, WARMUP_EVENTS),
                     &warmup, &error))
      goto out;

  /* Interleaved, so that a change in the machine's load hits every mode alike. */
  for (int i = 0; i < repeats; i++)
    for (guint r = 0; r < ROW_LONG; r++)
      if ((!g_str_equal (rows[r].mode, "sdk") || sdk_missing == NULL) &&
          !run_client (rows[r].mode, rows[r].framing, rows[r].tls ? tls_port : port,
                       rows[r].tls ? ca_file : NULL, server_pid, rows[r].events,
                       &rows[r].results[i], &error))
        goto out;

  if (long_events != 0 &&
      !run_client (long_row->mode, long_row->framing, port, NULL, server_pid, long_row->events,
                   &rows[ROW_LONG].results[0], &error))
    goto out;

  for (guint r = 0; r < N_ROWS; r++)
    if ((r != ROW_LONG || long_events != 0) &&
        (!g_str_equal (rows[r].mode, "sdk") || sdk_missing == NULL))
      summarize (&rows[r]);

  printf ("\n  Plain HTTP/1.1; the server sends one HTTP chunk per event (as a server flushing\n"
          "  each token does):\n");
  print_header ();
  print_row (&rows[ROW_FLOOR]);
  print_row (&rows[ROW_DRAIN]);
  print_row (&rows[ROW_BRISK]);
  if (long_events != 0)
    print_row (long_row);
  if (sdk_missing == NULL)
    print_row (sdk);
  print_server_load (plain_table, sdk_missing == NULL ? 4 : 3);
  printf ("\n  Plain HTTP/1.1; the server sends 64 KiB HTTP chunks (as a buffering proxy may\n"
          "  re-frame a fast stream):\n");
  print_header ();
  print_row (&rows[ROW_BULK_FLOOR]);
  print_row (&rows[ROW_BULK_BRISK]);
  printf ("\n  Over TLS (HTTP/1.1; api.groq.com is HTTPS only); one HTTP chunk per event:\n");
  print_header ();
  print_row (&rows[ROW_TLS_FLOOR]);
  print_row (&rows[ROW_TLS_DRAIN]);
  print_row (&rows[ROW_TLS_BRISK]);
  if (sdk_missing == NULL)
    print_row (tls_sdk);
  print_server_load (tls_table, sdk_missing == NULL ? 4 : 3);

  printf ("\n  Medians of n runs; %.1f MB of events per %" G_GINT64_FORMAT " events (MB = 10^6 bytes,\n"
          "  without the HTTP chunk framing). CPU = user + system time of the client process\n"
          "  from sending the request to the end of the reply; over TLS that includes the\n"
          "  handshake (TLS 1.3, ECDSA P-256 certificate, trusted as a private CA's would be).\n"
          "  floor = the same libsoup request as Brisk's, its body read the way Brisk reads it\n"
          "          (g_input_stream_read_async, 64 KiB) and discarded: the raw byte floor.\n"
          "  drain = the same, but each wake-up reads without blocking until a 64 KiB slice is\n"
          "          full (g_pollable_input_stream_read_nonblocking): what libsoup itself costs.\n"
          "  brisk = BriskClient + BriskChatStream, text counted and hashed from ::delta.\n",
          floor_row->mb, events);
  if (sdk_missing == NULL)
    printf ("  sdk   = the official groq-sdk (Node), chat.completions.create with stream: true,\n"
            "          iterated with for await, text counted and hashed from each chunk; over\n"
            "          TLS it trusts the certificate through NODE_EXTRA_CA_CERTS.\n");
  printf ("  slices = reads that returned data (floor), slices filled (drain), ::delta\n"
          "          emissions with text (brisk), chunks with text (sdk).\n"
          "  server process CPU = its user + system time (from /proc, to 10 ms) during the runs\n"
          "          ÷ their wall time; near 100%% the server sets the pace, not the client.\n\n");

  sdk_ratio = print_sdk_ratio (brisk, sdk, sdk_missing == NULL, "Plain HTTP:");
  if (sdk_missing == NULL)
    printf ("    (groq-sdk 1.6.0 from build-aux/dev.sh bench's pinned install, Node %s)\n",
            node_version);
  else
    printf ("    (not measured in this run: groq-sdk 1.6.0, Node 20, same stream, %s µs\n"
            "    CPU/event, as measured for the project's protocol notes on another day)\n",
            SDK_CPU_US_PER_EVENT);
  tls_sdk_ratio = print_sdk_ratio (tls_brisk, tls_sdk, sdk_missing == NULL, "Over TLS:  ");
  print_label ("Plain HTTP: Brisk CPU per event ÷ floor CPU per event:");
  printf ("%6.2f×  (+%.2f µs/event)\n",
          brisk->cpu_us_per_event / floor_row->cpu_us_per_event,
          brisk->cpu_us_per_event - floor_row->cpu_us_per_event);
  print_label ("  with 64 KiB HTTP chunks:");
  printf ("%6.2f×  (+%.2f µs/event)\n",
          rows[ROW_BULK_BRISK].cpu_us_per_event / rows[ROW_BULK_FLOOR].cpu_us_per_event,
          rows[ROW_BULK_BRISK].cpu_us_per_event - rows[ROW_BULK_FLOOR].cpu_us_per_event);
  print_label ("Over TLS:   Brisk CPU per event ÷ floor CPU per event:");
  printf ("%6.2f×  (+%.2f µs/event)\n",
          tls_brisk->cpu_us_per_event / tls_floor->cpu_us_per_event,
          tls_brisk->cpu_us_per_event - tls_floor->cpu_us_per_event);
  if (long_events != 0)
    {
      g_autofree char *long_count = format_count (long_events);
      g_autofree char *count = format_count (events);

      g_autofree char *label = g_strdup_printf ("Plain HTTP: Brisk peak RSS, %s events ÷ %s"
                                                " events:", long_count, count);

      rss_ratio = long_row->rss_mib / brisk->rss_mib;
      print_label (label);
      printf ("%6.3f   (%.1f / %.1f MiB)\n", long_row->rss_mib / brisk->rss_mib, long_row->rss_mib,
              brisk->rss_mib);
    }

  rss_met = rss_ratio >= 0 && rss_ratio <= TARGET_RSS_RATIO;

  printf ("\n  Targets (a miss is reported, not failed: shared machines are noisy)\n");
  print_targets ("plain HTTP/1.1, per-event chunks", brisk, sdk_ratio, sdk_missing == NULL);
  if (long_events != 0)
    printf ("    peak RSS independent of length (<= %.2f×)   %-8s %.3f×\n",
            TARGET_RSS_RATIO, verdict (rss_met), rss_ratio);
  printf ("    (with 64 KiB chunks: %.0f events/s %s, %.2f µs CPU per event %s)\n",
          rows[ROW_BULK_BRISK].events_per_sec,
          verdict (rows[ROW_BULK_BRISK].events_per_sec >= TARGET_EVENTS_PER_SECOND),
          rows[ROW_BULK_BRISK].cpu_us_per_event,
          verdict (rows[ROW_BULK_BRISK].cpu_us_per_event <= TARGET_CPU_US_PER_EVENT));
  print_targets ("over TLS (HTTP/1.1; api.groq.com is HTTPS only), per-event chunks", tls_brisk,
                 tls_sdk_ratio, sdk_missing == NULL);
  printf ("\n  total time %.1f s\n", (g_get_monotonic_time () - started) / 1e6);
  status = 0;

out:
  if (error != NULL)
    g_printerr ("bench-stream: %s\n", error->message);
  if (server != NULL)
    {
      g_output_stream_close (g_subprocess_get_stdin_pipe (server), NULL, NULL);
      g_subprocess_wait (server, NULL, NULL);
    }
  for (guint r = 0; r < N_ROWS; r++)
    g_free (rows[r].results);
  g_clear_pointer (&node_exe, g_free);
  g_clear_pointer (&node_version, g_free);

  return status;
}

/* }}} */

int
main (int    argc,
      char **argv)
{
  int status;

  if (argc >= 2 && g_strcmp0 (argv[1], "--serve") == 0)
    return serve ();
  if ((argc == 6 || argc == 7) && g_strcmp0 (argv[1], "--client") == 0)
    return client_main (argv[2], argv[3], argv[4], argv[5], argc == 7 ? argv[6] : NULL);

  self_exe = g_file_read_link ("/proc/self/exe", NULL);
  if (self_exe == NULL)
    self_exe = g_strdup (argv[0]);

  status = bench_main (argc, argv);
  g_free (self_exe);
  return status;
}
