#!/usr/bin/env bash
# dev.sh run|test|bench|screenshots [ARGS…]
#
# Copyright 2026 The Brisk developers
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# From a fresh clone on Debian 12 or Ubuntu: installs the build packages that are missing,
# configures and builds in build/, then
#   run          launches Brisk (ARGS are passed to it)
#   test         runs the whole test suite headless in a hermetic session, then the unit tests
#                again under AddressSanitizer and UBSan (in build-sanitize/)
#   bench        runs the benchmarks on a release build (in build-release/); ARGS pick some,
#                e.g. `build-aux/dev.sh bench stream`. Also installs Node and the pinned official
#                groq-sdk (in build-release/groq-sdk/), the streaming benchmark's baseline
#   screenshots  retakes the README and AppStream screenshots
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

packages=(
  build-essential meson ninja-build pkg-config gettext itstool
  libglib2.0-dev libgtk-4-dev libadwaita-1-dev libsoup-3.0-dev libjson-glib-dev libsecret-1-dev
  libsqlite3-dev libgtksourceview-5-dev libmd4c-dev
  desktop-file-utils appstream python3
  xvfb xauth dbus-daemon dbus-x11 gnome-keyring libsecret-tools at-spi2-core xdotool xclip imagemagick
  clang libclang-rt-dev llvm
)

log() { printf '\033[1m==> %s\033[0m\n' "$*"; }
warn() { printf '\033[1mwarning: %s\033[0m\n' "$*" >&2; }

install_missing_packages() {
  local missing=() pkg
  for pkg in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$pkg")
    fi
  done
  if [[ ${#missing[@]} -eq 0 ]]; then
    return
  fi
  install_packages "${missing[@]}"
}

install_packages() {
  log "Installing $*"
  local sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    sudo=(sudo)
  fi
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "$@"
}

# The official groq-sdk, exactly as tests/bench/groq-sdk/package-lock.json pins it, installed
# in build-release/ (never in the source tree) for the streaming benchmark to measure in the
# same run. Only the benchmarks need Node. Any failure here is a warning: the benchmark then
# quotes the protocol notes' figure, and says so.
install_groq_sdk() {
  local source="$root/tests/bench/groq-sdk" dest="$root/build-release/groq-sdk"
  # Checked by command, not by Debian package: Node often comes from elsewhere (NodeSource's
  # nodejs, which conflicts with Debian's npm).
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    install_packages nodejs npm || warn "could not install nodejs and npm"
  fi
  if ! command -v npm >/dev/null; then
    warn "npm is missing: the streaming benchmark will quote groq-sdk's figure"
    return
  fi
  if [[ -d "$dest/node_modules/groq-sdk" ]] &&
     cmp -s "$source/package-lock.json" "$dest/package-lock.json"; then
    return
  fi
  log "Installing the pinned groq-sdk in $dest"
  mkdir -p "$dest"
  cp "$source/package.json" "$source/package-lock.json" "$dest/"
  if ! (cd "$dest" && npm ci --no-audit --no-fund --loglevel=error); then
    # No half-installed SDK that would look ready next time.
    rm -rf "$dest/node_modules"
    warn "npm ci failed: the streaming benchmark will quote groq-sdk's figure"
  fi
}

# configure BUILDDIR [MESON OPTIONS…]
configure() {
  local builddir=$1
  shift
  local options=("$@")
  # CI builds with warnings as errors, so newer API (a deprecation warning under the version
  # pins) or a new warning never lands.
  if [[ "${CI:-}" == "true" ]]; then
    options+=(-Dwerror=true)
  fi
  if [[ -f "$builddir/build.ninja" ]]; then
    meson configure "$builddir" "${options[@]}" >/dev/null
  else
    log "Configuring $builddir"
    meson setup "$builddir" "${options[@]}"
  fi
}

build_main() {
  install_missing_packages
  # Installed into a prefix inside build/, so the uninstalled app finds its schema, icons and
  # translations the same way an installed one does.
  configure build --prefix="$root/build/prefix"
  log "Building"
  meson compile -C build
}

command=${1:-}
shift || true

case "$command" in
  run)
    build_main
    meson install -C build --quiet >/dev/null
    export XDG_DATA_DIRS="$root/build/prefix/share:${XDG_DATA_DIRS:-/usr/local/share:/usr/share}"
    log "Running Brisk"
    exec "$root/build/prefix/bin/brisk" "$@"
    ;;
  test)
    build_main
    log "Running the test suite in a headless session"
    "$root/build-aux/test-session.sh" meson test -C build --print-errorlogs --no-rebuild "$@"
    log "Running the unit, command-line and keyring tests under AddressSanitizer and UBSan"
    configure build-sanitize -Db_sanitize=address,undefined -Db_lundef=false
    meson compile -C build-sanitize
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
      "$root/build-aux/test-session.sh" \
      meson test -C build-sanitize --suite unit --suite cli --suite keyring --print-errorlogs \
      --no-rebuild
    log "Fuzzing the stream decoder and the JSON scanner (corpus in tests/fuzz/corpus)"
    "$root/build-aux/fuzz.sh" 45
    ;;
  bench)
    install_missing_packages
    # Figures users get come from an optimised build.
    configure build-release --buildtype=release
    meson compile -C build-release
    install_groq_sdk
    "$root/build-aux/test-session.sh" meson test -C build-release --benchmark --print-errorlogs -v "$@"
    ;;
  screenshots)
    build_main
    "$root/build-aux/test-session.sh" "$root/build-aux/take-screenshots.sh" "$root/build" \
      "$root/data/screenshots"
    ;;
  *)
    echo "usage: build-aux/dev.sh run|test|bench|screenshots [ARGS…]" >&2
    exit 2
    ;;
esac
