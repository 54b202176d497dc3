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
rm -f "$build_dir"/logs/*.result

# Runs one harness; its result line ("TARGET EXECUTIONS STATUS") goes to logs/TARGET.result.
run_target() {
    local seeds=$1 target binary corpus log status=0 runs
    target=$(basename "$seeds")
    binary="$build_dir/bin/$target"
    corpus="$build_dir/corpus/$target"
    log="$build_dir/logs/$target.log"
    if [ ! -x "$binary" ]; then
        echo "no harness $binary for the corpus $seeds" >"$log"
        echo "$target 0 127" >"$build_dir/logs/$target.result"
        return
    fi
    mkdir -p "$corpus"
    "$binary" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=16384 -print_final_stats=1 \
        -artifact_prefix="$build_dir/artifacts/$target-" "$corpus" "$seeds" >"$log" 2>&1 || status=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    echo "$target ${runs:-0} $status" >"$build_dir/logs/$target.result"
}

# As many harnesses at once as there are cores (KM_FUZZ_JOBS), each on its own core.
jobs=${KM_FUZZ_JOBS:-$(nproc)}
for seeds in "$root"/tests/fuzz/corpus/*/; do
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
    run_target "$seeds" &
done
wait

total=0
failed=()
for result in "$build_dir"/logs/*.result; do
    read -r target runs status <"$result"
    total=$((total + runs))
    log="$build_dir/logs/$target.log"
    if [ "$status" -ne 0 ]; then
        failed+=("$target")
        printf '%-24s %12s executions  FAILED (exit %s), log: %s\n' "$target" "$runs" "$status" "$log"
        grep -E '^(==[0-9]+==ERROR|SUMMARY|fuzz property failed|no harness|.*runtime error)' "$log" | head -5 | sed 's/^/    /'
    else
        printf '%-24s %12s executions  ok\n' "$target" "$runs"
    fi
done
printf '%-24s %12s executions in %s s per target, %s at a time\n' "total" "$total" "$seconds" "$jobs"
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz.sh: ${#failed[@]} target(s) failed: ${failed[*]}" >&2
    exit 1
fi
