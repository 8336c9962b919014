/* brisk-store.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "brisk-store"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <unistd.h>

#include "brisk-core-enums.h"
#include "brisk-store-private.h"

/* Every conversation in one SQLite database: WAL so readers never wait for the writer,
 * prepared statements kept for reuse, the schema versioned with PRAGMA user_version, and an
 * FTS5 index kept in step by triggers.
 *
 * A streaming reply is saved while it arrives: its row exists from the moment it is requested,
 * and its text is written at most every FLUSH_INTERVAL_MS by a writer thread with its own
 * connection, so the window never waits on the disk. If Brisk dies mid-reply, the next start
 * finds the text up to the last flush and marks the reply interrupted.
 */

#define FLUSH_INTERVAL_MS 500
#define BUSY_TIMEOUT_MS   5000

/* The full integrity check reads the whole file: not at every start, and not while the user
 * is starting to work.
 */
#define INTEGRITY_CHECK_DELAY_S    30
#define INTEGRITY_CHECK_INTERVAL_S (7 * 24 * 60 * 60)

struct _BriskStore
{
  GObject        parent_instance;

  char          *path;
  char          *moved_aside_path;
  sqlite3       *db;
  GHashTable    *statements;        /* SQL text → sqlite3_stmt */
  GPtrArray     *migrations;        /* SQL text upgrading version i to i + 1 */
  GCancellable  *check_cancellable;
  guint          check_id;

  /* Streaming replies */
  GHashTable    *tracked;           /* BriskMessage → TrackedReply */
  guint          flush_id;
  GThreadPool   *writer;
  sqlite3       *writer_db;         /* used only by the writer thread */
  GMutex         writer_lock;       /* guards the fields below it */
  GCond          writer_idle;
  guint          writes_pending;
  GArray        *written_ids;       /* replies saved since the main thread last looked */
  GArray        *failed_ids;        /* replies whose save failed, to try again */
  GError        *writer_error;      /* the latest failure */

  guint          write_failing : 1; /* ::write-failed was emitted and not yet recovered */

  guint          read_only : 1;
};

G_DEFINE_FINAL_TYPE (BriskStore, brisk_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (brisk-store-error-quark, brisk_store_error)

enum {
  CONVERSATIONS_CHANGED,
  DAMAGED,
  WRITE_FAILED,
  WRITE_RECOVERED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Version 0 → 1 creates everything. Later versions append their own step; each step runs in
 * one transaction with the version bump, after a backup copy of the file.
 */
static const char schema_v1[] =
  "CREATE TABLE conversations ("
  "  id INTEGER PRIMARY KEY,"
  "  uuid TEXT NOT NULL UNIQUE,"
  "  title TEXT NOT NULL DEFAULT '',"
  "  title_is_custom INTEGER NOT NULL DEFAULT 0,"
  "  created INTEGER NOT NULL,"
  "  updated INTEGER NOT NULL,"
  "  pinned INTEGER NOT NULL DEFAULT 0,"
  "  archived INTEGER NOT NULL DEFAULT 0,"
  "  provider TEXT,"
  "  model TEXT,"
  "  system_prompt TEXT,"
  "  parameters TEXT,"
  "  deleted INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE INDEX conversations_by_order ON conversations (archived, deleted, pinned DESC, updated DESC);"
  "CREATE TABLE messages ("
  "  id INTEGER PRIMARY KEY,"
  "  conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,"
  "  role TEXT NOT NULL CHECK (role IN ('system', 'user', 'assistant', 'tool')),"
  "  content TEXT NOT NULL DEFAULT '',"
  "  reasoning TEXT NOT NULL DEFAULT '',"
  "  tool_calls TEXT,"
  "  tool_call_id TEXT,"
  "  model TEXT,"
  "  status TEXT NOT NULL DEFAULT 'complete'"
  "    CHECK (status IN ('complete', 'streaming', 'interrupted', 'failed', 'cancelled')),"
  "  error TEXT,"
  "  finish_reason TEXT,"
  "  usage TEXT,"
  "  created INTEGER NOT NULL,"
  "  writer TEXT"
  ");"
  "CREATE INDEX messages_by_conversation ON messages (conversation_id, id);"
  "CREATE INDEX messages_streaming ON messages (status) WHERE status = 'streaming';"
  /* External-content FTS tables index the text without storing it twice, and without token
   * positions (detail = none): word and prefix searches and snippets need none, and the
   * index is a fraction of the size.
   */
  "CREATE VIRTUAL TABLE messages_fts USING fts5 ("
  "  content, content = 'messages', content_rowid = 'id', detail = none,"
  "  tokenize = 'unicode61 remove_diacritics 2');"
  "CREATE VIRTUAL TABLE conversations_fts USING fts5 ("
  "  title, content = 'conversations', content_rowid = 'id', detail = none,"
  "  tokenize = 'unicode61 remove_diacritics 2');"
  "CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN"
  "  INSERT INTO messages_fts (rowid, content) VALUES (new.id, new.content);"
  "END;"
  "CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN"
  "  INSERT INTO messages_fts (messages_fts, rowid, content) VALUES ('delete', old.id, old.content);"
  "END;"
  "CREATE TRIGGER messages_fts_update AFTER UPDATE OF content ON messages BEGIN"
  "  INSERT INTO messages_fts (messages_fts, rowid, content) VALUES ('delete', old.id, old.content);"
  "  INSERT INTO messages_fts (rowid, content) VALUES (new.id, new.content);"
  "END;"
  "CREATE TRIGGER conversations_fts_insert AFTER INSERT ON conversations BEGIN"
  "  INSERT INTO conversations_fts (rowid, title) VALUES (new.id, new.title);"
  "END;"
  "CREATE TRIGGER conversations_fts_delete AFTER DELETE ON conversations BEGIN"
  "  INSERT INTO conversations_fts (conversations_fts, rowid, title) VALUES ('delete', old.id, old.title);"
  "END;"
  /* Facts about the file itself, such as when its integrity was last checked. */
  "CREATE TABLE store_info (key TEXT PRIMARY KEY, value) WITHOUT ROWID;"
  "CREATE TRIGGER conversations_fts_update AFTER UPDATE OF title ON conversations BEGIN"
  "  INSERT INTO conversations_fts (conversations_fts, rowid, title) VALUES ('delete', old.id, old.title);"
  "  INSERT INTO conversations_fts (rowid, title) VALUES (new.id, new.title);"
  "END;";

/* Version 1 → 2: the tools Groq's compound systems ran for an answer. */
static const char schema_v2[] =
  "ALTER TABLE messages ADD COLUMN executed_tools TEXT;";

typedef struct
{
  BriskStore   *store;
  BriskMessage *message;
  gulong        notify_id;
  gboolean      dirty;
  gboolean      finished;
} TrackedReply;

/* What the writer thread writes: a snapshot of a reply, taken on the main thread. */
typedef struct
{
  gint64            id;
  char             *content;
  char             *reasoning;
  char             *tool_calls;
  char             *tool_call_id;
  char             *executed_tools;
  char             *error;
  char             *finish_reason;
  char             *usage;
  char             *model;
  BriskReplyStatus  status;
} ReplySnapshot;

void
brisk_search_hit_free (BriskSearchHit *hit)
{
  if (hit == NULL)
    return;

  g_free (hit->title);
  g_free (hit->snippet);
  g_free (hit);
}

static void
reply_snapshot_clear (ReplySnapshot *snapshot)
{
  g_free (snapshot->content);
  g_free (snapshot->reasoning);
  g_free (snapshot->tool_calls);
  g_free (snapshot->tool_call_id);
  g_free (snapshot->executed_tools);
  g_free (snapshot->error);
  g_free (snapshot->finish_reason);
  g_free (snapshot->usage);
  g_free (snapshot->model);
}

static void
reply_snapshot_free (ReplySnapshot *snapshot)
{
  reply_snapshot_clear (snapshot);
  g_free (snapshot);
}

const char *
_brisk_reply_status_to_string (BriskReplyStatus status)
{
  switch (status)
    {
    case BRISK_REPLY_STATUS_STREAMING: return "streaming";
    case BRISK_REPLY_STATUS_COMPLETE: return "complete";
    case BRISK_REPLY_STATUS_INTERRUPTED: return "interrupted";
    case BRISK_REPLY_STATUS_FAILED: return "failed";
    case BRISK_REPLY_STATUS_CANCELLED: return "cancelled";
    default: g_return_val_if_reached ("failed");
    }
}

BriskReplyStatus
_brisk_reply_status_from_string (const char *status)
{
  static const char * const names[] = { "streaming", "complete", "interrupted", "failed", "cancelled" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_strcmp0 (status, names[i]) == 0)
      return (BriskReplyStatus)i;

  return BRISK_REPLY_STATUS_FAILED;
}

/* Turns an SQLite failure into an error a user can act on. */
static gboolean
set_sqlite_error (GError     **error,
                  sqlite3     *db,
                  int          rc,
                  const char  *doing)
{
  int code = rc & 0xff;
  BriskStoreError kind;

  switch (code)
    {
    case SQLITE_FULL:
      kind = BRISK_STORE_ERROR_DISK_FULL;
      break;
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
      kind = BRISK_STORE_ERROR_READ_ONLY;
      break;
    default:
      kind = BRISK_STORE_ERROR_FAILED;
      break;
    }

  if (kind == BRISK_STORE_ERROR_DISK_FULL)
    g_set_error (error, BRISK_STORE_ERROR, kind,
                 "The disk is full: could not %s", doing);
  else
    g_set_error (error, BRISK_STORE_ERROR, kind, "Could not %s: %s", doing,
                 db ? sqlite3_errmsg (db) : sqlite3_errstr (rc));

  return FALSE;
}

static gboolean
exec_sql (sqlite3     *db,
          const char  *sql,
          const char  *doing,
          GError     **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return set_sqlite_error (error, db, rc, doing);

  return TRUE;
}

/* Returns the cached statement for @sql, reset and with its bindings cleared. */
static sqlite3_stmt *
prepare (BriskStore  *self,
         const char  *sql,
         GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);
  int rc;

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, self->db, rc, "prepare a query");
      return NULL;
    }

  g_hash_table_insert (self->statements, (gpointer)sql, stmt);
  return stmt;
}

