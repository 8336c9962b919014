/* brisk-json-scanner.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "brisk-json-scanner"

#include "config.h"

#include <string.h>

#include "brisk-json-scanner.h"

/* Why not json-glib here: it builds a tree of hash tables for every chunk, about 11 µs for a
 * typical 250-byte Groq chunk on our CI machines, and a fast reply carries hundreds of
 * thousands of chunks. This scanner validates the same grammar (RFC 8259) without building
 * anything. json-glib remains in use wherever a document is read once.
 */

#define REPLACEMENT_CHARACTER "\xEF\xBF\xBD"

static inline gboolean
fail (BriskJsonScanner *self)
{
  self->failed = TRUE;
  return FALSE;
}

static inline void
skip_whitespace (BriskJsonScanner *self)
{
  /* Streamed chunks are compact JSON, so most calls find a byte above the space and stop
   * after one comparison.
   */
  while (self->pos < self->end && G_UNLIKELY ((guchar)*self->pos <= ' ') &&
         (*self->pos == ' ' || *self->pos == '\n' || *self->pos == '\r' || *self->pos == '\t'))
    self->pos++;
}

void
brisk_json_scanner_init (BriskJsonScanner *self,
                         const char       *text,
                         gsize             len)
{
  self->pos = text;
  self->end = text + len;
  self->has_members = 0;
  self->depth = 0;
  self->failed = FALSE;
}

static inline BriskJsonType
peek (BriskJsonScanner *self)
{
  if (self->failed)
    return BRISK_JSON_INVALID;

  skip_whitespace (self);
  if (self->pos >= self->end)
    return BRISK_JSON_INVALID;

  switch (*self->pos)
    {
    case '{': return BRISK_JSON_OBJECT;
    case '[': return BRISK_JSON_ARRAY;
    case '"': return BRISK_JSON_STRING;
    case 't': return BRISK_JSON_TRUE;
    case 'f': return BRISK_JSON_FALSE;
    case 'n': return BRISK_JSON_NULL;
    case '-':
    case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
      return BRISK_JSON_NUMBER;
    default:
      return BRISK_JSON_INVALID;
    }
}

/**
 * brisk_json_scanner_peek:
 *
 * Returns: the type of the value at the cursor, judged by its first character, or
 *   %BRISK_JSON_INVALID (which does not by itself mark the scanner failed)
 */
BriskJsonType
brisk_json_scanner_peek (BriskJsonScanner *self)
{
  return peek (self);
}

static gboolean
enter (BriskJsonScanner *self,
       char              open)
{
  if (peek (self) == BRISK_JSON_INVALID || *self->pos != open)
    return fail (self);
  if (self->depth + 1 >= BRISK_JSON_MAX_DEPTH)
    return fail (self);

  self->pos++;
  self->depth++;
  self->has_members &= ~(G_GUINT64_CONSTANT (1) << self->depth);
  return TRUE;
}

/* Steps over the "," between members, or the closing bracket. Returns FALSE at the end of
 * the container (with the bracket consumed) or on error.
 */
static gboolean
next_in_container (BriskJsonScanner *self,
                   char              close)
{
  guint64 bit = G_GUINT64_CONSTANT (1) << self->depth;

  if (self->failed)
    return FALSE;

  skip_whitespace (self);
  if (self->pos >= self->end)
    return fail (self);

  if (*self->pos == close)
    {
      self->pos++;
      self->depth--;
      return FALSE;
    }

  if (self->has_members & bit)
    {
      if (*self->pos != ',')
        return fail (self);
      self->pos++;
      skip_whitespace (self);
      /* A trailing comma is not JSON. */
      if (self->pos < self->end && *self->pos == close)
        return fail (self);
    }

  self->has_members |= bit;
  return TRUE;
}

gboolean
brisk_json_scanner_enter_object (BriskJsonScanner *self)
{
  return enter (self, '{');
}

gboolean
brisk_json_scanner_enter_array (BriskJsonScanner *self)
{
  return enter (self, '[');
}

gboolean
brisk_json_scanner_next_element (BriskJsonScanner *self)
{
  return next_in_container (self, ']');
}

