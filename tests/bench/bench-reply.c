/* bench-reply.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bench-reply"

#include "config.h"

#include "bench-reply.h"

/* A long markdown reply such as a model writes when asked for a thorough answer: sections
 * with headings, paragraphs with inline markup and links, nested lists, tables, quotes and a
 * fenced code block in each section. Seeded, so every benchmark streams the same text.
 */

static const char * const words[] = {
  "the", "model", "streams", "tokens", "quickly", "and", "a", "renderer", "keeps", "up", "with",
  "each", "frame", "so", "that", "long", "replies", "stay", "smooth", "buffer", "widget",
  "layout", "of", "in", "to", "is", "for", "latency", "markdown", "text", "parser", "chunk",
};

typedef struct
{
  GString *out;
  GRand   *rand;
  guint    n_code_blocks;
} Writer;

static const char *
word (Writer *w)
{
  return words[g_rand_int_range (w->rand, 0, G_N_ELEMENTS (words))];
}

static void
write_words (Writer *w,
             int     n)
{
  for (int i = 0; i < n; i++)
    {
      int style = g_rand_int_range (w->rand, 0, 40);

      g_string_append (w->out, i == 0 ? "" : " ");
      if (style == 0)
        g_string_append_printf (w->out, "**%s %s**", word (w), word (w));
      else if (style == 1)
        g_string_append_printf (w->out, "*%s*", word (w));
      else if (style == 2)
        g_string_append_printf (w->out, "`%s_%s()`", word (w), word (w));
      else if (style == 3)
        g_string_append_printf (w->out, "[%s](https://example.com/%s)", word (w), word (w));
      else
        g_string_append (w->out, word (w));
    }
}

static void
write_code_block (Writer *w)
{
  static const char * const languages[] = { "python", "c", "sh" };
  int n_lines = g_rand_int_range (w->rand, 6, 20);

  g_string_append_printf (w->out, "```%s\n",
                          languages[g_rand_int_range (w->rand, 0, G_N_ELEMENTS (languages))]);
  for (int i = 0; i < n_lines; i++)
    {
      g_string_append_printf (w->out, "%*s%s_%s = compute(%s, %d)\n",
                              g_rand_int_range (w->rand, 0, 3) * 4, "", word (w), word (w),
                              word (w), g_rand_int_range (w->rand, 0, 1000));
      if (g_rand_int_range (w->rand, 0, 8) == 0)
        g_string_append_c (w->out, '\n');
    }
  g_string_append (w->out, "```\n\n");
  w->n_code_blocks++;
}

static void
write_section (Writer *w,
               int     number)
{
  g_string_append_printf (w->out, "## Part %d: ", number);
  write_words (w, 4);
  g_string_append (w->out, "\n\n");

  for (int p = g_rand_int_range (w->rand, 1, 4); p > 0; p--)
    {
      write_words (w, g_rand_int_range (w->rand, 30, 90));
      g_string_append (w->out, ".\n\n");
    }

  for (int i = g_rand_int_range (w->rand, 3, 7), n = 1; i > 0; i--, n++)
    {
      g_string_append_printf (w->out, number % 2 ? "- " : "%d. ", n);
      write_words (w, g_rand_int_range (w->rand, 5, 20));
      g_string_append_c (w->out, '\n');
      if (i % 3 == 0)
        {
          g_string_append (w->out, "  - ");
          write_words (w, 6);
          g_string_append_c (w->out, '\n');
        }
    }
  g_string_append_c (w->out, '\n');

  if (number % 3 == 0)
    {
      g_string_append (w->out, "| Option | Value | Notes |\n|---|---:|---|\n");
      for (int row = 0; row < 5; row++)
        {
          g_string_append_printf (w->out, "| %s | %d | ", word (w), g_rand_int_range (w->rand, 1, 999));
          write_words (w, 5);
          g_string_append (w->out, " |\n");
        }
      g_string_append_c (w->out, '\n');
    }

  write_code_block (w);

  if (number % 4 == 0)
    {
      g_string_append (w->out, "> ");
      write_words (w, 20);
      g_string_append (w->out, "\n\n");
    }
}

/**
 * bench_reply_generate:
 * @n_tokens: about how many tokens the reply has
 * @n_code_blocks: (out): how many fenced code blocks it holds
 * @text: (out): the whole reply
 *
 * Returns: (transfer full): the reply cut into tokens of 2 to 6 bytes (4 on average), as
 *   Groq streams them; the same for every call
 */
GPtrArray *
bench_reply_generate (guint   n_tokens,
                      guint  *n_code_blocks,
                      char  **text)
{
  Writer w = { g_string_new (NULL), g_rand_new_with_seed (20260) };
  GPtrArray *tokens = g_ptr_array_new_with_free_func (g_free);
  gsize pos = 0;

  for (int section = 1; w.out->len < n_tokens * 4; section++)
    write_section (&w, section);

  while (pos < w.out->len)
    {
      gsize size = MIN (w.out->len - pos, (gsize)g_rand_int_range (w.rand, 2, 7));

      g_ptr_array_add (tokens, g_strndup (w.out->str + pos, size));
      pos += size;
    }

  *n_code_blocks = w.n_code_blocks;
  *text = g_string_free (w.out, FALSE);
  g_rand_free (w.rand);
  return tokens;
}
