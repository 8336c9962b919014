/* bench-startup.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bench-startup"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench-stats.h"
#include "brisk-test-server.h"

/* The start-up benchmark: from exec to the first painted frame of the real brisk binary, with a
 * history of 10,000 conversations and a key in the environment, against a minimal libadwaita
 * window (bench-first-frame) started the same way in the same run; and the peak RSS of each at
 * that point. The runs alternate, so load on the machine falls on both alike; medians of
 * RUNS runs are compared.
 *
 *   bench-startup BENCH-HISTORY BRISK BENCH-FIRST-FRAME FAKE-GROQ-SCRIPT
 *
 * It fails only when a program does not come up; missed targets are reported.
 */

#define RUNS                 7
#define CONVERSATIONS        10000
#define MESSAGES             100000
#define FIRST_FRAME_LIMIT_MS 60000

#define TARGET_RATIO         1.25
#define TARGET_EXTRA_RSS_MIB 40.0

typedef struct
{
  double first_frame_ms;
  double peak_rss_mib;
} Run;

/* Reads lines from @fd until one starts with @prefix; returns it, or NULL at the end. */
static char *
read_line_with (int         fd,
                const char *prefix,
                int         timeout_ms)
{
  g_autoptr(GString) in = g_string_new (NULL);
  gint64 deadline = g_get_monotonic_time () + timeout_ms * (gint64)1000;

  for (;;)
    {
      struct pollfd poll_fd = { fd, POLLIN, 0 };
      char *line;
      char buffer[4096];
      gssize n;

      while ((line = strchr (in->str, '\n')) != NULL)
        {
          g_autofree char *first = g_strndup (in->str, line - in->str);

          g_string_erase (in, 0, line - in->str + 1);
          if (g_str_has_prefix (first, prefix))
            return g_steal_pointer (&first);
          /* Whatever else the program says is passed on. */
          g_printerr ("  | %s\n", first);
        }

      if (poll (&poll_fd, 1, MAX (0, (deadline - g_get_monotonic_time ()) / 1000)) <= 0)
        return NULL;
      n = read (fd, buffer, sizeof buffer);
      if (n <= 0)
        return NULL;
      g_string_append_len (in, buffer, n);
    }
}

/* Starts @argv with @envp, waits for its first frame, then ends it. */
static Run
run_once (char **argv,
          char **envp)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  struct rusage usage;
  GPid pid;
  int err_fd;
  int status;
  gint64 started;
  Run run;

  started = g_get_monotonic_time ();
  if (!g_spawn_async_with_pipes (NULL, argv, envp, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid,
                                 NULL, NULL, &err_fd, &error))
    g_error ("Could not start %s: %s", argv[0], error->message);

  line = read_line_with (err_fd, "first-frame ", FIRST_FRAME_LIMIT_MS);
  if (line == NULL)
    g_error ("%s showed no first frame", argv[0]);
  run.first_frame_ms = (g_ascii_strtoll (line + strlen ("first-frame "), NULL, 10) - started)
                       / 1000.0;

  kill (pid, SIGTERM);
  if (wait4 (pid, &status, 0, &usage) < 0)
    g_error ("Could not wait for %s: %s", argv[0], g_strerror (errno));
  close (err_fd);
  run.peak_rss_mib = usage.ru_maxrss / 1024.0;

  return run;
}

