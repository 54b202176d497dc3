#!/usr/bin/env bash
# Runs a command with a fresh, unlocked gnome-keyring on the current (private) D-Bus session.
# The keyring lives in a throw-away data directory, never the user's own.
set -euo pipefail
[ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ] || { echo "with-keyring.sh: no D-Bus session; run it under dbus-run-session" >&2; exit 1; }
keyring_home=$(mktemp -d -t kmconsole-keyring.XXXXXX)
export XDG_DATA_HOME="$keyring_home/data" XDG_CONFIG_HOME="$keyring_home/config" XDG_RUNTIME_DIR="$keyring_home/run"
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
# --unlock with a password on stdin creates and unlocks the default "login" collection.
eval "$(printf 'kmconsole-test' | gnome-keyring-daemon --unlock --daemonize --components=secrets)"
export GNOME_KEYRING_CONTROL
status=0
"$@" || status=$?
rm -rf "$keyring_home"
exit $status
