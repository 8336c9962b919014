/* brisk-markdown-view.h
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "brisk-types.h"

G_BEGIN_DECLS

#define BRISK_TYPE_MARKDOWN_VIEW (brisk_markdown_view_get_type())

G_DECLARE_FINAL_TYPE (BriskMarkdownView, brisk_markdown_view, BRISK, MARKDOWN_VIEW, GtkWidget)

GtkWidget  *brisk_markdown_view_new             (void);
void        brisk_markdown_view_set_text        (BriskMarkdownView *self,
                                                 const char        *text);
void        brisk_markdown_view_set_text_in_background
                                                (BriskMarkdownView *self,
                                                 const char        *text);
void        brisk_markdown_view_render_soon     (BriskMarkdownView *self);
void        brisk_markdown_view_release         (BriskMarkdownView *self);
void        brisk_markdown_view_append          (BriskMarkdownView *self,
                                                 const char        *text);
void        brisk_markdown_view_flush           (BriskMarkdownView *self);
const char *brisk_markdown_view_get_text        (BriskMarkdownView *self);
gboolean    brisk_markdown_view_is_openable_uri (const char        *uri);

G_END_DECLS
