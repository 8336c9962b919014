/* bench-window.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bench-window"

#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "bench-reply.h"
#include "bench-stats.h"
#include "brisk-chat-view.h"
#include "brisk-key-store.h"
#include "brisk-markdown-view-private.h"
#include "brisk-message-list.h"
#include "brisk-message-row.h"
#include "brisk-ui-test.h"
#include "brisk-window.h"

/* The chat window benchmark: the real BriskApplication and BriskWindow, as a user has them.
 *
 * Streaming: a 20,000-token markdown reply (prose, lists, tables, code blocks), one token per
 * Groq-shaped SSE event, arrives from a local server at 2,000 tokens/s. The server is a thread
 * of its own, pacing its writes by the clock as Groq does, so the window's main loop only
 * does what it does for a real reply: read, parse, render, lay out and paint. Measured on the
 * main thread: its longest stall (the gap between the ticks of a high-priority timer), the
 * intervals between painted frames, its CPU per 1,000 tokens in the last quarter of the reply
 * against the first, and how many frames the text on screen trails the text received (tokens
 * delivered to the BriskMessage, against tokens the markdown view has rendered).
 *
 * A painted frame is one whose paint phase ran. The frame clock also runs frames that only lay
 * out and draw nothing; the screen keeps its old picture through them, so while text arrives
 * such a frame is a frame the user waits longer for, and it is not counted as one.
 *
 * Long conversation: a stored conversation of 2,000 messages (its answers are sections of
 * the same markdown) is opened, then scrolled from its end to its start and back, a page per
 * frame, loading older messages as the window does. Measured: the time from the call that
 * opens it to the first frame painted, the longest frame while scrolling, and the memory the
 * process holds once it is open and after the scroll.
 *
 * It fails only when something goes wrong (the reply arrives wrong, the stream fails); missed
 * targets are reported, not failed: timings on a shared machine are noisy.
 */

#define N_TOKENS              20000
#define TOKENS_PER_SECOND     2000.0
#define STALL_TIMER_MS        5
#define LONG_MESSAGES         2000
#define SCROLL_LIMIT_S        60
#define REPLY_MARKER          "bench-window-reply"

#define TARGET_STALL_MS       50.0
#define TARGET_P95_FRAME_MS   20.0
#define TARGET_RATIO          1.2
#define TARGET_LAG_FRAMES     1
#define TARGET_OPEN_MS        150.0
#define TARGET_SCROLL_MS      50.0

#define MODEL "llama-3.1-8b-instant"

/* {{{ The server */

typedef struct
{
  GPtrArray *tokens;
  int        listen_fd;
  guint16    port;
} Server;

typedef struct
{
  Server *server;
  int     fd;
} Connection;

static gboolean
write_all (int         fd,
           const char *data,
           gsize       len)
{
  while (len > 0)
    {
      gssize n = write (fd, data, len);

      if (n <= 0)
        return FALSE;
      data += n;
      len -= n;
    }

  return TRUE;
}

