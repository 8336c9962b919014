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
action over D-Bus. Last, a first run with no key, on to a first streamed answer (see
first_run_to_answer)."""

import os
import subprocess
import sys
import tempfile
import time

import fake_groq
from e2e_session import (fail, launch, quit_brisk, stop_if_running, visible_windows, wait_for,
                         wait_name_released, xdotool)

def main():
    brisk = sys.argv[1]
    if not os.environ.get("DISPLAY"):
        fail("no DISPLAY; run the suite through build-aux/dev.sh test, which starts Xvfb")

    env = dict(os.environ, LANGUAGE="", LC_ALL="C.UTF-8", GDK_BACKEND="x11")
    app = launch([brisk], env)
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

        quit_brisk(app, main_window)
        print("ok - Ctrl+Q quit Brisk cleanly")
    finally:
        stop_if_running(app)


def dbus_activation(brisk):
    """As the session bus starts Brisk from its .service file: no window until the desktop
    file's "New Conversation" action is activated over D-Bus."""
    env = dict(os.environ, LANGUAGE="", LC_ALL="C.UTF-8", GDK_BACKEND="x11")
    wait_name_released()
    app = launch([brisk, "--gapplication-service"], env)
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

        quit_brisk(app, main_window)
        print("ok - Ctrl+Q quit the D-Bus activated Brisk")
    finally:
        stop_if_running(app)


TYPED_KEY = "gsk_typed_with_real_key_presses"


def keyring_groq_key():
    return subprocess.run(["secret-tool", "lookup", "provider", "groq"],
                          capture_output=True, text=True, check=False).stdout


def clipboard():
    return subprocess.run(["xclip", "-o", "-selection", "clipboard"],
                          capture_output=True, text=True, check=False).stdout


def copied_reply(window):
    """Ctrl+Shift+C copies the last reply; returns what reached the clipboard."""
    xdotool("windowfocus", "--sync", window)
    xdotool("key", "--clearmodifiers", "ctrl+shift+c")
    time.sleep(0.2)
    return clipboard()


def window_titled(app, title):
    return next((w for w, t in visible_windows(app.pid).items() if t == title), None)


