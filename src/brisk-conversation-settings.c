/* brisk-conversation-settings.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "brisk-conversation-settings"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "brisk-chat-request.h"
#include "brisk-conversation-settings.h"
#include "brisk-toolbox.h"

/* The per-conversation settings popover: system prompt and request parameters, kept in the
 * conversation as a small JSON object (only what the user set; everything else is left to
 * the model). Reasoning settings show only for models that take them.
 */
struct _BriskConversationSettings
{
  GtkPopover         parent_instance;

  BriskConversation *conversation;
  char              *model;
  gboolean           loading;

  /* Template widgets */
  GtkTextView       *system_prompt_view;
  GtkSpinButton     *temperature_spin;
  GtkSpinButton     *top_p_spin;
  GtkSpinButton     *max_tokens_spin;
  GtkSpinButton     *seed_spin;
  AdwEntryRow       *stop_row;
  GtkWidget         *reasoning_group;
  AdwComboRow       *effort_row;
  AdwComboRow       *format_row;
  GtkSwitch         *json_switch;
  AdwComboRow       *tier_row;
  GtkSpinButton     *tool_rounds_spin;
  /* One per tool, in the order of brisk_toolbox_get_names(). */
  GtkSwitch         *tool_switches[4];
};

G_DEFINE_FINAL_TYPE (BriskConversationSettings, brisk_conversation_settings, GTK_TYPE_POPOVER)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The values behind the combo rows, in their order; NULL is "not set". */
static const char * const efforts[] = { NULL, "none", "low", "medium", "high" };
static const char * const formats[] = { NULL, "parsed", "raw", "hidden" };
static const char * const tiers[] = { NULL, "auto", "on_demand", "flex", "performance" };

/* The tools' switches in the template, in the order of brisk_toolbox_get_names(). */
static const char * const tool_switch_ids[] = {
  "datetime_switch", "calculator_switch", "convert_units_switch", "read_file_switch"
};

G_STATIC_ASSERT (G_N_ELEMENTS (tool_switch_ids)
                 == G_N_ELEMENTS (((BriskConversationSettings *)NULL)->tool_switches));

GtkWidget *
brisk_conversation_settings_new (void)
{
  return g_object_new (BRISK_TYPE_CONVERSATION_SETTINGS, NULL);
}

static guint
index_of (const char * const *values,
          guint               n_values,
          const char         *value)
{
  for (guint i = 1; value != NULL && i < n_values; i++)
    if (g_str_equal (values[i], value))
      return i;

  return 0;
}

/**
 * brisk_model_takes_reasoning_effort:
 * @model: a model id
 *
 * Returns: whether Groq accepts `reasoning_effort` for @model (gpt-oss and Qwen 3)
 */
gboolean
brisk_model_takes_reasoning_effort (const char *model)
{
  return model != NULL && (strstr (model, "gpt-oss") != NULL || strstr (model, "qwen3") != NULL);
}

/**
 * brisk_model_takes_reasoning_format:
 * @model: a model id
 *
 * Returns: whether Groq accepts `reasoning_format` for @model: reasoning models other than
 *   gpt-oss, which always answers with a separate reasoning field
 */
gboolean
brisk_model_takes_reasoning_format (const char *model)
{
  return model != NULL && strstr (model, "gpt-oss") == NULL
         && (strstr (model, "qwen3") != NULL || strstr (model, "deepseek") != NULL);
}

static void
update_reasoning_rows (BriskConversationSettings *self)
{
  gboolean effort = brisk_model_takes_reasoning_effort (self->model);
  gboolean format = brisk_model_takes_reasoning_format (self->model);

  gtk_widget_set_visible (GTK_WIDGET (self->effort_row), effort);
  gtk_widget_set_visible (GTK_WIDGET (self->format_row), format);
  gtk_widget_set_visible (self->reasoning_group, effort || format);
}

/**
 * brisk_conversation_settings_set_model:
 * @model: (nullable): the conversation's model, which decides the reasoning settings shown
 */
void
brisk_conversation_settings_set_model (BriskConversationSettings *self,
                                       const char                *model)
{
  g_return_if_fail (BRISK_IS_CONVERSATION_SETTINGS (self));

  g_free (self->model);
  self->model = g_strdup (model);
  update_reasoning_rows (self);
}

static void
set_system_prompt_text (BriskConversationSettings *self,
                        const char                *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->system_prompt_view),
                            text != NULL ? text : "", -1);
}