static void
append_json_string (GString    *out,
                    const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_printf (out, "\\%c", *p);
      else if (*p == '\n')
        g_string_append (out, "\\n");
      else if ((guchar)*p < 0x20)
        g_string_append_printf (out, "\\u%04x", *p);
      else
        g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/* One SSE event in one HTTP chunk, as Groq flushes each token. */
static void
append_event (GString    *out,
              const char *content,
              gboolean    last)
{
  g_autoptr(GString) event = g_string_new ("data: {\"id\":\"chatcmpl-bench\","
                                           "\"object\":\"chat.completion.chunk\","
                                           "\"created\":1764000000,\"model\":\"" MODEL "\","
                                           "\"system_fingerprint\":\"fp_bench\","
                                           "\"choices\":[{\"index\":0,\"delta\":");

  if (content != NULL)
    {
      g_string_append (event, "{\"content\":");
      append_json_string (event, content);
      g_string_append (event, "},\"logprobs\":null,\"finish_reason\":null}]}\n\n");
    }
  else
    g_string_append (event, "{},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
                            "\"x_groq\":{\"id\":\"req_bench\",\"usage\":{\"prompt_tokens\":20,"
                            "\"completion_tokens\":20000,\"total_tokens\":20020,"
                            "\"completion_time\":10.0,\"total_time\":10.0}}}\n\n");
  if (last)
    g_string_append (event, "data: [DONE]\n\n");

  g_string_append_printf (out, "%zx\r\n%s\r\n", event->len, event->str);
}

static void
stream_reply (int        fd,
              GPtrArray *tokens)
{
  g_autoptr(GString) out = g_string_new (NULL);
  gint64 started = g_get_monotonic_time ();
  guint sent = 0;

  while (sent < tokens->len)
    {
      double elapsed = (g_get_monotonic_time () - started) / (double)G_USEC_PER_SEC;
      guint due = MIN (tokens->len, elapsed * TOKENS_PER_SECOND + 1);

      g_string_truncate (out, 0);
      for (; sent < due; sent++)
        append_event (out, tokens->pdata[sent], FALSE);
      if (out->len > 0 && !write_all (fd, out->str, out->len))
        return;
      g_usleep (1000);
    }

  g_string_truncate (out, 0);
  append_event (out, NULL, TRUE);
  g_string_append (out, "0\r\n\r\n");
  write_all (fd, out->str, out->len);
}

static void
respond (int         fd,
         const char *head,
         const char *body,
         Server     *server)
{
  static const char stream_head[] =
    "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n";

  if (g_str_has_prefix (head, "GET ") && strstr (head, "/models") != NULL)
    {
      const char *models = "{\"object\":\"list\",\"data\":[{\"id\":\"" MODEL "\",\"object\":"
                           "\"model\",\"owned_by\":\"Meta\",\"active\":true,"
                           "\"context_window\":131072}]}";
      g_autofree char *response =
        g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                         "Content-Length: %zu\r\n\r\n%s", strlen (models), models);

      write_all (fd, response, strlen (response));
    }
  else if (strstr (head, "/chat/completions") != NULL)
    {
      g_autoptr(GPtrArray) title = g_ptr_array_new ();

      write_all (fd, stream_head, strlen (stream_head));
      if (strstr (body, REPLY_MARKER) != NULL)
        stream_reply (fd, server->tokens);
      else
        {
          /* The title the window asks for after the first answer. */
          g_ptr_array_add (title, (gpointer)"Benchmark");
          stream_reply (fd, title);
        }
    }
  else
    {
      const char *response = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n";

      write_all (fd, response, strlen (response));
    }
}

/* Answers the requests of one keep-alive connection, one after another. */
static gpointer
serve_connection (gpointer data)
{
  g_autofree Connection *connection = data;
  Server *server = connection->server;
  int fd = connection->fd;
  g_autoptr(GString) in = g_string_new (NULL);
  char buffer[16384];

  for (;;)
    {
      const char *end = strstr (in->str, "\r\n\r\n");
      const char *length;
      gsize head_len;
      gsize body_len = 0;
      gssize n;

      if (end != NULL)
        {
          head_len = end - in->str + 4;
          length = strstr (in->str, "Content-Length: ");
          if (length == NULL)
            length = strstr (in->str, "content-length: ");
          if (length != NULL && length < end)
            body_len = g_ascii_strtoull (length + 16, NULL, 10);
          if (in->len >= head_len + body_len)
            {
              g_autofree char *head = g_strndup (in->str, head_len);
              g_autofree char *body = g_strndup (in->str + head_len, body_len);

              respond (fd, head, body, server);
              g_string_erase (in, 0, head_len + body_len);
              continue;
            }
        }

      n = read (fd, buffer, sizeof buffer);
      if (n <= 0)
        break;
      g_string_append_len (in, buffer, n);
    }

  close (fd);
  return NULL;
}

static gpointer
serve (gpointer data)
{
  Server *server = data;

  for (;;)
    {
      int fd = accept (server->listen_fd, NULL, NULL);
      Connection *connection;

      if (fd < 0)
        return NULL;
      connection = g_new (Connection, 1);
      connection->server = server;
      connection->fd = fd;
      g_thread_unref (g_thread_new ("bench-connection", serve_connection, connection));
    }
}

