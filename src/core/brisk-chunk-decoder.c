/* brisk-chunk-decoder.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "brisk-chunk-decoder"

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "brisk-chunk-decoder.h"
#include "brisk-client-error.h"
#include "brisk-json-scanner.h"

/* Turns the data of each Server-Sent Event of a chat completion stream into deltas: answer
 * text, reasoning text and tool calls, plus what the stream says about itself (finish reason,
 * usage, ids, errors). Text is handed out as pending deltas that the caller takes after each
 * read and clears, so the decoder's memory does not grow with the reply.
 */

#define THINK_OPEN  "<think>"
#define THINK_CLOSE "</think>"

typedef enum
{
  THINK_UNDECIDED,   /* no text yet, or only white space: a <think> tag could still open it */
  THINK_INSIDE,      /* inside <think>…</think>: text is reasoning */
  THINK_AFTER_CLOSE, /* just after </think>: the white space that follows is dropped */
  THINK_DONE,        /* plain answer text */
} ThinkState;

/* What one chunk says, gathered before any of it is applied. */
typedef struct
{
  GString    *content;
  GString    *reasoning;
  GPtrArray  *tool_fragments;
  JsonNode   *executed_tools;
  char       *finish_reason;
  char       *request_id;
  char       *completion_id;
  char       *model;
  char       *error_message;
  char       *error_code;
  char       *failed_generation;
  BriskUsage  usage;
  BriskUsage  groq_usage;
  guint       has_usage : 1;
  guint       has_groq_usage : 1;
  guint       has_error : 1;
} ChunkParts;

struct _BriskChunkDecoder
{
  ChunkParts  parts;
  GString    *content;
  GString    *reasoning;
  GString    *held;          /* text held back while a <think> tag may be arriving */
  GString    *scratch;
  GString    *common_head;   /* the start of the last common chunk, up to its content */
  GPtrArray  *tool_calls;
  JsonArray  *executed_tools;
  char       *finish_reason;
  char       *request_id;
  char       *completion_id;
  char       *model;
  char       *error_message;
  char       *error_code;
  char       *failed_generation;
  BriskUsage  usage;
  ThinkState  think_state;
  guint       n_malformed;
  guint       usage_from_top_level : 1;
  guint       has_error : 1;
  guint       done : 1;
  guint       has_output : 1;
  guint       tool_calls_changed : 1;
};

/* One fragment of a tool call, as a chunk carries it. */
typedef struct
{
  char    *id;
  char    *type;
  char    *name;
  GString *arguments;
  gint64   index;
} ToolFragment;

static void
tool_fragment_free (ToolFragment *fragment)
{
  g_free (fragment->id);
  g_free (fragment->type);
  g_free (fragment->name);
  if (fragment->arguments != NULL)
    g_string_free (fragment->arguments, TRUE);
  g_free (fragment);
}

static void
chunk_parts_reset (ChunkParts *parts)
{
  g_string_truncate (parts->content, 0);
  g_string_truncate (parts->reasoning, 0);
  g_clear_pointer (&parts->finish_reason, g_free);
  g_clear_pointer (&parts->request_id, g_free);
  g_clear_pointer (&parts->completion_id, g_free);
  g_clear_pointer (&parts->model, g_free);
  g_clear_pointer (&parts->error_message, g_free);
  g_clear_pointer (&parts->error_code, g_free);
  g_clear_pointer (&parts->failed_generation, g_free);
  g_ptr_array_set_size (parts->tool_fragments, 0);
  g_clear_pointer (&parts->executed_tools, json_node_unref);
  parts->has_usage = FALSE;
  parts->has_groq_usage = FALSE;
  parts->has_error = FALSE;
}

BriskChunkDecoder *
brisk_chunk_decoder_new (void)
{
  BriskChunkDecoder *self = g_new0 (BriskChunkDecoder, 1);

  self->content = g_string_sized_new (4096);
  self->reasoning = g_string_sized_new (1024);
  self->held = g_string_new (NULL);
  self->scratch = g_string_sized_new (256);
  self->common_head = g_string_new (NULL);
  self->tool_calls = g_ptr_array_new_with_free_func ((GDestroyNotify)brisk_tool_call_free);
  brisk_usage_clear (&self->usage);
  self->parts.content = g_string_sized_new (256);
  self->parts.reasoning = g_string_sized_new (256);
  self->parts.tool_fragments = g_ptr_array_new_with_free_func ((GDestroyNotify)tool_fragment_free);

  return self;
}