/* Binds @text, or SQL NULL for %NULL. */
void
_brisk_store_bind_text (sqlite3_stmt *stmt,
                        int           index,
                        const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

static gboolean
check_writable (BriskStore  *self,
                GError     **error)
{
  if (!self->read_only)
    return TRUE;

  g_set_error_literal (error, BRISK_STORE_ERROR, BRISK_STORE_ERROR_READ_ONLY,
                       "This history was written by a newer version of Brisk and can only be "
                       "read; update Brisk to change it");
  return FALSE;
}

/* Runs a statement that returns no rows. */
static gboolean
step_done (BriskStore    *self,
           sqlite3_stmt  *stmt,
           const char    *doing,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return set_sqlite_error (error, self->db, rc, doing);

  return TRUE;
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return text ? g_strdup ((const char *)text) : NULL;
}

#define CONVERSATION_COLUMNS \
  "id, uuid, title, title_is_custom, created, updated, pinned, archived, provider, model, " \
  "system_prompt, parameters"

static BriskConversation *
conversation_from_row (sqlite3_stmt *stmt)
{
  return g_object_new (BRISK_TYPE_CONVERSATION,
                       "id", (gint64)sqlite3_column_int64 (stmt, 0),
                       "uuid", (const char *)sqlite3_column_text (stmt, 1),
                       "title", (const char *)sqlite3_column_text (stmt, 2),
                       "title-is-custom", sqlite3_column_int (stmt, 3) != 0,
                       "created", (gint64)sqlite3_column_int64 (stmt, 4),
                       "updated", (gint64)sqlite3_column_int64 (stmt, 5),
                       "pinned", sqlite3_column_int (stmt, 6) != 0,
                       "archived", sqlite3_column_int (stmt, 7) != 0,
                       "provider", (const char *)sqlite3_column_text (stmt, 8),
                       "model", (const char *)sqlite3_column_text (stmt, 9),
                       "system-prompt", (const char *)sqlite3_column_text (stmt, 10),
                       "parameters", (const char *)sqlite3_column_text (stmt, 11),
                       NULL);
}

#define MESSAGE_COLUMNS \
  "id, conversation_id, role, content, reasoning, tool_calls, tool_call_id, model, status, " \
  "error, finish_reason, usage, created, executed_tools"

static BriskMessage *
message_from_row (sqlite3_stmt *stmt)
{
  return g_object_new (BRISK_TYPE_MESSAGE,
                       "id", (gint64)sqlite3_column_int64 (stmt, 0),
                       "conversation-id", (gint64)sqlite3_column_int64 (stmt, 1),
                       "role", (const char *)sqlite3_column_text (stmt, 2),
                       "content", (const char *)sqlite3_column_text (stmt, 3),
                       "reasoning", (const char *)sqlite3_column_text (stmt, 4),
                       "tool-calls", (const char *)sqlite3_column_text (stmt, 5),
                       "tool-call-id", (const char *)sqlite3_column_text (stmt, 6),
                       "model", (const char *)sqlite3_column_text (stmt, 7),
                       "status", _brisk_reply_status_from_string ((const char *)sqlite3_column_text (stmt, 8)),
                       "error", (const char *)sqlite3_column_text (stmt, 9),
                       "finish-reason", (const char *)sqlite3_column_text (stmt, 10),
                       "usage", (const char *)sqlite3_column_text (stmt, 11),
                       "created", (gint64)sqlite3_column_int64 (stmt, 12),
                       "executed-tools", (const char *)sqlite3_column_text (stmt, 13),
                       NULL);
}

static gint64
now_us (void)
{
  return g_get_real_time ();
}

/**
 * brisk_store_get_default_path:
 *
 * Returns: (transfer full): where the history lives: the user's data folder (inside Flatpak,
 *   the app's own), `brisk/brisk.db`
 */
char *
brisk_store_get_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "brisk", "brisk.db", NULL);
}

static void
brisk_store_dispose (GObject *object)
{
  brisk_store_close (BRISK_STORE (object));

  G_OBJECT_CLASS (brisk_store_parent_class)->dispose (object);
}

static void
brisk_store_finalize (GObject *object)
{
  BriskStore *self = (BriskStore *)object;

  g_free (self->path);
  g_free (self->moved_aside_path);
  g_hash_table_unref (self->statements);
  g_hash_table_unref (self->tracked);
  g_ptr_array_unref (self->migrations);
  g_clear_error (&self->writer_error);
  g_array_unref (self->written_ids);
  g_array_unref (self->failed_ids);
  g_mutex_clear (&self->writer_lock);
  g_cond_clear (&self->writer_idle);

  G_OBJECT_CLASS (brisk_store_parent_class)->finalize (object);
}

