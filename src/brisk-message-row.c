/* brisk-message-row.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "brisk-message-row"

#include "config.h"

#include <glib/gi18n.h>

#include "brisk-chat-types.h"
#include "brisk-executed-tools.h"
#include "brisk-markdown-view.h"
#include "brisk-message-row.h"
#include "brisk-tool-call-card.h"

/* One message of the chat view. The chat view builds a row per message, but a row may be given
 * another message: everything shown must come from the message set last. While a
 * reply streams, text arrives through BriskMessage::appended and is shown at most once per
 * frame, so a model writing a thousand tokens a second costs the row sixty updates.
 */
struct _BriskMessageRow
{
  GtkWidget         parent_instance;

  BriskMessage     *message;
  gulong            appended_id;
  gulong            notify_id;
  guint             tick_id;
  gboolean          content_dirty;
  gboolean          render_in_background;
  gboolean          reasoning_dirty;
  gboolean          is_last;
  BriskReasoningDisplay reasoning_display;
  GError           *failure;

  /* Template widgets; row_box is bound so that dispose_template unparents it. */
  GtkWidget        *row_box;
  GtkWidget        *bubble;
  GtkWidget        *footer;
  GtkLabel         *author_label;
  BriskExecutedTools *executed_tools;
  AdwBin           *body_bin;
  GtkWidget        *error_box;
  GtkLabel         *error_label;
  GtkButton        *error_button;
  GtkLabel         *status_label;
  GtkWidget        *copy_button;
  GtkWidget        *edit_button;
  GtkWidget        *regenerate_button;
  GtkWidget        *delete_button;

  /* The user's words as typed; the model's answer as rendered Markdown. Each is made when a
   * message first needs it (see show_body()), like the thinking and a tool result's card: a
   * long conversation has thousands of rows, and every widget costs signal handlers and style
   * nodes.
   */
  GtkExpander      *thinking_expander;
  GtkLabel         *thinking_label;
  BriskToolCallCard *tool_card;
  GtkBox           *body_box;
  GtkLabel         *body_label;
  BriskMarkdownView *body_markdown;
};

G_DEFINE_FINAL_TYPE (BriskMessageRow, brisk_message_row, GTK_TYPE_WIDGET)

enum {
  ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

GtkWidget *
brisk_message_row_new (void)
{
  return g_object_new (BRISK_TYPE_MESSAGE_ROW, NULL);
}

static gboolean
is_user (BriskMessageRow *self)
{
  return self->message != NULL
         && g_strcmp0 (brisk_message_get_role (self->message), "user") == 0;
}

/* A tool's result, shown as a card rather than as a message. */
static gboolean
is_tool_result (BriskMessageRow *self)
{
  return self->message != NULL
         && g_strcmp0 (brisk_message_get_role (self->message), "tool") == 0;
}

static gboolean
is_streaming (BriskMessageRow *self)
{
  return self->message != NULL
         && brisk_message_get_status (self->message) == BRISK_REPLY_STATUS_STREAMING;
}

/**
 * brisk_message_row_format_status:
 * @model: (nullable): the model that answered
 * @usage_json: (nullable): the usage kept with the reply
 *
 * Formats a reply's status line: which model, how soon the first token came, how fast the
 * rest streamed, and Groq's own timings.
 *
 * Returns: (transfer full): the line, empty when nothing is known
 */
char *
brisk_message_row_format_status (const char *model,
                                 const char *usage_json)
{
  g_autoptr(GString) line = g_string_new (NULL);
  BriskUsage usage;
  double ttft;

  if (model != NULL && *model != '\0')
    g_string_append (line, model);

  if (!brisk_usage_from_json (usage_json, &usage, &ttft))
    return g_string_free (g_steal_pointer (&line), FALSE);

  /* Translators: separates the parts of a reply's status line */
#define SEPARATE() G_STMT_START { if (line->len > 0) g_string_append (line, _(" · ")); } G_STMT_END
  if (ttft >= 0)
    {
      SEPARATE ();
      /* Translators: time to the first token of a reply, in milliseconds */
      g_string_append_printf (line, _("first token %.0f ms"), ttft * 1000);
    }
  if (usage.completion_tokens > 0 && usage.completion_time > 0)
    {
      SEPARATE ();
      /* Translators: how fast a reply streamed */
      g_string_append_printf (line, _("%.0f tokens/s"), usage.completion_tokens / usage.completion_time);
    }
  if (usage.queue_time >= 0 && usage.prompt_time >= 0 && usage.completion_time >= 0)
    {
      SEPARATE ();
      /* Translators: Groq's own timings of a reply: waiting in its queue, reading the prompt,
       * writing the answer; in milliseconds */
      g_string_append_printf (line, _("queue %.0f ms, prompt %.0f ms, completion %.0f ms"),
                              usage.queue_time * 1000, usage.prompt_time * 1000,
                              usage.completion_time * 1000);
    }
  if (usage.cached_tokens > 0)
    {
      g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, usage.cached_tokens);

      SEPARATE ();
      /* Translators: %s is a number of prompt tokens the provider had cached */
      g_string_append_printf (line,
                              g_dngettext (GETTEXT_PACKAGE, "%s cached token", "%s cached tokens",
                                           (gulong)usage.cached_tokens),
                              count);
    }
#undef SEPARATE

