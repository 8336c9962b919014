/* test-markdown.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-markdown"

#include "config.h"

#include <gdk/x11/gdkx.h>
#include <gtksourceview/gtksource.h>

#include "brisk-code-block.h"
#include "brisk-markdown-view-private.h"
#include "brisk-message-list.h"
#include "brisk-ui-test.h"

typedef struct
{
  GtkWindow         *window;
  BriskMarkdownView *view;
  char              *showcase;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "markdown-showcase.md",
                                                 NULL);
  GtkWidget *scroller = gtk_scrolled_window_new ();

  g_file_get_contents (path, &fixture->showcase, NULL, &error);
  g_assert_no_error (error);

  fixture->view = BRISK_MARKDOWN_VIEW (brisk_markdown_view_new ());
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (fixture->view));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller),
                                  GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 700, 600);
  gtk_window_set_child (fixture->window, scroller);
  gtk_window_present (fixture->window);
  brisk_ui_test_wait_for_frame (GTK_WIDGET (fixture->view));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  brisk_ui_test_close_window (fixture->window, NULL);
  g_free (fixture->showcase);
}

static GtkTextBuffer *
get_buffer (BriskMarkdownView *view)
{
  return gtk_text_view_get_buffer (_brisk_markdown_view_get_text_view (view));
}

/* The link target at @offset of the first segment: the only one of an ordinary reply. */
static const char *
uri_at (BriskMarkdownView *view,
        int                offset)
{
  return _brisk_markdown_view_get_uri_at_offset (view, _brisk_markdown_view_get_text_view (view),
                                                 offset);
}

static char *
get_visible_text (BriskMarkdownView *view)
{
  GtkTextIter start;
  GtkTextIter end;

  gtk_text_buffer_get_bounds (get_buffer (view), &start, &end);
  return gtk_text_buffer_get_text (get_buffer (view), &start, &end, FALSE);
}

static void
collect_descendants (GtkWidget *root,
                     GType      type,
                     GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    g_ptr_array_add (found, root);

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_descendants (child, type, found);
}

static GPtrArray *
find_all (BriskMarkdownView *view,
          GType              type)
{
  GPtrArray *found = g_ptr_array_new ();

  collect_descendants (GTK_WIDGET (view), type, found);
  return found;
}

/* Returns the character offset of the first @needle in the visible text. */
static int
find_offset (BriskMarkdownView *view,
             const char        *needle)
{
  GtkTextIter start;
  GtkTextIter match;

  gtk_text_buffer_get_start_iter (get_buffer (view), &start);
  if (!gtk_text_iter_forward_search (&start, needle, GTK_TEXT_SEARCH_TEXT_ONLY, &match, NULL,
                                     NULL))
    g_error ("“%s” is not in the view", needle);

  return gtk_text_iter_get_offset (&match);
}

/* Whether exactly the characters of @needle, and not those around it, have tag @name. */
static void
assert_tag_covers (BriskMarkdownView *view,
                   const char        *name,
                   const char        *needle)
{
  GtkTextBuffer *buffer = get_buffer (view);
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), name);
  int start = find_offset (view, needle);
  int end = start + g_utf8_strlen (needle, -1);
  GtkTextIter iter;

  g_assert_nonnull (tag);
  for (int offset = MAX (start - 1, 0); offset <= end; offset++)
    {
      gtk_text_buffer_get_iter_at_offset (buffer, &iter, offset);
      if (offset >= start && offset < end)
        g_assert_true (gtk_text_iter_has_tag (&iter, tag));
      else
        g_assert_false (gtk_text_iter_has_tag (&iter, tag));
    }
}

static void
test_markdown_shows_model_text_literally (Fixture       *fixture,
                                          gconstpointer  data)
{
  g_autofree char *text = NULL;

  brisk_markdown_view_set_text (fixture->view, fixture->showcase);
  text = get_visible_text (fixture->view);

  /* Markup and entities in a reply are text, never interpreted. */
  g_assert_nonnull (strstr (text, "<span foreground=\"red\">red</span>"));
  g_assert_nonnull (strstr (text, "&amp; &lt;"));
  g_assert_nonnull (strstr (text, "<b>bold?</b>"));
  g_assert_nonnull (strstr (text, "<script>alert(1)</script>"));
  assert_tag_covers (fixture->view, "link", "click me");

  /* The markdown itself is rendered: its syntax is gone. */
  g_assert_nonnull (strstr (text, "Groq answers at hundreds of tokens a second"));
  g_assert_null (strstr (text, "**"));
  g_assert_null (strstr (text, "# Streaming"));
  g_assert_nonnull (strstr (text, "☐ A task still to do"));
  g_assert_nonnull (strstr (text, "☑ A task that is done"));
  g_assert_nonnull (strstr (text, "2. Two"));
  g_assert_nonnull (strstr (text, "• Second item"));
  g_assert_nonnull (strstr (text, "Bye — café, naïve, 你好."));
  g_assert_cmpstr (brisk_markdown_view_get_text (fixture->view), ==, fixture->showcase);
}

