/* brisk-json-schema.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "brisk-json-schema"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>

#include "brisk-json-schema.h"

/* Checks a tool call's arguments against the tool's parameters before the tool runs, so that
 * a tool only ever sees the shape it declared. It covers the part of JSON Schema our own tool
 * definitions use: "type" (object, string, number, integer, boolean, array), "properties",
 * "required", "additionalProperties": false, "enum", "minimum", "maximum", "maxLength" and
 * "items". Anything else in a schema is ignored.
 */

static gboolean validate (JsonObject  *schema,
                          JsonNode    *instance,
                          const char  *path,
                          GError     **error);

static gboolean
invalid (GError     **error,
         const char  *path,
         const char  *message)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               /* Translators: %s is a place in the arguments such as "arguments.value", then
                * what is wrong with it.
                */
               _("%s: %s"), path, message);
  return FALSE;
}

static gboolean
has_type (JsonNode   *instance,
          const char *type)
{
  JsonNodeType node_type = json_node_get_node_type (instance);
  GType value_type = node_type == JSON_NODE_VALUE ? json_node_get_value_type (instance)
                                                  : G_TYPE_INVALID;

  if (g_strcmp0 (type, "object") == 0)
    return node_type == JSON_NODE_OBJECT;
  if (g_strcmp0 (type, "array") == 0)
    return node_type == JSON_NODE_ARRAY;
  if (g_strcmp0 (type, "string") == 0)
    return value_type == G_TYPE_STRING;
  if (g_strcmp0 (type, "boolean") == 0)
    return value_type == G_TYPE_BOOLEAN;
  if (g_strcmp0 (type, "integer") == 0)
    return value_type == G_TYPE_INT64;
  if (g_strcmp0 (type, "number") == 0)
    return value_type == G_TYPE_INT64 || value_type == G_TYPE_DOUBLE;
  if (g_strcmp0 (type, "null") == 0)
    return node_type == JSON_NODE_NULL;

  return FALSE;
}

static gboolean
validate_object (JsonObject  *schema,
                 JsonObject  *object,
                 const char  *path,
                 GError     **error)
{
  JsonObject *properties = NULL;
  JsonNode *additional;
  g_autoptr(GList) members = NULL;

  if (json_object_has_member (schema, "properties"))
    properties = json_object_get_object_member (schema, "properties");

  if (json_object_has_member (schema, "required"))
    {
      JsonArray *required = json_object_get_array_member (schema, "required");

      for (guint i = 0; required != NULL && i < json_array_get_length (required); i++)
        {
          const char *name = json_array_get_string_element (required, i);

          if (name != NULL && !json_object_has_member (object, name))
            {
              g_autofree char *message = g_strdup_printf (_("“%s” is missing"), name);
              return invalid (error, path, message);
            }
        }
    }

  additional = json_object_get_member (schema, "additionalProperties");
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      g_autofree char *member_path = g_strdup_printf ("%s.%s", path, name);

      if (properties != NULL && json_object_has_member (properties, name))
        {
          JsonNode *property = json_object_get_member (properties, name);

          if (JSON_NODE_HOLDS_OBJECT (property)
              && !validate (json_node_get_object (property),
                            json_object_get_member (object, name), member_path, error))
            return FALSE;
        }
      else if (additional != NULL && JSON_NODE_HOLDS_VALUE (additional)
               && !json_node_get_boolean (additional))
        {
          g_autofree char *message = g_strdup_printf (_("“%s” is not a known argument"), name);
          return invalid (error, path, message);
        }
    }

  return TRUE;
}

static gboolean
validate_enum (JsonArray   *choices,
               JsonNode    *instance,
               const char  *path,
               GError     **error)
{
  for (guint i = 0; i < json_array_get_length (choices); i++)
    if (json_node_equal (json_array_get_element (choices, i), instance))
      return TRUE;

  return invalid (error, path, _("not one of the allowed values"));
}

static gboolean
validate (JsonObject  *schema,
          JsonNode    *instance,
          const char  *path,
          GError     **error)
{
  const char *type = NULL;

  if (json_object_has_member (schema, "type"))
    type = json_object_get_string_member (schema, "type");
  if (type != NULL && !has_type (instance, type))
    {
      g_autofree char *message = g_strdup_printf (_("expected a value of type %s"), type);
      return invalid (error, path, message);
    }

  if (json_object_has_member (schema, "enum")
      && !validate_enum (json_object_get_array_member (schema, "enum"), instance, path, error))
    return FALSE;

  if (JSON_NODE_HOLDS_OBJECT (instance))
    return validate_object (schema, json_node_get_object (instance), path, error);

  if (JSON_NODE_HOLDS_ARRAY (instance) && json_object_has_member (schema, "items"))
    {
      JsonArray *array = json_node_get_array (instance);
      JsonObject *items = json_object_get_object_member (schema, "items");

      for (guint i = 0; items != NULL && i < json_array_get_length (array); i++)
        {
          g_autofree char *item_path = g_strdup_printf ("%s[%u]", path, i);

          if (!validate (items, json_array_get_element (array, i), item_path, error))
            return FALSE;
        }
    }

  if (has_type (instance, "number"))
    {
      double value = json_node_get_double (instance);

      if (json_object_has_member (schema, "minimum")
          && value < json_object_get_double_member (schema, "minimum"))
        return invalid (error, path, _("the value is too small"));
      if (json_object_has_member (schema, "maximum")
          && value > json_object_get_double_member (schema, "maximum"))
        return invalid (error, path, _("the value is too large"));
    }

  if (has_type (instance, "string") && json_object_has_member (schema, "maxLength")
      && g_utf8_strlen (json_node_get_string (instance), -1)
         > json_object_get_int_member (schema, "maxLength"))
    return invalid (error, path, _("the text is too long"));

  return TRUE;
}

/**
 * brisk_json_schema_validate:
 * @schema: a JSON Schema object
 * @instance: the value to check
 *
 * Returns: %FALSE, with @error naming the first offending place, when @instance does not
 *   match @schema
 */
gboolean
brisk_json_schema_validate (JsonNode  *schema,
                            JsonNode  *instance,
                            GError   **error)
{
  g_return_val_if_fail (schema != NULL && JSON_NODE_HOLDS_OBJECT (schema), FALSE);
  g_return_val_if_fail (instance != NULL, FALSE);

  return validate (json_node_get_object (schema), instance, "arguments", error);
}
