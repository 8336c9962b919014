/* brisk-window.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "brisk-window"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "brisk-application.h"
#include "brisk-chat-view.h"
#include "brisk-conversation-list.h"
#include "brisk-conversation-row.h"
#include "brisk-key-store.h"
#include "brisk-welcome-page.h"
#include "brisk-window.h"

/* The main window: conversations on the left, the chosen one on the right (one pane when
 * narrow), or the first-run page while there is no key. It owns the sessions of the
 * conversations it shows, and keeps a session alive while its reply streams, so switching
 * conversations never cuts an answer short.
 */
struct _BriskWindow
{
  AdwApplicationWindow   parent_instance;

  BriskStore            *store;
  BriskConversationList *conversations;
  GtkSliceListModel     *sidebar_slice;     /* the first conversations, as the sidebar shows */
  GtkSingleSelection    *selection;
  guint                  sidebar_tick_id;
  GHashTable            *sessions;          /* conversation id → BriskChatSession */
  GPtrArray             *bound_rows;
  GHashTable            *checked;           /* conversation ids picked in selection mode */
  gboolean               selection_mode;
  gboolean               show_archived;
  gboolean               restoring_selection;
  gboolean               fixing_key;
  GCancellable          *cancellable;

  /* Template widgets */
  AdwToastOverlay       *toast_overlay;
  GtkStack              *main_stack;
  BriskWelcomePage      *welcome_page;      /* built when first asked for */
  AdwLeaflet            *leaflet;
  GtkWidget             *sidebar_pane;
  GtkSearchBar          *search_bar;
  GtkSearchEntry        *search_entry;
  GtkStack              *sidebar_stack;
  GtkListView           *conversation_list;
  AdwStatusPage         *empty_sidebar_page;
  GtkListBox            *search_results;
  GtkActionBar          *selection_bar;
  GtkLabel              *selection_label;
  BriskChatView         *chat_view;
};

G_DEFINE_FINAL_TYPE (BriskWindow, brisk_window, ADW_TYPE_APPLICATION_WINDOW)

/* How many search hits the sidebar lists. */
#define MAX_SEARCH_HITS 50

/* GTK 4.8's list view makes a row for up to 200 items at once. The window opens with enough
 * conversations to fill a sidebar about a thousand pixels tall (each row more costs the first
 * frame about a millisecond), and the rest join SIDEBAR_STEP a frame after the first frame, so
 * building two hundred rows does not delay it.
 */
#define SIDEBAR_FIRST_ROWS 24
#define SIDEBAR_STEP       40