static void
test_markdown_tags_cover_spans (Fixture       *fixture,
                                gconstpointer  data)
{
  brisk_markdown_view_set_text (fixture->view, fixture->showcase);

  assert_tag_covers (fixture->view, "h1", "Streaming markdown");
  assert_tag_covers (fixture->view, "h2", "Lists");
  assert_tag_covers (fixture->view, "bold", "hundreds of tokens");
  assert_tag_covers (fixture->view, "italic", "fast");
  assert_tag_covers (fixture->view, "strike", "slow");
  assert_tag_covers (fixture->view, "code", "brisk_markdown_view_append()");
  assert_tag_covers (fixture->view, "link", "the docs");
  assert_tag_covers (fixture->view, "indent-2", "◦ Nested item");
  assert_tag_covers (fixture->view, "quote", "A quote that spans two lines of text.");
}

static void
test_markdown_links (Fixture       *fixture,
                     gconstpointer  data)
{
  BriskMarkdownView *view = fixture->view;

  g_assert_true (brisk_markdown_view_is_openable_uri ("https://docs.gtk.org/gtk4/"));
  g_assert_true (brisk_markdown_view_is_openable_uri ("http://example.com"));
  g_assert_true (brisk_markdown_view_is_openable_uri ("HTTPS://EXAMPLE.COM/"));
  g_assert_true (brisk_markdown_view_is_openable_uri ("mailto:someone@example.com"));
  g_assert_false (brisk_markdown_view_is_openable_uri ("javascript:alert(1)"));
  g_assert_false (brisk_markdown_view_is_openable_uri ("JavaScript:alert(1)"));
  g_assert_false (brisk_markdown_view_is_openable_uri ("file:///etc/passwd"));
  g_assert_false (brisk_markdown_view_is_openable_uri ("data:text/html,<script>x</script>"));
  g_assert_false (brisk_markdown_view_is_openable_uri ("ftp://example.com/"));
  g_assert_false (brisk_markdown_view_is_openable_uri ("/etc/passwd"));
  g_assert_false (brisk_markdown_view_is_openable_uri (""));
  g_assert_false (brisk_markdown_view_is_openable_uri (NULL));

  /* Each link carries its own target, whatever its scheme; a click decides. */
  brisk_markdown_view_set_text (view, fixture->showcase);
  g_assert_cmpstr (uri_at (view, find_offset (view, "the docs")),
                   ==, "https://docs.gtk.org/gtk4/");
  g_assert_cmpstr (uri_at (view, find_offset (view, "click me")),
                   ==, "javascript:alert(1)");
  g_assert_cmpstr (uri_at (view, find_offset (view, "secrets")),
                   ==, "file:///etc/passwd");
  g_assert_cmpstr (uri_at (view,
                                                           find_offset (view, "example.com/page")),
                   ==, "https://example.com/page");
  g_assert_null (uri_at (view, find_offset (view, "Some text")));
}

static void
read_text_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  char **text = user_data;
  g_autoptr(GError) error = NULL;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);
  g_assert_no_error (error);
}

static char *
read_clipboard (GdkClipboard *clipboard)
{
  char *text = NULL;

  gdk_clipboard_read_text_async (clipboard, NULL, read_text_cb, &text);
  while (text == NULL)
    g_main_context_iteration (NULL, TRUE);

  return text;
}

static void
record_toast_cb (GSimpleAction  *action,
                 GVariant       *parameter,
                 char          **toast)
{
  g_free (*toast);
  *toast = g_variant_dup_string (parameter, NULL);
}

