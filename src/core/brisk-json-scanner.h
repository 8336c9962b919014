/* brisk-json-scanner.h
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <string.h>

G_BEGIN_DECLS

#define BRISK_JSON_MAX_DEPTH 64

typedef enum
{
  BRISK_JSON_INVALID,
  BRISK_JSON_OBJECT,
  BRISK_JSON_ARRAY,
  BRISK_JSON_STRING,
  BRISK_JSON_NUMBER,
  BRISK_JSON_TRUE,
  BRISK_JSON_FALSE,
  BRISK_JSON_NULL,
} BriskJsonType;

/**
 * BriskJsonScanner:
 *
 * A pull scanner over one JSON text that never builds a tree and allocates only for the
 * strings it is asked to read. Callers walk the document and read or skip every value they
 * step on. Any syntax error sets @failed and every call after it returns %FALSE.
 */
typedef struct
{
  const char *pos;
  const char *end;
  guint64     has_members; /* bit N: the container at depth N already has a member */
  guint       depth;
  gboolean    failed;
} BriskJsonScanner;

/* An object key as it appears in the text, escapes and all. */
typedef struct
{
  const char *raw;
  gsize       len;
  gboolean    escaped;
} BriskJsonKey;

void          brisk_json_scanner_init          (BriskJsonScanner   *self,
                                                const char         *text,
                                                gsize               len);
BriskJsonType brisk_json_scanner_peek          (BriskJsonScanner   *self);
gboolean      brisk_json_scanner_enter_object  (BriskJsonScanner   *self);
gboolean      brisk_json_scanner_next_member   (BriskJsonScanner   *self,
                                                BriskJsonKey       *key);
gboolean      brisk_json_scanner_enter_array   (BriskJsonScanner   *self);
gboolean      brisk_json_scanner_next_element  (BriskJsonScanner   *self);
gboolean      brisk_json_scanner_read_string   (BriskJsonScanner   *self,
                                                GString            *out);
gboolean      brisk_json_scanner_read_int64    (BriskJsonScanner   *self,
                                                gint64             *out);
gboolean      brisk_json_scanner_read_double   (BriskJsonScanner   *self,
                                                double             *out);
gboolean      brisk_json_scanner_read_boolean  (BriskJsonScanner   *self,
                                                gboolean           *out);
gboolean      brisk_json_scanner_skip          (BriskJsonScanner   *self);
gboolean      brisk_json_scanner_finish        (BriskJsonScanner   *self);
gboolean      _brisk_json_key_equal_escaped    (const BriskJsonKey *key,
                                                const char         *name);

/**
 * brisk_json_key_equal:
 * @name: a plain ASCII key name
 *
 * Inline, so that with a literal @name the length is known when compiling: the decoder
 * compares dozens of keys per chunk.
 */
static inline gboolean
brisk_json_key_equal (const BriskJsonKey *key,
                      const char         *name)
{
  if (G_UNLIKELY (key->escaped))
    return _brisk_json_key_equal_escaped (key, name);

  return key->len == strlen (name) && memcmp (key->raw, name, key->len) == 0;
}

G_END_DECLS
