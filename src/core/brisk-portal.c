/* brisk-portal.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "brisk-portal"

#include "config.h"

#include "brisk-portal.h"

/* Calls to xdg-desktop-portal methods that answer later, through a Request object's Response
 * signal. The signal is subscribed before the call, on the path the portal will use (built
 * from the handle_token), so an answer that comes at once is not missed.
 */

typedef struct
{
  GDBusConnection *connection;
  guint            response_id;
  gulong           cancelled_id;
} Request;

static void
request_free (Request *request)
{
  if (request->response_id != 0)
    g_dbus_connection_signal_unsubscribe (request->connection, request->response_id);
  g_clear_object (&request->connection);
  g_free (request);
}

/**
 * brisk_portal_new_token:
 *
 * Returns: (transfer full): a handle_token for a request or session, unique in this process
 */
char *
brisk_portal_new_token (void)
{
  static guint counter;

  return g_strdup_printf ("brisk%u_%u", (guint)getpid (), ++counter);
}

/**
 * brisk_portal_is_missing:
 *
 * Returns: whether @error says there is no portal, or not this interface of it
 */
gboolean
brisk_portal_is_missing (const GError *error)
{
  return g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN)
         || g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER)
         || g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_INTERFACE)
         || g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD)
         || g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_OBJECT)
         || g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS);
}

static void
response_cb (GDBusConnection *connection,
             const char      *sender_name,
             const char      *object_path,
             const char      *interface_name,
             const char      *signal_name,
             GVariant        *parameters,
             gpointer         user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(GVariant) results = NULL;
  guint32 response;

  /* Answered: the subscription's reference on the task goes with it. */
  g_dbus_connection_signal_unsubscribe (connection, request->response_id);
  request->response_id = 0;

  g_variant_get (parameters, "(u@a{sv})", &response, &results);
  if (response == 0)
    g_task_return_pointer (task, g_steal_pointer (&results), (GDestroyNotify)g_variant_unref);
  else if (response == 1)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "The request was dismissed");
  else
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, "The portal refused the request");
}

static void
call_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  if (reply == NULL && request->response_id != 0)
    {
      /* No Response will come: drop the subscription and the reference it holds. */
      g_dbus_connection_signal_unsubscribe (request->connection, request->response_id);
      request->response_id = 0;
      g_object_unref (task);
      g_task_return_error (task, g_steal_pointer (&error));
    }
}

/**
 * brisk_portal_request_async:
 * @interface_name: such as "org.freedesktop.portal.Background"
 * @parameters: (transfer floating): the method's arguments, whose options carry @handle_token
 * @handle_token: from brisk_portal_new_token()
 *
 * Calls a portal method that returns a Request handle, and completes with the results its
 * Response signal brings.
 */
void
brisk_portal_request_async (GDBusConnection     *connection,
                            const char          *interface_name,
                            const char          *method_name,
                            GVariant            *parameters,
                            const char          *handle_token,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *sender = NULL;
  g_autofree char *path = NULL;
  Request *request;

  g_return_if_fail (G_IS_DBUS_CONNECTION (connection));
  g_return_if_fail (handle_token != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, brisk_portal_request_async);

  /* The request's path: the unique name without its colon, dots made underscores. */
  sender = g_strdup (g_dbus_connection_get_unique_name (connection) + 1);
  g_strdelimit (sender, ".", '_');
  path = g_strdup_printf (BRISK_PORTAL_OBJECT_PATH "/request/%s/%s", sender, handle_token);

  request = g_new0 (Request, 1);
  request->connection = g_object_ref (connection);
  g_task_set_task_data (task, request, (GDestroyNotify)request_free);
  request->response_id = g_dbus_connection_signal_subscribe (connection, BRISK_PORTAL_BUS_NAME,
                                                             "org.freedesktop.portal.Request",
                                                             "Response", path, NULL,
                                                             G_DBUS_SIGNAL_FLAGS_NONE,
                                                             response_cb, g_object_ref (task),
                                                             NULL);

  g_dbus_connection_call (connection, BRISK_PORTAL_BUS_NAME, BRISK_PORTAL_OBJECT_PATH,
                          interface_name, method_name, parameters, G_VARIANT_TYPE ("(o)"),
                          G_DBUS_CALL_FLAGS_NONE, -1, cancellable, call_done_cb,
                          g_steal_pointer (&task));
}

/**
 * brisk_portal_request_finish:
 *
 * Returns: (transfer full): the request's results, an a{sv}; %NULL with @error set when the
 *   portal is missing, the user dismissed the request or the portal refused it
 */
GVariant *
brisk_portal_request_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
