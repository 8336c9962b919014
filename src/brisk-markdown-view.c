/* brisk-markdown-view.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "brisk-markdown-view"

#include "config.h"

#include <md4c.h>
#include <string.h>

#include "brisk-code-block.h"
#include "brisk-frame-budget.h"
#include "brisk-markdown-view-private.h"

/* The body of a message: markdown rendered into one read-only GtkTextView, so a selection can
 * span the whole message. Prose goes into the buffer with tags; code blocks, tables and rules
 * are widgets at child anchors. Model output is only ever inserted as text: nothing in it is
 * read as Pango markup, and raw HTML and entities show as written.
 *
 * A reply streams in at up to a thousand tokens a second, so rendering must cost the same per
 * token at the end of a long reply as at its start. The source is cut into chunks at places
 * where what comes later cannot change how what came before renders: before and after a fenced
 * code block at the margin, and at a blank line followed by a line that continues no list,
 * quote or indented block. Every chunk but the last is frozen: rendered once and never parsed
 * again. Only the last, open chunk is rendered again, at most once per frame; when it is a code
 * block, its new text is appended to the code block in place.
 *
 * GTK lays out and paints a text view whole whenever it changes, so one text view for a very
 * long reply would cost more per token the longer it grows. Once the text view at the end holds
 * SEGMENT_CHARS characters, the chunks after it go into a new one below it: only the last
 * segment changes as the reply grows, and the others keep what GTK rendered of them. An
 * ordinary reply stays in one segment, so a selection can span all of it.
 *
 * set_text() cuts the text at the same places, so streaming a text in any pieces renders
 * exactly what setting it at once does. The price is that markdown which reaches across a cut
 * (a link reference defined further down) stays within its chunk; models rarely write it.
 */

#define INDENT_PIXELS  24
#define MAX_INDENT     8
#define MARGIN_PIXELS  2

/* Frames after new text in which the height is asked again (see tick_cb()). */
#define SETTLE_FRAMES  3
#define GAP_PIXELS     10
#define SEGMENT_CHARS  8192

/* Time a view needs to let go of what it rendered, at most about (see let_go_cb()). */
#define LET_GO_US      8000

/* How text not rendered yet is guessed to lay out: roughly the size of the body font. */
#define GUESS_CHAR_PIXELS  8
#define GUESS_LINE_PIXELS  20

#define PARSER_FLAGS (MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_TASKLISTS | \
                      MD_FLAG_PERMISSIVEURLAUTOLINKS | MD_FLAG_NOHTML)

typedef struct
{
  int   start;
  int   end;
  char *uri;
} Link;

typedef struct
{
  GtkWidget          *widget;
  GtkTextChildAnchor *anchor;
  guint               segment;
  int                 indent;
} Block;

typedef struct
{
  GtkTextView *view;
  GArray      *links;  /* of Link, in buffer order */
  int          top;    /* where it is allocated in the view */
  int          height;
} Segment;

struct _BriskMarkdownView
{
  GtkWidget       parent_instance;

  /* Owned references */
  GString         *source;
  GArray          *segments;  /* of Segment, top to bottom */
  GArray          *blocks;    /* of Block, in buffer order */
  GtkTextTagTable *tags;

  /* Borrowed references: the last segment, where the text grows */
  GtkTextView     *view;
  GtkTextBuffer   *buffer;
  GArray          *links;
  BriskCodeBlock  *live_code;  /* the open chunk's code block, grown in place */

  /* What is rendered: source[0, rendered_len). Frozen chunks fill the segments before the last
   * and the last one's buffer up to frozen_chars; the open chunk, source[chunk_start,
   * rendered_len), follows them.
   */
  gsize           valid_len;
  gsize           rendered_len;
  gsize           scan_pos;
  gsize           chunk_start;
  int             frozen_chars;
  guint           n_frozen_links;
  guint           n_frozen_blocks;
  gsize           fence_len;
  int             released_width;  /* what it was last rendered at, once let go; or -1 */
  int             released_height;
  guint           tick_id;
  guint           settle_frames;
  int             width;
  char            fence_char;

  guint           in_fence : 1;
  guint           fence_at_margin : 1;
  guint           chunk_has_content : 1;
  guint           chunk_has_container : 1;
  guint           after_blank : 1;
  guint           width_changed : 1;
  guint           in_background : 1;  /* rendering within the frame budget */
  guint           waiting : 1;        /* in the background, until render_soon() */
  guint           letting_go : 1;     /* in the queue of views to let go (see release()) */
};

G_DEFINE_FINAL_TYPE (BriskMarkdownView, brisk_markdown_view, GTK_TYPE_WIDGET)

/* Views to let go of what they rendered, one at a time while the main loop has nothing else to
 * do (see brisk_markdown_view_release()).
 */
static GQueue letting_go = G_QUEUE_INIT;
static guint let_go_source_id;

static void add_segment (BriskMarkdownView *self);

/* {{{ Lines */

static gsize
count_indent (const char *line,
              gsize       len)
{
  gsize i = 0;

  while (i < len && line[i] == ' ')
    i++;

  return i;
}

static gboolean
is_blank (const char *line,
          gsize       len)
{
  for (gsize i = 0; i < len; i++)
    {
      if (!g_ascii_isspace (line[i]))
        return FALSE;
    }

  return TRUE;
}

/* Returns the length of the fence that opens a fenced code block on @line, or 0. */
static gsize
opening_fence (const char *line,
               gsize       len,
               char       *fence_char)
{
  gsize indent = count_indent (line, len);
  gsize i = indent;

  if (i >= len || (line[i] != '`' && line[i] != '~'))
    return 0;
  while (i < len && line[i] == line[indent])
    i++;
  if (i - indent < 3)
    return 0;
  /* A backtick fence's info string has no backtick: "```a`" is inline code. */
  if (line[indent] == '`' && memchr (line + i, '`', len - i) != NULL)
    return 0;

  *fence_char = line[indent];
  return i - indent;
}

static gboolean
is_closing_fence (const char *line,
                  gsize       len,
                  char        fence_char,
                  gsize       fence_len)
{
  gsize i = count_indent (line, len);
  gsize start = i;

  if (start > 3)
    return FALSE;
  while (i < len && line[i] == fence_char)
    i++;

  return i - start >= fence_len && is_blank (line + i, len - i);
}

static gboolean
is_list_marker (const char *line,
                gsize       len)
{
  gsize i = count_indent (line, len);
  gsize digits = 0;

  if (i < len && (line[i] == '-' || line[i] == '+' || line[i] == '*'))
    return i + 1 == len || g_ascii_isspace (line[i + 1]);

  while (i < len && g_ascii_isdigit (line[i]) && digits < 10)
    {
      i++;
      digits++;
    }

  return digits > 0 && digits < 10 && i < len && (line[i] == '.' || line[i] == ')') &&
         (i + 1 == len || g_ascii_isspace (line[i + 1]));
}

static gboolean
opens_container (const char *line,
                 gsize       len)
{
  gsize indent = count_indent (line, len);

  return is_list_marker (line, len) || (indent < len && line[indent] == '>');
}

/* }}} */

/* {{{ The buffer */

static int
end_offset (BriskMarkdownView *self)
{
  return gtk_text_buffer_get_char_count (self->buffer);
}

static void
insert_text (BriskMarkdownView *self,
             const char        *text,
             gssize             len)
{
  GtkTextIter end;

  gtk_text_buffer_get_end_iter (self->buffer, &end);
  gtk_text_buffer_insert (self->buffer, &end, text, len);
}

