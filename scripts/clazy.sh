#!/usr/bin/env bash
# Static analysis: clazy (Debian's clazy) over every source of the tree, built in build (KM_BUILD_DIR) for
# its compile_commands.json. Fails on any warning, and lists them.
#   scripts/clazy.sh            the whole tree
#   scripts/clazy.sh FILE...    only these files
# Checks: clazy level 1 plus qstring-allocations, connect-3arg-lambda and lambda-in-connect (a lambda connected
# without a context object, or capturing locals by reference, outlives what it uses: the lifetime rule of
# docs/architecture.md). Two level-1 checks are left out, on purpose:
#   non-pod-global-static  the usage strings of the CLI and the stand-ins' fixed texts are file-level QStrings;
#                          none is read by another static's initialiser, so their order cannot matter;
#   qstring-ref            advises QStringRef/midRef, which Qt 6 removed (QStringView is the Qt 6 answer and the
#                          check does not know it).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${KM_BUILD_DIR:-$root/build}
checks=level1,qstring-allocations,connect-3arg-lambda,lambda-in-connect,no-non-pod-global-static,no-qstring-ref
command -v clazy-standalone >/dev/null || { echo "clazy.sh: clazy-standalone is missing: run scripts/setup.sh --test" >&2; exit 2; }
[ -f "$build_dir/compile_commands.json" ] || { echo "clazy.sh: no $build_dir/compile_commands.json: build first (scripts/setup.sh)" >&2; exit 2; }
if [ $# -gt 0 ]; then
    files=("$@")
else
    mapfile -t files < <(bash "$root/scripts/tree-sources.sh" "$build_dir")
fi
log=$(mktemp -t kmconsole-clazy.XXXXXX)
trap 'rm -f "$log"' EXIT
printf '%s\n' "${files[@]}" | xargs -P "$(nproc)" -n 4 clazy-standalone -p "$build_dir" --extra-arg=-Wno-error \
    --extra-arg=-Wno-unknown-warning-option -checks="$checks" >"$log" 2>&1 || true
warnings=$(grep -E 'warning: .*\[-Wclazy-' "$log" | sort -u || true)
if grep -qE 'error: ' "$log"; then
    grep -E 'error: ' "$log" | sort -u | head -20 >&2
    echo "clazy.sh: clazy could not read some files (above)" >&2
    exit 2
fi
count=$(printf '%s' "$warnings" | grep -c . || true)
echo "clazy.sh: ${#files[@]} files, $count warnings"
if [ "$count" -gt 0 ]; then
    printf '%s\n' "$warnings"
    exit 1
fi