void
brisk_chunk_decoder_free (BriskChunkDecoder *self)
{
  if (self == NULL)
    return;

  g_string_free (self->content, TRUE);
  g_string_free (self->reasoning, TRUE);
  g_string_free (self->held, TRUE);
  g_string_free (self->scratch, TRUE);
  g_string_free (self->common_head, TRUE);
  g_ptr_array_unref (self->tool_calls);
  g_clear_pointer (&self->executed_tools, json_array_unref);
  g_free (self->finish_reason);
  g_free (self->request_id);
  g_free (self->completion_id);
  g_free (self->model);
  g_free (self->error_message);
  g_free (self->error_code);
  g_free (self->failed_generation);
  chunk_parts_reset (&self->parts);
  g_string_free (self->parts.content, TRUE);
  g_string_free (self->parts.reasoning, TRUE);
  g_ptr_array_unref (self->parts.tool_fragments);
  g_free (self);
}

static gsize
count_leading_space (const GString *text)
{
  gsize i = 0;

  while (i < text->len && g_ascii_isspace (text->str[i]))
    i++;

  return i;
}

/* The length of the longest end of @text that is the start of @tag (a tag cut by a chunk
 * boundary).
 */
static gsize
partial_tag_suffix (const GString *text,
                    const char    *tag)
{
  gsize tag_len = strlen (tag);

  for (gsize n = MIN (text->len, tag_len - 1); n > 0; n--)
    {
      if (memcmp (text->str + text->len - n, tag, n) == 0)
        return n;
    }

  return 0;
}

/* Routes answer text, splitting out reasoning that a model wrapped in <think>…</think> at the
 * very start of its answer (Groq's reasoning_format "raw", llama.cpp, Ollama). Tags may be cut
 * anywhere by chunk boundaries.
 */
static void
route_content (BriskChunkDecoder *self,
               const char        *text,
               gsize              len)
{
  if (len == 0)
    return;

  self->has_output = TRUE;

  if (self->think_state == THINK_DONE)
    {
      g_string_append_len (self->content, text, len);
      return;
    }

  g_string_append_len (self->held, text, len);

  for (;;)
    {
      switch (self->think_state)
        {
        case THINK_UNDECIDED:
          {
            gsize space = count_leading_space (self->held);
            const char *rest = self->held->str + space;
            gsize rest_len = self->held->len - space;

            if (rest_len >= strlen (THINK_OPEN) && memcmp (rest, THINK_OPEN, strlen (THINK_OPEN)) == 0)
              {
                g_string_erase (self->held, 0, space + strlen (THINK_OPEN));
                self->think_state = THINK_INSIDE;
                continue;
              }
            if (rest_len < strlen (THINK_OPEN) && memcmp (rest, THINK_OPEN, rest_len) == 0 &&
                self->held->len < 4096)
              return;

            self->think_state = THINK_DONE;
            g_string_append_len (self->content, self->held->str, self->held->len);
            g_string_truncate (self->held, 0);
            return;
          }

        case THINK_INSIDE:
          {
            const char *close = g_strstr_len (self->held->str, self->held->len, THINK_CLOSE);
            gsize keep;

            if (close != NULL)
              {
                gsize before = close - self->held->str;

                g_string_append_len (self->reasoning, self->held->str, before);
                g_string_erase (self->held, 0, before + strlen (THINK_CLOSE));
                self->think_state = THINK_AFTER_CLOSE;
                continue;
              }

            keep = partial_tag_suffix (self->held, THINK_CLOSE);
            g_string_append_len (self->reasoning, self->held->str, self->held->len - keep);
            g_string_erase (self->held, 0, self->held->len - keep);
            return;
          }

        case THINK_AFTER_CLOSE:
          g_string_erase (self->held, 0, count_leading_space (self->held));
          if (self->held->len == 0)
            return;
          self->think_state = THINK_DONE;
          g_string_append_len (self->content, self->held->str, self->held->len);
          g_string_truncate (self->held, 0);
          return;

        case THINK_DONE:
        default:
          g_string_append_len (self->content, self->held->str, self->held->len);
          g_string_truncate (self->held, 0);
          return;
        }
    }
}

