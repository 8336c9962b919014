/* brisk-key-store.h
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsecret/secret.h>

G_BEGIN_DECLS

#define BRISK_KEY_STORE_ERROR (brisk_key_store_error_quark ())

/**
 * BriskKeyStoreError:
 * @BRISK_KEY_STORE_ERROR_NO_KEYRING: the system keyring cannot be used (no Secret Service,
 *   locked and the unlock prompt refused, no portal); keys are kept for this session only
 */
typedef enum
{
  BRISK_KEY_STORE_ERROR_NO_KEYRING,
} BriskKeyStoreError;

/**
 * BriskKeySource:
 * @BRISK_KEY_SOURCE_NONE: there is no key
 * @BRISK_KEY_SOURCE_KEYRING: the key is in the system keyring
 * @BRISK_KEY_SOURCE_ENVIRONMENT: `GROQ_API_KEY` is set and wins over the keyring
 * @BRISK_KEY_SOURCE_SESSION: the keyring is unavailable; the key lives in memory until quit
 */
typedef enum
{
  BRISK_KEY_SOURCE_NONE,
  BRISK_KEY_SOURCE_KEYRING,
  BRISK_KEY_SOURCE_ENVIRONMENT,
  BRISK_KEY_SOURCE_SESSION,
} BriskKeySource;

#define BRISK_GROQ_PROVIDER_ID "groq"

#define BRISK_TYPE_KEY_STORE (brisk_key_store_get_type())

G_DECLARE_FINAL_TYPE (BriskKeyStore, brisk_key_store, BRISK, KEY_STORE, GObject)

GQuark              brisk_key_store_error_quark      (void);
const SecretSchema *brisk_key_store_get_schema       (void);
BriskKeyStore      *brisk_key_store_new              (void);
gboolean            brisk_key_store_get_session_only (BriskKeyStore        *self);
void                brisk_key_store_lookup_async     (BriskKeyStore        *self,
                                                      const char           *provider_id,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
char               *brisk_key_store_lookup_finish    (BriskKeyStore        *self,
                                                      GAsyncResult         *result,
                                                      BriskKeySource       *source,
                                                      GError              **error);
void                brisk_key_store_store_async      (BriskKeyStore        *self,
                                                      const char           *provider_id,
                                                      const char           *provider_name,
                                                      const char           *key,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
gboolean            brisk_key_store_store_finish     (BriskKeyStore        *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);
void                brisk_key_store_delete_async     (BriskKeyStore        *self,
                                                      const char           *provider_id,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
gboolean            brisk_key_store_delete_finish    (BriskKeyStore        *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);
void                brisk_key_free                   (char                 *key);

G_END_DECLS
