/* brisk-global-shortcut.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "brisk-global-shortcut"

#include "config.h"

#include "brisk-core-enums.h"
#include "brisk-global-shortcut.h"
#include "brisk-portal.h"

/* A desktop-wide shortcut through the org.freedesktop.portal.GlobalShortcuts portal: a
 * session is created, the shortcut bound in it (the desktop may ask the user to confirm or
 * choose the keys), and ::activated is emitted whenever the keys are pressed, whichever
 * window has the focus. Without the portal the state says so, and the caller offers another
 * way (a custom shortcut in the desktop's settings).
 */
struct _BriskGlobalShortcut
{
  GObject                   parent_instance;

  GDBusConnection          *connection;
  GCancellable             *cancellable;
  char                     *id;
  char                     *description;
  char                     *preferred_trigger;
  char                     *session_handle;
  char                     *trigger;
  guint                     activated_id;
  guint                     changed_id;
  guint                     version;
  BriskGlobalShortcutState  state;
};

G_DEFINE_FINAL_TYPE (BriskGlobalShortcut, brisk_global_shortcut, G_TYPE_OBJECT)

#define INTERFACE "org.freedesktop.portal.GlobalShortcuts"

enum {
  PROP_0,
  PROP_STATE,
  PROP_TRIGGER,
  PROP_CAN_CONFIGURE,
  N_PROPS
};

enum {
  ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/**
 * brisk_global_shortcut_new:
 * @connection: the session bus
 * @id: the shortcut's id, such as "quick-ask"
 * @description: what it does, as the desktop's settings will list it
 * @preferred_trigger: (nullable): keys to suggest, in the XDG shortcuts notation
 *   ("CTRL+ALT+space")
 *
 * Returns: (transfer full): a shortcut not bound yet; see brisk_global_shortcut_bind()
 */
BriskGlobalShortcut *
brisk_global_shortcut_new (GDBusConnection *connection,
                           const char      *id,
                           const char      *description,
                           const char      *preferred_trigger)
{
  BriskGlobalShortcut *self;

  g_return_val_if_fail (G_IS_DBUS_CONNECTION (connection), NULL);
  g_return_val_if_fail (id != NULL && description != NULL, NULL);

  self = g_object_new (BRISK_TYPE_GLOBAL_SHORTCUT, NULL);
  self->connection = g_object_ref (connection);
  self->id = g_strdup (id);
  self->description = g_strdup (description);
  self->preferred_trigger = g_strdup (preferred_trigger);

  return self;
}

BriskGlobalShortcutState
brisk_global_shortcut_get_state (BriskGlobalShortcut *self)
{
  g_return_val_if_fail (BRISK_IS_GLOBAL_SHORTCUT (self), BRISK_GLOBAL_SHORTCUT_UNAVAILABLE);

  return self->state;
}

/**
 * brisk_global_shortcut_get_trigger:
 *
 * Returns: (nullable): how the desktop describes the keys bound, such as "Ctrl+Alt+Space"
 */
const char *
brisk_global_shortcut_get_trigger (BriskGlobalShortcut *self)
{
  g_return_val_if_fail (BRISK_IS_GLOBAL_SHORTCUT (self), NULL);

  return self->trigger;
}

/**
 * brisk_global_shortcut_get_can_configure:
 *
 * Returns: whether the portal can show its own dialog to change the keys (version 2)
 */
gboolean
brisk_global_shortcut_get_can_configure (BriskGlobalShortcut *self)
{
  g_return_val_if_fail (BRISK_IS_GLOBAL_SHORTCUT (self), FALSE);

  return self->state == BRISK_GLOBAL_SHORTCUT_BOUND && self->version >= 2;
}

static void
set_state (BriskGlobalShortcut      *self,
           BriskGlobalShortcutState  state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_CONFIGURE]);
}

/* Takes the trigger of our shortcut from a list of a(sa{sv}), as Response and
 * ShortcutsChanged give it.
 */