BriskWindow *
brisk_window_new (BriskApplication *application)
{
  g_return_val_if_fail (BRISK_IS_APPLICATION (application), NULL);

  return g_object_new (BRISK_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

static BriskApplication *
get_application (void)
{
  GApplication *application = g_application_get_default ();

  return BRISK_IS_APPLICATION (application) ? BRISK_APPLICATION (application) : NULL;
}

static void
show_toast (BriskWindow *self,
            const char  *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

/**
 * brisk_window_get_chat_view:
 *
 * Returns: (transfer none): the conversation pane
 */
BriskChatView *
brisk_window_get_chat_view (BriskWindow *self)
{
  g_return_val_if_fail (BRISK_IS_WINDOW (self), NULL);

  return self->chat_view;
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

  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->chat_view));
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

static BriskConversation *
get_current_conversation (BriskWindow *self)
{
  BriskChatSession *session = brisk_chat_view_get_session (self->chat_view);

  return session != NULL ? brisk_chat_session_get_conversation (session) : NULL;
}

/* Whether the conversation shown is a new one nothing was said in yet. */
static gboolean
showing_new_conversation (BriskWindow *self)
{
  BriskConversation *current = get_current_conversation (self);

  BriskChatSession *session = brisk_chat_view_get_session (self->chat_view);

  /* A quick question continued without being kept is in memory too, but not new. */
  return current != NULL && brisk_conversation_get_id (current) == 0
         && g_list_model_get_n_items (brisk_chat_session_get_messages (session)) == 0;
}

static void
remember_session (BriskWindow      *self,
                  BriskChatSession *session)
{
  gint64 id = brisk_conversation_get_id (brisk_chat_session_get_conversation (session));

  if (id > 0)
    g_hash_table_replace (self->sessions, g_memdup2 (&id, sizeof id), g_object_ref (session));
}

static void select_conversation_row (BriskWindow *self,
                                     gint64       id);

static void
session_stored_cb (BriskWindow      *self,
                   GParamSpec       *pspec,
                   BriskChatSession *session)
{
  /* The new conversation got its first message and a place in the history. */
  remember_session (self, session);
  if (get_current_conversation (self) == brisk_chat_session_get_conversation (session))
    select_conversation_row (self, brisk_conversation_get_id (get_current_conversation (self)));
}

/* A session for @conversation: the one already streaming into it, or a new one. */
/* Ends a read_file request with the user's choice, or none. */
static void
finish_file_choice (GtkNativeDialog *chooser,
                    GFile           *file)
{
  g_autoptr(GTask) task = g_object_steal_data (G_OBJECT (chooser), "brisk-task");

  if (task == NULL)
    return;

  g_task_return_pointer (task, file != NULL ? g_object_ref (file) : NULL, g_object_unref);
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
tool_file_response_cb (GtkNativeDialog *chooser,
                       int              response)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  finish_file_choice (chooser, file);
}

/* The user stopped the reply while the chooser was open. */
static void
tool_file_cancelled_cb (GtkNativeDialog *chooser)
{
  finish_file_choice (chooser, NULL);
}

/* The read_file tool asks here, every time: the user picks the file, through the file chooser
 * portal under Flatpak, so the model never names a path and Brisk needs no access to files.
 */
static void
choose_file_for_tool (BriskToolbox *toolbox,
                      GTask        *task,
                      gpointer      user_data)
{
  g_autoptr(BriskWindow) self = g_weak_ref_get (user_data);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) text = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  if (self == NULL || g_cancellable_is_cancelled (cancellable))
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  chooser = gtk_file_chooser_native_new (_("Choose a File for the Model to Read"),
                                         GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Share"), NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (text, _("Text Files"));
  gtk_file_filter_add_mime_type (text, "text/*");
  gtk_file_filter_add_mime_type (text, "application/json");
  gtk_file_filter_add_mime_type (text, "application/xml");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), text);
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);

  g_object_set_data_full (G_OBJECT (chooser), "brisk-task", g_object_ref (task), g_object_unref);
  g_signal_connect (chooser, "response", G_CALLBACK (tool_file_response_cb), NULL);
  if (cancellable != NULL)
    g_signal_connect_object (cancellable, "cancelled", G_CALLBACK (tool_file_cancelled_cb),
                             chooser, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
free_weak_ref (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

static void
give_file_chooser (BriskWindow      *self,
                   BriskChatSession *session)
{
  /* Weak: the window keeps its sessions, not the other way round. */
  GWeakRef *window = g_new0 (GWeakRef, 1);

  g_weak_ref_init (window, self);
  brisk_toolbox_set_file_chooser (brisk_chat_session_get_toolbox (session),
                                  choose_file_for_tool, window, free_weak_ref);
}

static BriskChatSession *
get_session (BriskWindow       *self,
             BriskConversation *conversation)
{
  BriskApplication *application = get_application ();
  BriskChatSession *session;
  gint64 id = brisk_conversation_get_id (conversation);

  session = g_hash_table_lookup (self->sessions, &id);
  if (session != NULL)
    return g_object_ref (session);

  session = brisk_chat_session_new (self->store, conversation);
  give_file_chooser (self, session);
  if (application != NULL)
    brisk_chat_session_set_client (session,
                                   brisk_application_get_client (application,
                                                                 brisk_conversation_get_provider (conversation)));
  g_signal_connect_object (session, "notify::conversation", G_CALLBACK (session_stored_cb), self,
                           G_CONNECT_SWAPPED);
  remember_session (self, session);

  return session;
}

static void
forget_session (BriskWindow      *self,
                BriskChatSession *session)
{
  gint64 id = brisk_conversation_get_id (brisk_chat_session_get_conversation (session));

  /* A streaming session stays until its reply ends, so the answer keeps coming in. */
  if (!brisk_chat_session_get_busy (session))
    g_hash_table_remove (self->sessions, &id);
}

static void
show_all_conversations (BriskWindow *self)
{
  if (self->sidebar_tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->sidebar_tick_id);
      self->sidebar_tick_id = 0;
    }
  gtk_slice_list_model_set_size (self->sidebar_slice, G_MAXUINT);
}

static gboolean
grow_sidebar_tick_cb (GtkWidget     *widget,
                      GdkFrameClock *frame_clock,
                      gpointer       user_data)
{
  BriskWindow *self = BRISK_WINDOW (widget);
  guint size = gtk_slice_list_model_get_size (self->sidebar_slice);
  GListModel *all = gtk_slice_list_model_get_model (self->sidebar_slice);

  /* Not in the first frame, which the first rows make. */
  if (gdk_frame_clock_get_frame_counter (frame_clock) == GPOINTER_TO_SIZE (user_data))
    return G_SOURCE_CONTINUE;

  if (all != NULL && size + SIDEBAR_STEP < g_list_model_get_n_items (all))
    {
      gtk_slice_list_model_set_size (self->sidebar_slice, size + SIDEBAR_STEP);
      return G_SOURCE_CONTINUE;
    }

  self->sidebar_tick_id = 0;
  gtk_slice_list_model_set_size (self->sidebar_slice, G_MAXUINT);
  return G_SOURCE_REMOVE;
}

static void
sidebar_mapped_cb (BriskWindow *self)
{
  GdkFrameClock *frame_clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  if (self->sidebar_tick_id == 0
      && gtk_slice_list_model_get_size (self->sidebar_slice) != G_MAXUINT)
    self->sidebar_tick_id = gtk_widget_add_tick_callback (
      GTK_WIDGET (self), grow_sidebar_tick_cb,
      GSIZE_TO_POINTER (gdk_frame_clock_get_frame_counter (frame_clock) + 1), NULL);
}

static void
select_conversation_row (BriskWindow *self,
                         gint64       id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->conversations));

  self->restoring_selection = TRUE;
  /* Only the first pages are searched: a conversation further down stays open unselected
   * rather than every page being read.
   */
  for (guint i = 0; i < MIN (n, 200); i++)
    {
      g_autoptr(BriskConversation) conversation = g_list_model_get_item (G_LIST_MODEL (self->conversations), i);

      if (brisk_conversation_get_id (conversation) == id)
        {
          if (i >= gtk_slice_list_model_get_size (self->sidebar_slice))
            show_all_conversations (self);
          gtk_single_selection_set_selected (self->selection, i);
          self->restoring_selection = FALSE;
          return;
        }
    }
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  self->restoring_selection = FALSE;
}

/**
 * brisk_window_open_conversation:
 * @conversation: the conversation to show
 *
 * Shows @conversation in the conversation pane.
 */
void
brisk_window_open_conversation (BriskWindow       *self,
                                BriskConversation *conversation)
{
  BriskChatSession *previous;
  g_autoptr(BriskChatSession) session = NULL;

  g_return_if_fail (BRISK_IS_WINDOW (self));
  g_return_if_fail (BRISK_IS_CONVERSATION (conversation));

  previous = brisk_chat_view_get_session (self->chat_view);
  if (previous != NULL
      && brisk_conversation_get_id (conversation) > 0
      && brisk_conversation_get_id (brisk_chat_session_get_conversation (previous))
         == brisk_conversation_get_id (conversation))
    return;

  session = get_session (self, conversation);
  brisk_window_open_session (self, session);
}

/**
 * brisk_window_open_session:
 * @session: a conversation being talked to, such as a quick question kept in memory
 *
 * Shows @session in the chat view.
 */
void
brisk_window_open_session (BriskWindow      *self,
                           BriskChatSession *session)
{
  BriskChatSession *previous;

  g_return_if_fail (BRISK_IS_WINDOW (self));
  g_return_if_fail (BRISK_IS_CHAT_SESSION (session));

  previous = brisk_chat_view_get_session (self->chat_view);
  if (previous != NULL)
    {
      g_autoptr(BriskChatSession) left = g_object_ref (previous);

      brisk_chat_view_set_session (self->chat_view, session);
      forget_session (self, left);
    }
  else
    brisk_chat_view_set_session (self->chat_view, session);

  select_conversation_row (self,
                           brisk_conversation_get_id (brisk_chat_session_get_conversation (session)));
}