static void
brisk_store_class_init (BriskStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = brisk_store_dispose;
  object_class->finalize = brisk_store_finalize;

  /**
   * BriskStore::conversations-changed:
   *
   * Conversations were added, removed, or changed in a way that may move them in the list.
   */
  signals[CONVERSATIONS_CHANGED] =
    g_signal_new ("conversations-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * BriskStore::damaged:
   *
   * The background integrity check found the database damaged. What can still be read stays
   * readable; brisk_store_recover() moves the file aside and starts afresh.
   */
  signals[DAMAGED] =
    g_signal_new ("damaged",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * BriskStore::write-failed:
   * @self: the store
   * @error: what went wrong (a full disk, a read-only folder…)
   *
   * Saving a streaming reply failed. The reply stays in memory and on screen, and saving is
   * tried again at the next flush; ::write-recovered follows when it works again.
   */
  signals[WRITE_FAILED] =
    g_signal_new ("write-failed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);

  /**
   * BriskStore::write-recovered:
   *
   * Saving works again after ::write-failed.
   */
  signals[WRITE_RECOVERED] =
    g_signal_new ("write-recovered",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
tracked_reply_free (TrackedReply *tracked)
{
  g_clear_signal_handler (&tracked->notify_id, tracked->message);
  g_clear_object (&tracked->message);
  g_free (tracked);
}

static void
brisk_store_init (BriskStore *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                            (GDestroyNotify)sqlite3_finalize);
  self->tracked = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify)tracked_reply_free);
  self->migrations = g_ptr_array_new ();
  g_ptr_array_add (self->migrations, (gpointer)schema_v1);
  g_ptr_array_add (self->migrations, (gpointer)schema_v2);
  g_mutex_init (&self->writer_lock);
  g_cond_init (&self->writer_idle);
  self->written_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->failed_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
}

static gboolean
is_not_a_database (int rc)
{
  return (rc & 0xff) == SQLITE_NOTADB || (rc & 0xff) == SQLITE_CORRUPT;
}

/* Moves a broken database (and its WAL and shared-memory files) out of the way, keeping it for
 * the user to rescue.
 */
static gboolean
move_aside (BriskStore  *self,
            GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  const char *suffixes[] = { "-wal", "-shm" };

  g_free (self->moved_aside_path);
  self->moved_aside_path = g_strdup_printf ("%s.corrupt-%s", self->path, stamp);

  if (g_rename (self->path, self->moved_aside_path) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "The history database is damaged and could not be moved aside: %s",
                   g_strerror (saved_errno));
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *from = g_strconcat (self->path, suffixes[i], NULL);
      g_autofree char *to = g_strconcat (self->moved_aside_path, suffixes[i], NULL);

      if (g_file_test (from, G_FILE_TEST_EXISTS))
        g_rename (from, to);
    }

  g_warning ("The history database was damaged; it was moved to %s", self->moved_aside_path);
  return TRUE;
}

static gboolean
is_wal (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  gboolean wal = FALSE;

  if (sqlite3_prepare_v2 (db, "PRAGMA journal_mode", -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    wal = g_ascii_strcasecmp ((const char *)sqlite3_column_text (stmt, 0), "wal") == 0;
  sqlite3_finalize (stmt);

  return wal;
}

static gboolean
configure_connection (sqlite3     *db,
                      gboolean     read_only,
                      GError     **error)
{
  sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);
  sqlite3_extended_result_codes (db, 1);

  if (!exec_sql (db, "PRAGMA foreign_keys = ON", "enable foreign keys", error))
    return FALSE;
  if (read_only)
    return TRUE;

  /* WAL mode is kept in the file: only its first opening switches to it. Switching needs the
   * file to itself and does not wait for other connections, so a second process opening the
   * same history at that moment would fail needlessly.
   */
  if (!is_wal (db) && !exec_sql (db, "PRAGMA journal_mode = WAL", "set up the history database",
                                 error))
    return FALSE;

  return exec_sql (db, "PRAGMA synchronous = NORMAL", "set up the history database", error);
}

static int
read_user_version (sqlite3 *db,
                   int     *version)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          *version = sqlite3_column_int (stmt, 0);
          rc = SQLITE_OK;
        }
    }
  sqlite3_finalize (stmt);
  return rc;
}

static int
quick_check (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, "PRAGMA quick_check", -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        rc = g_strcmp0 ((const char *)sqlite3_column_text (stmt, 0), "ok") == 0
               ? SQLITE_OK : SQLITE_CORRUPT;
    }
  sqlite3_finalize (stmt);
  return rc;
}

/* Copies the database with SQLite's backup API before a migration touches it. */
static gboolean
back_up (BriskStore  *self,
         int          version,
         GError     **error)
{
  g_autofree char *backup_path = g_strdup_printf ("%s.backup-v%d", self->path, version);
  sqlite3 *backup_db = NULL;
  sqlite3_backup *backup;
  int rc;

  rc = sqlite3_open (backup_path, &backup_db);
  if (rc == SQLITE_OK)
    {
      backup = sqlite3_backup_init (backup_db, "main", self->db, "main");
      if (backup != NULL)
        {
          sqlite3_backup_step (backup, -1);
          sqlite3_backup_finish (backup);
        }
      rc = sqlite3_errcode (backup_db);
    }
  sqlite3_close (backup_db);

  if (rc != SQLITE_OK)
    return set_sqlite_error (error, NULL, rc, "back up the history before updating it");

  return TRUE;
}

static gboolean
migrate (BriskStore  *self,
         int          from_version,
         GError     **error)
{
  if (from_version > 0 && from_version < (int)self->migrations->len &&
      !back_up (self, from_version, error))
    return FALSE;

  for (int version = from_version; version < (int)self->migrations->len; version++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d", version + 1);
      int rc;

      if (!exec_sql (self->db, "BEGIN IMMEDIATE", "start updating the history", error))
        return FALSE;

      rc = sqlite3_exec (self->db, g_ptr_array_index (self->migrations, version), NULL, NULL, NULL);
      if (rc == SQLITE_OK)
        rc = sqlite3_exec (self->db, bump, NULL, NULL, NULL);
      if (rc == SQLITE_OK)
        rc = sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);

      if (rc != SQLITE_OK)
        {
          g_autofree char *doing = g_strdup_printf ("update the history to version %d", version + 1);

          set_sqlite_error (error, self->db, rc, doing);
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }
    }

  return TRUE;
}

/* The kernel's start time of process @pid, in clock ticks since boot, or 0 when it cannot be
 * read: with the PID it names a process uniquely, where a PID alone may have been reused.
 */
static guint64
process_start_time (gint64 pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%" G_GINT64_FORMAT "/stat", pid);
  g_autofree char *contents = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after_name;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return 0;

  /* The command name may contain spaces and parentheses: fields start after the last ")". */
  after_name = strrchr (contents, ')');
  if (after_name == NULL)
    return 0;
  fields = g_strsplit (after_name + 2, " ", 0);
  if (g_strv_length (fields) < 20)
    return 0;

  /* Field 22 of the file; the third after the name is field 3. */
  return g_ascii_strtoull (fields[19], NULL, 10);
}

/* Names this process as the writer of a streaming reply: "PID:START-TIME". */
static const char *
own_writer_token (void)
{
  static char *token;

  if (g_once_init_enter (&token))
    g_once_init_leave (&token, g_strdup_printf ("%d:%" G_GUINT64_FORMAT, getpid (),
                                                process_start_time (getpid ())));

  return token;
}

static gboolean
writer_is_alive (const char *token)
{
  g_auto(GStrv) parts = NULL;
  gint64 pid;
  guint64 start_time;

  if (token == NULL)
    return FALSE;
  if (g_str_equal (token, own_writer_token ()))
    return TRUE;

  parts = g_strsplit (token, ":", 2);
  if (g_strv_length (parts) != 2 ||
      !g_ascii_string_to_signed (parts[0], 10, 1, G_MAXINT, &pid, NULL) ||
      !g_ascii_string_to_unsigned (parts[1], 10, 0, G_MAXUINT64, &start_time, NULL))
    return FALSE;

  /* A live process with that PID is the writer only if it started when the writer did. */
  return process_start_time (pid) == start_time && start_time != 0;
}

/* Replies that were streaming when their Brisk died are interrupted; their text up to the last
 * flush is kept. A reply another live Brisk is still writing is left alone.
 */
