/* brisk-model-picker.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "brisk-model-picker"

#include "config.h"

#include <glib/gi18n.h>

#include "brisk-application.h"
#include "brisk-model-picker.h"

/* The header's model button: a searchable popover of the provider's chat models, from
 * GET /models (or its cache when offline), with context window and longest reply. A model the
 * provider no longer lists is flagged on the button, and the closest one on offer suggested.
 */
struct _BriskModelPicker
{
  GtkWidget        parent_instance;

  BriskClient     *client;
  char            *model;
  GListStore      *models;
  gboolean         loaded;
  gboolean         attempted;
  char            *error;
  gint64           loaded_at;
  GCancellable    *cancellable;

  GtkMenuButton   *button;
  GtkLabel        *button_label;
  GtkPopover      *popover;
  GtkSearchEntry  *search_entry;
  GtkListView     *list_view;
  GtkSingleSelection *selection;
  GtkStringFilter *filter;
  GtkLabel        *status_label;
};

G_DEFINE_FINAL_TYPE (BriskModelPicker, brisk_model_picker, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MODEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The list is fetched again when the popover opens and it is older than this. */
#define REFRESH_AFTER_USEC (10 * G_TIME_SPAN_MINUTE)

GtkWidget *
brisk_model_picker_new (void)
{
  return g_object_new (BRISK_TYPE_MODEL_PICKER, NULL);
}

const char *
brisk_model_picker_get_model (BriskModelPicker *self)
{
  g_return_val_if_fail (BRISK_IS_MODEL_PICKER (self), NULL);

  return self->model;
}

/**
 * brisk_model_picker_lookup:
 * @id: a model id
 *
 * Returns: (transfer none) (nullable): the model of that id, if the provider lists it
 */
BriskModel *
brisk_model_picker_lookup (BriskModelPicker *self,
                           const char       *id)
{
  g_return_val_if_fail (BRISK_IS_MODEL_PICKER (self), NULL);

  for (guint i = 0; id != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (self->models)); i++)
    {
      g_autoptr(BriskModel) model = g_list_model_get_item (G_LIST_MODEL (self->models), i);

      if (g_str_equal (brisk_model_get_id (model), id))
        return model;
    }

  return NULL;
}

/**
 * brisk_model_picker_get_loaded:
 *
 * Returns: whether an attempt to list the models has ended, with a list or an error
 */
gboolean
brisk_model_picker_get_loaded (BriskModelPicker *self)
{
  g_return_val_if_fail (BRISK_IS_MODEL_PICKER (self), FALSE);

  return self->attempted;
}

/**
 * brisk_model_picker_get_error:
 *
 * Returns: (nullable): why the last attempt to list the models failed
 */
const char *
brisk_model_picker_get_error (BriskModelPicker *self)
{
  g_return_val_if_fail (BRISK_IS_MODEL_PICKER (self), NULL);

  return self->error;
}

BriskClient *
brisk_model_picker_get_client (BriskModelPicker *self)
{
  g_return_val_if_fail (BRISK_IS_MODEL_PICKER (self), NULL);

  return self->client;
}

/**
 * brisk_model_picker_get_missing:
 *
 * Returns: whether the list is known and the chosen model is not on it
 */
gboolean
brisk_model_picker_get_missing (BriskModelPicker *self)
{
  g_return_val_if_fail (BRISK_IS_MODEL_PICKER (self), FALSE);

  return self->loaded && self->model != NULL && *self->model != '\0'
         && g_list_model_get_n_items (G_LIST_MODEL (self->models)) > 0
         && brisk_model_picker_lookup (self, self->model) == NULL;
}

static GPtrArray *
list_models (BriskModelPicker *self)
{
  GPtrArray *models = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->models)); i++)
    g_ptr_array_add (models, g_list_model_get_item (G_LIST_MODEL (self->models), i));

  return models;
}

static gsize
common_prefix (const char *a,
               const char *b)
{
  gsize n = 0;

  while (a[n] != '\0' && a[n] == b[n])
    n++;

  return n;
}

/**
 * brisk_model_picker_get_replacement:
 *
 * Returns: (nullable): for a model that disappeared, the listed model whose id shares the
 *   longest beginning with it (the same family, usually a newer version), or the provider's
 *   best model when none is alike
 */