static void
test_markdown_code_blocks (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GPtrArray) blocks = NULL;
  g_autoptr(GPtrArray) buttons = NULL;
  g_autoptr(GPtrArray) grids = NULL;
  g_autofree char *copied = NULL;
  g_autoptr(GSimpleActionGroup) window_actions = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) show_toast = NULL;
  g_autofree char *toast = NULL;
  GdkClipboard *clipboard;
  BriskCodeBlock *python;
  GtkWidget *source_view;
  GtkSourceBuffer *buffer;

  brisk_markdown_view_set_text (fixture->view, fixture->showcase);
  blocks = find_all (fixture->view, BRISK_TYPE_CODE_BLOCK);
  g_assert_cmpuint (blocks->len, ==, 4);

  python = g_ptr_array_index (blocks, 0);
  g_assert_cmpstr (brisk_code_block_get_language (python), ==, "python");
  g_assert_cmpstr (brisk_code_block_get_code (python), ==,
                   "def greet(name):\n    print(f\"Hello, {name}!\")");
  source_view = brisk_ui_test_find_descendant (GTK_WIDGET (python), GTK_SOURCE_TYPE_VIEW, NULL);
  buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (source_view)));
  g_assert_cmpstr (gtk_source_language_get_id (gtk_source_buffer_get_language (buffer)), ==,
                   "python3");
  g_assert_nonnull (gtk_source_buffer_get_style_scheme (buffer));

  g_assert_cmpstr (brisk_code_block_get_language (g_ptr_array_index (blocks, 1)), ==, "js");
  g_assert_cmpstr (brisk_code_block_get_code (g_ptr_array_index (blocks, 1)), ==,
                   "const answer = 42;\n\nconsole.log(`answer: ${answer}`);");
  g_assert_cmpstr (brisk_code_block_get_language (g_ptr_array_index (blocks, 2)), ==, "sh");
  g_assert_null (brisk_code_block_get_language (g_ptr_array_index (blocks, 3)));
  g_assert_cmpstr (brisk_code_block_get_code (g_ptr_array_index (blocks, 3)), ==,
                   "indented code\nstays code");

  /* Copy puts exactly the code on the clipboard, without the fence or the language. */
  clipboard = gtk_widget_get_clipboard (GTK_WIDGET (fixture->view));
  gdk_clipboard_set_text (clipboard, "something else");
  buttons = g_ptr_array_new ();
  collect_descendants (GTK_WIDGET (python), GTK_TYPE_BUTTON, buttons);
  g_assert_cmpuint (buttons->len, ==, 1);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (g_ptr_array_index (buttons, 0)), ==, "Copy");

  /* As BriskWindow does, the window shows the toast the code block asks for. */
  show_toast = g_simple_action_new ("show-toast", G_VARIANT_TYPE_STRING);
  g_signal_connect (show_toast, "activate", G_CALLBACK (record_toast_cb), &toast);
  g_action_map_add_action (G_ACTION_MAP (window_actions), G_ACTION (show_toast));
  gtk_widget_insert_action_group (GTK_WIDGET (fixture->window), "win",
                                  G_ACTION_GROUP (window_actions));

  g_signal_emit_by_name (g_ptr_array_index (buttons, 0), "clicked");
  copied = read_clipboard (clipboard);
  g_assert_cmpstr (copied, ==, brisk_code_block_get_code (python));
  g_assert_cmpstr (toast, ==, "Copied");

  /* The table is a grid of plain labels. */
  grids = find_all (fixture->view, GTK_TYPE_GRID);
  g_assert_cmpuint (grids->len, ==, 1);
}

/* The text views a long reply is split into, top to bottom. */
static GPtrArray *
get_segments (BriskMarkdownView *view)
{
  GPtrArray *segments = g_ptr_array_new ();

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_TEXT_VIEW (child))
        g_ptr_array_add (segments, child);
    }

  return segments;
}

/* Everything a user could see: the text with anchors, where each tag starts and stops, the
 * links, and the text of every label and code block.
 */
static char *
describe (BriskMarkdownView *view)
{
  g_autoptr(GPtrArray) segments = get_segments (view);
  g_autoptr(GPtrArray) labels = find_all (view, GTK_TYPE_LABEL);
  g_autoptr(GPtrArray) blocks = find_all (view, BRISK_TYPE_CODE_BLOCK);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < segments->len; i++)
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (segments->pdata[i]);
      g_autofree char *slice = NULL;
      GtkTextIter start;
      GtkTextIter end;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      slice = gtk_text_buffer_get_slice (buffer, &start, &end, TRUE);
      g_string_append_printf (out, "\nsegment %u\n%s", i, slice);

      do
        {
          GSList *tags = gtk_text_iter_get_tags (&start);
          int offset = gtk_text_iter_get_offset (&start);
          const char *uri = _brisk_markdown_view_get_uri_at_offset (view, segments->pdata[i],
                                                                    offset);

          g_string_append_printf (out, "\n@%d %s", offset, uri ? uri : "");
          for (const GSList *iter = tags; iter != NULL; iter = iter->next)
            {
              g_autofree char *name = NULL;

              g_object_get (iter->data, "name", &name, NULL);
              g_string_append_printf (out, " %s", name);
            }
          g_slist_free (tags);
        }
      while (gtk_text_iter_forward_to_tag_toggle (&start, NULL));
    }

  for (guint i = 0; i < labels->len; i++)
    g_string_append_printf (out, "\nlabel %s", gtk_label_get_text (labels->pdata[i]));
  for (guint i = 0; i < blocks->len; i++)
    g_string_append_printf (out, "\ncode %s %s", brisk_code_block_get_language (blocks->pdata[i]),
                            brisk_code_block_get_code (blocks->pdata[i]));

  return g_string_free (out, FALSE);
}

