/* brisk-calculator.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "brisk-calculator"

#include "config.h"

#include <math.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n.h>

#include "brisk-calculator.h"

/* The calculator tool's arithmetic: a recursive-descent parser over the expression text that
 * computes as it parses. The model's text is only ever read as numbers, operators, parentheses
 * and the names in the tables below; nothing is evaluated any other way.
 *
 *   expression := term (("+" | "-") term)*
 *   term       := unary (("*" | "/" | "%") unary)*
 *   unary      := ("+" | "-") unary | power
 *   power      := primary (("^" | "**") unary)?       right-associative; -2^2 is -4
 *   primary    := number | "(" expression ")" | constant | function "(" arguments ")"
 */

/* Deep enough for any real expression; shallow enough that the stack never runs out. */
#define MAX_DEPTH 64

typedef struct
{
  const char  *text;
  const char  *pos;
  guint        depth;
  GError     **error;
} Parser;

typedef struct
{
  const char *name;
  double      value;
} Constant;

static const Constant constants[] = {
  { "pi", G_PI },
  { "e", G_E },
  { "tau", 2 * G_PI },
};

typedef struct
{
  const char *name;
  guint       n_args;
  double    (*one) (double);
  double    (*two) (double, double);
} Function;

static double
log_10 (double x)
{
  return log10 (x);
}

static const Function functions[] = {
  { "sqrt", 1, sqrt, NULL },
  { "cbrt", 1, cbrt, NULL },
  { "abs", 1, fabs, NULL },
  { "exp", 1, exp, NULL },
  { "ln", 1, log, NULL },
  { "log", 1, log_10, NULL },
  { "log10", 1, log_10, NULL },
  { "log2", 1, log2, NULL },
  { "sin", 1, sin, NULL },
  { "cos", 1, cos, NULL },
  { "tan", 1, tan, NULL },
  { "asin", 1, asin, NULL },
  { "acos", 1, acos, NULL },
  { "atan", 1, atan, NULL },
  { "sinh", 1, sinh, NULL },
  { "cosh", 1, cosh, NULL },
  { "tanh", 1, tanh, NULL },
  { "floor", 1, floor, NULL },
  { "ceil", 1, ceil, NULL },
  { "round", 1, round, NULL },
  { "trunc", 1, trunc, NULL },
  { "pow", 2, NULL, pow },
  { "min", 2, NULL, fmin },
  { "max", 2, NULL, fmax },
  { "atan2", 2, NULL, atan2 },
  { "hypot", 2, NULL, hypot },
};

static gboolean parse_expression (Parser *parser,
                                  double *value);
static gboolean parse_unary      (Parser *parser,
                                  double *value);

static gboolean
fail (Parser     *parser,
      const char *message)
{
  if (*parser->error == NULL)
    g_set_error (parser->error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                 /* Translators: the first %s says what is wrong, the number is a position */
                 _("%s (at character %d)"), message, (int)(parser->pos - parser->text) + 1);
  return FALSE;
}

static void
skip_space (Parser *parser)
{
  while (g_ascii_isspace (*parser->pos))
    parser->pos++;
}

static gboolean
accept (Parser     *parser,
        const char *token)
{
  skip_space (parser);
  if (strncmp (parser->pos, token, strlen (token)) != 0)
    return FALSE;
  parser->pos += strlen (token);
  return TRUE;
}

/* A result that is no longer a finite number stops the evaluation with a reason, instead of
 * giving the model "inf" or "nan" as if they were answers.
 */
static gboolean
check_finite (Parser *parser,
              double  value)
{
  if (isnan (value))
    return fail (parser, _("The result is not a real number"));
  if (isinf (value))
    return fail (parser, _("The result is too large"));
  return TRUE;
}

static gboolean
parse_number (Parser *parser,
              double *value)
{
  const char *start = parser->pos;
  char *end = NULL;

  /* Only decimal digits: g_ascii_strtod alone would also take "inf", "nan" and hex. */
  while (g_ascii_isdigit (*parser->pos) || *parser->pos == '.')
    parser->pos++;
  if (parser->pos == start)
    return fail (parser, _("A number was expected"));
  if (*parser->pos == 'e' || *parser->pos == 'E')
    {
      const char *exponent = parser->pos + 1;

      if (*exponent == '+' || *exponent == '-')
        exponent++;
      if (g_ascii_isdigit (*exponent))
        {
          parser->pos = exponent;
          while (g_ascii_isdigit (*parser->pos))
            parser->pos++;
        }
    }

  {
    g_autofree char *number = g_strndup (start, parser->pos - start);

    *value = g_ascii_strtod (number, &end);
    if (end == NULL || *end != '\0')
      {
        parser->pos = start;
        return fail (parser, _("This is not a number"));
      }
  }

  return check_finite (parser, *value);
}