const char *
brisk_model_picker_get_replacement (BriskModelPicker *self)
{
  g_autoptr(GPtrArray) models = NULL;
  const char *best = NULL;
  gsize best_length = 0;

  g_return_val_if_fail (BRISK_IS_MODEL_PICKER (self), NULL);

  if (!brisk_model_picker_get_missing (self))
    return NULL;

  models = list_models (self);
  for (guint i = 0; i < models->len; i++)
    {
      BriskModel *model = g_ptr_array_index (models, i);
      gsize length = common_prefix (self->model, brisk_model_get_id (model));

      if (length > best_length)
        {
          best_length = length;
          best = brisk_model_get_id (model);
        }
    }

  /* A shared vendor prefix alone ("openai/") says little about the model. */
  if (best != NULL && best_length > strcspn (self->model, "/") + 1)
    return best;

  return brisk_models_pick_default (models);
}

/**
 * brisk_model_picker_get_best:
 *
 * Returns: (nullable): the model to use when none was chosen: the one set in Preferences if
 *   the provider lists it, else the provider's best; %NULL until the list is known
 */
const char *
brisk_model_picker_get_best (BriskModelPicker *self)
{
  g_autoptr(GPtrArray) models = NULL;
  GApplication *application = g_application_get_default ();
  BriskModel *preferred = NULL;

  g_return_val_if_fail (BRISK_IS_MODEL_PICKER (self), NULL);

  if (!self->loaded)
    return NULL;

  if (BRISK_IS_APPLICATION (application))
    {
      g_autofree char *id = g_settings_get_string (brisk_application_get_settings (BRISK_APPLICATION (application)),
                                                   "default-model");
      preferred = brisk_model_picker_lookup (self, id);
    }
  if (preferred != NULL)
    return brisk_model_get_id (preferred);

  models = list_models (self);
  return brisk_models_pick_default (models);
}

/**
 * brisk_model_picker_get_small:
 *
 * Returns: (nullable): the fastest small model the provider lists, or %NULL if it lists none
 *   of them (or the list is not known yet)
 */
const char *
brisk_model_picker_get_small (BriskModelPicker *self)
{
  g_autoptr(GPtrArray) models = NULL;

  g_return_val_if_fail (BRISK_IS_MODEL_PICKER (self), NULL);

  models = list_models (self);
  return brisk_models_pick_small (models);
}

static void
update_button (BriskModelPicker *self)
{
  gboolean missing = brisk_model_picker_get_missing (self);
  const char *label = self->model != NULL && *self->model != '\0' ? self->model : _("Choose Model");
  g_autofree char *tooltip = NULL;

  gtk_label_set_text (self->button_label, label);
  if (missing)
    {
      tooltip = g_strdup_printf (_("%s is no longer offered by this provider"), self->model);
      gtk_widget_add_css_class (GTK_WIDGET (self->button), "warning");
    }
  else
    {
      tooltip = g_strdup (_("Model"));
      gtk_widget_remove_css_class (GTK_WIDGET (self->button), "warning");
    }
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
}

