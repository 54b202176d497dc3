#!/usr/bin/env bash
# Static analysis: clang-tidy with the tree's .clang-tidy (its short list says why each check is there) over every
# source of the tree, built in build (KM_BUILD_DIR) for its compile_commands.json. Fails on any warning, and lists them.
#   scripts/tidy.sh            the whole tree
#   scripts/tidy.sh FILE...    only these files
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${KM_BUILD_DIR:-$root/build}
command -v clang-tidy >/dev/null || { echo "tidy.sh: clang-tidy is missing: run scripts/setup.sh --test" >&2; exit 2; }
[ -f "$build_dir/compile_commands.json" ] || { echo "tidy.sh: no $build_dir/compile_commands.json: build first (scripts/setup.sh)" >&2; exit 2; }
if [ $# -gt 0 ]; then
    files=("$@")
else
    mapfile -t files < <(bash "$root/scripts/tree-sources.sh" "$build_dir")
fi
log=$(mktemp -t kmconsole-tidy.XXXXXX)
trap 'rm -f "$log"' EXIT
cd "$root"
printf '%s\n' "${files[@]}" | xargs -P "$(nproc)" -n 4 clang-tidy -p "$build_dir" --quiet --extra-arg=-Wno-error --extra-arg=-Wno-unknown-warning-option \
    >"$log" 2>&1 || true
warnings=$(grep -E 'warning: .*\[[a-z]+-[a-z-]+\]$' "$log" | sort -u || true)
if grep -qE '^Error while processing|error: .*\[clang-diagnostic-error\]' "$log"; then
    grep -E '^Error while processing|error: ' "$log" | sort -u | head -20 >&2
    echo "tidy.sh: clang-tidy could not read some files (above)" >&2
    exit 2
fi
count=$(printf '%s' "$warnings" | grep -c . || true)
echo "tidy.sh: ${#files[@]} files, $count warnings"
if [ "$count" -gt 0 ]; then
    printf '%s\n' "$warnings"
    exit 1
fi
