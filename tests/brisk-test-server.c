/* brisk-test-server.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "brisk-test-server"

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "brisk-test-server.h"

/* A real HTTP (or HTTPS) server on 127.0.0.1, in the test's own process and main loop, that
 * answers each request with the next scripted response for its path: a status, headers, and a
 * body sent chunk by chunk (with delays, if asked), ended properly, cut off, or left hanging.
 */

typedef struct
{
  guint          status;
  char          *content_type;
  GStrv          headers;
  GPtrArray     *chunks;
  guint          delay_ms;
  BriskTestEnd   end;
} Response;

typedef struct
{
  BriskTestServer   *server;
  SoupServerMessage *message;
  Response          *response;
  guint              next_chunk;
  guint              timeout_id;
  GSource           *socket_watch;
  gboolean           disconnected;
  gboolean           finished;
} Delivery;

struct _BriskTestServer
{
  SoupServer *soup_server;
  char       *base_url;
  GHashTable *queues;       /* path → GQueue of Response */
  GPtrArray  *requests;
  GPtrArray  *deliveries;
  guint       n_disconnected;
  guint       n_chunks_written;
};

static void
response_free (Response *response)
{
  g_free (response->content_type);
  g_strfreev (response->headers);
  g_ptr_array_unref (response->chunks);
  g_free (response);
}

static void
request_free (BriskTestRequest *request)
{
  g_free (request->path);
  g_free (request->method);
  g_free (request->authorization);
  g_free (request->accept);
  g_free (request->user_agent);
  g_bytes_unref (request->body);
  g_free (request);
}

static void
delivery_free (Delivery *delivery)
{
  g_clear_handle_id (&delivery->timeout_id, g_source_remove);
  if (delivery->socket_watch != NULL)
    {
      g_source_destroy (delivery->socket_watch);
      g_clear_pointer (&delivery->socket_watch, g_source_unref);
    }
  g_clear_object (&delivery->message);
  response_free (delivery->response);
  g_free (delivery);
}

static void
queue_free (GQueue *queue)
{
  g_queue_free_full (queue, (GDestroyNotify)response_free);
}

static void send_next_chunk (Delivery *delivery);

static gboolean
send_next_chunk_cb (gpointer user_data)
{
  Delivery *delivery = user_data;

  delivery->timeout_id = 0;
  send_next_chunk (delivery);
  return G_SOURCE_REMOVE;
}

static void
drop_connection (Delivery *delivery)
{
  g_autoptr(GIOStream) connection = soup_server_message_steal_connection (delivery->message);

  if (connection != NULL)
    g_io_stream_close (connection, NULL, NULL);
}

static void
note_disconnected (Delivery *delivery)
{
  if (delivery->disconnected)
    return;

  delivery->disconnected = TRUE;
  delivery->server->n_disconnected++;
  g_clear_handle_id (&delivery->timeout_id, g_source_remove);
}

/* A stalled response writes nothing, so soup would never notice the client leaving; watch the
 * socket for the end of the stream instead.
 */
static gboolean
socket_ready_cb (GSocket      *socket,
                 GIOCondition  condition,
                 gpointer      user_data)
{
  Delivery *delivery = user_data;
  char byte;
  gssize n;

  n = g_socket_receive_with_blocking (socket, &byte, 1, FALSE, NULL, NULL);
  if (n > 0)
    return G_SOURCE_CONTINUE;
  if (n < 0 && !(condition & (G_IO_HUP | G_IO_ERR)))
    return G_SOURCE_CONTINUE;

  note_disconnected (delivery);
  g_clear_pointer (&delivery->socket_watch, g_source_unref);
  return G_SOURCE_REMOVE;
}

static void
watch_for_disconnect (Delivery *delivery)
{
  GSocket *socket = soup_server_message_get_socket (delivery->message);

  if (socket == NULL || delivery->socket_watch != NULL)
    return;

  delivery->socket_watch = g_socket_create_source (socket, G_IO_IN | G_IO_HUP | G_IO_ERR, NULL);
  g_source_set_callback (delivery->socket_watch, (GSourceFunc)(GCallback)socket_ready_cb,
                         delivery, NULL);
  g_source_attach (delivery->socket_watch, NULL);
}

