#!/usr/bin/env python3
# check-desktop-integration.py APP_ID DESKTOP SERVICE SEARCH_PROVIDER ACTIONS_C
#
# Copyright 2026 The Brisk developers
#
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fails when the files through which the desktop reaches Brisk disagree with each other or
with the app: the desktop file's actions must be app actions that exist (a D-Bus activated
launch calls them by name), the D-Bus service must start the binary as a service under the
application id, and the GNOME Shell search provider must name the desktop file, the bus name
and the object path where the application exports org.gnome.Shell.SearchProvider2."""

import configparser
import re
import sys


def read_ini(path):
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive
    with open(path, encoding="utf-8") as f:
        parser.read_file(f)
    return parser


def main():
    app_id, desktop_path, service_path, provider_path, actions_c = sys.argv[1:6]
    problems = []
    object_path = "/" + app_id.replace(".", "/")

    with open(actions_c, encoding="utf-8") as f:
        source = f.read()
    table = source[source.index("app_actions[]"):]
    app_actions = set(re.findall(r'\{\s*"([a-z-]+)"', table[:table.index("};")]))

    desktop = read_ini(desktop_path)
    entry = desktop["Desktop Entry"]
    if entry.get("DBusActivatable") != "true":
        problems.append("the desktop file is not DBusActivatable=true")
    if entry.get("Icon") != app_id:
        problems.append(f"the desktop file's icon is {entry.get('Icon')!r}, not {app_id!r}")
    actions = [a for a in entry.get("Actions", "").split(";") if a]
    for expected in ("new-conversation", "quick-ask"):
        if expected not in actions:
            problems.append(f"the desktop file has no {expected} action")
    for action in actions:
        section = f"Desktop Action {action}"
        if section not in desktop:
            problems.append(f"the desktop file lists {action} but has no [{section}]")
            continue
        if action not in app_actions:
            problems.append(f"desktop action {action} is not an app action, so D-Bus "
                            f"activation cannot run it (app actions: {sorted(app_actions)})")
        exec_line = desktop[section].get("Exec", "")
        if exec_line != f"brisk --{action}":
            problems.append(f"desktop action {action} runs {exec_line!r}, not 'brisk --{action}'")

    service = read_ini(service_path)["D-BUS Service"]
    if service.get("Name") != app_id:
        problems.append(f"the D-Bus service is named {service.get('Name')!r}, not {app_id!r}")
    exec_words = service.get("Exec", "").split()
    if not exec_words or not exec_words[0].endswith("/brisk") or \
            exec_words[1:] != ["--gapplication-service"]:
        problems.append(f"the D-Bus service runs {service.get('Exec')!r}, not "
                        "'…/brisk --gapplication-service'")

    provider = read_ini(provider_path)["Shell Search Provider"]
    expected = {
        "DesktopId": f"{app_id}.desktop",
        "BusName": app_id,
        "ObjectPath": f"{object_path}/SearchProvider",
        "Version": "2",
    }
    for key, value in expected.items():
        if provider.get(key) != value:
            problems.append(f"the search provider's {key} is {provider.get(key)!r}, not {value!r}")

    for problem in problems:
        print(f"FAIL: {problem}", file=sys.stderr)
    if problems:
        sys.exit(1)
    print(f"ok - desktop actions {actions} are app actions; service and search provider "
          f"agree on {app_id} at {object_path}")


if __name__ == "__main__":
    main()
