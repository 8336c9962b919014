/* brisk-chat-view.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "brisk-chat-view"

#include "config.h"

#include <glib/gi18n.h>

#include "brisk-application.h"
#include "brisk-chat-view.h"
#include "brisk-composer.h"
#include "brisk-conversation-settings.h"
#include "brisk-frame-budget.h"
#include "brisk-message-list.h"
#include "brisk-message-row.h"
#include "brisk-model-picker.h"
#include "brisk-tail-list-model.h"

/* The conversation pane: header with the model picker, the messages, and the composer. It
 * shows a BriskChatSession and turns what the user does into calls on it; failures are shown
 * on the reply they belong to, with the action that fixes them.
 */
struct _BriskChatView
{
  GtkWidget          parent_instance;

  BriskChatSession  *session;
  BriskTailListModel *shown;          /* the session's newest messages, as the list shows them */
  GSignalGroup      *session_signals;
  GSignalGroup      *conversation_signals;
  GHashTable        *failures;        /* BriskMessage → GError */
  BriskMessage      *editing;
  GCancellable      *cancellable;
  gboolean           follow_stream;
  gboolean           send_when_model_known;
  gboolean           restoring_draft;
  guint              follow_tick_id;
  guint              reveal_tick_id;
  BriskReasoningDisplay reasoning_display;

  /* A failed reply that resumes by itself: after a rate limit's reset, or when the network
   * comes back.
   */
  BriskMessage      *resume_reply;
  gint64             resume_at;
  guint              resume_timer_id;
  gint64             reply_started_at;   /* monotonic time the streaming reply began */
  gulong             network_changed_id;

  /* Template widgets */
  GtkWidget         *box;
  GtkWidget         *back_button;
  BriskModelPicker  *model_picker;
  GtkMenuButton     *conversation_menu_button;
  GtkMenuButton     *settings_button;
  /* Built when first opened: a window opens faster without it. */
  BriskConversationSettings *conversation_settings;
  GtkStack          *conversation_stack;
  GtkScrolledWindow *scroller;
  BriskMessageList  *message_list;
  GtkRevealer       *jump_revealer;
  BriskComposer     *composer;
  GtkLabel          *rate_limit_label;
  GtkRevealer       *notice_revealer;
  GtkLabel          *notice_label;
  GtkButton         *notice_button;
};

G_DEFINE_FINAL_TYPE (BriskChatView, brisk_chat_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SHOW_BACK_BUTTON,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* How close to the end, in pixels, still counts as reading the latest message. */
#define AT_BOTTOM_SLACK 24.0

/* A conversation opens on its newest messages; older ones join the list in the frames after,
 * as many as fit in the frame budget, until REVEAL_AHEAD_VIEWS screens of them are
 * above the view (their text renders only as they near it: see row_near_cb()).
 */
#define FIRST_SHOWN        6
#define REVEAL_AHEAD_VIEWS 3

GtkWidget *
brisk_chat_view_new (void)
{
  return g_object_new (BRISK_TYPE_CHAT_VIEW, NULL);
}

static BriskApplication *
get_application (void)
{
  GApplication *application = g_application_get_default ();

  return BRISK_IS_APPLICATION (application) ? BRISK_APPLICATION (application) : NULL;
}

static void
show_toast (BriskChatView *self,
            const char    *text)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-toast", "s", text);
}

static BriskConversation *
get_conversation (BriskChatView *self)
{
  return self->session != NULL ? brisk_chat_session_get_conversation (self->session) : NULL;
}

static void
save_conversation (BriskChatView *self)
{
  BriskApplication *application = get_application ();
  BriskStore *store = application != NULL ? brisk_application_get_store (application, NULL) : NULL;
  g_autoptr(GError) error = NULL;

  if (store != NULL && brisk_conversation_get_id (get_conversation (self)) > 0
      && !brisk_store_save_conversation (store, get_conversation (self), &error))
    show_toast (self, error->message);
}

static gboolean
is_at_bottom (BriskChatView *self)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);

  return gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment)
         >= gtk_adjustment_get_upper (adjustment) - AT_BOTTOM_SLACK;
}

static void
scroll_to_bottom (BriskChatView *self)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);

  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment)
                                        - gtk_adjustment_get_page_size (adjustment));
}

/**
 * brisk_chat_view_jump_to_latest:
 *
 * Scrolls to the newest message and follows the stream from there.
 */
void
brisk_chat_view_jump_to_latest (BriskChatView *self)
{
  g_return_if_fail (BRISK_IS_CHAT_VIEW (self));

  self->follow_stream = TRUE;
  gtk_revealer_set_reveal_child (self->jump_revealer, FALSE);

  scroll_to_bottom (self);
}

static void
jump_clicked_cb (BriskChatView *self)
{
  brisk_chat_view_jump_to_latest (self);
}

static gboolean
follow_tick_cb (GtkWidget     *widget,
                GdkFrameClock *frame_clock,
                gpointer       user_data)
{
  BriskChatView *self = BRISK_CHAT_VIEW (widget);

  self->follow_tick_id = 0;
  if (self->follow_stream)
    scroll_to_bottom (self);

  return G_SOURCE_REMOVE;
}

/* Whether older messages should join the top of the list: while the messages shown do not
 * fill two screens, or once the user has left the end and is within REVEAL_AHEAD_VIEWS
 * screens of the top: a fast scroll up should not run out of rows. Not while the view
 * follows the end otherwise: a conversation just opened starts at the top until it reaches its
 * end, and would make rows for messages it does not show.
 */
static gboolean
wants_older (BriskChatView *self)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  double page_size = gtk_adjustment_get_page_size (adjustment);

  if (self->session == NULL
      || (brisk_tail_list_model_get_n_hidden (self->shown) == 0
          && !brisk_chat_session_get_has_older (self->session)))
    return FALSE;

  return gtk_adjustment_get_upper (adjustment) < 2 * page_size
         || (!self->follow_stream
             && gtk_adjustment_get_value (adjustment) < REVEAL_AHEAD_VIEWS * page_size);
}

/* Puts older messages at the top of the list within a part of the frame, reading a page from
 * the store when none is left in memory. The message list keeps its place on the rows it
 * shows.
 */
