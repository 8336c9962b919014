/* brisk-conversation-row.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "brisk-conversation-row"

#include "config.h"

#include <glib/gi18n.h>

#include "brisk-conversation-row.h"

/* A conversation in the sidebar: its title, a pin, the date group it opens (the list view of
 * GTK 4.8 has no section headers, so the first row of each group carries the header), a
 * check box in selection mode, and an entry for renaming in place.
 *
 * The check box and the entry are made the first time they are needed: the window opens with
 * a sidebar full of rows, and an entry (with its input method and gestures) is the costliest
 * part of a row.
 */
struct _BriskConversationRow
{
  GtkWidget          parent_instance;

  BriskConversation *conversation;
  gulong             notify_id;
  gboolean           renaming;

  GtkWidget         *box;
  GtkLabel          *group_label;
  GtkBox            *line;
  GtkCheckButton    *check;  /* once in selection mode */
  GtkStack          *title_stack;
  GtkLabel          *title_label;
  GtkEntry          *title_entry;  /* once renamed */
  GtkWidget         *pin_image;
};

G_DEFINE_FINAL_TYPE (BriskConversationRow, brisk_conversation_row, GTK_TYPE_WIDGET)

enum {
  RENAMED,
  CHECK_TOGGLED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

GtkWidget *
brisk_conversation_row_new (void)
{
  return g_object_new (BRISK_TYPE_CONVERSATION_ROW, NULL);
}

/**
 * brisk_conversation_group_for:
 * @conversation: a conversation
 * @now: the local time now
 *
 * Returns: which sidebar group @conversation belongs in
 */
BriskConversationGroup
brisk_conversation_group_for (BriskConversation *conversation,
                              GDateTime         *now)
{
  g_autoptr(GDateTime) updated = NULL;
  g_autoptr(GDateTime) today = NULL;
  GTimeSpan age;

  if (brisk_conversation_get_pinned (conversation))
    return BRISK_CONVERSATION_GROUP_PINNED;

  updated = g_date_time_new_from_unix_local (brisk_conversation_get_updated (conversation) / G_USEC_PER_SEC);
  today = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                 g_date_time_get_day_of_month (now), 0, 0, 0);
  if (updated == NULL)
    return BRISK_CONVERSATION_GROUP_OLDER;

  age = g_date_time_difference (today, updated);
  if (age <= 0)
    return BRISK_CONVERSATION_GROUP_TODAY;
  if (age <= G_TIME_SPAN_DAY)
    return BRISK_CONVERSATION_GROUP_YESTERDAY;
  if (age <= 7 * G_TIME_SPAN_DAY)
    return BRISK_CONVERSATION_GROUP_WEEK;
  return BRISK_CONVERSATION_GROUP_OLDER;
}

static const char *
group_title (BriskConversationGroup group)
{
  switch (group)
    {
    case BRISK_CONVERSATION_GROUP_PINNED:
      return _("Pinned");
    case BRISK_CONVERSATION_GROUP_TODAY:
      return _("Today");
    case BRISK_CONVERSATION_GROUP_YESTERDAY:
      return _("Yesterday");
    case BRISK_CONVERSATION_GROUP_WEEK:
      return _("Previous 7 Days");
    case BRISK_CONVERSATION_GROUP_OLDER:
    default:
      return _("Older");
    }
}

static void
update (BriskConversationRow *self)
{
  const char *title = brisk_conversation_get_title (self->conversation);

  gtk_label_set_text (self->title_label,
                      title != NULL && *title != '\0' ? title : _("New Conversation"));
  gtk_widget_set_visible (self->pin_image, brisk_conversation_get_pinned (self->conversation));
}

static void
stop_renaming (BriskConversationRow *self)
{
  self->renaming = FALSE;
  gtk_stack_set_visible_child (self->title_stack, GTK_WIDGET (self->title_label));
}

/**
 * brisk_conversation_row_set_conversation:
 * @conversation: (nullable): the conversation to show
 * @group: its date group
 * @first_of_group: whether the group's header goes above it
 */
void
brisk_conversation_row_set_conversation (BriskConversationRow   *self,
                                         BriskConversation      *conversation,
                                         BriskConversationGroup  group,
                                         gboolean                first_of_group)
{
  g_return_if_fail (BRISK_IS_CONVERSATION_ROW (self));

  if (self->conversation != NULL)
    g_clear_signal_handler (&self->notify_id, self->conversation);
  g_set_object (&self->conversation, conversation);
  stop_renaming (self);

  if (conversation == NULL)
    return;

  self->notify_id = g_signal_connect_object (conversation, "notify", G_CALLBACK (update), self,
                                             G_CONNECT_SWAPPED);
  gtk_label_set_text (self->group_label, group_title (group));
  gtk_widget_set_visible (GTK_WIDGET (self->group_label), first_of_group);
  update (self);
}

BriskConversation *
brisk_conversation_row_get_conversation (BriskConversationRow *self)
{
  g_return_val_if_fail (BRISK_IS_CONVERSATION_ROW (self), NULL);

  return self->conversation;
}

static void
entry_activate_cb (BriskConversationRow *self)
{
  g_autofree char *title = NULL;

  /* Not renaming any more: the entry also loses the focus when the row goes away. */
  if (!self->renaming)
    return;

  title = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->title_entry)));
  stop_renaming (self);
  g_strstrip (title);
  if (*title != '\0')
    g_signal_emit (self, signals[RENAMED], 0, title);
}

