/* bench-history.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bench-history"

#include "config.h"


#include <glib/gstdio.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>

#include "bench-stats.h"
#include "brisk-conversation-list.h"
#include "brisk-store-private.h"

/* How the history store holds up with years of use: 10,000 conversations and 1,000,000
 * messages. Measures opening the store and showing the first page of the list, opening the
 * newest page of a 2,000-message conversation, full-text searches, and the size on disk
 * against the raw text. The same measurements on a 50-conversation history, made in the same
 * run, are the baseline: a big history should cost no more to open than a small one.
 *
 *   bench-history                      generate both histories in a temporary folder, measure
 *   bench-history --generate PATH C M  only generate a history of C conversations, M messages
 */

#define REPEATS 7
#define LONG_CONVERSATION_MESSAGES 2000

/* The most frequent words, in order; the rest of the vocabulary is made of syllables, and
 * words are drawn with Zipf's law, as in natural text, so searches meet realistic match
 * counts: a common word in tens of thousands of messages, a rare one in a few.
 */
static const char * const common_words[] = {
  "the", "model", "stream", "token", "reply", "Groq", "server", "parser", "event", "chunk",
  "latency", "window", "conversation", "history", "search", "index", "café", "Köln", "naïve",
  "résumé", "über", "straße", "function", "argument", "weather",
  "python", "rust", "kernel", "memory", "thread", "socket", "buffer", "cache", "query", "table",
  "schema", "migration", "backup", "keyring", "portal", "shortcut", "sidebar", "markdown",
  "code", "block", "table", "list", "heading", "answer", "question", "why", "how", "what",
  "because", "therefore", "however", "example", "result", "error", "retry", "limit", "rate",
  "minute", "second", "quickly", "slowly", "carefully", "simply", "and", "or", "but", "with",
  "without", "for", "from", "into", "over", "under", "between", "about", "around", "through",
};

static const char * const syllables[] = {
  "ka", "lo", "mi", "ne", "ra", "su", "ti", "vo", "ber", "dan", "gel", "hor", "lin", "mar",
  "pel", "qua", "ron", "sel", "tor", "ul", "ven", "wis", "xan", "yor", "zel", "ä", "ö", "é",
};

#define VOCABULARY_SIZE 30000
#define ZIPF_EXPONENT   1.07

typedef struct
{
  GPtrArray *words;
  double    *cumulative;
} Vocabulary;

static void
vocabulary_init (Vocabulary *vocabulary,
                 GRand      *rand)
{
  double total = 0;

  vocabulary->words = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < G_N_ELEMENTS (common_words); i++)
    g_ptr_array_add (vocabulary->words, g_strdup (common_words[i]));
  while (vocabulary->words->len < VOCABULARY_SIZE)
    {
      g_autoptr(GString) word = g_string_new (NULL);
      guint n = g_rand_int_range (rand, 2, 5);

      for (guint i = 0; i < n; i++)
        g_string_append (word, syllables[g_rand_int_range (rand, 0, G_N_ELEMENTS (syllables))]);
      g_ptr_array_add (vocabulary->words, g_string_free (g_steal_pointer (&word), FALSE));
    }

  /* Two rare words with diacritics, for the search a user types without them. */
  g_free (g_ptr_array_index (vocabulary->words, 10000));
  g_ptr_array_index (vocabulary->words, 10000) = g_strdup ("smörgåsbord");
  g_free (g_ptr_array_index (vocabulary->words, 12000));
  g_ptr_array_index (vocabulary->words, 12000) = g_strdup ("garçon");

  vocabulary->cumulative = g_new (double, VOCABULARY_SIZE);
  for (guint i = 0; i < VOCABULARY_SIZE; i++)
    {
      total += 1.0 / pow (i + 1, ZIPF_EXPONENT);
      vocabulary->cumulative[i] = total;
    }
  for (guint i = 0; i < VOCABULARY_SIZE; i++)
    vocabulary->cumulative[i] /= total;
}

static void
vocabulary_clear (Vocabulary *vocabulary)
{
  g_ptr_array_unref (vocabulary->words);
  g_free (vocabulary->cumulative);
}

static const char *
vocabulary_pick (Vocabulary *vocabulary,
                 GRand      *rand)
{
  double x = g_rand_double (rand);
  guint low = 0;
  guint high = VOCABULARY_SIZE - 1;

  while (low < high)
    {
      guint middle = (low + high) / 2;

      if (vocabulary->cumulative[middle] < x)
        low = middle + 1;
      else
        high = middle;
    }

  return g_ptr_array_index (vocabulary->words, low);
}

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static void
append_text (GString    *text,
             Vocabulary *vocabulary,
             GRand      *rand,
             guint       n_words)
{
  for (guint i = 0; i < n_words; i++)
    {
      if (i > 0)
        g_string_append_c (text, i % 14 == 0 ? '\n' : ' ');
      g_string_append (text, vocabulary_pick (vocabulary, rand));
    }
  g_string_append_c (text, '.');
}

