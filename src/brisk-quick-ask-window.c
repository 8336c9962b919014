/* brisk-quick-ask-window.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "brisk-quick-ask-window"

#include "config.h"

#include <glib/gi18n.h>

#include "brisk-quick-ask-window.h"

#include "brisk-application.h"
#include "brisk-chat-session.h"
#include "brisk-markdown-view.h"
#include "brisk-model-picker.h"
#include "brisk-provider-list.h"
#include "brisk-window.h"

/* How many quick questions Up and Down recall. */
#define MAX_HISTORY 50

/* A small window for one question and its answer, away from the main window. Each question
 * is a conversation of its own, kept in memory: it reaches the history only as the
 * quick-ask-save setting says, or when the user continues it in the main window.
 */
struct _BriskQuickAskWindow
{
  AdwWindow          parent_instance;

  /* Template widgets */
  AdwToastOverlay   *toast_overlay;
  GtkTextView       *question_view;
  BriskModelPicker  *model_picker;
  GtkRevealer       *answer_revealer;
  BriskMarkdownView *answer_view;
  GtkLabel          *error_label;

  /* Owned references */
  BriskChatSession  *session;
  BriskMessage      *reply;
  BriskConversation *kept;          /* the exchange's place in the history, once kept */
  GCancellable      *cancellable;   /* the key lookup */
  char              *draft;         /* what was typed before Up recalled older questions */
  char              *provider;

  /* How far back Up went: 0 is the question being typed. */
  guint              history_offset;

  /* A question asked before the model list arrived goes out when it does. */
  guint              ask_when_model_known : 1;
  /* Continuing in the main window waits for the stopped answer to settle. */
  guint              open_when_finished : 1;
};

G_DEFINE_FINAL_TYPE (BriskQuickAskWindow, brisk_quick_ask_window, ADW_TYPE_WINDOW)

static BriskApplication *
get_application (BriskQuickAskWindow *self)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));

  return BRISK_IS_APPLICATION (application) ? BRISK_APPLICATION (application) : NULL;
}

static GSettings *
get_settings (BriskQuickAskWindow *self)
{
  return brisk_application_get_settings (get_application (self));
}

static char *
get_question (BriskQuickAskWindow *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->question_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
}

static void
set_question (BriskQuickAskWindow *self,
              const char          *text)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->question_view);
  GtkTextIter end;

  gtk_text_buffer_set_text (buffer, text, -1);
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_place_cursor (buffer, &end);
}

static void
show_toast (BriskQuickAskWindow *self,
            const char          *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

static void
show_error (BriskQuickAskWindow *self,
            const char          *text)
{
  gtk_label_set_text (self->error_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), text != NULL);
  if (text != NULL)
    gtk_revealer_set_reveal_child (self->answer_revealer, TRUE);
}

/* History */

static void
remember_question (BriskQuickAskWindow *self,
                   const char          *question)
{
  g_auto(GStrv) history = g_settings_get_strv (get_settings (self), "quick-ask-history");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) updated = NULL;
  guint length = g_strv_length (history);

  /* Oldest first; a question asked again moves to the end rather than appearing twice. */
  for (guint i = length > MAX_HISTORY - 1 ? length - (MAX_HISTORY - 1) : 0; i < length; i++)
    if (!g_str_equal (history[i], question))
      g_strv_builder_add (builder, history[i]);
  g_strv_builder_add (builder, question);
  updated = g_strv_builder_end (builder);

  g_settings_set_strv (get_settings (self), "quick-ask-history", (const char * const *)updated);
  self->history_offset = 0;
  g_clear_pointer (&self->draft, g_free);
}

/* Moves @step questions back (1) or forward (-1) through the history. */
static gboolean
recall (BriskQuickAskWindow *self,
        int                  step)
{
  g_auto(GStrv) history = g_settings_get_strv (get_settings (self), "quick-ask-history");
  guint length = g_strv_length (history);
  int offset = (int)self->history_offset + step;

  if (offset < 0 || offset > (int)length)
    return FALSE;

  if (self->history_offset == 0)
    {
      g_free (self->draft);
      self->draft = get_question (self);
    }
  self->history_offset = offset;
  set_question (self, offset == 0 ? self->draft : history[length - offset]);

  return TRUE;
}

