#!/usr/bin/env bash
# Starts kmconsole-sandbox, then the console connected to it; the sandbox stops when the console exits.
# scripts/run.sh --sandbox calls this after building; KM_BUILD_DIR (default build) says where the binaries are.
# The sandbox's start-up line (URLs, accounts, throw-away secrets, certificate pins) goes to the console
# through a pipe on its standard input: never on a command line, never in a file.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=${KM_BUILD_DIR:-$root/build}/bin

coproc SANDBOX { exec "$bin/kmconsole-sandbox"; }
sandbox_pid=$SANDBOX_PID
stop_sandbox() {
    kill -TERM "$sandbox_pid" 2>/dev/null || true
    wait "$sandbox_pid" 2>/dev/null || true
}
trap stop_sandbox EXIT

if ! IFS= read -r -t 30 info <&"${SANDBOX[0]}"; then
    echo "run-sandbox.sh: kmconsole-sandbox printed no start-up line within 30 s" >&2
    exit 1
fi
# printf is a shell builtin, so the line never appears in a process's arguments.
status=0
printf '%s\n' "$info" | "$bin/kmconsole" --sandbox-stdin "$@" || status=$?
exit "$status"
