/* test-tail-list-model.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "brisk-tail-list-model.h"

/* What a view of the tail model saw: its items as numbers, kept up to date only through the
 * items-changed signals, as a list view keeps its rows.
 */
typedef struct
{
  GListStore         *store;
  BriskTailListModel *tail;
  GArray             *seen;
} Fixture;

static GObject *
numbered (guint number)
{
  GObject *item = g_object_new (G_TYPE_OBJECT, NULL);

  g_object_set_data (item, "number", GUINT_TO_POINTER (number));
  return item;
}

static guint
number_of (gpointer item)
{
  return GPOINTER_TO_UINT (g_object_get_data (item, "number"));
}

static void
tail_items_changed_cb (GListModel *tail,
                       guint       position,
                       guint       removed,
                       guint       added,
                       Fixture    *fixture)
{
  g_assert_cmpuint (position + removed, <=, fixture->seen->len);
  g_array_remove_range (fixture->seen, position, removed);
  for (guint i = 0; i < added; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (tail, position + i);
      guint number = number_of (item);

      g_array_insert_val (fixture->seen, position + i, number);
    }
}

/* What the view saw is what the model holds: the underlying list's last items. */
static void
assert_seen (Fixture     *fixture,
             const char  *expected)
{
  g_autoptr(GString) seen = g_string_new (NULL);
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (fixture->tail));

  g_assert_cmpuint (fixture->seen->len, ==, n_items);
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (fixture->tail), i);

      g_assert_cmpuint (number_of (item), ==, g_array_index (fixture->seen, guint, i));
      g_string_append_printf (seen, "%s%u", i > 0 ? " " : "", number_of (item));
    }
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (fixture->tail), n_items));
  g_assert_cmpstr (seen->str, ==, expected);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->store = g_list_store_new (G_TYPE_OBJECT);
  for (guint i = 10; i < 20; i++)
    {
      g_autoptr(GObject) item = numbered (i);

      g_list_store_append (fixture->store, item);
    }
  fixture->tail = brisk_tail_list_model_new (G_LIST_MODEL (fixture->store), 3);
  fixture->seen = g_array_new (FALSE, FALSE, sizeof (guint));
  tail_items_changed_cb (G_LIST_MODEL (fixture->tail), 0, 0,
                         g_list_model_get_n_items (G_LIST_MODEL (fixture->tail)), fixture);
  g_signal_connect (fixture->tail, "items-changed", G_CALLBACK (tail_items_changed_cb), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->tail);
  g_clear_object (&fixture->store);
  g_array_unref (fixture->seen);
}

static void
test_shows_the_end (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(BriskTailListModel) short_list = NULL;
  g_autoptr(GListStore) empty = g_list_store_new (G_TYPE_OBJECT);

  assert_seen (fixture, "17 18 19");
  g_assert_cmpuint (brisk_tail_list_model_get_n_hidden (fixture->tail), ==, 7);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (fixture->tail)) == G_TYPE_OBJECT);

  /* Fewer items than asked for: all of them. */
  short_list = brisk_tail_list_model_new (G_LIST_MODEL (empty), 3);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (short_list)), ==, 0);
  g_assert_cmpuint (brisk_tail_list_model_get_n_hidden (short_list), ==, 0);
}

static void
test_reveal (Fixture       *fixture,
             gconstpointer  data)
{
  g_assert_cmpuint (brisk_tail_list_model_reveal (fixture->tail, 2), ==, 2);
  assert_seen (fixture, "15 16 17 18 19");
  g_assert_cmpuint (brisk_tail_list_model_reveal (fixture->tail, 100), ==, 5);
  assert_seen (fixture, "10 11 12 13 14 15 16 17 18 19");
  g_assert_cmpuint (brisk_tail_list_model_reveal (fixture->tail, 1), ==, 0);
  g_assert_cmpuint (brisk_tail_list_model_get_n_hidden (fixture->tail), ==, 0);
}