static void
check (int         rc,
       sqlite3    *db,
       const char *doing)
{
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
    g_error ("Could not %s: %s", doing, sqlite3_errmsg (db));
}

/* Writes the history through SQL in one transaction, as fast as SQLite allows; the schema and
 * its triggers come from BriskStore itself, so the FTS index is built exactly as in use.
 *
 * Returns: the bytes of message text written
 */
static guint64
generate (const char *path,
          guint       n_conversations,
          guint       n_messages)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BriskStore) store = brisk_store_open (path, &error);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261122);
  g_autoptr(GString) text = g_string_new (NULL);
  Vocabulary vocabulary;
  sqlite3 *db;
  sqlite3_stmt *conversation_stmt = NULL;
  sqlite3_stmt *message_stmt = NULL;
  guint64 text_bytes = 0;
  guint remaining = n_messages;
  gint64 now = g_get_real_time ();

  g_assert_no_error (error);
  brisk_store_close (store);
  vocabulary_init (&vocabulary, rand);

  check (sqlite3_open (path, &db), db, "open the history");
  check (sqlite3_exec (db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF; BEGIN",
                       NULL, NULL, NULL), db, "begin");
  check (sqlite3_prepare_v2 (db, "INSERT INTO conversations (uuid, title, created, updated, model)"
                                 " VALUES (?, ?, ?, ?, 'llama-3.3-70b-versatile')",
                             -1, &conversation_stmt, NULL), db, "prepare");
  check (sqlite3_prepare_v2 (db, "INSERT INTO messages (conversation_id, role, content, created)"
                                 " VALUES (?, ?, ?, ?)", -1, &message_stmt, NULL), db, "prepare");

  for (guint c = 0; c < n_conversations; c++)
    {
      g_autofree char *uuid = g_uuid_string_random ();
      guint share = c == 0 ? MIN (LONG_CONVERSATION_MESSAGES, remaining)
                           : remaining / (n_conversations - c);
      gint64 conversation_id;

      g_string_truncate (text, 0);
      append_text (text, &vocabulary, rand, g_rand_int_range (rand, 2, 7));
      sqlite3_reset (conversation_stmt);
      sqlite3_bind_text (conversation_stmt, 1, uuid, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (conversation_stmt, 2, text->str, text->len, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (conversation_stmt, 3, now - (gint64)(n_conversations - c) * G_USEC_PER_SEC * 600);
      sqlite3_bind_int64 (conversation_stmt, 4, now - (gint64)(n_conversations - c) * G_USEC_PER_SEC * 600);
      check (sqlite3_step (conversation_stmt), db, "add a conversation");
      conversation_id = sqlite3_last_insert_rowid (db);

      for (guint m = 0; m < share; m++)
        {
          gboolean user = m % 2 == 0;

          /* Questions are short, answers several times longer, as in real chats. */
          g_string_truncate (text, 0);
          append_text (text, &vocabulary, rand, user ? g_rand_int_range (rand, 3, 30)
                                                     : g_rand_int_range (rand, 20, 140));
          text_bytes += text->len;

          sqlite3_reset (message_stmt);
          sqlite3_bind_int64 (message_stmt, 1, conversation_id);
          sqlite3_bind_text (message_stmt, 2, user ? "user" : "assistant", -1, SQLITE_STATIC);
          sqlite3_bind_text (message_stmt, 3, text->str, text->len, SQLITE_TRANSIENT);
          sqlite3_bind_int64 (message_stmt, 4, now);
          check (sqlite3_step (message_stmt), db, "add a message");
        }
      remaining -= share;
    }

  sqlite3_finalize (conversation_stmt);
  sqlite3_finalize (message_stmt);
  check (sqlite3_exec (db, "COMMIT; PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL), db, "commit");
  sqlite3_close (db);
  vocabulary_clear (&vocabulary);

  return text_bytes;
}

typedef struct
{
  double open_and_list;
  double newest_page;
  double search_common;
  double search_rare;
  double search_prefix;
} Timings;

static void
measure (const char *path,
         Timings    *result)
{
  double open_and_list[REPEATS];
  double newest_page[REPEATS];
  double search_common[REPEATS];
  double search_rare[REPEATS];
  double search_prefix[REPEATS];

  for (guint r = 0; r < REPEATS; r++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BriskStore) store = NULL;
      g_autoptr(BriskConversationList) list = NULL;
      g_autoptr(GPtrArray) page = NULL;
      g_autoptr(GPtrArray) hits = NULL;
      double start = now_ms ();

      /* What start-up does: open the history and show the first rows of the list. */
      store = brisk_store_open (path, &error);
      g_assert_no_error (error);
      list = brisk_conversation_list_new (store, FALSE);
      for (guint i = 0; i < MIN (50, g_list_model_get_n_items (G_LIST_MODEL (list))); i++)
        g_object_unref (g_list_model_get_item (G_LIST_MODEL (list), i));
      open_and_list[r] = now_ms () - start;

      /* The oldest conversation is the long one (id 1). */
      start = now_ms ();
      page = brisk_store_list_messages (store, 1, 0, 50, &error);
      newest_page[r] = now_ms () - start;
      g_assert_cmpuint (page->len, ==, 50);

      start = now_ms ();
      hits = brisk_store_search (store, "model answer", 50, &error);
      search_common[r] = now_ms () - start;
      g_assert_no_error (error);
      g_clear_pointer (&hits, g_ptr_array_unref);

      start = now_ms ();
      hits = brisk_store_search (store, "smorgasbord garcon", 50, &error);
      search_rare[r] = now_ms () - start;
      g_clear_pointer (&hits, g_ptr_array_unref);

      start = now_ms ();
      hits = brisk_store_search (store, "migr", 50, &error);
      search_prefix[r] = now_ms () - start;
    }

  result->open_and_list = bench_median (open_and_list, REPEATS);
  result->newest_page = bench_median (newest_page, REPEATS);
  result->search_common = bench_median (search_common, REPEATS);
  result->search_rare = bench_median (search_rare, REPEATS);
  result->search_prefix = bench_median (search_prefix, REPEATS);
}

static guint64
file_size (const char *path)
{
  GStatBuf buf;

  return g_stat (path, &buf) == 0 ? (guint64)buf.st_size : 0;
}

static void
remove_history (const char *path)
{
  const char *suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_unlink (file);
    }
}

static const char *
verdict (double value,
         double target)
{
  return value <= target ? "met" : "MISSED";
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  g_autofree char *big = NULL;
  g_autofree char *small = NULL;
  Timings big_timings;
  Timings small_timings;
  guint64 text_bytes;
  double generate_ms;
  double disk_ratio;

  if (argc == 5 && g_str_equal (argv[1], "--generate"))
    {
      text_bytes = generate (argv[2], atoi (argv[3]), atoi (argv[4]));
      printf ("%s: %" G_GUINT64_FORMAT " bytes of text, %" G_GUINT64_FORMAT " bytes on disk\n",
               argv[2], text_bytes, file_size (argv[2]));
      return EXIT_SUCCESS;
    }

  dir = g_dir_make_tmp ("brisk-bench-history-XXXXXX", NULL);
  big = g_build_filename (dir, "big", "brisk.db", NULL);
  small = g_build_filename (dir, "small", "brisk.db", NULL);

  printf ("Generating 10,000 conversations with 1,000,000 messages…\n");
  generate_ms = now_ms ();
  text_bytes = generate (big, 10000, 1000000);
  generate_ms = now_ms () - generate_ms;
  generate (small, 50, 2500);

  measure (small, &small_timings);
  measure (big, &big_timings);
  disk_ratio = (double)file_size (big) / text_bytes;

  printf ("\nHistory store, median of %d runs (page cache warm)\n", REPEATS);
  printf ("  generated in %.1f s: %.1f MB of message text, %.1f MB on disk\n\n",
           generate_ms / 1000, text_bytes / 1e6, file_size (big) / 1e6);
  printf ("  %-46s %9s %9s %7s %8s\n", "", "10k/1M", "50 conv.", "ratio", "target");
  printf ("  %-46s %7.2f ms %6.2f ms %6.2f× %5.0f ms  %s\n", "open + first page of the list",
           big_timings.open_and_list, small_timings.open_and_list,
           big_timings.open_and_list / small_timings.open_and_list, 50.0,
           verdict (big_timings.open_and_list, 50));
  printf ("  %-46s %7.2f ms %6.2f ms %6.2f× %5.0f ms  %s\n", "newest page of a 2,000-message conversation",
           big_timings.newest_page, small_timings.newest_page,
           big_timings.newest_page / small_timings.newest_page, 20.0,
           verdict (big_timings.newest_page, 20));
  printf ("  %-46s %7.2f ms %6.2f ms %6.2f× %5.0f ms  %s\n", "search, two common words",
           big_timings.search_common, small_timings.search_common,
           big_timings.search_common / small_timings.search_common, 50.0,
           verdict (big_timings.search_common, 50));
  printf ("  %-46s %7.2f ms %6.2f ms %6.2f× %5.0f ms  %s\n", "search, two rare words (typed without accents)",
           big_timings.search_rare, small_timings.search_rare,
           big_timings.search_rare / small_timings.search_rare, 50.0,
           verdict (big_timings.search_rare, 50));
  printf ("  %-46s %7.2f ms %6.2f ms %6.2f× %5.0f ms  %s\n", "search, a prefix",
           big_timings.search_prefix, small_timings.search_prefix,
           big_timings.search_prefix / small_timings.search_prefix, 50.0,
           verdict (big_timings.search_prefix, 50));
  printf ("  %-46s %7.2f×   (target ≤ 1.50×)  %s\n", "database size ÷ raw text",
           disk_ratio, verdict (disk_ratio, 1.5));

  remove_history (big);
  remove_history (small);
  {
    g_autofree char *big_dir = g_path_get_dirname (big);
    g_autofree char *small_dir = g_path_get_dirname (small);

    g_rmdir (big_dir);
    g_rmdir (small_dir);
    g_rmdir (dir);
  }

  return EXIT_SUCCESS;
}