static void
update_trigger (BriskGlobalShortcut *self,
                GVariant            *shortcuts)
{
  g_autofree char *trigger = NULL;
  GVariantIter iter;
  const char *id;
  GVariant *properties_dict;

  g_variant_iter_init (&iter, shortcuts);
  while (g_variant_iter_next (&iter, "(&s@a{sv})", &id, &properties_dict))
    {
      if (g_str_equal (id, self->id) && trigger == NULL)
        g_variant_lookup (properties_dict, "trigger_description", "s", &trigger);
      g_variant_unref (properties_dict);
    }

  /* An empty description is no trigger: the user has not chosen keys yet. */
  if (trigger != NULL && *trigger == '\0')
    g_clear_pointer (&trigger, g_free);

  if (g_strcmp0 (trigger, self->trigger) == 0)
    return;

  g_free (self->trigger);
  self->trigger = g_steal_pointer (&trigger);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRIGGER]);
}

static void
activated_cb (GDBusConnection *connection,
              const char      *sender_name,
              const char      *object_path,
              const char      *interface_name,
              const char      *signal_name,
              GVariant        *parameters,
              gpointer         user_data)
{
  BriskGlobalShortcut *self = user_data;
  const char *session_handle, *id;

  g_variant_get (parameters, "(&o&st@a{sv})", &session_handle, &id, NULL, NULL);
  if (g_strcmp0 (session_handle, self->session_handle) == 0 && g_str_equal (id, self->id))
    g_signal_emit (self, signals[ACTIVATED], 0);
}

static void
shortcuts_changed_cb (GDBusConnection *connection,
                      const char      *sender_name,
                      const char      *object_path,
                      const char      *interface_name,
                      const char      *signal_name,
                      GVariant        *parameters,
                      gpointer        user_data)
{
  BriskGlobalShortcut *self = user_data;
  g_autoptr(GVariant) shortcuts = NULL;
  const char *session_handle;

  g_variant_get (parameters, "(&o@a(sa{sv}))", &session_handle, &shortcuts);
  if (g_strcmp0 (session_handle, self->session_handle) == 0)
    update_trigger (self, shortcuts);
}

/* A failure other than a missing portal: the user said no, or the portal could not. */
static void
report_failure (BriskGlobalShortcut *self,
                const GError        *error,
                const char          *step)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      && g_cancellable_is_cancelled (self->cancellable))
    return;

  if (brisk_portal_is_missing (error))
    set_state (self, BRISK_GLOBAL_SHORTCUT_UNAVAILABLE);
  else
    {
      g_debug ("Could not %s the global shortcut: %s", step, error->message);
      set_state (self, BRISK_GLOBAL_SHORTCUT_DECLINED);
    }
}

static void
bound_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(BriskGlobalShortcut) self = user_data;
  g_autoptr(GVariant) results = NULL;
  g_autoptr(GVariant) shortcuts = NULL;
  g_autoptr(GError) error = NULL;

  results = brisk_portal_request_finish (result, &error);
  if (results == NULL)
    {
      report_failure (self, error, "bind");
      return;
    }

  shortcuts = g_variant_lookup_value (results, "shortcuts", G_VARIANT_TYPE ("a(sa{sv})"));
  if (shortcuts != NULL)
    update_trigger (self, shortcuts);
  set_state (self, BRISK_GLOBAL_SHORTCUT_BOUND);
}

