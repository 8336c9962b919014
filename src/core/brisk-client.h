/* brisk-client.h
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "brisk-chat-stream.h"
#include "brisk-model.h"
#include "brisk-rate-limits.h"

G_BEGIN_DECLS

#define BRISK_GROQ_BASE_URL "https://api.groq.com/openai/v1"

#define BRISK_TYPE_CLIENT (brisk_client_get_type())

G_DECLARE_FINAL_TYPE (BriskClient, brisk_client, BRISK, CLIENT, GObject)

char                  *brisk_client_default_models_cache_path (const char *base_url);
BriskClient           *brisk_client_new                  (const char           *base_url,
                                                          SoupSession          *session);
const char            *brisk_client_get_base_url         (BriskClient          *self);
void                   brisk_client_set_api_key          (BriskClient          *self,
                                                          const char           *api_key);
gboolean               brisk_client_has_api_key          (BriskClient          *self);
void                   brisk_client_set_tls_database     (BriskClient          *self,
                                                          GTlsDatabase         *database);
const BriskRateLimits *brisk_client_get_rate_limits      (BriskClient          *self);
void                   brisk_client_stream_chat_async    (BriskClient          *self,
                                                          BriskChatStream      *stream,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
gboolean               brisk_client_stream_chat_finish   (BriskClient          *self,
                                                          GAsyncResult         *result,
                                                          GError              **error);
void                   brisk_client_list_models_async    (BriskClient          *self,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
GPtrArray             *brisk_client_list_models_finish   (BriskClient          *self,
                                                          GAsyncResult         *result,
                                                          gboolean             *from_cache,
                                                          GError              **error);
gboolean               brisk_check_base_url              (const char           *base_url,
                                                          gboolean              sends_key,
                                                          GError              **error);

G_END_DECLS
