#!/usr/bin/env bash
# Installs what is missing, builds the benches and runs them all: every figure one per
# line ("name value unit"), then a summary of the ratios against the targets of
# docs/performance.md. The figures also go to $KPS_BENCH_DIR/figures.txt.
#   KPS_BENCH_DIR   where the benches' stations and stores go (default ./bench-data; a
#                   real disk, not tmpfs: fsync is part of what is measured)
#   KPS_BENCH_QUICK=1   tiny sizes, to check that everything runs (seconds, not minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
build_dir="$(realpath -m "${KPS_BUILD_DIR:-build}")"
bench_dir="${KPS_BENCH_DIR:-$root/bench-data}"
mkdir -p "$bench_dir"
figures="$bench_dir/figures.txt"

./scripts/install-deps.sh
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
targets=(kps kps-bench-station kps-bench-p11-floor kps-bench-jigs kps-bench-firmware)
if cmake --build "$build_dir" --target help | grep -q '^bench_listing_export:'; then
    targets+=(bench_listing_export)
fi
cmake --build "$build_dir" --parallel "$(nproc)" --target "${targets[@]}" >/dev/null

if [ "${KPS_BENCH_QUICK:-0}" = 1 ]; then
    station_args=(--rounds 1 --count 50 --p2-rows 5000 --p2-window 200 --p5-count 32)
    listing_args=(--count 5000)
    firmware_args=(--endpoints 2 --busy-endpoints 1 --openocd-runs 1)
else
    station_args=()
    listing_args=(--count 1000000)
    firmware_args=()
fi

machine() {
    echo "machine.cpus $(nproc) cores"
    echo "machine.cpu_model $(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | tr ' ' '_') -"
    echo "machine.load_average_1min $(cut -d' ' -f1 /proc/loadavg) -"
    echo "machine.softhsm $(softhsm2-util --version) -"
}

run_benches() {
    machine
    TMPDIR="$bench_dir" "$build_dir/tests/bench/kps-bench-station" "${station_args[@]}"
    if [ -x "$build_dir/tests/bench/bench_listing_export" ]; then
        (cd "$bench_dir" && TMPDIR="$bench_dir" QT_QPA_PLATFORM=offscreen \
            "$build_dir/tests/bench/bench_listing_export" "${listing_args[@]}") |
            sed 's/^/p3./'
    else
        echo "p3.listing_export not-built - (the listing export bench is not on this branch yet)"
    fi
    (cd "$bench_dir" && "$build_dir/tests/jigs/kps-bench-jigs") | sed 's/^/p4./'
    (cd "$bench_dir" && "$build_dir/tests/bench/kps-bench-firmware" "${firmware_args[@]}") |
        sed 's/^/p6./'
    echo "machine.load_average_1min_after $(cut -d' ' -f1 /proc/loadavg) -"
}

run_benches | tee "$figures"
echo
echo "Summary (targets from docs/performance.md):"
awk -f "$root/scripts/bench-summary.awk" "$figures"