static gboolean
reveal_tick_cb (GtkWidget     *widget,
                GdkFrameClock *frame_clock,
                gpointer       user_data)
{
  BriskChatView *self = BRISK_CHAT_VIEW (widget);
  gint64 deadline = brisk_frame_budget_get_deadline (frame_clock);
  g_autoptr(GError) error = NULL;

  if (!wants_older (self))
    {
      self->reveal_tick_id = 0;
      return G_SOURCE_REMOVE;
    }

  /* At least one message a frame, however long it takes to render. */
  do
    {
      if (brisk_tail_list_model_get_n_hidden (self->shown) == 0)
        {
          if (!brisk_chat_session_get_has_older (self->session))
            break;
          if (!brisk_chat_session_load_older (self->session, &error))
            {
              show_toast (self, error->message);
              self->reveal_tick_id = 0;
              return G_SOURCE_REMOVE;
            }
        }
      brisk_tail_list_model_reveal (self->shown, 1);
    }
  while (g_get_monotonic_time () < deadline);

  return G_SOURCE_CONTINUE;
}

static void
maybe_reveal_older (BriskChatView *self)
{
  if (self->reveal_tick_id == 0 && wants_older (self))
    self->reveal_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), reveal_tick_cb,
                                                         NULL, NULL);
}

/* The list grew (a reply streams, or older messages joined it). The view moves to the new end
 * on the next frame: moving it from inside the message list's own layout would be undone by
 * that layout.
 */
static void
adjustment_changed_cb (BriskChatView *self,
                       GtkAdjustment *adjustment)
{
  if (self->follow_stream && self->follow_tick_id == 0)
    self->follow_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), follow_tick_cb,
                                                         NULL, NULL);
  maybe_reveal_older (self);
}

static void
adjustment_value_changed_cb (BriskChatView *self,
                             GtkAdjustment *adjustment)
{
  /* Reaching the end joins the stream again. While following, the message list may still move
   * the view as rows grow: the end is asserted again rather than taken as the user leaving.
   */
  if (is_at_bottom (self))
    self->follow_stream = TRUE;
  else
    adjustment_changed_cb (self, adjustment);
  gtk_revealer_set_reveal_child (self->jump_revealer, !self->follow_stream);
  maybe_reveal_older (self);
}

/* Only the user leaves the stream: by the wheel or touchpad, the keyboard, or the scrollbar.
 * Programmatic moves of the view never count.
 */
static void
leave_stream (BriskChatView *self)
{
  if (is_at_bottom (self) && !self->follow_stream)
    return;

  self->follow_stream = FALSE;
  gtk_revealer_set_reveal_child (self->jump_revealer, TRUE);
}

static gboolean
user_scrolled_cb (BriskChatView            *self,
                  double                    dx,
                  double                    dy,
                  GtkEventControllerScroll *controller)
{
  if (dy < 0)
    leave_stream (self);

  return GDK_EVENT_PROPAGATE;
}

static gboolean
user_key_cb (BriskChatView         *self,
             guint                  keyval,
             guint                  keycode,
             GdkModifierType        state,
             GtkEventControllerKey *controller)
{
  if (keyval == GDK_KEY_Page_Up || keyval == GDK_KEY_Home || keyval == GDK_KEY_Up
      || keyval == GDK_KEY_KP_Page_Up || keyval == GDK_KEY_KP_Up)
    leave_stream (self);

  return GDK_EVENT_PROPAGATE;
}

static gint64
estimate_conversation_tokens (BriskChatView *self)
{
  GListModel *messages = brisk_chat_session_get_messages (self->session);
  const char *system_prompt = brisk_conversation_get_system_prompt (get_conversation (self));
  /* A long conversation reopened has only its newest messages loaded; the request carries the
   * older ones as well.
   */
  gint64 n_chars = brisk_chat_session_count_unloaded_chars (self->session);

  n_chars += system_prompt != NULL ? g_utf8_strlen (system_prompt, -1) : 0;

  for (guint i = 0; i < g_list_model_get_n_items (messages); i++)
    {
      g_autoptr(BriskMessage) message = g_list_model_get_item (messages, i);
      const char *content = brisk_message_get_content (message);

      n_chars += content != NULL ? g_utf8_strlen (content, -1) : 0;
    }

  return brisk_composer_estimate_tokens (n_chars);
}

static void
update_context_estimate (BriskChatView *self)
{
  BriskModel *model;

  if (self->session == NULL)
    return;

  model = brisk_model_picker_lookup (self->model_picker,
                                     brisk_conversation_get_model (get_conversation (self)));
  brisk_composer_set_context (self->composer,
                              model != NULL ? brisk_model_get_context_window (model) : 0,
                              estimate_conversation_tokens (self));
}

static void
update_rate_limits (BriskChatView *self)
{
  BriskClient *client = self->session != NULL ? brisk_chat_session_get_client (self->session) : NULL;
  const BriskRateLimits *limits = client != NULL ? brisk_client_get_rate_limits (client) : NULL;
  g_autofree char *remaining_requests = NULL;
  g_autofree char *limit_requests = NULL;
  g_autofree char *remaining_tokens = NULL;
  g_autofree char *limit_tokens = NULL;
  g_autofree char *text = NULL;

  if (limits == NULL || limits->limit_requests <= 0 || limits->limit_tokens <= 0)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->rate_limit_label), FALSE);
      return;
    }

  remaining_requests = g_strdup_printf ("%" G_GINT64_FORMAT, limits->remaining_requests);
  limit_requests = g_strdup_printf ("%" G_GINT64_FORMAT, limits->limit_requests);
  remaining_tokens = g_strdup_printf ("%" G_GINT64_FORMAT, limits->remaining_tokens);
  limit_tokens = g_strdup_printf ("%" G_GINT64_FORMAT, limits->limit_tokens);
  /* Translators: what is left of the provider's rate limits, from its response headers */
  text = g_strdup_printf (_("Requests left: %s of %s · Tokens left: %s of %s"),
                          remaining_requests, limit_requests, remaining_tokens, limit_tokens);
  gtk_label_set_text (self->rate_limit_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->rate_limit_label), TRUE);
}