  return g_string_free (g_steal_pointer (&line), FALSE);
}

static const char *
describe_status (BriskReplyStatus status)
{
  switch (status)
    {
    case BRISK_REPLY_STATUS_INTERRUPTED:
      return _("The reply was cut off before it finished.");
    case BRISK_REPLY_STATUS_CANCELLED:
      return _("You stopped this reply.");
    case BRISK_REPLY_STATUS_FAILED:
      return _("The reply failed.");
    case BRISK_REPLY_STATUS_STREAMING:
    case BRISK_REPLY_STATUS_COMPLETE:
    default:
      return NULL;
    }
}

/* What a failure of this kind means for the user, above the server's own words. */
static const char *
describe_failure (const GError *failure)
{
  if (failure == NULL || failure->domain != BRISK_CLIENT_ERROR)
    return NULL;

  switch ((BriskClientError)failure->code)
    {
    case BRISK_CLIENT_ERROR_INVALID_KEY:
      return _("The provider did not accept the API key.");
    case BRISK_CLIENT_ERROR_FORBIDDEN:
      return _("This API key may not use this model or feature.");
    case BRISK_CLIENT_ERROR_MODEL_NOT_FOUND:
      return _("This model is not available any more, or this key has no access to it.");
    case BRISK_CLIENT_ERROR_MODEL_DECOMMISSIONED:
      return _("This model has been retired.");
    case BRISK_CLIENT_ERROR_REQUEST_TOO_LARGE:
      return _("The conversation is too long for this model. Choose a model with a larger context, or start a new conversation.");
    case BRISK_CLIENT_ERROR_RATE_LIMITED:
      return NULL;
    case BRISK_CLIENT_ERROR_CAPACITY:
      return _("The service is over capacity right now.");
    case BRISK_CLIENT_ERROR_BAD_REQUEST:
      return _("The server refused the request.");
    case BRISK_CLIENT_ERROR_SERVER:
      return _("The server had a problem answering.");
    case BRISK_CLIENT_ERROR_NETWORK:
      return _("There is no connection to the server. Brisk goes on when the network is back.");
    case BRISK_CLIENT_ERROR_TLS:
      return _("The secure connection failed: the server’s certificate was not accepted.");
    case BRISK_CLIENT_ERROR_TIMEOUT:
      return _("The server stopped answering.");
    case BRISK_CLIENT_ERROR_PROTOCOL:
      return _("The server’s answer could not be read.");
    case BRISK_CLIENT_ERROR_STREAM:
      return _("The reply broke off.");
    case BRISK_CLIENT_ERROR_INSECURE:
      return _("The key is never sent over an unencrypted connection to another computer.");
    default:
      return NULL;
    }
}