static void
read_usage (BriskJsonScanner *scanner,
            BriskUsage       *usage)
{
  BriskJsonKey key;

  brisk_usage_clear (usage);
  if (brisk_json_scanner_peek (scanner) != BRISK_JSON_OBJECT)
    {
      brisk_json_scanner_skip (scanner);
      return;
    }

  brisk_json_scanner_enter_object (scanner);
  while (brisk_json_scanner_next_member (scanner, &key))
    {
      if (brisk_json_key_equal (&key, "prompt_tokens"))
        brisk_json_scanner_read_int64 (scanner, &usage->prompt_tokens);
      else if (brisk_json_key_equal (&key, "completion_tokens"))
        brisk_json_scanner_read_int64 (scanner, &usage->completion_tokens);
      else if (brisk_json_key_equal (&key, "total_tokens"))
        brisk_json_scanner_read_int64 (scanner, &usage->total_tokens);
      else if (brisk_json_key_equal (&key, "queue_time"))
        brisk_json_scanner_read_double (scanner, &usage->queue_time);
      else if (brisk_json_key_equal (&key, "prompt_time"))
        brisk_json_scanner_read_double (scanner, &usage->prompt_time);
      else if (brisk_json_key_equal (&key, "completion_time"))
        brisk_json_scanner_read_double (scanner, &usage->completion_time);
      else if (brisk_json_key_equal (&key, "total_time"))
        brisk_json_scanner_read_double (scanner, &usage->total_time);
      else if ((brisk_json_key_equal (&key, "prompt_tokens_details") ||
                brisk_json_key_equal (&key, "completion_tokens_details")) &&
               brisk_json_scanner_peek (scanner) == BRISK_JSON_OBJECT)
        {
          BriskJsonKey detail;

          brisk_json_scanner_enter_object (scanner);
          while (brisk_json_scanner_next_member (scanner, &detail))
            {
              if (brisk_json_key_equal (&detail, "cached_tokens"))
                brisk_json_scanner_read_int64 (scanner, &usage->cached_tokens);
              else if (brisk_json_key_equal (&detail, "reasoning_tokens"))
                brisk_json_scanner_read_int64 (scanner, &usage->reasoning_tokens);
              else
                brisk_json_scanner_skip (scanner);
            }
        }
      else
        brisk_json_scanner_skip (scanner);
    }
}

/* Reads a string value into @field, or leaves it %NULL for null and other kinds; a key that
 * appears twice keeps its last value.
 */
static void
read_into (BriskChunkDecoder  *self,
           BriskJsonScanner   *scanner,
           char              **field)
{
  g_clear_pointer (field, g_free);
  g_string_truncate (self->scratch, 0);
  if (brisk_json_scanner_read_string (scanner, self->scratch))
    *field = g_strndup (self->scratch->str, self->scratch->len);
}

static void
read_error (BriskChunkDecoder *self,
            BriskJsonScanner  *scanner)
{
  ChunkParts *parts = &self->parts;
  BriskJsonKey key;

  switch (brisk_json_scanner_peek (scanner))
    {
    case BRISK_JSON_STRING:
      parts->has_error = TRUE;
      read_into (self, scanner, &parts->error_message);
      return;

    case BRISK_JSON_OBJECT:
      parts->has_error = TRUE;
      brisk_json_scanner_enter_object (scanner);
      while (brisk_json_scanner_next_member (scanner, &key))
        {
          if (brisk_json_key_equal (&key, "message"))
            read_into (self, scanner, &parts->error_message);
          else if (brisk_json_key_equal (&key, "code"))
            read_into (self, scanner, &parts->error_code);
          else if (brisk_json_key_equal (&key, "type") && parts->error_code == NULL)
            read_into (self, scanner, &parts->error_code);
          else if (brisk_json_key_equal (&key, "failed_generation"))
            read_into (self, scanner, &parts->failed_generation);
          else
            brisk_json_scanner_skip (scanner);
        }
      return;

    /* "error": null is no error, and does not undo one reported elsewhere in the chunk. */
    case BRISK_JSON_NULL:
    case BRISK_JSON_FALSE:
    case BRISK_JSON_INVALID:
    case BRISK_JSON_ARRAY:
    case BRISK_JSON_NUMBER:
    case BRISK_JSON_TRUE:
    default:
      brisk_json_scanner_skip (scanner);
      return;
    }
}