static gboolean
recover_interrupted_replies (BriskStore  *self,
                             GError     **error)
{
  g_autoptr(GArray) orphans = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  int rc;

  stmt = prepare (self, "SELECT id, writer FROM messages WHERE status = 'streaming'", error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      if (!writer_is_alive ((const char *)sqlite3_column_text (stmt, 1)))
        g_array_append_val (orphans, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return set_sqlite_error (error, self->db, rc, "read the history");

  for (guint i = 0; i < orphans->len; i++)
    {
      stmt = prepare (self,
                      "UPDATE messages SET status = 'interrupted', writer = NULL,"
                      " error = 'Brisk stopped before the reply was finished' WHERE id = ?",
                      error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, g_array_index (orphans, gint64, i));
      if (!step_done (self, stmt, "mark an interrupted reply", error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
open_database (BriskStore  *self,
               gboolean     read_only,
               int         *rc_out)
{
  int flags = read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);

  g_clear_pointer (&self->db, sqlite3_close);
  *rc_out = sqlite3_open_v2 (self->path, &self->db, flags | SQLITE_OPEN_NOMUTEX, NULL);
  if (*rc_out != SQLITE_OK)
    return FALSE;

  /* Reading the schema finds a file that is no database at once; the full integrity check
   * reads every page, so it runs in the background (see _brisk_store_check_integrity()).
   */
  *rc_out = sqlite3_exec (self->db, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL);
  return *rc_out == SQLITE_OK;
}

/* Opens the file, moving a damaged one aside and starting afresh. */
static gboolean
open_or_recover (BriskStore  *self,
                 int         *version,
                 GError     **error)
{
  int rc;

  if (!open_database (self, FALSE, &rc) || (rc = read_user_version (self->db, version)) != SQLITE_OK)
    {
      if (!is_not_a_database (rc))
        return set_sqlite_error (error, self->db, rc, "open the history");

      g_clear_pointer (&self->db, sqlite3_close);
      if (!move_aside (self, error))
        return FALSE;
      if (!open_database (self, FALSE, &rc) || (rc = read_user_version (self->db, version)) != SQLITE_OK)
        return set_sqlite_error (error, self->db, rc, "create a new history");
    }

  return TRUE;
}

static void writer_thread_func (gpointer data,
                                gpointer user_data);

/**
 * brisk_store_open:
 * @path: the database file; its folder is created if needed
 *
 * Opens (or creates) the history. A file that is not a database is moved aside (see
 * brisk_store_get_moved_aside_path()) and a new history started; one that fails SQLite's
 * quick check, run in the background half a minute after opening at most once a week, is
 * reported with ::damaged. A history from a newer
 * Brisk is opened read-only, never downgraded.
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
BriskStore *
brisk_store_open (const char  *path,
                  GError     **error)
{
  return _brisk_store_open_with_migrations (path, NULL, error);
}

static void schedule_integrity_check (BriskStore *self);
static void close_files              (BriskStore *self,
                                      gboolean    save);
static void conversations_changed (BriskStore *self);

/* Opens the files, migrating, recovering and checking as needed. Also used to start afresh
 * after a damaged history was moved aside.
 */
static gboolean
open_files (BriskStore  *self,
            GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (self->path);
  int version = 0;
  int rc;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Could not create the folder for the history (%s): %s",
                   dir, g_strerror (saved_errno));
      return FALSE;
    }

  if (!open_or_recover (self, &version, error))
    return FALSE;

  if (version > (int)self->migrations->len)
    {
      /* From a newer Brisk: read it, never write it, never downgrade it. */
      self->read_only = TRUE;
      if (!open_database (self, TRUE, &rc))
        return set_sqlite_error (error, self->db, rc, "open the history");
      if (!configure_connection (self->db, TRUE, error))
        return FALSE;
      g_message ("The history is version %d, newer than this Brisk (%u); opened read-only",
                 version, self->migrations->len);
      return TRUE;
    }

  if (!configure_connection (self->db, FALSE, error))
    return FALSE;
  if (version < (int)self->migrations->len && !migrate (self, version, error))
    return FALSE;
  if (!recover_interrupted_replies (self, error))
    return FALSE;

  rc = sqlite3_open_v2 (self->path, &self->writer_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    return set_sqlite_error (error, self->writer_db, rc, "open the history for writing");
  if (!configure_connection (self->writer_db, FALSE, error))
    return FALSE;
  self->writer = g_thread_pool_new (writer_thread_func, self, 1, FALSE, NULL);

  schedule_integrity_check (self);
  return TRUE;
}

BriskStore *
_brisk_store_open_with_migrations (const char         *path,
                                   const char * const *extra_migrations,
                                   GError            **error)
{
  g_autoptr(BriskStore) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (BRISK_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  for (guint i = 0; extra_migrations && extra_migrations[i]; i++)
    g_ptr_array_add (self->migrations, (gpointer)extra_migrations[i]);

  if (!open_files (self, error))
    {
      /* Nothing was saved and nothing must be: a half-open database gets no writes. */
      close_files (self, FALSE);
      return NULL;
    }

  return g_steal_pointer (&self);
}

static int
check_cancelled_cb (void *user_data)
{
  return g_cancellable_is_cancelled (user_data);
}

static void
check_integrity_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  const char *path = task_data;
  sqlite3 *db = NULL;
  int rc;

  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);
      sqlite3_progress_handler (db, 10000, check_cancelled_cb, cancellable);
      rc = quick_check (db);
    }
  sqlite3_close (db);

  if (g_task_return_error_if_cancelled (task))
    return;

  /* Only damage is reported as damage; a busy or unreadable file is checked another time. */
  if (rc == SQLITE_OK)
    g_task_return_boolean (task, TRUE);
  else if (is_not_a_database (rc))
    g_task_return_boolean (task, FALSE);
  else
    g_task_return_new_error (task, BRISK_STORE_ERROR, BRISK_STORE_ERROR_FAILED,
                             "The integrity check could not run: %s", sqlite3_errstr (rc));
}

static void
check_integrity_done_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  BriskStore *self = BRISK_STORE (object);
  g_autoptr(GError) error = NULL;

  if (g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (self->db != NULL && !self->read_only)
        {
          sqlite3_stmt *stmt = prepare (self,
                                        "INSERT OR REPLACE INTO store_info (key, value)"
                                        " VALUES ('integrity_checked', ?)", NULL);

          if (stmt != NULL)
            {
              sqlite3_bind_int64 (stmt, 1, g_get_real_time ());
              step_done (self, stmt, "note the integrity check", NULL);
            }
        }
      return;
    }
  if (error != NULL)
    return;

  g_warning ("The history database %s failed its integrity check", self->path);
  g_signal_emit (self, signals[DAMAGED], 0);
}

/* PRAGMA quick_check reads the whole file, seconds for years of history, so it runs on its own
 * connection in a thread. A damaged file is reported with ::damaged.
 */
void
_brisk_store_check_integrity (BriskStore *self)
{
  g_autoptr(GTask) task = NULL;

  g_cancellable_cancel (self->check_cancellable);
  g_clear_object (&self->check_cancellable);
  self->check_cancellable = g_cancellable_new ();

  task = g_task_new (self, self->check_cancellable, check_integrity_done_cb, NULL);
  g_task_set_source_tag (task, _brisk_store_check_integrity);
  g_task_set_task_data (task, g_strdup (self->path), g_free);
  g_task_run_in_thread (task, check_integrity_thread);
}

static gboolean
integrity_check_due_cb (gpointer user_data)
{
  BriskStore *self = user_data;

  self->check_id = 0;
  _brisk_store_check_integrity (self);
  return G_SOURCE_REMOVE;
}

/* Checks the file a while after it opened, when the last check is a week old. */
static void
schedule_integrity_check (BriskStore *self)
{
  sqlite3_stmt *stmt;
  gint64 last_check = 0;

  stmt = prepare (self, "SELECT value FROM store_info WHERE key = 'integrity_checked'", NULL);
  if (stmt != NULL)
    {
      if (sqlite3_step (stmt) == SQLITE_ROW)
        last_check = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
    }

  if (g_get_real_time () - last_check < (gint64)INTEGRITY_CHECK_INTERVAL_S * G_USEC_PER_SEC)
    return;

  self->check_id = g_timeout_add_seconds (INTEGRITY_CHECK_DELAY_S, integrity_check_due_cb, self);
}


const char *
brisk_store_get_path (BriskStore *self)
{
  g_return_val_if_fail (BRISK_IS_STORE (self), NULL);

  return self->path;
}

/**
 * brisk_store_get_moved_aside_path:
 *
 * Returns: (nullable): where a damaged history was moved when this store was opened, so the
 *   user can be told
 */
const char *
brisk_store_get_moved_aside_path (BriskStore *self)
{
  g_return_val_if_fail (BRISK_IS_STORE (self), NULL);

  return self->moved_aside_path;
}

/**
 * brisk_store_get_read_only:
 *
 * Returns: whether the history can only be read (it comes from a newer Brisk)
 */
gboolean
brisk_store_get_read_only (BriskStore *self)
{
  g_return_val_if_fail (BRISK_IS_STORE (self), TRUE);

  return self->read_only;
}

/**
 * brisk_store_close:
 *
 * Saves every tracked reply, commits pending deletions, and closes the database. Called at
 * quit; safe to call twice.
 */
/* Closes both connections; with @save, first writes what is pending. */
static void
close_files (BriskStore *self,
             gboolean    save)
{
  if (self->db == NULL)
    return;

  g_clear_handle_id (&self->check_id, g_source_remove);
  g_cancellable_cancel (self->check_cancellable);
  g_clear_object (&self->check_cancellable);

  if (save && !self->read_only)
    {
      g_autoptr(GError) error = NULL;

      if (!brisk_store_flush (self, &error))
        g_warning ("Could not save the last replies: %s", error->message);
      g_clear_error (&error);
      if (!brisk_store_commit_deletions (self, &error))
        g_warning ("%s", error->message);
    }

  g_clear_handle_id (&self->flush_id, g_source_remove);
  g_hash_table_remove_all (self->tracked);
  if (self->writer != NULL)
    g_thread_pool_free (g_steal_pointer (&self->writer), FALSE, TRUE);
  g_clear_pointer (&self->writer_db, sqlite3_close);
  g_hash_table_remove_all (self->statements);
  g_clear_pointer (&self->db, sqlite3_close);
}

void
brisk_store_close (BriskStore *self)
{
  g_return_if_fail (BRISK_IS_STORE (self));

  close_files (self, TRUE);
}

/**
 * brisk_store_recover:
 *
 * After ::damaged: moves the damaged history aside (see brisk_store_get_moved_aside_path())
 * and starts a new, empty one.
 */
gboolean
brisk_store_recover (BriskStore  *self,
                     GError     **error)
{
  g_return_val_if_fail (BRISK_IS_STORE (self), FALSE);

  /* Nothing more can be saved into the damaged file; what is on screen stays in memory. */
  close_files (self, FALSE);
  self->read_only = FALSE;
  if (!move_aside (self, error) || !open_files (self, error))
    return FALSE;

  conversations_changed (self);
  return TRUE;
}

static void
conversations_changed (BriskStore *self)
{
  g_signal_emit (self, signals[CONVERSATIONS_CHANGED], 0);
}

static char *
new_uuid (void)
{
  return g_uuid_string_random ();
}

/**
 * brisk_store_create_conversation:
 * @provider: (nullable): the provider's id
 * @model: (nullable): the model's id
 *
 * Returns: (transfer full): the new, empty conversation
 */
BriskConversation *
brisk_store_create_conversation (BriskStore  *self,
                                 const char  *provider,
                                 const char  *model,
                                 GError     **error)
{
  g_autofree char *uuid = new_uuid ();
  sqlite3_stmt *stmt;
  gint64 now = now_us ();

  g_return_val_if_fail (BRISK_IS_STORE (self), NULL);

  if (!check_writable (self, error))
    return NULL;

  stmt = prepare (self,
                  "INSERT INTO conversations (uuid, created, updated, provider, model)"
                  " VALUES (?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return NULL;
  _brisk_store_bind_text (stmt, 1, uuid);
  sqlite3_bind_int64 (stmt, 2, now);
  sqlite3_bind_int64 (stmt, 3, now);
  _brisk_store_bind_text (stmt, 4, provider);
  _brisk_store_bind_text (stmt, 5, model);
  if (!step_done (self, stmt, "create a conversation", error))
    return NULL;

  conversations_changed (self);
  return brisk_store_get_conversation (self, sqlite3_last_insert_rowid (self->db), error);
}

/**
 * brisk_store_get_conversation:
 *
 * Returns: (transfer full): the conversation, or %NULL with %BRISK_STORE_ERROR_NOT_FOUND
 */
BriskConversation *
brisk_store_get_conversation (BriskStore  *self,
                              gint64       id,
                              GError     **error)
{
  sqlite3_stmt *stmt;
  BriskConversation *conversation = NULL;
  int rc;

  g_return_val_if_fail (BRISK_IS_STORE (self), NULL);

  stmt = prepare (self, "SELECT " CONVERSATION_COLUMNS " FROM conversations WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    conversation = conversation_from_row (stmt);
  sqlite3_reset (stmt);

  if (rc == SQLITE_ROW)
    return conversation;
  if (rc == SQLITE_DONE)
    g_set_error (error, BRISK_STORE_ERROR, BRISK_STORE_ERROR_NOT_FOUND,
                 "There is no conversation %" G_GINT64_FORMAT, id);
  else
    set_sqlite_error (error, self->db, rc, "read a conversation");

  return NULL;
}

/**
 * brisk_store_save_conversation:
 *
 * Writes the conversation's title, flags, model and parameters back.
 */
gboolean
brisk_store_save_conversation (BriskStore         *self,
                               BriskConversation  *conversation,
                               GError            **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BRISK_IS_STORE (self), FALSE);
  g_return_val_if_fail (BRISK_IS_CONVERSATION (conversation), FALSE);

  if (!check_writable (self, error))
    return FALSE;

  stmt = prepare (self,
                  "UPDATE conversations SET title = ?, title_is_custom = ?, updated = ?, pinned = ?,"
                  " archived = ?, provider = ?, model = ?, system_prompt = ?, parameters = ?"
                  " WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  _brisk_store_bind_text (stmt, 1, brisk_conversation_get_title (conversation)
                        ? brisk_conversation_get_title (conversation) : "");
  sqlite3_bind_int (stmt, 2, brisk_conversation_get_title_is_custom (conversation));
  sqlite3_bind_int64 (stmt, 3, brisk_conversation_get_updated (conversation));
  sqlite3_bind_int (stmt, 4, brisk_conversation_get_pinned (conversation));
  sqlite3_bind_int (stmt, 5, brisk_conversation_get_archived (conversation));
  _brisk_store_bind_text (stmt, 6, brisk_conversation_get_provider (conversation));
  _brisk_store_bind_text (stmt, 7, brisk_conversation_get_model (conversation));
  _brisk_store_bind_text (stmt, 8, brisk_conversation_get_system_prompt (conversation));
  _brisk_store_bind_text (stmt, 9, brisk_conversation_get_parameters (conversation));
  sqlite3_bind_int64 (stmt, 10, brisk_conversation_get_id (conversation));
  if (!step_done (self, stmt, "save a conversation", error))
    return FALSE;

  conversations_changed (self);
  return TRUE;
}

/**
 * brisk_store_count_conversations:
 * @archived: count the archive rather than the active list
 *
 * Returns: how many conversations are listed (those waiting to be deleted are not)
 */
guint
brisk_store_count_conversations (BriskStore *self,
                                 gboolean    archived)
{
  sqlite3_stmt *stmt;
  guint count = 0;

  g_return_val_if_fail (BRISK_IS_STORE (self), 0);

  stmt = prepare (self, "SELECT count(*) FROM conversations WHERE archived = ? AND deleted = 0", NULL);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int (stmt, 1, !!archived);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = (guint)sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return count;
}

/**
 * brisk_store_list_conversations:
 * @archived: list the archive rather than the active list
 * @offset: how many to skip
 * @limit: how many at most
 *
 * Pinned conversations come first, then the most recently updated.
 *
 * Returns: (transfer full) (element-type BriskConversation): one page of the list
 */
GPtrArray *
brisk_store_list_conversations (BriskStore  *self,
                                gboolean     archived,
                                guint        offset,
                                guint        limit,
                                GError     **error)
{
  g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BRISK_IS_STORE (self), NULL);

  stmt = prepare (self,
                  "SELECT " CONVERSATION_COLUMNS " FROM conversations"
                  " WHERE archived = ? AND deleted = 0"
                  " ORDER BY pinned DESC, updated DESC, id DESC LIMIT ? OFFSET ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, !!archived);
  sqlite3_bind_int64 (stmt, 2, limit);
  sqlite3_bind_int64 (stmt, 3, offset);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (page, conversation_from_row (stmt));
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, rc, "list conversations");
      return NULL;
    }

  return g_steal_pointer (&page);
}

