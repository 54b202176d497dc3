#!/usr/bin/env bash
# Sets up kmconsole on a Debian 12 machine (installing what is missing), builds it and starts it.
#   scripts/run.sh              the console
#   scripts/run.sh --sandbox    the console against a local stand-in of API Manager, Asgardeo and Entra ID,
#                               started as a separate kmconsole-sandbox process (scripts/run-sandbox.sh)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/scripts/setup.sh"
if [ "${1:-}" = --sandbox ]; then
    shift
    exec "$root/scripts/run-sandbox.sh" "$@"
fi
exec "${KM_BUILD_DIR:-$root/build}/bin/kmconsole" "$@"