static void
read_tool_call (BriskChunkDecoder *self,
                BriskJsonScanner  *scanner)
{
  ToolFragment *fragment;
  BriskJsonKey key;

  if (brisk_json_scanner_peek (scanner) != BRISK_JSON_OBJECT)
    {
      brisk_json_scanner_skip (scanner);
      return;
    }

  fragment = g_new0 (ToolFragment, 1);
  fragment->index = -1;
  g_ptr_array_add (self->parts.tool_fragments, fragment);

  brisk_json_scanner_enter_object (scanner);
  while (brisk_json_scanner_next_member (scanner, &key))
    {
      if (brisk_json_key_equal (&key, "id"))
        read_into (self, scanner, &fragment->id);
      else if (brisk_json_key_equal (&key, "index"))
        brisk_json_scanner_read_int64 (scanner, &fragment->index);
      else if (brisk_json_key_equal (&key, "type"))
        read_into (self, scanner, &fragment->type);
      else if (brisk_json_key_equal (&key, "function") &&
               brisk_json_scanner_peek (scanner) == BRISK_JSON_OBJECT)
        {
          BriskJsonKey function_key;

          brisk_json_scanner_enter_object (scanner);
          while (brisk_json_scanner_next_member (scanner, &function_key))
            {
              if (brisk_json_key_equal (&function_key, "name"))
                read_into (self, scanner, &fragment->name);
              else if (brisk_json_key_equal (&function_key, "arguments"))
                {
                  if (fragment->arguments == NULL)
                    fragment->arguments = g_string_new (NULL);
                  g_string_truncate (fragment->arguments, 0);
                  brisk_json_scanner_read_string (scanner, fragment->arguments);
                }
              else
                brisk_json_scanner_skip (scanner);
            }
        }
      else
        brisk_json_scanner_skip (scanner);
    }
}

/* Groq's compound systems report the tools they ran (web search, code execution) in
 * `executed_tools`. They are rare and small next to the text, so they are kept as JSON: the
 * scanner skips over the array and json-glib reads the text it spanned.
 */
static void
read_executed_tools (BriskChunkDecoder *self,
                     BriskJsonScanner  *scanner)
{
  const char *start;
  g_autofree char *text = NULL;

  brisk_json_scanner_peek (scanner);
  start = scanner->pos;
  if (!brisk_json_scanner_skip (scanner))
    return;

  text = g_strndup (start, scanner->pos - start);
  g_clear_pointer (&self->parts.executed_tools, json_node_unref);
  self->parts.executed_tools = json_from_string (text, NULL);
}

static void
read_delta (BriskChunkDecoder *self,
            BriskJsonScanner  *scanner)
{
  ChunkParts *parts = &self->parts;
  BriskJsonKey key;

  if (brisk_json_scanner_peek (scanner) != BRISK_JSON_OBJECT)
    {
      brisk_json_scanner_skip (scanner);
      return;
    }

  brisk_json_scanner_enter_object (scanner);
  while (brisk_json_scanner_next_member (scanner, &key))
    {
      if (brisk_json_key_equal (&key, "content"))
        brisk_json_scanner_read_string (scanner, parts->content);
      else if (brisk_json_key_equal (&key, "reasoning") ||
               brisk_json_key_equal (&key, "reasoning_content"))
        brisk_json_scanner_read_string (scanner, parts->reasoning);
      else if (brisk_json_key_equal (&key, "tool_calls") &&
               brisk_json_scanner_peek (scanner) == BRISK_JSON_ARRAY)
        {
          brisk_json_scanner_enter_array (scanner);
          while (brisk_json_scanner_next_element (scanner))
            read_tool_call (self, scanner);
        }
      else if (brisk_json_key_equal (&key, "executed_tools") &&
               brisk_json_scanner_peek (scanner) == BRISK_JSON_ARRAY)
        read_executed_tools (self, scanner);
      else
        brisk_json_scanner_skip (scanner);
    }
}

static void
read_choices (BriskChunkDecoder *self,
              BriskJsonScanner  *scanner)
{
  BriskJsonKey key;

  if (brisk_json_scanner_peek (scanner) != BRISK_JSON_ARRAY)
    {
      brisk_json_scanner_skip (scanner);
      return;
    }

  /* Brisk never asks for more than one choice (Groq rejects n > 1), so every choice is the
   * reply. A final usage-only chunk may have none.
   */
  brisk_json_scanner_enter_array (scanner);
  while (brisk_json_scanner_next_element (scanner))
    {
      if (brisk_json_scanner_peek (scanner) != BRISK_JSON_OBJECT)
        {
          brisk_json_scanner_skip (scanner);
          continue;
        }

      brisk_json_scanner_enter_object (scanner);
      while (brisk_json_scanner_next_member (scanner, &key))
        {
          /* "message" is what a server that ignored stream=true sends instead. */
          if (brisk_json_key_equal (&key, "delta") || brisk_json_key_equal (&key, "message"))
            read_delta (self, scanner);
          else if (brisk_json_key_equal (&key, "finish_reason") &&
                   brisk_json_scanner_peek (scanner) == BRISK_JSON_STRING)
            read_into (self, scanner, &self->parts.finish_reason);
          else
            brisk_json_scanner_skip (scanner);
        }
    }
}