static void
apply_tag (BriskMarkdownView *self,
           const char        *name,
           int                start,
           int                end)
{
  GtkTextIter start_iter;
  GtkTextIter end_iter;

  gtk_text_buffer_get_iter_at_offset (self->buffer, &start_iter, start);
  gtk_text_buffer_get_iter_at_offset (self->buffer, &end_iter, end);
  gtk_text_buffer_apply_tag_by_name (self->buffer, name, &start_iter, &end_iter);
}

/* Starts a new line for a block, unless the buffer is already at the start of one. */
static void
begin_line (BriskMarkdownView *self)
{
  GtkTextIter end;

  gtk_text_buffer_get_end_iter (self->buffer, &end);
  if (gtk_text_iter_backward_char (&end) && gtk_text_iter_get_char (&end) != '\n')
    insert_text (self, "\n", 1);
}

/* Spaces a block from the next one, by the pixels below its last line. With @relayout, tags
 * that line afresh: GtkTextView sizes a line around an anchored widget once, so when the widget
 * grows (a code block streaming in, always on the last line) its line must be laid out again,
 * or the widget overflows it.
 */
static void
add_gap (BriskMarkdownView *self,
         gboolean           relayout)
{
  GtkTextIter start;
  GtkTextIter end;

  gtk_text_buffer_get_end_iter (self->buffer, &end);
  start = end;
  gtk_text_iter_set_line_offset (&start, 0);
  if (relayout)
    gtk_text_buffer_remove_tag_by_name (self->buffer, "gap", &start, &end);
  gtk_text_buffer_apply_tag_by_name (self->buffer, "gap", &start, &end);
}

static void
sync_block_width (BriskMarkdownView *self,
                  const Block       *block)
{
  int margins = gtk_text_view_get_left_margin (self->view) +
                gtk_text_view_get_right_margin (self->view);

  /* Anchored widgets get no share of the view's width by themselves: give them all of it, so
   * code scrolls sideways within the message rather than widening it.
   */
  gtk_widget_set_size_request (block->widget,
                               MAX (0, self->width - margins - block->indent - MARGIN_PIXELS),
                               -1);
}

static void
sync_block_widths (BriskMarkdownView *self)
{
  for (guint i = 0; i < self->blocks->len; i++)
    sync_block_width (self, &g_array_index (self->blocks, Block, i));
}

static void
insert_block (BriskMarkdownView *self,
              GtkWidget         *widget,
              guint              depth)
{
  GtkTextIter end;
  Block block = { widget, NULL, self->segments->len - 1, MIN (depth, MAX_INDENT) * INDENT_PIXELS };

  begin_line (self);
  gtk_text_buffer_get_end_iter (self->buffer, &end);
  block.anchor = gtk_text_buffer_create_child_anchor (self->buffer, &end);
  gtk_text_view_add_child_at_anchor (self->view, widget, block.anchor);
  add_gap (self, FALSE);

  g_array_append_val (self->blocks, block);
  sync_block_width (self, &block);
}

/* }}} */

/* {{{ Rendering a markdown chunk with md4c */

typedef struct
{
  int    start;
  int    type;   /* MD_BLOCKTYPE or MD_SPANTYPE */
  guint  number; /* the next item's number, in an ordered list */
  char  *uri;
} Open;

typedef struct
{
  BriskMarkdownView *self;
  GArray            *blocks;  /* of Open: the lists, items and quotes around the text */
  GArray            *spans;   /* of Open */
  GString           *code;    /* inside a code block */
  char              *code_language;
  GtkGrid           *table;   /* inside a table */
  GString           *cell;    /* inside a table cell */
  int                block_start;
  int                heading_level;
  int                row;
  int                column;
  MD_ALIGN           align;
  guint              depth;   /* lists and quotes around the text */
  guint              in_item_start : 1;
  guint              in_header : 1;
} Renderer;

static void
clear_open (gpointer data)
{
  g_free (((Open *)data)->uri);
}

static char *
attribute_dup (const MD_ATTRIBUTE *attribute)
{
  return g_strndup (attribute->text, attribute->size);
}

static void
push_block (Renderer     *r,
            MD_BLOCKTYPE  type,
            guint         number)
{
  Open open = { end_offset (r->self), type, number, NULL };

  g_array_append_val (r->blocks, open);
}

static Open
pop (GArray *stack)
{
  Open open = g_array_index (stack, Open, stack->len - 1);

  /* Ownership of the uri goes to the caller. */
  g_array_index (stack, Open, stack->len - 1).uri = NULL;
  g_array_set_size (stack, stack->len - 1);
  return open;
}

static void
apply_indent (Renderer *r,
              int       start)
{
  char name[16];

  if (r->depth == 0)
    return;
  g_snprintf (name, sizeof name, "indent-%u", MIN (r->depth, MAX_INDENT));
  apply_tag (r->self, name, start, end_offset (r->self));
}

static void
insert_item_marker (Renderer                 *r,
                    const MD_BLOCK_LI_DETAIL *detail)
{
  static const char * const bullets[] = { "•", "◦", "▪" };
  Open *list = NULL;
  guint list_depth = 0;
  char marker[32];

  for (guint i = 0; i < r->blocks->len; i++)
    {
      Open *open = &g_array_index (r->blocks, Open, i);

      if (open->type == MD_BLOCK_UL || open->type == MD_BLOCK_OL)
        {
          list = open;
          list_depth++;
        }
    }
  g_assert (list != NULL);

  if (detail->is_task)
    g_strlcpy (marker, detail->task_mark == ' ' ? "☐ " : "☑ ", sizeof marker);
  else if (list->type == MD_BLOCK_OL)
    g_snprintf (marker, sizeof marker, "%u. ", list->number++);
  else
    g_snprintf (marker, sizeof marker, "%s ", bullets[(list_depth - 1) % G_N_ELEMENTS (bullets)]);

  insert_text (r->self, marker, -1);
}

static void
begin_table_cell (Renderer                 *r,
                  const MD_BLOCK_TD_DETAIL *detail)
{
  r->column++;
  r->align = detail->align;
  r->cell = g_string_new (NULL);
}

static void
end_table_cell (Renderer *r)
{
  GtkWidget *label = gtk_label_new (NULL);

  /* Plain text, never markup: a cell shows exactly what the model wrote. */
  gtk_label_set_text (GTK_LABEL (label), r->cell->str);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), r->align == MD_ALIGN_RIGHT ? 1.0 :
                                           r->align == MD_ALIGN_CENTER ? 0.5 : 0.0);
  if (r->in_header)
    {
      PangoAttrList *attributes = pango_attr_list_new ();

      pango_attr_list_insert (attributes, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      gtk_label_set_attributes (GTK_LABEL (label), attributes);
      pango_attr_list_unref (attributes);
      gtk_widget_add_css_class (label, "header");
    }
  gtk_grid_attach (r->table, label, r->column, r->row, 1, 1);
  g_string_free (g_steal_pointer (&r->cell), TRUE);
}

static void
end_table (Renderer *r)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller),
                                  GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller),
                                 GTK_WIDGET (g_steal_pointer (&r->table)));
  insert_block (r->self, scroller, r->depth);
}

static void
end_code_block (Renderer *r)
{
  GtkWidget *block = brisk_code_block_new (r->code_language);

  if (r->code->len > 0 && r->code->str[r->code->len - 1] == '\n')
    g_string_truncate (r->code, r->code->len - 1);
  brisk_code_block_set_code (BRISK_CODE_BLOCK (block), r->code->str, r->code->len);
  insert_block (r->self, block, r->depth);

  g_string_free (g_steal_pointer (&r->code), TRUE);
  g_clear_pointer (&r->code_language, g_free);
}

