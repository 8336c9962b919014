/* bench-stats.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bench-stats"

#include "config.h"

#include <stdlib.h>

#include "bench-stats.h"

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *)a;
  double y = *(const double *)b;

  return (x > y) - (x < y);
}

/**
 * bench_median:
 * @values: (array length=n): measurements, sorted in place
 * @n: how many there are, at least one
 *
 * Returns: the middle value, or the mean of the two middle ones
 */
double
bench_median (double *values,
              guint   n)
{
  qsort (values, n, sizeof (double), compare_doubles);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

/**
 * bench_percentile:
 * @values: (element-type double): measurements, left as they are
 * @fraction: 0.5 for the median, 0.95 for the 95th percentile, 1 for the largest
 *
 * Returns: the value that @fraction of @values do not exceed, or 0 when there are none
 */
double
bench_percentile (GArray *values,
                  double  fraction)
{
  g_autoptr(GArray) sorted = g_array_copy (values);

  if (sorted->len == 0)
    return 0;
  g_array_sort (sorted, compare_doubles);
  return g_array_index (sorted, double, MIN (sorted->len - 1, (guint)(fraction * sorted->len)));
}