static void
server_start (Server *server)
{
  struct sockaddr_in address = { .sin_family = AF_INET };
  socklen_t len = sizeof address;

  address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  server->listen_fd = socket (AF_INET, SOCK_STREAM, 0);
  if (server->listen_fd < 0 ||
      bind (server->listen_fd, (struct sockaddr *)&address, sizeof address) != 0 ||
      listen (server->listen_fd, 16) != 0 ||
      getsockname (server->listen_fd, (struct sockaddr *)&address, &len) != 0)
    g_error ("Could not listen on 127.0.0.1: %s", g_strerror (errno));
  server->port = ntohs (address.sin_port);
  g_thread_unref (g_thread_new ("bench-server", serve, server));
}

/* }}} */

/* {{{ Measuring */

static double
thread_cpu_ms (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return now.tv_sec * 1e3 + now.tv_nsec / 1e6;
}

static const char *
verdict (gboolean met)
{
  return met ? "met" : "NOT MET";
}

/* The longest gap between the ticks of a timer that outranks everything else on the loop. */
typedef struct
{
  gint64 last;
  gint64 longest;
  guint  id;
} StallWatch;

static gboolean
stall_tick_cb (gpointer data)
{
  StallWatch *watch = data;
  gint64 now = g_get_monotonic_time ();

  if (watch->last > 0)
    watch->longest = MAX (watch->longest, now - watch->last - STALL_TIMER_MS * 1000);
  watch->last = now;
  return G_SOURCE_CONTINUE;
}

static void
stall_watch_start (StallWatch *watch)
{
  *watch = (StallWatch) { 0 };
  watch->id = g_timeout_add_full (G_PRIORITY_HIGH, STALL_TIMER_MS, stall_tick_cb, watch, NULL);
}

static void
stall_watch_stop (StallWatch *watch)
{
  g_clear_handle_id (&watch->id, g_source_remove);
}

static GtkWidget *
template_child (GtkWidget  *root,
                GType       type,
                const char *id)
{
  GtkWidget *child = brisk_ui_test_find_descendant (root, type, id);

  if (child == NULL)
    g_error ("No %s in the window", id);
  return child;
}

/* }}} */

/* {{{ Streaming into the window */

typedef struct
{
  BriskWindow   *window;
  GtkWidget     *message_list;
  BriskMessage  *reply;
  guint64       *token_ends;  /* the byte offset where each token ends */
  guint          n_tokens;
  gsize          delivered;   /* bytes */
  gboolean       finished;
  gboolean       painted;     /* the frame under way has painted */
  guint          n_unpainted; /* frames that painted nothing while the reply streamed */

  /* One entry per frame painted while the reply streams */
  GArray        *times;       /* µs, gint64 */
  GArray        *delivered_tokens;
  GArray        *rendered_tokens;
  GArray        *cpu;         /* ms of main thread CPU, double */
} Stream;

static guint
tokens_in (Stream *stream,
           gsize   bytes)
{
  guint low = 0;
  guint high = stream->n_tokens;

  /* How many tokens end within @bytes. */
  while (low < high)
    {
      guint middle = (low + high) / 2;

      if (stream->token_ends[middle] <= bytes)
        low = middle + 1;
      else
        high = middle;
    }

  return low;
}

static void
reply_appended_cb (BriskMessage   *message,
                   BriskDeltaKind  kind,
                   const char     *text,
                   Stream         *stream)
{
  if (kind == BRISK_DELTA_CONTENT)
    stream->delivered += strlen (text);
}