static int
enter_block_cb (MD_BLOCKTYPE  type,
                void         *detail,
                void         *user_data)
{
  Renderer *r = user_data;

  switch (type)
    {
    case MD_BLOCK_QUOTE:
    case MD_BLOCK_UL:
      begin_line (r->self);
      push_block (r, type, 0);
      r->depth++;
      break;

    case MD_BLOCK_OL:
      begin_line (r->self);
      push_block (r, type, ((MD_BLOCK_OL_DETAIL *)detail)->start);
      r->depth++;
      break;

    case MD_BLOCK_LI:
      begin_line (r->self);
      push_block (r, type, 0);
      insert_item_marker (r, detail);
      r->in_item_start = TRUE;
      break;

    case MD_BLOCK_HR:
      insert_block (r->self, gtk_separator_new (GTK_ORIENTATION_HORIZONTAL), r->depth);
      break;

    case MD_BLOCK_H:
    case MD_BLOCK_P:
    case MD_BLOCK_HTML:
      /* The first paragraph of a loose list item goes on the marker's line. */
      if (!r->in_item_start)
        begin_line (r->self);
      r->in_item_start = FALSE;
      r->block_start = end_offset (r->self);
      r->heading_level = type == MD_BLOCK_H ? (int)((MD_BLOCK_H_DETAIL *)detail)->level : 0;
      break;

    case MD_BLOCK_CODE:
      r->code = g_string_new (NULL);
      r->code_language = attribute_dup (&((MD_BLOCK_CODE_DETAIL *)detail)->lang);
      break;

    case MD_BLOCK_TABLE:
      r->table = GTK_GRID (gtk_grid_new ());
      gtk_widget_add_css_class (GTK_WIDGET (r->table), "markdown-table");
      r->row = -1;
      break;

    case MD_BLOCK_THEAD:
      r->in_header = TRUE;
      break;

    case MD_BLOCK_TBODY:
      r->in_header = FALSE;
      break;

    case MD_BLOCK_TR:
      r->row++;
      r->column = -1;
      break;

    case MD_BLOCK_TH:
    case MD_BLOCK_TD:
      begin_table_cell (r, detail);
      break;

    case MD_BLOCK_DOC:
    default:
      break;
    }

  return 0;
}

static int
leave_block_cb (MD_BLOCKTYPE  type,
                void         *detail,
                void         *user_data)
{
  Renderer *r = user_data;
  Open open;

  switch (type)
    {
    case MD_BLOCK_QUOTE:
      open = pop (r->blocks);
      apply_indent (r, open.start);
      apply_tag (r->self, "quote", open.start, end_offset (r->self));
      r->depth--;
      add_gap (r->self, FALSE);
      break;

    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
      pop (r->blocks);
      r->depth--;
      add_gap (r->self, FALSE);
      break;

    case MD_BLOCK_LI:
      open = pop (r->blocks);
      apply_indent (r, open.start);
      r->in_item_start = FALSE;
      break;

    case MD_BLOCK_H:
      {
        char name[8];

        g_snprintf (name, sizeof name, "h%d", CLAMP (r->heading_level, 1, 6));
        apply_tag (r->self, name, r->block_start, end_offset (r->self));
        add_gap (r->self, FALSE);
      }
      break;

    case MD_BLOCK_P:
    case MD_BLOCK_HTML:
      add_gap (r->self, FALSE);
      break;

    case MD_BLOCK_CODE:
      end_code_block (r);
      break;

    case MD_BLOCK_TABLE:
      end_table (r);
      break;

    case MD_BLOCK_TH:
    case MD_BLOCK_TD:
      end_table_cell (r);
      break;

    case MD_BLOCK_DOC:
    case MD_BLOCK_HR:
    case MD_BLOCK_THEAD:
    case MD_BLOCK_TBODY:
    case MD_BLOCK_TR:
    default:
      break;
    }

  return 0;
}

static int
enter_span_cb (MD_SPANTYPE  type,
               void        *detail,
               void        *user_data)
{
  Renderer *r = user_data;
  Open open = { end_offset (r->self), type, 0, NULL };

  if (type == MD_SPAN_A)
    open.uri = attribute_dup (&((MD_SPAN_A_DETAIL *)detail)->href);
  else if (type == MD_SPAN_IMG)
    open.uri = attribute_dup (&((MD_SPAN_IMG_DETAIL *)detail)->src);
  g_array_append_val (r->spans, open);

  return 0;
}

static int
leave_span_cb (MD_SPANTYPE  type,
               void        *detail,
               void        *user_data)
{
  Renderer *r = user_data;
  Open open = pop (r->spans);
  int end = end_offset (r->self);
  Link link = { open.start, end, NULL };

  /* In a table cell the text went to a label, not to the buffer. */
  if (r->cell != NULL || end == open.start)
    {
      g_free (open.uri);
      return 0;
    }

  switch (type)
    {
    case MD_SPAN_EM:
      apply_tag (r->self, "italic", open.start, end);
      break;

    case MD_SPAN_STRONG:
      apply_tag (r->self, "bold", open.start, end);
      break;

    case MD_SPAN_DEL:
      apply_tag (r->self, "strike", open.start, end);
      break;

    case MD_SPAN_CODE:
      apply_tag (r->self, "code", open.start, end);
      break;

    case MD_SPAN_A:
    case MD_SPAN_IMG:
      apply_tag (r->self, "link", open.start, end);
      link.uri = g_steal_pointer (&open.uri);
      g_array_append_val (r->self->links, link);
      break;

    case MD_SPAN_U:
    case MD_SPAN_LATEXMATH:
    case MD_SPAN_LATEXMATH_DISPLAY:
    case MD_SPAN_WIKILINK:
    default:
      break;
    }

  return 0;
}

static int
text_cb (MD_TEXTTYPE    type,
         const MD_CHAR *text,
         MD_SIZE        size,
         void          *user_data)
{
  Renderer *r = user_data;

  switch (type)
    {
    case MD_TEXT_NULLCHAR:
      text = "\xef\xbf\xbd";
      size = 3;
      break;

    case MD_TEXT_BR:
      text = r->cell != NULL ? " " : "\n";
      size = 1;
      break;

    case MD_TEXT_SOFTBR:
      text = " ";
      size = 1;
      break;

    /* Entities and raw HTML show as the model wrote them. */
    case MD_TEXT_NORMAL:
    case MD_TEXT_ENTITY:
    case MD_TEXT_CODE:
    case MD_TEXT_HTML:
    case MD_TEXT_LATEXMATH:
    default:
      break;
    }

  if (r->code != NULL)
    g_string_append_len (r->code, text, size);
  else if (r->cell != NULL)
    g_string_append_len (r->cell, text, size);
  else
    insert_text (r->self, text, size);

  return 0;
}

static void
render_markdown (BriskMarkdownView *self,
                 gsize              start,
                 gsize              end)
{
  static const MD_PARSER parser = {
    .abi_version = 0,
    .flags = PARSER_FLAGS,
    .enter_block = enter_block_cb,
    .leave_block = leave_block_cb,
    .enter_span = enter_span_cb,
    .leave_span = leave_span_cb,
    .text = text_cb,
  };
  Renderer r = { self };

  r.blocks = g_array_new (FALSE, FALSE, sizeof (Open));
  r.spans = g_array_new (FALSE, FALSE, sizeof (Open));
  g_array_set_clear_func (r.spans, clear_open);

  md_parse (self->source->str + start, end - start, &parser, &r);

  /* md4c closes what it opens, but a parse that gave up (out of memory) may leave some open. */
  g_array_unref (r.blocks);
  g_array_unref (r.spans);
  if (r.code != NULL)
    g_string_free (r.code, TRUE);
  if (r.cell != NULL)
    g_string_free (r.cell, TRUE);
  g_free (r.code_language);
  if (r.table != NULL)
    {
      g_object_ref_sink (r.table);
      g_object_unref (r.table);
    }
}