static char *
build_default_parameters (GSettings *settings)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  double temperature = g_settings_get_double (settings, "default-temperature");
  gint64 max_tokens = g_settings_get_int64 (settings, "default-max-tokens");

  json_builder_begin_object (builder);
  if (temperature >= 0)
    {
      json_builder_set_member_name (builder, "temperature");
      json_builder_add_double_value (builder, temperature);
    }
  if (max_tokens > 0)
    {
      json_builder_set_member_name (builder, "max_completion_tokens");
      json_builder_add_int_value (builder, max_tokens);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/**
 * brisk_window_new_conversation:
 *
 * Opens a new, empty conversation with the preferred provider, model and settings, with the
 * cursor in the composer. It is kept in the history from its first message on; if the
 * conversation shown is still such a new one, that one is reused.
 */
void
brisk_window_new_conversation (BriskWindow *self)
{
  BriskApplication *application = get_application ();
  GSettings *settings = get_settings (self);
  g_autoptr(BriskConversation) conversation = NULL;
  g_autofree char *provider = NULL;
  g_autofree char *model = NULL;
  g_autofree char *system_prompt = NULL;
  g_autofree char *parameters = NULL;

  g_return_if_fail (BRISK_IS_WINDOW (self));

  brisk_window_show_conversation (self);
  if (showing_new_conversation (self))
    {
      brisk_chat_view_focus_composer (self->chat_view);
      return;
    }

  provider = settings != NULL ? g_settings_get_string (settings, "default-provider")
                              : g_strdup (BRISK_GROQ_PROVIDER_ID);
  if (application != NULL
      && brisk_provider_list_lookup (brisk_application_get_providers (application), provider) == NULL)
    {
      g_free (provider);
      provider = g_strdup (BRISK_GROQ_PROVIDER_ID);
    }
  model = settings != NULL ? g_settings_get_string (settings, "default-model") : g_strdup ("");
  system_prompt = settings != NULL ? g_settings_get_string (settings, "default-system-prompt") : NULL;
  parameters = settings != NULL ? build_default_parameters (settings) : NULL;

  conversation = g_object_new (BRISK_TYPE_CONVERSATION,
                               "provider", provider,
                               "model", model,
                               "system-prompt", system_prompt,
                               "parameters", parameters,
                               NULL);

  brisk_window_open_conversation (self, conversation);
  brisk_chat_view_focus_composer (self->chat_view);
}

static void
update_sidebar_page (BriskWindow *self)
{
  if (gtk_search_bar_get_search_mode (self->search_bar)
      && *gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) != '\0')
    return;

  gtk_stack_set_visible_child_name (self->sidebar_stack,
                                    g_list_model_get_n_items (G_LIST_MODEL (self->conversations)) > 0
                                    ? "list" : "empty");
}

/* Connected after the selection model's own handler, so a row is selected again only once the
 * selection model has taken the change in.
 */
static void
conversations_changed_cb (BriskWindow *self)
{
  BriskConversation *current = get_current_conversation (self);

  update_sidebar_page (self);
  /* The list was read again: the open conversation keeps its highlight. */
  if (current != NULL)
    select_conversation_row (self, brisk_conversation_get_id (current));
}

static void
selection_changed_cb (BriskWindow *self)
{
  BriskConversation *conversation = gtk_single_selection_get_selected_item (self->selection);

  if (self->restoring_selection || conversation == NULL)
    return;

  brisk_window_open_conversation (self, conversation);
}

static void
list_activated_cb (BriskWindow *self,
                   guint        position)
{
  /* Choosing a conversation on a narrow window goes on to it. */
  brisk_window_show_conversation (self);
  brisk_chat_view_focus_composer (self->chat_view);
}

static void
update_selection_label (BriskWindow *self)
{
  guint n = g_hash_table_size (self->checked);
  g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u selected",
                                                        "%u selected", n), n);

  gtk_label_set_text (self->selection_label, text);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.delete-selected", n > 0);
}

static void
row_check_toggled_cb (BriskWindow          *self,
                      gboolean              checked,
                      BriskConversationRow *row)
{
  BriskConversation *conversation = brisk_conversation_row_get_conversation (row);
  gint64 id;

  if (conversation == NULL)
    return;

  id = brisk_conversation_get_id (conversation);
  if (checked)
    g_hash_table_add (self->checked, g_memdup2 (&id, sizeof id));
  else
    g_hash_table_remove (self->checked, &id);
  update_selection_label (self);
}

static void
row_renamed_cb (BriskWindow          *self,
                const char           *title,
                BriskConversationRow *row)
{
  BriskConversation *conversation = brisk_conversation_row_get_conversation (row);
  g_autoptr(GError) error = NULL;

  if (conversation == NULL)
    return;

  /* A title the user typed is never replaced by a generated one. */
  brisk_conversation_set_title (conversation, title);
  brisk_conversation_set_title_is_custom (conversation, TRUE);
  if (self->store != NULL && !brisk_store_save_conversation (self->store, conversation, &error))
    show_toast (self, error->message);

  /* The open conversation is another object read from the same row of the store. */
  if (get_current_conversation (self) != NULL
      && get_current_conversation (self) != conversation
      && brisk_conversation_get_id (get_current_conversation (self)) == brisk_conversation_get_id (conversation))
    {
      brisk_conversation_set_title (get_current_conversation (self), title);
      brisk_conversation_set_title_is_custom (get_current_conversation (self), TRUE);
    }
}

static gboolean
drop_context_menu_cb (gpointer data)
{
  g_autoptr(GtkWidget) popover = data;

  /* The row may have been recycled or gone meanwhile, taking the menu with it. */
  if (gtk_widget_get_parent (popover) != NULL)
    gtk_widget_unparent (popover);

  return G_SOURCE_REMOVE;
}

static void
context_menu_closed_cb (GtkPopover *popover)
{
  /* Deferred: the popover is still handling its own closing. */
  g_idle_add (drop_context_menu_cb, g_object_ref (popover));
}

