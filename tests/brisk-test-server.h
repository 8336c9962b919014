/* brisk-test-server.h
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "brisk-toolbox.h"

G_BEGIN_DECLS

/* How the scripted server ends a response after its chunks. */
typedef enum
{
  BRISK_TEST_END_COMPLETE,   /* finish the body properly */
  BRISK_TEST_END_DROP,       /* close the connection abruptly */
  BRISK_TEST_END_STALL,      /* keep the connection open and send nothing more */
} BriskTestEnd;

typedef struct _BriskTestServer BriskTestServer;

typedef struct
{
  char    *path;
  char    *method;
  char    *authorization;
  char    *accept;
  char    *user_agent;
  GBytes  *body;
} BriskTestRequest;

BriskTestServer  *brisk_test_server_new              (void);
BriskTestServer  *brisk_test_server_new_https        (void);
GTlsDatabase     *brisk_test_tls_database            (void);
void              brisk_test_server_free             (BriskTestServer *self);
const char       *brisk_test_server_get_base_url     (BriskTestServer *self);
void              brisk_test_server_queue            (BriskTestServer *self,
                                                      const char      *path,
                                                      guint            status,
                                                      const char      *content_type,
                                                      const char * const *headers,
                                                      const char * const *chunks,
                                                      guint            delay_ms,
                                                      BriskTestEnd     end);
void              brisk_test_server_queue_bytes      (BriskTestServer *self,
                                                      const char      *path,
                                                      guint            status,
                                                      const char      *content_type,
                                                      const char * const *headers,
                                                      GPtrArray       *chunks,
                                                      guint            delay_ms,
                                                      BriskTestEnd     end);
guint             brisk_test_server_get_n_requests   (BriskTestServer *self);
BriskTestRequest *brisk_test_server_get_request      (BriskTestServer *self,
                                                      guint            index);
guint             brisk_test_server_get_n_disconnected (BriskTestServer *self);
guint             brisk_test_server_get_n_chunks_written (BriskTestServer *self);
GPtrArray        *brisk_test_split_stream            (const char      *stream,
                                                      gsize            slice);
char             *brisk_test_read_fixture            (const char      *name,
                                                      gsize           *len);
char            **brisk_test_make_reply              (const char * const *pieces,
                                                      const char      *finish_reason);
char            **brisk_test_make_tool_call_reply    (const char * const *deltas);
void              brisk_test_remove_tree             (const char      *path);

/* A stand-in for the window's file chooser (see brisk_test_choose_file()). */
typedef struct
{
  GFile    *file;     /* what the "user" picks; NULL declines, or with @wait keeps choosing */
  gboolean  wait;     /* with no @file: answer only when the reply is stopped */
  guint     n_asked;
} BriskTestChooser;

void              brisk_test_choose_file             (BriskToolbox    *toolbox,
                                                      GTask           *task,
                                                      gpointer         chooser);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BriskTestServer, brisk_test_server_free)

G_END_DECLS