/* After the last chunk: end the body as scripted, once. */
static void
finish_body (Delivery *delivery)
{
  if (delivery->finished)
    return;
  delivery->finished = TRUE;

  switch (delivery->response->end)
    {
    case BRISK_TEST_END_COMPLETE:
      soup_message_body_complete (soup_server_message_get_response_body (delivery->message));
      soup_server_message_unpause (delivery->message);
      break;
    case BRISK_TEST_END_DROP:
      drop_connection (delivery);
      break;
    case BRISK_TEST_END_STALL:
    default:
      watch_for_disconnect (delivery);
      break;
    }
}

static void
send_next_chunk (Delivery *delivery)
{
  GPtrArray *chunks = delivery->response->chunks;

  if (delivery->disconnected)
    return;

  if (delivery->next_chunk < chunks->len)
    {
      soup_message_body_append_bytes (soup_server_message_get_response_body (delivery->message),
                                      g_ptr_array_index (chunks, delivery->next_chunk++));
      soup_server_message_unpause (delivery->message);
      return;
    }

  finish_body (delivery);
}

static void
wrote_chunk_cb (SoupServerMessage *message,
                Delivery          *delivery)
{
  delivery->server->n_chunks_written++;

  if (delivery->disconnected || delivery->finished)
    return;

  if (delivery->next_chunk < delivery->response->chunks->len && delivery->response->delay_ms > 0)
    delivery->timeout_id = g_timeout_add (delivery->response->delay_ms,
                                          send_next_chunk_cb, delivery);
  else
    send_next_chunk (delivery);
}

static void
disconnected_cb (SoupServerMessage *message,
                 Delivery          *delivery)
{
  note_disconnected (delivery);
}

static void
handle_cb (SoupServer        *soup_server,
           SoupServerMessage *message,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  BriskTestServer *self = user_data;
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (message);
  SoupMessageHeaders *response_headers = soup_server_message_get_response_headers (message);
  SoupMessageBody *request_body = soup_server_message_get_request_body (message);
  BriskTestRequest *request = g_new0 (BriskTestRequest, 1);
  GQueue *queue = g_hash_table_lookup (self->queues, path);
  Response *response = queue ? g_queue_pop_head (queue) : NULL;
  Delivery *delivery;

  request->path = g_strdup (path);
  request->method = g_strdup (soup_server_message_get_method (message));
  request->authorization = g_strdup (soup_message_headers_get_one (request_headers, "Authorization"));
  request->accept = g_strdup (soup_message_headers_get_one (request_headers, "Accept"));
  request->user_agent = g_strdup (soup_message_headers_get_one (request_headers, "User-Agent"));
  request->body = soup_message_body_flatten (request_body);
  g_ptr_array_add (self->requests, request);

  if (response == NULL)
    {
      g_test_message ("No scripted response for %s", path);
      soup_server_message_set_status (message, 599, "Nothing scripted");
      return;
    }

  soup_server_message_set_status (message, response->status, NULL);
  if (response->content_type != NULL)
    soup_message_headers_set_content_type (response_headers, response->content_type, NULL);
  for (guint i = 0; response->headers && response->headers[i] && response->headers[i + 1]; i += 2)
    soup_message_headers_replace (response_headers, response->headers[i], response->headers[i + 1]);
  soup_message_headers_set_encoding (response_headers, SOUP_ENCODING_CHUNKED);

  delivery = g_new0 (Delivery, 1);
  delivery->server = self;
  delivery->message = g_object_ref (message);
  delivery->response = response;
  g_ptr_array_add (self->deliveries, delivery);

  g_signal_connect (message, "wrote-chunk", G_CALLBACK (wrote_chunk_cb), delivery);
  g_signal_connect (message, "disconnected", G_CALLBACK (disconnected_cb), delivery);

  soup_server_message_pause (message);
  send_next_chunk (delivery);
}