static void
session_created_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(BriskGlobalShortcut) self = user_data;
  g_autoptr(GVariant) results = NULL;
  g_autoptr(GVariant) handle = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  GVariantBuilder shortcut, shortcuts, options;

  results = brisk_portal_request_finish (result, &error);
  if (results == NULL)
    {
      report_failure (self, error, "create a session for");
      return;
    }

  /* The specification says a string; some portals send an object path. */
  handle = g_variant_lookup_value (results, "session_handle", NULL);
  if (handle == NULL
      || !(g_variant_is_of_type (handle, G_VARIANT_TYPE_STRING)
           || g_variant_is_of_type (handle, G_VARIANT_TYPE_OBJECT_PATH))
      || !g_variant_is_object_path (g_variant_get_string (handle, NULL)))
    {
      g_debug ("The GlobalShortcuts portal gave no session handle");
      set_state (self, BRISK_GLOBAL_SHORTCUT_DECLINED);
      return;
    }
  g_free (self->session_handle);
  self->session_handle = g_variant_dup_string (handle, NULL);

  g_variant_builder_init (&shortcut, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&shortcut, "{sv}", "description", g_variant_new_string (self->description));
  if (self->preferred_trigger != NULL)
    g_variant_builder_add (&shortcut, "{sv}", "preferred_trigger",
                           g_variant_new_string (self->preferred_trigger));
  g_variant_builder_init (&shortcuts, G_VARIANT_TYPE ("a(sa{sv})"));
  g_variant_builder_add (&shortcuts, "(s@a{sv})", self->id, g_variant_builder_end (&shortcut));

  token = brisk_portal_new_token ();
  g_variant_builder_init (&options, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&options, "{sv}", "handle_token", g_variant_new_string (token));

  brisk_portal_request_async (self->connection, INTERFACE, "BindShortcuts",
                              g_variant_new ("(o@a(sa{sv})s@a{sv})", self->session_handle,
                                             g_variant_builder_end (&shortcuts), "",
                                             g_variant_builder_end (&options)),
                              token, self->cancellable, bound_cb, g_object_ref (self));
}

static void
version_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(BriskGlobalShortcut) self = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) version = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *session_token = NULL;
  GVariantBuilder options;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  if (reply == NULL)
    {
      report_failure (self, error, "look for");
      return;
    }
  g_variant_get (reply, "(v)", &version);
  self->version = g_variant_is_of_type (version, G_VARIANT_TYPE_UINT32) ? g_variant_get_uint32 (version) : 1;

  /* Listening before binding: the first press may come right after the user's choice. */
  if (self->activated_id == 0)
    {
      self->activated_id = g_dbus_connection_signal_subscribe (self->connection,
                                                               BRISK_PORTAL_BUS_NAME, INTERFACE,
                                                               "Activated",
                                                               BRISK_PORTAL_OBJECT_PATH, NULL,
                                                               G_DBUS_SIGNAL_FLAGS_NONE,
                                                               activated_cb, self, NULL);
      self->changed_id = g_dbus_connection_signal_subscribe (self->connection,
                                                             BRISK_PORTAL_BUS_NAME, INTERFACE,
                                                             "ShortcutsChanged",
                                                             BRISK_PORTAL_OBJECT_PATH, NULL,
                                                             G_DBUS_SIGNAL_FLAGS_NONE,
                                                             shortcuts_changed_cb, self, NULL);
    }

  token = brisk_portal_new_token ();
  session_token = brisk_portal_new_token ();
  g_variant_builder_init (&options, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&options, "{sv}", "handle_token", g_variant_new_string (token));
  g_variant_builder_add (&options, "{sv}", "session_handle_token",
                         g_variant_new_string (session_token));

  brisk_portal_request_async (self->connection, INTERFACE, "CreateSession",
                              g_variant_new ("(@a{sv})", g_variant_builder_end (&options)),
                              token, self->cancellable, session_created_cb, g_object_ref (self));
}

/**
 * brisk_global_shortcut_bind:
 *
 * Asks the portal for the shortcut. #BriskGlobalShortcut:state tells how it went.
 */
void
brisk_global_shortcut_bind (BriskGlobalShortcut *self)
{
  g_return_if_fail (BRISK_IS_GLOBAL_SHORTCUT (self));

  set_state (self, BRISK_GLOBAL_SHORTCUT_CHECKING);
  g_dbus_connection_call (self->connection, BRISK_PORTAL_BUS_NAME, BRISK_PORTAL_OBJECT_PATH,
                          "org.freedesktop.DBus.Properties", "Get",
                          g_variant_new ("(ss)", INTERFACE, "version"), G_VARIANT_TYPE ("(v)"),
                          G_DBUS_CALL_FLAGS_NONE, -1, self->cancellable, version_cb,
                          g_object_ref (self));
}