static void
read_x_groq (BriskChunkDecoder *self,
             BriskJsonScanner  *scanner)
{
  BriskJsonKey key;

  if (brisk_json_scanner_peek (scanner) != BRISK_JSON_OBJECT)
    {
      brisk_json_scanner_skip (scanner);
      return;
    }

  brisk_json_scanner_enter_object (scanner);
  while (brisk_json_scanner_next_member (scanner, &key))
    {
      if (brisk_json_key_equal (&key, "id") && self->request_id == NULL)
        read_into (self, scanner, &self->parts.request_id);
      else if (brisk_json_key_equal (&key, "usage") &&
               brisk_json_scanner_peek (scanner) == BRISK_JSON_OBJECT)
        {
          read_usage (scanner, &self->parts.groq_usage);
          self->parts.has_groq_usage = TRUE;
        }
      else if (brisk_json_key_equal (&key, "error"))
        read_error (self, scanner);
      else
        brisk_json_scanner_skip (scanner);
    }
}

static BriskToolCall *
find_tool_call (BriskChunkDecoder *self,
                const char        *id,
                int                index)
{
  /* By id first: Groq has sent parallel calls that all claimed index 0. Fragments that carry
   * no id belong to the latest call with their index (OpenAI's streaming style).
   */
  for (guint i = self->tool_calls->len; i > 0; i--)
    {
      BriskToolCall *call = g_ptr_array_index (self->tool_calls, i - 1);

      if (id != NULL ? g_strcmp0 (call->id, id) == 0 : (index < 0 || call->index == index))
        return call;
    }

  return NULL;
}

static void
apply_tool_fragment (BriskChunkDecoder *self,
                     ToolFragment      *fragment)
{
  int index = (int)CLAMP (fragment->index, -1, G_MAXINT);
  const char *id = fragment->id && *fragment->id ? fragment->id : NULL;
  BriskToolCall *call = find_tool_call (self, id, index);

  if (call == NULL)
    {
      call = brisk_tool_call_new (id, NULL, NULL);
      call->index = index;
      g_ptr_array_add (self->tool_calls, call);
    }

  if (fragment->name != NULL && *fragment->name != '\0' && call->name == NULL)
    call->name = g_steal_pointer (&fragment->name);
  if (fragment->type != NULL && *fragment->type != '\0')
    {
      g_free (call->type);
      call->type = g_steal_pointer (&fragment->type);
    }
  if (fragment->arguments != NULL)
    g_string_append_len (call->arguments, fragment->arguments->str, fragment->arguments->len);

  self->tool_calls_changed = TRUE;
  self->has_output = TRUE;
}

static void
take_once (char **field,
           char **value)
{
  if (*field == NULL && *value != NULL)
    *field = g_steal_pointer (value);
}

/* The chunk was valid from start to end: now, and only now, it counts. */
/* Each executed tool is sent as it starts (its arguments) and again when it is done (its
 * output and results), under the same index: the members of the later one are merged in.
 */
static void
apply_executed_tools (BriskChunkDecoder *self,
                      JsonArray         *tools)
{
  for (guint i = 0; i < json_array_get_length (tools); i++)
    {
      JsonNode *element = json_array_get_element (tools, i);
      JsonObject *tool;
      JsonObject *known = NULL;
      gint64 index;
      g_autoptr(GList) members = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      tool = json_node_get_object (element);
      index = json_object_get_int_member_with_default (tool, "index", i);

      if (self->executed_tools == NULL)
        self->executed_tools = json_array_new ();
      for (guint j = 0; j < json_array_get_length (self->executed_tools) && known == NULL; j++)
        {
          JsonObject *candidate = json_array_get_object_element (self->executed_tools, j);

          if (json_object_get_int_member_with_default (candidate, "index", j) == index)
            known = candidate;
        }
      if (known == NULL)
        {
          json_array_add_object_element (self->executed_tools, json_object_ref (tool));
          continue;
        }

      members = json_object_get_members (tool);
      for (GList *l = members; l != NULL; l = l->next)
        json_object_set_member (known, l->data,
                                json_node_copy (json_object_get_member (tool, l->data)));
    }
}