static void
stream (Fixture    *fixture,
        const char *text,
        int         max_chunk)
{
  gsize len = strlen (text);

  brisk_markdown_view_set_text (fixture->view, NULL);
  for (gsize pos = 0; pos < len;)
    {
      gsize size = MIN (len - pos, (gsize)g_test_rand_int_range (1, max_chunk + 1));
      g_autofree char *chunk = g_strndup (text + pos, size);
      int roll;

      brisk_markdown_view_append (fixture->view, chunk);
      pos += size;

      /* Rendered after some pieces and not others, by a frame or by a flush. */
      roll = g_test_rand_int_range (0, 16);
      if (roll == 0)
        brisk_ui_test_wait_for_frame (GTK_WIDGET (fixture->view));
      else if (roll < 6)
        brisk_markdown_view_flush (fixture->view);
    }
  brisk_markdown_view_flush (fixture->view);
}

static void
test_markdown_streaming_matches_set_text (Fixture       *fixture,
                                          gconstpointer  data)
{
  /* Cuts that a whole-text parse cannot see: a fence closing, a list after a blank line, a
   * paragraph interrupted by a fence, an open fence at the end.
   */
  const char *extra =
    "Text\n```c\nint x;\n```\nAfter.\n\n- a\n\n- b\n\n  more b\n\nEnd ``` not a fence\n\n"
    "~~~\nunclosed \xe2\x80\x94 fence";
  g_autofree char *showcase_extra = g_strconcat (fixture->showcase, "\n", extra, NULL);
  const char *texts[] = { fixture->showcase, extra, showcase_extra };

  for (guint t = 0; t < G_N_ELEMENTS (texts); t++)
    {
      g_autofree char *expected = NULL;

      brisk_markdown_view_set_text (fixture->view, texts[t]);
      expected = describe (fixture->view);

      for (int max_chunk = 1; max_chunk <= 64; max_chunk *= 4)
        {
          g_autofree char *streamed = NULL;

          stream (fixture, texts[t], max_chunk);
          streamed = describe (fixture->view);
          g_assert_cmpstr (streamed, ==, expected);
          g_assert_cmpstr (brisk_markdown_view_get_text (fixture->view), ==, texts[t]);
        }
    }
}

static void
test_markdown_long_reply_in_segments (Fixture       *fixture,
                                      gconstpointer  data)
{
  BriskMarkdownView *view = fixture->view;
  g_autoptr(GString) long_text = g_string_new (NULL);
  g_autoptr(GPtrArray) segments = NULL;
  g_autoptr(GPtrArray) short_segments = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *streamed = NULL;
  GtkTextBuffer *last;
  GtkTextIter start;
  GtkTextIter match;

  /* An ordinary reply is one text view, so a selection can span all of it. */
  brisk_markdown_view_set_text (view, fixture->showcase);
  short_segments = get_segments (view);
  g_assert_cmpuint (short_segments->len, ==, 1);

  /* A very long one goes on in new text views, each of them full but the last. */
  for (guint i = 0; i < 40; i++)
    g_string_append_printf (long_text, "%s\n", fixture->showcase);
  brisk_markdown_view_set_text (view, long_text->str);
  segments = get_segments (view);
  g_assert_cmpuint (segments->len, >=, 3);
  for (guint i = 0; i + 1 < segments->len; i++)
    g_assert_cmpint (gtk_text_buffer_get_char_count (gtk_text_view_get_buffer (segments->pdata[i])),
                     >=, 8192);
  g_assert_cmpstr (brisk_markdown_view_get_text (view), ==, long_text->str);

  /* Links work in every segment. */
  last = gtk_text_view_get_buffer (segments->pdata[segments->len - 1]);
  gtk_text_buffer_get_start_iter (last, &start);
  g_assert_true (gtk_text_iter_forward_search (&start, "the docs", GTK_TEXT_SEARCH_TEXT_ONLY,
                                               &match, NULL, NULL));
  g_assert_cmpstr (_brisk_markdown_view_get_uri_at_offset (view, segments->pdata[segments->len - 1],
                                                           gtk_text_iter_get_offset (&match)),
                   ==, "https://docs.gtk.org/gtk4/");

  /* Streamed, it is cut into the same segments. */
  expected = describe (view);
  stream (fixture, long_text->str, 64);
  streamed = describe (view);
  g_assert_cmpstr (streamed, ==, expected);

  /* And a recycled view is one text view again. */
  brisk_markdown_view_set_text (view, fixture->showcase);
  g_clear_pointer (&short_segments, g_ptr_array_unref);
  short_segments = get_segments (view);
  g_assert_cmpuint (short_segments->len, ==, 1);
}

