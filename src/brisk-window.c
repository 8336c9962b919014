/* brisk-window.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "brisk-window"

#include "config.h"

#include <glib/gi18n.h>

#include "brisk-application.h"
#include "brisk-key-store.h"
#include "brisk-welcome-page.h"
#include "brisk-window.h"

struct _BriskWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  BriskWelcomePage     *welcome_page;
  AdwLeaflet           *leaflet;
  GtkWidget            *conversation_pane;
  GtkStack             *conversation_stack;
  AdwStatusPage        *empty_conversation_page;

  /* Owned references */
  GCancellable         *cancellable;
};

G_DEFINE_FINAL_TYPE (BriskWindow, brisk_window, ADW_TYPE_APPLICATION_WINDOW)

BriskWindow *
brisk_window_new (BriskApplication *application)
{
  g_return_val_if_fail (BRISK_IS_APPLICATION (application), NULL);

  return g_object_new (BRISK_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

/**
 * brisk_window_show_conversation:
 * @self: a #BriskWindow
 *
 * Brings the conversation pane into view, which on a folded (narrow) window means
 * navigating away from the conversation list.
 */
void
brisk_window_show_conversation (BriskWindow *self)
{
  g_return_if_fail (BRISK_IS_WINDOW (self));

  adw_leaflet_set_visible_child (self->leaflet, self->conversation_pane);
}

static GSettings *
get_settings (BriskWindow *self)
{
  /* Not gtk_window_get_application(): GtkWindow:application is no construct property, so it is
   * still unset in constructed(), where the saved size must be applied.
   */
  GApplication *application = g_application_get_default ();

  if (!BRISK_IS_APPLICATION (application))
    return NULL;

  return brisk_application_get_settings (BRISK_APPLICATION (application));
}

static void
restore_window_state (BriskWindow *self)
{
  GSettings *settings = get_settings (self);

  if (settings == NULL)
    return;

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (settings, "window-width"),
                               g_settings_get_int (settings, "window-height"));
  if (g_settings_get_boolean (settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
save_window_state (BriskWindow *self)
{
  GSettings *settings = get_settings (self);
  gboolean maximized;

  if (settings == NULL)
    return;

  maximized = gtk_window_is_maximized (GTK_WINDOW (self));
  g_settings_set_boolean (settings, "window-maximized", maximized);

  /* The default size tracks the unmaximized size, which is what a new window should get. */
  if (!maximized)
    {
      int width, height;

      gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
      g_settings_set_int (settings, "window-width", MAX (width, 360));
      g_settings_set_int (settings, "window-height", MAX (height, 294));
    }
}

static gboolean
brisk_window_close_request (GtkWindow *window)
{
  BriskWindow *self = (BriskWindow *)window;

  g_assert (BRISK_IS_WINDOW (self));

  save_window_state (self);

  return GTK_WINDOW_CLASS (brisk_window_parent_class)->close_request (window);
}


static void
key_saved_cb (BriskWindow *self,
              const char  *warning)
{
  g_assert (BRISK_IS_WINDOW (self));

  gtk_stack_set_visible_child_name (self->main_stack, "main");
  if (warning != NULL)
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (warning));
  else
    adw_toast_overlay_add_toast (self->toast_overlay,
                                 adw_toast_new (_("Your key is saved in the system keyring")));
}

static void
key_found_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  BriskWindow *self = user_data;
  g_autoptr(GError) error = NULL;
  char *key;

  key = brisk_key_store_lookup_finish (BRISK_KEY_STORE (object), result, NULL, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* No key yet, or no keyring to find it in: the first-run page asks for one. */
  if (key == NULL)
    {
      gtk_stack_set_visible_child_name (self->main_stack, "welcome");
      brisk_welcome_page_focus (self->welcome_page);
    }
  brisk_key_free (key);
}

static void
brisk_window_constructed (GObject *object)
{
  BriskWindow *self = (BriskWindow *)object;

  G_OBJECT_CLASS (brisk_window_parent_class)->constructed (object);

  restore_window_state (self);

  if (BRISK_IS_APPLICATION (g_application_get_default ()))
    brisk_key_store_lookup_async (brisk_application_get_key_store (BRISK_APPLICATION (g_application_get_default ())),
                                  BRISK_GROQ_PROVIDER_ID, self->cancellable, key_found_cb, self);
}

static void
go_back_cb (BriskWindow *self)
{
  g_assert (BRISK_IS_WINDOW (self));

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
brisk_window_toggle_fullscreen_action (GtkWidget  *widget,
                                       const char *action_name,
                                       GVariant   *param)
{
  GtkWindow *window = GTK_WINDOW (widget);

  if (gtk_window_is_fullscreen (window))
    gtk_window_unfullscreen (window);
  else
    gtk_window_fullscreen (window);
}

static void
brisk_window_close_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  gtk_window_close (GTK_WINDOW (widget));
}

static void
brisk_window_show_toast_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *param)
{
  BriskWindow *self = BRISK_WINDOW (widget);

  adw_toast_overlay_add_toast (self->toast_overlay,
                               adw_toast_new (g_variant_get_string (param, NULL)));
}

static void
brisk_window_dispose (GObject *object)
{
  BriskWindow *self = (BriskWindow *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), BRISK_TYPE_WINDOW);

  G_OBJECT_CLASS (brisk_window_parent_class)->dispose (object);
}

static void
brisk_window_class_init (BriskWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = brisk_window_constructed;
  object_class->dispose = brisk_window_dispose;

  window_class->close_request = brisk_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/ui/brisk-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BriskWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, BriskWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, BriskWindow, welcome_page);
  gtk_widget_class_bind_template_child (widget_class, BriskWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, BriskWindow, conversation_pane);
  gtk_widget_class_bind_template_child (widget_class, BriskWindow, conversation_stack);
  gtk_widget_class_bind_template_child (widget_class, BriskWindow, empty_conversation_page);
  gtk_widget_class_bind_template_callback (widget_class, go_back_cb);
  gtk_widget_class_bind_template_callback (widget_class, key_saved_cb);

  gtk_widget_class_install_action (widget_class, "win.close", NULL, brisk_window_close_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-fullscreen", NULL,
                                   brisk_window_toggle_fullscreen_action);
  /* For widgets deep inside the window to report a transient result, such as "Copied". */
  gtk_widget_class_install_action (widget_class, "win.show-toast", "s",
                                   brisk_window_show_toast_action);
}

static void
brisk_window_init (BriskWindow *self)
{
  g_type_ensure (BRISK_TYPE_WELCOME_PAGE);
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  gtk_stack_set_visible_child_name (self->main_stack, "main");

#if DEVELOPMENT_BUILD
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif

  /* A first-time user has no conversations yet: on a narrow window, open on the invitation to
   * start one rather than on an empty list.
   */
  adw_leaflet_set_visible_child (self->leaflet, self->conversation_pane);
}
