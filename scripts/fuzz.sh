#!/usr/bin/env bash
# Builds the libFuzzer harnesses (tests/fuzz) with clang, ASan and UBSan in build-fuzz
# (KM_FUZZ_BUILD_DIR), then runs each for SECONDS (default 30) from its seed corpus
# (tests/fuzz/corpus/<target>) plus what earlier runs found (build-fuzz/corpus/<target>).
#   scripts/fuzz.sh [SECONDS]
# Fails when a harness crashes, leaks, trips a sanitizer or a property; the input is kept in
# build-fuzz/artifacts/. Prints the executions per target and in total.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
seconds=${1:-30}
case "$seconds" in ''|*[!0-9]*) echo "fuzz.sh: SECONDS must be a number, not “$seconds”" >&2; exit 2 ;; esac
build_dir=${KM_FUZZ_BUILD_DIR:-$root/build-fuzz}

# Optimised (with debug info for the stacks): the executions per second decide how far a run gets.
KM_BUILD_DIR="$build_dir" KM_BUILD_TARGETS=fuzzers KM_BUILD_TYPE=RelWithDebInfo \
KM_CMAKE_ARGS="-DKM_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++ -DBUILD_TESTING=OFF" \
    "$root/scripts/setup.sh" --fuzz

export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
# Shorter allocation stacks and a smaller quarantine: Qt allocates a lot per input, and recording each
# allocation's full stack would take most of the time. Use-after-free is still caught within 64 MB.
export ASAN_OPTIONS="malloc_context_size=8:quarantine_size_mb=64:detect_leaks=1"
mkdir -p "$build_dir/artifacts" "$build_dir/logs"
total=0
failed=()
for seeds in "$root"/tests/fuzz/corpus/*/; do
    target=$(basename "$seeds")
    binary="$build_dir/bin/$target"
    [ -x "$binary" ] || { echo "fuzz.sh: no harness $binary for the corpus $seeds" >&2; failed+=("$target"); continue; }
    corpus="$build_dir/corpus/$target"
    log="$build_dir/logs/$target.log"
    mkdir -p "$corpus"
    status=0
    "$binary" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=16384 -print_final_stats=1 \
        -artifact_prefix="$build_dir/artifacts/$target-" "$corpus" "$seeds" >"$log" 2>&1 || status=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    runs=${runs:-0}
    total=$((total + runs))
    if [ $status -ne 0 ]; then
        failed+=("$target")
        printf '%-24s %12s executions  FAILED (exit %s), log: %s\n' "$target" "$runs" "$status" "$log"
        grep -E '^(==[0-9]+==ERROR|SUMMARY|fuzz property failed|.*runtime error)' "$log" | head -5 | sed 's/^/    /'
    else
        printf '%-24s %12s executions  ok\n' "$target" "$runs"
    fi
done
printf '%-24s %12s executions in %s s per target\n' "total" "$total" "$seconds"
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz.sh: ${#failed[@]} target(s) failed: ${failed[*]}" >&2
    exit 1
fi
