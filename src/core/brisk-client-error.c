/* brisk-client-error.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "brisk-client-error"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "brisk-client-error.h"

G_DEFINE_QUARK (brisk-client-error-quark, brisk_client_error)

typedef struct
{
  char *message;
  char *type;
  char *code;
  char *failed_generation;
} ErrorBody;

static void
error_body_clear (ErrorBody *body)
{
  g_clear_pointer (&body->message, g_free);
  g_clear_pointer (&body->type, g_free);
  g_clear_pointer (&body->code, g_free);
  g_clear_pointer (&body->failed_generation, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ErrorBody, error_body_clear)

static char *
dup_member_string (JsonObject *object,
                   const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return g_strdup (json_node_get_string (node));
}

/* Reads OpenAI's error body, {"error": {"message", "type", "code"}}; servers that send a bare
 * string, or an object without the wrapper, are read too.
 */
static void
parse_error_body (const char *text,
                  gsize       len,
                  ErrorBody  *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonObject *object;
  JsonNode *error_node;

  if (text == NULL || len == 0 || !json_parser_load_from_data (parser, text, len, NULL))
    return;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return;

  object = json_node_get_object (root);
  error_node = json_object_get_member (object, "error");
  if (error_node != NULL && JSON_NODE_HOLDS_VALUE (error_node) &&
      json_node_get_value_type (error_node) == G_TYPE_STRING)
    {
      body->message = g_strdup (json_node_get_string (error_node));
      return;
    }
  if (error_node != NULL && JSON_NODE_HOLDS_OBJECT (error_node))
    object = json_node_get_object (error_node);

  body->message = dup_member_string (object, "message");
  body->type = dup_member_string (object, "type");
  body->code = dup_member_string (object, "code");
  body->failed_generation = dup_member_string (object, "failed_generation");
}

static gboolean
is (const char *value,
    const char *expected)
{
  return g_strcmp0 (value, expected) == 0;
}

/**
 * brisk_client_error_new_from_response:
 * @status: the HTTP status
 * @body: (nullable): the response body
 * @body_len: its length
 * @limits: (nullable): what the rate-limit headers said
 * @failed_generation: (out) (optional) (nullable): what the model produced when Groq refused
 *   it (`tool_use_failed`, `json_validate_failed`)
 *
 * Maps a failed HTTP response to the kind of error a user can act on, keeping the server's own
 * message when it sent one.
 *
 * Returns: (transfer full): the error
 */
GError *
brisk_client_error_new_from_response (guint                  status,
                                      const char            *body,
                                      gsize                  body_len,
                                      const BriskRateLimits *limits,
                                      char                 **failed_generation)
{
  g_auto(ErrorBody) parsed = { NULL, NULL, NULL, NULL };
  BriskClientError kind;
  const char *fallback;

  parse_error_body (body, body_len, &parsed);
  if (failed_generation != NULL)
    *failed_generation = g_steal_pointer (&parsed.failed_generation);

  switch (status)
    {
    case 401:
      kind = BRISK_CLIENT_ERROR_INVALID_KEY;
      fallback = "The API key was not accepted";
      break;
    case 403:
      kind = BRISK_CLIENT_ERROR_FORBIDDEN;
      fallback = "This API key may not do that";
      break;
    case 404:
      if (is (parsed.code, "model_not_found") || parsed.message != NULL)
        {
          kind = BRISK_CLIENT_ERROR_MODEL_NOT_FOUND;
          fallback = "The model does not exist or this key has no access to it";
        }
      else
        {
          kind = BRISK_CLIENT_ERROR_BAD_REQUEST;
          fallback = "The server has no such endpoint; check the provider's base URL";
        }
      break;
    case 413:
      kind = BRISK_CLIENT_ERROR_REQUEST_TOO_LARGE;
      fallback = "The conversation is too long for this model";
      break;
    case 429:
      kind = BRISK_CLIENT_ERROR_RATE_LIMITED;
      fallback = "Rate limit reached";
      break;
    case 498:
      kind = BRISK_CLIENT_ERROR_CAPACITY;
      fallback = "The service is over capacity";
      break;
    case 400:
    case 422:
    case 424:
      if (is (parsed.code, "model_decommissioned"))
        {
          kind = BRISK_CLIENT_ERROR_MODEL_DECOMMISSIONED;
          fallback = "The model has been retired";
        }
      else if (is (parsed.code, "context_length_exceeded"))
        {
          kind = BRISK_CLIENT_ERROR_REQUEST_TOO_LARGE;
          fallback = "The conversation is too long for this model";
        }
      else
        {
          kind = BRISK_CLIENT_ERROR_BAD_REQUEST;
          fallback = "The server refused the request";
        }
      break;
    default:
      if (status >= 500 && status <= 599)
        {
          kind = BRISK_CLIENT_ERROR_SERVER;
          fallback = "The server had a problem";
        }
      else
        {
          kind = BRISK_CLIENT_ERROR_PROTOCOL;
          fallback = "The server gave an unexpected answer";
        }
      break;
    }

  if (kind == BRISK_CLIENT_ERROR_RATE_LIMITED && parsed.message == NULL &&
      limits != NULL && limits->retry_after >= 0)
    return g_error_new (BRISK_CLIENT_ERROR, kind, "%s; try again in %.0f s",
                        fallback, MAX (1, limits->retry_after));

  if (parsed.message != NULL && *parsed.message != '\0')
    return g_error_new_literal (BRISK_CLIENT_ERROR, kind, parsed.message);

  return g_error_new (BRISK_CLIENT_ERROR, kind, "%s (HTTP %u)", fallback, status);
}