static void
apply_parts (BriskChunkDecoder *self)
{
  ChunkParts *parts = &self->parts;

  if (parts->reasoning->len > 0)
    {
      g_string_append_len (self->reasoning, parts->reasoning->str, parts->reasoning->len);
      self->has_output = TRUE;
    }
  route_content (self, parts->content->str, parts->content->len);

  for (guint i = 0; i < parts->tool_fragments->len; i++)
    apply_tool_fragment (self, g_ptr_array_index (parts->tool_fragments, i));
  if (parts->executed_tools != NULL && JSON_NODE_HOLDS_ARRAY (parts->executed_tools))
    apply_executed_tools (self, json_node_get_array (parts->executed_tools));

  if (parts->finish_reason != NULL)
    {
      g_free (self->finish_reason);
      self->finish_reason = g_steal_pointer (&parts->finish_reason);
    }
  take_once (&self->request_id, &parts->request_id);
  take_once (&self->completion_id, &parts->completion_id);
  take_once (&self->model, &parts->model);

  /* Top-level usage wins over x_groq.usage, in this chunk and later ones. */
  if (parts->has_usage)
    {
      self->usage = parts->usage;
      self->usage_from_top_level = TRUE;
    }
  else if (parts->has_groq_usage && !self->usage_from_top_level)
    {
      self->usage = parts->groq_usage;
    }

  if (parts->has_error)
    {
      self->has_error = TRUE;
      g_free (self->error_message);
      self->error_message = g_steal_pointer (&parts->error_message);
      g_free (self->error_code);
      self->error_code = g_steal_pointer (&parts->error_code);
      g_free (self->failed_generation);
      self->failed_generation = g_steal_pointer (&parts->failed_generation);
    }
}

static gboolean
count_malformed (BriskChunkDecoder  *self,
                 const char         *data,
                 gsize               len,
                 GError            **error)
{
  self->n_malformed++;
  g_debug ("Skipping a malformed chunk of %" G_GSIZE_FORMAT " bytes", len);

  if (self->n_malformed > BRISK_CHUNK_DECODER_MAX_MALFORMED)
    {
      g_set_error (error, BRISK_CLIENT_ERROR, BRISK_CLIENT_ERROR_PROTOCOL,
                   "The server sent %u chunks that are not valid JSON", self->n_malformed);
      return FALSE;
    }

  return TRUE;
}

/* The full path: any chunk, keys in any order. Returns whether the chunk was valid JSON. */
static gboolean
decode_chunk (BriskChunkDecoder *self,
              const char        *data,
              gsize              len,
              gboolean           is_error_event)
{
  ChunkParts *parts = &self->parts;
  BriskJsonScanner scanner;
  BriskJsonKey key;

  brisk_json_scanner_init (&scanner, data, len);
  if (!brisk_json_scanner_enter_object (&scanner))
    return FALSE;

  while (brisk_json_scanner_next_member (&scanner, &key))
    {
      if (brisk_json_key_equal (&key, "choices"))
        read_choices (self, &scanner);
      else if (brisk_json_key_equal (&key, "x_groq"))
        read_x_groq (self, &scanner);
      else if (brisk_json_key_equal (&key, "usage") &&
               brisk_json_scanner_peek (&scanner) == BRISK_JSON_OBJECT)
        {
          read_usage (&scanner, &parts->usage);
          parts->has_usage = TRUE;
        }
      else if (brisk_json_key_equal (&key, "error"))
        read_error (self, &scanner);
      else if (is_error_event && brisk_json_key_equal (&key, "message"))
        read_into (self, &scanner, &parts->error_message);
      else if (brisk_json_key_equal (&key, "id") && self->completion_id == NULL)
        read_into (self, &scanner, &parts->completion_id);
      else if (brisk_json_key_equal (&key, "model") && self->model == NULL)
        read_into (self, &scanner, &parts->model);
      else
        brisk_json_scanner_skip (&scanner);
    }

  return brisk_json_scanner_finish (&scanner);
}

/* Literal bytes at the cursor, as compact JSON spells them. */
static inline gboolean
skip_literal (BriskJsonScanner *scanner,
              const char       *literal,
              gsize             len)
{
  if ((gsize)(scanner->end - scanner->pos) < len || memcmp (scanner->pos, literal, len) != 0)
    return FALSE;
  scanner->pos += len;
  return TRUE;
}

#define SKIP_LITERAL(scanner, literal) skip_literal ((scanner), (literal), sizeof (literal) - 1)

#define COMMON_CHOICES_HEAD "[{\"index\":0,\"delta\":{\"content\":"
#define COMMON_CHOICES_TAIL "},\"logprobs\":null,\"finish_reason\":null}]"

/* The most bytes of a chunk's head that are remembered. */
#define MAX_COMMON_HEAD_BYTES 1024

/* Steps over a member that the full path skips: the id and model once known, and the members
 * it never reads. Each test consumes its literal only when all of it holds, so a failed one
 * leaves the cursor for the next.
 */