static char *
get_system_prompt_text (BriskConversationSettings *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->system_prompt_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
load_tools (BriskConversationSettings *self,
            JsonObject                *parameters)
{
  const char * const *names = brisk_toolbox_get_names ();
  JsonNode *tools = parameters != NULL ? json_object_get_member (parameters, "tools") : NULL;
  JsonArray *enabled = tools != NULL && JSON_NODE_HOLDS_ARRAY (tools)
                       ? json_node_get_array (tools) : NULL;

  for (guint i = 0; i < G_N_ELEMENTS (self->tool_switches); i++)
    {
      gboolean active = FALSE;

      for (guint j = 0; enabled != NULL && j < json_array_get_length (enabled); j++)
        active |= g_strcmp0 (json_array_get_string_element (enabled, j), names[i]) == 0;
      gtk_switch_set_active (self->tool_switches[i], active);
    }
}

static void
add_tools (BriskConversationSettings *self,
           JsonBuilder               *builder)
{
  const char * const *names = brisk_toolbox_get_names ();
  gint64 rounds = (gint64)gtk_spin_button_get_value (self->tool_rounds_spin);
  gboolean any = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (self->tool_switches); i++)
    {
      if (!gtk_switch_get_active (self->tool_switches[i]))
        continue;
      if (!any)
        {
          json_builder_set_member_name (builder, "tools");
          json_builder_begin_array (builder);
          any = TRUE;
        }
      json_builder_add_string_value (builder, names[i]);
    }
  if (any)
    json_builder_end_array (builder);

  if (rounds > 0)
    {
      json_builder_set_member_name (builder, "max_tool_rounds");
      json_builder_add_int_value (builder, rounds);
    }
}

static void
load (BriskConversationSettings *self)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object = NULL;
  const char *parameters = brisk_conversation_get_parameters (self->conversation);
  g_autoptr(GString) stops = g_string_new (NULL);

  if (parameters != NULL && *parameters != '\0')
    root = json_from_string (parameters, NULL);
  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    object = json_node_get_object (root);

  self->loading = TRUE;

  set_system_prompt_text (self, brisk_conversation_get_system_prompt (self->conversation));

#define GET_DOUBLE(name, unset) \
  (object != NULL && json_object_has_member (object, name) \
   ? json_object_get_double_member (object, name) : (unset))
#define GET_INT(name, unset) \
  (object != NULL && json_object_has_member (object, name) \
   ? json_object_get_int_member (object, name) : (unset))
#define GET_STRING(name) \
  (object != NULL && json_object_has_member (object, name) \
   ? json_object_get_string_member (object, name) : NULL)

  gtk_spin_button_set_value (self->temperature_spin, GET_DOUBLE ("temperature", -1));
  gtk_spin_button_set_value (self->top_p_spin, GET_DOUBLE ("top_p", -1));
  gtk_spin_button_set_value (self->max_tokens_spin, (double)GET_INT ("max_completion_tokens", 0));
  gtk_spin_button_set_value (self->seed_spin, (double)GET_INT ("seed", -1));
  gtk_switch_set_active (self->json_switch,
                         object != NULL && json_object_get_boolean_member_with_default (object, "json_mode", FALSE));
  adw_combo_row_set_selected (self->effort_row, index_of (efforts, G_N_ELEMENTS (efforts),
                                                          GET_STRING ("reasoning_effort")));
  adw_combo_row_set_selected (self->format_row, index_of (formats, G_N_ELEMENTS (formats),
                                                          GET_STRING ("reasoning_format")));
  adw_combo_row_set_selected (self->tier_row, index_of (tiers, G_N_ELEMENTS (tiers),
                                                        GET_STRING ("service_tier")));

  gtk_spin_button_set_value (self->tool_rounds_spin, (double)GET_INT ("max_tool_rounds", 0));
  load_tools (self, object);

  if (object != NULL && json_object_has_member (object, "stop"))
    {
      JsonArray *array = json_object_get_array_member (object, "stop");

      for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
        {
          if (i > 0)
            g_string_append (stops, ", ");
          g_string_append (stops, json_array_get_string_element (array, i));
        }
    }
  gtk_editable_set_text (GTK_EDITABLE (self->stop_row), stops->str);

#undef GET_DOUBLE
#undef GET_INT
#undef GET_STRING

  self->loading = FALSE;
}

/**
 * brisk_conversation_settings_set_conversation:
 * @conversation: (nullable): the conversation whose settings are edited
 */
