#!/usr/bin/env bash
# The hardening part of CI (docs/hardening.md), from one clang build in ./build-hardened
# (or $KPS_HARDENED_DIR) with AddressSanitizer + UndefinedBehaviorSanitizer:
#   1. the unit suites (ctest -L unit: hsm, jigs, provisioning) under the sanitizers;
#   2. every libFuzzer target for a fixed number of inputs from its seeds (about half a
#      minute each on the 2-core CI machine; $KPS_FUZZ_RUNS sets one number for all).
# Prints one line per fuzz target: "fuzz TARGET: N execs, 0 crashes". Fails on any
# sanitizer report, test failure or crash.
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${KPS_HARDENED_DIR:-build-hardened}"
jobs="$(nproc)"

CC=clang CXX=clang++ cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DKPS_SANITIZE=ON -DKPS_FUZZ=ON >/dev/null
unit_tests=$(cd "$dir" && ctest -N -L unit | sed -n 's/^ *Test *#[0-9]*: //p')
# shellcheck disable=SC2086
cmake --build "$dir" --parallel "$jobs" --target kps kps_fuzz_targets $unit_tests

# detect_leaks=0: Qt, OpenSSL and SoftHSM keep process-lifetime allocations (plugin
# registries, error strings, the module's slot list) that LeakSanitizer reports at exit;
# leaks of our own objects are covered by RAII review and the object-count test.
# verify_asan_link_order=0: SoftHSM is dlopen()ed, uninstrumented, after the runtime.
export ASAN_OPTIONS="detect_leaks=0:verify_asan_link_order=0:abort_on_error=1:strict_string_checks=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
(cd "$dir" && ctest --output-on-failure --parallel "$jobs" -L unit --timeout 900)

for seeds in tests/fuzz/corpus/fuzz_*; do
    target=$(basename "$seeds")
    case "$target" in # inputs per target: cost per input differs 1000-fold
    fuzz_listing) runs=300 ;;      # signs every input with RSA-2048 first
    fuzz_order) runs=3000 ;;       # parses two certificates per input
    fuzz_profile) runs=20000 ;;
    *) runs=1000000 ;;             # the binary decoders
    esac
    runs="${KPS_FUZZ_RUNS:-$runs}"
    work=$(mktemp -d)
    cp -r "$seeds/." "$work/"
    log="$dir/$target.log"
    if ! "$dir/tests/fuzz/$target" -runs="$runs" -seed=1 -max_len=8192 -rss_limit_mb=2048 \
        -print_final_stats=1 "$work" >"$log" 2>&1; then
        tail -40 "$log"
        echo "fuzz $target: CRASH (reproducer in $(pwd), see $log)"
        exit 1
    fi
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    echo "fuzz $target: $execs execs, 0 crashes"
    rm -rf "$work"
done
