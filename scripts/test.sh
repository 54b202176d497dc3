#!/usr/bin/env bash
# Installs what the tests need, builds, and runs every test on a private D-Bus session with an
# unlocked gnome-keyring (a real Secret Service) and the offscreen Qt platform.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${KM_BUILD_DIR:-$root/build}
"$root/scripts/setup.sh" --test
export QT_QPA_PLATFORM=offscreen
exec dbus-run-session -- "$root/scripts/with-keyring.sh" \
    ctest --test-dir "$build_dir" --output-on-failure --timeout 600 "$@"
