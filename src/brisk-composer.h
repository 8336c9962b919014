/* brisk-composer.h
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "brisk-types.h"

G_BEGIN_DECLS

#define BRISK_TYPE_COMPOSER (brisk_composer_get_type())

G_DECLARE_FINAL_TYPE (BriskComposer, brisk_composer, BRISK, COMPOSER, GtkWidget)

GtkWidget *brisk_composer_new             (void);
char      *brisk_composer_get_text        (BriskComposer *self);
void       brisk_composer_set_text        (BriskComposer *self,
                                           const char    *text);
gboolean   brisk_composer_get_busy        (BriskComposer *self);
void       brisk_composer_set_busy        (BriskComposer *self,
                                           gboolean       busy);
void       brisk_composer_set_context     (BriskComposer *self,
                                           gint64         context_window,
                                           gint64         context_used);
gint64     brisk_composer_estimate_tokens (gint64         n_chars);

G_END_DECLS