static void
update_title (BriskChatView *self)
{
  BriskConversation *conversation = get_conversation (self);
  const char *title = conversation != NULL ? brisk_conversation_get_title (conversation) : NULL;
  gboolean has_title = title != NULL && *title != '\0';
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  /* The header holds the model; the window's title, shown by the window list and the window
   * switcher, names the conversation.
   */
  if (GTK_IS_WINDOW (root))
    {
      g_autofree char *window_title = NULL;

      /* Translators: the window title: a conversation's title, then the app's name */
      window_title = has_title ? g_strdup_printf (_("%s – Brisk"), title) : g_strdup (_("Brisk"));
      gtk_window_set_title (GTK_WINDOW (root), window_title);
    }
}

static void
conversation_changed_cb (BriskChatView    *self,
                         GParamSpec       *pspec,
                         BriskChatSession *session)
{
  /* The new conversation got its place in the store: follow the stored one. */
  g_signal_group_set_target (self->conversation_signals, get_conversation (self));
  update_title (self);
}

static void
update_page (BriskChatView *self)
{
  gboolean empty = self->session == NULL
                   || g_list_model_get_n_items (brisk_chat_session_get_messages (self->session)) == 0;

  gtk_stack_set_visible_child_name (self->conversation_stack, empty ? "empty" : "history");
}

static BriskMessage *
get_last_message (BriskChatView *self)
{
  GListModel *messages = brisk_chat_session_get_messages (self->session);
  guint n = g_list_model_get_n_items (messages);

  return n > 0 ? g_list_model_get_item (messages, n - 1) : NULL;
}

static void
update_rows (BriskChatView *self)
{
  g_autoptr(BriskMessage) last = get_last_message (self);

  for (guint i = 0; i < brisk_message_list_get_n_rows (self->message_list); i++)
    {
      BriskMessageRow *row = BRISK_MESSAGE_ROW (brisk_message_list_get_row (self->message_list, i));
      BriskMessage *message = brisk_message_row_get_message (row);

      brisk_message_row_set_is_last (row, message == last);
      brisk_message_row_set_failure (row, g_hash_table_lookup (self->failures, message));
    }
}

static void
messages_changed_cb (BriskChatView *self,
                     guint          position,
                     guint          removed,
                     guint          added,
                     GListModel    *messages)
{
  /* Older messages read from the store joined at the top: the last message and the failures
   * are as they were, and so is the conversation's size, which counts the messages not loaded
   * as well. Counting a long conversation's loaded text again took a few milliseconds a page,
   * in the frame that read it while the user scrolled back.
   */
  gboolean older_joined = position == 0 && removed == 0 && added > 0
                          && g_list_model_get_n_items (messages) > added;

  update_page (self);
  if (older_joined)
    return;
  update_rows (self);
  update_context_estimate (self);
}

static void
cancel_resume (BriskChatView *self)
{
  g_clear_handle_id (&self->resume_timer_id, g_source_remove);
  g_clear_signal_handler (&self->network_changed_id, g_network_monitor_get_default ());
  g_clear_object (&self->resume_reply);
}

static void
set_failure (BriskChatView *self,
             BriskMessage  *reply,
             const GError  *error)
{
  const char *replacement = brisk_model_picker_get_replacement (self->model_picker);
  GError *failure = NULL;

  /* A model that is gone comes with the closest one still offered. */
  if (error != NULL && replacement != NULL
      && (g_error_matches (error, BRISK_CLIENT_ERROR, BRISK_CLIENT_ERROR_MODEL_NOT_FOUND)
          || g_error_matches (error, BRISK_CLIENT_ERROR, BRISK_CLIENT_ERROR_MODEL_DECOMMISSIONED)))
    failure = g_error_new (error->domain, error->code, _("%s\nThe closest model on offer is %s."),
                           error->message, replacement);
  else if (error != NULL)
    failure = g_error_copy (error);

  if (failure != NULL)
    g_hash_table_replace (self->failures, g_object_ref (reply), failure);
  else
    g_hash_table_remove (self->failures, reply);
  update_rows (self);
}

static void continue_reply (BriskChatView *self);

