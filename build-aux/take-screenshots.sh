#!/usr/bin/env bash
# take-screenshots.sh BUILDDIR OUTDIR
#
# Copyright 2026 The Brisk developers
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Takes the README and AppStream screenshots of the real window. Run it through
# `build-aux/dev.sh screenshots`, which provides the headless session (Xvfb, private bus).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
builddir=$(cd "$1" && pwd)
outdir=$2
mkdir -p "$outdir"

export GSETTINGS_BACKEND=memory
export GSETTINGS_SCHEMA_DIR="$builddir/data"
export GDK_BACKEND=x11 GSK_RENDERER=cairo GTK_A11Y=none LANGUAGE= LC_ALL=C.UTF-8

# First run: no key anywhere, so the welcome page.
env -u GROQ_API_KEY "$builddir/src/brisk" &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
window=$(xdotool search --sync --onlyvisible --pid "$pid" --name '^Brisk$' | head -n 1)
xdotool windowsize --sync "$window" 960 640
sleep 1

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

snap "$window" welcome.png
xdotool windowfocus --sync "$window"
xdotool key --clearmodifiers ctrl+q
wait "$pid"

# With a key (from the environment, so the test keyring stays empty): the main window.
GROQ_API_KEY=gsk_screenshot "$builddir/src/brisk" &
pid=$!
window=$(xdotool search --sync --onlyvisible --pid "$pid" --name '^Brisk$' | head -n 1)
xdotool windowfocus --sync "$window"

xdotool windowsize --sync "$window" 960 640
snap "$window" main-window.png

xdotool windowsize --sync "$window" 360 640
snap "$window" narrow.png

xdotool windowsize --sync "$window" 960 640
sleep 0.3
xdotool key --clearmodifiers ctrl+question
shortcuts=$(xdotool search --sync --onlyvisible --pid "$pid" --name '^Keyboard Shortcuts$' | head -n 1)
snap "$shortcuts" shortcuts.png

xdotool key Escape
xdotool windowfocus --sync "$window"
xdotool key --clearmodifiers ctrl+q
wait "$pid"

# Quick ask, answered by a local stand-in for Groq.
fake_url=$(mktemp)
python3 "$here/../tests/fake_groq.py" >"$fake_url" &
fake=$!
trap 'kill $fake 2>/dev/null || true; rm -f "$fake_url"' EXIT
until [[ -s $fake_url ]]; do sleep 0.1; done
BRISK_BASE_URL=$(head -n 1 "$fake_url") GROQ_API_KEY=gsk_screenshot "$builddir/src/brisk" --quick-ask &
pid=$!
window=$(xdotool search --sync --onlyvisible --pid "$pid" --name '^Quick Ask$' | head -n 1)
xdotool type --delay 20 "What is Groq?"
xdotool key Return
sleep 2
snap "$window" quick-ask.png
xdotool key Escape
wait "$pid"
kill $fake
trap - EXIT
rm -f "$fake_url"