void
brisk_conversation_settings_set_conversation (BriskConversationSettings *self,
                                              BriskConversation         *conversation)
{
  g_return_if_fail (BRISK_IS_CONVERSATION_SETTINGS (self));

  g_set_object (&self->conversation, conversation);
  if (conversation != NULL)
    {
      brisk_conversation_settings_set_model (self, brisk_conversation_get_model (conversation));
      load (self);
    }
}

static void
add_combo_value (JsonBuilder        *builder,
                 const char         *name,
                 AdwComboRow        *row,
                 const char * const *values,
                 guint               n_values)
{
  guint selected = adw_combo_row_get_selected (row);

  if (!gtk_widget_get_visible (GTK_WIDGET (row)) || selected == 0 || selected >= n_values)
    return;

  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, values[selected]);
}

/**
 * brisk_conversation_settings_build_parameters:
 *
 * Returns: (transfer full): the settings as the conversation keeps them: a JSON object of
 *   the values the user set
 */
char *
brisk_conversation_settings_build_parameters (BriskConversationSettings *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_auto(GStrv) stops = NULL;
  double temperature = gtk_spin_button_get_value (self->temperature_spin);
  double top_p = gtk_spin_button_get_value (self->top_p_spin);
  gint64 max_tokens = (gint64)gtk_spin_button_get_value (self->max_tokens_spin);
  gint64 seed = (gint64)gtk_spin_button_get_value (self->seed_spin);
  guint n_stops = 0;

  g_return_val_if_fail (BRISK_IS_CONVERSATION_SETTINGS (self), NULL);

  json_builder_begin_object (builder);
  if (temperature >= 0)
    {
      json_builder_set_member_name (builder, "temperature");
      json_builder_add_double_value (builder, temperature);
    }
  if (top_p >= 0)
    {
      json_builder_set_member_name (builder, "top_p");
      json_builder_add_double_value (builder, top_p);
    }
  if (max_tokens > 0)
    {
      json_builder_set_member_name (builder, "max_completion_tokens");
      json_builder_add_int_value (builder, max_tokens);
    }
  if (seed >= 0)
    {
      json_builder_set_member_name (builder, "seed");
      json_builder_add_int_value (builder, seed);
    }

  stops = g_strsplit (gtk_editable_get_text (GTK_EDITABLE (self->stop_row)), ",", -1);
  for (guint i = 0; stops[i] != NULL; i++)
    {
      g_strstrip (stops[i]);
      if (*stops[i] == '\0' || n_stops >= BRISK_CHAT_REQUEST_MAX_STOP)
        continue;
      if (n_stops++ == 0)
        {
          json_builder_set_member_name (builder, "stop");
          json_builder_begin_array (builder);
        }
      json_builder_add_string_value (builder, stops[i]);
    }
  if (n_stops > 0)
    json_builder_end_array (builder);

  add_combo_value (builder, "reasoning_effort", self->effort_row, efforts, G_N_ELEMENTS (efforts));
  add_combo_value (builder, "reasoning_format", self->format_row, formats, G_N_ELEMENTS (formats));
  add_combo_value (builder, "service_tier", self->tier_row, tiers, G_N_ELEMENTS (tiers));
  if (gtk_switch_get_active (self->json_switch))
    {
      json_builder_set_member_name (builder, "json_mode");
      json_builder_add_boolean_value (builder, TRUE);
    }
  add_tools (self, builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static void
value_changed_cb (BriskConversationSettings *self)
{
  g_autofree char *parameters = NULL;
  g_autofree char *system_prompt = NULL;

  if (self->loading || self->conversation == NULL)
    return;

  parameters = brisk_conversation_settings_build_parameters (self);
  system_prompt = get_system_prompt_text (self);
  brisk_conversation_set_parameters (self->conversation, parameters);
  brisk_conversation_set_system_prompt (self->conversation, system_prompt);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* Below its range a spin button means "not set": it says so instead of showing a number. */
static gboolean
spin_output_cb (GtkSpinButton *spin,
                gpointer       user_data)
{
  GtkAdjustment *adjustment = gtk_spin_button_get_adjustment (spin);
  const char *unset_label = user_data;

  if (gtk_adjustment_get_value (adjustment) > gtk_adjustment_get_lower (adjustment))
    return FALSE;

  gtk_editable_set_text (GTK_EDITABLE (spin), _(unset_label));
  return TRUE;
}

static int
spin_input_cb (GtkSpinButton *spin,
               double        *new_value,
               gpointer       user_data)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (spin));
  const char *unset_label = user_data;
  char *end = NULL;

  if (g_str_equal (text, _(unset_label)) || *text == '\0')
    {
      *new_value = gtk_adjustment_get_lower (gtk_spin_button_get_adjustment (spin));
      return TRUE;
    }

  *new_value = g_ascii_strtod (text, &end);
  return end != text ? TRUE : GTK_INPUT_ERROR;
}

static void
setup_spin (BriskConversationSettings *self,
            GtkSpinButton             *spin,
            const char                *unset_label)
{
  g_signal_connect (spin, "output", G_CALLBACK (spin_output_cb), (gpointer)unset_label);
  g_signal_connect (spin, "input", G_CALLBACK (spin_input_cb), (gpointer)unset_label);
  g_signal_connect_swapped (spin, "value-changed", G_CALLBACK (value_changed_cb), self);
}

static void
brisk_conversation_settings_dispose (GObject *object)
{
  BriskConversationSettings *self = (BriskConversationSettings *)object;

  g_clear_object (&self->conversation);
  g_clear_pointer (&self->model, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), BRISK_TYPE_CONVERSATION_SETTINGS);

  G_OBJECT_CLASS (brisk_conversation_settings_parent_class)->dispose (object);
}