/* The share of @widget's pixels that are dark (text on the light background) in what the X
 * server shows now: what the user sees, not what painting the widget afresh would give.
 */
static double
measure_shown_ink (GtkWidget *widget)
{
  GtkNative *native = gtk_widget_get_native (widget);
  Display *xdisplay = gdk_x11_display_get_xdisplay (gtk_widget_get_display (widget));
  Window xid = gdk_x11_surface_get_xid (gtk_native_get_surface (native));
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  graphene_rect_t bounds;
  double surface_x;
  double surface_y;
  XImage *image;
  guint n_dark = 0;

  g_assert_true (gtk_widget_compute_bounds (widget, GTK_WIDGET (native), &bounds));
  gtk_native_get_surface_transform (native, &surface_x, &surface_y);
  image = XGetImage (xdisplay, xid, bounds.origin.x + surface_x, bounds.origin.y + surface_y,
                     width, height, AllPlanes, ZPixmap);
  g_assert_nonnull (image);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        unsigned long pixel = XGetPixel (image, x, y);

        if (((pixel >> 16) & 0xff) + ((pixel >> 8) & 0xff) + (pixel & 0xff) < 3 * 128)
          n_dark++;
      }
  XDestroyImage (image);

  return (double)n_dark / (width * height);
}

static void
test_markdown_long_reply_scrolls (Fixture       *fixture,
                                  gconstpointer  data)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *list = brisk_message_list_new ();
  BriskMarkdownView *view = BRISK_MARKDOWN_VIEW (brisk_markdown_view_new ());
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  g_autoptr(GString) long_text = g_string_new (NULL);

  /* As in a conversation: the reply is a row of the message list. */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_LIGHT);
  brisk_message_list_insert (BRISK_MESSAGE_LIST (list), 0, GTK_WIDGET (view));
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), list);
  gtk_window_set_default_size (window, 700, 600);
  gtk_window_set_child (window, scroller);
  gtk_window_present (window);
  for (guint i = 0; i < 40; i++)
    g_string_append_printf (long_text, "%s\n", fixture->showcase);
  brisk_markdown_view_set_text (view, long_text->str);
  for (guint i = 0; i < 4; i++)
    brisk_ui_test_wait_for_frame (GTK_WIDGET (view));
  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), >,
                     10 * gtk_adjustment_get_page_size (adjustment));

  /* Only the part of a long reply in view is painted: wherever it is scrolled to, the text
   * there shows.
   */
  for (guint step = 0; step <= 8; step++)
    {
      double value = (gtk_adjustment_get_upper (adjustment)
                      - gtk_adjustment_get_page_size (adjustment)) * step / 8;

      gtk_adjustment_set_value (adjustment, value);
      for (guint i = 0; i < 3; i++)
        brisk_ui_test_wait_for_frame (GTK_WIDGET (view));
      g_assert_cmpfloat (measure_shown_ink (scroller), >, 0.005);
    }

  brisk_ui_test_close_window (window, NULL);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
}

typedef struct
{
  BriskMarkdownView *view;
  const char        *expected;
} Rendering;

typedef struct
{
  GtkWidget *widget;
  int        height;
  guint      frames_same;
} Settling;

/* Waits a frame, and says whether the height has stayed the same for the last three: GTK lays
 * a text view's lines out in idle callbacks, which a busy machine runs later.
 */
static gboolean
height_settled (gpointer data)
{
  Settling *settling = data;
  int height;

  brisk_ui_test_wait_for_frame (settling->widget);
  height = gtk_widget_get_height (settling->widget);
  settling->frames_same = height == settling->height ? settling->frames_same + 1 : 0;
  settling->height = height;

  return settling->frames_same >= 3;
}

/* Runs whatever the main loop has ready, down to its lowest priority: what a view lets go of
 * it lets go of then.
 */