/* Right click (or a long press) on a conversation: it opens, with its menu at the pointer. */
static void
row_context_pressed_cb (GtkGestureClick *gesture,
                        int              n_press,
                        double           x,
                        double           y,
                        BriskWindow     *self)
{
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  BriskConversation *conversation = brisk_conversation_row_get_conversation (BRISK_CONVERSATION_ROW (row));
  GtkWidget *popover;

  if (conversation == NULL)
    return;

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  brisk_window_open_conversation (self, conversation);

  popover = gtk_popover_menu_new_from_model (brisk_chat_view_get_conversation_menu (self->chat_view));
  gtk_widget_set_parent (popover, row);
  gtk_popover_set_has_arrow (GTK_POPOVER (popover), FALSE);
  gtk_popover_set_pointing_to (GTK_POPOVER (popover), &(GdkRectangle) { (int)x, (int)y, 1, 1 });
  g_signal_connect (popover, "closed", G_CALLBACK (context_menu_closed_cb), NULL);
  gtk_popover_popup (GTK_POPOVER (popover));
}

static void
setup_conversation_row_cb (GtkSignalListItemFactory *factory,
                           GtkListItem              *item,
                           BriskWindow              *self)
{
  GtkWidget *row = brisk_conversation_row_new ();
  GtkGesture *gesture;

  g_signal_connect_object (row, "check-toggled", G_CALLBACK (row_check_toggled_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (row, "renamed", G_CALLBACK (row_renamed_cb), self, G_CONNECT_SWAPPED);

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_SECONDARY);
  g_signal_connect_object (gesture, "pressed", G_CALLBACK (row_context_pressed_cb), self, 0);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (gesture));
  gtk_list_item_set_child (item, row);
}

static void
bind_conversation_row_cb (GtkSignalListItemFactory *factory,
                          GtkListItem              *item,
                          BriskWindow              *self)
{
  BriskConversationRow *row = BRISK_CONVERSATION_ROW (gtk_list_item_get_child (item));
  BriskConversation *conversation = gtk_list_item_get_item (item);
  guint position = gtk_list_item_get_position (item);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  BriskConversationGroup group = brisk_conversation_group_for (conversation, now);
  gboolean first_of_group = TRUE;
  gint64 id = brisk_conversation_get_id (conversation);

  if (position > 0)
    {
      g_autoptr(BriskConversation) previous = g_list_model_get_item (G_LIST_MODEL (self->conversations),
                                                                     position - 1);

      first_of_group = previous == NULL || brisk_conversation_group_for (previous, now) != group;
    }

  brisk_conversation_row_set_conversation (row, conversation, group, first_of_group);
  brisk_conversation_row_set_selection_mode (row, self->selection_mode,
                                             g_hash_table_contains (self->checked, &id));
  g_ptr_array_add (self->bound_rows, row);
}

static void
unbind_conversation_row_cb (GtkSignalListItemFactory *factory,
                            GtkListItem              *item,
                            BriskWindow              *self)
{
  BriskConversationRow *row = BRISK_CONVERSATION_ROW (gtk_list_item_get_child (item));

  g_ptr_array_remove_fast (self->bound_rows, row);
  brisk_conversation_row_set_conversation (row, NULL, BRISK_CONVERSATION_GROUP_OLDER, FALSE);
}

static BriskConversationRow *
find_bound_row (BriskWindow *self,
                gint64       id)
{
  for (guint i = 0; i < self->bound_rows->len; i++)
    {
      BriskConversationRow *row = g_ptr_array_index (self->bound_rows, i);
      BriskConversation *conversation = brisk_conversation_row_get_conversation (row);

      if (conversation != NULL && brisk_conversation_get_id (conversation) == id)
        return row;
    }

  return NULL;
}

/* Search */

static void
clear_search_results (BriskWindow *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->search_results))) != NULL)
    gtk_list_box_remove (self->search_results, child);
}

/* The snippet with its matches in bold, built as attributes: the text is never markup. */
static GtkWidget *
build_snippet_label (const char *snippet)
{
  g_autoptr(GString) text = g_string_new (NULL);
  PangoAttrList *attributes = pango_attr_list_new ();
  GtkWidget *label;
  const char *p = snippet;
  gsize start = 0;

  while (*p != '\0')
    {
      if (g_str_has_prefix (p, BRISK_SEARCH_MATCH_START))
        {
          start = text->len;
          p += strlen (BRISK_SEARCH_MATCH_START);
        }
      else if (g_str_has_prefix (p, BRISK_SEARCH_MATCH_END))
        {
          PangoAttribute *bold = pango_attr_weight_new (PANGO_WEIGHT_BOLD);

          bold->start_index = start;
          bold->end_index = text->len;
          pango_attr_list_insert (attributes, bold);
          p += strlen (BRISK_SEARCH_MATCH_END);
        }
      else
        {
          const char *next = g_utf8_next_char (p);

          /* A snippet is one line in the list. */
          if (*p == '\n')
            g_string_append_c (text, ' ');
          else
            g_string_append_len (text, p, next - p);
          p = next;
        }
    }

  label = gtk_label_new (text->str);
  gtk_label_set_attributes (GTK_LABEL (label), attributes);
  pango_attr_list_unref (attributes);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (label), 3);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "caption");

  return label;
}

static GtkWidget *
build_search_row (BriskSearchHit *hit)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *title = gtk_label_new (hit->title != NULL && *hit->title != '\0' ? hit->title
                                                                               : _("New Conversation"));
  GtkWidget *row = gtk_list_box_row_new ();

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (box), title);
  if (hit->snippet != NULL)
    gtk_box_append (GTK_BOX (box), build_snippet_label (hit->snippet));

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "conversation-id",
                          g_memdup2 (&hit->conversation_id, sizeof hit->conversation_id), g_free);
  g_object_set_data_full (G_OBJECT (row), "message-id",
                          g_memdup2 (&hit->message_id, sizeof hit->message_id), g_free);

  return row;
}

static void
search_changed_cb (BriskWindow *self)
{
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;

  clear_search_results (self);
  if (*query == '\0' || self->store == NULL)
    {
      update_sidebar_page (self);
      return;
    }

  hits = brisk_store_search (self->store, query, MAX_SEARCH_HITS, &error);
  if (hits == NULL)
    {
      show_toast (self, error->message);
      return;
    }

  for (guint i = 0; i < hits->len; i++)
    gtk_list_box_append (self->search_results, build_search_row (g_ptr_array_index (hits, i)));

  gtk_stack_set_visible_child_name (self->sidebar_stack, hits->len > 0 ? "search" : "no-results");
}

