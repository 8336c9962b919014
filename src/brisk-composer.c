/* brisk-composer.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "brisk-composer"

#include "config.h"

#include <glib/gi18n.h>

#include "brisk-composer.h"

/* Where a message is written. It grows with its text up to a limit, sends with Enter (or
 * Ctrl+Enter, per preference), turns its Send button into Stop while a reply streams, and
 * estimates how much of the model's context window the conversation and the draft take.
 */
struct _BriskComposer
{
  GtkWidget       parent_instance;

  BriskSendKey    send_key;
  gboolean        busy;
  gint64          context_window;
  gint64          context_used;

  /* Template widgets */
  GtkWidget      *box;
  GtkTextView    *text_view;
  GtkStack       *button_stack;
  GtkLabel       *estimate_label;
};

G_DEFINE_FINAL_TYPE (BriskComposer, brisk_composer, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_BUSY,
  PROP_SEND_KEY,
  N_PROPS
};

enum {
  SEND,
  STOP,
  EDIT_LAST,
  CANCEL,
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* A rough rule for English text and code: about four characters per token. It only has to
 * warn in time, not count exactly; the server has the last word.
 */
#define CHARS_PER_TOKEN 4

/* Warn once the conversation and the draft fill this share of the context window. */
#define CONTEXT_WARNING_SHARE 0.9

GtkWidget *
brisk_composer_new (void)
{
  return g_object_new (BRISK_TYPE_COMPOSER, NULL);
}

/**
 * brisk_composer_estimate_tokens:
 * @n_chars: characters of text
 *
 * Returns: about how many tokens that many characters make
 */
gint64
brisk_composer_estimate_tokens (gint64 n_chars)
{
  return (n_chars + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
}

/**
 * brisk_composer_get_text:
 *
 * Returns: (transfer full): the draft
 */
char *
brisk_composer_get_text (BriskComposer *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (BRISK_IS_COMPOSER (self), NULL);

  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);

  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

void
brisk_composer_set_text (BriskComposer *self,
                         const char    *text)
{
  GtkTextBuffer *buffer;
  GtkTextIter end;

  g_return_if_fail (BRISK_IS_COMPOSER (self));

  buffer = gtk_text_view_get_buffer (self->text_view);
  /* An empty draft for an empty composer, as every new conversation has: placing the cursor
   * would make the text view lay itself out before the window's first frame, for nothing.
   */
  if ((text == NULL || *text == '\0') && gtk_text_buffer_get_char_count (buffer) == 0)
    return;

  gtk_text_buffer_set_text (buffer, text != NULL ? text : "", -1);
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_place_cursor (buffer, &end);
}

static gboolean
has_text (BriskComposer *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);

  return *g_strstrip (text) != '\0';
}

static void
update_actions (BriskComposer *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "composer.send",
                                 !self->busy && has_text (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "composer.stop", self->busy);
  gtk_stack_set_visible_child_name (self->button_stack, self->busy ? "stop" : "send");
}

static void
update_estimate (BriskComposer *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  gint64 draft = brisk_composer_estimate_tokens (gtk_text_buffer_get_char_count (buffer));
  gint64 total = self->context_used + draft;
  g_autofree char *total_text = NULL;
  g_autofree char *window_text = NULL;
  g_autofree char *text = NULL;
  gboolean too_large;

  if (draft == 0 || self->context_window <= 0)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->estimate_label), FALSE);
      return;
    }

  total_text = g_strdup_printf ("%" G_GINT64_FORMAT, total);
  window_text = g_strdup_printf ("%" G_GINT64_FORMAT, self->context_window);
  too_large = total >= self->context_window * CONTEXT_WARNING_SHARE;
  if (too_large)
    /* Translators: a warning under the message being written; the numbers are tokens */
    text = g_strdup_printf (_("About %s of %s tokens: this may not fit the model’s context"),
                            total_text, window_text);
  else
    /* Translators: under the message being written; the numbers are tokens */
    text = g_strdup_printf (_("About %s of %s tokens"), total_text, window_text);

  gtk_label_set_text (self->estimate_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->estimate_label), TRUE);
  if (too_large)
    gtk_widget_add_css_class (GTK_WIDGET (self->estimate_label), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->estimate_label), "warning");
}

/**
 * brisk_composer_set_context:
 * @context_window: the model's context window in tokens, or 0 when unknown
 * @context_used: about how many tokens the conversation so far takes
 */
void
brisk_composer_set_context (BriskComposer *self,
                            gint64         context_window,
                            gint64         context_used)
{
  g_return_if_fail (BRISK_IS_COMPOSER (self));

  self->context_window = context_window;
  self->context_used = context_used;
  update_estimate (self);
}

gboolean
brisk_composer_get_busy (BriskComposer *self)
{
  g_return_val_if_fail (BRISK_IS_COMPOSER (self), FALSE);

  return self->busy;
}

/**
 * brisk_composer_set_busy:
 * @busy: whether a reply is streaming: Stop takes the place of Send
 */
