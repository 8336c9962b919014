#!/usr/bin/env bash
# fuzz.sh [--merge] SECONDS
#
# Copyright 2026 The Brisk developers
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Builds the libFuzzer targets in tests/fuzz/ with clang, AddressSanitizer and UBSan, and runs
# them for SECONDS seconds in all (three quarters for the stream decoder, the rest for the JSON
# scanner) on a copy of the kept corpus in tests/fuzz/corpus/. The kept corpus is replayed
# first, so every regression seed in it is checked on each run.
#
# Exits non-zero on any crash, leak, sanitizer report, timeout or broken invariant, and then
# keeps its work directory with the reproducer (crash-*, leak-*, timeout-*) and the log.
# Reproduce with:  WORKDIR/fuzz-stream REPRODUCER
# Minimize with:   WORKDIR/fuzz-stream -minimize_crash=1 -runs=100000 REPRODUCER
#
# With --merge, the inputs that found new coverage are merged into the kept corpus afterwards:
# libFuzzer's -merge=1 adds only what covers an edge the kept corpus does not (-use_counters=0
# ignores hit counts, which keeps the corpus to a few hundred KB).
#
# Needs clang and its sanitizer runtimes (on Debian 12: clang libclang-rt-14-dev).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

usage() {
  echo "usage: build-aux/fuzz.sh [--merge] SECONDS" >&2
  exit 2
}

merge=0
if [[ ${1:-} == "--merge" ]]; then
  merge=1
  shift