static void
search_result_activated_cb (BriskWindow   *self,
                            GtkListBoxRow *row)
{
  gint64 conversation_id = *(gint64 *)g_object_get_data (G_OBJECT (row), "conversation-id");
  gint64 message_id = *(gint64 *)g_object_get_data (G_OBJECT (row), "message-id");
  g_autoptr(BriskConversation) conversation = NULL;
  g_autoptr(GError) error = NULL;

  conversation = brisk_store_get_conversation (self->store, conversation_id, &error);
  if (conversation == NULL)
    {
      show_toast (self, error->message);
      return;
    }

  brisk_window_open_conversation (self, conversation);
  brisk_window_show_conversation (self);
  if (message_id > 0)
    brisk_chat_view_reveal_message (self->chat_view, message_id);
}

static void
search_activate_cb (BriskWindow *self)
{
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->search_results, 0);

  /* Enter opens the best (newest) hit. */
  if (first != NULL)
    search_result_activated_cb (self, first);
}

static gboolean
search_key_pressed_cb (BriskWindow           *self,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       GtkEventControllerKey *controller)
{
  GtkListBoxRow *first;

  /* Down from the search field goes on to the results, as in Files. */
  if (keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down)
    return GDK_EVENT_PROPAGATE;

  first = gtk_list_box_get_row_at_index (self->search_results, 0);
  if (first == NULL || !gtk_widget_get_mapped (GTK_WIDGET (first)))
    return GDK_EVENT_PROPAGATE;

  gtk_widget_grab_focus (GTK_WIDGET (first));
  return GDK_EVENT_STOP;
}

static void
search_stopped_cb (BriskWindow *self)
{
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
}

static void
search_mode_changed_cb (BriskWindow *self)
{
  if (gtk_search_bar_get_search_mode (self->search_bar))
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
      return;
    }

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  clear_search_results (self);
  update_sidebar_page (self);
}

/* Keys */

static void
key_saved_cb (BriskWindow *self,
              const char  *warning)
{
  BriskApplication *application = get_application ();

  g_assert (BRISK_IS_WINDOW (self));

  /* The next request reads the new key from the keyring. */
  if (application != NULL)
    brisk_application_forget_client (application, BRISK_GROQ_PROVIDER_ID);

  gtk_stack_set_visible_child_name (self->main_stack, "main");
  show_toast (self, warning != NULL ? warning : _("Your key is saved in the system keyring"));

  /* After a first run, straight on to a first question with the default model; after a
   * refused key, back to the reply that failed. Either way through a client that reads the
   * new key.
   */
  if (!self->fixing_key)
    brisk_window_new_conversation (self);
  if (application != NULL && brisk_chat_view_get_session (self->chat_view) != NULL)
    {
      BriskChatSession *session = brisk_chat_view_get_session (self->chat_view);
      BriskConversation *conversation = brisk_chat_session_get_conversation (session);

      brisk_chat_session_set_client (session,
                                     brisk_application_get_client (application,
                                                                   brisk_conversation_get_provider (conversation)));
    }
  if (self->fixing_key)
    {
      self->fixing_key = FALSE;
      brisk_welcome_page_set_fixing (self->welcome_page, FALSE);
      brisk_chat_view_retry (self->chat_view);
    }
}

static void key_found_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data);
static void key_fix_cancelled_cb (BriskWindow *self);

/* The page that asks for a key: most starts never show it, so it is built when first needed. */
static void
show_welcome_page (BriskWindow *self,
                   gboolean     fixing)
{
  if (self->welcome_page == NULL)
    {
      self->welcome_page = g_object_new (BRISK_TYPE_WELCOME_PAGE, NULL);
      g_signal_connect_object (self->welcome_page, "key-saved", G_CALLBACK (key_saved_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->welcome_page, "cancelled",
                               G_CALLBACK (key_fix_cancelled_cb), self, G_CONNECT_SWAPPED);
      gtk_stack_add_named (self->main_stack, GTK_WIDGET (self->welcome_page), "welcome");
    }

  brisk_welcome_page_set_fixing (self->welcome_page, fixing);
  gtk_stack_set_visible_child_name (self->main_stack, "welcome");
  brisk_welcome_page_focus (self->welcome_page);
}

static void
key_changed_cb (BriskWindow   *self,
                const char    *provider_id,
                BriskKeyStore *key_store)
{
  BriskApplication *application = get_application ();
  BriskChatSession *session = brisk_chat_view_get_session (self->chat_view);

  /* A key added or removed in Preferences: the conversation shown gets a client that reads
   * the new key, and a Groq key removed brings back the page that asks for one.
   */
  if (application == NULL)
    return;
  brisk_application_forget_client (application, provider_id);
  if (session != NULL
      && g_strcmp0 (brisk_conversation_get_provider (brisk_chat_session_get_conversation (session)),
                    provider_id) == 0)
    brisk_chat_session_set_client (session, brisk_application_get_client (application, provider_id));

  if (g_str_equal (provider_id, BRISK_GROQ_PROVIDER_ID) && !self->fixing_key)
    brisk_key_store_lookup_async (key_store, provider_id, self->cancellable, key_found_cb, self);
}

static void
key_fix_cancelled_cb (BriskWindow *self)
{
  self->fixing_key = FALSE;
  brisk_welcome_page_set_fixing (self->welcome_page, FALSE);
  gtk_stack_set_visible_child_name (self->main_stack, "main");
  brisk_chat_view_focus_composer (self->chat_view);
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

  /* No key yet, or no keyring to find it in: the first-run page asks for one. A key that
   * arrived meanwhile (saved in Preferences) leads on to the conversations.
   */
  if (key == NULL)
    show_welcome_page (self, self->fixing_key);
  else
    gtk_stack_set_visible_child_name (self->main_stack, "main");
  brisk_key_free (key);
}

static void
fix_key_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  BriskWindow *self = BRISK_WINDOW (widget);
  const char *provider = g_variant_get_string (param, NULL);

  /* Groq's key is fixed on the same page that asked for it first; other providers' keys are
   * in Preferences.
   */
  if (g_str_equal (provider, BRISK_GROQ_PROVIDER_ID))
    {
      self->fixing_key = TRUE;
      show_welcome_page (self, TRUE);
    }
  else
    gtk_widget_activate_action (widget, "app.preferences", NULL);
}

/* Conversation actions */

static void
undo_delete_cb (AdwToast    *toast,
                BriskWindow *self)
{
  GArray *ids = g_object_get_data (G_OBJECT (toast), "conversation-ids");
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < ids->len; i++)
    if (!brisk_store_undo_delete (self->store, g_array_index (ids, gint64, i), &error))
      {
        show_toast (self, error->message);
        return;
      }
}