/* The button that fixes a failure of this kind, named by the action the row emits. */
static const char *
get_failure_action (const GError  *failure,
                    const char   **label)
{
  if (failure == NULL || failure->domain != BRISK_CLIENT_ERROR)
    {
      *label = _("_Retry");
      return "continue";
    }

  switch ((BriskClientError)failure->code)
    {
    case BRISK_CLIENT_ERROR_INVALID_KEY:
    case BRISK_CLIENT_ERROR_FORBIDDEN:
    case BRISK_CLIENT_ERROR_INSECURE:
      *label = _("_Fix Key");
      return "fix-key";
    case BRISK_CLIENT_ERROR_MODEL_NOT_FOUND:
    case BRISK_CLIENT_ERROR_MODEL_DECOMMISSIONED:
      *label = _("_Choose Model");
      return "choose-model";
    case BRISK_CLIENT_ERROR_REQUEST_TOO_LARGE:
      *label = _("_New Conversation");
      return "new-conversation";
    case BRISK_CLIENT_ERROR_RATE_LIMITED:
    case BRISK_CLIENT_ERROR_CAPACITY:
    case BRISK_CLIENT_ERROR_SERVER:
    case BRISK_CLIENT_ERROR_NETWORK:
    case BRISK_CLIENT_ERROR_TIMEOUT:
    case BRISK_CLIENT_ERROR_TLS:
    case BRISK_CLIENT_ERROR_BAD_REQUEST:
    case BRISK_CLIENT_ERROR_PROTOCOL:
    case BRISK_CLIENT_ERROR_STREAM:
    default:
      *label = _("_Retry");
      return "continue";
    }
}

static void
update_error (BriskMessageRow *self)
{
  const char *error_text = NULL;
  g_autofree char *text = NULL;
  const char *label = NULL;
  BriskReplyStatus status;

  if (self->message == NULL || is_streaming (self) || is_tool_result (self))
    {
      gtk_widget_set_visible (self->error_box, FALSE);
      return;
    }

  status = brisk_message_get_status (self->message);
  if (self->failure != NULL)
    error_text = self->failure->message;
  else if (brisk_message_get_error (self->message) != NULL)
    error_text = brisk_message_get_error (self->message);

  if (error_text != NULL && status != BRISK_REPLY_STATUS_CANCELLED)
    text = describe_failure (self->failure) != NULL
           ? g_strdup_printf ("%s\n%s", describe_failure (self->failure), error_text)
           : g_strdup (error_text);
  else if (describe_status (status) != NULL)
    text = g_strdup (describe_status (status));

  gtk_widget_set_visible (self->error_box, text != NULL);
  if (text == NULL)
    return;

  gtk_label_set_text (self->error_label, text);
  g_object_set_data (G_OBJECT (self->error_button), "brisk-action",
                     (gpointer)get_failure_action (self->failure, &label));

  /* Stopping was the user's own doing: a quiet note, not an alarm. Text already written is
   * continued rather than asked for again.
   */
  if (status == BRISK_REPLY_STATUS_CANCELLED && self->failure == NULL)
    {
      gtk_widget_remove_css_class (self->error_box, "message-error");
      gtk_widget_add_css_class (self->error_box, "message-notice");
    }
  else
    {
      gtk_widget_remove_css_class (self->error_box, "message-notice");
      gtk_widget_add_css_class (self->error_box, "message-error");
    }
  if (g_str_equal (g_object_get_data (G_OBJECT (self->error_button), "brisk-action"), "continue")
      && brisk_message_get_content (self->message) != NULL
      && *brisk_message_get_content (self->message) != '\0')
    label = _("_Continue");
  gtk_button_set_label (self->error_button, label);
  gtk_button_set_use_underline (self->error_button, TRUE);
  /* Only the newest reply can be retried or continued; older failures are just told. */
  gtk_widget_set_visible (GTK_WIDGET (self->error_button),
                          self->is_last || self->failure != NULL);
}

static void
update_chrome (BriskMessageRow *self)
{
  g_autofree char *status_text = NULL;
  gboolean streaming;
  const char *model;

  if (self->message == NULL)
    return;

  streaming = is_streaming (self);
  model = brisk_message_get_model (self->message);

  if (is_user (self))
    gtk_label_set_text (self->author_label, _("You"));
  else
    gtk_label_set_text (self->author_label, model != NULL && *model != '\0' ? model : _("Assistant"));

  if (!is_user (self) && !streaming)
    status_text = brisk_message_row_format_status (NULL, brisk_message_get_usage (self->message));
  gtk_label_set_text (self->status_label, status_text != NULL ? status_text : "");

  gtk_widget_set_visible (self->copy_button, !streaming);
  gtk_widget_set_visible (self->edit_button, is_user (self));
  gtk_widget_set_visible (self->regenerate_button, !is_user (self) && !streaming && self->is_last);
  gtk_widget_set_visible (self->delete_button, !streaming);

  update_error (self);
}

