/* brisk-units.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "brisk-units"

#include "config.h"

#include <math.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n.h>

#include "brisk-units.h"

/* The unit conversion tool's table. Each unit is a linear map onto its quantity's base unit:
 * base = value * factor + offset (the offset is only for temperatures). Names are matched
 * without regard to case, under any of their spellings; the first one is the one reported.
 */

typedef enum
{
  QUANTITY_LENGTH,
  QUANTITY_MASS,
  QUANTITY_VOLUME,
  QUANTITY_AREA,
  QUANTITY_TEMPERATURE,
  QUANTITY_TIME,
  QUANTITY_SPEED,
  QUANTITY_DATA,
  QUANTITY_ENERGY,
  QUANTITY_PRESSURE,
} Quantity;

typedef struct
{
  const char *names;   /* "|"-separated spellings */
  Quantity    quantity;
  double      factor;
  double      offset;
} Unit;

static const Unit units[] = {
  { "m|meter|meters|metre|metres", QUANTITY_LENGTH, 1, 0 },
  { "km|kilometer|kilometers|kilometre|kilometres", QUANTITY_LENGTH, 1000, 0 },
  { "cm|centimeter|centimeters|centimetre|centimetres", QUANTITY_LENGTH, 0.01, 0 },
  { "mm|millimeter|millimeters|millimetre|millimetres", QUANTITY_LENGTH, 0.001, 0 },
  { "mi|mile|miles", QUANTITY_LENGTH, 1609.344, 0 },
  { "yd|yard|yards", QUANTITY_LENGTH, 0.9144, 0 },
  { "ft|foot|feet", QUANTITY_LENGTH, 0.3048, 0 },
  { "in|inch|inches", QUANTITY_LENGTH, 0.0254, 0 },
  { "nmi|nautical mile|nautical miles", QUANTITY_LENGTH, 1852, 0 },

  { "kg|kilogram|kilograms", QUANTITY_MASS, 1, 0 },
  { "g|gram|grams", QUANTITY_MASS, 0.001, 0 },
  { "mg|milligram|milligrams", QUANTITY_MASS, 1e-6, 0 },
  { "t|tonne|tonnes|metric ton", QUANTITY_MASS, 1000, 0 },
  { "lb|lbs|pound|pounds", QUANTITY_MASS, 0.45359237, 0 },
  { "oz|ounce|ounces", QUANTITY_MASS, 0.028349523125, 0 },
  { "st|stone|stones", QUANTITY_MASS, 6.35029318, 0 },

  { "l|liter|liters|litre|litres", QUANTITY_VOLUME, 1, 0 },
  { "ml|milliliter|milliliters|millilitre|millilitres", QUANTITY_VOLUME, 0.001, 0 },
  { "m3|cubic meter|cubic meters|cubic metre|cubic metres", QUANTITY_VOLUME, 1000, 0 },
  { "gal|gallon|gallons|us gallon", QUANTITY_VOLUME, 3.785411784, 0 },
  { "qt|quart|quarts", QUANTITY_VOLUME, 0.946352946, 0 },
  { "pt|pint|pints", QUANTITY_VOLUME, 0.473176473, 0 },
  { "cup|cups", QUANTITY_VOLUME, 0.2365882365, 0 },
  { "floz|fl oz|fluid ounce|fluid ounces", QUANTITY_VOLUME, 0.0295735295625, 0 },

  { "m2|square meter|square meters|square metre|square metres", QUANTITY_AREA, 1, 0 },
  { "km2|square kilometer|square kilometers|square kilometre|square kilometres",
    QUANTITY_AREA, 1e6, 0 },
  { "ha|hectare|hectares", QUANTITY_AREA, 1e4, 0 },
  { "acre|acres", QUANTITY_AREA, 4046.8564224, 0 },
  { "ft2|square foot|square feet", QUANTITY_AREA, 0.09290304, 0 },

  { "k|kelvin", QUANTITY_TEMPERATURE, 1, 0 },
  { "c|°c|celsius", QUANTITY_TEMPERATURE, 1, 273.15 },
  { "f|°f|fahrenheit", QUANTITY_TEMPERATURE, 5.0 / 9.0, 273.15 - 32 * 5.0 / 9.0 },

  { "s|sec|second|seconds", QUANTITY_TIME, 1, 0 },
  { "min|minute|minutes", QUANTITY_TIME, 60, 0 },
  { "h|hr|hour|hours", QUANTITY_TIME, 3600, 0 },
  { "d|day|days", QUANTITY_TIME, 86400, 0 },
  { "wk|week|weeks", QUANTITY_TIME, 604800, 0 },

  { "m/s|meters per second", QUANTITY_SPEED, 1, 0 },
  { "km/h|kph|kilometers per hour", QUANTITY_SPEED, 1 / 3.6, 0 },
  { "mph|miles per hour", QUANTITY_SPEED, 0.44704, 0 },
  { "kn|kt|knot|knots", QUANTITY_SPEED, 1852 / 3600.0, 0 },

  { "b|byte|bytes", QUANTITY_DATA, 1, 0 },
  { "kb|kilobyte|kilobytes", QUANTITY_DATA, 1e3, 0 },
  { "mb|megabyte|megabytes", QUANTITY_DATA, 1e6, 0 },
  { "gb|gigabyte|gigabytes", QUANTITY_DATA, 1e9, 0 },
  { "tb|terabyte|terabytes", QUANTITY_DATA, 1e12, 0 },
  { "kib|kibibyte|kibibytes", QUANTITY_DATA, 1024, 0 },
  { "mib|mebibyte|mebibytes", QUANTITY_DATA, 1048576, 0 },
  { "gib|gibibyte|gibibytes", QUANTITY_DATA, 1073741824, 0 },
  { "tib|tebibyte|tebibytes", QUANTITY_DATA, 1099511627776, 0 },

  { "j|joule|joules", QUANTITY_ENERGY, 1, 0 },
  { "kj|kilojoule|kilojoules", QUANTITY_ENERGY, 1e3, 0 },
  { "cal|calorie|calories", QUANTITY_ENERGY, 4.184, 0 },
  { "kcal|kilocalorie|kilocalories", QUANTITY_ENERGY, 4184, 0 },
  { "kwh|kilowatt hour|kilowatt hours", QUANTITY_ENERGY, 3.6e6, 0 },

  { "pa|pascal|pascals", QUANTITY_PRESSURE, 1, 0 },
  { "kpa|kilopascal|kilopascals", QUANTITY_PRESSURE, 1e3, 0 },
  { "bar|bars", QUANTITY_PRESSURE, 1e5, 0 },
  { "psi", QUANTITY_PRESSURE, 6894.757293168, 0 },
  { "atm|atmosphere|atmospheres", QUANTITY_PRESSURE, 101325, 0 },
};