static void
delete_conversations (BriskWindow  *self,
                      const gint64 *ids,
                      guint         n_ids)
{
  g_autoptr(GArray) deleted = g_array_new (FALSE, FALSE, sizeof (gint64));
  BriskConversation *current = get_current_conversation (self);
  gboolean deleted_current = FALSE;
  g_autoptr(GError) error = NULL;
  AdwToast *toast;

  if (self->store == NULL)
    return;

  for (guint i = 0; i < n_ids; i++)
    {
      if (!brisk_store_delete_conversation (self->store, ids[i], &error))
        {
          show_toast (self, error->message);
          break;
        }
      g_array_append_val (deleted, ids[i]);
      if (current != NULL && brisk_conversation_get_id (current) == ids[i])
        deleted_current = TRUE;
    }

  if (deleted->len == 0)
    return;

  if (deleted_current)
    {
      brisk_chat_view_stop (self->chat_view);
      brisk_chat_view_set_session (self->chat_view, NULL);
    }

  toast = adw_toast_new (g_dngettext (GETTEXT_PACKAGE, "Conversation deleted",
                                      "Conversations deleted", deleted->len));
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_object_set_data_full (G_OBJECT (toast), "conversation-ids", g_array_ref (deleted),
                          (GDestroyNotify)g_array_unref);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (undo_delete_cb), self, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
delete_conversation_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *param)
{
  BriskWindow *self = BRISK_WINDOW (widget);
  BriskConversation *current = get_current_conversation (self);
  gint64 id;

  if (current == NULL)
    return;

  id = brisk_conversation_get_id (current);
  delete_conversations (self, &id, 1);
}

static void
delete_selected_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  BriskWindow *self = BRISK_WINDOW (widget);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->checked);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_array_append_val (ids, *(gint64 *)key);

  delete_conversations (self, (const gint64 *)(gpointer)ids->data, ids->len);
  gtk_widget_activate_action (widget, "win.selection-mode", NULL);
}

static void
set_selection_mode (BriskWindow *self,
                    gboolean     selection_mode)
{
  self->selection_mode = selection_mode;
  g_hash_table_remove_all (self->checked);
  gtk_action_bar_set_revealed (self->selection_bar, selection_mode);
  for (guint i = 0; i < self->bound_rows->len; i++)
    brisk_conversation_row_set_selection_mode (g_ptr_array_index (self->bound_rows, i),
                                               selection_mode, FALSE);
  update_selection_label (self);
}

static void
selection_mode_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  BriskWindow *self = BRISK_WINDOW (widget);

  set_selection_mode (self, !self->selection_mode);
}

static void
save_current (BriskWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (self->store != NULL
      && !brisk_store_save_conversation (self->store, get_current_conversation (self), &error))
    show_toast (self, error->message);
}

static void
pin_conversation_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  BriskWindow *self = BRISK_WINDOW (widget);
  BriskConversation *current = get_current_conversation (self);

  if (current == NULL)
    return;

  brisk_conversation_set_pinned (current, !brisk_conversation_get_pinned (current));
  save_current (self);
  show_toast (self, brisk_conversation_get_pinned (current) ? _("Pinned to the top")
                                                            : _("Unpinned"));
}

static void
archive_conversation_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *param)
{
  BriskWindow *self = BRISK_WINDOW (widget);
  BriskConversation *current = get_current_conversation (self);
  gboolean archived;

  if (current == NULL)
    return;

  archived = !brisk_conversation_get_archived (current);
  brisk_conversation_set_archived (current, archived);
  save_current (self);
  show_toast (self, archived ? _("Conversation archived") : _("Conversation restored from the archive"));
}

static void
rename_conversation_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *param)
{
  BriskWindow *self = BRISK_WINDOW (widget);
  BriskConversation *current = get_current_conversation (self);
  BriskConversationRow *row;

  if (current == NULL)
    return;

  /* The row must be on screen to be edited in place. */
  adw_leaflet_set_visible_child (self->leaflet, self->sidebar_pane);
  select_conversation_row (self, brisk_conversation_get_id (current));
  gtk_widget_activate_action (GTK_WIDGET (self->conversation_list), "list.scroll-to-item", "u",
                              gtk_single_selection_get_selected (self->selection));
  row = find_bound_row (self, brisk_conversation_get_id (current));
  if (row != NULL)
    brisk_conversation_row_start_renaming (row);
}

static void
show_archived_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  BriskWindow *self = BRISK_WINDOW (widget);

  if (self->store == NULL)
    return;

  self->show_archived = !self->show_archived;
  g_clear_object (&self->conversations);
  self->conversations = brisk_conversation_list_new (self->store, self->show_archived);
  g_signal_connect_object (self->conversations, "items-changed",
                           G_CALLBACK (conversations_changed_cb), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  gtk_slice_list_model_set_model (self->sidebar_slice, G_LIST_MODEL (self->conversations));
  adw_status_page_set_title (self->empty_sidebar_page,
                             self->show_archived ? _("No Archived Conversations")
                                                 : _("No Conversations"));
  conversations_changed_cb (self);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  brisk_window_search (BRISK_WINDOW (widget), NULL);
}

/**
 * brisk_window_search:
 * @query: (nullable): what to search for, or %NULL to keep what the search field holds
 *
 * Opens the history search, with the cursor in its field.
 */
void
brisk_window_search (BriskWindow *self,
                     const char  *query)
{
  g_return_if_fail (BRISK_IS_WINDOW (self));

  adw_leaflet_set_visible_child (self->leaflet, self->sidebar_pane);
  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  if (query != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), query);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
go_to_position (BriskWindow *self,
                guint        position)
{
  g_autoptr(BriskConversation) conversation = NULL;

  if (position >= g_list_model_get_n_items (G_LIST_MODEL (self->conversations)))
    return;

  conversation = g_list_model_get_item (G_LIST_MODEL (self->conversations), position);
  brisk_window_open_conversation (self, conversation);
  gtk_widget_activate_action (GTK_WIDGET (self->conversation_list), "list.scroll-to-item", "u",
                              position);
  brisk_window_show_conversation (self);
}

