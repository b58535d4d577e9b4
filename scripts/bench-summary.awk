# Reads the figures scripts/bench.sh printed ("name value unit") and prints each
# target of docs/performance.md with the measured figure: met, or missed by how much.
{ value[$1] = $2 }

function check(label, name, target, atMost,   v, miss) {
    if (!(name in value) || value[name] !~ /^-?[0-9.]+(e[-+]?[0-9]+)?$/) {
        printf "  %-52s %s\n", label, "not measured"
        return
    }
    v = value[name] + 0
    if ((atMost && v <= target) || (!atMost && v >= target)) {
        printf "  %-52s %10.3f  target %s %g: met\n", label, v, atMost ? "<=" : ">=", target
        return
    }
    miss = atMost ? (v / target - 1) * 100 : (1 - v / target) * 100
    printf "  %-52s %10.3f  target %s %g: MISSED by %.0f %%\n", label, v,
           atMost ? "<=" : ">=", target, miss
}

function show(label, name, unit) {
    if (name in value)
        printf "  %-52s %10s  %s\n", label, value[name], unit
}

END {
    check("P1 station / PKCS#11 floor per endpoint (x)", "p1.ratio_station_to_floor", 1.5, 1)
    show("   station ms per endpoint", "p1.station.ms_per_endpoint", "ms")
    show("   floor ms per endpoint", "p1.floor.ms_per_endpoint", "ms")
    check("P1 the same in CPU time per endpoint (x)", "p1.ratio_station_to_floor.cpu", 1.5, 1)
    show("   station CPU ms per endpoint", "p1.station.cpu_ms_per_endpoint", "ms")
    show("   floor CPU ms per endpoint", "p1.floor.cpu_ms_per_endpoint", "ms")
    show("   floor with size queries (as before profiling)",
         "p1.floor_with_length_queries.ms_per_endpoint", "ms")
    check("P1 throughput 4 slots / 1 slot (x)", "p1.throughput_ratio_4_to_1_slots", 1.6, 0)
    show("   floor alone, 4 sessions / 1 session", "p1.floor.throughput_ratio_4_to_1_sessions", "x")
    check("P2 endpoint ~1,000,000 / ~1,000 (x)", "p2.ratio_1m_to_1k", 1.10, 1)
    check("P2 the same in CPU time per endpoint (x)", "p2.ratio_1m_to_1k.cpu", 1.10, 1)
    show("   the same, normalised by the floor", "p2.ratio_1m_to_1k.floor_normalised", "x")
    if ("p2.hsm_objects_before" in value) {
        verdict = "GREW: missed"
        if (value["p2.hsm_objects_before"] == value["p2.hsm_objects_after"])
            verdict = "constant: met"
        printf "  %-52s %10s  %s\n", "P2 HSM objects before -> after",
               value["p2.hsm_objects_before"] " -> " value["p2.hsm_objects_after"], verdict
    }
    check("P3 listing export of 1,000,000 endpoints (s)", "p3.listing_export_s", 60, 1)
    check("P3 listing export peak RSS (MiB)", "p3.listing_export_peak_rss", 256, 1)
    check("P4 USB round trips per endpoint / minimum (x)", "p4.usb-ours-round-trips-ratio", 1.25, 1)
    show("   OpenOCD / ours, round trips", "p4.usb-round-trips-openocd-vs-ours", "x")
    show("   OpenOCD / ours, time per endpoint", "p4.usb-speedup-ours-vs-openocd", "x")
    show("   ours, ms per endpoint over libusb", "p4.usb-ours-ms-per-endpoint", "ms")
    check("P6 STM32WLE5 64 KiB pass: round trips / minimum (x)", "p6.usb-ours-round-trips-ratio",
          1.25, 1)
    show("   OpenOCD / ours, round trips", "p6.usb-round-trips-openocd-vs-ours", "x")
    check("P6 OpenOCD time / ours over libusb (x)", "p6.usb-speedup-ours-vs-openocd", 2, 0)
    show("   ours, ms per endpoint over libusb", "p6.usb-ours-ms-per-endpoint", "ms")
    check("P6 flash busy / endpoint time, datasheet times (%)", "p6.model-flash-busy-share",
          90, 0)
    show("   emulator's share of the host time over libusb", "p6.usb-ours-emulator-share", "%")
    check("P5 slot utilisation, 8 slots, 40 ms flash (%)", "p5.slot_utilisation.min", 95, 0)
    show("   flash share (flash time / wall), lowest slot", "p5.flash_share.min", "%")
    show("Load average before -> after",
         "machine.load_average_1min", "-> " value["machine.load_average_1min_after"])
}