/* }}} */

/* {{{ Chunks */

/* A chunk that opens with a fence at the margin holds that code block alone. Returns its code,
 * which runs to the closing fence or, while the fence is open, to the end of the chunk.
 */
static const char *
fenced_code (BriskMarkdownView *self,
             gsize              start,
             gsize              end,
             gboolean           closed,
             gsize             *len)
{
  const char *text = self->source->str;
  const char *newline = memchr (text + start, '\n', end - start);
  gsize code_start = newline - text + 1;
  gsize code_end = end;
  gsize line_start = end;
  gsize fence_len;
  char fence_char;

  fence_len = opening_fence (text + start, newline - text - start, &fence_char);

  /* The last line: the closing fence of a closed block, or a line still arriving. */
  while (line_start > code_start && text[line_start - 1] != '\n')
    line_start--;
  if (closed && line_start == end && line_start > code_start)
    {
      line_start--;
      while (line_start > code_start && text[line_start - 1] != '\n')
        line_start--;
    }
  if (is_closing_fence (text + line_start, end - line_start, fence_char, fence_len) &&
      (closed || line_start < end))
    code_end = line_start;

  if (code_end > code_start && text[code_end - 1] == '\n')
    code_end--;

  *len = code_end - code_start;
  return text + code_start;
}

static gboolean
is_fenced_chunk (BriskMarkdownView *self,
                 gsize              start,
                 gsize              end)
{
  const char *text = self->source->str + start;
  const char *newline = memchr (text, '\n', end - start);
  char fence_char;

  return newline != NULL && text[0] != ' ' && opening_fence (text, newline - text, &fence_char) > 0;
}

static char *
fence_language (const char *line)
{
  const char *info = line;
  gsize len = 0;

  while (*info == '`' || *info == '~')
    info++;
  while (*info == ' ' || *info == '\t')
    info++;
  while (info[len] != '\0' && !g_ascii_isspace (info[len]))
    len++;

  return g_strndup (info, len);
}

static void
update_code_chunk (BriskMarkdownView *self,
                   gsize              start,
                   gsize              end,
                   gboolean           closed)
{
  const char *code;
  gsize len;

  if (self->live_code == NULL)
    {
      g_autofree char *language = fence_language (self->source->str + start);

      self->live_code = BRISK_CODE_BLOCK (brisk_code_block_new (language));
      insert_block (self, GTK_WIDGET (self->live_code), 0);
    }

  code = fenced_code (self, start, end, closed, &len);
  brisk_code_block_set_code (self->live_code, code, len);
  add_gap (self, TRUE);
}

/* Removes what the open chunk rendered: the buffer after the frozen chunks, and its links and
 * widgets.
 */
static void
drop_open_chunk (BriskMarkdownView *self)
{
  GtkTextIter start;
  GtkTextIter end;

  gtk_text_buffer_get_iter_at_offset (self->buffer, &start, self->frozen_chars);
  gtk_text_buffer_get_end_iter (self->buffer, &end);
  gtk_text_buffer_delete (self->buffer, &start, &end);

  g_array_set_size (self->links, self->n_frozen_links);
  g_array_set_size (self->blocks, self->n_frozen_blocks);
  self->live_code = NULL;
}

/* Renders source[chunk_start, end) as the open chunk, or as a finished one when @closed. */
static void
render_chunk (BriskMarkdownView *self,
              gsize              end,
              gboolean           closed)
{
  gsize start = self->chunk_start;

  if (self->live_code != NULL)
    {
      update_code_chunk (self, start, end, closed);
      return;
    }

  drop_open_chunk (self);
  if (is_fenced_chunk (self, start, end))
    update_code_chunk (self, start, end, closed);
  else
    render_markdown (self, start, end);
}

static void
freeze_chunk (BriskMarkdownView *self,
              gsize              end)
{
  render_chunk (self, end, TRUE);

  if (end_offset (self) >= SEGMENT_CHARS)
    add_segment (self);
  self->frozen_chars = end_offset (self);
  self->n_frozen_links = self->links->len;
  self->n_frozen_blocks = self->blocks->len;
  self->live_code = NULL;

  self->chunk_start = end;
  self->chunk_has_content = FALSE;
  self->chunk_has_container = FALSE;
  self->after_blank = FALSE;
}

/* Looks at one complete line, source[start, end) without its newline, and freezes the open
 * chunk when the line shows that the chunk is finished.
 */
static void
scan_line (BriskMarkdownView *self,
           gsize              start,
           gsize              end)
{
  const char *line = self->source->str + start;
  gsize len = end - start;
  gsize fence_len;
  char fence_char = 0;

  if (self->in_fence)
    {
      if (is_closing_fence (line, len, self->fence_char, self->fence_len))
        {
          self->in_fence = FALSE;
          if (self->fence_at_margin)
            freeze_chunk (self, end + 1);
        }
      return;
    }

  if (is_blank (line, len))
    {
      if (self->chunk_has_content)
        self->after_blank = TRUE;
      else
        self->chunk_start = end + 1;
      return;
    }

  fence_len = opening_fence (line, len, &fence_char);
  if (fence_len > 0 && line[0] != ' ')
    {
      if (self->chunk_has_content)
        freeze_chunk (self, start);
      self->fence_at_margin = TRUE;
    }
  else
    {
      /* After a blank line, a line that is not indented and opens no list item or quote next
       * to an open one starts afresh.
       */
      if (self->after_blank &&
          !(line[0] == ' ' || line[0] == '\t' ||
            (self->chunk_has_container && opens_container (line, len))))
        freeze_chunk (self, start);
      self->fence_at_margin = FALSE;
      if (opens_container (line, len))
        self->chunk_has_container = TRUE;
      /* Deeply indented fences only open in list items; elsewhere they are indented code. */
      if (count_indent (line, len) > 3 && !self->chunk_has_container)
        fence_len = 0;
    }

  self->after_blank = FALSE;
  self->chunk_has_content = TRUE;
  if (fence_len > 0)
    {
      self->in_fence = TRUE;
      self->fence_char = fence_char;
      self->fence_len = fence_len;
    }
}

/* Renders the text that arrived since the last call. With a @deadline (monotonic µs, 0 for
 * none), it stops at the first line it passes the deadline on, and the rest waits for the next
 * call: the text so far is shown as if only it had arrived.
 */
static void
render_pending (BriskMarkdownView *self,
                gint64             deadline)
{
  const char *text = self->source->str;
  gsize end = self->valid_len;

  if (self->rendered_len == end)
    return;

  for (const char *newline = memchr (text + self->scan_pos, '\n', end - self->scan_pos);
       newline != NULL;
       newline = memchr (text + self->scan_pos, '\n', end - self->scan_pos))
    {
      gsize line_start = self->scan_pos;

      self->scan_pos = newline - text + 1;
      scan_line (self, line_start, newline - text);
      if (deadline > 0 && self->scan_pos < end && g_get_monotonic_time () >= deadline)
        return;
    }

  if (self->chunk_start < end || self->frozen_chars < end_offset (self))
    render_chunk (self, end, FALSE);
  self->rendered_len = end;

  /* The (invisible) cursor of an empty buffer sits at its end and would ride along with every
   * insertion, each one moving it and making the view place it again. Parked at the start, it
   * stays put, unless the user has selected something.
   */
  if (!gtk_text_buffer_get_has_selection (self->buffer))
    {
      GtkTextIter cursor;

      gtk_text_buffer_get_iter_at_mark (self->buffer, &cursor,
                                        gtk_text_buffer_get_insert (self->buffer));
      if (!gtk_text_iter_is_start (&cursor))
        {
          gtk_text_iter_set_offset (&cursor, 0);
          gtk_text_buffer_place_cursor (self->buffer, &cursor);
        }
    }
}