/* Keeping the exchange */

static void
clear_exchange (BriskQuickAskWindow *self)
{
  if (self->reply != NULL)
    g_signal_handlers_disconnect_by_data (self->reply, self);
  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->session, self);
      brisk_chat_session_stop (self->session);
    }
  g_clear_object (&self->reply);
  g_clear_object (&self->session);
  g_clear_object (&self->kept);
}

/* Writes the question and its answer to the history as a conversation of their own. */
static BriskConversation *
keep_exchange (BriskQuickAskWindow  *self,
               GError              **error)
{
  BriskConversation *asked = brisk_chat_session_get_conversation (self->session);
  GListModel *messages = brisk_chat_session_get_messages (self->session);
  BriskStore *store = brisk_application_get_store (get_application (self), NULL);
  g_autoptr(BriskConversation) conversation = NULL;

  if (self->kept != NULL)
    return g_object_ref (self->kept);

  if (store == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("The history could not be opened"));
      return NULL;
    }

  conversation = brisk_store_create_conversation (store, brisk_conversation_get_provider (asked),
                                                  brisk_conversation_get_model (asked), error);
  if (conversation == NULL)
    return NULL;
  brisk_conversation_set_title (conversation, brisk_conversation_get_title (asked));
  brisk_conversation_set_updated (conversation, g_get_real_time ());

  for (guint i = 0; i < g_list_model_get_n_items (messages); i++)
    {
      g_autoptr(BriskMessage) message = g_list_model_get_item (messages, i);
      g_autoptr(BriskMessage) stored = NULL;

      stored = brisk_store_add_message (store, brisk_conversation_get_id (conversation),
                                        brisk_message_get_role (message),
                                        brisk_message_get_content (message),
                                        brisk_message_get_status (message), error);
      if (stored == NULL)
        return NULL;
      brisk_message_set_reasoning (stored, brisk_message_get_reasoning (message));
      brisk_message_set_model (stored, brisk_message_get_model (message));
      brisk_message_set_finish_reason (stored, brisk_message_get_finish_reason (message));
      brisk_message_set_usage (stored, brisk_message_get_usage (message));
      brisk_message_set_error (stored, brisk_message_get_error (message));
      if (!brisk_store_save_message (store, stored, error))
        return NULL;
    }

  if (!brisk_store_save_conversation (store, conversation, error))
    return NULL;

  g_set_object (&self->kept, conversation);
  return g_steal_pointer (&conversation);
}

/* Asking */

static void
appended_cb (BriskQuickAskWindow *self,
             BriskDeltaKind       kind,
             const char          *text,
             BriskMessage        *reply)
{
  if (kind == BRISK_DELTA_CONTENT)
    brisk_markdown_view_append (self->answer_view, text);
}

static void continue_in_window (BriskQuickAskWindow *self);

static void
reply_finished_cb (BriskQuickAskWindow *self,
                   BriskMessage        *reply,
                   const GError        *error,
                   BriskChatSession    *session)
{
  g_autoptr(GError) keep_error = NULL;
  g_autoptr(BriskConversation) kept = NULL;

  brisk_markdown_view_flush (self->answer_view);
  if (self->open_when_finished)
    {
      self->open_when_finished = FALSE;
      continue_in_window (self);
      return;
    }
  if (error != NULL)
    {
      show_error (self, error->message);
      /* A refused key is forgotten, so the next question asks the keyring again. */
      brisk_application_forget_client (get_application (self), self->provider);
      return;
    }

  if (brisk_message_get_status (reply) == BRISK_REPLY_STATUS_COMPLETE
      && g_settings_get_enum (get_settings (self), "quick-ask-save") == BRISK_QUICK_ASK_SAVE_ALWAYS)
    {
      kept = keep_exchange (self, &keep_error);
      if (kept == NULL)
        show_toast (self, keep_error->message);
    }
}