static gboolean
set_deleted (BriskStore  *self,
             gint64       id,
             gboolean     deleted,
             GError     **error)
{
  sqlite3_stmt *stmt;

  if (!check_writable (self, error))
    return FALSE;

  stmt = prepare (self, "UPDATE conversations SET deleted = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, deleted);
  sqlite3_bind_int64 (stmt, 2, id);
  if (!step_done (self, stmt, "delete a conversation", error))
    return FALSE;

  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, BRISK_STORE_ERROR, BRISK_STORE_ERROR_NOT_FOUND,
                   "There is no conversation %" G_GINT64_FORMAT, id);
      return FALSE;
    }

  conversations_changed (self);
  return TRUE;
}

/**
 * brisk_store_delete_conversation:
 *
 * Hides the conversation at once; it is only deleted for good by
 * brisk_store_commit_deletions(), when the undo toast has gone or Brisk quits, so
 * brisk_store_undo_delete() can bring it back until then.
 */
gboolean
brisk_store_delete_conversation (BriskStore  *self,
                                 gint64       id,
                                 GError     **error)
{
  g_return_val_if_fail (BRISK_IS_STORE (self), FALSE);

  return set_deleted (self, id, TRUE, error);
}

gboolean
brisk_store_undo_delete (BriskStore  *self,
                         gint64       id,
                         GError     **error)
{
  g_return_val_if_fail (BRISK_IS_STORE (self), FALSE);

  return set_deleted (self, id, FALSE, error);
}

/**
 * brisk_store_commit_deletions:
 *
 * Deletes for good the conversations waiting in their undo window, with their messages.
 */
gboolean
brisk_store_commit_deletions (BriskStore  *self,
                              GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BRISK_IS_STORE (self), FALSE);

  if (!check_writable (self, error))
    return FALSE;

  stmt = prepare (self, "DELETE FROM conversations WHERE deleted = 1", error);
  if (stmt == NULL)
    return FALSE;

  return step_done (self, stmt, "delete conversations", error);
}