/* }}} */

/* {{{ Streaming */

/* Appends @len bytes of model output. Invalid UTF-8 becomes U+FFFD; an incomplete character
 * at the end waits for the rest of it.
 */
static void
append_source (BriskMarkdownView *self,
               const char        *text,
               gsize              len)
{
  g_string_append_len (self->source, text, len);

  while (self->valid_len < self->source->len)
    {
      const char *valid_end;
      gsize remaining;

      g_utf8_validate_len (self->source->str + self->valid_len,
                           self->source->len - self->valid_len, &valid_end);
      self->valid_len = valid_end - self->source->str;
      remaining = self->source->len - self->valid_len;
      if (remaining == 0 ||
          g_utf8_get_char_validated (valid_end, remaining) == (gunichar)-2)
        break;

      g_string_erase (self->source, self->valid_len, 1);
      g_string_insert_len (self->source, self->valid_len, "\xef\xbf\xbd", 3);
    }
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *frame_clock,
         gpointer       user_data)
{
  BriskMarkdownView *self = BRISK_MARKDOWN_VIEW (widget);

  /* The text views lay their lines out in the frames after new text: each of those frames
   * the height is asked again, since the text views do not say when their lines changed
   * without changing their own height (see measure_segment()).
   */
  if (self->settle_frames > 0)
    {
      self->settle_frames--;
      gtk_widget_queue_resize (widget);
    }

  if ((self->rendered_len == self->valid_len || self->waiting) && !self->width_changed)
    {
      if (self->settle_frames > 0)
        return G_SOURCE_CONTINUE;
      self->tick_id = 0;
      return G_SOURCE_REMOVE;
    }

  if (!self->waiting)
    {
      gboolean in_background = self->in_background;
      gsize rendered_len = self->rendered_len;
      guint open_segment = self->segments->len - 1;

      render_pending (self, in_background ? brisk_frame_budget_get_deadline (frame_clock) : 0);

      /* A text view lays out changed lines in an idle after the frame, unless it is laid out
       * in it; only then does it ask to be painted. New words would show a frame late, and in
       * a frame where the view happened not to be laid out, none would show at all. Laid out
       * in this frame, the segments just written to paint what was rendered.
       */
      if (!in_background && self->rendered_len != rendered_len)
        for (guint i = open_segment; i < self->segments->len; i++)
          gtk_widget_queue_resize (GTK_WIDGET (g_array_index (self->segments, Segment, i).view));
    }
  if (self->rendered_len == self->valid_len)
    self->in_background = FALSE;
  if (self->width_changed)
    {
      /* Blocks take the new width, and the lines around them settle again. */
      self->width_changed = FALSE;
      sync_block_widths (self);
      self->settle_frames = SETTLE_FRAMES;
    }

  return G_SOURCE_CONTINUE;
}

static void
ensure_tick (BriskMarkdownView *self)
{
  if (self->tick_id == 0)
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), tick_cb, NULL, NULL);
}

static void
remove_tick (BriskMarkdownView *self)
{
  if (self->tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
  self->tick_id = 0;
}

/* }}} */

/* {{{ Links */

static const Segment *
find_segment (BriskMarkdownView *self,
              GtkTextView       *view)
{
  for (guint i = 0; i < self->segments->len; i++)
    {
      const Segment *segment = &g_array_index (self->segments, Segment, i);

      if (segment->view == view)
        return segment;
    }

  g_return_val_if_reached (NULL);
}

static const Link *
find_link (const Segment *segment,
           int            offset)
{
  guint low = 0;
  guint high = segment->links->len;

  while (low < high)
    {
      guint middle = (low + high) / 2;
      const Link *link = &g_array_index (segment->links, Link, middle);

      if (offset < link->start)
        high = middle;
      else if (offset >= link->end)
        low = middle + 1;
      else
        return link;
    }

  return NULL;
}

/* The link under a point of the segment @controller watches. */
static const Link *
link_at_point (BriskMarkdownView  *self,
               GtkEventController *controller,
               double              x,
               double              y)
{
  GtkTextView *view = GTK_TEXT_VIEW (gtk_event_controller_get_widget (controller));
  GtkTextIter iter;
  int buffer_x;
  int buffer_y;

  gtk_text_view_window_to_buffer_coords (view, GTK_TEXT_WINDOW_WIDGET, x, y,
                                         &buffer_x, &buffer_y);
  if (!gtk_text_view_get_iter_at_location (view, &iter, buffer_x, buffer_y))
    return NULL;

  return find_link (find_segment (self, view), gtk_text_iter_get_offset (&iter));
}

static void
released_cb (GtkGestureClick   *click,
             int                n_press,
             double             x,
             double             y,
             BriskMarkdownView *self)
{
  GtkWidget *view = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (click));
  const Link *link;

  g_assert (BRISK_IS_MARKDOWN_VIEW (self));

  /* A click that ends a selection selects; it does not follow the link. */
  if (n_press != 1 ||
      gtk_text_buffer_get_has_selection (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view))))
    return;

  link = link_at_point (self, GTK_EVENT_CONTROLLER (click), x, y);
  if (link == NULL)
    return;

  if (brisk_markdown_view_is_openable_uri (link->uri))
    gtk_show_uri (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), link->uri,
                  GDK_CURRENT_TIME);
  else
    g_debug ("Not opening a link with an unsafe scheme");
}

static void
motion_cb (GtkEventControllerMotion *motion,
           double                    x,
           double                    y,
           BriskMarkdownView        *self)
{
  g_assert (BRISK_IS_MARKDOWN_VIEW (self));

  gtk_widget_set_cursor_from_name (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (motion)),
                                   link_at_point (self, GTK_EVENT_CONTROLLER (motion), x, y) != NULL
                                   ? "pointer" : "text");
}

/**
 * brisk_markdown_view_is_openable_uri:
 * @uri: a link's target, as a model wrote it
 *
 * Model output must never make the desktop run something: only web and mail links are opened,
 * never javascript:, file:, data: or an application's own scheme.
 *
 * Returns: whether a click on a link to @uri opens it
 */
gboolean
brisk_markdown_view_is_openable_uri (const char *uri)
{
  static const char * const schemes[] = { "http", "https", "mailto" };
  g_autofree char *scheme = NULL;

  if (uri == NULL || !g_uri_is_valid (uri, G_URI_FLAGS_NONE, NULL))
    return FALSE;

  scheme = g_uri_parse_scheme (uri);
  for (guint i = 0; i < G_N_ELEMENTS (schemes); i++)
    {
      if (g_ascii_strcasecmp (scheme, schemes[i]) == 0)
        return TRUE;
    }

  return FALSE;
}

/* }}} */

/* {{{ GtkWidget */

/* The height the source not rendered yet will take at @width, roughly: until a message in
 * the background renders, the list it is in lays out and scrolls by this guess.
 */