static BriskTestServer *
server_new (GTlsCertificate *certificate)
{
  BriskTestServer *self = g_new0 (BriskTestServer, 1);
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;
  g_autofree char *uri = NULL;
  SoupServerListenOptions options = SOUP_SERVER_LISTEN_IPV4_ONLY;

  self->soup_server = soup_server_new ("tls-certificate", certificate, NULL);
  if (certificate != NULL)
    options |= SOUP_SERVER_LISTEN_HTTPS;
  self->queues = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)queue_free);
  self->requests = g_ptr_array_new_with_free_func ((GDestroyNotify)request_free);
  self->deliveries = g_ptr_array_new_with_free_func ((GDestroyNotify)delivery_free);

  soup_server_add_handler (self->soup_server, NULL, handle_cb, self, NULL);
  if (!soup_server_listen_local (self->soup_server, 0, options, &error))
    g_error ("Could not start the test server: %s", error->message);

  uris = soup_server_get_uris (self->soup_server);
  uri = g_uri_to_string (uris->data);
  self->base_url = g_strconcat (uri, uri[strlen (uri) - 1] == '/' ? "" : "/", "v1", NULL);

  return self;
}

BriskTestServer *
brisk_test_server_new (void)
{
  return server_new (NULL);
}

/**
 * brisk_test_server_new_https:
 *
 * The same server over HTTPS, with the test certificate in tests/tls/, which no system trusts
 * (brisk_test_tls_database() does).
 */
BriskTestServer *
brisk_test_server_new_https (void)
{
  g_autofree char *cert_path = g_test_build_filename (G_TEST_DIST, "tls", "cert.pem", NULL);
  g_autofree char *key_path = g_test_build_filename (G_TEST_DIST, "tls", "key.pem", NULL);
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GError) error = NULL;

  certificate = g_tls_certificate_new_from_files (cert_path, key_path, &error);
  if (certificate == NULL)
    g_error ("Could not load the test certificate: %s", error->message);

  return server_new (certificate);
}

/**
 * brisk_test_tls_database:
 *
 * Returns: (transfer full): a database that trusts the test certificate in tests/tls/, and
 *   nothing else
 */
GTlsDatabase *
brisk_test_tls_database (void)
{
  g_autofree char *cert_path = g_test_build_filename (G_TEST_DIST, "tls", "cert.pem", NULL);
  g_autoptr(GError) error = NULL;
  GTlsDatabase *database = g_tls_file_database_new (cert_path, &error);

  if (database == NULL)
    g_error ("Could not load the test certificate: %s", error->message);

  return database;
}

void
brisk_test_server_free (BriskTestServer *self)
{
  soup_server_disconnect (self->soup_server);
  g_clear_object (&self->soup_server);
  g_ptr_array_unref (self->deliveries);
  g_ptr_array_unref (self->requests);
  g_hash_table_unref (self->queues);
  g_free (self->base_url);
  g_free (self);
}

/**
 * brisk_test_server_get_base_url:
 *
 * Returns: the provider base URL to give a client, "http://127.0.0.1:PORT/v1" (https for a
 *   server from brisk_test_server_new_https())
 */
const char *
brisk_test_server_get_base_url (BriskTestServer *self)
{
  return self->base_url;
}

/**
 * brisk_test_server_queue_bytes:
 * @path: e.g. "/v1/chat/completions"
 * @headers: (nullable): name, value, name, value…, NULL
 * @chunks: (element-type GBytes): the body, written one chunk at a time
 * @delay_ms: pause before each chunk after the first
 */
void
brisk_test_server_queue_bytes (BriskTestServer  *self,
                               const char       *path,
                               guint             status,
                               const char       *content_type,
                               const char * const *headers,
                               GPtrArray        *chunks,
                               guint             delay_ms,
                               BriskTestEnd      end)
{
  Response *response = g_new0 (Response, 1);
  GQueue *queue = g_hash_table_lookup (self->queues, path);

  response->status = status;
  response->content_type = g_strdup (content_type);
  response->headers = g_strdupv ((char **)headers);
  response->chunks = g_ptr_array_ref (chunks);
  response->delay_ms = delay_ms;
  response->end = end;

  if (queue == NULL)
    {
      queue = g_queue_new ();
      g_hash_table_insert (self->queues, g_strdup (path), queue);
    }
  g_queue_push_tail (queue, response);
}

