/* brisk-model.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "brisk-model"

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "brisk-client-error.h"
#include "brisk-model.h"

/* A chat model a provider offers, as GET /models describes it. */
struct _BriskModel
{
  GObject  parent_instance;

  char    *id;
  char    *owned_by;
  gint64   context_window;
  gint64   max_completion_tokens;
};

G_DEFINE_FINAL_TYPE (BriskModel, brisk_model, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_OWNED_BY,
  PROP_CONTEXT_WINDOW,
  PROP_MAX_COMPLETION_TOKENS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Groq lists speech, text-to-speech and safety classifiers beside chat models, with no field
 * that says which is which; these parts of an id give them away. The list itself is never
 * hard-coded: Groq retires models every few months.
 */
static const char * const non_chat_markers[] = {
  "whisper",
  "tts",
  "orpheus",
  "guard",
  "embed",
};

#define MIN_CHAT_CONTEXT_WINDOW 1024

BriskModel *
brisk_model_new (const char *id,
                 const char *owned_by,
                 gint64      context_window,
                 gint64      max_completion_tokens)
{
  return g_object_new (BRISK_TYPE_MODEL,
                       "id", id,
                       "owned-by", owned_by,
                       "context-window", context_window,
                       "max-completion-tokens", max_completion_tokens,
                       NULL);
}

static void
brisk_model_finalize (GObject *object)
{
  BriskModel *self = (BriskModel *)object;

  g_free (self->id);
  g_free (self->owned_by);

  G_OBJECT_CLASS (brisk_model_parent_class)->finalize (object);
}

static void
brisk_model_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  BriskModel *self = BRISK_MODEL (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_OWNED_BY:
      g_value_set_string (value, self->owned_by);
      break;
    case PROP_CONTEXT_WINDOW:
      g_value_set_int64 (value, self->context_window);
      break;
    case PROP_MAX_COMPLETION_TOKENS:
      g_value_set_int64 (value, self->max_completion_tokens);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
brisk_model_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  BriskModel *self = BRISK_MODEL (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;
    case PROP_OWNED_BY:
      self->owned_by = g_value_dup_string (value);
      break;
    case PROP_CONTEXT_WINDOW:
      self->context_window = g_value_get_int64 (value);
      break;
    case PROP_MAX_COMPLETION_TOKENS:
      self->max_completion_tokens = g_value_get_int64 (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
brisk_model_class_init (BriskModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = brisk_model_finalize;
  object_class->get_property = brisk_model_get_property;
  object_class->set_property = brisk_model_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_OWNED_BY] =
    g_param_spec_string ("owned-by", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  /* -1 where the provider did not say. */
  properties[PROP_CONTEXT_WINDOW] =
    g_param_spec_int64 ("context-window", NULL, NULL, -1, G_MAXINT64, -1,
                        (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_MAX_COMPLETION_TOKENS] =
    g_param_spec_int64 ("max-completion-tokens", NULL, NULL, -1, G_MAXINT64, -1,
                        (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
brisk_model_init (BriskModel *self)
{
  self->context_window = -1;
  self->max_completion_tokens = -1;
}

const char *
brisk_model_get_id (BriskModel *self)
{
  g_return_val_if_fail (BRISK_IS_MODEL (self), NULL);

  return self->id;
}

const char *
brisk_model_get_owned_by (BriskModel *self)
{
  g_return_val_if_fail (BRISK_IS_MODEL (self), NULL);

  return self->owned_by;
}

gint64
brisk_model_get_context_window (BriskModel *self)
{
  g_return_val_if_fail (BRISK_IS_MODEL (self), -1);

  return self->context_window;
}

gint64
brisk_model_get_max_completion_tokens (BriskModel *self)
{
  g_return_val_if_fail (BRISK_IS_MODEL (self), -1);

  return self->max_completion_tokens;
}

static gboolean
is_chat_model (const char *id,
               gint64      context_window)
{
  g_autofree char *lower = g_ascii_strdown (id, -1);

  for (guint i = 0; i < G_N_ELEMENTS (non_chat_markers); i++)
    if (strstr (lower, non_chat_markers[i]) != NULL)
      return FALSE;

  return context_window < 0 || context_window >= MIN_CHAT_CONTEXT_WINDOW;
}

static gint64
member_int (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return -1;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      return json_node_get_int (node);
    case G_TYPE_DOUBLE:
      return (gint64)json_node_get_double (node);
    default:
      return -1;
    }
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  BriskModel *model_a = *(BriskModel **)a;
  BriskModel *model_b = *(BriskModel **)b;

  return g_strcmp0 (model_a->id, model_b->id);
}

/**
 * brisk_models_parse:
 * @json: a `GET /models` response, or a list saved by brisk_models_serialize()
 *
 * Keeps the active chat models, sorted by id.
 *
 * Returns: (transfer full) (element-type BriskModel): the models
 */
GPtrArray *
brisk_models_parse (const char  *json,
                    gsize        len,
                    GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) models = g_ptr_array_new_with_free_func (g_object_unref);
  JsonNode *root;
  JsonNode *data;
  JsonArray *array;

  if (!json_parser_load_from_data (parser, json, len, NULL) ||
      (root = json_parser_get_root (parser)) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (root) ||
      (data = json_object_get_member (json_node_get_object (root), "data")) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (data))
    {
      g_set_error_literal (error, BRISK_CLIENT_ERROR, BRISK_CLIENT_ERROR_PROTOCOL,
                           "The server's list of models is not in the expected format");
      return NULL;
    }

  array = json_node_get_array (data);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *object;
      const char *id;
      JsonNode *active;
      gint64 context_window;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      object = json_node_get_object (node);
      id = json_object_get_string_member_with_default (object, "id", NULL);
      if (id == NULL || *id == '\0')
        continue;

      active = json_object_get_member (object, "active");
      if (active != NULL && JSON_NODE_HOLDS_VALUE (active) &&
          json_node_get_value_type (active) == G_TYPE_BOOLEAN && !json_node_get_boolean (active))
        continue;

      context_window = member_int (object, "context_window");
      if (!is_chat_model (id, context_window))
        continue;

      g_ptr_array_add (models,
                       brisk_model_new (id,
                                        json_object_get_string_member_with_default (object, "owned_by", NULL),
                                        context_window,
                                        member_int (object, "max_completion_tokens")));
    }

  g_ptr_array_sort (models, compare_ids);
  return g_steal_pointer (&models);
}

/**
 * brisk_models_serialize:
 * @models: (element-type BriskModel): models
 *
 * Returns: (transfer full): the models in the shape of a `GET /models` response
 */
GBytes *
brisk_models_serialize (GPtrArray *models)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  gsize len;
  char *text;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "object");
  json_builder_add_string_value (builder, "list");
  json_builder_set_member_name (builder, "data");
  json_builder_begin_array (builder);
  for (guint i = 0; i < models->len; i++)
    {
      BriskModel *model = g_ptr_array_index (models, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, model->id);
      if (model->owned_by != NULL)
        {
          json_builder_set_member_name (builder, "owned_by");
          json_builder_add_string_value (builder, model->owned_by);
        }
      if (model->context_window >= 0)
        {
          json_builder_set_member_name (builder, "context_window");
          json_builder_add_int_value (builder, model->context_window);
        }
      if (model->max_completion_tokens >= 0)
        {
          json_builder_set_member_name (builder, "max_completion_tokens");
          json_builder_add_int_value (builder, model->max_completion_tokens);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, &len);

  return g_bytes_new_take (text, len);
}

/* Models worth talking to when the user named none, best first. Only ones the provider lists
 * right now are picked; models come and go (see the protocol notes), so this is a preference,
 * never an assumption.
 */
static const char * const preferred_models[] = {
  "openai/gpt-oss-120b",
  "llama-3.3-70b-versatile",
  "openai/gpt-oss-20b",
  "llama-3.1-8b-instant",
};

/* Small models that answer fastest, fastest first: for titles and quick questions. */
static const char * const small_models[] = {
  "llama-3.1-8b-instant",
  "openai/gpt-oss-20b",
};

/* The first of @candidates that @models lists, or %NULL. */
static const char *
pick_listed (GPtrArray          *models,
             const char * const *candidates,
             guint               n_candidates)
{
  for (guint i = 0; i < n_candidates; i++)
    for (guint j = 0; j < models->len; j++)
      if (g_str_equal (brisk_model_get_id (g_ptr_array_index (models, j)), candidates[i]))
        return candidates[i];

  return NULL;
}

/**
 * brisk_models_pick_default:
 * @models: (element-type BriskModel): chat models a provider lists
 *
 * Returns: (nullable): the id of the model to use when the user chose none: the best
 *   preferred model on offer, else the first one, else %NULL for an empty list
 */
const char *
brisk_models_pick_default (GPtrArray *models)
{
  const char *preferred;

  g_return_val_if_fail (models != NULL, NULL);

  preferred = pick_listed (models, preferred_models, G_N_ELEMENTS (preferred_models));
  if (preferred != NULL)
    return preferred;

  return models->len > 0 ? brisk_model_get_id (g_ptr_array_index (models, 0)) : NULL;
}

/**
 * brisk_models_pick_small:
 * @models: (element-type BriskModel): chat models a provider lists
 *
 * Returns: (nullable): the id of the fastest small model on offer, or %NULL if the provider
 *   lists none of the ones known to be small
 */
const char *
brisk_models_pick_small (GPtrArray *models)
{
  g_return_val_if_fail (models != NULL, NULL);

  return pick_listed (models, small_models, G_N_ELEMENTS (small_models));
}
