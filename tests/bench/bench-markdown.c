/* bench-markdown.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bench-markdown"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "bench-reply.h"
#include "brisk-code-block.h"
#include "brisk-markdown-view.h"

/* The markdown benchmark: a 20,000-token reply streamed into a BriskMarkdownView in a window on
 * screen, a few bytes per token, as Groq sends it at 2,000 tokens/s: each frame (1/60 s) gets
 * 33 tokens, a flush, and then a real frame (layout and paint) with the view scrolled to the
 * end, as a chat keeps it. What a user feels is whether the end of a long reply streams as
 * smoothly as its start, so it compares the CPU time per 1,000 tokens of the last quarter with
 * the first: the view's own work (appends and flushes), against the target, and GTK's layout
 * and paint of the frames, apart. It fails only when the reply renders wrong; a missed target
 * is reported.
 *
 * Then the cost of a code block: the first of a language the reply never used, and one of the
 * same language made after the first was destroyed, as when an answer far from the view has
 * let go of its blocks and renders again.
 */

#define N_TOKENS          20000
#define TOKENS_PER_FRAME  33
#define TARGET_RATIO      1.2

static double
thread_cpu_seconds (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return now.tv_sec + now.tv_nsec / 1e9;
}

/* Milliseconds of this thread's CPU to make a code block of @language and destroy it. */
static double
code_block_ms (const char *language)
{
  double before = thread_cpu_seconds ();
  GtkWidget *block = g_object_ref_sink (brisk_code_block_new (language));

  brisk_code_block_set_code (BRISK_CODE_BLOCK (block), "{ \"answer\": 42 }\n", -1);
  g_object_unref (block);

  return (thread_cpu_seconds () - before) * 1000;
}

static void
after_paint_cb (GdkFrameClock *frame_clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

/* Lets one frame run, the view scrolled to its end. */
static void
run_frame (GtkWidget     *view,
           GtkAdjustment *adjustment)
{
  GdkFrameClock *frame_clock = gtk_widget_get_frame_clock (view);
  gboolean painted = FALSE;
  gulong handler;

  handler = g_signal_connect (frame_clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  gtk_widget_queue_draw (view);
  while (!painted)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (frame_clock, handler);
}

static guint
count_code_blocks (GtkWidget *root)
{
  guint n = BRISK_IS_CODE_BLOCK (root) ? 1 : 0;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_code_blocks (child);

  return n;
}

typedef struct
{
  double render_cpu; /* seconds: appends and flushes, the view's own work */
  double frame_cpu;  /* seconds: GTK's layout and paint of the frames */
  guint  n_tokens;
} Quarter;

static double
per_1000_tokens (const Quarter *quarter,
                 double         cpu)
{
  return cpu * 1e6 / quarter->n_tokens;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GPtrArray) tokens = NULL;
  g_autofree char *text = NULL;
  Quarter quarters[4] = { { 0 } };
  GtkWidget *window;
  GtkWidget *scroller;
  GtkWidget *view;
  GtkAdjustment *adjustment;
  guint n_code_blocks;
  guint n_rendered_blocks;
  gint64 max_flush = 0;
  double first;
  double last;
  double ratio;
  double first_frames;
  double last_frames;

  adw_init ();

  tokens = bench_reply_generate (N_TOKENS, &n_code_blocks, &text);

  view = brisk_markdown_view_new ();
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller),
                                  GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 700);
  gtk_window_set_child (GTK_WINDOW (window), scroller);
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (view))
    g_main_context_iteration (NULL, TRUE);

  /* Once per process, GtkSourceView loads its languages and schemes and GTK its fonts: that
   * is no cost of streaming, so it is paid before measuring.
   */
  brisk_markdown_view_set_text (BRISK_MARKDOWN_VIEW (view), text);
  run_frame (view, adjustment);
  brisk_markdown_view_set_text (BRISK_MARKDOWN_VIEW (view), NULL);
  run_frame (view, adjustment);

  for (guint i = 0; i < tokens->len;)
    {
      Quarter *quarter = &quarters[MIN (i * 4 / tokens->len, 3)];
      double started = thread_cpu_seconds ();
      double frame_started;
      gint64 flush_wall;
      guint end = MIN (i + TOKENS_PER_FRAME, tokens->len);

      quarter->n_tokens += end - i;

      for (; i < end; i++)
        brisk_markdown_view_append (BRISK_MARKDOWN_VIEW (view), tokens->pdata[i]);

      flush_wall = g_get_monotonic_time ();
      brisk_markdown_view_flush (BRISK_MARKDOWN_VIEW (view));
      max_flush = MAX (max_flush, g_get_monotonic_time () - flush_wall);

      frame_started = thread_cpu_seconds ();
      quarter->render_cpu += frame_started - started;
      run_frame (view, adjustment);
      quarter->frame_cpu += thread_cpu_seconds () - frame_started;
    }

  n_rendered_blocks = count_code_blocks (view);
  if (g_strcmp0 (brisk_markdown_view_get_text (BRISK_MARKDOWN_VIEW (view)), text) != 0 ||
      n_rendered_blocks != n_code_blocks)
    {
      g_printerr ("bench-markdown: the reply rendered wrong (%u code blocks of %u)\n",
                  n_rendered_blocks, n_code_blocks);
      return 1;
    }

  first = per_1000_tokens (&quarters[0], quarters[0].render_cpu);
  last = per_1000_tokens (&quarters[3], quarters[3].render_cpu);
  ratio = last / first;
  first_frames = per_1000_tokens (&quarters[0], quarters[0].frame_cpu);
  last_frames = per_1000_tokens (&quarters[3], quarters[3].frame_cpu);

  printf ("Brisk markdown benchmark: %u tokens (%zu bytes, %u code blocks), %d tokens per frame\n",
          tokens->len, strlen (text), n_code_blocks, TOKENS_PER_FRAME);
  printf ("renderer CPU per 1000 tokens (appends and flushes), first quarter: %.2f ms\n", first);
  printf ("renderer CPU per 1000 tokens (appends and flushes), last quarter: %.2f ms\n", last);
  printf ("renderer last / first quarter: %.2f; target <= %.1f: %s\n",
          ratio, TARGET_RATIO, ratio <= TARGET_RATIO ? "met" : "NOT MET");
  printf ("longest flush: %.2f ms\n", max_flush / 1000.0);
  printf ("GTK frame CPU per 1000 tokens (layout and paint), first quarter: %.2f ms\n",
          first_frames);
  printf ("GTK frame CPU per 1000 tokens (layout and paint), last quarter: %.2f ms\n",
          last_frames);
  printf ("GTK frames last / first quarter: %.2f; renderer and frames together: %.2f\n",
          last_frames / first_frames, (last + last_frames) / (first + first_frames));

  /* Languages the reply never uses (it has python, c and sh). */
  for (guint i = 0; i < 2; i++)
    {
      const char *language = (const char * const[]) { "json", "javascript" }[i];
      double first_block = code_block_ms (language);
      double again = code_block_ms (language);

      printf ("a %s code block: the first %.2f ms, another after it was destroyed %.2f ms "
              "(%.2f×)\n", language, first_block, again, again / first_block);
    }

  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