static gboolean
skip_ignored_member (BriskChunkDecoder *self,
                     BriskJsonScanner  *scanner)
{
  if ((self->completion_id != NULL && SKIP_LITERAL (scanner, "\"id\":")) ||
      (self->model != NULL && SKIP_LITERAL (scanner, "\"model\":")) ||
      SKIP_LITERAL (scanner, "\"object\":") ||
      SKIP_LITERAL (scanner, "\"created\":") ||
      SKIP_LITERAL (scanner, "\"system_fingerprint\":"))
    return brisk_json_scanner_skip (scanner);

  return FALSE;
}

/* Reads a common chunk up to its content string: the members skipped, then "choices" up to
 * "content".
 */
static gboolean
read_common_head (BriskChunkDecoder *self,
                  BriskJsonScanner  *scanner)
{
  if (!SKIP_LITERAL (scanner, "{"))
    return FALSE;

  for (;;)
    {
      if (SKIP_LITERAL (scanner, "\"choices\":"))
        return SKIP_LITERAL (scanner, COMMON_CHOICES_HEAD);
      if (!skip_ignored_member (self, scanner) || !SKIP_LITERAL (scanner, ","))
        return FALSE;
    }
}

/* The fast path for the chunk that makes up almost all of a Groq stream:
 *
 *   {"id":"…","object":"chat.completion.chunk","created":…,"model":"…",
 *    "system_fingerprint":"…","choices":[{"index":0,"delta":{"content":"…"},
 *    "logprobs":null,"finish_reason":null}]}
 *
 * Keys are matched as literal bytes rather than read and compared one by one, and the values
 * that matter nothing are skipped by the scanner, which validates them as the full path does.
 * It gathers into @parts exactly what read_choices() would. Anything else (white space,
 * another key, an id or model still to be read, escaped keys, a second "choices") returns
 * %FALSE, with @parts holding at most some content, and the full path decodes the chunk.
 */
static gboolean
decode_common_chunk (BriskChunkDecoder *self,
                     const char        *data,
                     gsize              len)
{
  BriskJsonScanner scanner;
  gsize head_len = self->common_head->len;
  gboolean same_head;

  brisk_json_scanner_init (&scanner, data, len);

  /* Within a stream the head of the chunks hardly changes ("created" ticks once a second).
   * The same bytes as the head of an earlier common chunk read the same way: valid, nothing
   * to gather. The id and model it skipped were known then, and stay known. So one comparison
   * steps over them.
   */
  same_head = head_len > 0 && len > head_len &&
              memcmp (data, self->common_head->str, head_len) == 0;
  if (same_head)
    scanner.pos += head_len;
  else if (!read_common_head (self, &scanner))
    return FALSE;
  head_len = scanner.pos - data;

  if (!brisk_json_scanner_read_string (&scanner, self->parts.content) ||
      !SKIP_LITERAL (&scanner, COMMON_CHOICES_TAIL))
    return FALSE;
  while (SKIP_LITERAL (&scanner, ","))
    {
      if (!skip_ignored_member (self, &scanner))
        return FALSE;
    }
  if (!SKIP_LITERAL (&scanner, "}") || scanner.pos != scanner.end)
    return FALSE;

  if (!same_head && head_len <= MAX_COMMON_HEAD_BYTES)
    {
      g_string_truncate (self->common_head, 0);
      g_string_append_len (self->common_head, data, head_len);
    }

  return TRUE;
}

/**
 * brisk_chunk_decoder_feed:
 * @self: a #BriskChunkDecoder
 * @event_type: the SSE event type
 * @data: the event's data
 * @len: its length
 * @error: set when the stream must end with an error
 *
 * Decodes one event. A chunk that is not valid JSON is skipped and counted; more than
 * %BRISK_CHUNK_DECODER_MAX_MALFORMED of them is a protocol error.
 *
 * Returns: %TRUE to keep reading; %FALSE when the stream is over: after `[DONE]` (no error)
 *   or with @error set (an error the server reported, or a protocol error)
 */