#define ONES  G_GUINT64_CONSTANT (0x0101010101010101)
#define HIGHS G_GUINT64_CONSTANT (0x8080808080808080)

/* How far find_special() looks a word at a time before handing over to memchr(). */
#define SHORT_STRING_BYTES 32

/* The first '"' or '\\' in [@p, @end), or %NULL.
 *
 * Most strings in a chunk are keys and short values (a token of text is a few bytes), where
 * two memchr() calls, one per byte sought, cost more in calls than in scanning. So the first
 * bytes are tested eight at a time for both bytes at once; a longer string goes on with
 * memchr(), which the C library vectorises.
 */
static inline const char *
find_special (const char *p,
              const char *end)
{
  const char *short_end = end - p > SHORT_STRING_BYTES ? p + SHORT_STRING_BYTES : end;
  const char *quote;
  const char *backslash;

  while (short_end - p >= 8)
    {
      guint64 word;
      guint64 quotes;
      guint64 backslashes;
      guint64 found;

      memcpy (&word, p, sizeof word);
      /* Byte order fixed, so the lowest flagged byte is the first in memory. */
      word = GUINT64_FROM_LE (word);
      quotes = word ^ (ONES * '"');
      backslashes = word ^ (ONES * '\\');
      /* A byte's high bit is set where it was zero; borrows can only flag bytes after a
       * real match, never before one.
       */
      found = (((quotes - ONES) & ~quotes) | ((backslashes - ONES) & ~backslashes)) & HIGHS;
      if (found != 0)
        return p + __builtin_ctzll (found) / 8;
      p += 8;
    }

  if (short_end < end)
    {
      quote = memchr (p, '"', end - p);
      backslash = memchr (p, '\\', (quote != NULL ? quote : end) - p);
      return backslash != NULL ? backslash : quote;
    }

  for (; p < end; p++)
    {
      if (*p == '"' || *p == '\\')
        return p;
    }

  return NULL;
}

/* Moves past a string's closing quote, checking that its escapes are well-formed; the content
 * is not decoded.
 *
 * Raw control characters inside strings, which RFC 8259 forbids, are let through: nothing
 * depends on them, and the decoded text is made valid UTF-8 without NUL bytes in any case.
 */
static gboolean
scan_string (BriskJsonScanner *self,
             const char      **start,
             gsize            *len,
             gboolean         *escaped)
{
  const char *p = self->pos + 1;

  *escaped = FALSE;
  *start = p;

  for (;;)
    {
      const char *special = find_special (p, self->end);

      if (special == NULL)
        return fail (self);

      if (*special == '"')
        {
          *len = special - *start;
          self->pos = special + 1;
          return TRUE;
        }

      *escaped = TRUE;
      p = special + 1;
      if (p >= self->end)
        return fail (self);
      switch (*p)
        {
        case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
          break;
        case 'u':
          if (self->end - p < 5 ||
              !g_ascii_isxdigit (p[1]) || !g_ascii_isxdigit (p[2]) ||
              !g_ascii_isxdigit (p[3]) || !g_ascii_isxdigit (p[4]))
            return fail (self);
          p += 4;
          break;
        default:
          return fail (self);
        }
      p++;
    }
}

gboolean
brisk_json_scanner_next_member (BriskJsonScanner *self,
                                BriskJsonKey     *key)
{
  if (!next_in_container (self, '}'))
    return FALSE;

  if (self->pos >= self->end || *self->pos != '"')
    return fail (self);
  if (!scan_string (self, &key->raw, &key->len, &key->escaped))
    return FALSE;

  skip_whitespace (self);
  if (self->pos >= self->end || *self->pos != ':')
    return fail (self);
  self->pos++;

  return TRUE;
}

static guint
hex_value (const char *p)
{
  guint value = 0;

  for (guint i = 0; i < 4; i++)
    value = (value << 4) | g_ascii_xdigit_value (p[i]);

  return value;
}

/* Decodes an escaped string body already checked by scan_string(). Lone surrogates and NUL
 * become U+FFFD, so the result is always a valid, NUL-free C string.
 */