static BriskMarkdownView *
find_reply_view (Stream *stream)
{
  BriskMessageList *list = BRISK_MESSAGE_LIST (stream->message_list);

  for (guint i = 0; i < brisk_message_list_get_n_rows (list); i++)
    {
      GtkWidget *row = brisk_ui_test_find_descendant (brisk_message_list_get_row (list, i),
                                                      BRISK_TYPE_MESSAGE_ROW, NULL);

      if (row != NULL && brisk_message_row_get_message (BRISK_MESSAGE_ROW (row)) == stream->reply)
        return BRISK_MARKDOWN_VIEW (brisk_ui_test_find_descendant (row, BRISK_TYPE_MARKDOWN_VIEW,
                                                                   NULL));
    }

  return NULL;
}

/* Connected to a frame clock's ::paint, which it emits only in frames that have something to
 * draw.
 */
static void
mark_painted_cb (GdkFrameClock *frame_clock,
                 gboolean      *painted)
{
  *painted = TRUE;
}

static void
stream_after_paint_cb (GdkFrameClock *frame_clock,
                       Stream        *stream)
{
  BriskMarkdownView *view;
  gint64 now = g_get_monotonic_time ();
  double cpu = thread_cpu_ms ();
  guint delivered;
  guint rendered;

  if (stream->reply == NULL || stream->delivered == 0)
    return;
  if (!stream->painted)
    {
      stream->n_unpainted++;
      return;
    }
  stream->painted = FALSE;

  view = find_reply_view (stream);
  delivered = tokens_in (stream, stream->delivered);
  rendered = view != NULL ? tokens_in (stream, _brisk_markdown_view_get_rendered_length (view)) : 0;
  g_array_append_val (stream->times, now);
  g_array_append_val (stream->delivered_tokens, delivered);
  g_array_append_val (stream->rendered_tokens, rendered);
  g_array_append_val (stream->cpu, cpu);
}

static void
reply_finished_cb (BriskChatSession *session,
                   BriskMessage     *reply,
                   const GError     *error,
                   Stream           *stream)
{
  if (error != NULL)
    g_error ("The reply failed: %s", error->message);
  stream->finished = TRUE;
}

static void
messages_changed_cb (GListModel *messages,
                     guint       position,
                     guint       removed,
                     guint       added,
                     Stream     *stream)
{
  guint n = g_list_model_get_n_items (messages);
  g_autoptr(BriskMessage) last = n > 0 ? g_list_model_get_item (messages, n - 1) : NULL;

  if (stream->reply == NULL && last != NULL &&
      g_strcmp0 (brisk_message_get_role (last), "assistant") == 0)
    {
      stream->reply = g_object_ref (last);
      g_signal_connect (stream->reply, "appended", G_CALLBACK (reply_appended_cb), stream);
    }
}