fi
[[ $# -eq 1 && $1 =~ ^[0-9]+$ && $1 -gt 0 ]] || usage
seconds=$1

log() { printf '\033[1m==> %s\033[0m\n' "$*"; }

cc=${CC_FUZZ:-clang}
if ! command -v "$cc" >/dev/null; then
  echo "fuzz.sh: $cc not found; install clang and its sanitizer runtimes" \
    "(Debian 12: apt-get install clang libclang-rt-14-dev)" >&2
  exit 2
fi

workdir=$(mktemp -d "${TMPDIR:-/tmp}/brisk-fuzz.XXXXXX")
keep_workdir=0
cleanup() {
  if [[ $keep_workdir -eq 0 ]]; then
    rm -rf "$workdir"
  fi
}
trap cleanup EXIT

# The core files include "config.h" but use none of its macros; these keep it complete enough
# should one start to.
cat >"$workdir/config.h" <<'EOF'
#pragma once
#define APP_ID "io.github.briskchat.Brisk"
#define BASE_ID "io.github.briskchat.Brisk"
#define DEVELOPMENT_BUILD 0
#define GETTEXT_PACKAGE "brisk"
#define LOCALEDIR "/usr/share/locale"
#define MD4C_BUILD_VERSION "0"
#define PACKAGE_BUGREPORTS "https://github.com/briskchat/brisk/issues"
#define PACKAGE_NAME "brisk"
#define PACKAGE_VERSION "0-fuzz"
#define PACKAGE_WEBSITE "https://github.com/briskchat/brisk"
#define RESOURCE_BASE_PATH "/io/github/briskchat/Brisk"
EOF

# shellcheck disable=SC2054 # the commas belong to -fsanitize=
cflags=(
  -g -O1 -fno-omit-frame-pointer
  -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
  -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers
  -UG_DISABLE_ASSERT -UG_DISABLE_CAST_CHECKS
  -DGLIB_VERSION_MIN_REQUIRED=GLIB_VERSION_2_74 -DGLIB_VERSION_MAX_ALLOWED=GLIB_VERSION_2_74
  -DSOUP_VERSION_MIN_REQUIRED=SOUP_VERSION_3_2 -DSOUP_VERSION_MAX_ALLOWED=SOUP_VERSION_3_2
  -DJSON_VERSION_MIN_REQUIRED=JSON_VERSION_1_6 -DJSON_VERSION_MAX_ALLOWED=JSON_VERSION_1_6
  -I"$workdir" -I"$root/src/core"
)

core=$root/src/core
declare -A sources=(
  [stream]="$root/tests/fuzz/fuzz-stream.c $core/brisk-sse-parser.c $core/brisk-chunk-decoder.c
            $core/brisk-json-scanner.c $core/brisk-chat-types.c $core/brisk-client-error.c"
  [json]="$root/tests/fuzz/fuzz-json.c $core/brisk-json-scanner.c"
)
declare -A packages=(
  [stream]="glib-2.0 gobject-2.0 gio-2.0 libsoup-3.0 json-glib-1.0"
  [json]="glib-2.0"
)
targets=(stream json)

for target in "${targets[@]}"; do
  log "Building fuzz-$target"
  # shellcheck disable=SC2046,SC2086 # word splitting of the lists is intended
  if ! "$cc" "${cflags[@]}" ${sources[$target]} -o "$workdir/fuzz-$target" \
      $(pkg-config --cflags --libs ${packages[$target]}); then
    echo "fuzz.sh: building fuzz-$target failed; clang needs its sanitizer runtimes" \
      "(Debian 12: libclang-rt-14-dev)" >&2
    keep_workdir=1
    exit 1
  fi
done

if symbolizer=$(command -v llvm-symbolizer); then
  export ASAN_SYMBOLIZER_PATH=$symbolizer
fi
export ASAN_OPTIONS=detect_leaks=1:strict_string_checks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
if [[ -f $root/tests/fuzz/lsan.supp ]]; then
  export LSAN_OPTIONS=suppressions=$root/tests/fuzz/lsan.supp:print_suppressions=0
fi
export G_DEBUG=gc-friendly
export G_SLICE=always-malloc
unset G_MESSAGES_DEBUG

fuzz_flags=(-max_len=65536 -timeout=10 -rss_limit_mb=2048)

stream_seconds=$(((seconds * 3 + 3) / 4))
json_seconds=$((seconds - stream_seconds))
if [[ $json_seconds -lt 1 ]]; then
  json_seconds=1
fi
declare -A budget=([stream]=$stream_seconds [json]=$json_seconds)

failed=()
for target in "${targets[@]}"; do
  kept=$root/tests/fuzz/corpus/$target
  corpus=$workdir/corpus/$target
  mkdir -p "$corpus" "$workdir/artifacts"
  if [[ -d $kept ]]; then
    cp -- "$kept"/* "$corpus"/ 2>/dev/null || true
  fi

  log "Fuzzing fuzz-$target for ${budget[$target]} s ($(find "$corpus" -type f | wc -l) seeds)"
  status=0
  "$workdir/fuzz-$target" "${fuzz_flags[@]}" -max_total_time="${budget[$target]}" \
    -print_final_stats=1 -artifact_prefix="$workdir/artifacts/$target-" "$corpus" \
    >"$workdir/$target.log" 2>&1 || status=$?

  if [[ $status -ne 0 ]]; then
    tail -n 60 "$workdir/$target.log"
    echo "fuzz.sh: fuzz-$target failed (exit $status)" >&2
    failed+=("$target")
    # Allocation stacks stop at GLib, built without frame pointers, unless the slow unwinder
    # is used: replay the reproducer with it.
    for artifact in "$workdir/artifacts/$target"-*; do
      [[ -f $artifact ]] || continue
      log "Replaying $(basename "$artifact") with full stack traces"
      ASAN_OPTIONS=$ASAN_OPTIONS:fast_unwind_on_malloc=0 \
        "$workdir/fuzz-$target" "$artifact" 2>&1 | grep -vE '^(INFO|MS|Running|Executed)' | head -n 60 || true
    done
    continue
  fi
  grep -E '^#[0-9]+[[:space:]]+(DONE|INITED)' "$workdir/$target.log" | tail -n 2 || true
  grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' \
    "$workdir/$target.log" || true

  if [[ $merge -eq 1 ]]; then
    log "Merging new coverage of fuzz-$target into tests/fuzz/corpus/$target"
    mkdir -p "$kept"
    "$workdir/fuzz-$target" "${fuzz_flags[@]}" -merge=1 -use_counters=0 "$kept" "$corpus" \
      >"$workdir/$target-merge.log" 2>&1 || {
      tail -n 30 "$workdir/$target-merge.log"
      failed+=("$target-merge")
    }
  fi
done

if [[ ${#failed[@]} -gt 0 ]]; then
  keep_workdir=1
  echo "fuzz.sh: failed: ${failed[*]}; reproducers and logs are in $workdir" >&2
  ls -l "$workdir/artifacts" >&2 || true
  exit 1
fi

log "No crash, leak or broken invariant"