static gboolean
parse_call (Parser         *parser,
            const Function *function,
            double         *value)
{
  double args[2] = { 0, 0 };

  if (!accept (parser, "("))
    return fail (parser, _("A function needs its arguments in parentheses"));
  for (guint i = 0; i < function->n_args; i++)
    {
      if (i > 0 && !accept (parser, ","))
        return fail (parser, _("This function needs more arguments"));
      if (!parse_expression (parser, &args[i]))
        return FALSE;
    }
  if (!accept (parser, ")"))
    return fail (parser, _("A closing parenthesis was expected"));

  *value = function->n_args == 1 ? function->one (args[0]) : function->two (args[0], args[1]);
  return check_finite (parser, *value);
}

static gboolean
parse_name (Parser *parser,
            double *value)
{
  const char *start = parser->pos;
  g_autofree char *name = NULL;

  while (g_ascii_isalnum (*parser->pos) || *parser->pos == '_')
    parser->pos++;
  name = g_ascii_strdown (start, parser->pos - start);

  for (guint i = 0; i < G_N_ELEMENTS (functions); i++)
    if (strcmp (name, functions[i].name) == 0)
      return parse_call (parser, &functions[i], value);
  for (guint i = 0; i < G_N_ELEMENTS (constants); i++)
    if (strcmp (name, constants[i].name) == 0)
      {
        *value = constants[i].value;
        return TRUE;
      }

  parser->pos = start;
  return fail (parser, _("Unknown name"));
}

static gboolean
parse_primary (Parser *parser,
               double *value)
{
  skip_space (parser);

  if (accept (parser, "("))
    {
      if (!parse_expression (parser, value))
        return FALSE;
      if (!accept (parser, ")"))
        return fail (parser, _("A closing parenthesis was expected"));
      return TRUE;
    }
  if (g_ascii_isalpha (*parser->pos))
    return parse_name (parser, value);

  return parse_number (parser, value);
}

static gboolean
parse_power (Parser *parser,
             double *value)
{
  double exponent;

  if (!parse_primary (parser, value))
    return FALSE;
  if (!accept (parser, "^") && !accept (parser, "**"))
    return TRUE;
  if (!parse_unary (parser, &exponent))
    return FALSE;

  *value = pow (*value, exponent);
  return check_finite (parser, *value);
}

static gboolean
parse_unary (Parser *parser,
             double *value)
{
  gboolean ok;

  if (++parser->depth > MAX_DEPTH)
    return fail (parser, _("The expression is nested too deeply"));

  if (accept (parser, "-"))
    {
      ok = parse_unary (parser, value);
      *value = -*value;
    }
  else if (accept (parser, "+"))
    ok = parse_unary (parser, value);
  else
    ok = parse_power (parser, value);

  parser->depth--;
  return ok;
}

static gboolean
parse_term (Parser *parser,
            double *value)
{
  if (!parse_unary (parser, value))
    return FALSE;

  for (;;)
    {
      double right;
      char op;

      skip_space (parser);
      op = *parser->pos;
      /* "**" is a power, handled further down. */
      if ((op != '*' && op != '/' && op != '%') || strncmp (parser->pos, "**", 2) == 0)
        return TRUE;
      parser->pos++;
      if (!parse_unary (parser, &right))
        return FALSE;

      if ((op == '/' || op == '%') && right == 0)
        return fail (parser, _("Division by zero"));
      if (op == '*')
        *value *= right;
      else if (op == '/')
        *value /= right;
      else
        *value = fmod (*value, right);
      if (!check_finite (parser, *value))
        return FALSE;
    }
}

static gboolean
parse_expression (Parser *parser,
                  double *value)
{
  if (!parse_term (parser, value))
    return FALSE;

  for (;;)
    {
      double right;
      gboolean add;

      if (accept (parser, "+"))
        add = TRUE;
      else if (accept (parser, "-"))
        add = FALSE;
      else
        return TRUE;
      if (!parse_term (parser, &right))
        return FALSE;

      *value = add ? *value + right : *value - right;
      if (!check_finite (parser, *value))
        return FALSE;
    }
}

/**
 * brisk_calculator_evaluate:
 * @expression: arithmetic such as "2 * (3 + 4) ^ 2 / sqrt(16)"
 * @result: (out): its value
 *
 * Returns: %FALSE, with @error saying what is wrong and where, when @expression is not
 *   arithmetic Brisk understands or its value is not a finite real number
 */
gboolean
brisk_calculator_evaluate (const char  *expression,
                           double      *result,
                           GError     **error)
{
  Parser parser = { expression, expression, 0, error };

  g_return_val_if_fail (expression != NULL, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);

  if (strlen (expression) > BRISK_CALCULATOR_MAX_LENGTH)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The expression is longer than %d characters"),
                   BRISK_CALCULATOR_MAX_LENGTH);
      return FALSE;
    }

  if (!parse_expression (&parser, result))
    return FALSE;
  skip_space (&parser);
  if (*parser.pos != '\0')
    return fail (&parser, _("Unexpected text"));

  return TRUE;
}

/**
 * brisk_calculator_format:
 *
 * Returns: (transfer full): @value with 15 significant digits, so that binary rounding
 *   (0.1 + 0.2) does not show, and without a minus sign on zero
 */
char *
brisk_calculator_format (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.15g", value == 0 ? 0 : value));
}