static void
run_pending_work (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* The height of @view once its text is laid out. */
static int
wait_for_settled_height (BriskMarkdownView *view)
{
  Settling settling = { GTK_WIDGET (view), -1, 0 };

  BRISK_UI_TEST_WAIT_UNTIL (height_settled (&settling), "the view's height to settle");
  return settling.height;
}

static gboolean
rendered_as_expected (gpointer data)
{
  Rendering *rendering = data;
  g_autofree char *shown = describe (rendering->view);

  return g_str_equal (shown, rendering->expected);
}

static void
test_markdown_renders_in_background (Fixture       *fixture,
                                     gconstpointer  data)
{
  BriskMarkdownView *view = fixture->view;
  g_autoptr(GString) long_text = g_string_new (NULL);
  g_autofree char *expected = NULL;
  g_autofree char *first_frame = NULL;
  Rendering rendering = { view, NULL };
  int width;
  int rendered_height;
  int guessed_height;

  for (guint i = 0; i < 40; i++)
    g_string_append_printf (long_text, "%s\n", fixture->showcase);
  brisk_markdown_view_set_text (view, long_text->str);
  expected = describe (view);
  rendered_height = wait_for_settled_height (view);
  width = gtk_widget_get_width (GTK_WIDGET (view));
  brisk_markdown_view_set_text (view, NULL);

  /* A long message joining above the view waits to be asked before it renders anything, and
   * is meanwhile about as tall as its text will be.
   */
  brisk_markdown_view_set_text_in_background (view, long_text->str);
  g_assert_cmpstr (brisk_markdown_view_get_text (view), ==, long_text->str);
  for (guint i = 0; i < 3; i++)
    brisk_ui_test_wait_for_frame (GTK_WIDGET (view));
  g_assert_cmpint (gtk_text_buffer_get_char_count (get_buffer (view)), ==, 0);
  gtk_widget_measure (GTK_WIDGET (view), GTK_ORIENTATION_VERTICAL, width, NULL, &guessed_height,
                      NULL, NULL);
  g_assert_cmpint (guessed_height, >, rendered_height / 2);
  g_assert_cmpint (guessed_height, <, rendered_height * 2);

  /* Then it renders a part a frame, and ends up exactly as if it had been set at once. */
  brisk_markdown_view_render_soon (view);
  brisk_ui_test_wait_for_frame (GTK_WIDGET (view));
  first_frame = describe (view);
  g_assert_cmpuint (strlen (first_frame), >, 0);
  g_assert_cmpuint (strlen (first_frame), <, strlen (expected));
  rendering.expected = expected;
  BRISK_UI_TEST_WAIT_UNTIL (rendered_as_expected (&rendering), "the whole text to render");
}

static void
test_markdown_release_keeps_height (Fixture       *fixture,
                                    gconstpointer  data)
{
  BriskMarkdownView *view = fixture->view;
  g_autoptr(GPtrArray) blocks = NULL;
  g_autofree char *text = g_strdup_printf ("%s\n%s", fixture->showcase, fixture->showcase);
  g_autofree char *expected = NULL;
  Rendering rendering = { view, NULL };
  GtkTextIter start;
  GtkTextIter end;
  int width;
  int height;
  int released_height;

  brisk_markdown_view_set_text (view, text);
  expected = describe (view);
  height = wait_for_settled_height (view);
  width = gtk_widget_get_width (GTK_WIDGET (view));
  blocks = find_all (view, BRISK_TYPE_CODE_BLOCK);
  g_assert_cmpuint (blocks->len, >, 0);
  g_clear_pointer (&blocks, g_ptr_array_unref);

  /* Text the user is in (has the window's keyboard focus, whether or not the window is the
   * active one), or has selected, stays.
   */
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (_brisk_markdown_view_get_text_view (view))));
  brisk_markdown_view_release (view);
  run_pending_work ();
  g_assert_cmpint (gtk_text_buffer_get_char_count (get_buffer (view)), >, 0);
  gtk_root_set_focus (gtk_widget_get_root (GTK_WIDGET (view)), NULL);
  gtk_text_buffer_get_bounds (get_buffer (view), &start, &end);
  gtk_text_iter_set_offset (&end, 10);
  gtk_text_buffer_select_range (get_buffer (view), &start, &end);
  brisk_markdown_view_release (view);
  run_pending_work ();
  g_assert_cmpint (gtk_text_buffer_get_char_count (get_buffer (view)), >, 0);
  gtk_text_buffer_select_range (get_buffer (view), &start, &start);

  /* Otherwise it lets go of everything it rendered, code blocks too, once the main loop is
   * idle, and keeps its height at its width while it waits.
   */
  brisk_markdown_view_release (view);
  BRISK_UI_TEST_WAIT_UNTIL (gtk_text_buffer_get_char_count (get_buffer (view)) == 0,
                            "the view to let go of its text");
  blocks = find_all (view, BRISK_TYPE_CODE_BLOCK);
  g_assert_cmpuint (blocks->len, ==, 0);
  g_assert_cmpstr (brisk_markdown_view_get_text (view), ==, text);
  for (guint i = 0; i < 3; i++)
    brisk_ui_test_wait_for_frame (GTK_WIDGET (view));
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (view)), ==, height);
  gtk_widget_measure (GTK_WIDGET (view), GTK_ORIENTATION_VERTICAL, width, NULL,
                      &released_height, NULL, NULL);
  g_assert_cmpint (released_height, ==, height);

  /* Coming near again before it let go, it keeps what it shows. */
  brisk_markdown_view_render_soon (view);
  rendering.expected = expected;
  BRISK_UI_TEST_WAIT_UNTIL (rendered_as_expected (&rendering), "the text to render again");
  brisk_markdown_view_release (view);
  brisk_markdown_view_render_soon (view);
  run_pending_work ();
  g_assert_true (rendered_as_expected (&rendering));
  brisk_markdown_view_release (view);
  BRISK_UI_TEST_WAIT_UNTIL (gtk_text_buffer_get_char_count (get_buffer (view)) == 0,
                            "the view to let go of its text again");

  /* Asked again, it renders what it showed before, as tall as before (GTK lays a text view's
   * lines out a part at a time, guessing the height of the rest, so two layouts of the same
   * text may differ by a few lines' worth until it is done).
   */
  brisk_markdown_view_render_soon (view);
  rendering.expected = expected;
  BRISK_UI_TEST_WAIT_UNTIL (rendered_as_expected (&rendering), "the text to render again");
  g_assert_cmpint (ABS (wait_for_settled_height (view) - height), <=, height / 20);
}

