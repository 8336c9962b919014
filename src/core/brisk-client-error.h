/* brisk-client-error.h
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "brisk-rate-limits.h"

G_BEGIN_DECLS

#define BRISK_CLIENT_ERROR (brisk_client_error_quark ())

/**
 * BriskClientError:
 * @BRISK_CLIENT_ERROR_INVALID_KEY: the API key was refused (401)
 * @BRISK_CLIENT_ERROR_FORBIDDEN: the key may not do this (403)
 * @BRISK_CLIENT_ERROR_MODEL_NOT_FOUND: no such model, or no access to it (404)
 * @BRISK_CLIENT_ERROR_MODEL_DECOMMISSIONED: the model was retired
 * @BRISK_CLIENT_ERROR_REQUEST_TOO_LARGE: the conversation is too long for the model (413)
 * @BRISK_CLIENT_ERROR_RATE_LIMITED: a rate limit was reached (429)
 * @BRISK_CLIENT_ERROR_CAPACITY: the service is over capacity (498)
 * @BRISK_CLIENT_ERROR_BAD_REQUEST: the server refused the request (400, 422 and others)
 * @BRISK_CLIENT_ERROR_SERVER: the server failed (5xx)
 * @BRISK_CLIENT_ERROR_NETWORK: the server could not be reached, or the connection dropped
 * @BRISK_CLIENT_ERROR_TLS: the secure connection could not be trusted or set up
 * @BRISK_CLIENT_ERROR_TIMEOUT: nothing arrived for too long
 * @BRISK_CLIENT_ERROR_PROTOCOL: the server's reply made no sense
 * @BRISK_CLIENT_ERROR_STREAM: the server reported an error in the middle of a reply
 * @BRISK_CLIENT_ERROR_INSECURE: the key would have been sent in the clear to another host
 *
 * Cancellation is reported as %G_IO_ERROR_CANCELLED and is never shown to the user.
 */
typedef enum
{
  BRISK_CLIENT_ERROR_INVALID_KEY,
  BRISK_CLIENT_ERROR_FORBIDDEN,
  BRISK_CLIENT_ERROR_MODEL_NOT_FOUND,
  BRISK_CLIENT_ERROR_MODEL_DECOMMISSIONED,
  BRISK_CLIENT_ERROR_REQUEST_TOO_LARGE,
  BRISK_CLIENT_ERROR_RATE_LIMITED,
  BRISK_CLIENT_ERROR_CAPACITY,
  BRISK_CLIENT_ERROR_BAD_REQUEST,
  BRISK_CLIENT_ERROR_SERVER,
  BRISK_CLIENT_ERROR_NETWORK,
  BRISK_CLIENT_ERROR_TLS,
  BRISK_CLIENT_ERROR_TIMEOUT,
  BRISK_CLIENT_ERROR_PROTOCOL,
  BRISK_CLIENT_ERROR_STREAM,
  BRISK_CLIENT_ERROR_INSECURE,
} BriskClientError;

GQuark   brisk_client_error_quark                 (void);
GError  *brisk_client_error_new_from_response     (guint                  status,
                                                   const char            *body,
                                                   gsize                  body_len,
                                                   const BriskRateLimits *limits,
                                                   char                 **failed_generation);
GError  *brisk_client_error_new_from_transport    (const GError          *error);
gboolean brisk_client_error_is_retryable          (const GError          *error,
                                                   guint                  status);
char    *brisk_client_error_describe_key_check    (const GError          *error,
                                                   const char            *provider_name);

G_END_DECLS
