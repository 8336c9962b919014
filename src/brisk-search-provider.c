/* brisk-search-provider.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "brisk-search-provider"

#include "config.h"

#include <glib/gi18n.h>

#include "brisk-search-provider.h"

#include "brisk-application.h"
#include "brisk-window.h"

/* GNOME Shell's search, answered from the history: conversations that match what was typed,
 * and one result that asks it as a quick question. Result ids are "conversation:ID" and
 * "ask:TEXT".
 */
struct _BriskSearchProvider
{
  GObject           parent_instance;

  /* Borrowed references: the application owns the provider. */
  BriskApplication *application;

  /* Owned references */
  GDBusConnection  *connection;
  GHashTable       *snippets;      /* conversation id → snippet of the last search */
  guint             registration_id;
};

G_DEFINE_FINAL_TYPE (BriskSearchProvider, brisk_search_provider, G_TYPE_OBJECT)

/* Shell shows a handful of results per provider: more would only cost time. */
#define MAX_RESULTS 5

#define CONVERSATION_PREFIX "conversation:"
#define ASK_PREFIX "ask:"

static const char introspection_xml[] =
  "<node>"
  "  <interface name='org.gnome.Shell.SearchProvider2'>"
  "    <method name='GetInitialResultSet'>"
  "      <arg type='as' name='terms' direction='in'/>"
  "      <arg type='as' name='results' direction='out'/>"
  "    </method>"
  "    <method name='GetSubsearchResultSet'>"
  "      <arg type='as' name='previous_results' direction='in'/>"
  "      <arg type='as' name='terms' direction='in'/>"
  "      <arg type='as' name='results' direction='out'/>"
  "    </method>"
  "    <method name='GetResultMetas'>"
  "      <arg type='as' name='identifiers' direction='in'/>"
  "      <arg type='aa{sv}' name='metas' direction='out'/>"
  "    </method>"
  "    <method name='ActivateResult'>"
  "      <arg type='s' name='identifier' direction='in'/>"
  "      <arg type='as' name='terms' direction='in'/>"
  "      <arg type='u' name='timestamp' direction='in'/>"
  "    </method>"
  "    <method name='LaunchSearch'>"
  "      <arg type='as' name='terms' direction='in'/>"
  "      <arg type='u' name='timestamp' direction='in'/>"
  "    </method>"
  "  </interface>"
  "</node>";

static BriskStore *
get_store (BriskSearchProvider *self)
{
  return brisk_application_get_store (self->application, NULL);
}

static char *
join_terms (GVariant *terms)
{
  g_autofree const char **strv = g_variant_get_strv (terms, NULL);

  return g_strstrip (g_strjoinv (" ", (char **)strv));
}

