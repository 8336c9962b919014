/* brisk-code-block.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "brisk-code-block"

#include "config.h"

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>
#include <string.h>

#include "brisk-code-block.h"

/* A fenced code block in a reply: the language as the fence names it, a Copy button, and the
 * code, highlighted and scrolling sideways rather than wrapping, so that indentation stays
 * readable. While a reply streams, the code grows at its end: set_code() then only inserts what
 * is new, so a long block costs no more per token than a short one.
 */
struct _BriskCodeBlock
{
  GtkWidget        parent_instance;

  /* Owned references */
  GString         *code;
  char            *language;

  /* Borrowed references */
  GtkWidget       *box;
  GtkLabel        *language_label;
  GtkSourceView   *view;
  GtkSourceBuffer *buffer;
};

G_DEFINE_FINAL_TYPE (BriskCodeBlock, brisk_code_block, GTK_TYPE_WIDGET)

/* What models write after the fence, and GtkSourceView 5.6's id for it, where they differ. */
static const struct {
  const char *alias;
  const char *id;
} language_aliases[] = {
  { "bash", "sh" },
  { "c++", "cpp" },
  { "console", "sh" },
  { "cxx", "cpp" },
  { "javascript", "js" },
  { "py", "python3" },
  { "python", "python3" },
  { "rs", "rust" },
  { "shell", "sh" },
  { "ts", "typescript" },
  { "yml", "yaml" },
  { "zsh", "sh" },
};

static GtkSourceLanguage *
find_language (const char *name)
{
  GtkSourceLanguageManager *manager = gtk_source_language_manager_get_default ();
  g_autofree char *id = g_ascii_strdown (name, -1);
  g_autofree char *file_name = NULL;
  GtkSourceLanguage *language;

  for (guint i = 0; i < G_N_ELEMENTS (language_aliases); i++)
    {
      if (strcmp (id, language_aliases[i].alias) == 0)
        return gtk_source_language_manager_get_language (manager, language_aliases[i].id);
    }

  language = gtk_source_language_manager_get_language (manager, id);
  if (language != NULL)
    return language;

  /* Many fences name a file extension ("tsx", "kt", "hpp"): let the manager's globs decide. */
  file_name = g_strconcat ("code.", id, NULL);
  return gtk_source_language_manager_guess_language (manager, file_name, NULL);
}

/* GtkSourceView reads and compiles a language's definition for the first buffer that uses it
 * and drops it with the last one: 10 to 40 ms each time. Answers far from the view let go of
 * their code blocks, so scrolling back and forth would read the same languages again and
 * again, each time in the middle of a frame. A hidden buffer per language seen keeps its
 * definition for as long as Brisk runs.
 */
static void
keep_language_loaded (GtkSourceLanguage *language)
{
  static GHashTable *keepers;  /* language id → GtkSourceBuffer */
  GtkSourceBuffer *keeper;

  if (language == NULL)
    return;

  if (keepers == NULL)
    keepers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  if (g_hash_table_contains (keepers, gtk_source_language_get_id (language)))
    return;

  keeper = gtk_source_buffer_new (NULL);
  gtk_source_buffer_set_language (keeper, language);
  g_hash_table_insert (keepers, g_strdup (gtk_source_language_get_id (language)), keeper);
}

static void
update_style_scheme (BriskCodeBlock *self)
{
  GtkSourceStyleSchemeManager *manager = gtk_source_style_scheme_manager_get_default ();
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  GtkSourceStyleScheme *scheme;

  scheme = gtk_source_style_scheme_manager_get_scheme (manager, dark ? "Adwaita-dark" : "Adwaita");
  if (scheme == NULL)
    scheme = gtk_source_style_scheme_manager_get_scheme (manager, dark ? "oblivion" : "classic");
  gtk_source_buffer_set_style_scheme (self->buffer, scheme);
}

static void
copy_clicked_cb (BriskCodeBlock *self)
{
  g_assert (BRISK_IS_CODE_BLOCK (self));

  /* Then a toast, which only a BriskWindow can show: elsewhere the copy goes unannounced. */
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), self->code->str);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-toast", "s", _("Copied"));
}

static void
brisk_code_block_dispose (GObject *object)
{
  BriskCodeBlock *self = (BriskCodeBlock *)object;

  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (brisk_code_block_parent_class)->dispose (object);
}

static void
brisk_code_block_finalize (GObject *object)
{
  BriskCodeBlock *self = (BriskCodeBlock *)object;

  g_string_free (self->code, TRUE);
  g_free (self->language);

  G_OBJECT_CLASS (brisk_code_block_parent_class)->finalize (object);
}

static void
brisk_code_block_class_init (BriskCodeBlockClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = brisk_code_block_dispose;
  object_class->finalize = brisk_code_block_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "codeblock");
}