gboolean
brisk_chunk_decoder_feed (BriskChunkDecoder  *self,
                          const char         *event_type,
                          const char         *data,
                          gsize               len,
                          GError            **error)
{
  ChunkParts *parts = &self->parts;
  gboolean is_error_event;

  g_return_val_if_fail (self != NULL, FALSE);

  if (self->done)
    return FALSE;

  if (len >= 6 && memcmp (data, "[DONE]", 6) == 0)
    {
      self->done = TRUE;
      return FALSE;
    }

  is_error_event = g_strcmp0 (event_type, "error") == 0;

  /* One pass gathers the chunk's parts; they are applied only if the whole chunk turns out to
   * be valid JSON, so a chunk broken at its end cannot leave half of its text behind.
   */
  chunk_parts_reset (parts);
  if (is_error_event || !decode_common_chunk (self, data, len))
    {
      chunk_parts_reset (parts);
      if (!decode_chunk (self, data, len, is_error_event))
        return count_malformed (self, data, len, error);
    }

  if (is_error_event)
    parts->has_error = TRUE;
  apply_parts (self);

  if (self->has_error)
    {
      self->done = TRUE;
      g_set_error (error, BRISK_CLIENT_ERROR, BRISK_CLIENT_ERROR_STREAM, "%s",
                   self->error_message && *self->error_message
                     ? self->error_message
                     : "The server reported an error during the reply");
      return FALSE;
    }

  return TRUE;
}

/**
 * brisk_chunk_decoder_finish:
 *
 * Ends the reply: text held back while waiting for a tag to complete is released (reasoning
 * whose </think> never came stays reasoning).
 */
void
brisk_chunk_decoder_finish (BriskChunkDecoder *self)
{
  if (self->held->len == 0)
    return;

  if (self->think_state == THINK_INSIDE)
    g_string_append_len (self->reasoning, self->held->str, self->held->len);
  else if (self->think_state != THINK_AFTER_CLOSE)
    g_string_append_len (self->content, self->held->str, self->held->len);

  g_string_truncate (self->held, 0);
}

gboolean
brisk_chunk_decoder_is_done (BriskChunkDecoder *self)
{
  return self->done;
}

/**
 * brisk_chunk_decoder_has_output:
 *
 * Returns: whether any answer, reasoning or tool call arrived: after that a request can no
 *   longer be retried without duplicating text
 */
gboolean
brisk_chunk_decoder_has_output (BriskChunkDecoder *self)
{
  return self->has_output;
}

/**
 * brisk_chunk_decoder_get_pending:
 * @kind: %BRISK_DELTA_CONTENT or %BRISK_DELTA_REASONING
 *
 * Returns: (transfer none): the text decoded since the caller last emptied this buffer; the
 *   caller truncates it after handing the text on
 */
GString *
brisk_chunk_decoder_get_pending (BriskChunkDecoder *self,
                                 BriskDeltaKind     kind)
{
  g_return_val_if_fail (kind != BRISK_DELTA_TOOL_CALLS, NULL);

  return kind == BRISK_DELTA_CONTENT ? self->content : self->reasoning;
}

/**
 * brisk_chunk_decoder_take_tool_calls_changed:
 *
 * Returns: whether the tool calls changed since the last call
 */
gboolean
brisk_chunk_decoder_take_tool_calls_changed (BriskChunkDecoder *self)
{
  gboolean changed = self->tool_calls_changed;

  self->tool_calls_changed = FALSE;
  return changed;
}

/**
 * brisk_chunk_decoder_get_tool_calls:
 *
 * Returns: (transfer none) (element-type BriskToolCall): the calls assembled so far
 */
GPtrArray *
brisk_chunk_decoder_get_tool_calls (BriskChunkDecoder *self)
{
  return self->tool_calls;
}

/**
 * brisk_chunk_decoder_get_executed_tools:
 *
 * Returns: (transfer none) (nullable): the tools a compound system reported running, in
 *   Groq's format, or %NULL when it reported none
 */
JsonArray *
brisk_chunk_decoder_get_executed_tools (BriskChunkDecoder *self)
{
  return self->executed_tools;
}

const char *
brisk_chunk_decoder_get_finish_reason (BriskChunkDecoder *self)
{
  return self->finish_reason;
}

/**
 * brisk_chunk_decoder_get_usage:
 *
 * Returns: the usage from the top-level `usage`, else from `x_groq.usage`
 */
const BriskUsage *
brisk_chunk_decoder_get_usage (BriskChunkDecoder *self)
{
  return &self->usage;
}

const char *
brisk_chunk_decoder_get_request_id (BriskChunkDecoder *self)
{
  return self->request_id;
}

const char *
brisk_chunk_decoder_get_completion_id (BriskChunkDecoder *self)
{
  return self->completion_id;
}

const char *
brisk_chunk_decoder_get_model (BriskChunkDecoder *self)
{
  return self->model;
}

const char *
brisk_chunk_decoder_get_error_code (BriskChunkDecoder *self)
{
  return self->error_code;
}

const char *
brisk_chunk_decoder_get_failed_generation (BriskChunkDecoder *self)
{
  return self->failed_generation;
}

guint
brisk_chunk_decoder_get_n_malformed (BriskChunkDecoder *self)
{
  return self->n_malformed;
}
