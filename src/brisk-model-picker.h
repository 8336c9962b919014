/* brisk-model-picker.h
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "brisk-client.h"
#include "brisk-model.h"
#include "brisk-types.h"

G_BEGIN_DECLS

#define BRISK_TYPE_MODEL_PICKER (brisk_model_picker_get_type())

G_DECLARE_FINAL_TYPE (BriskModelPicker, brisk_model_picker, BRISK, MODEL_PICKER, GtkWidget)

GtkWidget  *brisk_model_picker_new             (void);
const char *brisk_model_picker_get_model       (BriskModelPicker *self);
void        brisk_model_picker_set_model       (BriskModelPicker *self,
                                                const char       *model);
void        brisk_model_picker_set_client      (BriskModelPicker *self,
                                                BriskClient      *client);
void        brisk_model_picker_refresh         (BriskModelPicker *self);
void        brisk_model_picker_popup           (BriskModelPicker *self);
BriskModel *brisk_model_picker_lookup          (BriskModelPicker *self,
                                                const char       *id);
gboolean    brisk_model_picker_get_loaded      (BriskModelPicker *self);
const char *brisk_model_picker_get_error       (BriskModelPicker *self);
BriskClient *brisk_model_picker_get_client     (BriskModelPicker *self);
gboolean    brisk_model_picker_get_missing     (BriskModelPicker *self);
const char *brisk_model_picker_get_replacement (BriskModelPicker *self);
const char *brisk_model_picker_get_best        (BriskModelPicker *self);
const char *brisk_model_picker_get_small       (BriskModelPicker *self);

G_END_DECLS
