#!/usr/bin/env python3
# check-translations.py
#
# Copyright 2026 The Brisk developers
#
# SPDX-License-Identifier: GPL-3.0-or-later
"""Extracts the strings of the current sources the way the build does, then fails when a
language in po/LINGUAS leaves any of them untranslated or fuzzy, or has a broken format."""

import pathlib
import subprocess
import sys
import tempfile

# The keywords and flags of meson's i18n 'glib' preset.
XGETTEXT_ARGS = [
    "--from-code=UTF-8", "--add-comments",
    "--keyword=_", "--keyword=N_", "--keyword=C_:1c,2", "--keyword=NC_:1c,2",
    "--keyword=g_dcgettext:2", "--keyword=g_dngettext:2,3", "--keyword=g_dpgettext2:2c,3",
    "--flag=N_:1:pass-c-format", "--flag=C_:2:pass-c-format", "--flag=NC_:2:pass-c-format",
    "--flag=g_dngettext:2:pass-c-format", "--flag=g_strdup_printf:1:c-format",
    "--flag=g_string_printf:2:c-format", "--flag=g_string_append_printf:2:c-format",
    "--flag=g_error_new:3:c-format", "--flag=g_set_error:4:c-format",
    "--flag=g_markup_printf_escaped:1:c-format", "--flag=g_printerr:1:c-format",
    "--flag=g_print:1:c-format",
]


def run(args, cwd):
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=False)
    return result.returncode, result.stdout + result.stderr


def main():
    root = pathlib.Path(sys.argv[1])
    languages = [line.strip() for line in (root / "po" / "LINGUAS").read_text().splitlines()
                 if line.strip() and not line.startswith("#")]
    if not languages:
        print("FAIL: po/LINGUAS names no language", file=sys.stderr)
        sys.exit(1)

    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        pot = pathlib.Path(tmp) / "brisk.pot"
        status, output = run(["xgettext", *XGETTEXT_ARGS, "--files-from=po/POTFILES.in",
                              f"--output={pot}"], root)
        if status != 0:
            print(f"FAIL: xgettext failed:\n{output}", file=sys.stderr)
            sys.exit(1)

        for language in languages:
            po = root / "po" / f"{language}.po"
            status, output = run(["msgfmt", "--check", "--statistics", "--output-file=/dev/null",
                                  str(po)], root)
            if status != 0:
                print(f"FAIL: {language}: msgfmt --check:\n{output}", file=sys.stderr)
                failed = True
                continue
            # Every string of the sources needs a translation that is neither empty nor fuzzy.
            status, output = run(["msgcmp", str(po), str(pot)], root)
            if status != 0:
                print(f"FAIL: {language} is incomplete:\n{output}", file=sys.stderr)
                failed = True
                continue
            print(f"ok - {language}: {output.strip()}")

    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
