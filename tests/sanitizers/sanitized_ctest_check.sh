#!/usr/bin/env bash
# Checks scripts/sanitized-ctest.sh: which failed tests it runs again (only a leak report with no kmconsole
# frame, and nothing else wrong), that it runs them with full stacks, and that it fails the run when the
# leak recurs or when anything else failed.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
script="$here/../../scripts/sanitized-ctest.sh"
failures=0
expect() { # expect WHAT ACTUAL WANTED
    if [ "$2" != "$3" ]; then
        echo "FAIL: $1: got $2, wanted $3"
        failures=$((failures + 1))
    else
        echo "ok: $1"
    fi
}

# Which outputs qualify (a ctest LastTest.log with five failed tests).
log="$here/rerun/LastTest.log"
for t in tst_libonly tst_ownframe tst_failedcheck tst_ubsan tst_heap; do
    "$script" --classify "$log" "$t" && again=yes || again=no
    expect "$t is run again" "$again" "$([ $t = tst_libonly ] && echo yes || echo no)"
done

# The whole flow, on a ctest tree of fake tests. Each fake test counts its runs and records ASAN_OPTIONS.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
leak_report='
=================================================================
==1==ERROR: LeakSanitizer: detected memory leaks

Direct leak of 80 byte(s) in 2 object(s) allocated from:
    #0 0x7fda2b2b89cf in __interceptor_malloc ../../../../src/libsanitizer/asan/asan_malloc_linux.cpp:69
    #1 0x7fda2a6333e8 in CRYPTO_zalloc (/lib/x86_64-linux-gnu/libcrypto.so.3+0x2333e8)

SUMMARY: AddressSanitizer: 80 byte(s) leaked in 2 allocation(s).'
fake() { # fake NAME BEHAVIOUR: flaky (leaks on the first run only), leaky (every run), failing (a failed check)
    cat >"$work/$1.sh" <<EOF
#!/usr/bin/env bash
n=\$(( \$(cat "$work/$1.runs" 2>/dev/null || echo 0) + 1 ))
echo \$n >"$work/$1.runs"
echo "\$ASAN_OPTIONS" >"$work/$1.options"
case $2 in
flaky) [ \$n -gt 1 ] && { echo "Totals: 1 passed, 0 failed, 0 skipped, 0 blacklisted, 1ms"; exit 0; } ;;
failing) echo "FAIL!  : Fake::one() 'ok' returned FALSE. ()"; echo "Totals: 0 passed, 1 failed, 0 skipped, 0 blacklisted, 1ms"; exit 1 ;;
esac
echo "Totals: 1 passed, 0 failed, 0 skipped, 0 blacklisted, 1ms"
cat <<'REPORT'
$leak_report
REPORT
exit 23
EOF
    chmod +x "$work/$1.sh"
    echo "add_test($1 \"$work/$1.sh\")" >>"$work/tree/CTestTestfile.cmake"
}
run_tree() { # run_tree TESTS...: a fresh tree with these fake tests; prints the script's exit status
    rm -rf "$work/tree" "$work"/*.runs "$work"/*.options
    mkdir -p "$work/tree"
    : >"$work/tree/CTestTestfile.cmake"
    for spec in "$@"; do fake "${spec%%:*}" "${spec##*:}"; done
    ASAN_OPTIONS=detect_leaks=1 "$script" "$work/tree" >"$work/out.log" 2>&1
    echo $?
}

expect "a leak that does not recur passes" "$(run_tree tst_a:flaky)" 0
expect "it was run twice" "$(cat "$work/tst_a.runs")" 2
expect "the second run had full stacks" "$(grep -c 'fast_unwind_on_malloc=0' "$work/tst_a.options")" 1
expect "the first report is kept" "$(grep -c 'CRYPTO_zalloc' "$work/tree/sanitizer-reports/tst_a-first.log")" 1
expect "it says the leak did not recur" "$(grep -c 'did not recur' "$work/out.log")" 1

expect "a leak that recurs fails" "$(run_tree tst_b:leaky)" 1
expect "it was run twice" "$(cat "$work/tst_b.runs")" 2

expect "a failed check fails at once" "$(run_tree tst_c:failing tst_d:flaky)" 1
expect "the failed check was not run again" "$(cat "$work/tst_c.runs")" 1
expect "nor the leak beside it" "$(cat "$work/tst_d.runs")" 1

expect "a passing suite passes" "$(run_tree)" 0

if [ $failures -ne 0 ]; then
    echo "$failures check(s) failed"
    exit 1
fi
echo "all checks passed"