static gboolean
resume_tick_cb (gpointer user_data)
{
  BriskChatView *self = user_data;
  gint64 left = (self->resume_at - g_get_monotonic_time () + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC;
  g_autoptr(GError) countdown = NULL;

  if (left <= 0)
    {
      self->resume_timer_id = 0;
      cancel_resume (self);
      continue_reply (self);
      return G_SOURCE_REMOVE;
    }

  countdown = g_error_new (BRISK_CLIENT_ERROR, BRISK_CLIENT_ERROR_RATE_LIMITED,
                           g_dngettext (GETTEXT_PACKAGE,
                                        "Rate limit reached. Resuming in %d second…",
                                        "Rate limit reached. Resuming in %d seconds…",
                                        (gulong)left),
                           (int)left);
  set_failure (self, self->resume_reply, countdown);

  return G_SOURCE_CONTINUE;
}

static void
network_changed_cb (BriskChatView   *self,
                    gboolean         available,
                    GNetworkMonitor *monitor)
{
  if (!available)
    return;

  cancel_resume (self);
  continue_reply (self);
}

/* Seconds until the limit that stopped the reply resets, from the response's headers. */
static double
get_rate_limit_wait (BriskChatView *self)
{
  BriskClient *client = brisk_chat_session_get_client (self->session);
  const BriskRateLimits *limits = client != NULL ? brisk_client_get_rate_limits (client) : NULL;

  if (limits == NULL)
    return 10;
  if (limits->retry_after > 0)
    return limits->retry_after;
  if (limits->remaining_requests == 0 && limits->reset_requests > 0)
    return limits->reset_requests;
  if (limits->reset_tokens > 0)
    return limits->reset_tokens;
  return 10;
}

static void
schedule_resume (BriskChatView *self,
                 BriskMessage  *reply,
                 const GError  *error)
{
  cancel_resume (self);
  self->resume_reply = g_object_ref (reply);

  if (g_error_matches (error, BRISK_CLIENT_ERROR, BRISK_CLIENT_ERROR_RATE_LIMITED))
    {
      self->resume_at = g_get_monotonic_time ()
                        + (gint64)(get_rate_limit_wait (self) * G_USEC_PER_SEC);
      self->resume_timer_id = g_timeout_add_seconds (1, resume_tick_cb, self);
      resume_tick_cb (self);
    }
  else
    self->network_changed_id = g_signal_connect_object (g_network_monitor_get_default (),
                                                        "network-changed",
                                                        G_CALLBACK (network_changed_cb),
                                                        self, G_CONNECT_SWAPPED);
}

/* A reply taking this long is one the user may have stopped watching. */
#define LONG_REPLY_USEC (5 * G_USEC_PER_SEC)

/* Says a long reply is in when nobody is looking: Brisk's window is not the focused one. */
static void
notify_if_unseen (BriskChatView *self)
{
  BriskApplication *application = get_application ();
  BriskConversation *conversation = get_conversation (self);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *title = NULL;
  g_autofree char *id = NULL;
  gint64 conversation_id;

  if (application == NULL || conversation == NULL
      || !g_settings_get_boolean (brisk_application_get_settings (application), "notify-when-done")
      || (GTK_IS_WINDOW (root) && gtk_window_is_active (GTK_WINDOW (root)))
      || g_get_monotonic_time () - self->reply_started_at < LONG_REPLY_USEC)
    return;

  /* The title may come from the model: notification servers may read markup in the body, so
   * its markup characters go (model output is never interpreted as markup).
   */
  title = g_strdup (brisk_conversation_get_title (conversation));
  if (title == NULL || *title == '\0')
    {
      g_free (title);
      title = g_strdup (_("New Conversation"));
    }
  g_strdelimit (title, "<>&", ' ');

  notification = g_notification_new (_("Reply Finished"));
  g_notification_set_body (notification, title);
  conversation_id = brisk_conversation_get_id (conversation);
  if (conversation_id > 0)
    g_notification_set_default_action_and_target (notification, "app.open-conversation", "x",
                                                  conversation_id);

  /* One per conversation: a newer reply replaces the notification of the one before. */
  id = g_strdup_printf ("reply-finished-%" G_GINT64_FORMAT, conversation_id);
  g_application_send_notification (G_APPLICATION (application), id, notification);
}

static void
reply_finished_cb (BriskChatView    *self,
                   BriskMessage     *reply,
                   const GError     *error,
                   BriskChatSession *session)
{
  BriskApplication *application = get_application ();

  brisk_composer_set_busy (self->composer, FALSE);
  set_failure (self, reply, error);
  update_rate_limits (self);
  update_context_estimate (self);

  if (g_error_matches (error, BRISK_CLIENT_ERROR, BRISK_CLIENT_ERROR_RATE_LIMITED)
      || g_error_matches (error, BRISK_CLIENT_ERROR, BRISK_CLIENT_ERROR_NETWORK))
    schedule_resume (self, reply, error);

  if (brisk_message_get_status (reply) == BRISK_REPLY_STATUS_COMPLETE)
    notify_if_unseen (self);

  /* A key the server refuses is forgotten, so the next attempt asks the keyring again. */
  if (g_error_matches (error, BRISK_CLIENT_ERROR, BRISK_CLIENT_ERROR_INVALID_KEY)
      && application != NULL)
    brisk_application_forget_client (application,
                                     brisk_conversation_get_provider (get_conversation (self)));
}

static void
busy_changed_cb (BriskChatView    *self,
                 GParamSpec       *pspec,
                 BriskChatSession *session)
{
  brisk_composer_set_busy (self->composer, brisk_chat_session_get_busy (session));
  if (brisk_chat_session_get_busy (session))
    self->reply_started_at = g_get_monotonic_time ();
}

typedef void (*StartFunc) (BriskChatView *self);

typedef struct
{
  BriskChatView *self;
  StartFunc      start;
} KeyLookup;

static void
key_ensured_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  KeyLookup *lookup = user_data;
  g_autoptr(BriskChatView) self = lookup->self;
  StartFunc start = lookup->start;

  g_free (lookup);

  if (!brisk_application_ensure_key_finish (BRISK_APPLICATION (object), result, NULL)
      || self->session == NULL)
    return;

  start (self);
}

/* Runs @start once the conversation's client has its key: at once when it already has it. */
static void
with_key (BriskChatView *self,
          StartFunc      start)
{
  BriskApplication *application = get_application ();
  BriskClient *client = brisk_chat_session_get_client (self->session);
  KeyLookup *lookup;

  if (application == NULL || client == NULL || brisk_client_has_api_key (client))
    {
      start (self);
      return;
    }

  lookup = g_new0 (KeyLookup, 1);
  lookup->self = g_object_ref (self);
  lookup->start = start;
  brisk_application_ensure_key_async (application, client,
                                      brisk_conversation_get_provider (get_conversation (self)),
                                      self->cancellable, key_ensured_cb, lookup);
}

static void
start_models_refresh (BriskChatView *self)
{
  BriskClient *client = brisk_chat_session_get_client (self->session);

  if (brisk_model_picker_get_client (self->model_picker) != client)
    brisk_model_picker_set_client (self->model_picker, client);
  else
    brisk_model_picker_refresh (self->model_picker);
}

/* Lists the provider's models, once the client has its key: Groq lists them only to a key
 * it knows.
 */
static void
refresh_models (BriskChatView *self)
{
  with_key (self, start_models_refresh);
}

static void
client_changed_cb (BriskChatView    *self,
                   GParamSpec       *pspec,
                   BriskChatSession *session)
{
  /* A new key or address: the models are listed again through the new client. */
  refresh_models (self);
}

static void
report_start_error (BriskChatView *self,
                    gboolean       started,
                    GError        *error)
{
  if (started)
    {
      self->follow_stream = TRUE;
      brisk_chat_view_jump_to_latest (self);
      return;
    }

  show_toast (self, error->message);
}

static gint64
get_conversation_id (BriskChatView *self)
{
  BriskConversation *conversation = get_conversation (self);

  return conversation != NULL ? brisk_conversation_get_id (conversation) : 0;
}

static void
remember_draft (BriskChatView *self)
{
  BriskApplication *application = get_application ();
  g_autofree char *text = NULL;

  /* An edit of a sent message is no draft: the draft waits for the edit to end. */
  if (application == NULL || self->session == NULL || self->restoring_draft
      || self->editing != NULL)
    return;

  text = brisk_composer_get_text (self->composer);
  brisk_drafts_set (brisk_application_get_drafts (application), get_conversation_id (self), text);
}