static char *
start_fake_groq (const char  *script,
                 GPid        *pid)
{
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "python3", script, "0", NULL };
  g_autofree char *url = NULL;
  int out_fd;

  if (!g_spawn_async_with_pipes (NULL, (char **)argv, NULL,
                                 G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, pid,
                                 NULL, &out_fd, NULL, &error))
    g_error ("Could not start the fake Groq: %s", error->message);
  url = read_line_with (out_fd, "http://", FIRST_FRAME_LIMIT_MS);
  if (url == NULL)
    g_error ("The fake Groq did not start");
  close (out_fd);

  return g_steal_pointer (&url);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *history = NULL;
  g_autofree char *history_dir = NULL;
  g_autofree char *base_url = NULL;
  g_auto(GStrv) brisk_env = NULL;
  g_auto(GStrv) minimal_env = NULL;
  g_autofree char *generate_out = NULL;
  double first_frame[2][RUNS];
  double rss[2][RUNS];
  double brisk_ms, minimal_ms, brisk_rss, minimal_rss, ratio;
  char generate[] = "--generate";
  char *history_argv[] = { NULL, generate, NULL, NULL, NULL, NULL };
  char *brisk_argv[] = { NULL, NULL };
  char *minimal_argv[] = { NULL, NULL };
  char conversations[16];
  char messages[16];
  int wait_status;
  GPid server_pid;

  if (argc != 5)
    {
      g_printerr ("usage: bench-startup BENCH-HISTORY BRISK BENCH-FIRST-FRAME FAKE-GROQ-SCRIPT\n");
      return 2;
    }

  /* The history where Brisk looks for it: $XDG_DATA_HOME/brisk/brisk.db. */
  data_dir = g_dir_make_tmp ("bench-startup-XXXXXX", &error);
  g_assert_no_error (error);
  history = g_build_filename (data_dir, "brisk", "brisk.db", NULL);
  history_dir = g_path_get_dirname (history);
  g_mkdir_with_parents (history_dir, 0700);
  g_snprintf (conversations, sizeof conversations, "%d", CONVERSATIONS);
  g_snprintf (messages, sizeof messages, "%d", MESSAGES);
  history_argv[0] = argv[1];
  history_argv[2] = history;
  history_argv[3] = conversations;
  history_argv[4] = messages;
  if (!g_spawn_sync (NULL, history_argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &generate_out, NULL,
                     &wait_status, &error) ||
      !g_spawn_check_wait_status (wait_status, &error))
    g_error ("Could not generate the history: %s", error->message);

  base_url = start_fake_groq (argv[4], &server_pid);

  brisk_env = g_get_environ ();
  brisk_env = g_environ_setenv (brisk_env, "XDG_DATA_HOME", data_dir, TRUE);
  minimal_env = g_strdupv (brisk_env);
  brisk_env = g_environ_setenv (brisk_env, "GROQ_API_KEY", "gsk_bench", TRUE);
  brisk_env = g_environ_setenv (brisk_env, "BRISK_BASE_URL", base_url, TRUE);
  brisk_env = g_environ_setenv (brisk_env, "BRISK_REPORT_FIRST_FRAME", "1", TRUE);
  brisk_argv[0] = argv[2];
  minimal_argv[0] = argv[3];

  /* A first run of each, not counted, puts both programs and their libraries in the page
   * cache, as on a desktop where GTK is always loaded.
   */
  run_once (minimal_argv, minimal_env);
  run_once (brisk_argv, brisk_env);
  for (guint i = 0; i < RUNS; i++)
    {
      Run minimal = run_once (minimal_argv, minimal_env);
      Run brisk = run_once (brisk_argv, brisk_env);

      first_frame[0][i] = minimal.first_frame_ms;
      rss[0][i] = minimal.peak_rss_mib;
      first_frame[1][i] = brisk.first_frame_ms;
      rss[1][i] = brisk.peak_rss_mib;
    }

  kill (server_pid, SIGTERM);
  g_spawn_close_pid (server_pid);
  brisk_test_remove_tree (data_dir);

  minimal_ms = bench_median (first_frame[0], RUNS);
  brisk_ms = bench_median (first_frame[1], RUNS);
  minimal_rss = bench_median (rss[0], RUNS);
  brisk_rss = bench_median (rss[1], RUNS);
  ratio = brisk_ms / minimal_ms;

  printf ("Start-up: exec to first frame, median of %d runs each, alternating\n", RUNS);
  printf ("  history: %s", generate_out);
  printf ("  minimal AdwApplicationWindow: %.0f ms (%.0f to %.0f), peak RSS %.1f MiB\n",
          minimal_ms, first_frame[0][0], first_frame[0][RUNS - 1], minimal_rss);
  printf ("  brisk, %d conversations: %.0f ms (%.0f to %.0f), peak RSS %.1f MiB\n",
          CONVERSATIONS, brisk_ms, first_frame[1][0], first_frame[1][RUNS - 1], brisk_rss);
  printf ("  brisk / minimal: %.2f; target <= %.2f: %s\n",
          ratio, TARGET_RATIO, ratio <= TARGET_RATIO ? "met" : "NOT MET");
  printf ("  peak RSS over minimal: %.1f MiB; target <= %.0f MiB: %s\n",
          brisk_rss - minimal_rss, TARGET_EXTRA_RSS_MIB,
          brisk_rss - minimal_rss <= TARGET_EXTRA_RSS_MIB ? "met" : "NOT MET");

  return 0;
}
