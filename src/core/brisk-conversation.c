/* brisk-conversation.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "brisk-conversation"

#include "config.h"

#include "brisk-conversation.h"

/* One conversation as the store keeps it. BriskStore creates these and writes back the
 * changes made through the setters (brisk_store_save_conversation()); the UI binds to the
 * properties.
 */

struct _BriskConversation
{
  GObject parent_instance;

  gint64 id;
  char *uuid;
  char *title;
  gboolean title_is_custom;
  gint64 created;
  gint64 updated;
  gboolean pinned;
  gboolean archived;
  char *provider;
  char *model;
  char *system_prompt;
  char *parameters;
};

G_DEFINE_FINAL_TYPE (BriskConversation, brisk_conversation, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_UUID,
  PROP_TITLE,
  PROP_TITLE_IS_CUSTOM,
  PROP_CREATED,
  PROP_UPDATED,
  PROP_PINNED,
  PROP_ARCHIVED,
  PROP_PROVIDER,
  PROP_MODEL,
  PROP_SYSTEM_PROMPT,
  PROP_PARAMETERS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
brisk_conversation_finalize (GObject *object)
{
  BriskConversation *self = (BriskConversation *)object;

  g_free (self->uuid);
  g_free (self->title);
  g_free (self->provider);
  g_free (self->model);
  g_free (self->system_prompt);
  g_free (self->parameters);

  G_OBJECT_CLASS (brisk_conversation_parent_class)->finalize (object);
}

static void
brisk_conversation_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  BriskConversation *self = BRISK_CONVERSATION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_UUID:
      g_value_set_string (value, self->uuid);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_TITLE_IS_CUSTOM:
      g_value_set_boolean (value, self->title_is_custom);
      break;
    case PROP_CREATED:
      g_value_set_int64 (value, self->created);
      break;
    case PROP_UPDATED:
      g_value_set_int64 (value, self->updated);
      break;
    case PROP_PINNED:
      g_value_set_boolean (value, self->pinned);
      break;
    case PROP_ARCHIVED:
      g_value_set_boolean (value, self->archived);
      break;
    case PROP_PROVIDER:
      g_value_set_string (value, self->provider);
      break;
    case PROP_MODEL:
      g_value_set_string (value, self->model);
      break;
    case PROP_SYSTEM_PROMPT:
      g_value_set_string (value, self->system_prompt);
      break;
    case PROP_PARAMETERS:
      g_value_set_string (value, self->parameters);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
brisk_conversation_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  BriskConversation *self = BRISK_CONVERSATION (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_get_int64 (value);
      break;
    case PROP_UUID:
      g_free (self->uuid);
      self->uuid = g_value_dup_string (value);
      break;
    case PROP_TITLE:
      brisk_conversation_set_title (self, g_value_get_string (value));
      break;
    case PROP_TITLE_IS_CUSTOM:
      brisk_conversation_set_title_is_custom (self, g_value_get_boolean (value));
      break;
    case PROP_CREATED:
      self->created = g_value_get_int64 (value);
      break;
    case PROP_UPDATED:
      brisk_conversation_set_updated (self, g_value_get_int64 (value));
      break;
    case PROP_PINNED:
      brisk_conversation_set_pinned (self, g_value_get_boolean (value));
      break;
    case PROP_ARCHIVED:
      brisk_conversation_set_archived (self, g_value_get_boolean (value));
      break;
    case PROP_PROVIDER:
      brisk_conversation_set_provider (self, g_value_get_string (value));
      break;
    case PROP_MODEL:
      brisk_conversation_set_model (self, g_value_get_string (value));
      break;
    case PROP_SYSTEM_PROMPT:
      brisk_conversation_set_system_prompt (self, g_value_get_string (value));
      break;
    case PROP_PARAMETERS:
      brisk_conversation_set_parameters (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
brisk_conversation_class_init (BriskConversationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = brisk_conversation_finalize;
  object_class->get_property = brisk_conversation_get_property;
  object_class->set_property = brisk_conversation_set_property;

  /**
   * BriskConversation:id:
   *
   * The row id in the store.
   */
  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  /**
   * BriskConversation:uuid:
   *
   * A stable identity that survives export and import.
   */
  properties[PROP_UUID] =
    g_param_spec_string ("uuid", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /**
   * BriskConversation:title-is-custom:
   *
   * Whether the user chose the title, so an automatic title never replaces it.
   */
  properties[PROP_TITLE_IS_CUSTOM] =
    g_param_spec_boolean ("title-is-custom", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /**
   * BriskConversation:created:
   *
   * When it was created, in microseconds since the epoch.
   */
  properties[PROP_CREATED] =
    g_param_spec_int64 ("created", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  /**
   * BriskConversation:updated:
   *
   * When it last changed, in microseconds since the epoch.
   */
  properties[PROP_UPDATED] =
    g_param_spec_int64 ("updated", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_PINNED] =
    g_param_spec_boolean ("pinned", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_ARCHIVED] =
    g_param_spec_boolean ("archived", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_PROVIDER] =
    g_param_spec_string ("provider", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_MODEL] =
    g_param_spec_string ("model", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SYSTEM_PROMPT] =
    g_param_spec_string ("system-prompt", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /**
   * BriskConversation:parameters:
   *
   * The generation parameters (temperature and so on) as a JSON object.
   */
  properties[PROP_PARAMETERS] =
    g_param_spec_string ("parameters", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
brisk_conversation_init (BriskConversation *self)
{
}

gint64
brisk_conversation_get_id (BriskConversation *self)
{
  g_return_val_if_fail (BRISK_IS_CONVERSATION (self), 0);

  return self->id;
}

const char *
brisk_conversation_get_uuid (BriskConversation *self)
{
  g_return_val_if_fail (BRISK_IS_CONVERSATION (self), NULL);

  return self->uuid;
}

const char *
brisk_conversation_get_title (BriskConversation *self)
{
  g_return_val_if_fail (BRISK_IS_CONVERSATION (self), NULL);

  return self->title;
}

void
brisk_conversation_set_title (BriskConversation *self,
                              const char *title)
{
  g_return_if_fail (BRISK_IS_CONVERSATION (self));

  if (g_strcmp0 (self->title, title) == 0)
    return;

  g_free (self->title);
  self->title = g_strdup (title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

gboolean
brisk_conversation_get_title_is_custom (BriskConversation *self)
{
  g_return_val_if_fail (BRISK_IS_CONVERSATION (self), FALSE);

  return self->title_is_custom;
}

void
brisk_conversation_set_title_is_custom (BriskConversation *self,
                                        gboolean title_is_custom)
{
  g_return_if_fail (BRISK_IS_CONVERSATION (self));

  title_is_custom = !!title_is_custom;

  if (self->title_is_custom == title_is_custom)
    return;

  self->title_is_custom = title_is_custom;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE_IS_CUSTOM]);
}

gint64
brisk_conversation_get_created (BriskConversation *self)
{
  g_return_val_if_fail (BRISK_IS_CONVERSATION (self), 0);

  return self->created;
}

gint64
brisk_conversation_get_updated (BriskConversation *self)
{
  g_return_val_if_fail (BRISK_IS_CONVERSATION (self), 0);

  return self->updated;
}

void
brisk_conversation_set_updated (BriskConversation *self,
                                gint64 updated)
{
  g_return_if_fail (BRISK_IS_CONVERSATION (self));

  if (self->updated == updated)
    return;

  self->updated = updated;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPDATED]);
}

gboolean
brisk_conversation_get_pinned (BriskConversation *self)
{
  g_return_val_if_fail (BRISK_IS_CONVERSATION (self), FALSE);

  return self->pinned;
}

void
brisk_conversation_set_pinned (BriskConversation *self,
                               gboolean pinned)
{
  g_return_if_fail (BRISK_IS_CONVERSATION (self));

  pinned = !!pinned;

  if (self->pinned == pinned)
    return;

  self->pinned = pinned;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PINNED]);
}

gboolean
brisk_conversation_get_archived (BriskConversation *self)
{
  g_return_val_if_fail (BRISK_IS_CONVERSATION (self), FALSE);

  return self->archived;
}

void
brisk_conversation_set_archived (BriskConversation *self,
                                 gboolean archived)
{
  g_return_if_fail (BRISK_IS_CONVERSATION (self));

  archived = !!archived;

  if (self->archived == archived)
    return;

  self->archived = archived;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ARCHIVED]);
}

const char *
brisk_conversation_get_provider (BriskConversation *self)
{
  g_return_val_if_fail (BRISK_IS_CONVERSATION (self), NULL);

  return self->provider;
}

void
brisk_conversation_set_provider (BriskConversation *self,
                                 const char *provider)
{
  g_return_if_fail (BRISK_IS_CONVERSATION (self));

  if (g_strcmp0 (self->provider, provider) == 0)
    return;

  g_free (self->provider);
  self->provider = g_strdup (provider);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROVIDER]);
}

const char *
brisk_conversation_get_model (BriskConversation *self)
{
  g_return_val_if_fail (BRISK_IS_CONVERSATION (self), NULL);

  return self->model;
}

void
brisk_conversation_set_model (BriskConversation *self,
                              const char *model)
{
  g_return_if_fail (BRISK_IS_CONVERSATION (self));

  if (g_strcmp0 (self->model, model) == 0)
    return;

  g_free (self->model);
  self->model = g_strdup (model);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

const char *
brisk_conversation_get_system_prompt (BriskConversation *self)
{
  g_return_val_if_fail (BRISK_IS_CONVERSATION (self), NULL);

  return self->system_prompt;
}

void
brisk_conversation_set_system_prompt (BriskConversation *self,
                                      const char *system_prompt)
{
  g_return_if_fail (BRISK_IS_CONVERSATION (self));

  if (g_strcmp0 (self->system_prompt, system_prompt) == 0)
    return;

  g_free (self->system_prompt);
  self->system_prompt = g_strdup (system_prompt);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYSTEM_PROMPT]);
}

const char *
brisk_conversation_get_parameters (BriskConversation *self)
{
  g_return_val_if_fail (BRISK_IS_CONVERSATION (self), NULL);

  return self->parameters;
}

void
brisk_conversation_set_parameters (BriskConversation *self,
                                   const char *parameters)
{
  g_return_if_fail (BRISK_IS_CONVERSATION (self));

  if (g_strcmp0 (self->parameters, parameters) == 0)
    return;

  g_free (self->parameters);
  self->parameters = g_strdup (parameters);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PARAMETERS]);
}