/**
 * brisk_store_delete_all:
 *
 * Deletes every conversation at once (the user confirmed it in Preferences).
 */
gboolean
brisk_store_delete_all (BriskStore  *self,
                        GError     **error)
{
  g_return_val_if_fail (BRISK_IS_STORE (self), FALSE);

  if (!check_writable (self, error))
    return FALSE;

  if (!exec_sql (self->db, "BEGIN; DELETE FROM messages; DELETE FROM conversations; COMMIT",
                 "delete the history", error))
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }

  conversations_changed (self);
  return TRUE;
}

/**
 * brisk_store_add_message:
 * @role: "system", "user", "assistant" or "tool"
 * @content: (nullable): its text so far
 * @status: %BRISK_REPLY_STATUS_STREAMING for a reply that was just requested
 *
 * Adds a message and marks the conversation updated. A streaming reply's row exists from now
 * on, so a crash loses at most its last half second of text.
 *
 * Returns: (transfer full): the message
 */
BriskMessage *
brisk_store_add_message (BriskStore        *self,
                         gint64             conversation_id,
                         const char        *role,
                         const char        *content,
                         BriskReplyStatus   status,
                         GError           **error)
{
  sqlite3_stmt *stmt;
  gint64 now = now_us ();
  gint64 id;
  int rc;

  g_return_val_if_fail (BRISK_IS_STORE (self), NULL);
  g_return_val_if_fail (role != NULL, NULL);

  if (!check_writable (self, error))
    return NULL;

  if (!exec_sql (self->db, "BEGIN IMMEDIATE", "add a message", error))
    return NULL;

  stmt = prepare (self,
                  "INSERT INTO messages (conversation_id, role, content, status, created, writer)"
                  " VALUES (?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    goto rollback;
  sqlite3_bind_int64 (stmt, 1, conversation_id);
  _brisk_store_bind_text (stmt, 2, role);
  _brisk_store_bind_text (stmt, 3, content ? content : "");
  _brisk_store_bind_text (stmt, 4, _brisk_reply_status_to_string (status));
  sqlite3_bind_int64 (stmt, 5, now);
  if (status == BRISK_REPLY_STATUS_STREAMING)
    _brisk_store_bind_text (stmt, 6, own_writer_token ());
  if (!step_done (self, stmt, "add a message", error))
    goto rollback;
  id = sqlite3_last_insert_rowid (self->db);

  stmt = prepare (self, "UPDATE conversations SET updated = ? WHERE id = ?", error);
  if (stmt == NULL)
    goto rollback;
  sqlite3_bind_int64 (stmt, 1, now);
  sqlite3_bind_int64 (stmt, 2, conversation_id);
  if (!step_done (self, stmt, "add a message", error))
    goto rollback;

  rc = sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, self->db, rc, "add a message");
      goto rollback;
    }
  conversations_changed (self);

  stmt = prepare (self, "SELECT " MESSAGE_COLUMNS " FROM messages WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      g_set_error_literal (error, BRISK_STORE_ERROR, BRISK_STORE_ERROR_FAILED,
                           "The new message could not be read back");
      return NULL;
    }
  {
    BriskMessage *message = message_from_row (stmt);

    sqlite3_reset (stmt);
    return message;
  }

rollback:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return NULL;
}

static void
snapshot_message (BriskMessage  *message,
                  ReplySnapshot *snapshot)
{
  snapshot->id = brisk_message_get_id (message);
  snapshot->content = g_strdup (brisk_message_get_content (message));
  snapshot->reasoning = g_strdup (brisk_message_get_reasoning (message));
  snapshot->tool_calls = g_strdup (brisk_message_get_tool_calls (message));
  snapshot->tool_call_id = g_strdup (brisk_message_get_tool_call_id (message));
  snapshot->executed_tools = g_strdup (brisk_message_get_executed_tools (message));
  snapshot->error = g_strdup (brisk_message_get_error (message));
  snapshot->finish_reason = g_strdup (brisk_message_get_finish_reason (message));
  snapshot->usage = g_strdup (brisk_message_get_usage (message));
  snapshot->model = g_strdup (brisk_message_get_model (message));
  snapshot->status = brisk_message_get_status (message);
}

static const char update_message_sql[] =
  "UPDATE messages SET content = ?, reasoning = ?, tool_calls = ?, error = ?, finish_reason = ?,"
  " usage = ?, model = ?, status = ?,"
  " writer = CASE WHEN ? = 'streaming' THEN writer ELSE NULL END,"
  " tool_call_id = ?, executed_tools = ?"
  " WHERE id = ?";

static int
write_snapshot (sqlite3             *db,
                sqlite3_stmt        *stmt,
                const ReplySnapshot *snapshot)
{
  const char *status = _brisk_reply_status_to_string (snapshot->status);
  int rc;

  sqlite3_reset (stmt);
  _brisk_store_bind_text (stmt, 1, snapshot->content ? snapshot->content : "");
  _brisk_store_bind_text (stmt, 2, snapshot->reasoning ? snapshot->reasoning : "");
  _brisk_store_bind_text (stmt, 3, snapshot->tool_calls);
  _brisk_store_bind_text (stmt, 4, snapshot->error);
  _brisk_store_bind_text (stmt, 5, snapshot->finish_reason);
  _brisk_store_bind_text (stmt, 6, snapshot->usage);
  _brisk_store_bind_text (stmt, 7, snapshot->model);
  _brisk_store_bind_text (stmt, 8, status);
  _brisk_store_bind_text (stmt, 9, status);
  _brisk_store_bind_text (stmt, 10, snapshot->tool_call_id);
  _brisk_store_bind_text (stmt, 11, snapshot->executed_tools);
  sqlite3_bind_int64 (stmt, 12, snapshot->id);

  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/**
 * brisk_store_save_message:
 *
 * Writes the message's text and state now, on this thread.
 */
gboolean
brisk_store_save_message (BriskStore    *self,
                          BriskMessage  *message,
                          GError       **error)
{
  ReplySnapshot snapshot = { 0 };
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BRISK_IS_STORE (self), FALSE);
  g_return_val_if_fail (BRISK_IS_MESSAGE (message), FALSE);

  if (!check_writable (self, error))
    return FALSE;

  stmt = prepare (self, update_message_sql, error);
  if (stmt == NULL)
    return FALSE;

  snapshot_message (message, &snapshot);
  rc = write_snapshot (self->db, stmt, &snapshot);
  reply_snapshot_clear (&snapshot);

  if (rc != SQLITE_OK)
    return set_sqlite_error (error, self->db, rc, "save a message");

  return TRUE;
}

/* The writer thread: one snapshot at a time, each in its own short transaction, on its own
 * connection. It only reports back through the locked fields; the main thread acts on them.
 */
static void
writer_thread_func (gpointer data,
                    gpointer user_data)
{
  ReplySnapshot *snapshot = data;
  BriskStore *self = user_data;
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->writer_db, update_message_sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = write_snapshot (self->writer_db, stmt, snapshot);
  sqlite3_finalize (stmt);

  g_mutex_lock (&self->writer_lock);
  if (rc == SQLITE_OK)
    {
      g_array_append_val (self->written_ids, snapshot->id);
    }
  else
    {
      g_array_append_val (self->failed_ids, snapshot->id);
      g_clear_error (&self->writer_error);
      set_sqlite_error (&self->writer_error, self->writer_db, rc, "save the reply");
    }
  self->writes_pending--;
  g_cond_broadcast (&self->writer_idle);
  g_mutex_unlock (&self->writer_lock);

  reply_snapshot_free (snapshot);
}

static TrackedReply *
find_tracked_by_id (BriskStore *self,
                    gint64      id)
{
  GHashTableIter iter;
  TrackedReply *tracked;

  g_hash_table_iter_init (&iter, self->tracked);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *)&tracked))
    if (brisk_message_get_id (tracked->message) == id)
      return tracked;

  return NULL;
}

/* Acts on what the writer reported: failed replies are saved again at the next flush, finished
 * replies that are safely on disk are no longer tracked, and the UI hears about failures and
 * recoveries.
 */