static void
start (BriskQuickAskWindow *self,
       const char          *question)
{
  g_autoptr(BriskConversation) conversation = NULL;
  g_autoptr(GError) error = NULL;

  clear_exchange (self);
  show_error (self, NULL);
  brisk_markdown_view_set_text (self->answer_view, "");

  conversation = g_object_new (BRISK_TYPE_CONVERSATION,
                               "provider", self->provider,
                               "model", brisk_model_picker_get_model (self->model_picker),
                               NULL);
  self->session = brisk_chat_session_new (NULL, conversation);
  brisk_chat_session_set_client (self->session,
                                 brisk_application_get_client (get_application (self),
                                                               self->provider));
  g_signal_connect_object (self->session, "reply-finished", G_CALLBACK (reply_finished_cb), self,
                           G_CONNECT_SWAPPED);

  if (!brisk_chat_session_send (self->session, question, &error))
    {
      show_error (self, error->message);
      return;
    }

  self->reply = g_object_ref (brisk_chat_session_get_reply (self->session));
  g_signal_connect_object (self->reply, "appended", G_CALLBACK (appended_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_revealer_set_reveal_child (self->answer_revealer, TRUE);
}

static void
key_ensured_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(BriskQuickAskWindow) self = user_data;
  g_autofree char *question = NULL;

  if (!brisk_application_ensure_key_finish (BRISK_APPLICATION (object), result, NULL))
    return;

  question = get_question (self);
  start (self, question);
}

static void
ask (BriskQuickAskWindow *self)
{
  g_autofree char *question = get_question (self);
  const char *model = brisk_model_picker_get_model (self->model_picker);
  BriskApplication *application = get_application (self);
  BriskClient *client;

  if (*question == '\0' || application == NULL)
    return;

  if (model == NULL || *model == '\0')
    {
      self->ask_when_model_known = TRUE;
      if (brisk_model_picker_get_loaded (self->model_picker))
        brisk_model_picker_refresh (self->model_picker);
      return;
    }
  self->ask_when_model_known = FALSE;

  remember_question (self, question);

  client = brisk_application_get_client (application, self->provider);
  if (client == NULL || brisk_client_has_api_key (client))
    {
      start (self, question);
      return;
    }

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  brisk_application_ensure_key_async (application, client, self->provider, self->cancellable,
                                      key_ensured_cb, g_object_ref (self));
}

static void
model_changed_cb (BriskQuickAskWindow *self,
                  GParamSpec          *pspec,
                  BriskModelPicker    *picker)
{
  const char *model = brisk_model_picker_get_model (picker);
  const char *fastest;

  if (model != NULL && *model != '\0')
    {
      if (self->ask_when_model_known)
        ask (self);
      return;
    }

  /* No model preferred for quick questions: the fastest small one, else the provider's best. */
  fastest = brisk_model_picker_get_small (picker);
  if (fastest == NULL)
    fastest = brisk_model_picker_get_best (picker);
  if (fastest != NULL)
    brisk_model_picker_set_model (picker, fastest);
  else if (self->ask_when_model_known && brisk_model_picker_get_loaded (picker))
    {
      self->ask_when_model_known = FALSE;
      show_error (self, _("This provider offers no chat models"));
    }
}

static void
models_key_ensured_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(BriskQuickAskWindow) self = user_data;
  BriskApplication *application = BRISK_APPLICATION (object);

  if (!brisk_application_ensure_key_finish (application, result, NULL))
    return;

  brisk_model_picker_set_client (self->model_picker,
                                 brisk_application_get_client (application, self->provider));
}

/* Follows the preferences, for the next question. */
static void
load_preferences (BriskQuickAskWindow *self)
{
  BriskApplication *application = get_application (self);
  GSettings *settings = get_settings (self);
  g_autofree char *provider = g_settings_get_string (settings, "default-provider");
  g_autofree char *model = g_settings_get_string (settings, "quick-ask-model");
  BriskClient *client;

  if (brisk_provider_list_lookup (brisk_application_get_providers (application), provider) == NULL)
    {
      g_free (provider);
      provider = g_strdup (BRISK_GROQ_PROVIDER_ID);
    }

  g_free (self->provider);
  self->provider = g_steal_pointer (&provider);
  brisk_model_picker_set_model (self->model_picker, model);

  /* The models are listed once the client has its key: Groq lists them only to a key. */
  client = brisk_application_get_client (application, self->provider);
  if (client != NULL)
    brisk_application_ensure_key_async (application, client, self->provider, NULL,
                                        models_key_ensured_cb, g_object_ref (self));
}

/* Actions */

static void
ask_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  ask (BRISK_QUICK_ASK_WINDOW (widget));
}

