/* bench-stats.h
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

double bench_median     (double *values,
                         guint   n);
double bench_percentile (GArray *values,
                         double  fraction);

G_END_DECLS
