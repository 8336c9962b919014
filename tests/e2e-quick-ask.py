#!/usr/bin/env python3
# e2e-quick-ask.py
#
# Copyright 2026 The Brisk developers
#
# SPDX-License-Identifier: GPL-3.0-or-later
"""The real brisk binary on the test display, against fake_groq.py, driven by real key presses
(xdotool): `brisk --quick-ask` opens the quick ask window with the keyboard focus in its
question, so typed keys land there without any clicking; Enter sends them and the answer
streams into the window; Esc hides it. Brisk runs in the background here (a keyfile holds the
setting), so it stays resident, and a second `brisk --quick-ask QUESTION` brings the same
window back and asks at once."""

import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fake_groq  # noqa: E402 (found beside this file)
from e2e_session import (WAIT_LIMIT_SECONDS, fail, visible_windows,  # noqa: E402
                         wait_for, xdotool)

def window_height(wid):
    for line in xdotool("getwindowgeometry", "--shell", wid).splitlines():
        if line.startswith("HEIGHT="):
            return int(line.split("=")[1])
    return 0


def answer_area_is_blank(wid, top):
    """Whether the window below @top pixels is one flat colour (nothing rendered there)."""
    with tempfile.NamedTemporaryFile(suffix=".png") as shot:
        subprocess.run(["import", "-window", wid, shot.name], check=True)
        out = subprocess.run(["convert", shot.name, "-gravity", "South", "-crop",
                              f"100%x{max(window_height(wid) - top, 1)}+0+0", "+repage",
                              "-colorspace", "Gray", "-format", "%[fx:standard_deviation]",
                              "info:"], capture_output=True, text=True, check=True).stdout
    return float(out) < 0.02


def main():
    brisk = sys.argv[1]
    if not os.environ.get("DISPLAY"):
        fail("no DISPLAY; run the suite through build-aux/dev.sh test, which starts Xvfb")

    server, url = fake_groq.start()
    # As Groq, the stand-in lists models and answers only for the key.
    fake_groq.Handler.required_key = "gsk_e2e"
    config = tempfile.mkdtemp(prefix="brisk-e2e-quick-ask-")
    os.makedirs(os.path.join(config, "glib-2.0", "settings"))
    with open(os.path.join(config, "glib-2.0", "settings", "keyfile"), "w") as keyfile:
        keyfile.write("[io/github/briskchat/Brisk]\nrun-in-background=true\n")
    env = dict(os.environ, LANGUAGE="", LC_ALL="C.UTF-8", GDK_BACKEND="x11",
               BRISK_BASE_URL=url, GROQ_API_KEY="gsk_e2e", GSETTINGS_BACKEND="keyfile",
               XDG_CONFIG_HOME=config, XDG_DATA_HOME=tempfile.mkdtemp(prefix="brisk-e2e-data-"))

    app = subprocess.Popen([brisk, "--quick-ask"], env=env)
    try:
        window = wait_for(
            "the quick ask window",
            lambda: next((w for w, t in visible_windows(app.pid).items() if t == "Quick Ask"),
                         None))
        if any(t == "Brisk" for t in visible_windows(app.pid).values()):
            fail("--quick-ask opened the main window too")
        print(f"ok - brisk --quick-ask opened the quick ask window ({window})")

        # No click, no windowfocus: the window took the focus with the cursor in the question.
        wait_for("the keyboard focus", lambda: xdotool("getwindowfocus").strip() == window)
        # The model list must be known before the question can go; it is quick.
        collapsed = window_height(window)
        xdotool("type", "--delay", "30", "What is Groq?")
        xdotool("key", "Return")
        wait_for("the question to reach the server", lambda: fake_groq.Handler.requests)
        asked = fake_groq.Handler.requests[-1]
        if asked["messages"][-1]["content"] != "What is Groq?":
            fail(f"the server got {asked['messages'][-1]['content']!r}, not the typed question")
        if asked["model"] != "llama-3.1-8b-instant":
            fail(f"the quick question went to {asked['model']}, not the fast small model")
        print("ok - typed keys reached the question and Enter asked it, of the fast model")

        wait_for("the answer to open", lambda: window_height(window) > collapsed + 100)
        wait_for("the answer to be drawn", lambda: not answer_area_is_blank(window, collapsed))
        print("ok - the answer streamed into the window")

        xdotool("key", "Escape")
        wait_for("Esc to hide the window", lambda: window not in visible_windows(app.pid))
        time.sleep(0.5)
        if app.poll() is not None:
            fail("Brisk quit on Esc although it runs in the background")
        print("ok - Esc hid the window; Brisk stays resident")

        n_asked = len(fake_groq.Handler.requests)
        second = subprocess.run([brisk, "--quick-ask", "Another", "question"], env=env,
                                timeout=WAIT_LIMIT_SECONDS, check=False)
        if second.returncode != 0:
            fail(f"the second brisk --quick-ask exited with {second.returncode}")
        wait_for("the window to come back",
                 lambda: any(t == "Quick Ask" for t in visible_windows(app.pid).values()))
        wait_for("the second question", lambda: len(fake_groq.Handler.requests) > n_asked)
        if fake_groq.Handler.requests[-1]["messages"][-1]["content"] != "Another question":
            fail("brisk --quick-ask QUESTION did not ask QUESTION")
        print("ok - a second brisk --quick-ask QUESTION reused the resident Brisk and asked")

        # Up recalls the questions asked before, newest first; Enter asks the one recalled.
        window = next(w for w, t in visible_windows(app.pid).items() if t == "Quick Ask")
        wait_for("the keyboard focus", lambda: xdotool("getwindowfocus").strip() == window)
        n_asked = len(fake_groq.Handler.requests)
        xdotool("key", "Up", "Up", "Return")
        wait_for("the recalled question", lambda: len(fake_groq.Handler.requests) > n_asked)
        if fake_groq.Handler.requests[-1]["messages"][-1]["content"] != "What is Groq?":
            fail("Up Up did not recall the first question")
        print("ok - Up recalled an earlier question and Enter asked it again")

        # The desktop file's Quick Ask action, as GNOME Shell activates it over D-Bus.
        xdotool("key", "Escape")
        wait_for("Esc to hide the window", lambda: window not in visible_windows(app.pid))
        result = subprocess.run(["gdbus", "call", "--session", "--dest", "io.github.briskchat.Brisk",
                                 "--object-path", "/io/github/briskchat/Brisk", "--method",
                                 "org.freedesktop.Application.ActivateAction", "quick-ask", "[]",
                                 "{}"], capture_output=True, text=True, check=False)
        if result.returncode != 0:
            fail(f"ActivateAction quick-ask failed: {result.stderr.strip()}")
        wait_for("the window after ActivateAction quick-ask",
                 lambda: any(t == "Quick Ask" for t in visible_windows(app.pid).values()))
        if any(t == "Brisk" for t in visible_windows(app.pid).values()):
            fail("app.quick-ask opened the main window")
        print("ok - the desktop file's Quick Ask action opened quick ask over D-Bus")
    finally:
        app.kill()
        app.wait()
        server.shutdown()


if __name__ == "__main__":
    main()