static gboolean
bench_streaming (BriskWindow *window,
                 GPtrArray   *tokens,
                 const char  *text)
{
  BriskChatView *chat_view = brisk_window_get_chat_view (window);
  BriskChatSession *session = brisk_chat_view_get_session (chat_view);
  GdkFrameClock *frame_clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) intervals = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) lags = g_array_new (FALSE, FALSE, sizeof (double));
  Stream stream = { window };
  StallWatch stall;
  double quarter_cpu[4] = { 0 };
  guint quarter_tokens[4] = { 0 };
  BriskMarkdownView *view;
  guint64 offset = 0;
  guint max_lag_frames = 0;
  guint max_lag_tokens = 0;
  double ratio;
  double p95;
  gulong handler;
  gulong paint_handler;

  stream.message_list = template_child (GTK_WIDGET (window), BRISK_TYPE_MESSAGE_LIST, "message_list");
  stream.n_tokens = tokens->len;
  stream.token_ends = g_new (guint64, tokens->len);
  for (guint i = 0; i < tokens->len; i++)
    stream.token_ends[i] = offset += strlen (tokens->pdata[i]);
  stream.times = g_array_new (FALSE, FALSE, sizeof (gint64));
  stream.delivered_tokens = g_array_new (FALSE, FALSE, sizeof (guint));
  stream.rendered_tokens = g_array_new (FALSE, FALSE, sizeof (guint));
  stream.cpu = g_array_new (FALSE, FALSE, sizeof (double));

  brisk_conversation_set_model (brisk_chat_session_get_conversation (session), MODEL);
  g_signal_connect (brisk_chat_session_get_messages (session), "items-changed",
                    G_CALLBACK (messages_changed_cb), &stream);
  g_signal_connect (session, "reply-finished", G_CALLBACK (reply_finished_cb), &stream);
  handler = g_signal_connect (frame_clock, "after-paint", G_CALLBACK (stream_after_paint_cb),
                              &stream);
  paint_handler = g_signal_connect (frame_clock, "paint", G_CALLBACK (mark_painted_cb),
                                    &stream.painted);

  stall_watch_start (&stall);
  if (!brisk_chat_session_send (session, "Explain everything at length. " REPLY_MARKER, &error))
    g_error ("Could not send: %s", error->message);

  while (!stream.finished)
    g_main_context_iteration (NULL, TRUE);
  /* The last frame, which shows the end of the reply. */
  brisk_ui_test_wait_for_frame (GTK_WIDGET (window));
  stall_watch_stop (&stall);
  g_signal_handler_disconnect (frame_clock, handler);
  g_signal_handler_disconnect (frame_clock, paint_handler);
  g_signal_handlers_disconnect_by_data (session, &stream);
  g_signal_handlers_disconnect_by_data (brisk_chat_session_get_messages (session), &stream);
  g_signal_handlers_disconnect_by_data (stream.reply, &stream);

  view = find_reply_view (&stream);
  if (view == NULL || g_strcmp0 (brisk_markdown_view_get_text (view), text) != 0 ||
      g_strcmp0 (brisk_message_get_content (stream.reply), text) != 0)
    {
      g_printerr ("bench-window: the reply arrived wrong\n");
      return FALSE;
    }

  for (guint i = 1; i < stream.times->len; i++)
    {
      double interval = (g_array_index (stream.times, gint64, i) -
                         g_array_index (stream.times, gint64, i - 1)) / 1000.0;
      guint delivered = g_array_index (stream.delivered_tokens, guint, i);
      guint rendered = g_array_index (stream.rendered_tokens, guint, i);
      guint previous = g_array_index (stream.delivered_tokens, guint, i - 1);
      guint quarter = MIN (3, previous * 4 / tokens->len);
      guint lag = 0;
      double lag_frames;

      g_array_append_val (intervals, interval);

      /* The frame's CPU goes to the quarter of the reply it showed. */
      quarter_cpu[quarter] += g_array_index (stream.cpu, double, i) -
                              g_array_index (stream.cpu, double, i - 1);
      quarter_tokens[quarter] += delivered - previous;

      /* How many frames ago had the tokens now on screen been delivered? */
      while (lag < i && g_array_index (stream.delivered_tokens, guint, i - lag) > rendered)
        lag++;
      lag_frames = lag;
      g_array_append_val (lags, lag_frames);
      max_lag_frames = MAX (max_lag_frames, lag);
      max_lag_tokens = MAX (max_lag_tokens, delivered - MIN (delivered, rendered));
    }

  p95 = bench_percentile (intervals, 0.95);
  ratio = (quarter_cpu[3] / quarter_tokens[3]) / (quarter_cpu[0] / quarter_tokens[0]);

  printf ("Streaming into the window: %u tokens (%zu bytes) at %.0f tokens/s, %u frames painted "
          "(%u more painted nothing)\n",
          tokens->len, strlen (text), TOKENS_PER_SECOND, stream.times->len, stream.n_unpainted);
  printf ("  longest main-loop stall: %.1f ms; target <= %.0f ms: %s\n",
          stall.longest / 1000.0, TARGET_STALL_MS,
          verdict (stall.longest / 1000.0 <= TARGET_STALL_MS));
  printf ("  frame interval: median %.1f ms, p95 %.1f ms, longest %.1f ms; "
          "p95 target <= %.0f ms: %s\n",
          bench_percentile (intervals, 0.5), p95, bench_percentile (intervals, 1.0),
          TARGET_P95_FRAME_MS, verdict (p95 <= TARGET_P95_FRAME_MS));
  for (guint q = 0; q < 4; q++)
    printf ("  main thread CPU per 1000 tokens, quarter %u: %.1f ms\n",
            q + 1, quarter_cpu[q] * 1000 / MAX (1, quarter_tokens[q]));
  printf ("  last / first quarter: %.2f; target <= %.1f: %s\n",
          ratio, TARGET_RATIO, verdict (ratio <= TARGET_RATIO));
  printf ("  text on screen behind text received: p95 %.0f frames, at most %u frames "
          "(%u tokens); target <= %d frame: %s\n",
          bench_percentile (lags, 0.95), max_lag_frames, max_lag_tokens, TARGET_LAG_FRAMES,
          verdict (max_lag_frames <= TARGET_LAG_FRAMES));

  g_free (stream.token_ends);
  g_array_unref (stream.times);
  g_array_unref (stream.delivered_tokens);
  g_array_unref (stream.rendered_tokens);
  g_array_unref (stream.cpu);
  g_object_unref (stream.reply);
  return TRUE;
}