static void
test_markdown_renders_once_per_frame (Fixture       *fixture,
                                      gconstpointer  data)
{
  BriskMarkdownView *view = fixture->view;
  GtkTextBuffer *buffer = get_buffer (view);
  g_autofree char *text = NULL;

  brisk_markdown_view_set_text (view, NULL);
  for (guint i = 0; i < 500; i++)
    brisk_markdown_view_append (view, "word ");

  /* Nothing is rendered per piece; the next frame renders them all. */
  g_assert_cmpint (gtk_text_buffer_get_char_count (buffer), ==, 0);
  brisk_ui_test_wait_for_frame (GTK_WIDGET (view));
  g_assert_cmpint (gtk_text_buffer_get_char_count (buffer), ==, 500 * 5 - 1);

  /* Pieces still waiting for a frame are dropped by set_text(). */
  brisk_markdown_view_append (view, " more");
  brisk_markdown_view_set_text (view, "Just *one* line.");
  brisk_ui_test_wait_for_frame (GTK_WIDGET (view));
  text = get_visible_text (view);
  g_assert_cmpstr (text, ==, "Just one line.");
}

static void
test_markdown_freezes_finished_blocks (Fixture       *fixture,
                                       gconstpointer  data)
{
  BriskMarkdownView *view = fixture->view;
  g_autoptr(GPtrArray) blocks = NULL;
  g_autoptr(GPtrArray) after = NULL;
  const char *code_start = strstr (fixture->showcase, "```python");
  g_autofree char *head = NULL;
  BriskCodeBlock *python;
  GtkWidget *source_view;
  GtkTextBuffer *source_buffer;

  /* The python block streams in: it is one widget, growing in place. */
  head = g_strndup (fixture->showcase, code_start - fixture->showcase + strlen ("```python\n"));
  brisk_markdown_view_set_text (view, head);
  brisk_markdown_view_append (view, "def greet(name):\n");
  brisk_ui_test_wait_for_frame (GTK_WIDGET (view));
  blocks = find_all (view, BRISK_TYPE_CODE_BLOCK);
  g_assert_cmpuint (blocks->len, ==, 1);
  python = g_ptr_array_index (blocks, 0);
  source_view = brisk_ui_test_find_descendant (GTK_WIDGET (python), GTK_SOURCE_TYPE_VIEW, NULL);
  source_buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (source_view));
  g_assert_cmpstr (brisk_code_block_get_code (python), ==, "def greet(name):");

  g_object_add_weak_pointer (G_OBJECT (source_view), (gpointer *)&source_view);
  brisk_markdown_view_append (view, "    print(");
  brisk_ui_test_wait_for_frame (GTK_WIDGET (view));
  g_assert_cmpstr (brisk_code_block_get_code (python), ==, "def greet(name):\n    print(");

  /* The rest of the reply leaves the finished block alone. */
  brisk_markdown_view_append (view, strstr (code_start, "f\"Hello"));
  brisk_ui_test_wait_for_frame (GTK_WIDGET (view));
  brisk_markdown_view_flush (view);
  after = find_all (view, BRISK_TYPE_CODE_BLOCK);
  g_assert_cmpuint (after->len, ==, 4);
  g_assert_true (g_ptr_array_index (after, 0) == python);
  g_assert_nonnull (source_view);
  g_assert_true (gtk_text_view_get_buffer (GTK_TEXT_VIEW (source_view)) == source_buffer);
  g_assert_true (gtk_widget_is_ancestor (source_view, GTK_WIDGET (view)));
  g_assert_cmpstr (brisk_code_block_get_code (python), ==,
                   "def greet(name):\n    print(f\"Hello, {name}!\")");
  g_assert_cmpstr (brisk_markdown_view_get_text (view), ==, fixture->showcase);
  g_object_remove_weak_pointer (G_OBJECT (source_view), (gpointer *)&source_view);
}