/* The snippet as plain text: the match markers go, and it stays on one line. */
static char *
clean_snippet (const char *snippet)
{
  g_autoptr(GString) text = g_string_new (snippet);

  g_string_replace (text, BRISK_SEARCH_MATCH_START, "", 0);
  g_string_replace (text, BRISK_SEARCH_MATCH_END, "", 0);
  g_strdelimit (text->str, "\n\r\t", ' ');

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static GVariant *
search (BriskSearchProvider *self,
        GVariant            *terms)
{
  g_autofree char *query = join_terms (terms);
  g_autoptr(GVariantBuilder) results = g_variant_builder_new (G_VARIANT_TYPE ("as"));
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ask_id = NULL;
  BriskStore *store = get_store (self);

  if (*query == '\0')
    return g_variant_new ("(as)", results);

  /* The question itself comes first: typing one is the quickest way to ask it. */
  ask_id = g_strconcat (ASK_PREFIX, query, NULL);
  g_variant_builder_add (results, "s", ask_id);

  g_hash_table_remove_all (self->snippets);
  hits = store != NULL ? brisk_store_search (store, query, MAX_RESULTS, &error) : NULL;
  if (error != NULL)
    g_warning ("Could not search the history: %s", error->message);

  for (guint i = 0; hits != NULL && i < hits->len; i++)
    {
      BriskSearchHit *hit = g_ptr_array_index (hits, i);
      g_autofree char *result_id = NULL;
      gint64 *id;

      /* A conversation is one result, however many of its messages match. */
      if (g_hash_table_contains (self->snippets, &hit->conversation_id)
          || g_hash_table_size (self->snippets) == MAX_RESULTS)
        continue;

      id = g_memdup2 (&hit->conversation_id, sizeof hit->conversation_id);
      g_hash_table_insert (self->snippets, id, clean_snippet (hit->snippet));
      result_id = g_strdup_printf (CONVERSATION_PREFIX "%" G_GINT64_FORMAT, hit->conversation_id);
      g_variant_builder_add (results, "s", result_id);
    }

  return g_variant_new ("(as)", results);
}

static gboolean
parse_conversation_id (const char *identifier,
                       gint64     *id)
{
  guint64 value;

  if (!g_str_has_prefix (identifier, CONVERSATION_PREFIX)
      || !g_ascii_string_to_unsigned (identifier + strlen (CONVERSATION_PREFIX), 10, 1,
                                      G_MAXINT64, &value, NULL))
    return FALSE;

  *id = (gint64)value;
  return TRUE;
}

static void
add_meta (GVariantBuilder *metas,
          const char      *identifier,
          const char      *name,
          const char      *description)
{
  g_autoptr(GIcon) icon = g_themed_icon_new (APP_ID);
  GVariantBuilder meta;

  g_variant_builder_init (&meta, G_VARIANT_TYPE ("a{sv}"));
  g_variant_builder_add (&meta, "{sv}", "id", g_variant_new_string (identifier));
  g_variant_builder_add (&meta, "{sv}", "name", g_variant_new_string (name));
  g_variant_builder_add (&meta, "{sv}", "icon", g_icon_serialize (icon));
  if (description != NULL)
    g_variant_builder_add (&meta, "{sv}", "description", g_variant_new_string (description));
  g_variant_builder_add_value (metas, g_variant_builder_end (&meta));
}

static GVariant *
get_result_metas (BriskSearchProvider *self,
                  GVariant            *identifiers)
{
  g_autoptr(GVariantBuilder) metas = g_variant_builder_new (G_VARIANT_TYPE ("aa{sv}"));
  g_autofree const char **ids = g_variant_get_strv (identifiers, NULL);
  BriskStore *store = get_store (self);

  for (guint i = 0; ids[i] != NULL; i++)
    {
      gint64 id;

      if (g_str_has_prefix (ids[i], ASK_PREFIX))
        {
          /* Translators: A search result in GNOME Shell; %s is what the user typed. */
          g_autofree char *name = g_strdup_printf (_("Ask Brisk: %s"), ids[i] + strlen (ASK_PREFIX));

          add_meta (metas, ids[i], name, _("Answer in a quick ask window"));
        }
      else if (store != NULL && parse_conversation_id (ids[i], &id))
        {
          g_autoptr(BriskConversation) conversation = brisk_store_get_conversation (store, id, NULL);
          const char *title;

          /* Gone since the search (deleted meanwhile): no result rather than a broken one. */
          if (conversation == NULL)
            continue;
          title = brisk_conversation_get_title (conversation);
          add_meta (metas, ids[i], title != NULL && *title != '\0' ? title : _("New Conversation"),
                    g_hash_table_lookup (self->snippets, &id));
        }
    }

  return g_variant_new ("(aa{sv})", metas);
}

static void
activate_result (BriskSearchProvider *self,
                 const char          *identifier)
{
  g_autoptr(BriskConversation) conversation = NULL;
  BriskStore *store = get_store (self);
  BriskWindow *window;
  gint64 id;

  if (g_str_has_prefix (identifier, ASK_PREFIX))
    {
      brisk_application_quick_ask (self->application, identifier + strlen (ASK_PREFIX));
      return;
    }

  if (store == NULL || !parse_conversation_id (identifier, &id))
    return;
  conversation = brisk_store_get_conversation (store, id, NULL);
  if (conversation == NULL)
    return;

  window = brisk_application_get_main_window (self->application);
  brisk_window_open_conversation (window, conversation);
  gtk_window_present (GTK_WINDOW (window));
}

static void
launch_search (BriskSearchProvider *self,
               GVariant            *terms)
{
  g_autofree char *query = join_terms (terms);
  BriskWindow *window = brisk_application_get_main_window (self->application);

  gtk_window_present (GTK_WINDOW (window));
  brisk_window_search (window, query);
}

static void
method_call_cb (GDBusConnection       *connection,
                const char            *sender,
                const char            *object_path,
                const char            *interface_name,
                const char            *method_name,
                GVariant              *parameters,
                GDBusMethodInvocation *invocation,
                gpointer               user_data)
{
  BriskSearchProvider *self = user_data;
  GApplication *application = G_APPLICATION (self->application);
  g_autoptr(GVariant) terms = NULL;
  const char *identifier;

  /* Started by the search alone, Brisk would otherwise quit in the middle of an answer. */
  g_application_hold (application);

  if (g_str_equal (method_name, "GetInitialResultSet"))
    {
      g_variant_get (parameters, "(@as)", &terms);
      g_dbus_method_invocation_return_value (invocation, search (self, terms));
    }
  else if (g_str_equal (method_name, "GetSubsearchResultSet"))
    {
      /* The history is searched again: its index answers faster than filtering would. */
      g_variant_get (parameters, "(@as@as)", NULL, &terms);
      g_dbus_method_invocation_return_value (invocation, search (self, terms));
    }
  else if (g_str_equal (method_name, "GetResultMetas"))
    {
      g_variant_get (parameters, "(@as)", &terms);
      g_dbus_method_invocation_return_value (invocation, get_result_metas (self, terms));
    }
  else if (g_str_equal (method_name, "ActivateResult"))
    {
      g_variant_get (parameters, "(&s@asu)", &identifier, NULL, NULL);
      activate_result (self, identifier);
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
  else if (g_str_equal (method_name, "LaunchSearch"))
    {
      g_variant_get (parameters, "(@asu)", &terms, NULL);
      launch_search (self, terms);
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
  else
    g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD,
                                           "No such method: %s", method_name);

  g_application_release (application);
}

static const GDBusInterfaceVTable vtable = { method_call_cb, NULL, NULL, { NULL } };

/**
 * brisk_search_provider_export:
 * @connection: the application's D-Bus connection
 * @object_path: where GNOME Shell finds the provider (the provider .ini names it)
 *
 * Returns: %FALSE, with @error set, if the object could not be exported
 */
gboolean
brisk_search_provider_export (BriskSearchProvider  *self,
                              GDBusConnection      *connection,
                              const char           *object_path,
                              GError              **error)
{
  static GDBusNodeInfo *node_info;

  g_return_val_if_fail (BRISK_IS_SEARCH_PROVIDER (self), FALSE);
  g_return_val_if_fail (G_IS_DBUS_CONNECTION (connection), FALSE);
  g_return_val_if_fail (self->registration_id == 0, FALSE);

  if (node_info == NULL)
    node_info = g_dbus_node_info_new_for_xml (introspection_xml, NULL);

  self->registration_id = g_dbus_connection_register_object (connection, object_path,
                                                             node_info->interfaces[0], &vtable,
                                                             self, NULL, error);
  if (self->registration_id == 0)
    return FALSE;

  g_set_object (&self->connection, connection);
  return TRUE;
}

void
brisk_search_provider_unexport (BriskSearchProvider *self)
{
  g_return_if_fail (BRISK_IS_SEARCH_PROVIDER (self));

  if (self->registration_id != 0)
    g_dbus_connection_unregister_object (self->connection, self->registration_id);
  self->registration_id = 0;
  g_clear_object (&self->connection);
}

static void
brisk_search_provider_dispose (GObject *object)
{
  BriskSearchProvider *self = (BriskSearchProvider *)object;

  brisk_search_provider_unexport (self);
  g_clear_pointer (&self->snippets, g_hash_table_unref);

  G_OBJECT_CLASS (brisk_search_provider_parent_class)->dispose (object);
}

static void
brisk_search_provider_class_init (BriskSearchProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = brisk_search_provider_dispose;
}

static void
brisk_search_provider_init (BriskSearchProvider *self)
{
  self->snippets = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
}

BriskSearchProvider *
brisk_search_provider_new (BriskApplication *application)
{
  BriskSearchProvider *self;

  g_return_val_if_fail (BRISK_IS_APPLICATION (application), NULL);

  self = g_object_new (BRISK_TYPE_SEARCH_PROVIDER, NULL);
  self->application = application;

  return self;
}
