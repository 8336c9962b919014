#!/usr/bin/env python3
# check-potfiles.py
#
# Copyright 2026 The Brisk developers
#
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fails when a file with translatable strings is missing from po/POTFILES.in, when the list
names a file that does not exist or has nothing to translate, or when it is not sorted."""

import pathlib
import re
import sys

C_MARKERS = re.compile(r"\b(?:_|N_|C_|NC_|ngettext|g_dngettext)\s*\(")
UI_MARKER = re.compile(r'translatable="yes"')
DATA_MARKERS = re.compile(r"^(?:Name|GenericName|Comment|Keywords)=|<summary>|<description>|<p>|"
                          r"<name>|<caption>", re.MULTILINE)


def has_strings(path):
    text = path.read_text(encoding="utf-8")
    if path.suffix in (".c", ".h"):
        # Strip comments so that a comment mentioning _( does not count.
        text = re.sub(r"/\*.*?\*/", "", text, flags=re.DOTALL)
        return bool(C_MARKERS.search(text))
    if path.suffix == ".ui":
        return bool(UI_MARKER.search(text))
    return bool(DATA_MARKERS.search(text))


def main():
    root = pathlib.Path(sys.argv[1])
    listed_lines = [line.strip() for line in (root / "po" / "POTFILES.in").read_text().splitlines()
                    if line.strip() and not line.startswith("#")]
    listed = set(listed_lines)
    problems = []

    candidates = [p for p in root.glob("src/**/*.[ch]")]
    candidates += list(root.glob("resources/**/*.ui"))
    candidates += list(root.glob("data/*.desktop.in.in"))
    candidates += list(root.glob("data/*.metainfo.xml.in.in"))
    candidates += list(root.glob("data/*.gschema.xml"))

    for path in sorted(candidates):
        relative = path.relative_to(root).as_posix()
        if has_strings(path) and relative not in listed:
            problems.append(f"{relative} has translatable strings but is not in po/POTFILES.in")

    for relative in listed_lines:
        path = root / relative
        if not path.exists():
            problems.append(f"po/POTFILES.in lists {relative}, which does not exist")
        elif not has_strings(path):
            problems.append(f"po/POTFILES.in lists {relative}, which has nothing to translate")

    if listed_lines != sorted(listed_lines):
        problems.append("po/POTFILES.in is not sorted")

    for problem in problems:
        print(f"FAIL: {problem}", file=sys.stderr)
    if problems:
        sys.exit(1)
    print(f"ok - po/POTFILES.in lists all {len(listed_lines)} files with translatable strings")


if __name__ == "__main__":
    main()