static void
append_unescaped (GString    *out,
                  const char *p,
                  gsize       len)
{
  const char *end = p + len;

  while (p < end)
    {
      const char *backslash = memchr (p, '\\', end - p);
      gunichar ch;

      if (backslash == NULL)
        {
          g_string_append_len (out, p, end - p);
          return;
        }

      g_string_append_len (out, p, backslash - p);
      p = backslash + 1;

      switch (*p)
        {
        case 'b': g_string_append_c (out, '\b'); p++; continue;
        case 'f': g_string_append_c (out, '\f'); p++; continue;
        case 'n': g_string_append_c (out, '\n'); p++; continue;
        case 'r': g_string_append_c (out, '\r'); p++; continue;
        case 't': g_string_append_c (out, '\t'); p++; continue;
        case 'u': break;
        default: g_string_append_c (out, *p); p++; continue;
        }

      ch = hex_value (p + 1);
      p += 5;

      if (ch >= 0xD800 && ch <= 0xDBFF && end - p >= 6 && p[0] == '\\' && p[1] == 'u')
        {
          gunichar low = hex_value (p + 2);

          if (low >= 0xDC00 && low <= 0xDFFF)
            {
              ch = 0x10000 + ((ch - 0xD800) << 10) + (low - 0xDC00);
              p += 6;
            }
        }

      if (ch == 0 || (ch >= 0xD800 && ch <= 0xDFFF))
        g_string_append (out, REPLACEMENT_CHARACTER);
      else
        g_string_append_unichar (out, ch);
    }
}

/* Replaces invalid UTF-8 in out[from..] with U+FFFD, in place. */
static void
make_valid_from (GString *out,
                 gsize    from)
{
  const char *invalid;
  g_autofree char *valid = NULL;

  if (g_utf8_validate_len (out->str + from, out->len - from, &invalid))
    return;

  valid = g_utf8_make_valid (out->str + from, out->len - from);
  g_string_truncate (out, from);
  g_string_append (out, valid);
}

/**
 * brisk_json_scanner_read_string:
 * @out: where the decoded text is appended, as valid UTF-8
 *
 * Reads a string value. Any other kind of value is skipped and %FALSE returned without
 * failing the scanner, so `null` where text was expected is simply no text.
 */
gboolean
brisk_json_scanner_read_string (BriskJsonScanner *self,
                                GString          *out)
{
  const char *start;
  gsize len;
  gboolean escaped;
  gsize old_len = out->len;

  if (peek (self) != BRISK_JSON_STRING)
    {
      brisk_json_scanner_skip (self);
      return FALSE;
    }

  if (!scan_string (self, &start, &len, &escaped))
    return FALSE;

  if (escaped)
    append_unescaped (out, start, len);
  else
    g_string_append_len (out, start, len);

  make_valid_from (out, old_len);
  return TRUE;
}

static gboolean
scan_number (BriskJsonScanner *self,
             const char      **start,
             gsize            *len)
{
  const char *p = self->pos;

  *start = p;
  if (p < self->end && *p == '-')
    p++;
  if (p >= self->end || !g_ascii_isdigit (*p))
    return fail (self);
  if (*p == '0')
    p++;
  else
    while (p < self->end && g_ascii_isdigit (*p))
      p++;
  if (p < self->end && *p == '.')
    {
      p++;
      if (p >= self->end || !g_ascii_isdigit (*p))
        return fail (self);
      while (p < self->end && g_ascii_isdigit (*p))
        p++;
    }
  if (p < self->end && (*p == 'e' || *p == 'E'))
    {
      p++;
      if (p < self->end && (*p == '+' || *p == '-'))
        p++;
      if (p >= self->end || !g_ascii_isdigit (*p))
        return fail (self);
      while (p < self->end && g_ascii_isdigit (*p))
        p++;
    }

  *len = p - *start;
  self->pos = p;
  return TRUE;
}

gboolean
brisk_json_scanner_read_double (BriskJsonScanner *self,
                                double           *out)
{
  const char *start;
  gsize len;
  char buffer[64];

  if (peek (self) != BRISK_JSON_NUMBER)
    {
      brisk_json_scanner_skip (self);
      return FALSE;
    }
  if (!scan_number (self, &start, &len))
    return FALSE;

  /* The text is not NUL-terminated; numbers worth reading are short. */
  if (len >= sizeof buffer)
    return FALSE;
  memcpy (buffer, start, len);
  buffer[len] = '\0';
  *out = g_ascii_strtod (buffer, NULL);
  return TRUE;
}