static void
go_to_conversation_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  /* Alt+1 is the first conversation of the list. */
  go_to_position (BRISK_WINDOW (widget), (guint)g_variant_get_int32 (param) - 1);
}

static void
step_conversation_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  BriskWindow *self = BRISK_WINDOW (widget);
  guint selected = gtk_single_selection_get_selected (self->selection);
  int step = g_variant_get_int32 (param);

  if (selected == GTK_INVALID_LIST_POSITION)
    go_to_position (self, 0);
  else if (step < 0 && selected > 0)
    go_to_position (self, selected - 1);
  else if (step > 0)
    go_to_position (self, selected + 1);
}

static void
chat_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  BriskWindow *self = BRISK_WINDOW (widget);

  if (g_str_equal (action_name, "win.stop"))
    brisk_chat_view_stop (self->chat_view);
  else if (g_str_equal (action_name, "win.regenerate"))
    brisk_chat_view_regenerate (self->chat_view);
  else if (g_str_equal (action_name, "win.copy-last-reply"))
    brisk_chat_view_copy_last_reply (self->chat_view);
  else if (g_str_equal (action_name, "win.choose-model"))
    brisk_chat_view_choose_model (self->chat_view);
}

static void
show_sidebar_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  BriskWindow *self = BRISK_WINDOW (widget);

  adw_leaflet_set_visible_child (self->leaflet, self->sidebar_pane);
  gtk_widget_grab_focus (GTK_WIDGET (self->conversation_list));
}

static void
open_history (BriskWindow *self)
{
  BriskApplication *application = get_application ();
  const GError *store_error = NULL;

  self->store = application != NULL ? brisk_application_get_store (application, &store_error) : NULL;
  if (self->store != NULL)
    {
      g_object_ref (self->store);
      self->conversations = brisk_conversation_list_new (self->store, FALSE);
      g_signal_connect_object (self->conversations, "items-changed",
                               G_CALLBACK (conversations_changed_cb), self,
                               G_CONNECT_SWAPPED | G_CONNECT_AFTER);
      gtk_slice_list_model_set_model (self->sidebar_slice, G_LIST_MODEL (self->conversations));
    }
  else
    {
      g_autofree char *description = NULL;

      /* Conversations still work; they are just not kept. */
      description = g_strdup_printf (_("The history could not be opened, so conversations are not kept after Brisk closes: %s"),
                                     store_error != NULL ? store_error->message : "");
      adw_status_page_set_title (self->empty_sidebar_page, _("History Unavailable"));
      adw_status_page_set_icon_name (self->empty_sidebar_page, "dialog-warning-symbolic");
      adw_status_page_set_description (self->empty_sidebar_page, description);
      self->conversations = NULL;
    }

  if (self->store != NULL && brisk_store_get_moved_aside_path (self->store) != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The history file was unreadable and was moved aside to %s"),
                                               brisk_store_get_moved_aside_path (self->store));
      show_toast (self, text);
    }
}

/* With BRISK_REPORT_FIRST_FRAME set, the window prints the monotonic time (µs) of its first
 * painted frame on stderr, as "first-frame TIME": the start-up benchmark measures from exec to
 * there (tests/bench/bench-startup.c).
 */
static void
first_frame_cb (GdkFrameClock *frame_clock,
                BriskWindow   *self)
{
  g_printerr ("first-frame %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  g_signal_handlers_disconnect_by_func (frame_clock, first_frame_cb, self);
}

static void
report_first_frame_cb (BriskWindow *self)
{
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (self)), "after-paint",
                    G_CALLBACK (first_frame_cb), self);
}

static void
write_failed_cb (BriskWindow  *self,
                 const GError *error,
                 BriskStore   *store)
{
  g_autofree char *text = NULL;

  text = g_strdup_printf (_("Brisk cannot save the history: %s. Nothing is lost: the conversation stays here and is saved as soon as saving works again."),
                          error->message);
  brisk_chat_view_show_notice (self->chat_view, text, NULL, NULL);
}

static void
write_recovered_cb (BriskWindow *self)
{
  brisk_chat_view_show_notice (self->chat_view, NULL, NULL, NULL);
  show_toast (self, _("The history is saved again"));
}

static void
history_damaged_cb (BriskWindow *self)
{
  brisk_chat_view_show_notice (self->chat_view,
                               _("The history file is damaged. What can still be read is shown; recovering moves the file aside, keeping it, and starts a new history."),
                               _("_Recover"), "win.recover-history");
}

static void
recover_history_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  BriskWindow *self = BRISK_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (self->store == NULL)
    return;

  if (!brisk_store_recover (self->store, &error))
    {
      show_toast (self, error->message);
      return;
    }

  brisk_chat_view_show_notice (self->chat_view, NULL, NULL, NULL);
  text = g_strdup_printf (_("A new history was started; the damaged one is kept at %s"),
                          brisk_store_get_moved_aside_path (self->store));
  show_toast (self, text);
  brisk_window_new_conversation (self);
}