static void
brisk_code_block_init (BriskCodeBlock *self)
{
  GtkWidget *header;
  GtkWidget *copy_button;
  GtkWidget *scroller;

  self->code = g_string_new (NULL);

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_add_css_class (header, "header");
  gtk_box_append (GTK_BOX (self->box), header);

  copy_button = gtk_button_new_from_icon_name ("edit-copy-symbolic");
  gtk_widget_add_css_class (copy_button, "flat");
  /* Setting a tooltip on a visible widget makes GTK ask the X server where the pointer is: a
   * round trip for every code block of every message shown. Hidden meanwhile, it does not.
   */
  gtk_widget_set_visible (copy_button, FALSE);
  gtk_widget_set_tooltip_text (copy_button, _("Copy"));
  gtk_widget_set_visible (copy_button, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (copy_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Copy"),
                                  -1);
  g_signal_connect_object (copy_button, "clicked", G_CALLBACK (copy_clicked_cb), self,
                           G_CONNECT_SWAPPED);
  /* Translators: the heading of a code block whose language the reply does not name. */
  self->language_label = GTK_LABEL (gtk_label_new (_("Code")));
  gtk_label_set_xalign (self->language_label, 0);
  gtk_widget_set_hexpand (GTK_WIDGET (self->language_label), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->language_label), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (self->language_label), "dim-label");
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (self->language_label));
  gtk_box_append (GTK_BOX (header), copy_button);

  self->buffer = gtk_source_buffer_new (NULL);
  gtk_source_buffer_set_highlight_matching_brackets (self->buffer, FALSE);
  self->view = GTK_SOURCE_VIEW (gtk_source_view_new_with_buffer (self->buffer));
  g_object_unref (self->buffer);
  gtk_text_view_set_editable (GTK_TEXT_VIEW (self->view), FALSE);
  gtk_text_view_set_cursor_visible (GTK_TEXT_VIEW (self->view), FALSE);
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (self->view), TRUE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (self->view), GTK_WRAP_NONE);
  /* Margins rather than CSS padding, so the style scheme's background fills the block. */
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (self->view), 12);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (self->view), 12);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (self->view), 8);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (self->view), 8);

  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller),
                                  GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->view));
  gtk_box_append (GTK_BOX (self->box), scroller);

  update_style_scheme (self);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (update_style_scheme), self, G_CONNECT_SWAPPED);
}

/* A block built before it is needed, while the main loop has nothing else to do. Building one
 * takes about a millisecond, which the frame a streamed code block starts in needs for laying
 * out and painting it.
 */
static BriskCodeBlock *spare;
static guint spare_idle_id;

static gboolean
build_spare_cb (gpointer user_data)
{
  spare_idle_id = 0;
  if (spare == NULL)
    spare = g_object_ref_sink (g_object_new (BRISK_TYPE_CODE_BLOCK, NULL));

  return G_SOURCE_REMOVE;
}

/**
 * brisk_code_block_prepare:
 *
 * Builds a block when the main loop is next idle, for the next brisk_code_block_new() to
 * take: for a reply that has started to stream, and may soon open a code block.
 */
void
brisk_code_block_prepare (void)
{
  if (spare == NULL && spare_idle_id == 0)
    spare_idle_id = g_idle_add_full (G_PRIORITY_LOW, build_spare_cb, NULL, NULL);
}

/**
 * brisk_code_block_new:
 * @language: (nullable): the fence's info string word, such as "python" or "sh"
 *
 * Returns: a new, empty #BriskCodeBlock
 */
GtkWidget *
brisk_code_block_new (const char *language)
{
  BriskCodeBlock *self;

  if (spare != NULL)
    {
      /* Handed over floating, as a new widget is, for its parent to own. */
      self = g_steal_pointer (&spare);
      g_object_force_floating (G_OBJECT (self));
    }
  else
    self = g_object_new (BRISK_TYPE_CODE_BLOCK, NULL);
  /* Where there was one code block, more tend to follow. */
  brisk_code_block_prepare ();

  if (language != NULL && language[0] != '\0')
    {
      GtkSourceLanguage *source_language = find_language (language);

      self->language = g_strdup (language);
      gtk_label_set_text (self->language_label, language);
      keep_language_loaded (source_language);
      gtk_source_buffer_set_language (self->buffer, source_language);
    }

  return GTK_WIDGET (self);
}

/**
 * brisk_code_block_set_code:
 * @self: a #BriskCodeBlock
 * @code: the code, valid UTF-8
 * @len: its length in bytes
 *
 * Shows @code. Only the part that differs from the code shown so far is replaced, so a block
 * that grows at its end is never rebuilt.
 */
void
brisk_code_block_set_code (BriskCodeBlock *self,
                           const char     *code,
                           gsize           len)
{
  GtkTextBuffer *buffer;
  GtkTextIter start;
  GtkTextIter end;
  gsize common = 0;

  g_return_if_fail (BRISK_IS_CODE_BLOCK (self));
  g_return_if_fail (code != NULL || len == 0);

  buffer = GTK_TEXT_BUFFER (self->buffer);
  while (common < len && common < self->code->len && code[common] == self->code->str[common])
    common++;
  if (common == len && common == self->code->len)
    return;

  /* Never split a character: back up to the start of the one that differs. */
  while (common > 0 && common < self->code->len && (self->code->str[common] & 0xC0) == 0x80)
    common--;

  gtk_text_buffer_get_end_iter (buffer, &end);
  if (common < self->code->len)
    {
      gtk_text_buffer_get_iter_at_offset (buffer, &start,
                                          g_utf8_strlen (self->code->str, common));
      gtk_text_buffer_delete (buffer, &start, &end);
    }
  gtk_text_buffer_insert (buffer, &end, code + common, len - common);

  g_string_truncate (self->code, common);
  g_string_append_len (self->code, code + common, len - common);
}

const char *
brisk_code_block_get_code (BriskCodeBlock *self)
{
  g_return_val_if_fail (BRISK_IS_CODE_BLOCK (self), NULL);

  return self->code->str;
}

/**
 * brisk_code_block_get_language:
 * @self: a #BriskCodeBlock
 *
 * Returns: (nullable): the language the fence named, or %NULL
 */
const char *
brisk_code_block_get_language (BriskCodeBlock *self)
{
  g_return_val_if_fail (BRISK_IS_CODE_BLOCK (self), NULL);

  return self->language;
}
