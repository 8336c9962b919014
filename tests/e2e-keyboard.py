#!/usr/bin/env python3
# e2e-keyboard.py
#
# Copyright 2026 The Brisk developers
#
# SPDX-License-Identifier: GPL-3.0-or-later
"""Launches the real brisk binary on the test display and drives it with real key presses
(xdotool sends them through the X server, as a keyboard would): Ctrl+? opens the shortcuts
window, Escape closes it, Ctrl+Q quits. Then starts it as the session bus would
(--gapplication-service) and opens a window through the desktop file's New Conversation
action over D-Bus."""

import os
import subprocess
import sys
import time

# A guard against hanging, not a performance assertion.
WAIT_LIMIT_SECONDS = 60


def fail(message):
    print(f"FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def xdotool(*args):
    return subprocess.run(["xdotool", *args], capture_output=True, text=True, check=False).stdout


def visible_windows(pid):
    """Maps each visible X window of the process to its title."""
    ids = xdotool("search", "--onlyvisible", "--pid", str(pid)).split()
    return {wid: xdotool("getwindowname", wid).strip() for wid in ids}


def wait_for(what, predicate):
    deadline = time.monotonic() + WAIT_LIMIT_SECONDS
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(0.05)
    fail(f"gave up waiting for {what}")


def main():
    brisk = sys.argv[1]
    if not os.environ.get("DISPLAY"):
        fail("no DISPLAY; run the suite through build-aux/dev.sh test, which starts Xvfb")

    env = dict(os.environ, LANGUAGE="", LC_ALL="C.UTF-8", GDK_BACKEND="x11")
    app = subprocess.Popen([brisk], env=env)
    try:
        main_window = wait_for(
            "the main window",
            lambda: next((w for w, t in visible_windows(app.pid).items() if t == "Brisk"), None))
        xdotool("windowfocus", "--sync", main_window)

        xdotool("key", "--clearmodifiers", "ctrl+question")
        shortcuts = wait_for(
            "the shortcuts window after Ctrl+?",
            lambda: next((w for w, t in visible_windows(app.pid).items()
                          if t == "Keyboard Shortcuts"), None))
        print(f"ok - Ctrl+? opened the shortcuts window ({shortcuts})")

        xdotool("windowfocus", "--sync", shortcuts)
        xdotool("key", "Escape")
        wait_for("the shortcuts window to close after Escape",
                 lambda: shortcuts not in visible_windows(app.pid))
        print("ok - Escape closed the shortcuts window")

        xdotool("windowfocus", "--sync", main_window)
        xdotool("key", "--clearmodifiers", "ctrl+q")
        try:
            status = app.wait(timeout=WAIT_LIMIT_SECONDS)
        except subprocess.TimeoutExpired:
            fail("Ctrl+Q did not quit Brisk")
        if status != 0:
            fail(f"Brisk exited with status {status} after Ctrl+Q")
        print("ok - Ctrl+Q quit Brisk cleanly")
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()


def dbus_activation(brisk):
    """As the session bus starts Brisk from its .service file: no window until the desktop
    file's "New Conversation" action is activated over D-Bus."""
    env = dict(os.environ, LANGUAGE="", LC_ALL="C.UTF-8", GDK_BACKEND="x11")
    app = subprocess.Popen([brisk, "--gapplication-service"], env=env)
    try:
        name = "io.github.briskchat.Brisk"
        path = "/io/github/briskchat/Brisk"

        def registered():
            # Owned by this very process, not by the instance that just quit.
            out = subprocess.run(["gdbus", "call", "--session", "--dest", "org.freedesktop.DBus",
                                  "--object-path", "/org/freedesktop/DBus", "--method",
                                  "org.freedesktop.DBus.GetConnectionUnixProcessID", name],
                                 capture_output=True, text=True, check=False).stdout
            return f"(uint32 {app.pid}," in out

        wait_for("Brisk to own its bus name", registered)
        if visible_windows(app.pid):
            fail("the D-Bus service showed a window before being asked to")

        result = subprocess.run(["gdbus", "call", "--session", "--dest", name, "--object-path",
                                 path, "--method", "org.freedesktop.Application.ActivateAction",
                                 "new-conversation", "[]", "{}"],
                                capture_output=True, text=True, check=False)
        if result.returncode != 0:
            fail(f"ActivateAction new-conversation failed: {result.stderr.strip()}")
        main_window = wait_for(
            "the window after ActivateAction new-conversation",
            lambda: next((w for w, t in visible_windows(app.pid).items() if t == "Brisk"), None))
        print("ok - the desktop action New Conversation opened a window over D-Bus")

        xdotool("windowfocus", "--sync", main_window)
        xdotool("key", "--clearmodifiers", "ctrl+q")
        try:
            status = app.wait(timeout=WAIT_LIMIT_SECONDS)
        except subprocess.TimeoutExpired:
            fail("Ctrl+Q did not quit the D-Bus activated Brisk")
        if status != 0:
            fail(f"the D-Bus activated Brisk exited with status {status}")
        print("ok - Ctrl+Q quit the D-Bus activated Brisk")
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()


if __name__ == "__main__":
    main()
    dbus_activation(sys.argv[1])