static void
restore_draft (BriskChatView *self)
{
  BriskApplication *application = get_application ();
  g_autofree char *text = NULL;

  if (application != NULL && self->session != NULL)
    text = brisk_drafts_get (brisk_application_get_drafts (application), get_conversation_id (self));

  self->restoring_draft = TRUE;
  brisk_composer_set_text (self->composer, text);
  self->restoring_draft = FALSE;
}

static void
composer_changed_cb (BriskChatView *self)
{
  remember_draft (self);
}

static void
send_draft (BriskChatView *self)
{
  g_autofree char *text = brisk_composer_get_text (self->composer);
  g_autoptr(GError) error = NULL;
  gboolean started;

  gint64 draft_id = get_conversation_id (self);

  g_strstrip (text);
  if (*text == '\0')
    return;

  if (self->editing != NULL)
    started = brisk_chat_session_edit_and_resend (self->session, self->editing, text, &error);
  else
    started = brisk_chat_session_send (self->session, text, &error);

  /* The draft is kept when sending failed, so nothing typed is lost. A new conversation's
   * draft was kept as the new one's: it goes, now that it is sent.
   */
  if (started)
    {
      BriskApplication *application = get_application ();

      if (application != NULL)
        brisk_drafts_set (brisk_application_get_drafts (application), draft_id, NULL);
      brisk_composer_set_text (self->composer, "");
      g_clear_object (&self->editing);
      update_title (self);
    }
  report_start_error (self, started, error);
}

static void
continue_reply (BriskChatView *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BriskMessage) last = get_last_message (self);

  if (last != NULL)
    set_failure (self, last, NULL);
  report_start_error (self, brisk_chat_session_continue (self->session, &error), error);
}

static void
regenerate_reply (BriskChatView *self)
{
  g_autoptr(GError) error = NULL;

  report_start_error (self, brisk_chat_session_regenerate (self->session, &error), error);
}

static void
composer_send_cb (BriskChatView *self,
                  const char    *text)
{
  const char *model;

  if (self->session == NULL)
    return;

  cancel_resume (self);

  /* A question typed before the model list arrived goes out as soon as it does. */
  model = brisk_conversation_get_model (get_conversation (self));
  if ((model == NULL || *model == '\0') && brisk_model_picker_get_best (self->model_picker) == NULL)
    {
      self->send_when_model_known = TRUE;
      refresh_models (self);
      return;
    }

  with_key (self, send_draft);
}

static void
composer_stop_cb (BriskChatView *self)
{
  if (self->session != NULL)
    brisk_chat_session_stop (self->session);
}

static void
start_editing (BriskChatView *self,
               BriskMessage  *message)
{
  g_set_object (&self->editing, message);
  /* The edited text is no draft (see remember_draft()): what was being written is kept for
   * afterwards.
   */
  brisk_composer_set_text (self->composer, brisk_message_get_content (message));
  gtk_widget_grab_focus (GTK_WIDGET (self->composer));
  show_toast (self, _("Editing your message: send to ask again from there, Esc to give up"));
}

static gboolean
composer_cancel_cb (BriskChatView *self)
{
  if (self->editing == NULL)
    return FALSE;

  /* Giving up the edit brings back what was being written before. */
  g_clear_object (&self->editing);
  restore_draft (self);
  return TRUE;
}

static void
composer_edit_last_cb (BriskChatView *self)
{
  GListModel *messages;

  if (self->session == NULL || brisk_chat_session_get_busy (self->session))
    return;

  messages = brisk_chat_session_get_messages (self->session);
  for (guint i = g_list_model_get_n_items (messages); i > 0; i--)
    {
      g_autoptr(BriskMessage) message = g_list_model_get_item (messages, i - 1);

      if (g_strcmp0 (brisk_message_get_role (message), "user") == 0)
        {
          start_editing (self, message);
          return;
        }
    }
}

static void
copy_message (BriskChatView *self,
              BriskMessage  *message)
{
  const char *content = brisk_message_get_content (message);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)),
                          content != NULL ? content : "");
  show_toast (self, _("Copied"));
}

static void
row_activated_cb (BriskChatView   *self,
                  const char      *action,
                  BriskMessageRow *row)
{
  BriskMessage *message = brisk_message_row_get_message (row);
  g_autoptr(GError) error = NULL;

  if (message == NULL || self->session == NULL)
    return;

  if (g_str_equal (action, "copy"))
    copy_message (self, message);
  else if (g_str_equal (action, "edit"))
    start_editing (self, message);
  else if (g_str_equal (action, "continue"))
    with_key (self, continue_reply);
  else if (g_str_equal (action, "regenerate"))
    with_key (self, regenerate_reply);
  else if (g_str_equal (action, "delete"))
    {
      if (!brisk_chat_session_delete_message (self->session, message, &error))
        show_toast (self, error->message);
    }
  else if (g_str_equal (action, "fix-key"))
    gtk_widget_activate_action (GTK_WIDGET (self), "win.fix-key", "s",
                                brisk_conversation_get_provider (get_conversation (self)));
  else if (g_str_equal (action, "choose-model"))
    brisk_model_picker_popup (self->model_picker);
  else if (g_str_equal (action, "new-conversation"))
    gtk_widget_activate_action (GTK_WIDGET (self), "app.new-conversation", NULL);
}

/* Keeps a row for each message shown, built when its message joins the list. */
static void
shown_items_changed_cb (BriskChatView *self,
                        guint          position,
                        guint          removed,
                        guint          added,
                        GListModel    *shown)
{
  g_autoptr(BriskMessage) last = get_last_message (self);
  /* Older messages joining at the top are above what the user reads: they render over the
   * next frames, so a long one with many code blocks does not hold up a frame.
   */
  gboolean joining_above = position == 0 && added > 0
                           && brisk_message_list_get_n_rows (self->message_list) > removed;

  for (guint i = 0; i < removed; i++)
    brisk_message_list_remove (self->message_list, position);

  for (guint i = 0; i < added; i++)
    {
      g_autoptr(BriskMessage) message = g_list_model_get_item (shown, position + i);
      GtkWidget *row = brisk_message_row_new ();

      g_signal_connect_object (row, "activated", G_CALLBACK (row_activated_cb), self,
                               G_CONNECT_SWAPPED);
      brisk_message_row_set_reasoning_display (BRISK_MESSAGE_ROW (row), self->reasoning_display);
      if (joining_above)
        brisk_message_row_set_message_in_background (BRISK_MESSAGE_ROW (row), message,
                                                     message == last);
      else
        brisk_message_row_set_message (BRISK_MESSAGE_ROW (row), message, message == last);
      brisk_message_row_set_failure (BRISK_MESSAGE_ROW (row),
                                     g_hash_table_lookup (self->failures, message));
      brisk_message_list_insert (self->message_list, position + i, row);
    }
}

