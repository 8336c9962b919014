/* brisk-welcome-page.h
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "brisk-types.h"

G_BEGIN_DECLS

#define BRISK_TYPE_WELCOME_PAGE (brisk_welcome_page_get_type())

G_DECLARE_FINAL_TYPE (BriskWelcomePage, brisk_welcome_page, BRISK, WELCOME_PAGE, AdwBin)

void brisk_welcome_page_focus      (BriskWelcomePage *self);
void brisk_welcome_page_set_fixing (BriskWelcomePage *self,
                                    gboolean          fixing);

G_END_DECLS
