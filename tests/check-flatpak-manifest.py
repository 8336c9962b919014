#!/usr/bin/env python3
# check-flatpak-manifest.py
#
# Copyright 2026 The Brisk developers
#
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fails when the Flatpak manifest asks for more sandbox holes than Brisk needs, or drifts from
the runtime and md4c source it must use."""

import json
import sys

ALLOWED_FINISH_ARGS = {
    "--share=network",
    "--share=ipc",
    "--socket=wayland",
    "--socket=fallback-x11",
    "--device=dri",
}
MD4C_COMMIT = "472c417005c2c71b8617de4f7b8d6b30411d78f4"


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        manifest = json.load(f)
    problems = []

    finish_args = manifest.get("finish-args", [])
    for arg in finish_args:
        if arg not in ALLOWED_FINISH_ARGS:
            problems.append(f"finish-arg {arg} is not allowed (keys go through the Secret portal; "
                            "no filesystem or session-bus holes)")
    for arg in sorted(ALLOWED_FINISH_ARGS - set(finish_args)):
        problems.append(f"finish-arg {arg} is missing")

    if manifest.get("id") != "io.github.briskchat.Brisk":
        problems.append(f"id is {manifest.get('id')!r}")
    if manifest.get("runtime") != "org.gnome.Platform" or manifest.get("sdk") != "org.gnome.Sdk":
        problems.append("runtime and sdk must be org.gnome.Platform and org.gnome.Sdk")
    if manifest.get("runtime-version") != "50":
        problems.append(f"runtime-version is {manifest.get('runtime-version')!r}, not '50'")
    if manifest.get("command") != "brisk":
        problems.append("command must be brisk")

    # GNOME Shell's search provider .ini and the D-Bus service are exported from share/; a
    # cleanup that removed them would leave Shell search and D-Bus activation broken.
    for pattern in manifest.get("cleanup", []):
        if any(pattern.rstrip("/") in (prefix, "/share")
               for prefix in ("/share/gnome-shell", "/share/gnome-shell/search-providers",
                              "/share/dbus-1", "/share/dbus-1/services")):
            problems.append(f"cleanup {pattern} removes what the desktop needs exported")

    modules = {m.get("name"): m for m in manifest.get("modules", []) if isinstance(m, dict)}
    md4c = modules.get("md4c")
    if md4c is None:
        problems.append("no md4c module")
    else:
        sources = md4c.get("sources", [])
        if not any(s.get("type") == "git" and s.get("tag") == "release-0.5.3"
                   and s.get("commit") == MD4C_COMMIT for s in sources):
            problems.append("md4c must come from git tag release-0.5.3 at commit " + MD4C_COMMIT)
    brisk = modules.get("brisk")
    if brisk is None:
        problems.append("no brisk module")
    else:
        if brisk.get("buildsystem") != "meson":
            problems.append("the brisk module must build with meson")
        if not any(s.get("type") == "dir" for s in brisk.get("sources", [])):
            problems.append("the brisk module must build from the local directory")
        if list(modules)[-1] != "brisk":
            problems.append("the brisk module must come last, after its dependencies")

    for problem in problems:
        print(f"FAIL: {problem}", file=sys.stderr)
    if problems:
        sys.exit(1)
    print(f"ok - manifest finish-args are exactly {sorted(finish_args)}")


if __name__ == "__main__":
    main()