/* A label for text a person or a model wrote: shown as plain text (never parsed as markup),
 * wrapped anywhere it must be, and selectable.
 */
static GtkLabel *
new_text_label (const char *css_class)
{
  GtkLabel *label = GTK_LABEL (gtk_label_new (NULL));

  gtk_label_set_xalign (label, 0);
  gtk_label_set_wrap (label, TRUE);
  gtk_label_set_wrap_mode (label, PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (label), css_class);

  return label;
}

static void
ensure_thinking (BriskMessageRow *self)
{
  if (self->thinking_expander != NULL)
    return;

  self->thinking_label = new_text_label ("thinking");
  gtk_widget_add_css_class (GTK_WIDGET (self->thinking_label), "dim-label");

  self->thinking_expander = GTK_EXPANDER (gtk_expander_new (_("Thinking")));
  gtk_expander_set_child (self->thinking_expander, GTK_WIDGET (self->thinking_label));
  gtk_box_insert_child_after (GTK_BOX (self->bubble), GTK_WIDGET (self->thinking_expander),
                              GTK_WIDGET (self->author_label));
}

static void
update_reasoning (BriskMessageRow *self)
{
  const char *reasoning = brisk_message_get_reasoning (self->message);
  const char *content = brisk_message_get_content (self->message);
  gboolean has_reasoning = reasoning != NULL && *reasoning != '\0';
  gboolean shown = has_reasoning && self->reasoning_display != BRISK_REASONING_HIDDEN;

  if (shown)
    ensure_thinking (self);
  if (self->thinking_expander != NULL)
    gtk_widget_set_visible (GTK_WIDGET (self->thinking_expander), shown);
  if (!shown)
    return;

  gtk_label_set_text (self->thinking_label, reasoning);

  /* Thinking streams open, and folds away once the answer starts, if so preferred. */
  if (self->reasoning_display == BRISK_REASONING_SHOWN)
    gtk_expander_set_expanded (self->thinking_expander, TRUE);
  else if (is_streaming (self))
    gtk_expander_set_expanded (self->thinking_expander, content == NULL || *content == '\0');
}

/* A user's message shows in a label, an answer in a Markdown view. Only the one a row needs is
 * made: a text view and its buffer cost dozens of signal handlers and style nodes, and a long
 * conversation has thousands of rows.
 */
static void
show_body (BriskMessageRow *self)
{
  if (is_user (self) && self->body_label == NULL)
    {
      self->body_label = new_text_label ("message-body");
      gtk_box_append (self->body_box, GTK_WIDGET (self->body_label));
    }
  else if (!is_user (self) && self->body_markdown == NULL)
    {
      self->body_markdown = BRISK_MARKDOWN_VIEW (brisk_markdown_view_new ());
      gtk_widget_add_css_class (GTK_WIDGET (self->body_markdown), "message-body");
      gtk_box_append (self->body_box, GTK_WIDGET (self->body_markdown));
    }

  if (self->body_label != NULL)
    gtk_widget_set_visible (GTK_WIDGET (self->body_label), is_user (self));
  if (self->body_markdown != NULL)
    gtk_widget_set_visible (GTK_WIDGET (self->body_markdown), !is_user (self));
}

/* Shows the whole content again: on binding, and when it was replaced rather than added to. */
static void
render (BriskMessageRow *self)
{
  const char *content = brisk_message_get_content (self->message);

  if (self->content_dirty)
    {
      if (is_user (self))
        gtk_label_set_text (self->body_label, content != NULL ? content : "");
      else if (self->render_in_background)
        brisk_markdown_view_set_text_in_background (self->body_markdown,
                                                    content != NULL ? content : "");
      else
        brisk_markdown_view_set_text (self->body_markdown, content != NULL ? content : "");
    }
  if (self->reasoning_dirty)
    update_reasoning (self);

  self->content_dirty = FALSE;
  self->reasoning_dirty = FALSE;
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *frame_clock,
         gpointer       user_data)
{
  BriskMessageRow *self = BRISK_MESSAGE_ROW (widget);

  update_reasoning (self);
  self->reasoning_dirty = FALSE;
  self->tick_id = 0;

  return G_SOURCE_REMOVE;
}