/* A message set in the background (see shown_items_changed_cb()) renders once it nears the
 * view: most of a long history is never scrolled to.
 */
static void
row_near_cb (BriskChatView *self,
             GtkWidget     *row)
{
  brisk_message_row_render_soon (BRISK_MESSAGE_ROW (row));
}

static void
row_far_cb (BriskChatView *self,
            GtkWidget     *row)
{
  brisk_message_row_release (BRISK_MESSAGE_ROW (row));
}

static void
show_messages (BriskChatView *self,
               GListModel    *messages)
{
  if (self->shown != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->shown, shown_items_changed_cb, self);
      g_clear_object (&self->shown);
    }
  while (brisk_message_list_get_n_rows (self->message_list) > 0)
    brisk_message_list_remove (self->message_list, 0);

  if (messages == NULL)
    return;

  self->shown = brisk_tail_list_model_new (messages, FIRST_SHOWN);
  g_signal_connect_object (self->shown, "items-changed", G_CALLBACK (shown_items_changed_cb),
                           self, G_CONNECT_SWAPPED);
  shown_items_changed_cb (self, 0, 0, g_list_model_get_n_items (G_LIST_MODEL (self->shown)),
                          G_LIST_MODEL (self->shown));
}

/* Titles are made by the smallest fast model the provider offers, else the conversation's;
 * while the provider's list is unknown (offline), none is made and the first question stays.
 */
static const char *
get_title_model (BriskChatView *self)
{
  const char *small = brisk_model_picker_get_small (self->model_picker);
  const char *model = brisk_conversation_get_model (get_conversation (self));

  if (small != NULL)
    return small;

  return brisk_model_picker_lookup (self->model_picker, model) != NULL ? model : NULL;
}

static void
model_chosen_cb (BriskChatView    *self,
                 GParamSpec       *pspec,
                 BriskModelPicker *picker)
{
  BriskConversation *conversation = get_conversation (self);
  const char *model = brisk_model_picker_get_model (picker);

  if (conversation == NULL)
    return;

  /* A conversation with no model yet gets the provider's best once the list is known. */
  if (model == NULL || *model == '\0')
    {
      const char *best = brisk_model_picker_get_best (picker);

      if (best != NULL)
        brisk_model_picker_set_model (picker, best);
      else if (self->send_when_model_known && brisk_model_picker_get_loaded (picker))
        {
          const char *error = brisk_model_picker_get_error (picker);
          g_autofree char *text = NULL;

          /* No model to answer with: say why rather than wait forever. */
          self->send_when_model_known = FALSE;
          if (error != NULL)
            text = g_strdup_printf (_("No model to ask: the provider’s models could not be listed. %s"),
                                    error);
          show_toast (self, text != NULL ? text : _("This provider offers no chat models"));
        }
      return;
    }

  if (g_strcmp0 (model, brisk_conversation_get_model (conversation)) != 0)
    {
      brisk_conversation_set_model (conversation, model);
      save_conversation (self);
    }
  if (self->conversation_settings != NULL)
    brisk_conversation_settings_set_model (self->conversation_settings, model);
  brisk_chat_session_set_title_model (self->session, get_title_model (self));
  update_context_estimate (self);

  if (self->send_when_model_known)
    {
      self->send_when_model_known = FALSE;
      with_key (self, send_draft);
    }
}

static void
conversation_settings_changed_cb (BriskChatView *self)
{
  save_conversation (self);
  update_context_estimate (self);
}