static void
hide_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  BriskQuickAskWindow *self = BRISK_QUICK_ASK_WINDOW (widget);

  /* Closing stops the answer; what was asked stays, to continue it next time. */
  g_cancellable_cancel (self->cancellable);
  self->ask_when_model_known = FALSE;
  self->open_when_finished = FALSE;
  if (self->session != NULL)
    brisk_chat_session_stop (self->session);

  gtk_window_close (GTK_WINDOW (self));
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  BriskQuickAskWindow *self = BRISK_QUICK_ASK_WINDOW (widget);
  const char *answer = brisk_markdown_view_get_text (self->answer_view);

  if (self->reply == NULL || answer == NULL || *answer == '\0')
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), answer);
  show_toast (self, _("Answer copied"));
}

/* Hands the exchange to the main window: kept in the history, or with "never" only shown. */
static void
continue_in_window (BriskQuickAskWindow *self)
{
  BriskWindow *window = brisk_application_get_main_window (get_application (self));
  g_autoptr(BriskConversation) conversation = NULL;
  g_autoptr(GError) error = NULL;

  if (self->session == NULL)
    brisk_window_new_conversation (window);
  else if (g_settings_get_enum (get_settings (self), "quick-ask-save") == BRISK_QUICK_ASK_SAVE_NEVER)
    brisk_window_open_session (window, self->session);
  else
    {
      conversation = keep_exchange (self, &error);
      if (conversation == NULL)
        {
          show_toast (self, error->message);
          return;
        }
      brisk_window_open_conversation (window, conversation);
    }

  /* The exchange lives in the main window now; the next question starts afresh. */
  clear_exchange (self);
  set_question (self, "");
  brisk_markdown_view_set_text (self->answer_view, "");
  gtk_revealer_set_reveal_child (self->answer_revealer, FALSE);

  gtk_window_present (GTK_WINDOW (window));
  gtk_window_close (GTK_WINDOW (self));
}

static void
open_in_window_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  BriskQuickAskWindow *self = BRISK_QUICK_ASK_WINDOW (widget);

  /* An answer still coming is stopped where it is, and goes along once it has settled. */
  if (self->session != NULL && brisk_chat_session_get_busy (self->session))
    {
      self->open_when_finished = TRUE;
      brisk_chat_session_stop (self->session);
      return;
    }

  continue_in_window (self);
}

static gboolean
has_selection (GtkWidget *widget)
{
  if (GTK_IS_TEXT_VIEW (widget))
    return gtk_text_buffer_get_has_selection (gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget)));
  if (GTK_IS_LABEL (widget))
    return gtk_label_get_selection_bounds (GTK_LABEL (widget), NULL, NULL);
  if (GTK_IS_EDITABLE (widget))
    return gtk_editable_get_selection_bounds (GTK_EDITABLE (widget), NULL, NULL);
  return FALSE;
}

/* Keys the question's text view would otherwise take: they are looked at before it. */
static gboolean
key_pressed_cb (BriskQuickAskWindow   *self,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkEventControllerKey *controller)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->question_view);
  gboolean in_question = focus == GTK_WIDGET (self->question_view);
  GdkModifierType modifiers = state & gtk_accelerator_get_default_mod_mask ();
  GtkTextIter cursor;

  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));

  switch (keyval)
    {
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
      if (modifiers == GDK_CONTROL_MASK)
        return gtk_widget_activate_action (GTK_WIDGET (self), "quick-ask.open-in-window", NULL);
      if (modifiers == 0 && in_question)
        return gtk_widget_activate_action (GTK_WIDGET (self), "quick-ask.ask", NULL);
      /* Shift+Enter: a new line. */
      return FALSE;

    case GDK_KEY_c:
      /* Ctrl+C copies a selection as usual, and the answer when nothing is selected. */
      if (modifiers == GDK_CONTROL_MASK && !has_selection (focus))
        return gtk_widget_activate_action (GTK_WIDGET (self), "quick-ask.copy", NULL);
      return FALSE;

    case GDK_KEY_Up:
      if (modifiers == 0 && in_question && gtk_text_iter_get_line (&cursor) == 0)
        return recall (self, 1);
      return FALSE;

    case GDK_KEY_Down:
      /* Only from the last line: above it, Down moves the cursor. */
      if (modifiers == 0 && in_question && !gtk_text_iter_forward_line (&cursor))
        return recall (self, -1);
      return FALSE;

    default:
      return FALSE;
    }
}