static void
appended_cb (BriskMessageRow *self,
             BriskDeltaKind   kind,
             const char      *text,
             BriskMessage    *message)
{
  /* The answer's new text goes to the Markdown view, which renders it with the next frame
   * and only re-renders the block still open; thinking is plain text, shown once per frame.
   */
  if (kind == BRISK_DELTA_CONTENT)
    {
      if (is_user (self))
        self->content_dirty = TRUE;
      else
        brisk_markdown_view_append (self->body_markdown, text);
      /* The answer has started: the thinking folds away, if so preferred. */
      if (self->reasoning_display == BRISK_REASONING_COLLAPSED
          && self->thinking_expander != NULL
          && gtk_expander_get_expanded (self->thinking_expander))
        update_reasoning (self);
      return;
    }

  self->reasoning_dirty = TRUE;
  if (self->tick_id == 0)
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), tick_cb, NULL, NULL);
}

static void
message_notify_cb (BriskMessageRow *self,
                   GParamSpec      *pspec,
                   BriskMessage    *message)
{
  const char *name = g_param_spec_get_name (pspec);

  /* A result gets its call, running time and status after it is added to the list. */
  if (is_tool_result (self) && self->tool_card != NULL)
    {
      brisk_tool_call_card_set_result (self->tool_card, message);
      return;
    }

  if (g_str_equal (name, "executed-tools"))
    {
      brisk_executed_tools_set_json (self->executed_tools,
                                     brisk_message_get_executed_tools (message));
      return;
    }

  /* Streamed text comes through ::appended; a whole new text (an edit) comes here. */
  if (g_str_equal (name, "content") || g_str_equal (name, "reasoning"))
    {
      if (!is_streaming (self))
        {
          self->content_dirty = self->reasoning_dirty = TRUE;
          render (self);
        }
      return;
    }

  if (g_str_equal (name, "status") && !is_streaming (self))
    {
      /* The end of the stream: show the last text now, not a frame later. */
      if (!is_user (self))
        brisk_markdown_view_flush (self->body_markdown);
      update_reasoning (self);
    }
  update_chrome (self);
}

static void
stop_rendering (BriskMessageRow *self)
{
  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
  if (self->message != NULL)
    {
      g_clear_signal_handler (&self->appended_id, self->message);
      g_clear_signal_handler (&self->notify_id, self->message);
    }
}

/**
 * brisk_message_row_set_message:
 * @message: (nullable): the message to show
 * @is_last: whether it is the newest message, which alone offers regenerate and continue
 */
void
brisk_message_row_set_message (BriskMessageRow *self,
                               BriskMessage    *message,
                               gboolean         is_last)
{
  g_return_if_fail (BRISK_IS_MESSAGE_ROW (self));
  g_return_if_fail (message == NULL || BRISK_IS_MESSAGE (message));

  stop_rendering (self);
  g_set_object (&self->message, message);
  g_clear_error (&self->failure);
  self->is_last = is_last;

  if (message == NULL)
    return;

  self->appended_id = g_signal_connect_object (message, "appended", G_CALLBACK (appended_cb),
                                               self, G_CONNECT_SWAPPED);
  self->notify_id = g_signal_connect_object (message, "notify", G_CALLBACK (message_notify_cb),
                                             self, G_CONNECT_SWAPPED);

  show_body (self);

  brisk_executed_tools_set_json (self->executed_tools, brisk_message_get_executed_tools (message));

  /* A tool's result is only its card: no author, no text of its own, nothing to act on. */
  if (is_tool_result (self) && self->tool_card == NULL)
    {
      self->tool_card = g_object_new (BRISK_TYPE_TOOL_CALL_CARD, NULL);
      gtk_box_insert_child_after (GTK_BOX (self->bubble), GTK_WIDGET (self->tool_card),
                                  GTK_WIDGET (self->executed_tools));
    }
  if (self->tool_card != NULL)
    gtk_widget_set_visible (GTK_WIDGET (self->tool_card), is_tool_result (self));
  gtk_widget_set_visible (GTK_WIDGET (self->body_bin), !is_tool_result (self));
  gtk_widget_set_visible (GTK_WIDGET (self->author_label), !is_tool_result (self));
  gtk_widget_set_visible (self->footer, !is_tool_result (self));
  if (is_tool_result (self))
    {
      brisk_tool_call_card_set_result (self->tool_card, message);
      /* Collapsed by default; a recycled row starts collapsed again. */
      brisk_tool_call_card_collapse (self->tool_card);
    }

  /* The user's messages hug the right edge, as in any chat; answers take the column. */
  gtk_widget_set_halign (self->bubble, is_user (self) ? GTK_ALIGN_END : GTK_ALIGN_FILL);
  gtk_widget_set_halign (self->footer, is_user (self) ? GTK_ALIGN_END : GTK_ALIGN_FILL);
  if (is_user (self))
    {
      gtk_widget_add_css_class (self->bubble, "user-message");
      gtk_widget_remove_css_class (self->bubble, "assistant-message");
    }
  else
    {
      gtk_widget_add_css_class (self->bubble, "assistant-message");
      gtk_widget_remove_css_class (self->bubble, "user-message");
    }

  self->content_dirty = self->reasoning_dirty = TRUE;
  render (self);
  update_chrome (self);
}