static void
create_settings_popover_cb (GtkMenuButton *button,
                            gpointer       user_data)
{
  BriskChatView *self = user_data;

  if (self->conversation_settings != NULL)
    return;

  self->conversation_settings = BRISK_CONVERSATION_SETTINGS (brisk_conversation_settings_new ());
  g_signal_connect_object (self->conversation_settings, "changed",
                           G_CALLBACK (conversation_settings_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_menu_button_set_popover (button, GTK_WIDGET (self->conversation_settings));
  brisk_conversation_settings_set_conversation (self->conversation_settings, get_conversation (self));
}

/**
 * brisk_chat_view_set_session:
 * @session: (nullable): the conversation to show
 */
void
brisk_chat_view_set_session (BriskChatView    *self,
                             BriskChatSession *session)
{
  BriskConversation *conversation;

  g_return_if_fail (BRISK_IS_CHAT_VIEW (self));

  if (self->session == session)
    return;

  cancel_resume (self);
  self->send_when_model_known = FALSE;
  remember_draft (self);
  g_clear_object (&self->editing);
  g_hash_table_remove_all (self->failures);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_func (brisk_chat_session_get_messages (self->session),
                                          messages_changed_cb, self);
  g_set_object (&self->session, session);
  g_signal_group_set_target (self->session_signals, session);
  g_signal_group_set_target (self->conversation_signals,
                             session != NULL ? brisk_chat_session_get_conversation (session) : NULL);
  if (session != NULL)
    g_signal_connect_object (brisk_chat_session_get_messages (session), "items-changed",
                             G_CALLBACK (messages_changed_cb), self, G_CONNECT_SWAPPED);

  show_messages (self, session != NULL ? brisk_chat_session_get_messages (session) : NULL);

  conversation = get_conversation (self);
  brisk_model_picker_set_client (self->model_picker, NULL);
  if (session != NULL)
    refresh_models (self);
  brisk_model_picker_set_model (self->model_picker,
                                conversation != NULL ? brisk_conversation_get_model (conversation)
                                                     : NULL);
  brisk_composer_set_busy (self->composer, session != NULL && brisk_chat_session_get_busy (session));
  if (self->conversation_settings != NULL)
    brisk_conversation_settings_set_conversation (self->conversation_settings, conversation);
  restore_draft (self);

  update_title (self);
  update_page (self);
  update_rate_limits (self);
  update_context_estimate (self);
  brisk_chat_view_jump_to_latest (self);
}

BriskChatSession *
brisk_chat_view_get_session (BriskChatView *self)
{
  g_return_val_if_fail (BRISK_IS_CHAT_VIEW (self), NULL);

  return self->session;
}

/**
 * brisk_chat_view_reveal_message:
 * @message_id: a message of the conversation shown
 *
 * Scrolls to a message (a search hit), reading older pages until it is loaded.
 */
void
brisk_chat_view_reveal_message (BriskChatView *self,
                                gint64         message_id)
{
  GListModel *messages;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (BRISK_IS_CHAT_VIEW (self));

  if (self->session == NULL)
    return;

  messages = brisk_chat_session_get_messages (self->session);
  for (;;)
    {
      for (guint i = 0; i < g_list_model_get_n_items (messages); i++)
        {
          g_autoptr(BriskMessage) message = g_list_model_get_item (messages, i);

          if (brisk_message_get_id (message) == message_id)
            {
              self->follow_stream = FALSE;
              brisk_message_list_scroll_to (self->message_list,
                                            brisk_tail_list_model_reveal_to (self->shown, i));
              return;
            }
        }

      if (!brisk_chat_session_get_has_older (self->session))
        return;
      if (!brisk_chat_session_load_older (self->session, &error))
        {
          show_toast (self, error->message);
          return;
        }
    }
}

/**
 * brisk_chat_view_focus_composer:
 *
 * Puts the cursor where the next message is written.
 */
void
brisk_chat_view_focus_composer (BriskChatView *self)
{
  g_return_if_fail (BRISK_IS_CHAT_VIEW (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->composer));
}

/**
 * brisk_chat_view_stop:
 *
 * Stops the streaming reply, if any.
 */
void
brisk_chat_view_stop (BriskChatView *self)
{
  g_return_if_fail (BRISK_IS_CHAT_VIEW (self));

  composer_stop_cb (self);
}

/**
 * brisk_chat_view_regenerate:
 *
 * Asks again for the last answer.
 */
void
brisk_chat_view_regenerate (BriskChatView *self)
{
  g_return_if_fail (BRISK_IS_CHAT_VIEW (self));

  if (self->session != NULL)
    with_key (self, regenerate_reply);
}

/**
 * brisk_chat_view_retry:
 *
 * Asks again for the last answer where it failed or stopped, keeping its text so far.
 */
void
brisk_chat_view_retry (BriskChatView *self)
{
  g_return_if_fail (BRISK_IS_CHAT_VIEW (self));

  if (self->session != NULL)
    with_key (self, continue_reply);
}

/**
 * brisk_chat_view_copy_last_reply:
 *
 * Copies the newest answer, as Markdown.
 */
void
brisk_chat_view_copy_last_reply (BriskChatView *self)
{
  GListModel *messages;

  g_return_if_fail (BRISK_IS_CHAT_VIEW (self));

  if (self->session == NULL)
    return;

  messages = brisk_chat_session_get_messages (self->session);
  for (guint i = g_list_model_get_n_items (messages); i > 0; i--)
    {
      g_autoptr(BriskMessage) message = g_list_model_get_item (messages, i - 1);

      if (g_strcmp0 (brisk_message_get_role (message), "assistant") == 0)
        {
          copy_message (self, message);
          return;
        }
    }
}

/**
 * brisk_chat_view_choose_model:
 *
 * Opens the model list.
 */
void
brisk_chat_view_choose_model (BriskChatView *self)
{
  g_return_if_fail (BRISK_IS_CHAT_VIEW (self));

  brisk_model_picker_popup (self->model_picker);
}

/**
 * brisk_chat_view_show_notice:
 * @text: (nullable): a lasting condition to tell about, or %NULL to hide the notice
 * @button_label: (nullable): the label of the button that deals with it
 * @action_name: (nullable): the action that button activates
 *
 * Shows a bar above the conversation for something that lasts (the history cannot be
 * saved, or is damaged), as opposed to the passing toasts.
 */
void
brisk_chat_view_show_notice (BriskChatView *self,
                             const char    *text,
                             const char    *button_label,
                             const char    *action_name)
{
  g_return_if_fail (BRISK_IS_CHAT_VIEW (self));

  gtk_revealer_set_reveal_child (self->notice_revealer, text != NULL);
  if (text == NULL)
    return;

  gtk_label_set_text (self->notice_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->notice_button), button_label != NULL);
  if (button_label != NULL)
    gtk_button_set_label (self->notice_button, button_label);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->notice_button), action_name);
}

/**
 * brisk_chat_view_get_conversation_menu:
 *
 * Returns: (transfer none): what can be done with a conversation (rename, pin, archive,
 *   delete), as the header's menu offers it; the sidebar offers the same on right click
 */
GMenuModel *
brisk_chat_view_get_conversation_menu (BriskChatView *self)
{
  g_return_val_if_fail (BRISK_IS_CHAT_VIEW (self), NULL);

  return gtk_menu_button_get_menu_model (self->conversation_menu_button);
}

BriskComposer *
brisk_chat_view_get_composer (BriskChatView *self)
{
  g_return_val_if_fail (BRISK_IS_CHAT_VIEW (self), NULL);

  return self->composer;
}

static void
settings_changed_cb (BriskChatView *self,
                     const char    *key,
                     GSettings     *settings)
{
  if (key == NULL || g_str_equal (key, "send-key"))
    g_object_set (self->composer, "send-key", g_settings_get_enum (settings, "send-key"), NULL);
  if (key == NULL || g_str_equal (key, "reasoning-display"))
    {
      self->reasoning_display = g_settings_get_enum (settings, "reasoning-display");
      for (guint i = 0; i < brisk_message_list_get_n_rows (self->message_list); i++)
        brisk_message_row_set_reasoning_display (
          BRISK_MESSAGE_ROW (brisk_message_list_get_row (self->message_list, i)),
          self->reasoning_display);
    }
}