static void
test_markdown_set_text_resets (Fixture       *fixture,
                               gconstpointer  data)
{
  BriskMarkdownView *view = fixture->view;
  g_autoptr(GPtrArray) blocks = NULL;
  g_autoptr(GPtrArray) remaining = NULL;
  g_autofree char *text = NULL;
  GtkWidget *code_block;

  brisk_markdown_view_set_text (view, fixture->showcase);
  blocks = find_all (view, BRISK_TYPE_CODE_BLOCK);
  code_block = g_ptr_array_index (blocks, 0);
  g_object_add_weak_pointer (G_OBJECT (code_block), (gpointer *)&code_block);

  /* A recycled row shows its new message and nothing of the old one. */
  brisk_markdown_view_set_text (view, "[Only](https://example.com) *one* line.");
  brisk_ui_test_wait_for_frame (GTK_WIDGET (view));
  text = get_visible_text (view);
  g_assert_cmpstr (text, ==, "Only one line.");
  g_assert_null (code_block);
  remaining = find_all (view, GTK_TYPE_WIDGET);
  g_assert_cmpuint (remaining->len, ==, 2); /* the view and its text view */
  g_assert_cmpstr (uri_at (view, 0), ==, "https://example.com");
  g_assert_null (uri_at (view, 6));
  assert_tag_covers (view, "italic", "one");
  g_assert_cmpstr (brisk_markdown_view_get_text (view), ==,
                   "[Only](https://example.com) *one* line.");
}

static void
test_markdown_ends_with_code_block (Fixture       *fixture,
                                    gconstpointer  data)
{
  const char *text = "Some text.\n\n```python\nprint(\"hello\")\nprint(\"again\")\n```\n";
  /* Set at once, streamed, or narrowed to a phone's width afterwards, a reply that ends in a
   * code block ends right under it (and its gap), with neither empty space nor the block cut
   * off.
   */
  for (guint pass = 0; pass < 3; pass++)
    {
      GtkWidget *block;
      graphene_rect_t bounds;
      int height;

      if (pass == 0)
        brisk_markdown_view_set_text (fixture->view, text);
      else if (pass == 1)
        stream (fixture, text, 3);
      else
        gtk_window_set_default_size (fixture->window, 360, 600);
      for (guint i = 0; i < 5; i++)
        brisk_ui_test_wait_for_frame (GTK_WIDGET (fixture->view));

      block = brisk_ui_test_find_descendant (GTK_WIDGET (fixture->view), BRISK_TYPE_CODE_BLOCK,
                                             NULL);
      g_assert_true (gtk_widget_compute_bounds (block, GTK_WIDGET (fixture->view), &bounds));
      g_assert_cmpint (gtk_widget_get_height (block), >, 0);
      gtk_widget_measure (GTK_WIDGET (fixture->view), GTK_ORIENTATION_VERTICAL,
                          gtk_widget_get_width (GTK_WIDGET (fixture->view)), &height, NULL,
                          NULL, NULL);
      g_assert_cmpint (height, ==, (int)(bounds.origin.y + bounds.size.height) + 10);
      g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (fixture->view)), >=, height);
      if (pass == 2)
        g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->view)), <=, 360);
    }
}

int
main (int   argc,
      char *argv[])
{
  brisk_ui_test_init (&argc, &argv);

#define ADD_TEST(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD_TEST ("/markdown/literal", test_markdown_shows_model_text_literally);
  ADD_TEST ("/markdown/tags", test_markdown_tags_cover_spans);
  ADD_TEST ("/markdown/links", test_markdown_links);
  ADD_TEST ("/markdown/code-blocks", test_markdown_code_blocks);
  ADD_TEST ("/markdown/streaming", test_markdown_streaming_matches_set_text);
  ADD_TEST ("/markdown/once-per-frame", test_markdown_renders_once_per_frame);
  ADD_TEST ("/markdown/segments", test_markdown_long_reply_in_segments);
  ADD_TEST ("/markdown/long-reply-scrolls", test_markdown_long_reply_scrolls);
  ADD_TEST ("/markdown/renders-in-background", test_markdown_renders_in_background);
  ADD_TEST ("/markdown/release-keeps-height", test_markdown_release_keeps_height);
  ADD_TEST ("/markdown/frozen-blocks", test_markdown_freezes_finished_blocks);
  ADD_TEST ("/markdown/set-text-resets", test_markdown_set_text_resets);
  ADD_TEST ("/markdown/ends-with-code-block", test_markdown_ends_with_code_block);

#undef ADD_TEST

  return g_test_run ();
}