static void
collect_writer_results (BriskStore *self)
{
  g_autoptr(GArray) written = NULL;
  g_autoptr(GArray) failed = NULL;
  g_autoptr(GError) error = NULL;

  g_mutex_lock (&self->writer_lock);
  written = g_steal_pointer (&self->written_ids);
  failed = g_steal_pointer (&self->failed_ids);
  self->written_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->failed_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (failed->len > 0)
    error = g_error_copy (self->writer_error);
  g_mutex_unlock (&self->writer_lock);

  for (guint i = 0; i < failed->len; i++)
    {
      TrackedReply *tracked = find_tracked_by_id (self, g_array_index (failed, gint64, i));

      if (tracked != NULL)
        tracked->dirty = TRUE;
    }

  for (guint i = 0; i < written->len; i++)
    {
      TrackedReply *tracked = find_tracked_by_id (self, g_array_index (written, gint64, i));

      if (tracked != NULL && tracked->finished && !tracked->dirty)
        g_hash_table_remove (self->tracked, tracked->message);
    }

  if (error != NULL && !self->write_failing)
    {
      self->write_failing = TRUE;
      g_warning ("%s", error->message);
      g_signal_emit (self, signals[WRITE_FAILED], 0, error);
    }
  else if (error == NULL && written->len > 0 && self->write_failing)
    {
      self->write_failing = FALSE;
      g_signal_emit (self, signals[WRITE_RECOVERED], 0);
    }
}

/**
 * brisk_store_list_messages:
 * @before_id: list messages older than this one, or 0 for the newest
 * @limit: how many at most
 *
 * Returns: (transfer full) (element-type BriskMessage): one page of messages, newest first
 */
GPtrArray *
brisk_store_list_messages (BriskStore  *self,
                           gint64       conversation_id,
                           gint64       before_id,
                           guint        limit,
                           GError     **error)
{
  g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BRISK_IS_STORE (self), NULL);

  stmt = prepare (self,
                  "SELECT " MESSAGE_COLUMNS " FROM messages"
                  " WHERE conversation_id = ? AND id < ? ORDER BY id DESC LIMIT ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, conversation_id);
  sqlite3_bind_int64 (stmt, 2, before_id > 0 ? before_id : G_MAXINT64);
  sqlite3_bind_int64 (stmt, 3, limit);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (page, message_from_row (stmt));
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, rc, "read messages");
      return NULL;
    }

  return g_steal_pointer (&page);
}

/**
 * brisk_store_count_message_chars:
 * @before_id: count the messages older than this one, or 0 for all
 *
 * Counts the characters of a conversation's messages without reading them: for a token
 * estimate of a long conversation whose older messages are not loaded.
 *
 * Returns: the number of characters, or -1 with @error set
 */
gint64
brisk_store_count_message_chars (BriskStore  *self,
                                 gint64       conversation_id,
                                 gint64       before_id,
                                 GError     **error)
{
  sqlite3_stmt *stmt;
  gint64 n_chars = 0;
  int rc;

  g_return_val_if_fail (BRISK_IS_STORE (self), -1);

  /* length() of TEXT counts characters, as the estimate for loaded messages does. */
  stmt = prepare (self,
                  "SELECT COALESCE(SUM(length(content)), 0) FROM messages"
                  " WHERE conversation_id = ? AND id < ?", error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, conversation_id);
  sqlite3_bind_int64 (stmt, 2, before_id > 0 ? before_id : G_MAXINT64);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    n_chars = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW)
    {
      set_sqlite_error (error, self->db, rc, "count the conversation’s characters");
      return -1;
    }

  return n_chars;
}

gboolean
brisk_store_delete_message (BriskStore  *self,
                            gint64       message_id,
                            GError     **error)
{
  TrackedReply *tracked;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BRISK_IS_STORE (self), FALSE);

  if (!check_writable (self, error))
    return FALSE;

  /* A reply deleted while its text is still being saved: nothing more is queued for it, and
   * a write already queued lands first. Ids are reused once freed, so a late write would
   * otherwise fill the next message with the deleted one's text.
   */
  tracked = find_tracked_by_id (self, message_id);
  if (tracked != NULL)
    g_hash_table_remove (self->tracked, tracked->message);
  if (self->writer != NULL)
    {
      g_mutex_lock (&self->writer_lock);
      while (self->writes_pending > 0)
        g_cond_wait (&self->writer_idle, &self->writer_lock);
      g_mutex_unlock (&self->writer_lock);
      collect_writer_results (self);
    }

  stmt = prepare (self, "DELETE FROM messages WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, message_id);

  return step_done (self, stmt, "delete a message", error);
}

/* Hands every reply that changed since the last flush to the writer thread. */
static void
queue_dirty_replies (BriskStore *self)
{
  GHashTableIter iter;
  TrackedReply *tracked;

  g_hash_table_iter_init (&iter, self->tracked);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *)&tracked))
    {
      ReplySnapshot *snapshot;

      if (!tracked->dirty)
        continue;

      snapshot = g_new0 (ReplySnapshot, 1);
      snapshot_message (tracked->message, snapshot);
      tracked->dirty = FALSE;

      g_mutex_lock (&self->writer_lock);
      self->writes_pending++;
      g_mutex_unlock (&self->writer_lock);
      g_thread_pool_push (self->writer, snapshot, NULL);
    }
}