static void
brisk_conversation_settings_class_init (BriskConversationSettingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = brisk_conversation_settings_dispose;

  /**
   * BriskConversationSettings::changed:
   *
   * The user changed a setting; the conversation holds the new values and is to be saved.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/ui/brisk-conversation-settings.ui");
  gtk_widget_class_bind_template_child (widget_class, BriskConversationSettings, system_prompt_view);
  gtk_widget_class_bind_template_child (widget_class, BriskConversationSettings, temperature_spin);
  gtk_widget_class_bind_template_child (widget_class, BriskConversationSettings, top_p_spin);
  gtk_widget_class_bind_template_child (widget_class, BriskConversationSettings, max_tokens_spin);
  gtk_widget_class_bind_template_child (widget_class, BriskConversationSettings, seed_spin);
  gtk_widget_class_bind_template_child (widget_class, BriskConversationSettings, stop_row);
  gtk_widget_class_bind_template_child (widget_class, BriskConversationSettings, reasoning_group);
  gtk_widget_class_bind_template_child (widget_class, BriskConversationSettings, effort_row);
  gtk_widget_class_bind_template_child (widget_class, BriskConversationSettings, format_row);
  gtk_widget_class_bind_template_child (widget_class, BriskConversationSettings, json_switch);
  gtk_widget_class_bind_template_child (widget_class, BriskConversationSettings, tier_row);
  gtk_widget_class_bind_template_child (widget_class, BriskConversationSettings, tool_rounds_spin);
  for (guint i = 0; i < G_N_ELEMENTS (tool_switch_ids); i++)
    gtk_widget_class_bind_template_child_full (widget_class, tool_switch_ids[i], FALSE,
                                               G_STRUCT_OFFSET (BriskConversationSettings,
                                                                tool_switches)
                                               + i * sizeof (GtkSwitch *));
}

static void
brisk_conversation_settings_init (BriskConversationSettings *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Translators: a spin button's text when the model's own default is used */
  setup_spin (self, self->temperature_spin, N_("Default"));
  setup_spin (self, self->top_p_spin, N_("Default"));
  setup_spin (self, self->max_tokens_spin, N_("Default"));
  /* Translators: a spin button's text when no seed is set, so answers vary */
  setup_spin (self, self->seed_spin, N_("Random"));
  /* Translators: a spin button's text when Brisk's own limit of tool call rounds is used */
  setup_spin (self, self->tool_rounds_spin, N_("Default"));

  g_signal_connect_object (gtk_text_view_get_buffer (self->system_prompt_view), "changed",
                           G_CALLBACK (value_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_swapped (self->stop_row, "changed", G_CALLBACK (value_changed_cb), self);
  g_signal_connect_swapped (self->json_switch, "notify::active", G_CALLBACK (value_changed_cb), self);
  g_signal_connect_swapped (self->effort_row, "notify::selected", G_CALLBACK (value_changed_cb), self);
  g_signal_connect_swapped (self->format_row, "notify::selected", G_CALLBACK (value_changed_cb), self);
  g_signal_connect_swapped (self->tier_row, "notify::selected", G_CALLBACK (value_changed_cb), self);
  for (guint i = 0; i < G_N_ELEMENTS (self->tool_switches); i++)
    g_signal_connect_swapped (self->tool_switches[i], "notify::active",
                              G_CALLBACK (value_changed_cb), self);

  update_reasoning_rows (self);
}