static gboolean
brisk_quick_ask_window_close_request (GtkWindow *window)
{
  BriskQuickAskWindow *self = BRISK_QUICK_ASK_WINDOW (window);
  BriskApplication *application = get_application (self);

  /* Running in the background, the window is only hidden, so it comes back instantly. Else
   * it goes, as a hidden window would keep Brisk running.
   */
  if (application != NULL
      && g_settings_get_boolean (get_settings (self), "run-in-background"))
    return GTK_WINDOW_CLASS (brisk_quick_ask_window_parent_class)->close_request (window);

  gtk_window_destroy (window);
  return TRUE;
}

/**
 * brisk_quick_ask_window_summon:
 * @question: (nullable): a question to ask at once
 *
 * Shows the window with the cursor in the question, and asks @question if given.
 */
void
brisk_quick_ask_window_summon (BriskQuickAskWindow *self,
                               const char          *question)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_if_fail (BRISK_IS_QUICK_ASK_WINDOW (self));

  if (!gtk_widget_get_visible (GTK_WIDGET (self)))
    load_preferences (self);

  gtk_window_present (GTK_WINDOW (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->question_view));

  if (question != NULL && *question != '\0')
    {
      set_question (self, question);
      ask (self);
      return;
    }

  /* What was asked last is selected, so typing replaces it. */
  buffer = gtk_text_view_get_buffer (self->question_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_select_range (buffer, &end, &start);
}

static void
brisk_quick_ask_window_dispose (GObject *object)
{
  BriskQuickAskWindow *self = (BriskQuickAskWindow *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  clear_exchange (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), BRISK_TYPE_QUICK_ASK_WINDOW);

  G_OBJECT_CLASS (brisk_quick_ask_window_parent_class)->dispose (object);
}

static void
brisk_quick_ask_window_finalize (GObject *object)
{
  BriskQuickAskWindow *self = (BriskQuickAskWindow *)object;

  g_free (self->draft);
  g_free (self->provider);

  G_OBJECT_CLASS (brisk_quick_ask_window_parent_class)->finalize (object);
}

static void
brisk_quick_ask_window_class_init (BriskQuickAskWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = brisk_quick_ask_window_dispose;
  object_class->finalize = brisk_quick_ask_window_finalize;

  window_class->close_request = brisk_quick_ask_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/ui/brisk-quick-ask-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BriskQuickAskWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, BriskQuickAskWindow, question_view);
  gtk_widget_class_bind_template_child (widget_class, BriskQuickAskWindow, model_picker);
  gtk_widget_class_bind_template_child (widget_class, BriskQuickAskWindow, answer_revealer);
  gtk_widget_class_bind_template_child (widget_class, BriskQuickAskWindow, answer_view);
  gtk_widget_class_bind_template_child (widget_class, BriskQuickAskWindow, error_label);

  gtk_widget_class_install_action (widget_class, "quick-ask.ask", NULL, ask_action);
  gtk_widget_class_install_action (widget_class, "quick-ask.hide", NULL, hide_action);
  gtk_widget_class_install_action (widget_class, "quick-ask.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "quick-ask.open-in-window", NULL,
                                   open_in_window_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "quick-ask.hide", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK, "quick-ask.copy", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK,
                                       "quick-ask.open-in-window", NULL);

  g_type_ensure (BRISK_TYPE_MARKDOWN_VIEW);
  g_type_ensure (BRISK_TYPE_MODEL_PICKER);
}

static void
brisk_quick_ask_window_init (BriskQuickAskWindow *self)
{
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));

#if DEVELOPMENT_BUILD
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);

  g_signal_connect_object (self->model_picker, "notify::model", G_CALLBACK (model_changed_cb),
                           self, G_CONNECT_SWAPPED);
}

BriskQuickAskWindow *
brisk_quick_ask_window_new (BriskApplication *application)
{
  g_return_val_if_fail (BRISK_IS_APPLICATION (application), NULL);

  return g_object_new (BRISK_TYPE_QUICK_ASK_WINDOW, "application", application, NULL);
}