/**
 * brisk_test_server_queue:
 * @chunks: (nullable): the body's chunks as strings, NULL-terminated
 */
void
brisk_test_server_queue (BriskTestServer  *self,
                         const char       *path,
                         guint             status,
                         const char       *content_type,
                         const char * const *headers,
                         const char * const *chunks,
                         guint             delay_ms,
                         BriskTestEnd      end)
{
  g_autoptr(GPtrArray) bytes = g_ptr_array_new_with_free_func ((GDestroyNotify)g_bytes_unref);

  for (guint i = 0; chunks && chunks[i]; i++)
    g_ptr_array_add (bytes, g_bytes_new (chunks[i], strlen (chunks[i])));

  brisk_test_server_queue_bytes (self, path, status, content_type, headers, bytes, delay_ms, end);
}

guint
brisk_test_server_get_n_requests (BriskTestServer *self)
{
  return self->requests->len;
}

BriskTestRequest *
brisk_test_server_get_request (BriskTestServer *self,
                               guint            index)
{
  g_assert_cmpuint (index, <, self->requests->len);
  return g_ptr_array_index (self->requests, index);
}

/**
 * brisk_test_server_get_n_disconnected:
 *
 * Returns: how many responses were cut short because the client went away
 */
guint
brisk_test_server_get_n_disconnected (BriskTestServer *self)
{
  return self->n_disconnected;
}

/**
 * brisk_test_server_get_n_chunks_written:
 *
 * Returns: how many body chunks went out to clients so far
 */
guint
brisk_test_server_get_n_chunks_written (BriskTestServer *self)
{
  return self->n_chunks_written;
}

/**
 * brisk_test_split_stream:
 * @slice: bytes per chunk, or 0 for one chunk
 *
 * Returns: (transfer full) (element-type GBytes): @stream cut into chunks
 */
GPtrArray *
brisk_test_split_stream (const char *stream,
                         gsize       slice)
{
  GPtrArray *chunks = g_ptr_array_new_with_free_func ((GDestroyNotify)g_bytes_unref);
  gsize len = strlen (stream);

  if (slice == 0)
    slice = MAX (len, 1);
  for (gsize offset = 0; offset < len; offset += slice)
    g_ptr_array_add (chunks, g_bytes_new (stream + offset, MIN (slice, len - offset)));

  return chunks;
}

/**
 * brisk_test_read_fixture:
 * @name: a file in tests/fixtures/
 *
 * Returns: (transfer full): its contents
 */
char *
brisk_test_read_fixture (const char *name,
                         gsize      *len)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", name, NULL);
  char *contents = NULL;

  if (!g_file_get_contents (path, &contents, len, &error))
    g_error ("Could not read the fixture %s: %s", name, error->message);

  return contents;
}

/**
 * brisk_test_remove_tree:
 * @path: a folder a test made
 *
 * Deletes the folder and everything in it.
 */
void
brisk_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        brisk_test_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* One chunk of a streamed reply: @content as text, or else @tool_calls (the JSON text of a
 * delta's tool_calls array), and the finish reason when this is the last.
 */
static char *
make_chunk (const char *content,
            const char *tool_calls,
            const char *finish_reason)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, "chatcmpl-test");
  json_builder_set_member_name (builder, "object");
  json_builder_add_string_value (builder, "chat.completion.chunk");
  json_builder_set_member_name (builder, "model");
  json_builder_add_string_value (builder, "test-model");
  json_builder_set_member_name (builder, "choices");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "index");
  json_builder_add_int_value (builder, 0);
  json_builder_set_member_name (builder, "delta");
  json_builder_begin_object (builder);
  if (content != NULL)
    {
      json_builder_set_member_name (builder, "content");
      json_builder_add_string_value (builder, content);
    }
  if (tool_calls != NULL)
    {
      json_builder_set_member_name (builder, "tool_calls");
      json_builder_add_value (builder, json_from_string (tool_calls, NULL));
    }
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "finish_reason");
  if (finish_reason != NULL)
    json_builder_add_string_value (builder, finish_reason);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  if (finish_reason != NULL)
    {
      /* Groq reports usage and timings in x_groq on the last chunk. */
      json_builder_set_member_name (builder, "x_groq");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "usage");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "prompt_tokens");
      json_builder_add_int_value (builder, 20);
      json_builder_set_member_name (builder, "completion_tokens");
      json_builder_add_int_value (builder, 40);
      json_builder_set_member_name (builder, "total_tokens");
      json_builder_add_int_value (builder, 60);
      json_builder_set_member_name (builder, "queue_time");
      json_builder_add_double_value (builder, 0.012);
      json_builder_set_member_name (builder, "prompt_time");
      json_builder_add_double_value (builder, 0.004);
      json_builder_set_member_name (builder, "completion_time");
      json_builder_add_double_value (builder, 0.08);
      json_builder_set_member_name (builder, "total_time");
      json_builder_add_double_value (builder, 0.084);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json = json_to_string (root, FALSE);

  return g_strdup_printf ("data: %s\n\n", json);
}