static void
watch_history (BriskWindow *self)
{
  if (self->store == NULL)
    return;

  g_signal_connect_object (self->store, "write-failed", G_CALLBACK (write_failed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store, "write-recovered", G_CALLBACK (write_recovered_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store, "damaged", G_CALLBACK (history_damaged_cb), self,
                           G_CONNECT_SWAPPED);

  if (brisk_store_get_read_only (self->store))
    brisk_chat_view_show_notice (self->chat_view,
                                 _("This history was written by a newer version of Brisk, so it is only read: new conversations are not kept."),
                                 NULL, NULL);
}

static void
brisk_window_constructed (GObject *object)
{
  BriskWindow *self = (BriskWindow *)object;
  BriskApplication *application = get_application ();
  GSettings *settings;

  G_OBJECT_CLASS (brisk_window_parent_class)->constructed (object);

  if (g_getenv ("BRISK_REPORT_FIRST_FRAME") != NULL)
    g_signal_connect (self, "realize", G_CALLBACK (report_first_frame_cb), NULL);

  restore_window_state (self);
  open_history (self);
  watch_history (self);
  if (self->conversations != NULL)
    update_sidebar_page (self);
  else
    gtk_stack_set_visible_child_name (self->sidebar_stack, "empty");

  /* Opening on the newest conversation would bury the invitation to start one: a window
   * opens on a new conversation, ready for a question.
   */
  brisk_window_new_conversation (self);

  settings = get_settings (self);
  if (application != NULL && settings != NULL)
    {
      g_autofree char *provider = g_settings_get_string (settings, "default-provider");

      if (g_str_equal (provider, BRISK_GROQ_PROVIDER_ID))
        brisk_key_store_lookup_async (brisk_application_get_key_store (application),
                                      BRISK_GROQ_PROVIDER_ID, self->cancellable, key_found_cb,
                                      self);
      g_signal_connect_object (brisk_application_get_key_store (application), "changed",
                               G_CALLBACK (key_changed_cb), self, G_CONNECT_SWAPPED);
    }
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
  show_toast (BRISK_WINDOW (widget), g_variant_get_string (param, NULL));
}

static void
brisk_window_dispose (GObject *object)
{
  BriskWindow *self = (BriskWindow *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->conversation_list != NULL)
    gtk_list_view_set_model (self->conversation_list, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), BRISK_TYPE_WINDOW);

  g_clear_pointer (&self->sessions, g_hash_table_unref);
  g_clear_pointer (&self->checked, g_hash_table_unref);
  g_clear_pointer (&self->bound_rows, g_ptr_array_unref);
  g_clear_object (&self->selection);
  g_clear_object (&self->sidebar_slice);
  g_clear_object (&self->conversations);
  g_clear_object (&self->store);

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

  g_type_ensure (BRISK_TYPE_CHAT_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/ui/brisk-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BriskWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, BriskWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, BriskWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, BriskWindow, sidebar_pane);
  gtk_widget_class_bind_template_child (widget_class, BriskWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, BriskWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, BriskWindow, sidebar_stack);
  gtk_widget_class_bind_template_child (widget_class, BriskWindow, conversation_list);
  gtk_widget_class_bind_template_child (widget_class, BriskWindow, empty_sidebar_page);
  gtk_widget_class_bind_template_child (widget_class, BriskWindow, search_results);
  gtk_widget_class_bind_template_child (widget_class, BriskWindow, selection_bar);
  gtk_widget_class_bind_template_child (widget_class, BriskWindow, selection_label);
  gtk_widget_class_bind_template_child (widget_class, BriskWindow, chat_view);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_stopped_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_mode_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_result_activated_cb);

  gtk_widget_class_install_action (widget_class, "win.close", NULL, brisk_window_close_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-fullscreen", NULL,
                                   brisk_window_toggle_fullscreen_action);
  /* For widgets deep inside the window to report a transient result, such as "Copied". */
  gtk_widget_class_install_action (widget_class, "win.show-toast", "s",
                                   brisk_window_show_toast_action);
  gtk_widget_class_install_action (widget_class, "win.fix-key", "s", fix_key_action);
  gtk_widget_class_install_action (widget_class, "win.show-sidebar", NULL, show_sidebar_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.rename-conversation", NULL,
                                   rename_conversation_action);
  gtk_widget_class_install_action (widget_class, "win.pin-conversation", NULL,
                                   pin_conversation_action);
  gtk_widget_class_install_action (widget_class, "win.archive-conversation", NULL,
                                   archive_conversation_action);
  gtk_widget_class_install_action (widget_class, "win.delete-conversation", NULL,
                                   delete_conversation_action);
  gtk_widget_class_install_action (widget_class, "win.delete-selected", NULL, delete_selected_action);
  gtk_widget_class_install_action (widget_class, "win.selection-mode", NULL, selection_mode_action);
  gtk_widget_class_install_action (widget_class, "win.show-archived", NULL, show_archived_action);
  gtk_widget_class_install_action (widget_class, "win.recover-history", NULL, recover_history_action);
  gtk_widget_class_install_action (widget_class, "win.go-to-conversation", "i",
                                   go_to_conversation_action);
  gtk_widget_class_install_action (widget_class, "win.step-conversation", "i",
                                   step_conversation_action);
  gtk_widget_class_install_action (widget_class, "win.stop", NULL, chat_action);
  gtk_widget_class_install_action (widget_class, "win.regenerate", NULL, chat_action);
  gtk_widget_class_install_action (widget_class, "win.copy-last-reply", NULL, chat_action);
  gtk_widget_class_install_action (widget_class, "win.choose-model", NULL, chat_action);
}

/* AdwLeaflet 1.2 sets the style classes of the widgets that draw its fold shadows in every
 * allocation, and GTK 4.8 then marks for restyling not only those widgets but every widget
 * after them among their siblings, with all their descendants. The shadows come before the
 * pages, so each allocation restyled the whole window, which with a long conversation open
 * took a frame's time; and any row changing size allocates the leaflet again. Behind the
 * pages the shadows still draw as before: the leaflet paints them itself, after the pages.
 */
static void
put_leaflet_shadows_last (AdwLeaflet *leaflet)
{
  g_autoptr(GPtrArray) shadows = g_ptr_array_new ();

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (leaflet));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (adw_leaflet_get_page (leaflet, child) == NULL)
      g_ptr_array_add (shadows, child);

  for (guint i = 0; i < shadows->len; i++)
    gtk_widget_insert_before (g_ptr_array_index (shadows, i), GTK_WIDGET (leaflet), NULL);
}

static void
brisk_window_init (BriskWindow *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->sessions = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  self->checked = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->bound_rows = g_ptr_array_new ();
  gtk_stack_set_visible_child_name (self->main_stack, "main");

#if DEVELOPMENT_BUILD
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif

  self->sidebar_slice = gtk_slice_list_model_new (NULL, 0, SIDEBAR_FIRST_ROWS);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->sidebar_slice)));
  g_signal_connect (self, "map", G_CALLBACK (sidebar_mapped_cb), NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "selection-changed",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_list_view_set_model (self->conversation_list, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect (factory, "setup", G_CALLBACK (setup_conversation_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_conversation_row_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_conversation_row_cb), self);
  gtk_list_view_set_factory (self->conversation_list, factory);
  g_signal_connect_object (self->conversation_list, "activate", G_CALLBACK (list_activated_cb),
                           self, G_CONNECT_SWAPPED);

  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  keys = gtk_event_controller_key_new ();
  g_signal_connect_swapped (keys, "key-pressed", G_CALLBACK (search_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), keys);
  update_selection_label (self);

  /* A first-time user has no conversations yet: on a narrow window, open on the invitation to
   * start one rather than on an empty list.
   */
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->chat_view));
  put_leaflet_shadows_last (self->leaflet);
}