static gboolean
flush_timeout_cb (gpointer user_data)
{
  BriskStore *self = user_data;

  collect_writer_results (self);
  queue_dirty_replies (self);

  if (g_hash_table_size (self->tracked) == 0)
    {
      self->flush_id = 0;
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

static void
reply_changed_cb (BriskMessage *message,
                  GParamSpec   *pspec,
                  TrackedReply *tracked)
{
  tracked->dirty = TRUE;
}

/**
 * brisk_store_track_reply:
 * @message: a reply made with brisk_store_add_message()
 *
 * Saves the reply while it streams: whenever it changes, its text is written within
 * 500 ms, on a writer thread, so the window never waits for the disk.
 */
void
brisk_store_track_reply (BriskStore   *self,
                         BriskMessage *message)
{
  TrackedReply *tracked;

  g_return_if_fail (BRISK_IS_STORE (self));
  g_return_if_fail (BRISK_IS_MESSAGE (message));

  if (self->read_only || g_hash_table_contains (self->tracked, message))
    return;

  tracked = g_new0 (TrackedReply, 1);
  tracked->store = self;
  tracked->message = g_object_ref (message);
  tracked->notify_id = g_signal_connect (message, "notify", G_CALLBACK (reply_changed_cb), tracked);
  g_hash_table_insert (self->tracked, message, tracked);

  if (self->flush_id == 0)
    self->flush_id = g_timeout_add (FLUSH_INTERVAL_MS, flush_timeout_cb, self);
}

/**
 * brisk_store_finish_reply:
 *
 * The reply ended (its status is no longer streaming): its final state is written now, and it
 * stays tracked until that write succeeded.
 */
void
brisk_store_finish_reply (BriskStore   *self,
                          BriskMessage *message)
{
  TrackedReply *tracked;

  g_return_if_fail (BRISK_IS_STORE (self));
  g_return_if_fail (BRISK_IS_MESSAGE (message));

  tracked = g_hash_table_lookup (self->tracked, message);
  if (tracked == NULL)
    return;

  tracked->finished = TRUE;
  tracked->dirty = TRUE;
  queue_dirty_replies (self);
}

/**
 * brisk_store_flush:
 *
 * Writes every reply that changed and waits for the writer thread, for quitting and tests.
 *
 * Returns: %FALSE with @error set when a reply could not be saved
 */
gboolean
brisk_store_flush (BriskStore  *self,
                   GError     **error)
{
  gboolean ok;

  g_return_val_if_fail (BRISK_IS_STORE (self), FALSE);

  if (self->writer == NULL)
    return TRUE;

  queue_dirty_replies (self);

  g_mutex_lock (&self->writer_lock);
  while (self->writes_pending > 0)
    g_cond_wait (&self->writer_idle, &self->writer_lock);
  ok = self->failed_ids->len == 0;
  if (!ok && error != NULL)
    *error = g_error_copy (self->writer_error);
  g_mutex_unlock (&self->writer_lock);

  collect_writer_results (self);
  return ok;
}

/* Makes an FTS5 query from what the user typed: every word must match, and the last one as a
 * prefix, since it may still be being typed ("streaming pars" finds "streaming parser").
 * Only the last word is a prefix because FTS5 merges a prefix's whole posting list: for a
 * common prefix on every word, a search of a large history takes a hundred times longer.
 * Quotes keep FTS5's own syntax out of reach. Words are split where the tokenizer splits
 * them (at anything but letters, digits and their accents): "e-mail" is two words, and
 * quoted as one it would be a phrase query, which an index without positions refuses.
 */
static char *
build_match_query (const char *text)
{
  g_autoptr(GString) query = g_string_new (NULL);
  g_autoptr(GString) spaced = g_string_new (NULL);
  g_auto(GStrv) words = NULL;
  g_autofree char *normalized = g_utf8_normalize (text, -1, G_NORMALIZE_DEFAULT);

  if (normalized == NULL)
    return NULL;

  for (const char *p = normalized; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);

      if (g_unichar_isalnum (c) || type == G_UNICODE_NON_SPACING_MARK
          || type == G_UNICODE_SPACING_MARK || type == G_UNICODE_ENCLOSING_MARK)
        g_string_append_unichar (spaced, c);
      else
        g_string_append_c (spaced, ' ');
    }

  words = g_strsplit (spaced->str, " ", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      gboolean last = TRUE;

      if (*words[i] == '\0')
        continue;
      for (guint j = i + 1; words[j] != NULL; j++)
        if (*words[j] != '\0')
          last = FALSE;

      /* Only letters and digits are left, so the quotes need no escaping. */
      if (query->len > 0)
        g_string_append_c (query, ' ');
      g_string_append_printf (query, last ? "\"%s\"*" : "\"%s\"", words[i]);
    }

  if (query->len == 0)
    return NULL;

  return g_string_free (g_steal_pointer (&query), FALSE);
}

static gboolean
collect_hits (BriskStore  *self,
              const char  *sql,
              const char  *match,
              guint        limit,
              GPtrArray   *hits,
              GError     **error)
{
  sqlite3_stmt *stmt = prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  _brisk_store_bind_text (stmt, 1, match);
  sqlite3_bind_int64 (stmt, 2, limit);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      BriskSearchHit *hit = g_new0 (BriskSearchHit, 1);

      hit->conversation_id = sqlite3_column_int64 (stmt, 0);
      hit->message_id = sqlite3_column_int64 (stmt, 1);
      hit->title = column_dup (stmt, 2);
      hit->snippet = column_dup (stmt, 3);
      g_ptr_array_add (hits, hit);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    return set_sqlite_error (error, self->db, rc, "search the history");

  return TRUE;
}

/**
 * brisk_store_search:
 * @query: what the user typed
 * @limit: the most hits of each kind
 *
 * Searches titles and message text, ignoring case and diacritics; the last word counts as a
 * prefix.
 * Title matches come first, then messages, the most recent first: in a chat history the
 * latest mention is usually the one wanted, and FTS5 walks its index in that order without
 * scoring every match.
 *
 * Returns: (transfer full) (element-type BriskSearchHit): the hits, each with a snippet in
 *   which %BRISK_SEARCH_MATCH_START and %BRISK_SEARCH_MATCH_END surround the matches
 */
GPtrArray *
brisk_store_search (BriskStore  *self,
                    const char  *query,
                    guint        limit,
                    GError     **error)
{
  g_autoptr(GPtrArray) hits = g_ptr_array_new_with_free_func ((GDestroyNotify)brisk_search_hit_free);
  g_autofree char *match = NULL;

  g_return_val_if_fail (BRISK_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  match = build_match_query (query);
  if (match == NULL)
    return g_steal_pointer (&hits);

  if (!collect_hits (self,
                     "SELECT c.id, 0, c.title,"
                     " snippet(conversations_fts, 0, '" BRISK_SEARCH_MATCH_START "', '"
                     BRISK_SEARCH_MATCH_END "', '…', 12)"
                     " FROM conversations_fts JOIN conversations c ON c.id = conversations_fts.rowid"
                     " WHERE conversations_fts MATCH ?1 AND c.deleted = 0"
                     " ORDER BY conversations_fts.rowid DESC LIMIT ?2",
                     match, limit, hits, error))
    return NULL;

  if (!collect_hits (self,
                     "SELECT m.conversation_id, m.id, c.title,"
                     " snippet(messages_fts, 0, '" BRISK_SEARCH_MATCH_START "', '"
                     BRISK_SEARCH_MATCH_END "', '…', 16)"
                     " FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid"
                     " JOIN conversations c ON c.id = m.conversation_id"
                     " WHERE messages_fts MATCH ?1 AND c.deleted = 0"
                     " ORDER BY messages_fts.rowid DESC LIMIT ?2",
                     match, limit, hits, error))
    return NULL;

  return g_steal_pointer (&hits);
}

/**
 * brisk_store_duplicate_conversation:
 *
 * Returns: (transfer full): a copy of the conversation and all its messages
 */
BriskConversation *
brisk_store_duplicate_conversation (BriskStore  *self,
                                    gint64       id,
                                    GError     **error)
{
  g_autofree char *uuid = new_uuid ();
  sqlite3_stmt *stmt;
  gint64 copy_id;
  int rc;

  g_return_val_if_fail (BRISK_IS_STORE (self), NULL);

  if (!check_writable (self, error))
    return NULL;
  if (!exec_sql (self->db, "BEGIN IMMEDIATE", "copy a conversation", error))
    return NULL;

  stmt = prepare (self,
                  "INSERT INTO conversations (uuid, title, title_is_custom, created, updated, pinned,"
                  " archived, provider, model, system_prompt, parameters)"
                  " SELECT ?, title, title_is_custom, ?, ?, 0, 0, provider, model, system_prompt,"
                  " parameters FROM conversations WHERE id = ?", error);
  if (stmt == NULL)
    goto rollback;
  _brisk_store_bind_text (stmt, 1, uuid);
  sqlite3_bind_int64 (stmt, 2, now_us ());
  sqlite3_bind_int64 (stmt, 3, now_us ());
  sqlite3_bind_int64 (stmt, 4, id);
  if (!step_done (self, stmt, "copy a conversation", error))
    goto rollback;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, BRISK_STORE_ERROR, BRISK_STORE_ERROR_NOT_FOUND,
                   "There is no conversation %" G_GINT64_FORMAT, id);
      goto rollback;
    }
  copy_id = sqlite3_last_insert_rowid (self->db);

  stmt = prepare (self,
                  "INSERT INTO messages (conversation_id, role, content, reasoning, tool_calls,"
                  " tool_call_id, model, status, error, finish_reason, usage, created,"
                  " executed_tools)"
                  " SELECT ?, role, content, reasoning, tool_calls, tool_call_id, model,"
                  " CASE status WHEN 'streaming' THEN 'interrupted' ELSE status END,"
                  " error, finish_reason, usage, created, executed_tools"
                  " FROM messages WHERE conversation_id = ? ORDER BY id", error);
  if (stmt == NULL)
    goto rollback;
  sqlite3_bind_int64 (stmt, 1, copy_id);
  sqlite3_bind_int64 (stmt, 2, id);
  if (!step_done (self, stmt, "copy a conversation", error))
    goto rollback;

  rc = sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, self->db, rc, "copy a conversation");
      goto rollback;
    }

  conversations_changed (self);
  return brisk_store_get_conversation (self, copy_id, error);

rollback:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return NULL;
}

/**
 * brisk_store_vacuum:
 *
 * Gives the space of deleted conversations back to the disk and compacts the search index.
 */
gboolean
brisk_store_vacuum (BriskStore  *self,
                    GError     **error)
{
  g_return_val_if_fail (BRISK_IS_STORE (self), FALSE);

  if (!check_writable (self, error) || !brisk_store_flush (self, error))
    return FALSE;

  return exec_sql (self->db,
                   "INSERT INTO messages_fts (messages_fts) VALUES ('optimize');"
                   "INSERT INTO conversations_fts (conversations_fts) VALUES ('optimize');"
                   "VACUUM;"
                   "PRAGMA wal_checkpoint(TRUNCATE);",
                   "compact the history", error);
}

sqlite3 *
_brisk_store_get_db (BriskStore *self)
{
  return self->db;
}

void
_brisk_store_emit_conversations_changed (BriskStore *self)
{
  conversations_changed (self);
}

/* For tests: limits the database size on both connections, to simulate a full disk. */
void
_brisk_store_set_max_page_count (BriskStore *self,
                                 guint       max_pages)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA max_page_count = %u", max_pages);

  sqlite3_exec (self->db, sql, NULL, NULL, NULL);
  if (self->writer_db != NULL)
    {
      /* The writer connection belongs to the writer thread: wait until it is idle. */
      g_mutex_lock (&self->writer_lock);
      while (self->writes_pending > 0)
        g_cond_wait (&self->writer_idle, &self->writer_lock);
      sqlite3_exec (self->writer_db, sql, NULL, NULL, NULL);
      g_mutex_unlock (&self->writer_lock);
    }
}