static const Unit *
find_unit (const char *name)
{
  g_autofree char *wanted = g_utf8_strdown (name, -1);

  g_strstrip (wanted);
  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    {
      g_auto(GStrv) names = g_strsplit (units[i].names, "|", -1);

      if (g_strv_contains ((const char * const *)names, wanted))
        return &units[i];
    }

  return NULL;
}

/**
 * brisk_units_convert:
 * @value: the amount in @from
 * @from: a unit name such as "km", "miles" or "°F"
 * @to: a unit of the same quantity
 * @result: (out): the amount in @to
 *
 * Returns: %FALSE, with @error set, for an unknown unit, units of different quantities, or a
 *   value that is not a finite number
 */
gboolean
brisk_units_convert (double       value,
                     const char  *from,
                     const char  *to,
                     double      *result,
                     GError     **error)
{
  const Unit *from_unit;
  const Unit *to_unit;

  g_return_val_if_fail (from != NULL && to != NULL, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);

  from_unit = find_unit (from);
  to_unit = find_unit (to);
  if (from_unit == NULL || to_unit == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   /* Translators: %s is a unit name such as "furlong" */
                   _("Unknown unit “%s”"), from_unit == NULL ? from : to);
      return FALSE;
    }
  if (from_unit->quantity != to_unit->quantity)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   /* Translators: both are unit names, such as "kg" and "km" */
                   _("“%s” and “%s” measure different things"), from, to);
      return FALSE;
    }

  *result = ((value * from_unit->factor + from_unit->offset) - to_unit->offset) / to_unit->factor;
  if (!isfinite (*result))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The result is too large"));
      return FALSE;
    }

  return TRUE;
}

/**
 * brisk_units_list_known:
 *
 * Returns: (transfer full): the short name of every unit, comma-separated, for the tool's
 *   description
 */
char *
brisk_units_list_known (void)
{
  g_autoptr(GString) list = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    {
      if (list->len > 0)
        g_string_append (list, ", ");
      g_string_append_len (list, units[i].names, strcspn (units[i].names, "|"));
    }

  return g_string_free (g_steal_pointer (&list), FALSE);
}