static int
guess_unrendered_height (BriskMarkdownView *self,
                         int                width)
{
  const char *text = self->source->str;
  gsize start = MIN (self->scan_pos, self->valid_len);
  int chars_per_line = MAX (20, (width > 0 ? width : 600) / GUESS_CHAR_PIXELS);
  int lines = (self->valid_len - start) / chars_per_line;

  for (const char *newline = memchr (text + start, '\n', self->valid_len - start);
       newline != NULL;
       newline = memchr (newline + 1, '\n', text + self->valid_len - newline - 1))
    lines++;

  return lines * GUESS_LINE_PIXELS;
}

/* The height of a segment's text and anchored widgets, margins included. */
static int
content_height (BriskMarkdownView *self,
                guint              index)
{
  GtkTextView *view = g_array_index (self->segments, Segment, index).view;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter iter;
  int line_y;
  int line_height;
  int bottom;

  gtk_text_buffer_get_end_iter (buffer, &iter);
  gtk_text_view_get_line_yrange (view, &iter, &line_y, &line_height);
  bottom = line_y + line_height;

  /* GtkTextView lays out again only the lines inside its allocation: the line of a block that
   * has just grown at the end would stay as short as it was, and clip the block. The block
   * itself says how tall its line must be.
   */
  for (guint i = self->blocks->len; i > 0; i--)
    {
      const Block *last = &g_array_index (self->blocks, Block, i - 1);
      int block_height;

      if (last->segment > index)
        continue;
      if (last->segment < index)
        break;

      gtk_text_buffer_get_iter_at_child_anchor (buffer, &iter, last->anchor);
      gtk_text_view_get_line_yrange (view, &iter, &line_y, NULL);
      gtk_widget_measure (last->widget, GTK_ORIENTATION_VERTICAL, -1,
                          &block_height, NULL, NULL, NULL);
      bottom = MAX (bottom, line_y + block_height + GAP_PIXELS);
      break;
    }

  gtk_text_view_buffer_to_window_coords (view, GTK_TEXT_WINDOW_WIDGET, 0, bottom, NULL, &bottom);

  return bottom + gtk_text_view_get_bottom_margin (view);
}

/* A segment's height when the markdown view is @width wide (or -1), and its width. */
static int
measure_segment (BriskMarkdownView *self,
                 guint              index,
                 int                width,
                 int               *view_width)
{
  GtkWidget *view = GTK_WIDGET (g_array_index (self->segments, Segment, index).view);
  int height;

  gtk_widget_measure (view, GTK_ORIENTATION_HORIZONTAL, -1, view_width, NULL, NULL, NULL);
  gtk_widget_measure (view, GTK_ORIENTATION_VERTICAL, width < 0 ? -1 : MAX (width, *view_width),
                      &height, NULL, NULL, NULL);
  *view_width = MAX (width, *view_width);

  /* GtkTextView 4.8 adds the height of its anchored widgets to the height of its lines, which
   * already hold them: a reply with a code block would end in that much empty space. The
   * lines alone are the height.
   */
  return MIN (height, content_height (self, index));
}

static GtkSizeRequestMode
brisk_markdown_view_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
brisk_markdown_view_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  BriskMarkdownView *self = BRISK_MARKDOWN_VIEW (widget);

  *minimum = *natural = 0;
  for (guint i = 0; i < self->segments->len; i++)
    {
      GtkWidget *view = GTK_WIDGET (g_array_index (self->segments, Segment, i).view);
      int view_width;
      int view_natural;

      /* The blocks are as wide as the view was: that must not stop it from shrinking. They
       * follow the new width a frame later.
       */
      if (orientation == GTK_ORIENTATION_HORIZONTAL)
        {
          gtk_widget_measure (view, orientation, for_size, NULL, &view_natural, NULL, NULL);
          *natural = MAX (*natural, view_natural);
        }
      else
        {
          *natural += measure_segment (self, i, for_size, &view_width);
          *minimum = *natural;
        }
    }

  if (orientation == GTK_ORIENTATION_VERTICAL && self->in_background)
    {
      /* Text that was rendered before takes the same room again at the same width. */
      if (self->released_width >= 0 && for_size == self->released_width)
        {
          *minimum = *natural = self->released_height;
          return;
        }
      *natural += guess_unrendered_height (self, for_size);
      *minimum = *natural;
    }
}

static void
brisk_markdown_view_size_allocate (GtkWidget *widget,
                                   int        width,
                                   int        height,
                                   int        baseline)
{
  BriskMarkdownView *self = BRISK_MARKDOWN_VIEW (widget);
  int y = 0;

  /* The segments are stacked; the last one takes whatever height is left. */
  for (guint i = 0; i < self->segments->len; i++)
    {
      GtkWidget *view = GTK_WIDGET (g_array_index (self->segments, Segment, i).view);
      int view_width;
      int view_height = measure_segment (self, i, width, &view_width);

      if (i == self->segments->len - 1)
        view_height = MAX (view_height, height - y);
      gtk_widget_allocate (view, view_width, view_height, -1,
                           gsk_transform_translate (NULL, &GRAPHENE_POINT_INIT (0, y)));
      g_array_index (self->segments, Segment, i).top = y;
      g_array_index (self->segments, Segment, i).height = view_height;
      y += view_height;
    }

  if (width != self->width)
    {
      self->width = width;
      self->width_changed = TRUE;
      ensure_tick (self);
    }
}

/* {{{ Painting what shows */

/* A long reply is taller than the window: painting all its segments in every frame would cost
 * more the longer it grows. Only the segments the enclosing scrolled window shows are painted
 * (GTK paints the view again as it moves).
 */
static void
find_shown_segments (BriskMarkdownView *self,
                     guint             *first,
                     guint             *last)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_SCROLLED_WINDOW);
  double top = 0;
  double bottom = gtk_widget_get_height (GTK_WIDGET (self));
  graphene_rect_t bounds;

  if (scroller != NULL && gtk_widget_compute_bounds (GTK_WIDGET (self), scroller, &bounds))
    {
      top = MAX (top, -bounds.origin.y);
      bottom = MIN (bottom, -bounds.origin.y + gtk_widget_get_height (scroller));
    }

  *first = G_MAXUINT;
  *last = 0;
  for (guint i = 0; i < self->segments->len; i++)
    {
      Segment *segment = &g_array_index (self->segments, Segment, i);

      if (segment->top < bottom && segment->top + segment->height > top)
        {
          *first = MIN (*first, i);
          *last = i;
        }
    }
}

static void
brisk_markdown_view_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  BriskMarkdownView *self = BRISK_MARKDOWN_VIEW (widget);
  guint first;
  guint last;

  find_shown_segments (self, &first, &last);
  for (guint i = first; i <= last && i < self->segments->len; i++)
    gtk_widget_snapshot_child (widget, GTK_WIDGET (g_array_index (self->segments, Segment, i).view),
                               snapshot);
}

/* }}} */

static void
clear_segment (gpointer data)
{
  Segment *segment = data;

  g_clear_pointer ((GtkWidget **)&segment->view, gtk_widget_unparent);
  g_clear_pointer (&segment->links, g_array_unref);
}

static void
brisk_markdown_view_dispose (GObject *object)
{
  BriskMarkdownView *self = (BriskMarkdownView *)object;

  remove_tick (self);
  if (self->letting_go)
    g_queue_remove (&letting_go, self);
  self->letting_go = FALSE;
  self->live_code = NULL;
  self->view = NULL;
  self->buffer = NULL;
  self->links = NULL;
  g_array_set_size (self->segments, 0);

  G_OBJECT_CLASS (brisk_markdown_view_parent_class)->dispose (object);
}

static void
brisk_markdown_view_finalize (GObject *object)
{
  BriskMarkdownView *self = (BriskMarkdownView *)object;

  g_string_free (self->source, TRUE);
  g_array_unref (self->segments);
  g_array_unref (self->blocks);
  g_object_unref (self->tags);

  G_OBJECT_CLASS (brisk_markdown_view_parent_class)->finalize (object);
}

