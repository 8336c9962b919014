#!/usr/bin/env bash
# test-session.sh COMMAND [ARGS…]
#
# Copyright 2026 The Brisk developers
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs COMMAND in a hermetic desktop session: a private HOME and XDG directories, a virtual X
# display (Xvfb), a private D-Bus session bus that activates nothing from the host, and a real,
# unlocked gnome-keyring. Nothing the tests do touches the user's own settings, keyring or data.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

if [[ "${1:-}" == "--inside" ]]; then
  shift
  # Inside Xvfb and the private bus: start a keyring that really stores secrets. It needs a
  # password to unlock the default collection without a prompt.
  printf 'brisk-tests' | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  for _ in $(seq 1 500); do
    if gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
         --method org.freedesktop.DBus.NameHasOwner org.freedesktop.secrets 2>/dev/null |
         grep -q true; then
      break
    fi
    sleep 0.01
  done
  if ! gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
         --method org.freedesktop.DBus.NameHasOwner org.freedesktop.secrets | grep -q true; then
    echo "test-session: gnome-keyring did not start; keyring tests cannot run" >&2
    exit 1
  fi
  export BRISK_TESTS_REQUIRE_DISPLAY=1
  exec "$@"
fi

for tool in xvfb-run dbus-daemon gnome-keyring-daemon gdbus; do
  command -v "$tool" >/dev/null || { echo "test-session: $tool is missing" >&2; exit 1; }
done

session=$(mktemp -d "${TMPDIR:-/tmp}/brisk-test-session.XXXXXX")
trap 'rm -rf "$session"' EXIT
mkdir -p "$session"/{home,config,data,cache,state,services}
mkdir -m 0700 "$session/runtime"

export HOME="$session/home"
export XDG_CONFIG_HOME="$session/config"
export XDG_DATA_HOME="$session/data"
export XDG_CACHE_HOME="$session/cache"
export XDG_STATE_HOME="$session/state"
export XDG_RUNTIME_DIR="$session/runtime"
unset DBUS_SESSION_BUS_ADDRESS WAYLAND_DISPLAY DISPLAY GROQ_API_KEY BRISK_BASE_URL

# A session bus that only knows the services put in its own directory, so no host service
# (portals, the user's own Brisk) is ever activated by a test.
cat > "$session/bus.conf" <<CONF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir=$session/runtime</listen>
  <auth>EXTERNAL</auth>
  <servicedir>$session/services</servicedir>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
CONF

# Not exec: the trap above must still clean the session up.
xvfb-run --auto-servernum --server-args="-screen 0 1280x800x24 -nolisten tcp" \
  dbus-run-session --config-file="$session/bus.conf" -- "$here/test-session.sh" --inside "$@"
