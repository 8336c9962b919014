/* brisk-markdown-view-private.h
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "brisk-markdown-view.h"

G_BEGIN_DECLS

GtkTextView *_brisk_markdown_view_get_text_view       (BriskMarkdownView *self);
const char  *_brisk_markdown_view_get_uri_at_offset   (BriskMarkdownView *self,
                                                        GtkTextView       *segment,
                                                        int                offset);
gsize        _brisk_markdown_view_get_rendered_length (BriskMarkdownView *self);

G_END_DECLS
