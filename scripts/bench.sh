#!/usr/bin/env bash
# Builds Release (in build-bench, KM_BENCH_DIR) and prints the console's figures in one table, each
# beside its reference measured in the same run on the same machine. Not a test: nothing is judged.
#   scripts/bench.sh            the full run (a few minutes)
#   scripts/bench.sh --quick    every figure at a small scale, to check that the benchmark runs
#   scripts/bench.sh --json     the figures as JSON instead of the table
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${KM_BENCH_DIR:-$root/build-bench}
quick=0 json=0
for arg in "$@"; do
    case "$arg" in
        --quick) quick=1 ;;
        --json) json=1 ;;
        *) echo "bench.sh: unknown option $arg (use --quick or --json)" >&2; exit 2 ;;
    esac
done
if [ $quick = 1 ]; then
    seconds=0.3 ossl_seconds=1 mb=1 rows=10000 starts=1 versions=5
else
    seconds=3 ossl_seconds=3 mb=5 rows=100000 starts=5 versions=20
fi

# shellcheck source=scripts/release-flags.sh
. "$root/scripts/release-flags.sh"
cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF -DKM_BENCH=ON >/dev/null
cmake --build "$build_dir" --target kmbench kmconsole-cli kmconsole-sandbox >/dev/null
bin=$build_dir/bin
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export QT_QPA_PLATFORM=offscreen KMCONSOLE_CONFIG_DIR=$work/config LC_ALL=C.UTF-8
log() { [ $json = 1 ] || echo "bench: $*" >&2; }

log "token verification (${seconds} s per algorithm)"
"$bin/kmbench" tokens --seconds "$seconds" >"$work/tokens.json"
log "openssl speed -seconds $ossl_seconds rsa2048 ecdsap256 ed25519"
openssl speed -seconds "$ossl_seconds" rsa2048 ecdsap256 ed25519 2>/dev/null >"$work/openssl.txt"
log "npm jose jwtVerify"
if command -v node >/dev/null && [ -d "$root/tests/node/node_modules/jose" ]; then
    node "$root/bench/jose-verify.mjs" "$seconds" >"$work/jose.json"
else
    echo '{}' >"$work/jose.json"
fi
log "a ${mb} MB response on the event loop"
"$bin/kmbench" response --mb "$mb" >"$work/response.json"
log "$rows applications in the Applications page"
"$bin/kmbench" rows --rows "$rows" >"$work/rows.json"
log "start-up ($starts runs)"
for _ in $(seq "$starts"); do "$bin/kmbench" startup; done >"$work/startup.jsonl"
log "kmconsole-cli --version ($versions runs)"
start=$(date +%s%N)
for _ in $(seq "$versions"); do "$bin/kmconsole-cli" --version >/dev/null; done
echo $(( ($(date +%s%N) - start) / versions )) >"$work/version.ns"

log "requests per flow (kmconsole-cli against kmconsole-sandbox)"
# Always on a private D-Bus session with a throw-away keyring: the sandbox's secrets never reach the user's.
if command -v dbus-run-session >/dev/null && command -v gnome-keyring-daemon >/dev/null; then
    dbus-run-session -- "$root/scripts/with-keyring.sh" python3 "$root/bench/flows.py" "$bin" "$work" >"$work/flows.json" 2>"$work/flows.err" ||
        { cat "$work/flows.err" >&2; exit 1; }
else
    log "no dbus-run-session or gnome-keyring: the flows need a keychain, skipped (scripts/setup.sh --test installs one)"
    echo '{}' >"$work/flows.json"
fi

python3 "$root/bench/report.py" "$work" "$json" "$quick"