static void
brisk_markdown_view_class_init (BriskMarkdownViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = brisk_markdown_view_dispose;
  object_class->finalize = brisk_markdown_view_finalize;

  widget_class->get_request_mode = brisk_markdown_view_get_request_mode;
  widget_class->measure = brisk_markdown_view_measure;
  widget_class->size_allocate = brisk_markdown_view_size_allocate;
  widget_class->snapshot = brisk_markdown_view_snapshot;

  gtk_widget_class_set_css_name (widget_class, "markdownview");
}

static void
clear_link (gpointer data)
{
  g_free (((Link *)data)->uri);
}

/* Adds a tag to the table every segment's buffer shares. */
static void
create_tag (GtkTextTagTable *tags,
            const char      *name,
            const char      *first_property,
            ...)
{
  g_autoptr(GtkTextTag) tag = gtk_text_tag_new (name);
  va_list args;

  va_start (args, first_property);
  g_object_set_valist (G_OBJECT (tag), first_property, args);
  va_end (args);
  gtk_text_tag_table_add (tags, tag);
}

static void
create_tags (BriskMarkdownView *self)
{
  static const double heading_scales[] = { 1.6, 1.4, 1.2, 1.1, 1.0, 1.0 };
  GdkRGBA code_background = { 0.5, 0.5, 0.5, 0.15 };
  GdkRGBA quote_foreground = { 0.5, 0.5, 0.5, 1.0 };
  GdkRGBA link_foreground = { 0.21, 0.52, 0.89, 1.0 };

  create_tag (self->tags, "bold", "weight", PANGO_WEIGHT_BOLD, NULL);
  create_tag (self->tags, "italic", "style", PANGO_STYLE_ITALIC, NULL);
  create_tag (self->tags, "strike", "strikethrough", TRUE, NULL);
  create_tag (self->tags, "code",
              "family", "monospace",
              "background-rgba", &code_background,
              NULL);
  create_tag (self->tags, "link",
              "underline", PANGO_UNDERLINE_SINGLE,
              "foreground-rgba", &link_foreground,
              NULL);
  create_tag (self->tags, "quote", "foreground-rgba", &quote_foreground, NULL);
  create_tag (self->tags, "gap", "pixels-below-lines", GAP_PIXELS, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (heading_scales); i++)
    {
      char name[8];

      g_snprintf (name, sizeof name, "h%u", i + 1);
      create_tag (self->tags, name,
                  "weight", PANGO_WEIGHT_BOLD,
                  "scale", heading_scales[i],
                  "pixels-above-lines", 8,
                  NULL);
    }

  /* Created in order of depth, so a deeper level has the higher priority and wins. */
  for (guint i = 1; i <= MAX_INDENT; i++)
    {
      char name[16];

      g_snprintf (name, sizeof name, "indent-%u", i);
      create_tag (self->tags, name, "left-margin", i * INDENT_PIXELS, NULL);
    }
}

/* Starts a new text view at the end, which the text goes on in. */
static void
add_segment (BriskMarkdownView *self)
{
  g_autoptr(GtkTextBuffer) buffer = gtk_text_buffer_new (self->tags);
  Segment segment = { NULL, NULL, 0, 0 };
  GtkGesture *click;
  GtkEventController *motion;

  segment.view = GTK_TEXT_VIEW (gtk_text_view_new_with_buffer (buffer));
  segment.links = g_array_new (FALSE, FALSE, sizeof (Link));
  g_array_set_clear_func (segment.links, clear_link);
  gtk_text_view_set_editable (segment.view, FALSE);
  gtk_text_view_set_cursor_visible (segment.view, FALSE);
  gtk_text_view_set_wrap_mode (segment.view, GTK_WRAP_WORD_CHAR);
  gtk_widget_insert_before (GTK_WIDGET (segment.view), GTK_WIDGET (self), NULL);

  click = gtk_gesture_click_new ();
  g_signal_connect_object (click, "released", G_CALLBACK (released_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (segment.view), GTK_EVENT_CONTROLLER (click));

  motion = gtk_event_controller_motion_new ();
  g_signal_connect_object (motion, "motion", G_CALLBACK (motion_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (segment.view), motion);

  g_array_append_val (self->segments, segment);
  self->view = segment.view;
  self->buffer = buffer;
  self->links = segment.links;
}

static void
brisk_markdown_view_init (BriskMarkdownView *self)
{

  self->source = g_string_new (NULL);
  self->segments = g_array_new (FALSE, FALSE, sizeof (Segment));
  g_array_set_clear_func (self->segments, clear_segment);
  self->blocks = g_array_new (FALSE, FALSE, sizeof (Block));
  self->tags = gtk_text_tag_table_new ();
  self->released_width = -1;
  create_tags (self);

  add_segment (self);
}

/* }}} */

/* {{{ Public API */

GtkWidget *
brisk_markdown_view_new (void)
{
  return g_object_new (BRISK_TYPE_MARKDOWN_VIEW, NULL);
}

/**
 * brisk_markdown_view_set_text:
 * @self: a #BriskMarkdownView
 * @text: (nullable): markdown
 *
 * Replaces everything the view shows with @text, rendered at once. A recycled view keeps
 * nothing of what it showed before.
 */
static void
reset (BriskMarkdownView *self,
       const char        *text)
{
  remove_tick (self);
  self->in_background = FALSE;
  self->waiting = FALSE;
  self->letting_go = FALSE;
  self->live_code = NULL;
  g_array_set_size (self->blocks, 0);
  g_array_set_size (self->segments, 1);
  self->view = g_array_index (self->segments, Segment, 0).view;
  self->buffer = gtk_text_view_get_buffer (self->view);
  self->links = g_array_index (self->segments, Segment, 0).links;
  gtk_text_buffer_set_text (self->buffer, "", 0);
  g_array_set_size (self->links, 0);
  g_string_truncate (self->source, 0);
  self->valid_len = 0;
  self->rendered_len = 0;
  self->scan_pos = 0;
  self->chunk_start = 0;
  self->frozen_chars = 0;
  self->n_frozen_links = 0;
  self->n_frozen_blocks = 0;
  self->in_fence = FALSE;
  self->chunk_has_content = FALSE;
  self->chunk_has_container = FALSE;
  self->after_blank = FALSE;
  self->released_width = -1;

  if (text != NULL)
    append_source (self, text, strlen (text));
  self->settle_frames = SETTLE_FRAMES;
  ensure_tick (self);
}

void
brisk_markdown_view_set_text (BriskMarkdownView *self,
                              const char        *text)
{
  g_return_if_fail (BRISK_IS_MARKDOWN_VIEW (self));

  reset (self, text);
  render_pending (self, 0);
}

/**
 * brisk_markdown_view_set_text_in_background:
 * @self: a #BriskMarkdownView
 * @text: (nullable): markdown
 *
 * Like brisk_markdown_view_set_text(), but nothing is rendered until
 * brisk_markdown_view_render_soon() is called, and then the text renders over the next frames,
 * a part of each: for messages joining the list above what the user reads, which may never be
 * scrolled to. Until then the view is as tall as its text is guessed to be. It shows exactly
 * what set_text() shows, once done.
 *
 * Text put into a GtkTextView is laid out by GTK in idle callbacks that nothing bounds, and
 * which run all at once when the main loop is free: the text of messages far from the view
 * is better not put there at all.
 */
void
brisk_markdown_view_set_text_in_background (BriskMarkdownView *self,
                                            const char        *text)
{
  g_return_if_fail (BRISK_IS_MARKDOWN_VIEW (self));

  reset (self, text);
  self->in_background = self->rendered_len != self->valid_len;
  if (self->in_background)
    {
      remove_tick (self);
      self->waiting = TRUE;
      self->settle_frames = 0;
    }
}

/**
 * brisk_markdown_view_render_soon:
 * @self: a #BriskMarkdownView
 *
 * Starts rendering the text set with brisk_markdown_view_set_text_in_background(), a part a
 * frame: when the view comes near what is shown.
 */
void
brisk_markdown_view_render_soon (BriskMarkdownView *self)
{
  g_return_if_fail (BRISK_IS_MARKDOWN_VIEW (self));

  self->letting_go = FALSE;
  if (!self->waiting)
    return;

  self->waiting = FALSE;
  self->settle_frames = SETTLE_FRAMES;
  ensure_tick (self);
}

/* Whether the view may let go of what it shows: all of its text is rendered, and the user is
 * not working with it (the keyboard focus or a selection is in it).
 */
static gboolean
can_let_go (BriskMarkdownView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  /* The window's focus, kept while another window is active (unlike the focus child). */
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (self->in_background || self->rendered_len != self->valid_len ||
      gtk_widget_get_width (GTK_WIDGET (self)) == 0 ||
      (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self))))
    return FALSE;

  for (guint i = 0; i < self->segments->len; i++)
    if (gtk_text_buffer_get_has_selection (
          gtk_text_view_get_buffer (g_array_index (self->segments, Segment, i).view)))
      return FALSE;

  return TRUE;
}