/**
 * brisk_message_row_set_message_in_background:
 * @message: the message to show
 *
 * Like brisk_message_row_set_message(), for a message joining the list above what the user
 * reads: its text is rendered once brisk_message_row_render_soon() is called, over the frames
 * after that, a part of each.
 */
void
brisk_message_row_set_message_in_background (BriskMessageRow *self,
                                             BriskMessage    *message,
                                             gboolean         is_last)
{
  g_return_if_fail (BRISK_IS_MESSAGE_ROW (self));

  self->render_in_background = TRUE;
  brisk_message_row_set_message (self, message, is_last);
  self->render_in_background = FALSE;
}

/**
 * brisk_message_row_render_soon:
 *
 * Starts rendering the text of a message set in the background: the row came near the view.
 */
void
brisk_message_row_render_soon (BriskMessageRow *self)
{
  g_return_if_fail (BRISK_IS_MESSAGE_ROW (self));

  if (self->body_markdown != NULL)
    brisk_markdown_view_render_soon (self->body_markdown);
}

/**
 * brisk_message_row_release:
 *
 * Lets go of the rendered text of an answer that went far from the view, keeping its height
 * (see brisk_markdown_view_release()); brisk_message_row_render_soon() renders it again.
 */
void
brisk_message_row_release (BriskMessageRow *self)
{
  g_return_if_fail (BRISK_IS_MESSAGE_ROW (self));

  if (self->body_markdown != NULL && !is_streaming (self))
    brisk_markdown_view_release (self->body_markdown);
}

/**
 * brisk_message_row_set_is_last:
 * @is_last: whether the message is now the newest one
 */
void
brisk_message_row_set_is_last (BriskMessageRow *self,
                               gboolean         is_last)
{
  g_return_if_fail (BRISK_IS_MESSAGE_ROW (self));

  if (self->is_last == !!is_last)
    return;

  self->is_last = !!is_last;
  update_chrome (self);
}

BriskMessage *
brisk_message_row_get_message (BriskMessageRow *self)
{
  g_return_val_if_fail (BRISK_IS_MESSAGE_ROW (self), NULL);

  return self->message;
}

/**
 * brisk_message_row_set_failure:
 * @failure: (nullable): why the reply failed, as the client reported it
 *
 * With the error's kind the row can offer the right fix: a new key, another model, a retry.
 */
void
brisk_message_row_set_failure (BriskMessageRow *self,
                               const GError    *failure)
{
  g_return_if_fail (BRISK_IS_MESSAGE_ROW (self));

  g_clear_error (&self->failure);
  if (failure != NULL)
    self->failure = g_error_copy (failure);
  update_error (self);
}

void
brisk_message_row_set_reasoning_display (BriskMessageRow       *self,
                                         BriskReasoningDisplay  display)
{
  g_return_if_fail (BRISK_IS_MESSAGE_ROW (self));

  self->reasoning_display = display;
  if (self->message != NULL)
    update_reasoning (self);
}

