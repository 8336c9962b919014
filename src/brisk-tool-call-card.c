/* brisk-tool-call-card.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "brisk-tool-call-card"

#include "config.h"

#include <glib/gi18n.h>

#include "brisk-tool-call-card.h"

/* One tool call in the conversation: a line with the tool, its arguments and how long it
 * took, which opens to show the arguments and the result in full. Everything shown came from
 * the model, a tool or a file, so it is set as plain text, never as markup.
 */
struct _BriskToolCallCard
{
  GtkWidget    parent_instance;

  /* Template widgets */
  GtkExpander *expander;
  GtkImage    *icon;
  GtkLabel    *name_label;
  GtkLabel    *summary_label;
  GtkLabel    *duration_label;
  GtkLabel    *arguments_label;
  GtkLabel    *result_label;
};

G_DEFINE_FINAL_TYPE (BriskToolCallCard, brisk_tool_call_card, GTK_TYPE_WIDGET)

/* A file can fill a result with 128 KiB; the card shows the beginning. */
#define MAX_SHOWN_CHARS 4000

GtkWidget *
brisk_tool_call_card_new (void)
{
  return g_object_new (BRISK_TYPE_TOOL_CALL_CARD, NULL);
}

/* A tool's running time, as "12 ms" or "1.5 s". */
static char *
format_time (double seconds)
{
  if (seconds < 1)
    /* Translators: how long a tool took, in milliseconds */
    return g_strdup_printf (_("%.0f ms"), seconds * 1000);

  /* Translators: how long a tool took, in seconds */
  return g_strdup_printf (_("%.1f s"), seconds);
}

static char *
shorten (const char *text)
{
  g_autofree char *start = NULL;

  if (g_utf8_strlen (text, -1) <= MAX_SHOWN_CHARS)
    return g_strdup (text);

  start = g_utf8_substring (text, 0, MAX_SHOWN_CHARS);
  return g_strconcat (start, "…", NULL);
}

/**
 * brisk_tool_call_card_set_result:
 * @result: a tool message, as the session keeps it: the call it answers, the result as its
 *   content, the tool's running time as its usage, and a failed status when it failed
 */
void
brisk_tool_call_card_set_result (BriskToolCallCard *self,
                                 BriskMessage      *result)
{
  g_autoptr(GPtrArray) calls = NULL;
  g_autofree char *duration = NULL;
  g_autofree char *shown = NULL;
  BriskToolCall *call = NULL;
  gboolean failed;
  BriskUsage usage;

  g_return_if_fail (BRISK_IS_TOOL_CALL_CARD (self));
  g_return_if_fail (BRISK_IS_MESSAGE (result));

  calls = brisk_tool_calls_from_json (brisk_message_get_tool_calls (result));
  if (calls != NULL)
    call = g_ptr_array_index (calls, 0);
  failed = brisk_message_get_status (result) == BRISK_REPLY_STATUS_FAILED;

  gtk_label_set_text (self->name_label, call != NULL ? call->name : _("Tool"));
  gtk_label_set_text (self->summary_label, call != NULL ? call->arguments->str : "");
  gtk_label_set_text (self->arguments_label, call != NULL ? call->arguments->str : "");
  shown = shorten (brisk_message_get_content (result) != NULL
                   ? brisk_message_get_content (result) : "");
  gtk_label_set_text (self->result_label, shown);

  if (brisk_usage_from_json (brisk_message_get_usage (result), &usage, NULL)
      && usage.total_time >= 0)
    duration = format_time (usage.total_time);
  gtk_label_set_text (self->duration_label, duration != NULL ? duration : "");

  gtk_image_set_from_icon_name (self->icon, failed ? "dialog-warning-symbolic"
                                                   : "applications-engineering-symbolic");
  if (failed)
    gtk_widget_add_css_class (GTK_WIDGET (self), "failed");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "failed");
}

void
brisk_tool_call_card_collapse (BriskToolCallCard *self)
{
  g_return_if_fail (BRISK_IS_TOOL_CALL_CARD (self));

  gtk_expander_set_expanded (self->expander, FALSE);
}

static void
brisk_tool_call_card_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), BRISK_TYPE_TOOL_CALL_CARD);

  G_OBJECT_CLASS (brisk_tool_call_card_parent_class)->dispose (object);
}

static void
brisk_tool_call_card_class_init (BriskToolCallCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = brisk_tool_call_card_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "toolcallcard");
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/ui/brisk-tool-call-card.ui");
  gtk_widget_class_bind_template_child (widget_class, BriskToolCallCard, expander);
  gtk_widget_class_bind_template_child (widget_class, BriskToolCallCard, icon);
  gtk_widget_class_bind_template_child (widget_class, BriskToolCallCard, name_label);
  gtk_widget_class_bind_template_child (widget_class, BriskToolCallCard, summary_label);
  gtk_widget_class_bind_template_child (widget_class, BriskToolCallCard, duration_label);
  gtk_widget_class_bind_template_child (widget_class, BriskToolCallCard, arguments_label);
  gtk_widget_class_bind_template_child (widget_class, BriskToolCallCard, result_label);
}

static void
brisk_tool_call_card_init (BriskToolCallCard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
