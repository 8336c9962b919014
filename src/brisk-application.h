/* brisk-application.h
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "brisk-client.h"
#include "brisk-drafts.h"
#include "brisk-global-shortcut.h"
#include "brisk-key-store.h"
#include "brisk-provider-list.h"
#include "brisk-store.h"
#include "brisk-types.h"

G_BEGIN_DECLS

#define BRISK_TYPE_APPLICATION (brisk_application_get_type())

G_DECLARE_FINAL_TYPE (BriskApplication, brisk_application, BRISK, APPLICATION, AdwApplication)

BriskApplication *brisk_application_new          (const char        *application_id,
                                                  GApplicationFlags  flags);
GSettings        *brisk_application_get_settings  (BriskApplication  *self);
BriskKeyStore    *brisk_application_get_key_store (BriskApplication  *self);
BriskProviderList *brisk_application_get_providers (BriskApplication  *self);
BriskClient      *brisk_application_get_client    (BriskApplication  *self,
                                                  const char        *provider_id);
void              brisk_application_ensure_key_async  (BriskApplication    *self,
                                                      BriskClient         *client,
                                                      const char          *provider_id,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean          brisk_application_ensure_key_finish (BriskApplication    *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);
void              brisk_application_forget_client (BriskApplication  *self,
                                                  const char        *provider_id);
BriskDrafts      *brisk_application_get_drafts    (BriskApplication  *self);
BriskStore       *brisk_application_get_store     (BriskApplication  *self,
                                                  const GError     **error);
BriskWindow      *brisk_application_get_main_window (BriskApplication *self);
BriskGlobalShortcut *brisk_application_get_quick_ask_shortcut (BriskApplication *self);
void              brisk_application_quick_ask     (BriskApplication  *self,
                                                  const char        *question);

G_END_DECLS
