/* brisk-executed-tools.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "brisk-executed-tools"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "brisk-executed-tools.h"

/* What one of Groq's compound systems ran on the server before it answered: each web search
 * with its query and result links, each piece of code with its output, collapsed by default.
 * All of it came from the server, so it is shown as plain text; only http and https links
 * are offered as links.
 */
struct _BriskExecutedTools
{
  GtkWidget  parent_instance;

  /* Template widgets */
  GtkBox    *box;
};

G_DEFINE_FINAL_TYPE (BriskExecutedTools, brisk_executed_tools, GTK_TYPE_WIDGET)

GtkWidget *
brisk_executed_tools_new (void)
{
  return g_object_new (BRISK_TYPE_EXECUTED_TOOLS, NULL);
}

static GtkWidget *
make_label (const char *text,
            const char *style)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  if (style != NULL)
    gtk_widget_add_css_class (label, style);

  return label;
}

static void
add_section (GtkWidget  *box,
             const char *title,
             const char *text)
{
  if (text == NULL || *text == '\0')
    return;

  gtk_box_append (GTK_BOX (box), make_label (title, "caption-heading"));
  gtk_box_append (GTK_BOX (box), make_label (text, "monospace"));
}

/* One member of the tool's arguments, which Groq sends as JSON text. */
static char *
get_argument (JsonObject *tool,
              const char *name)
{
  const char *arguments = json_object_get_string_member_with_default (tool, "arguments", NULL);
  g_autoptr(JsonNode) root = arguments != NULL ? json_from_string (arguments, NULL) : NULL;
  JsonNode *member;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  member = json_object_get_member (json_node_get_object (root), name);
  if (member == NULL || json_node_get_value_type (member) != G_TYPE_STRING)
    return NULL;

  return g_strdup (json_node_get_string (member));
}

static void
add_search_results (GtkWidget  *box,
                    JsonObject *tool)
{
  JsonNode *search = json_object_get_member (tool, "search_results");
  JsonNode *results = NULL;
  JsonArray *array;

  if (search != NULL && JSON_NODE_HOLDS_OBJECT (search))
    results = json_object_get_member (json_node_get_object (search), "results");
  if (results == NULL || !JSON_NODE_HOLDS_ARRAY (results))
    return;

  array = json_node_get_array (results);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      const char *title;
      const char *url;
      GtkWidget *link;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      url = json_object_get_string_member_with_default (json_node_get_object (element), "url",
                                                        NULL);
      title = json_object_get_string_member_with_default (json_node_get_object (element),
                                                          "title", url);
      if (url == NULL)
        continue;

      if (g_str_has_prefix (url, "https://") || g_str_has_prefix (url, "http://"))
        {
          link = gtk_link_button_new_with_label (url, title != NULL && *title != '\0' ? title
                                                                                      : url);
          gtk_widget_set_halign (link, GTK_ALIGN_START);
          gtk_label_set_ellipsize (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (link))),
                                   PANGO_ELLIPSIZE_END);
        }
      else
        link = make_label (url, "dim-label");
      gtk_box_append (GTK_BOX (box), link);
    }
}

static GtkWidget *
make_tool (JsonObject *tool)
{
  const char *type = json_object_get_string_member_with_default (tool, "type", "");
  const char *output = json_object_get_string_member_with_default (tool, "output", NULL);
  g_autofree char *title = NULL;
  GtkWidget *expander;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);

  gtk_widget_set_margin_top (box, 6);

  if (g_str_equal (type, "search") || g_str_equal (type, "web_search"))
    {
      g_autofree char *query = get_argument (tool, "query");

      /* Translators: a web search a compound system ran; %s is its query */
      title = query != NULL ? g_strdup_printf (_("Web search: %s"), query)
                            : g_strdup (_("Web Search"));
      add_search_results (box, tool);
    }
  else if (g_str_equal (type, "python") || g_str_equal (type, "code_interpreter"))
    {
      g_autofree char *code = get_argument (tool, "code");

      title = g_strdup (_("Code Execution"));
      add_section (box, C_("executed tool", "Code"), code);
      add_section (box, C_("executed tool", "Output"), output);
    }
  else
    {
      title = g_strdup (type);
      add_section (box, C_("executed tool", "Arguments"),
                   json_object_get_string_member_with_default (tool, "arguments", NULL));
      add_section (box, C_("executed tool", "Output"), output);
    }

  expander = gtk_expander_new (NULL);
  gtk_expander_set_label_widget (GTK_EXPANDER (expander), make_label (title, "dim-label"));
  gtk_label_set_selectable (GTK_LABEL (gtk_expander_get_label_widget (GTK_EXPANDER (expander))),
                            FALSE);
  gtk_expander_set_child (GTK_EXPANDER (expander), box);
  gtk_widget_add_css_class (expander, "executed-tool");

  return expander;
}

/**
 * brisk_executed_tools_set_json:
 * @json: (nullable): the executed tools a compound system reported, as a JSON array
 *
 * Shows the tools in @json, each collapsed; hides the widget when there are none.
 */
void
brisk_executed_tools_set_json (BriskExecutedTools *self,
                               const char         *json)
{
  g_autoptr(JsonNode) root = NULL;
  GtkWidget *child;
  JsonArray *array;

  g_return_if_fail (BRISK_IS_EXECUTED_TOOLS (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->box))) != NULL)
    gtk_box_remove (self->box, child);

  if (json != NULL)
    root = json_from_string (json, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self), root != NULL && JSON_NODE_HOLDS_ARRAY (root));
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    return;

  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_OBJECT (element))
        gtk_box_append (self->box, make_tool (json_node_get_object (element)));
    }
}

static void
brisk_executed_tools_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), BRISK_TYPE_EXECUTED_TOOLS);

  G_OBJECT_CLASS (brisk_executed_tools_parent_class)->dispose (object);
}

static void
brisk_executed_tools_class_init (BriskExecutedToolsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = brisk_executed_tools_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/ui/brisk-executed-tools.ui");
  gtk_widget_class_bind_template_child (widget_class, BriskExecutedTools, box);
}

static void
brisk_executed_tools_init (BriskExecutedTools *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