def first_run_to_answer(brisk):
    """A first run, all on the keyboard: no key yet, so the key is typed and checked (a Groq
    stand-in accepts only it) and kept in the keyring; Brisk lands in a new conversation
    where a question typed and sent with Enter gets its streamed answer. A long answer is
    stopped with Escape. The key is then nowhere but in the keyring: not in the history, the
    settings file or the debug log. After a restart Ctrl+K finds the conversation again."""
    fake_groq.Handler.required_key = TYPED_KEY
    server, url = fake_groq.start()
    data_home = os.environ["XDG_DATA_HOME"]
    config_home = os.environ["XDG_CONFIG_HOME"]
    log_path = os.path.join(tempfile.mkdtemp(), "brisk.log")
    env = dict(os.environ, LANGUAGE="", LC_ALL="C.UTF-8", GDK_BACKEND="x11",
               BRISK_BASE_URL=url, GSETTINGS_BACKEND="keyfile", G_MESSAGES_DEBUG="all")
    env.pop("GROQ_API_KEY", None)
    if keyring_groq_key():
        fail("the keyring already holds a Groq key before the first run")

    wait_name_released()
    with open(log_path, "wb") as log:
        app = subprocess.Popen([brisk], env=env, stdout=log, stderr=log)
    try:
        def first_run_window():
            if app.poll() is not None:
                fail(f"the first-run Brisk exited with status {app.returncode} and no window")
            return window_titled(app, "Brisk")

        window = wait_for("the first-run window", first_run_window)
        xdotool("windowfocus", "--sync", window)
        # The key field has the focus once the window found no key; until then keys typed go
        # nowhere, so a slow machine gets more tries (Ctrl+A replaces what a try left).
        for attempt in range(10):
            time.sleep(0.3 * (attempt + 1))
            xdotool("key", "--clearmodifiers", "ctrl+a")
            xdotool("type", "--delay", "5", TYPED_KEY)
            xdotool("key", "Return")
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline and keyring_groq_key() != TYPED_KEY:
                time.sleep(0.1)
            if keyring_groq_key() == TYPED_KEY:
                break
        else:
            fail("the key typed on the first run never reached the keyring")
        print("ok - a key typed on the first run was checked and kept in the keyring")

        # Straight into a new conversation, the cursor in the composer.
        time.sleep(0.5)
        xdotool("type", "--delay", "5", "What is Groq?")
        xdotool("key", "Return")
        wait_for("the conversation named after the question",
                 lambda: window_titled(app, "What is Groq? – Brisk")
                 or window_titled(app, "What is Groq – Brisk"))
        answer = wait_for("the streamed answer", lambda: (lambda text: text if "LPU" in text
                                                          and "hello from Brisk" in text
                                                          else None)(copied_reply(window)))
        if "<" in answer and "span" in answer:
            fail("the copied answer is not the Markdown the model wrote")
        print("ok - a question typed and sent with Enter got its streamed answer")

        # A long answer, stopped with Escape: the connection closes, the text so far stays.
        disconnects = fake_groq.Handler.disconnects
        xdotool("windowfocus", "--sync", window)
        xdotool("type", "--delay", "5", "Tell me something long")
        xdotool("key", "Return")
        wait_for("the long answer to stream", lambda: "word20 " in copied_reply(window))
        xdotool("key", "Escape")
        wait_for("the server to see the reply stopped",
                 lambda: fake_groq.Handler.disconnects > disconnects)
        stopped = copied_reply(window)
        if not stopped.startswith("word0 ") or "word5999" in stopped:
            fail(f"Escape did not keep the partial answer: {stopped[:80]!r}…")
        print("ok - Escape stopped a long answer and kept its text")
        quit_brisk(app, window)
    finally:
        stop_if_running(app)

    # The key lives in the keyring only.
    places = [os.path.join(data_home, "brisk", name) for name in os.listdir(os.path.join(data_home, "brisk"))]
    places.append(os.path.join(config_home, "glib-2.0", "settings", "keyfile"))
    places.append(log_path)
    for place in places:
        if not os.path.isfile(place):
            continue
        with open(place, "rb") as f:
            if TYPED_KEY.encode() in f.read():
                fail(f"the API key was written to {place}")
    if not os.path.isfile(os.path.join(config_home, "glib-2.0", "settings", "keyfile")):
        fail("the settings were not written to the keyfile that was searched")
    print(f"ok - the key is in none of {len(places)} files: history, settings, debug log")

    # After a restart, Ctrl+K finds the conversation by a word of its answer.
    wait_name_released()
    env.pop("G_MESSAGES_DEBUG")
    app = launch([brisk], env)
    try:
        window = wait_for("the window after the restart", lambda: window_titled(app, "Brisk"))
        time.sleep(0.5)
        xdotool("windowfocus", "--sync", window)
        xdotool("key", "--clearmodifiers", "ctrl+k")
        time.sleep(0.3)
        xdotool("type", "--delay", "5", "LPU")
        time.sleep(0.5)
        xdotool("key", "Return")
        wait_for("the conversation found with Ctrl+K",
                 lambda: window_titled(app, "What is Groq – Brisk")
                 or window_titled(app, "What is Groq? – Brisk"))
        print("ok - after a restart Ctrl+K found the conversation again")
        quit_brisk(app, next(iter(visible_windows(app.pid))))
    finally:
        stop_if_running(app)
        server.shutdown()
        subprocess.run(["secret-tool", "clear", "provider", "groq"], check=False)


if __name__ == "__main__":
    main()
    dbus_activation(sys.argv[1])
    first_run_to_answer(sys.argv[1])