/* }}} */

/* {{{ A long conversation */

/* Stores a conversation of @n_messages: short questions, and answers that are sections of the
 * long reply, so they hold lists, tables and code blocks.
 */
static BriskConversation *
store_long_conversation (const char *text,
                         guint       n_messages)
{
  BriskStore *store = brisk_application_get_store (brisk_ui_test_get_application (), NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) sections = g_strsplit (text, "## ", -1);
  guint n_sections = g_strv_length (sections);
  BriskConversation *conversation;

  conversation = brisk_store_create_conversation (store, BRISK_GROQ_PROVIDER_ID, MODEL, &error);
  g_assert_no_error (error);
  brisk_conversation_set_title (conversation, "A long conversation");
  brisk_store_save_conversation (store, conversation, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < n_messages; i++)
    {
      g_autoptr(BriskMessage) message = NULL;
      g_autofree char *content = NULL;

      if (i % 2 == 0)
        content = g_strdup_printf ("Question %u: and what about the next part?", i / 2);
      else
        content = g_strconcat ("## ", sections[1 + (i / 2) % (n_sections - 1)], NULL);
      message = brisk_store_add_message (store, brisk_conversation_get_id (conversation),
                                         i % 2 == 0 ? "user" : "assistant", content,
                                         BRISK_REPLY_STATUS_COMPLETE, &error);
      g_assert_no_error (error);
    }

  return conversation;
}

typedef struct
{
  GtkWidget *window;
  GArray    *intervals;  /* ms between painted frames */
  GArray    *work;       /* ms from a frame's update to its paint's end */
  gint64     last_paint;
  gint64     update;
  guint      n_painted;
  gboolean   painted;    /* the frame under way has painted */
} Frames;

static void
frames_update_cb (GdkFrameClock *frame_clock,
                  Frames        *frames)
{
  frames->update = g_get_monotonic_time ();
}

static void
frames_after_paint_cb (GdkFrameClock *frame_clock,
                       Frames        *frames)
{
  gint64 now = g_get_monotonic_time ();
  double work = (now - frames->update) / 1000.0;

  if (!frames->painted)
    return;
  frames->painted = FALSE;
  if (frames->last_paint > 0)
    {
      double interval = (now - frames->last_paint) / 1000.0;

      g_array_append_val (frames->intervals, interval);
    }
  if (frames->update > 0)
    g_array_append_val (frames->work, work);
  frames->last_paint = now;
  frames->update = 0;
  frames->n_painted++;
}

/* This process's resident memory now, from /proc/self/statm. */
static double
resident_mib (void)
{
  g_autofree char *statm = NULL;
  unsigned long size;
  unsigned long resident;

  if (!g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL) ||
      sscanf (statm, "%lu %lu", &size, &resident) != 2)
    return 0;

  return resident * (double)sysconf (_SC_PAGESIZE) / (1024 * 1024);
}

static void
wait_for_paint (Frames *frames)
{
  guint painted = frames->n_painted;

  while (frames->n_painted == painted)
    g_main_context_iteration (NULL, TRUE);
}

