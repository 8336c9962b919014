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
action over D-Bus. Last, a first run with no key: the key is typed and checked, and kept."""

import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
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


def launch(argv, env):
    """Starts Brisk. On a heavily loaded machine Xvfb sometimes refuses a connection ("cannot
    open display"), which says nothing about Brisk: that start is retried, nothing else."""
    for _ in range(3):
        log = tempfile.TemporaryFile()
        app = subprocess.Popen(argv, env=env, stderr=log)
        try:
            app.wait(timeout=2)
        except subprocess.TimeoutExpired:
            return app
        log.seek(0)
        err = log.read().decode(errors="replace")
        sys.stderr.write(err)
        if app.returncode == 0 or "cannot open display" not in err:
            return app
    fail("Xvfb kept refusing connections")


def wait_for(what, predicate):
    deadline = time.monotonic() + WAIT_LIMIT_SECONDS
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(0.1)
    fail(f"gave up waiting for {what}")


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


def wait_name_released():
    """After a Brisk quits, the bus may take a moment to free its name; a Brisk started
    before then would hand its work to the one that is gone, and show no window."""
    def released():
        out = subprocess.run(["gdbus", "call", "--session", "--dest", "org.freedesktop.DBus",
                              "--object-path", "/org/freedesktop/DBus", "--method",
                              "org.freedesktop.DBus.NameHasOwner", "io.github.briskchat.Brisk"],
                             capture_output=True, text=True, check=False).stdout
        return "false" in out

    wait_for("the previous Brisk to leave the bus", released)


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


TYPED_KEY = "gsk_typed_with_real_key_presses"


class ModelsHandler(http.server.BaseHTTPRequestHandler):
    """A stand-in for Groq's GET /models, accepting only the key the test types."""

    def do_GET(self):  # noqa: N802 (the name http.server calls)
        if self.path != "/v1/models":
            self.send_error(404)
            return
        if self.headers.get("Authorization") != f"Bearer {TYPED_KEY}":
            body = b'{"error":{"message":"Invalid API Key","code":"invalid_api_key"}}\n'
            self.send_response(401)
        else:
            body = json.dumps({"object": "list", "data": [
                {"id": "llama-3.1-8b-instant", "object": "model", "active": True,
                 "context_window": 131072}]}).encode()
            self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def keyring_groq_key():
    return subprocess.run(["secret-tool", "lookup", "provider", "groq"],
                          capture_output=True, text=True, check=False).stdout


def onboarding(brisk):
    """A first run with no key: the key typed on the keyboard and Enter pressed is checked
    with the server and lands in the keyring."""
    server = http.server.HTTPServer(("127.0.0.1", 0), ModelsHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    env = dict(os.environ, LANGUAGE="", LC_ALL="C.UTF-8", GDK_BACKEND="x11",
               BRISK_BASE_URL=f"http://127.0.0.1:{server.server_address[1]}/v1")
    env.pop("GROQ_API_KEY", None)
    if keyring_groq_key():
        fail("the keyring already holds a Groq key before the first run")

    wait_name_released()
    app = launch([brisk], env)
    try:
        def first_run_window():
            if app.poll() is not None:
                fail(f"the first-run Brisk exited with status {app.returncode} and no window")
            return next((w for w, t in visible_windows(app.pid).items() if t == "Brisk"), None)

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

        xdotool("windowfocus", "--sync", window)
        xdotool("key", "--clearmodifiers", "ctrl+q")
        app.wait(timeout=WAIT_LIMIT_SECONDS)
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
        server.shutdown()
        subprocess.run(["secret-tool", "clear", "provider", "groq"], check=False)


if __name__ == "__main__":
    main()
    dbus_activation(sys.argv[1])
    onboarding(sys.argv[1])