gboolean
brisk_json_scanner_read_int64 (BriskJsonScanner *self,
                               gint64           *out)
{
  double value;

  if (!brisk_json_scanner_read_double (self, &value))
    return FALSE;

  /* Counts are integers in practice; anything out of range is refused rather than trusted.
   * The bounds are spelled out because (double)G_MAXINT64 rounds up to 2^63, itself out of
   * range.
   */
  if (!(value >= -9223372036854775808.0 && value < 9223372036854775808.0))
    return FALSE;
  *out = (gint64)value;
  return TRUE;
}

static gboolean
expect_literal (BriskJsonScanner *self,
                const char       *literal,
                gsize             len)
{
  if ((gsize)(self->end - self->pos) < len || memcmp (self->pos, literal, len) != 0)
    return fail (self);
  self->pos += len;
  return TRUE;
}

gboolean
brisk_json_scanner_read_boolean (BriskJsonScanner *self,
                                 gboolean         *out)
{
  switch (peek (self))
    {
    case BRISK_JSON_TRUE:
      *out = TRUE;
      return expect_literal (self, "true", 4);
    case BRISK_JSON_FALSE:
      *out = FALSE;
      return expect_literal (self, "false", 5);
    case BRISK_JSON_INVALID:
    case BRISK_JSON_OBJECT:
    case BRISK_JSON_ARRAY:
    case BRISK_JSON_STRING:
    case BRISK_JSON_NUMBER:
    case BRISK_JSON_NULL:
    default:
      brisk_json_scanner_skip (self);
      return FALSE;
    }
}

/**
 * brisk_json_scanner_skip:
 *
 * Steps over the value at the cursor, whatever it is, validating it. The recursion into
 * nested containers is bounded by %BRISK_JSON_MAX_DEPTH, so hostile input cannot exhaust the
 * stack.
 */
gboolean
brisk_json_scanner_skip (BriskJsonScanner *self)
{
  const char *start;
  gsize len;
  gboolean escaped;
  BriskJsonKey key;

  switch (peek (self))
    {
    case BRISK_JSON_OBJECT:
      if (!brisk_json_scanner_enter_object (self))
        return FALSE;
      while (brisk_json_scanner_next_member (self, &key))
        if (!brisk_json_scanner_skip (self))
          return FALSE;
      break;
    case BRISK_JSON_ARRAY:
      if (!brisk_json_scanner_enter_array (self))
        return FALSE;
      while (brisk_json_scanner_next_element (self))
        if (!brisk_json_scanner_skip (self))
          return FALSE;
      break;
    case BRISK_JSON_STRING:
      scan_string (self, &start, &len, &escaped);
      break;
    case BRISK_JSON_NUMBER:
      scan_number (self, &start, &len);
      break;
    case BRISK_JSON_TRUE:
      expect_literal (self, "true", 4);
      break;
    case BRISK_JSON_FALSE:
      expect_literal (self, "false", 5);
      break;
    case BRISK_JSON_NULL:
      expect_literal (self, "null", 4);
      break;
    case BRISK_JSON_INVALID:
    default:
      return fail (self);
    }

  return !self->failed;
}

/**
 * brisk_json_scanner_finish:
 *
 * Returns: %TRUE when the document was valid and nothing but white space follows it
 */
gboolean
brisk_json_scanner_finish (BriskJsonScanner *self)
{
  if (self->failed)
    return FALSE;

  skip_whitespace (self);
  if (self->pos != self->end || self->depth != 0)
    return fail (self);

  return TRUE;
}

/* The slow path of brisk_json_key_equal(): escaped keys are rare enough to decode each time. */
gboolean
_brisk_json_key_equal_escaped (const BriskJsonKey *key,
                               const char         *name)
{
  g_autoptr(GString) decoded = g_string_sized_new (key->len);
  gsize name_len = strlen (name);

  append_unescaped (decoded, key->raw, key->len);
  return decoded->len == name_len && memcmp (decoded->str, name, name_len) == 0;
}
