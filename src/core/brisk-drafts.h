/* brisk-drafts.h
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define BRISK_TYPE_DRAFTS (brisk_drafts_get_type())

G_DECLARE_FINAL_TYPE (BriskDrafts, brisk_drafts, BRISK, DRAFTS, GObject)

BriskDrafts *brisk_drafts_new              (const char   *path);
char        *brisk_drafts_get_default_path (void);
char        *brisk_drafts_get              (BriskDrafts  *self,
                                            gint64        conversation_id);
void         brisk_drafts_set              (BriskDrafts  *self,
                                            gint64        conversation_id,
                                            const char   *text);
gboolean     brisk_drafts_save             (BriskDrafts  *self,
                                            GError      **error);

G_END_DECLS