static void
emit_activated (BriskMessageRow *self,
                const char      *action)
{
  g_signal_emit (self, signals[ACTIVATED], 0, action);
}

static void
copy_clicked_cb (BriskMessageRow *self)
{
  emit_activated (self, "copy");
}

static void
edit_clicked_cb (BriskMessageRow *self)
{
  emit_activated (self, "edit");
}

static void
regenerate_clicked_cb (BriskMessageRow *self)
{
  emit_activated (self, "regenerate");
}

static void
delete_clicked_cb (BriskMessageRow *self)
{
  emit_activated (self, "delete");
}

static void
error_button_clicked_cb (BriskMessageRow *self)
{
  emit_activated (self, g_object_get_data (G_OBJECT (self->error_button), "brisk-action"));
}

static void
brisk_message_row_dispose (GObject *object)
{
  BriskMessageRow *self = (BriskMessageRow *)object;

  stop_rendering (self);
  g_clear_object (&self->message);
  g_clear_error (&self->failure);
  gtk_widget_dispose_template (GTK_WIDGET (self), BRISK_TYPE_MESSAGE_ROW);

  G_OBJECT_CLASS (brisk_message_row_parent_class)->dispose (object);
}

static void
brisk_message_row_class_init (BriskMessageRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = brisk_message_row_dispose;

  /**
   * BriskMessageRow::activated:
   * @action: what the user asked for: "copy", "edit", "continue", "regenerate", "delete",
   *   "fix-key", "choose-model" or "new-conversation"
   */
  signals[ACTIVATED] =
    g_signal_new ("activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "messagerow");
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/ui/brisk-message-row.ui");
  gtk_widget_class_bind_template_child (widget_class, BriskMessageRow, row_box);
  gtk_widget_class_bind_template_child (widget_class, BriskMessageRow, bubble);
  gtk_widget_class_bind_template_child (widget_class, BriskMessageRow, footer);
  gtk_widget_class_bind_template_child (widget_class, BriskMessageRow, author_label);
  gtk_widget_class_bind_template_child (widget_class, BriskMessageRow, executed_tools);
  gtk_widget_class_bind_template_child (widget_class, BriskMessageRow, body_bin);
  gtk_widget_class_bind_template_child (widget_class, BriskMessageRow, error_box);
  gtk_widget_class_bind_template_child (widget_class, BriskMessageRow, error_label);
  gtk_widget_class_bind_template_child (widget_class, BriskMessageRow, error_button);
  gtk_widget_class_bind_template_child (widget_class, BriskMessageRow, status_label);
  gtk_widget_class_bind_template_child (widget_class, BriskMessageRow, copy_button);
  gtk_widget_class_bind_template_child (widget_class, BriskMessageRow, edit_button);
  gtk_widget_class_bind_template_child (widget_class, BriskMessageRow, regenerate_button);
  gtk_widget_class_bind_template_child (widget_class, BriskMessageRow, delete_button);
  gtk_widget_class_bind_template_callback (widget_class, copy_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, edit_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, regenerate_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, delete_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, error_button_clicked_cb);

  g_type_ensure (BRISK_TYPE_EXECUTED_TOOLS);
  g_type_ensure (BRISK_TYPE_TOOL_CALL_CARD);
}

static void
brisk_message_row_init (BriskMessageRow *self)
{
  GtkWidget *icon_buttons[4];

  gtk_widget_init_template (GTK_WIDGET (self));

  self->reasoning_display = BRISK_REASONING_COLLAPSED;

  self->body_box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 0));
  adw_bin_set_child (self->body_bin, GTK_WIDGET (self->body_box));

  /* Icon-only buttons are named for screen readers by what their tooltip says. */
  icon_buttons[0] = self->copy_button;
  icon_buttons[1] = self->edit_button;
  icon_buttons[2] = self->regenerate_button;
  icon_buttons[3] = self->delete_button;
  for (guint i = 0; i < G_N_ELEMENTS (icon_buttons); i++)
    gtk_accessible_update_property (GTK_ACCESSIBLE (icon_buttons[i]),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    gtk_widget_get_tooltip_text (icon_buttons[i]),
                                    -1);
}