static void
brisk_chat_view_dispose (GObject *object)
{
  BriskChatView *self = (BriskChatView *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  cancel_resume (self);
  if (self->follow_tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->follow_tick_id);
      self->follow_tick_id = 0;
    }
  if (self->reveal_tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->reveal_tick_id);
      self->reveal_tick_id = 0;
    }
  if (self->message_list != NULL)
    show_messages (self, NULL);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_func (brisk_chat_session_get_messages (self->session),
                                          messages_changed_cb, self);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->conversation_signals);
  g_clear_object (&self->session);
  g_clear_object (&self->editing);
  g_clear_pointer (&self->failures, g_hash_table_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), BRISK_TYPE_CHAT_VIEW);

  G_OBJECT_CLASS (brisk_chat_view_parent_class)->dispose (object);
}

static void
brisk_chat_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  BriskChatView *self = BRISK_CHAT_VIEW (object);

  switch (prop_id)
    {
    case PROP_SHOW_BACK_BUTTON:
      g_value_set_boolean (value, gtk_widget_get_visible (self->back_button));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
brisk_chat_view_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  BriskChatView *self = BRISK_CHAT_VIEW (object);

  switch (prop_id)
    {
    case PROP_SHOW_BACK_BUTTON:
      gtk_widget_set_visible (self->back_button, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
brisk_chat_view_class_init (BriskChatViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = brisk_chat_view_dispose;
  object_class->get_property = brisk_chat_view_get_property;
  object_class->set_property = brisk_chat_view_set_property;

  /**
   * BriskChatView:show-back-button:
   *
   * Whether the header offers a way back to the conversation list (on a folded window).
   */
  properties[PROP_SHOW_BACK_BUTTON] =
    g_param_spec_boolean ("show-back-button", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (BRISK_TYPE_COMPOSER);
  g_type_ensure (BRISK_TYPE_CONVERSATION_SETTINGS);
  g_type_ensure (BRISK_TYPE_MESSAGE_LIST);
  g_type_ensure (BRISK_TYPE_MODEL_PICKER);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/ui/brisk-chat-view.ui");
  gtk_widget_class_bind_template_child (widget_class, BriskChatView, box);
  gtk_widget_class_bind_template_child (widget_class, BriskChatView, back_button);
  gtk_widget_class_bind_template_child (widget_class, BriskChatView, model_picker);
  gtk_widget_class_bind_template_child (widget_class, BriskChatView, conversation_menu_button);
  gtk_widget_class_bind_template_child (widget_class, BriskChatView, settings_button);
  gtk_widget_class_bind_template_child (widget_class, BriskChatView, conversation_stack);
  gtk_widget_class_bind_template_child (widget_class, BriskChatView, scroller);
  gtk_widget_class_bind_template_child (widget_class, BriskChatView, message_list);
  gtk_widget_class_bind_template_child (widget_class, BriskChatView, jump_revealer);
  gtk_widget_class_bind_template_child (widget_class, BriskChatView, composer);
  gtk_widget_class_bind_template_child (widget_class, BriskChatView, rate_limit_label);
  gtk_widget_class_bind_template_child (widget_class, BriskChatView, notice_revealer);
  gtk_widget_class_bind_template_child (widget_class, BriskChatView, notice_label);
  gtk_widget_class_bind_template_child (widget_class, BriskChatView, notice_button);
  gtk_widget_class_bind_template_callback (widget_class, jump_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_near_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_far_cb);
  gtk_widget_class_bind_template_callback (widget_class, composer_send_cb);
  gtk_widget_class_bind_template_callback (widget_class, composer_stop_cb);
  gtk_widget_class_bind_template_callback (widget_class, composer_edit_last_cb);
  gtk_widget_class_bind_template_callback (widget_class, composer_cancel_cb);
  gtk_widget_class_bind_template_callback (widget_class, composer_changed_cb);
}

static void
brisk_chat_view_init (BriskChatView *self)
{
  GtkAdjustment *adjustment;
  GtkEventController *scroll;
  GtkEventController *keys;
  GtkGesture *drag;
  BriskApplication *application = get_application ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->failures = g_hash_table_new_full (NULL, NULL, g_object_unref, (GDestroyNotify)g_error_free);
  self->follow_stream = TRUE;
  self->reasoning_display = BRISK_REASONING_COLLAPSED;


  adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  g_signal_connect_object (adjustment, "changed", G_CALLBACK (adjustment_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (adjustment, "value-changed", G_CALLBACK (adjustment_value_changed_cb),
                           self, G_CONNECT_SWAPPED);

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  gtk_event_controller_set_propagation_phase (scroll, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (scroll, "scroll", G_CALLBACK (user_scrolled_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->scroller), scroll);

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (keys, "key-pressed", G_CALLBACK (user_key_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->scroller), keys);

  drag = gtk_gesture_drag_new ();
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (drag), GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (drag, "drag-begin", G_CALLBACK (leave_stream), self);
  gtk_widget_add_controller (gtk_scrolled_window_get_vscrollbar (self->scroller),
                             GTK_EVENT_CONTROLLER (drag));

  self->session_signals = g_signal_group_new (BRISK_TYPE_CHAT_SESSION);
  g_signal_group_connect_swapped (self->session_signals, "notify::conversation",
                                  G_CALLBACK (conversation_changed_cb), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::client",
                                  G_CALLBACK (client_changed_cb), self);
  self->conversation_signals = g_signal_group_new (BRISK_TYPE_CONVERSATION);
  g_signal_group_connect_swapped (self->conversation_signals, "notify::title",
                                  G_CALLBACK (update_title), self);
  g_signal_group_connect_swapped (self->session_signals, "reply-finished",
                                  G_CALLBACK (reply_finished_cb), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::busy",
                                  G_CALLBACK (busy_changed_cb), self);

  g_signal_connect_object (self->model_picker, "notify::model", G_CALLBACK (model_chosen_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_menu_button_set_create_popup_func (self->settings_button, create_settings_popover_cb,
                                         self, NULL);

  if (application != NULL)
    {
      GSettings *settings = brisk_application_get_settings (application);

      g_signal_connect_object (settings, "changed", G_CALLBACK (settings_changed_cb), self,
                               G_CONNECT_SWAPPED);
      settings_changed_cb (self, NULL, settings);
    }
}
