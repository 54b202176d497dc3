#!/usr/bin/env bash
# Writes a PNG of every page, each setup wizard step, the Token Inspector with an Entra v1 and v2 token,
# and the main error states into build/screenshots/, at 1280×800 and 1024×700, in a light and a dark
# palette. The console runs offscreen against the in-process sandbox (tests/tools/screenshots.cpp, a tool
# of the source tree: the installed console holds no sandbox code), with a throw-away keyring.
#   scripts/screenshots.sh [--sizes 1280x800,1024x700] [--palettes light,dark]
# The README's pictures (docs/screenshots/) are copies of some of them.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${KM_BUILD_DIR:-$root/build}
if [ ! -f "$build/build.ninja" ] && [ ! -f "$build/Makefile" ]; then
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug
fi
nice cmake --build "$build" -j"${KM_JOBS:-2}" --target kmconsole-screenshots
out="$build/screenshots"
mkdir -p "$out"
config=$(mktemp -d -t kmconsole-screenshots.XXXXXX)
export KMCONSOLE_CONFIG_DIR="$config" QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
# A private D-Bus session and keyring: the sandbox's throw-away secrets never reach the user's keychain.
status=0
dbus-run-session -- "$root/scripts/with-keyring.sh" "$build/bin/kmconsole-screenshots" --out "$out" "$@" || status=$?
rm -rf "$config"
exit $status