static char **
make_reply (const char * const *pieces,
            gboolean            tool_calls,
            const char         *finish_reason)
{
  g_autoptr(GStrvBuilder) chunks = g_strv_builder_new ();

  for (guint i = 0; pieces[i] != NULL; i++)
    {
      g_autofree char *chunk = tool_calls ? make_chunk (NULL, pieces[i], NULL)
                                          : make_chunk (pieces[i], NULL, NULL);
      g_strv_builder_add (chunks, chunk);
    }
  if (finish_reason != NULL)
    {
      g_autofree char *chunk = make_chunk (NULL, NULL, finish_reason);
      g_strv_builder_add (chunks, chunk);
      g_strv_builder_add (chunks, "data: [DONE]\n\n");
    }

  return g_strv_builder_end (chunks);
}

/**
 * brisk_test_make_reply:
 * @pieces: (array zero-terminated=1): the reply's text, one piece per event
 * @finish_reason: (nullable): the last event's finish_reason (with Groq's usage), or %NULL
 *   for a reply that never finishes
 *
 * Returns: (transfer full): the events of a streamed chat reply, one HTTP chunk each, ending
 *   with `[DONE]` when @finish_reason is set, for brisk_test_server_queue()
 */
char **
brisk_test_make_reply (const char * const *pieces,
                       const char         *finish_reason)
{
  return make_reply (pieces, FALSE, finish_reason);
}

/**
 * brisk_test_make_tool_call_reply:
 * @deltas: (array zero-terminated=1): the JSON text of each event's `tool_calls` array: whole
 *   calls as Groq sends them, or OpenAI's fragments (an id and name first, then pieces of the
 *   arguments under the same index)
 *
 * Returns: (transfer full): the events of a reply that calls tools and ends with
 *   finish_reason "tool_calls", for brisk_test_server_queue()
 */
char **
brisk_test_make_tool_call_reply (const char * const *deltas)
{
  return make_reply (deltas, TRUE, "tool_calls");
}

static void
chooser_cancelled_cb (GCancellable *cancellable,
                      GTask        *task)
{
  g_task_return_pointer (task, NULL, NULL);
  g_object_unref (task);
}

/**
 * brisk_test_choose_file:
 * @chooser: a #BriskTestChooser
 *
 * A #BriskToolboxChooseFile that answers as @chooser says and counts how often it was asked.
 */
void
brisk_test_choose_file (BriskToolbox *toolbox,
                        GTask        *task,
                        gpointer      chooser)
{
  BriskTestChooser *test_chooser = chooser;

  test_chooser->n_asked++;
  if (test_chooser->file == NULL && test_chooser->wait)
    {
      /* As the window does: the question is withdrawn when the reply is stopped. */
      g_signal_connect (g_task_get_cancellable (task), "cancelled",
                        G_CALLBACK (chooser_cancelled_cb), g_object_ref (task));
      return;
    }

  g_task_return_pointer (task,
                         test_chooser->file != NULL ? g_object_ref (test_chooser->file) : NULL,
                         g_object_unref);
}
