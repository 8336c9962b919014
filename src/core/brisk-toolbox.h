/* brisk-toolbox.h
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The largest file the read_file tool hands to the model. */
#define BRISK_TOOLBOX_MAX_FILE_SIZE (128 * 1024)

#define BRISK_TYPE_TOOLBOX (brisk_toolbox_get_type())

G_DECLARE_FINAL_TYPE (BriskToolbox, brisk_toolbox, BRISK, TOOLBOX, GObject)

/**
 * BriskToolboxChooseFile:
 * @toolbox: the toolbox
 * @task: complete it with g_task_return_pointer() and the #GFile the user chose (transfer
 *   full, freed with g_object_unref()), or %NULL when they declined
 * @user_data: the data given to brisk_toolbox_set_file_chooser()
 *
 * Asks the user for a file, every time the model wants to read one. When the task's
 * cancellable is cancelled (the user stopped the reply), the question is withdrawn and the
 * task completed with %NULL at once: the reply waits for it.
 */
typedef void (*BriskToolboxChooseFile) (BriskToolbox *toolbox,
                                        GTask        *task,
                                        gpointer      user_data);

BriskToolbox        *brisk_toolbox_new               (void);
const char * const  *brisk_toolbox_get_names         (void);
JsonNode            *brisk_toolbox_get_definitions   (const char * const     *enabled);
void                 brisk_toolbox_set_file_chooser  (BriskToolbox           *self,
                                                      BriskToolboxChooseFile  choose_file,
                                                      gpointer                user_data,
                                                      GDestroyNotify          destroy);
void                 brisk_toolbox_call_async        (BriskToolbox           *self,
                                                      const char             *name,
                                                      const char             *arguments,
                                                      const char * const     *enabled,
                                                      GCancellable           *cancellable,
                                                      GAsyncReadyCallback     callback,
                                                      gpointer                user_data);
char                *brisk_toolbox_call_finish       (BriskToolbox           *self,
                                                      GAsyncResult           *result,
                                                      gboolean               *failed,
                                                      GError                **error);

G_END_DECLS