void
brisk_composer_set_busy (BriskComposer *self,
                         gboolean       busy)
{
  g_return_if_fail (BRISK_IS_COMPOSER (self));

  busy = !!busy;
  if (self->busy == busy)
    return;

  self->busy = busy;
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
buffer_changed_cb (BriskComposer *self)
{
  update_actions (self);
  update_estimate (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  BriskComposer *self = BRISK_COMPOSER (widget);
  g_autofree char *text = NULL;

  if (self->busy || !has_text (self))
    return;

  text = brisk_composer_get_text (self);
  g_signal_emit (self, signals[SEND], 0, g_strstrip (text));
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  g_signal_emit (widget, signals[STOP], 0);
}

static gboolean
key_pressed_cb (BriskComposer         *self,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkEventControllerKey *controller)
{
  gboolean ctrl = (state & GDK_CONTROL_MASK) != 0;
  gboolean shift = (state & GDK_SHIFT_MASK) != 0;

  switch (keyval)
    {
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
      /* The other combination inserts a newline, as typing Enter normally does. */
      if ((self->send_key == BRISK_SEND_WITH_ENTER && !ctrl && !shift)
          || (self->send_key == BRISK_SEND_WITH_CTRL_ENTER && ctrl))
        {
          gtk_widget_activate_action (GTK_WIDGET (self), "composer.send", NULL);
          return GDK_EVENT_STOP;
        }
      if (self->send_key == BRISK_SEND_WITH_ENTER && ctrl)
        return GDK_EVENT_STOP;
      return GDK_EVENT_PROPAGATE;

    case GDK_KEY_Escape:
      {
        gboolean handled = FALSE;

        /* Escape stops a reply; otherwise it may give up an edit in progress. */
        if (self->busy)
          {
            g_signal_emit (self, signals[STOP], 0);
            return GDK_EVENT_STOP;
          }
        g_signal_emit (self, signals[CANCEL], 0, &handled);
        return handled ? GDK_EVENT_STOP : GDK_EVENT_PROPAGATE;
      }

    case GDK_KEY_Up:
      if (!has_text (self) && !ctrl && !shift)
        {
          g_signal_emit (self, signals[EDIT_LAST], 0);
          return GDK_EVENT_STOP;
        }
      return GDK_EVENT_PROPAGATE;

    default:
      return GDK_EVENT_PROPAGATE;
    }
}

static gboolean
brisk_composer_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (BRISK_COMPOSER (widget)->text_view));
}

static void
brisk_composer_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), BRISK_TYPE_COMPOSER);

  G_OBJECT_CLASS (brisk_composer_parent_class)->dispose (object);
}

static void
brisk_composer_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  BriskComposer *self = BRISK_COMPOSER (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    case PROP_SEND_KEY:
      g_value_set_int (value, self->send_key);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
brisk_composer_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  BriskComposer *self = BRISK_COMPOSER (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      brisk_composer_set_busy (self, g_value_get_boolean (value));
      break;
    case PROP_SEND_KEY:
      self->send_key = g_value_get_int (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
brisk_composer_class_init (BriskComposerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = brisk_composer_dispose;
  object_class->get_property = brisk_composer_get_property;
  object_class->set_property = brisk_composer_set_property;

  widget_class->grab_focus = brisk_composer_grab_focus;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* An int rather than the enum: GSettings binds enum keys to ints by their values. */
  properties[PROP_SEND_KEY] =
    g_param_spec_int ("send-key", NULL, NULL,
                      BRISK_SEND_WITH_ENTER, BRISK_SEND_WITH_CTRL_ENTER, BRISK_SEND_WITH_ENTER,
                      (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BriskComposer::send:
   * @text: the message, without surrounding whitespace
   */
  signals[SEND] = g_signal_new ("send", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * BriskComposer::stop:
   *
   * Stop or Escape while a reply streams.
   */
  signals[STOP] = g_signal_new ("stop", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * BriskComposer::edit-last:
   *
   * Up in an empty composer: the user wants to change the last message.
   */
  signals[EDIT_LAST] = g_signal_new ("edit-last", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * BriskComposer::cancel:
   *
   * Escape while no reply streams. Returns: %TRUE if a handler gave up something (an edit)
   * and the key is used
   */
  signals[CANCEL] = g_signal_new ("cancel", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, g_signal_accumulator_true_handled, NULL, NULL,
                                  G_TYPE_BOOLEAN, 0);
  /**
   * BriskComposer::changed:
   *
   * The draft changed, by typing or by brisk_composer_set_text().
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "composer.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "composer.stop", NULL, stop_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "composer");
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/ui/brisk-composer.ui");
  gtk_widget_class_bind_template_child (widget_class, BriskComposer, box);
  gtk_widget_class_bind_template_child (widget_class, BriskComposer, text_view);
  gtk_widget_class_bind_template_child (widget_class, BriskComposer, button_stack);
  gtk_widget_class_bind_template_child (widget_class, BriskComposer, estimate_label);
}

static void
brisk_composer_init (BriskComposer *self)
{
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Capture phase: Enter must send before the text view inserts a newline. */
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->text_view), keys);

  g_signal_connect_object (gtk_text_view_get_buffer (self->text_view), "changed",
                           G_CALLBACK (buffer_changed_cb), self, G_CONNECT_SWAPPED);
  update_actions (self);
}
