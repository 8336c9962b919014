/* brisk-json-schema.h
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

gboolean brisk_json_schema_validate (JsonNode  *schema,
                                     JsonNode  *instance,
                                     GError   **error);

G_END_DECLS
