/* brisk-welcome-page.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "brisk-welcome-page"

#include "config.h"

#include <glib/gi18n.h>

#include "brisk-application.h"
#include "brisk-client.h"
#include "brisk-client-error.h"
#include "brisk-key-store.h"
#include "brisk-welcome-page.h"

/* What a first-time user sees: what Brisk is, a field for the Groq key, and a link to get one.
 * Continue checks the key by asking Groq for its models, so a typo, a network problem and
 * trouble at Groq each get their own message; a working key goes to the keyring.
 */
struct _BriskWelcomePage
{
  AdwBin                parent_instance;

  /* Template widgets */
  AdwPasswordEntryRow  *key_row;
  GtkLabel             *error_label;
  GtkButton            *continue_button;
  GtkSpinner           *spinner;
  AdwStatusPage        *status_page;
  GtkWidget            *cancel_button;

  /* Owned references */
  GCancellable         *cancellable;
  BriskClient          *client;
  char                 *key;
};

G_DEFINE_FINAL_TYPE (BriskWelcomePage, brisk_welcome_page, ADW_TYPE_BIN)

enum {
  KEY_SAVED,
  CANCELLED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_busy (BriskWelcomePage *self,
          gboolean          busy)
{
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->continue_button), !busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->key_row), !busy);
}

static void
show_error (BriskWelcomePage *self,
            const char       *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->key_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->key_row), "error");
}

static void
forget_key (BriskWelcomePage *self)
{
  g_clear_pointer (&self->key, brisk_key_free);
}

static void
key_stored_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(BriskWelcomePage) self = user_data;
  g_autoptr(GError) error = NULL;

  brisk_key_store_store_finish (BRISK_KEY_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);
  forget_key (self);
  gtk_editable_set_text (GTK_EDITABLE (self->key_row), "");

  /* Without a keyring the key still works, for this session; the window says so. */
  g_signal_emit (self, signals[KEY_SAVED], 0, error ? error->message : NULL);
}

static void
models_listed_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(BriskWelcomePage) self = user_data;
  g_autoptr(GPtrArray) models = NULL;
  g_autoptr(GError) error = NULL;
  BriskApplication *application;
  g_autofree char *message = NULL;

  models = brisk_client_list_models_finish (BRISK_CLIENT (object), result, NULL, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (models == NULL)
    {
      forget_key (self);
      set_busy (self, FALSE);
      message = brisk_client_error_describe_key_check (error, "Groq");
      show_error (self, message);
      gtk_widget_grab_focus (GTK_WIDGET (self->key_row));
      return;
    }

  application = BRISK_APPLICATION (g_application_get_default ());
  brisk_key_store_store_async (brisk_application_get_key_store (application),
                               BRISK_GROQ_PROVIDER_ID, "Groq", self->key, self->cancellable,
                               key_stored_cb, g_object_ref (self));
}

static void
continue_cb (BriskWelcomePage *self)
{
  g_autofree char *key = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->key_row))));
  const char *base_url = g_getenv ("BRISK_BASE_URL");

  g_assert (BRISK_IS_WELCOME_PAGE (self));

  if (*key == '\0')
    {
      show_error (self, _("Paste your API key first."));
      return;
    }

  show_error (self, NULL);
  set_busy (self, TRUE);

  forget_key (self);
  self->key = g_steal_pointer (&key);
  g_clear_object (&self->client);
  self->client = brisk_client_new (base_url && *base_url ? base_url : BRISK_GROQ_BASE_URL, NULL);
  brisk_client_set_api_key (self->client, self->key);
  g_object_set (self->client, "no-byte-timeout", 20, NULL);

  brisk_client_list_models_async (self->client, self->cancellable, models_listed_cb,
                                  g_object_ref (self));
}

static void
cancel_cb (BriskWelcomePage *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_busy (self, FALSE);
  show_error (self, NULL);
  g_signal_emit (self, signals[CANCELLED], 0);
}

/**
 * brisk_welcome_page_set_fixing:
 * @fixing: whether a saved key was refused, rather than this being the first run
 *
 * Asks for a new key in place of one the server refused, with a way back.
 */
void
brisk_welcome_page_set_fixing (BriskWelcomePage *self,
                               gboolean          fixing)
{
  g_return_if_fail (BRISK_IS_WELCOME_PAGE (self));

  gtk_widget_set_visible (self->cancel_button, fixing);
  if (fixing)
    {
      adw_status_page_set_title (self->status_page, _("Replace Your API Key"));
      adw_status_page_set_description (self->status_page,
                                       _("Groq did not accept the saved key: it may have been revoked or mistyped. Paste a new key from your Groq account."));
    }
  else
    {
      adw_status_page_set_title (self->status_page, _("Welcome to Brisk"));
      adw_status_page_set_description (self->status_page,
                                       _("Brisk chats with fast language models on Groq. To begin, paste an API key from your Groq account; Brisk keeps it in your system keyring."));
    }
}

/**
 * brisk_welcome_page_focus:
 *
 * Puts the cursor in the key field.
 */
void
brisk_welcome_page_focus (BriskWelcomePage *self)
{
  g_return_if_fail (BRISK_IS_WELCOME_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->key_row));
}

static void
brisk_welcome_page_dispose (GObject *object)
{
  BriskWelcomePage *self = (BriskWelcomePage *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  forget_key (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), BRISK_TYPE_WELCOME_PAGE);

  G_OBJECT_CLASS (brisk_welcome_page_parent_class)->dispose (object);
}

static void
brisk_welcome_page_class_init (BriskWelcomePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = brisk_welcome_page_dispose;

  /**
   * BriskWelcomePage::key-saved:
   * @self: the page
   * @warning: (nullable): why the key is kept for this session only, or %NULL when it is in
   *   the keyring
   *
   * A working key was entered.
   */
  signals[KEY_SAVED] =
    g_signal_new ("key-saved",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * BriskWelcomePage::cancelled:
   *
   * The user chose not to replace a refused key after all.
   */
  signals[CANCELLED] =
    g_signal_new ("cancelled",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/ui/brisk-welcome-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BriskWelcomePage, key_row);
  gtk_widget_class_bind_template_child (widget_class, BriskWelcomePage, error_label);
  gtk_widget_class_bind_template_child (widget_class, BriskWelcomePage, continue_button);
  gtk_widget_class_bind_template_child (widget_class, BriskWelcomePage, spinner);
  gtk_widget_class_bind_template_child (widget_class, BriskWelcomePage, status_page);
  gtk_widget_class_bind_template_child (widget_class, BriskWelcomePage, cancel_button);
  gtk_widget_class_bind_template_callback (widget_class, continue_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_cb);
}

static void
brisk_welcome_page_init (BriskWelcomePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}
