# e2e_session.py
#
# Copyright 2026 The Brisk developers
#
# SPDX-License-Identifier: GPL-3.0-or-later
"""What the end-to-end tests share: real key presses and window lookups through xdotool,
starting and quitting the real brisk binary, and waiting with a limit."""

import subprocess
import sys
import tempfile
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


def quit_brisk(app, window):
    """Ctrl+Q in @window; Brisk must exit cleanly."""
    xdotool("windowfocus", "--sync", window)
    xdotool("key", "--clearmodifiers", "ctrl+q")
    try:
        status = app.wait(timeout=WAIT_LIMIT_SECONDS)
    except subprocess.TimeoutExpired:
        fail("Ctrl+Q did not quit Brisk")
    if status != 0:
        fail(f"Brisk exited with status {status} after Ctrl+Q")


def stop_if_running(app):
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