static gboolean
entry_key_pressed_cb (BriskConversationRow  *self,
                      guint                  keyval,
                      guint                  keycode,
                      GdkModifierType        state,
                      GtkEventControllerKey *controller)
{
  if (keyval != GDK_KEY_Escape)
    return GDK_EVENT_PROPAGATE;

  stop_renaming (self);
  return GDK_EVENT_STOP;
}

static void
entry_focus_left_cb (BriskConversationRow *self)
{
  /* Clicking elsewhere keeps what was typed, as in Files. */
  entry_activate_cb (self);
}

static void
check_toggled_cb (BriskConversationRow *self)
{
  g_signal_emit (self, signals[CHECK_TOGGLED], 0, gtk_check_button_get_active (self->check));
}

static void
ensure_check (BriskConversationRow *self)
{
  if (self->check != NULL)
    return;

  self->check = GTK_CHECK_BUTTON (gtk_check_button_new ());
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Select"), -1);
  g_signal_connect_swapped (self->check, "toggled", G_CALLBACK (check_toggled_cb), self);
  gtk_box_prepend (self->line, GTK_WIDGET (self->check));
}

static void
ensure_title_entry (BriskConversationRow *self)
{
  GtkEventController *keys;
  GtkEventController *focus;

  if (self->title_entry != NULL)
    return;

  self->title_entry = GTK_ENTRY (gtk_entry_new ());
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->title_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Title"), -1);
  g_signal_connect_swapped (self->title_entry, "activate", G_CALLBACK (entry_activate_cb), self);
  keys = gtk_event_controller_key_new ();
  g_signal_connect_swapped (keys, "key-pressed", G_CALLBACK (entry_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->title_entry), keys);
  focus = gtk_event_controller_focus_new ();
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (entry_focus_left_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->title_entry), focus);
  gtk_stack_add_child (self->title_stack, GTK_WIDGET (self->title_entry));
}

/**
 * brisk_conversation_row_set_selection_mode:
 * @selection_mode: whether check boxes are shown to pick several conversations
 * @checked: whether this one is picked
 */
void
brisk_conversation_row_set_selection_mode (BriskConversationRow *self,
                                           gboolean              selection_mode,
                                           gboolean              checked)
{
  g_return_if_fail (BRISK_IS_CONVERSATION_ROW (self));

  if (self->check == NULL && !selection_mode)
    return;

  ensure_check (self);
  gtk_widget_set_visible (GTK_WIDGET (self->check), selection_mode);
  g_signal_handlers_block_matched (self->check, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  gtk_check_button_set_active (self->check, checked);
  g_signal_handlers_unblock_matched (self->check, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
}

/**
 * brisk_conversation_row_start_renaming:
 *
 * Turns the title into an entry; Enter keeps the new title, Escape the old one.
 */
void
brisk_conversation_row_start_renaming (BriskConversationRow *self)
{
  g_return_if_fail (BRISK_IS_CONVERSATION_ROW (self));

  if (self->conversation == NULL)
    return;

  ensure_title_entry (self);
  self->renaming = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->title_entry), gtk_label_get_text (self->title_label));
  gtk_stack_set_visible_child (self->title_stack, GTK_WIDGET (self->title_entry));
  gtk_widget_grab_focus (GTK_WIDGET (self->title_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->title_entry), 0, -1);
}

static void
brisk_conversation_row_dispose (GObject *object)
{
  BriskConversationRow *self = (BriskConversationRow *)object;
  GtkWidget *child;

  if (self->conversation != NULL)
    g_clear_signal_handler (&self->notify_id, self->conversation);
  g_clear_object (&self->conversation);

  /* The box, and a context menu that may still be open. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  self->box = NULL;

  G_OBJECT_CLASS (brisk_conversation_row_parent_class)->dispose (object);
}

static void
brisk_conversation_row_class_init (BriskConversationRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = brisk_conversation_row_dispose;

  /**
   * BriskConversationRow::renamed:
   * @title: the title the user typed
   */
  signals[RENAMED] = g_signal_new ("renamed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * BriskConversationRow::check-toggled:
   * @checked: whether the conversation is now picked
   */
  signals[CHECK_TOGGLED] = g_signal_new ("check-toggled", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "conversationrow");
}

static void
brisk_conversation_row_init (BriskConversationRow *self)
{
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  self->group_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->group_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->group_label), "heading");
  gtk_widget_add_css_class (GTK_WIDGET (self->group_label), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->group_label), "conversation-group");
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->group_label));

  self->line = GTK_BOX (line);

  self->title_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->title_label, 0);
  gtk_label_set_ellipsize (self->title_label, PANGO_ELLIPSIZE_END);

  self->title_stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_hexpand (GTK_WIDGET (self->title_stack), TRUE);
  gtk_stack_add_child (self->title_stack, GTK_WIDGET (self->title_label));
  gtk_stack_set_vhomogeneous (self->title_stack, FALSE);
  gtk_box_append (GTK_BOX (line), GTK_WIDGET (self->title_stack));

  self->pin_image = gtk_image_new_from_icon_name ("view-pin-symbolic");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->pin_image), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Pinned"), -1);
  gtk_widget_add_css_class (self->pin_image, "dim-label");
  gtk_box_append (GTK_BOX (line), self->pin_image);

  gtk_box_append (GTK_BOX (self->box), line);
}