/**
 * brisk_client_error_new_from_transport:
 * @error: an error from GIO or libsoup
 *
 * Returns: (transfer full): the error as a #BriskClientError, or a copy of @error when it is
 *   %G_IO_ERROR_CANCELLED or already one of ours
 */
GError *
brisk_client_error_new_from_transport (const GError *error)
{
  BriskClientError kind = BRISK_CLIENT_ERROR_NETWORK;

  if (error->domain == BRISK_CLIENT_ERROR ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);

  if (error->domain == G_TLS_ERROR)
    kind = BRISK_CLIENT_ERROR_TLS;
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    kind = BRISK_CLIENT_ERROR_TIMEOUT;
  else if (error->domain == SOUP_SESSION_ERROR)
    kind = BRISK_CLIENT_ERROR_PROTOCOL;

  return g_error_new_literal (BRISK_CLIENT_ERROR, kind, error->message);
}

/**
 * brisk_client_error_is_retryable:
 * @error: a #BriskClientError
 * @status: the HTTP status it came from, or 0
 *
 * Returns: whether sending the same request again may succeed: timeouts, conflicts, rate
 *   limits, capacity and server errors, and connections that failed
 */
gboolean
brisk_client_error_is_retryable (const GError *error,
                                 guint         status)
{
  if (status == 408 || status == 409)
    return TRUE;

  if (error->domain != BRISK_CLIENT_ERROR)
    return FALSE;

  switch ((BriskClientError)error->code)
    {
    case BRISK_CLIENT_ERROR_RATE_LIMITED:
    case BRISK_CLIENT_ERROR_CAPACITY:
    case BRISK_CLIENT_ERROR_SERVER:
    case BRISK_CLIENT_ERROR_NETWORK:
      return TRUE;
    case BRISK_CLIENT_ERROR_INVALID_KEY:
    case BRISK_CLIENT_ERROR_FORBIDDEN:
    case BRISK_CLIENT_ERROR_MODEL_NOT_FOUND:
    case BRISK_CLIENT_ERROR_MODEL_DECOMMISSIONED:
    case BRISK_CLIENT_ERROR_REQUEST_TOO_LARGE:
    case BRISK_CLIENT_ERROR_BAD_REQUEST:
    case BRISK_CLIENT_ERROR_TLS:
    case BRISK_CLIENT_ERROR_TIMEOUT:
    case BRISK_CLIENT_ERROR_PROTOCOL:
    case BRISK_CLIENT_ERROR_STREAM:
    case BRISK_CLIENT_ERROR_INSECURE:
    default:
      return FALSE;
    }
}

/**
 * brisk_client_error_describe_key_check:
 * @error: why listing a provider's models failed
 * @provider_name: the provider, as the user knows it
 *
 * Tells a refused key, an unreachable server and a server in trouble apart in words a user
 * can act on; the first run and Preferences check keys the same way and say the same thing.
 *
 * Returns: (transfer full): a translated sentence
 */
char *
brisk_client_error_describe_key_check (const GError *error,
                                       const char   *provider_name)
{
  g_return_val_if_fail (error != NULL, NULL);
  g_return_val_if_fail (provider_name != NULL, NULL);

  if (error->domain != BRISK_CLIENT_ERROR)
    return g_strdup (error->message);

  switch ((BriskClientError)error->code)
    {
    case BRISK_CLIENT_ERROR_INVALID_KEY:
    case BRISK_CLIENT_ERROR_FORBIDDEN:
      /* Translators: %s is a provider's name, such as Groq. */
      return g_strdup_printf (_("%s did not accept this key. Check that it was copied whole, "
                                "or make a new one."), provider_name);
    case BRISK_CLIENT_ERROR_NETWORK:
    case BRISK_CLIENT_ERROR_TIMEOUT:
    case BRISK_CLIENT_ERROR_TLS:
      /* Translators: %s is a provider's name, such as Groq. */
      return g_strdup_printf (_("Brisk could not reach %s. Check your network connection and "
                                "try again."), provider_name);
    case BRISK_CLIENT_ERROR_SERVER:
    case BRISK_CLIENT_ERROR_CAPACITY:
    case BRISK_CLIENT_ERROR_RATE_LIMITED:
      /* Translators: %s is a provider's name, such as Groq. */
      return g_strdup_printf (_("%s is having trouble right now. Try again in a moment."),
                              provider_name);
    case BRISK_CLIENT_ERROR_MODEL_NOT_FOUND:
    case BRISK_CLIENT_ERROR_MODEL_DECOMMISSIONED:
    case BRISK_CLIENT_ERROR_REQUEST_TOO_LARGE:
    case BRISK_CLIENT_ERROR_BAD_REQUEST:
    case BRISK_CLIENT_ERROR_PROTOCOL:
    case BRISK_CLIENT_ERROR_STREAM:
    case BRISK_CLIENT_ERROR_INSECURE:
    default:
      return g_strdup (error->message);
    }
}