static void
let_go (BriskMarkdownView *self)
{
  g_autofree char *text = g_strndup (self->source->str, self->source->len);
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height;

  gtk_widget_measure (GTK_WIDGET (self), GTK_ORIENTATION_VERTICAL, width,
                      NULL, &height, NULL, NULL);
  brisk_markdown_view_set_text_in_background (self, text);
  self->released_width = width;
  self->released_height = height;
}

static void schedule_let_go (guint delay_ms);

/* One view a call: destroying what a long message rendered takes up to about 12 ms, and frames
 * come first. While the window draws frame after frame (a scroll), a view is let go of only
 * early in the gap between two frames; later in it, the next frame goes first.
 */
static gboolean
let_go_cb (gpointer user_data)
{
  BriskMarkdownView *self = g_queue_peek_head (&letting_go);
  GdkFrameClock *frame_clock;
  gint64 wait;

  let_go_source_id = 0;
  if (self == NULL)
    return G_SOURCE_REMOVE;

  frame_clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));
  wait = brisk_frame_budget_get_time_to_next_frame (frame_clock);
  if (wait >= 0 && wait < LET_GO_US)
    {
      /* Due as the next frame begins, the timer runs once that frame is done. */
      schedule_let_go (wait / 1000 + 1);
      return G_SOURCE_REMOVE;
    }

  g_queue_pop_head (&letting_go);
  if (self->letting_go)
    {
      self->letting_go = FALSE;
      if (can_let_go (self))
        let_go (self);
    }
  if (!g_queue_is_empty (&letting_go))
    schedule_let_go (0);

  return G_SOURCE_REMOVE;
}

static void
schedule_let_go (guint delay_ms)
{
  if (let_go_source_id != 0)
    return;

  if (delay_ms == 0)
    let_go_source_id = g_idle_add_full (G_PRIORITY_LOW, let_go_cb, NULL, NULL);
  else
    let_go_source_id = g_timeout_add_full (G_PRIORITY_LOW, delay_ms, let_go_cb, NULL, NULL);
}

/**
 * brisk_markdown_view_release:
 * @self: a #BriskMarkdownView
 *
 * Lets go of what is rendered and keeps the text, as if set with
 * brisk_markdown_view_set_text_in_background(): for a message that has gone far from the view.
 * It happens soon after, when the main loop has nothing else to do, unless
 * brisk_markdown_view_render_soon() is called first. Until render_soon() has rendered it
 * again, the view keeps the height it had at the width it had, so nothing around it moves.
 *
 * Rendered text is costly to keep around in a long conversation: a code block alone connects
 * over a hundred signal handlers, and GLib's table of every handler in the process is rehashed
 * in one go each time it doubles, which freezes the window for tens of milliseconds once there
 * are hundreds of thousands.
 *
 * A view that holds the keyboard focus or a selection, or has text still to render, keeps what
 * it shows: the user is working with it.
 */
void
brisk_markdown_view_release (BriskMarkdownView *self)
{
  g_return_if_fail (BRISK_IS_MARKDOWN_VIEW (self));

  if (self->letting_go || !can_let_go (self))
    return;

  self->letting_go = TRUE;
  g_queue_push_tail (&letting_go, self);
  schedule_let_go (0);
}

/**
 * brisk_markdown_view_append:
 * @self: a #BriskMarkdownView
 * @text: the next piece of a streamed reply; it may end inside a UTF-8 character
 *
 * Adds @text to the end. It shows on the next frame: however many pieces arrive in a frame,
 * the view renders once.
 */
void
brisk_markdown_view_append (BriskMarkdownView *self,
                            const char        *text)
{
  g_return_if_fail (BRISK_IS_MARKDOWN_VIEW (self));
  g_return_if_fail (text != NULL);

  /* A reply starts streaming: a code block may open in it soon. */
  if (self->source->len == 0)
    brisk_code_block_prepare ();
  append_source (self, text, strlen (text));
  if (self->rendered_len != self->valid_len)
    ensure_tick (self);
}

/**
 * brisk_markdown_view_flush:
 * @self: a #BriskMarkdownView
 *
 * Renders what was appended now, rather than on the next frame: at the end of a stream.
 */
void
brisk_markdown_view_flush (BriskMarkdownView *self)
{
  g_return_if_fail (BRISK_IS_MARKDOWN_VIEW (self));

  self->in_background = FALSE;
  self->waiting = FALSE;
  render_pending (self, 0);
}

const char *
brisk_markdown_view_get_text (BriskMarkdownView *self)
{
  g_return_val_if_fail (BRISK_IS_MARKDOWN_VIEW (self), NULL);

  return self->source->str;
}

GtkTextView *
_brisk_markdown_view_get_text_view (BriskMarkdownView *self)
{
  g_return_val_if_fail (BRISK_IS_MARKDOWN_VIEW (self), NULL);

  return g_array_index (self->segments, Segment, 0).view;
}

/**
 * _brisk_markdown_view_get_uri_at_offset:
 * @self: a #BriskMarkdownView
 * @segment: one of its text views
 * @offset: a character offset in @segment's buffer
 *
 * Returns: (nullable): the target of the link at @offset, which a click would open if it
 *   passes brisk_markdown_view_is_openable_uri()
 */
const char *
_brisk_markdown_view_get_uri_at_offset (BriskMarkdownView *self,
                                        GtkTextView       *segment,
                                        int                offset)
{
  const Link *link;

  g_return_val_if_fail (BRISK_IS_MARKDOWN_VIEW (self), NULL);

  link = find_link (find_segment (self, segment), offset);
  return link != NULL ? link->uri : NULL;
}

/**
 * _brisk_markdown_view_get_rendered_length:
 * @self: a #BriskMarkdownView
 *
 * Returns: how many bytes of the text are on screen; the rest waits for the next frame
 */
gsize
_brisk_markdown_view_get_rendered_length (BriskMarkdownView *self)
{
  g_return_val_if_fail (BRISK_IS_MARKDOWN_VIEW (self), 0);

  return self->rendered_len;
}

/* }}} */