static void
configured_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  if (reply == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Could not open the shortcut settings: %s", error->message);
}

/**
 * brisk_global_shortcut_configure:
 * @parent_window: (nullable): the window asking, as a portal window identifier
 *
 * Shows the portal's own dialog to change the keys. The new trigger comes back through
 * #BriskGlobalShortcut:trigger.
 */
void
brisk_global_shortcut_configure (BriskGlobalShortcut *self,
                                 const char          *parent_window)
{
  g_return_if_fail (BRISK_IS_GLOBAL_SHORTCUT (self));
  g_return_if_fail (brisk_global_shortcut_get_can_configure (self));

  g_dbus_connection_call (self->connection, BRISK_PORTAL_BUS_NAME, BRISK_PORTAL_OBJECT_PATH,
                          INTERFACE, "ConfigureShortcuts",
                          g_variant_new ("(osa{sv})", self->session_handle,
                                         parent_window != NULL ? parent_window : "", NULL),
                          NULL, G_DBUS_CALL_FLAGS_NONE, -1, self->cancellable, configured_cb,
                          NULL);
}

static void
brisk_global_shortcut_dispose (GObject *object)
{
  BriskGlobalShortcut *self = (BriskGlobalShortcut *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->connection != NULL)
    {
      if (self->activated_id != 0)
        g_dbus_connection_signal_unsubscribe (self->connection, self->activated_id);
      if (self->changed_id != 0)
        g_dbus_connection_signal_unsubscribe (self->connection, self->changed_id);
      /* The portal would close the session when Brisk leaves the bus; closing says so now. */
      if (self->session_handle != NULL && !g_dbus_connection_is_closed (self->connection))
        g_dbus_connection_call (self->connection, BRISK_PORTAL_BUS_NAME, self->session_handle,
                                "org.freedesktop.portal.Session", "Close", NULL, NULL,
                                G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL, NULL);
    }
  self->activated_id = self->changed_id = 0;
  g_clear_pointer (&self->session_handle, g_free);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->connection);

  G_OBJECT_CLASS (brisk_global_shortcut_parent_class)->dispose (object);
}

static void
brisk_global_shortcut_finalize (GObject *object)
{
  BriskGlobalShortcut *self = (BriskGlobalShortcut *)object;

  g_free (self->id);
  g_free (self->description);
  g_free (self->preferred_trigger);
  g_free (self->trigger);

  G_OBJECT_CLASS (brisk_global_shortcut_parent_class)->finalize (object);
}

static void
brisk_global_shortcut_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  BriskGlobalShortcut *self = BRISK_GLOBAL_SHORTCUT (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, brisk_global_shortcut_get_state (self));
      break;

    case PROP_TRIGGER:
      g_value_set_string (value, brisk_global_shortcut_get_trigger (self));
      break;

    case PROP_CAN_CONFIGURE:
      g_value_set_boolean (value, brisk_global_shortcut_get_can_configure (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
brisk_global_shortcut_class_init (BriskGlobalShortcutClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = brisk_global_shortcut_dispose;
  object_class->finalize = brisk_global_shortcut_finalize;
  object_class->get_property = brisk_global_shortcut_get_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, BRISK_TYPE_GLOBAL_SHORTCUT_STATE,
                       BRISK_GLOBAL_SHORTCUT_CHECKING,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_TRIGGER] =
    g_param_spec_string ("trigger", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CAN_CONFIGURE] =
    g_param_spec_boolean ("can-configure", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BriskGlobalShortcut::activated:
   *
   * The shortcut's keys were pressed.
   */
  signals[ACTIVATED] =
    g_signal_new ("activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
brisk_global_shortcut_init (BriskGlobalShortcut *self)
{
  self->cancellable = g_cancellable_new ();
}
