#!/usr/bin/env bash
# Installs what the tests need, builds, and runs every test on a private D-Bus session with an
# unlocked gnome-keyring (a real Secret Service) and the offscreen Qt platform.
#   scripts/test.sh [ctest args]              the suite, built in build (KM_BUILD_DIR)
#   scripts/test.sh --sanitize [ctest args]   the suite built with AddressSanitizer and UndefinedBehaviorSanitizer
#                                             in build-asan (KM_ASAN_BUILD_DIR); any report fails its test
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${KM_BUILD_DIR:-$root/build}
sanitize=0
if [ "${1:-}" = "--sanitize" ]; then
    shift
    sanitize=1
    build_dir=${KM_ASAN_BUILD_DIR:-$root/build-asan}
    export KM_BUILD_DIR=$build_dir
    export KM_CMAKE_ARGS="${KM_CMAKE_ARGS:-} -DKM_SANITIZE=ON"
    # A report ends the process with a non-zero status, so ctest counts the test as failed. Leaks are
    # reported at exit; only third-party frames are suppressed (tests/sanitizers/lsan.supp says why).
    export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:abort_on_error=0:exitcode=23:detect_stack_use_after_return=0:strict_string_checks=1"
    export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:exitcode=24"
    export LSAN_OPTIONS="suppressions=$root/tests/sanitizers/lsan.supp:print_suppressions=0"
fi
"$root/scripts/setup.sh" --test
export QT_QPA_PLATFORM=offscreen
if [ "$sanitize" = 1 ]; then
    # A test whose only report is a leak with no kmconsole frame runs once more with full stacks
    # (scripts/sanitized-ctest.sh says why).
    exec dbus-run-session -- "$root/scripts/with-keyring.sh" "$root/scripts/sanitized-ctest.sh" "$build_dir" "$@"
fi
exec dbus-run-session -- "$root/scripts/with-keyring.sh" \
    ctest --test-dir "$build_dir" --output-on-failure --timeout 600 "$@"
