#!/usr/bin/env bash
# ctest for the suite built with the sanitizers (scripts/test.sh --sanitize). When it fails, runs once more,
# with full stacks, each failed test whose only problem was a LeakSanitizer report in which no frame is
# kmconsole's. Everything else a failed test printed (a failed check, an AddressSanitizer error, a UBSan
# runtime error, a leak with one of kmconsole's frames) fails the run as it is.
#
# Why: ASan's fast unwinder stops at the first frame of a library built without frame pointers. A leak of
# an object allocated inside libcrypto or libssl is then reported as "malloc, CRYPTO_zalloc" and nothing
# else, whoever called OpenSSL. Such a report came once in one CI run (tst_doctor, 2 × 40 bytes) and never
# in dozens of runs since. The run again is with fast_unwind_on_malloc=0, so a leak that recurs is
# reported with every frame, ours included, and fails; one that does not recur is printed as such, with
# the first report kept beside the build, and does not fail the run.
#
#   scripts/sanitized-ctest.sh BUILD_DIR [ctest args]   the suite, then the run again of what qualifies
#   scripts/sanitized-ctest.sh --classify LOG TEST      exit 0 when TEST's output in ctest's LOG qualifies
set -euo pipefail

# The output ctest kept for one test (between "Output:" and "<end of output>" in LastTest.log).
test_output() {
    awk -v t="$2" '
        $0 ~ "^[0-9]+/[0-9]+ Testing: " t "$" { inside = 1; next }
        inside && /^Output:/ { printing = 1; next }
        printing && /^<end of output>/ { exit }
        printing { print }
    ' "$1"
}

# True when the output shows a leak report and nothing else wrong, and no frame of any leak is ours.
qualifies() {
    local out
    out=$(test_output "$1" "$2")
    grep -q 'ERROR: LeakSanitizer: detected memory leaks' <<<"$out" || return 1
    grep -qE '^FAIL!|ERROR: AddressSanitizer|runtime error:|^Totals: [0-9]+ passed, [1-9]' <<<"$out" && return 1
    grep -qE '^Totals: [0-9]+ passed, 0 failed' <<<"$out" || return 1
    # Every frame is the sanitizer's interceptor or a system library's.
    local frames
    frames=$(grep -E '^[[:space:]]+#[0-9]+ 0x[0-9a-f]+ ' <<<"$out" || true)
    [ -n "$frames" ] || return 1
    ! grep -vE '/libsanitizer/|\((/usr)?/lib/[^)]*\)$' <<<"$frames" | grep -q .
}

if [ "${1:-}" = "--classify" ]; then
    qualifies "$2" "$3"
    exit
fi

build_dir=$1
shift
ctest --test-dir "$build_dir" --output-on-failure --timeout 600 "$@" && exit 0
log="$build_dir/Testing/Temporary/LastTest.log"
failed_list="$build_dir/Testing/Temporary/LastTestsFailed.log"
[ -f "$failed_list" ] || exit 1
mapfile -t failed < <(cut -d: -f2 "$failed_list")
reports="$build_dir/sanitizer-reports"
mkdir -p "$reports"
again=()
for t in "${failed[@]}"; do
    if ! qualifies "$log" "$t"; then
        echo "sanitizers: $t failed for a reason other than a leak without kmconsole frames; not run again"
        exit 1
    fi
    test_output "$log" "$t" >"$reports/$t-first.log"
    again+=("$t")
done
pattern="^($(IFS='|'; echo "${again[*]}"))\$"
echo "sanitizers: ${again[*]}: a leak report with no kmconsole frame (first report in $reports); running again with full stacks"
export ASAN_OPTIONS="${ASAN_OPTIONS:-}:fast_unwind_on_malloc=0"
if ctest --test-dir "$build_dir" --output-on-failure --timeout 600 -R "$pattern"; then
    echo "sanitizers: ${again[*]}: the leak did not recur with full stacks; the first report is in $reports"
    exit 0
fi
echo "sanitizers: ${again[*]}: failed again with full stacks (above)"
exit 1