static void
test_reveal_to (Fixture       *fixture,
                gconstpointer  data)
{
  /* A search hit among the hidden items: it and everything after it show. */
  g_assert_cmpuint (brisk_tail_list_model_reveal_to (fixture->tail, 4), ==, 0);
  assert_seen (fixture, "14 15 16 17 18 19");
  /* One already shown stays where it is. */
  g_assert_cmpuint (brisk_tail_list_model_reveal_to (fixture->tail, 8), ==, 4);
  assert_seen (fixture, "14 15 16 17 18 19");
}

static void
test_older_page_stays_hidden (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GObject) one = numbered (1);
  g_autoptr(GObject) two = numbered (2);
  gpointer page[] = { one, two };

  /* A page of older messages read from the store arrives at the start: hidden until revealed,
   * so the view builds no rows for it.
   */
  g_list_store_splice (fixture->store, 0, 0, page, G_N_ELEMENTS (page));
  assert_seen (fixture, "17 18 19");
  g_assert_cmpuint (brisk_tail_list_model_get_n_hidden (fixture->tail), ==, 9);
  brisk_tail_list_model_reveal (fixture->tail, 100);
  assert_seen (fixture, "1 2 10 11 12 13 14 15 16 17 18 19");

  /* Everything shown, and the next older page arrives: hidden too. */
  g_list_store_splice (fixture->store, 0, 0, page, G_N_ELEMENTS (page));
  assert_seen (fixture, "1 2 10 11 12 13 14 15 16 17 18 19");
  g_assert_cmpuint (brisk_tail_list_model_get_n_hidden (fixture->tail), ==, 2);
}

static void
test_first_item_shows (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GListStore) empty = g_list_store_new (G_TYPE_OBJECT);
  g_autoptr(BriskTailListModel) tail = brisk_tail_list_model_new (G_LIST_MODEL (empty), 3);
  g_autoptr(GObject) question = numbered (1);
  g_autoptr(GObject) answer = numbered (2);

  /* A new conversation: its first message and the reply show as they come. */
  g_list_store_append (empty, question);
  g_list_store_append (empty, answer);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (tail)), ==, 2);
  g_assert_cmpuint (brisk_tail_list_model_get_n_hidden (tail), ==, 0);
}

static void
test_changes_pass_on (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GObject) reply = numbered (20);
  g_autoptr(GObject) edited = numbered (99);
  gpointer replacement[] = { edited };

  /* A reply streams in at the end; a message is deleted; edit and resend replaces the rest. */
  g_list_store_append (fixture->store, reply);
  assert_seen (fixture, "17 18 19 20");
  g_list_store_remove (fixture->store, 8);
  assert_seen (fixture, "17 19 20");
  g_list_store_splice (fixture->store, 8, 2, replacement, 1);
  assert_seen (fixture, "17 99");
  g_assert_cmpuint (brisk_tail_list_model_get_n_hidden (fixture->tail), ==, 7);
}

static void
test_removal_across_the_edge (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GObject) added = numbered (50);
  gpointer page[] = { added };

  /* Two hidden and the first shown go; the added one takes their place among the hidden. */
  g_list_store_splice (fixture->store, 5, 3, page, 1);
  assert_seen (fixture, "18 19");
  g_assert_cmpuint (brisk_tail_list_model_get_n_hidden (fixture->tail), ==, 6);
  brisk_tail_list_model_reveal (fixture->tail, 1);
  assert_seen (fixture, "50 18 19");

  /* Everything goes. */
  g_list_store_remove_all (fixture->store);
  assert_seen (fixture, "");
  g_assert_cmpuint (brisk_tail_list_model_get_n_hidden (fixture->tail), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/tail-list-model/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("shows-the-end", test_shows_the_end);
  ADD ("reveal", test_reveal);
  ADD ("reveal-to", test_reveal_to);
  ADD ("older-page-stays-hidden", test_older_page_stays_hidden);
  ADD ("first-item-shows", test_first_item_shows);
  ADD ("changes-pass-on", test_changes_pass_on);
  ADD ("removal-across-the-edge", test_removal_across_the_edge);
#undef ADD

  return g_test_run ();
}