void
brisk_model_picker_set_model (BriskModelPicker *self,
                              const char       *model)
{
  g_return_if_fail (BRISK_IS_MODEL_PICKER (self));

  if (g_strcmp0 (self->model, model) == 0)
    return;

  g_free (self->model);
  self->model = g_strdup (model);
  update_button (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

static int
compare_models (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  BriskModel *model_a = *(BriskModel **)a;
  BriskModel *model_b = *(BriskModel **)b;
  int by_owner = g_strcmp0 (brisk_model_get_owned_by (model_a), brisk_model_get_owned_by (model_b));

  return by_owner != 0 ? by_owner
                       : g_strcmp0 (brisk_model_get_id (model_a), brisk_model_get_id (model_b));
}

static void
models_listed_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(BriskModelPicker) self = user_data;
  g_autoptr(GPtrArray) models = NULL;
  g_autoptr(GError) error = NULL;
  gboolean from_cache = FALSE;

  models = brisk_client_list_models_finish (BRISK_CLIENT (object), result, &from_cache, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->attempted = TRUE;
  g_clear_pointer (&self->error, g_free);
  if (models == NULL)
    {
      self->error = g_strdup (error->message);
      gtk_label_set_text (self->status_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->status_label), TRUE);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
      return;
    }

  g_ptr_array_sort_with_data (models, compare_models, NULL);
  g_list_store_splice (self->models, 0, g_list_model_get_n_items (G_LIST_MODEL (self->models)),
                       models->pdata, models->len);
  self->loaded = TRUE;
  self->loaded_at = g_get_monotonic_time ();

  gtk_widget_set_visible (GTK_WIDGET (self->status_label), from_cache);
  if (from_cache)
    gtk_label_set_text (self->status_label, _("Offline: the models listed last time"));

  update_button (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

/**
 * brisk_model_picker_refresh:
 *
 * Fetches the provider's model list again.
 */
void
brisk_model_picker_refresh (BriskModelPicker *self)
{
  g_return_if_fail (BRISK_IS_MODEL_PICKER (self));

  if (self->client == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  brisk_client_list_models_async (self->client, self->cancellable, models_listed_cb,
                                  g_object_ref (self));
}

/**
 * brisk_model_picker_set_client:
 * @client: (nullable): the provider's client; its models are listed in the background
 */
void
brisk_model_picker_set_client (BriskModelPicker *self,
                               BriskClient      *client)
{
  g_return_if_fail (BRISK_IS_MODEL_PICKER (self));

  if (!g_set_object (&self->client, client))
    return;

  self->loaded = FALSE;
  self->attempted = FALSE;
  g_clear_pointer (&self->error, g_free);
  g_list_store_remove_all (self->models);
  update_button (self);
  brisk_model_picker_refresh (self);
}

/**
 * brisk_model_picker_popup:
 *
 * Opens the list, with the cursor in its search field.
 */
void
brisk_model_picker_popup (BriskModelPicker *self)
{
  g_return_if_fail (BRISK_IS_MODEL_PICKER (self));

  gtk_menu_button_popup (self->button);
}

static void
popover_shown_cb (BriskModelPicker *self)
{
  if (!self->loaded || g_get_monotonic_time () - self->loaded_at > REFRESH_AFTER_USEC)
    brisk_model_picker_refresh (self);

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
activate_cb (BriskModelPicker *self,
             guint             position)
{
  g_autoptr(BriskModel) model = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  if (model == NULL)
    return;

  brisk_model_picker_set_model (self, brisk_model_get_id (model));
  gtk_popover_popdown (self->popover);
}

static void
search_activate_cb (BriskModelPicker *self)
{
  /* Enter in the search field picks the first match. */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->selection)) > 0)
    activate_cb (self, 0);
}

static void
search_changed_cb (BriskModelPicker *self)
{
  gtk_string_filter_set_search (self->filter,
                                gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

/* "128K" for a context window of 131,072 tokens. */
static char *
format_tokens (gint64 tokens)
{
  if (tokens >= 1024 && tokens % 1024 == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT "K", tokens / 1024);
  if (tokens >= 1000)
    return g_strdup_printf ("%.0fK", tokens / 1000.0);
  return g_strdup_printf ("%" G_GINT64_FORMAT, tokens);
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              BriskModelPicker         *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *details = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (details), 0);
  gtk_widget_add_css_class (details, "caption");
  gtk_widget_add_css_class (details, "dim-label");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), details);
  gtk_list_item_set_child (item, box);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             BriskModelPicker         *self)
{
  BriskModel *model = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *title = gtk_widget_get_first_child (box);
  GtkWidget *details = gtk_widget_get_next_sibling (title);
  g_autoptr(GString) text = g_string_new (brisk_model_get_owned_by (model));

  if (brisk_model_get_context_window (model) > 0)
    {
      g_autofree char *tokens = format_tokens (brisk_model_get_context_window (model));

      /* Translators: a model's context window, e.g. "128K context" */
      g_string_append_printf (text, text->len > 0 ? _(" · %s context") : _("%s context"), tokens);
    }
  if (brisk_model_get_max_completion_tokens (model) > 0)
    {
      g_autofree char *tokens = format_tokens (brisk_model_get_max_completion_tokens (model));

      /* Translators: the longest reply a model writes, e.g. "32K out" */
      g_string_append_printf (text, _(" · %s out"), tokens);
    }

  gtk_label_set_text (GTK_LABEL (title), brisk_model_get_id (model));
  gtk_label_set_text (GTK_LABEL (details), text->str);
}

static void
brisk_model_picker_dispose (GObject *object)
{
  BriskModelPicker *self = (BriskModelPicker *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer ((GtkWidget **)&self->button, gtk_widget_unparent);
  g_clear_object (&self->client);
  g_clear_object (&self->models);
  g_clear_pointer (&self->model, g_free);
  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (brisk_model_picker_parent_class)->dispose (object);
}

static void
brisk_model_picker_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  BriskModelPicker *self = BRISK_MODEL_PICKER (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_string (value, self->model);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
brisk_model_picker_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  BriskModelPicker *self = BRISK_MODEL_PICKER (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      brisk_model_picker_set_model (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
brisk_model_picker_class_init (BriskModelPickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = brisk_model_picker_dispose;
  object_class->get_property = brisk_model_picker_get_property;
  object_class->set_property = brisk_model_picker_set_property;

  /**
   * BriskModelPicker:model:
   *
   * The chosen model's id. Also notified when the list arrives, since whether the model is
   * still offered may have changed.
   */
  properties[PROP_MODEL] =
    g_param_spec_string ("model", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
brisk_model_picker_init (BriskModelPicker *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkFilterListModel *filtered;
  GtkExpression *expression;
  GtkWidget *box;
  GtkWidget *scroller;
  GtkWidget *button_box;
  GtkWidget *refresh;

  self->models = g_list_store_new (BRISK_TYPE_MODEL);

  expression = gtk_property_expression_new (BRISK_TYPE_MODEL, NULL, "id");
  self->filter = gtk_string_filter_new (expression);
  gtk_string_filter_set_match_mode (self->filter, GTK_STRING_FILTER_MATCH_MODE_SUBSTRING);
  filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->models)),
                                        GTK_FILTER (self->filter));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (filtered));
  gtk_single_selection_set_autoselect (self->selection, FALSE);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  self->list_view = GTK_LIST_VIEW (gtk_list_view_new (GTK_SELECTION_MODEL (self->selection),
                                                      g_object_ref (factory)));
  gtk_list_view_set_single_click_activate (self->list_view, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list_view), "navigation-sidebar");
  g_signal_connect_swapped (self->list_view, "activate", G_CALLBACK (activate_cb), self);

  self->search_entry = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self->list_view));
  g_object_set (self->search_entry, "placeholder-text", _("Search models"), NULL);
  g_signal_connect_swapped (self->search_entry, "search-changed",
                            G_CALLBACK (search_changed_cb), self);
  g_signal_connect_swapped (self->search_entry, "activate", G_CALLBACK (search_activate_cb), self);

  refresh = gtk_button_new_from_icon_name ("view-refresh-symbolic");
  gtk_widget_set_tooltip_text (refresh, _("Refresh the List"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (refresh), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Refresh the List"), -1);
  g_signal_connect_swapped (refresh, "clicked", G_CALLBACK (brisk_model_picker_refresh), self);

  button_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_hexpand (GTK_WIDGET (self->search_entry), TRUE);
  gtk_box_append (GTK_BOX (button_box), GTK_WIDGET (self->search_entry));
  gtk_box_append (GTK_BOX (button_box), refresh);

  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 420);
  gtk_scrolled_window_set_min_content_width (GTK_SCROLLED_WINDOW (scroller), 320);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->list_view));

  self->status_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->status_label, TRUE);
  gtk_label_set_xalign (self->status_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "dim-label");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), FALSE);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_box_append (GTK_BOX (box), button_box);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->status_label));
  gtk_box_append (GTK_BOX (box), scroller);

  self->popover = GTK_POPOVER (gtk_popover_new ());
  gtk_popover_set_child (self->popover, box);
  g_signal_connect_swapped (self->popover, "show", G_CALLBACK (popover_shown_cb), self);

  self->button_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_ellipsize (self->button_label, PANGO_ELLIPSIZE_START);
  gtk_label_set_max_width_chars (self->button_label, 32);
  self->button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  gtk_widget_add_css_class (GTK_WIDGET (self->button), "flat");
  gtk_menu_button_set_child (self->button, GTK_WIDGET (self->button_label));
  gtk_menu_button_set_popover (self->button, GTK_WIDGET (self->popover));
  gtk_widget_set_parent (GTK_WIDGET (self->button), GTK_WIDGET (self));

  update_button (self);
}
