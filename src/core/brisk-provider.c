/* brisk-provider.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "brisk-provider"

#include "config.h"

#include "brisk-provider.h"

/* An OpenAI-compatible server Brisk talks to: Groq, built in, or one the user added. Its API
 * key, if it needs one, is in the keyring (BriskKeyStore), never here.
 */

struct _BriskProvider
{
  GObject parent_instance;

  char *id;
  char *name;
  char *base_url;
  gboolean builtin;
  gboolean url_from_environment;
};

G_DEFINE_FINAL_TYPE (BriskProvider, brisk_provider, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_BASE_URL,
  PROP_BUILTIN,
  PROP_URL_FROM_ENVIRONMENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
brisk_provider_finalize (GObject *object)
{
  BriskProvider *self = (BriskProvider *)object;

  g_free (self->id);
  g_free (self->name);
  g_free (self->base_url);

  G_OBJECT_CLASS (brisk_provider_parent_class)->finalize (object);
}

static void
brisk_provider_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  BriskProvider *self = BRISK_PROVIDER (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;
    case PROP_BUILTIN:
      g_value_set_boolean (value, self->builtin);
      break;
    case PROP_URL_FROM_ENVIRONMENT:
      g_value_set_boolean (value, self->url_from_environment);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
brisk_provider_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  BriskProvider *self = BRISK_PROVIDER (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_free (self->id);
      self->id = g_value_dup_string (value);
      break;
    case PROP_NAME:
      brisk_provider_set_name (self, g_value_get_string (value));
      break;
    case PROP_BASE_URL:
      brisk_provider_set_base_url (self, g_value_get_string (value));
      break;
    case PROP_BUILTIN:
      self->builtin = g_value_get_boolean (value);
      break;
    case PROP_URL_FROM_ENVIRONMENT:
      self->url_from_environment = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
brisk_provider_class_init (BriskProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = brisk_provider_finalize;
  object_class->get_property = brisk_provider_get_property;
  object_class->set_property = brisk_provider_set_property;

  /**
   * BriskProvider:id:
   *
   * A stable id; also the keyring item's "provider" attribute.
   */
  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /**
   * BriskProvider:base-url:
   *
   * The API's base URL, such as https://api.groq.com/openai/v1.
   */
  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /**
   * BriskProvider:builtin:
   *
   * Whether this is Groq, which cannot be removed.
   */
  properties[PROP_BUILTIN] =
    g_param_spec_boolean ("builtin", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  /**
   * BriskProvider:url-from-environment:
   *
   * Whether BRISK_BASE_URL replaced the base URL, so the UI can say so.
   */
  properties[PROP_URL_FROM_ENVIRONMENT] =
    g_param_spec_boolean ("url-from-environment", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
brisk_provider_init (BriskProvider *self)
{
}

const char *
brisk_provider_get_id (BriskProvider *self)
{
  g_return_val_if_fail (BRISK_IS_PROVIDER (self), NULL);

  return self->id;
}

const char *
brisk_provider_get_name (BriskProvider *self)
{
  g_return_val_if_fail (BRISK_IS_PROVIDER (self), NULL);

  return self->name;
}

void
brisk_provider_set_name (BriskProvider *self,
                         const char *name)
{
  g_return_if_fail (BRISK_IS_PROVIDER (self));

  if (g_strcmp0 (self->name, name) == 0)
    return;

  g_free (self->name);
  self->name = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

const char *
brisk_provider_get_base_url (BriskProvider *self)
{
  g_return_val_if_fail (BRISK_IS_PROVIDER (self), NULL);

  return self->base_url;
}

void
brisk_provider_set_base_url (BriskProvider *self,
                             const char *base_url)
{
  g_return_if_fail (BRISK_IS_PROVIDER (self));

  if (g_strcmp0 (self->base_url, base_url) == 0)
    return;

  g_free (self->base_url);
  self->base_url = g_strdup (base_url);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BASE_URL]);
}

gboolean
brisk_provider_get_builtin (BriskProvider *self)
{
  g_return_val_if_fail (BRISK_IS_PROVIDER (self), FALSE);

  return self->builtin;
}

gboolean
brisk_provider_get_url_from_environment (BriskProvider *self)
{
  g_return_val_if_fail (BRISK_IS_PROVIDER (self), FALSE);

  return self->url_from_environment;
}