/* Steps the view a page a frame in @direction until it stops moving at an end (and, going up,
 * until every older message is loaded), or until SCROLL_LIMIT_S have passed.
 *
 * Returns: whether it reached the end
 */
static gboolean
scroll_through (Frames           *frames,
                GtkAdjustment    *adjustment,
                BriskChatSession *session,
                int               direction)
{
  gint64 deadline = g_get_monotonic_time () + SCROLL_LIMIT_S * G_USEC_PER_SEC;
  guint still = 0;

  while (still < 10)
    {
      double before = gtk_adjustment_get_value (adjustment);

      if (g_get_monotonic_time () > deadline)
        return FALSE;

      gtk_adjustment_set_value (adjustment,
                                before + direction * gtk_adjustment_get_page_size (adjustment));
      /* At an end nothing moves, and nothing asks for a frame: the frame is asked for, as the
       * user's key press at the end would.
       */
      if (gtk_adjustment_get_value (adjustment) == before)
        gtk_widget_queue_draw (GTK_WIDGET (frames->window));
      wait_for_paint (frames);
      if (gtk_adjustment_get_value (adjustment) != before ||
          (direction < 0 && brisk_chat_session_get_has_older (session)))
        still = 0;
      else
        still++;
    }

  return TRUE;
}

static void
bench_long_conversation (BriskWindow       *window,
                         BriskConversation *conversation)
{
  GdkFrameClock *frame_clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  GtkScrolledWindow *scroller;
  GtkAdjustment *adjustment;
  BriskChatSession *session;
  g_autoptr(BriskMessage) oldest_loaded = NULL;
  Frames frames = { GTK_WIDGET (window), g_array_new (FALSE, FALSE, sizeof (double)),
                    g_array_new (FALSE, FALSE, sizeof (double)) };
  gulong update_handler;
  gulong paint_handler;
  gulong painted_handler;
  gint64 started;
  double open_ms;
  double longest;
  double opened_mib;
  double scrolled_mib;
  guint n_loaded;
  guint n_read;
  gboolean reached_start;
  gboolean reached_end;

  scroller = GTK_SCROLLED_WINDOW (template_child (GTK_WIDGET (window), GTK_TYPE_SCROLLED_WINDOW,
                                                  "scroller"));
  adjustment = gtk_scrolled_window_get_vadjustment (scroller);
  update_handler = g_signal_connect (frame_clock, "update", G_CALLBACK (frames_update_cb),
                                     &frames);
  paint_handler = g_signal_connect (frame_clock, "after-paint",
                                    G_CALLBACK (frames_after_paint_cb), &frames);
  painted_handler = g_signal_connect (frame_clock, "paint", G_CALLBACK (mark_painted_cb),
                                      &frames.painted);

  started = g_get_monotonic_time ();
  brisk_window_open_conversation (window, conversation);
  wait_for_paint (&frames);
  open_ms = (g_get_monotonic_time () - started) / 1000.0;
  session = brisk_chat_view_get_session (brisk_window_get_chat_view (window));
  n_loaded = g_list_model_get_n_items (brisk_chat_session_get_messages (session));

  /* Settled on the newest messages, then a page a frame to the first message and back. Only
   * the user leaves the end of a conversation, which the view otherwise keeps to: going to an
   * earlier message (as a search hit does) leaves it.
   */
  for (guint i = 0; i < 5; i++)
    wait_for_paint (&frames);
  opened_mib = resident_mib ();
  oldest_loaded = g_list_model_get_item (brisk_chat_session_get_messages (session), 0);
  brisk_chat_view_reveal_message (brisk_window_get_chat_view (window),
                                  brisk_message_get_id (oldest_loaded));
  wait_for_paint (&frames);
  g_array_set_size (frames.intervals, 0);
  g_array_set_size (frames.work, 0);
  reached_start = scroll_through (&frames, adjustment, session, -1);
  n_read = g_list_model_get_n_items (brisk_chat_session_get_messages (session));
  reached_end = scroll_through (&frames, adjustment, session, +1);
  g_signal_handler_disconnect (frame_clock, update_handler);
  g_signal_handler_disconnect (frame_clock, paint_handler);
  g_signal_handler_disconnect (frame_clock, painted_handler);
  /* Answers far from the view let go of their text while the main loop has nothing to do. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  scrolled_mib = resident_mib ();

  if (reached_start && n_read != LONG_MESSAGES)
    g_error ("Scrolled to the start, but only %u messages of %u are loaded", n_read,
             LONG_MESSAGES);

  longest = bench_percentile (frames.intervals, 1.0);
  printf ("A conversation of %u messages (%u loaded when opened)\n", LONG_MESSAGES, n_loaded);
  printf ("  opening it to its first frame: %.1f ms; target <= %.0f ms: %s\n",
          open_ms, TARGET_OPEN_MS, verdict (open_ms <= TARGET_OPEN_MS));
  printf ("  scrolled up to %s (%u messages read), then down to %s, within %d s each\n",
          reached_start ? "the first message" : "the time limit", n_read,
          reached_end ? "the last" : "the time limit", SCROLL_LIMIT_S);
  printf ("  scrolling a page a frame: %u frames, "
          "frame interval median %.1f ms, p95 %.1f ms, longest %.1f ms; "
          "target <= %.0f ms: %s\n",
          frames.intervals->len, bench_percentile (frames.intervals, 0.5),
          bench_percentile (frames.intervals, 0.95), longest, TARGET_SCROLL_MS,
          verdict (longest <= TARGET_SCROLL_MS));
  printf ("  work per frame (update to end of paint): median %.1f ms, longest %.1f ms\n",
          bench_percentile (frames.work, 0.5), bench_percentile (frames.work, 1.0));
  printf ("  resident memory: %.0f MiB once opened, %.0f MiB after scrolling through it "
          "(%.2f×)\n", opened_mib, scrolled_mib, scrolled_mib / opened_mib);

  g_array_unref (frames.intervals);
  g_array_unref (frames.work);
}

/* }}} */

static void
ignore_message (const char     *domain,
                GLogLevelFlags  level,
                const char     *message,
                gpointer        data)
{
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) tokens = NULL;
  g_autofree char *text = NULL;
  g_autofree char *base_url = NULL;
  g_autoptr(BriskConversation) long_conversation = NULL;
  Server server = { 0 };
  GSettings *settings;
  BriskWindow *window;
  guint n_code_blocks;
  gboolean ok;

  tokens = bench_reply_generate (N_TOKENS, &n_code_blocks, &text);
  server.tokens = tokens;
  server_start (&server);

  base_url = g_strdup_printf ("http://127.0.0.1:%u/v1", server.port);
  g_setenv ("BRISK_BASE_URL", base_url, TRUE);
  g_setenv ("GROQ_API_KEY", "gsk_bench", TRUE);
  brisk_ui_test_init (&argc, &argv);
  /* GTest prints GIO's debug messages, a few per connection: not what is measured. */
  g_log_set_handler ("GLib-GIO", G_LOG_LEVEL_DEBUG, ignore_message, NULL);
  setvbuf (stdout, NULL, _IOLBF, 0);

  /* Stored before the window opens, as a history is. */
  long_conversation = store_long_conversation (text, LONG_MESSAGES);

  settings = brisk_application_get_settings (brisk_ui_test_get_application ());
  g_settings_set_int (settings, "window-width", 1000);
  g_settings_set_int (settings, "window-height", 760);
  g_settings_set_boolean (settings, "window-maximized", FALSE);
  window = brisk_window_new (brisk_ui_test_get_application ());
  gtk_window_present (GTK_WINDOW (window));
  brisk_ui_test_wait_for_frame (GTK_WIDGET (window));

  printf ("Brisk chat window benchmark (%u code blocks in the reply)\n", n_code_blocks);
  ok = bench_streaming (window, tokens, text);
  if (ok)
    bench_long_conversation (window, long_conversation);

  brisk_ui_test_close_window (GTK_WINDOW (window), NULL);
  return ok ? 0 : 1;
}
