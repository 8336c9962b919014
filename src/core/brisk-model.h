/* brisk-model.h
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define BRISK_TYPE_MODEL (brisk_model_get_type())

G_DECLARE_FINAL_TYPE (BriskModel, brisk_model, BRISK, MODEL, GObject)

BriskModel *brisk_model_new                       (const char  *id,
                                                   const char  *owned_by,
                                                   gint64       context_window,
                                                   gint64       max_completion_tokens);
const char *brisk_model_get_id                    (BriskModel  *self);
const char *brisk_model_get_owned_by              (BriskModel  *self);
gint64      brisk_model_get_context_window        (BriskModel  *self);
gint64      brisk_model_get_max_completion_tokens (BriskModel  *self);
GPtrArray  *brisk_models_parse                    (const char  *json,
                                                   gsize        len,
                                                   GError     **error);
GBytes     *brisk_models_serialize                (GPtrArray   *models);
const char *brisk_models_pick_default             (GPtrArray   *models);
const char *brisk_models_pick_small               (GPtrArray   *models);

G_END_DECLS
