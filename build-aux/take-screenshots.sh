#!/usr/bin/env bash
# take-screenshots.sh BUILDDIR OUTDIR
#
# Copyright 2026 The Brisk developers
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Takes the README and AppStream screenshots of the real window, talking to a local stand-in
# for Groq (tests/fake_groq.py). Run it through `build-aux/dev.sh screenshots`, which
# provides the headless session (Xvfb, private bus, keyring, private data folders).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
builddir=$(cd "$1" && pwd)
outdir=$2
mkdir -p "$outdir"

export GSETTINGS_BACKEND=memory
export GSETTINGS_SCHEMA_DIR="$builddir/data"
export GDK_BACKEND=x11 GSK_RENDERER=cairo GTK_A11Y=none LANGUAGE= LC_ALL=C.UTF-8

python3 "$root/tests/fake_groq.py" > "$outdir/.fake-groq-url" &
fake=$!
pid=
trap 'kill $fake $pid 2>/dev/null || true; rm -f "$outdir/.fake-groq-url"' EXIT
for _ in $(seq 1 50); do
  [[ -s $outdir/.fake-groq-url ]] && break
  sleep 0.1
done
export BRISK_BASE_URL=$(cat "$outdir/.fake-groq-url")

snap() {
  # Let GTK lay out and paint the new size before capturing; retry while the capture is still
  # blank (a window that has not painted yet comes out black).
  local attempt
  for attempt in $(seq 1 20); do
    sleep 0.5
    import -window "$1" "$outdir/$2"
    if [[ $(convert "$outdir/$2" -format '%[fx:maxima.intensity]' info:) != 0 ]]; then
      echo "wrote $outdir/$2"
      return
    fi
  done
  echo "take-screenshots: $2 stayed blank" >&2
  exit 1
}

# The window of the process whose title is exactly $2 (xdotool's own name search also matches
# windows by other properties).
window_named() {
  local id attempt
  for attempt in $(seq 1 100); do
    for id in $(xdotool search --onlyvisible --pid "$1"); do
      if [[ $(xdotool getwindowname "$id") == "$2" ]]; then
        echo "$id"
        return
      fi
    done
    sleep 0.1
  done
  echo "take-screenshots: no window named $2" >&2
  exit 1
}

main_window() {
  xdotool search --sync --onlyvisible --pid "$1" --name 'Brisk$' | head -n 1
}

ask() {
  xdotool type --delay 8 "$1"
  xdotool key Return
  sleep 3
}

quit() {
  xdotool windowfocus --sync "$1"
  xdotool key --clearmodifiers ctrl+q
  wait "$pid"
}

# First run: no key anywhere, so the welcome page.
env -u GROQ_API_KEY "$builddir/src/brisk" &
pid=$!
window=$(main_window "$pid")
xdotool windowsize --sync "$window" 960 640
sleep 1
snap "$window" welcome.png
quit "$window"

# With a key (from the environment, so the test keyring stays empty): two conversations.
GROQ_API_KEY=gsk_screenshot "$builddir/src/brisk" &
pid=$!
window=$(main_window "$pid")
xdotool windowsize --sync "$window" 1000 700
sleep 1
xdotool windowfocus --sync "$window"
ask "How do I keep a Python script running after I log out?"
xdotool key --clearmodifiers ctrl+n
sleep 0.5
ask "What is Groq?"
snap "$window" main-window.png

xdotool windowsize --sync "$window" 360 640
# The rows lay out again at the new width over a few frames.
sleep 1
snap "$window" narrow.png

xdotool windowsize --sync "$window" 1000 700
sleep 0.3
xdotool key --clearmodifiers ctrl+question
shortcuts=$(window_named "$pid" "Keyboard Shortcuts")
# Raised, as the preferences below are, or the capture takes the main window's pixels.
xdotool windowraise "$shortcuts"
sleep 1
snap "$shortcuts" shortcuts.png
xdotool key Escape

xdotool windowfocus --sync "$window"
xdotool key --clearmodifiers ctrl+comma
preferences=$(window_named "$pid" Preferences)
xdotool windowsize --sync "$preferences" 640 640
# Without a window manager nothing raises it above the main window.
xdotool windowraise "$preferences"
sleep 1
snap "$preferences" preferences.png
xdotool key Escape
quit "$window"

# The same conversation in the dark style.
ADW_DEBUG_COLOR_SCHEME=prefer-dark GROQ_API_KEY=gsk_screenshot "$builddir/src/brisk" &
pid=$!
window=$(main_window "$pid")
xdotool windowsize --sync "$window" 1000 700
sleep 1
xdotool windowfocus --sync "$window"
xdotool key --clearmodifiers alt+1
sleep 1
snap "$window" main-window-dark.png
quit "$window"

# Quick ask, as `brisk --quick-ask` opens it.
GROQ_API_KEY=gsk_screenshot "$builddir/src/brisk" --quick-ask &
pid=$!
window=$(window_named "$pid" "Quick Ask")
xdotool type --delay 20 "What is Groq?"
xdotool key Return
sleep 2
snap "$window" quick-ask.png
xdotool key Escape
wait "$pid"
pid=
