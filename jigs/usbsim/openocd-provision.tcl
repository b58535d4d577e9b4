# The station's key-store job written for OpenOCD (mem_ap target on the simulated
# probe): unlock the flash controller, erase the key-store page, program the record
# with load_image, check the status, read it back with dump_image, then set readout
# protection and reload the option bytes. Same registers as
# jigs/targets/reference-endpoint-v1.json; used by the conformance test and the bench.
set KPS_FC 0x40022000
set KPS_KEYSTORE 0x0800F800
set KPS_PAGE 31

proc kps_wait_idle {} {
    global KPS_FC
    for {set i 0} {$i < 1000} {incr i} {
        set sr [lindex [read_memory [expr {$KPS_FC + 0x10}] 32 1] 0]
        if {($sr & 0x10000) == 0} { return $sr }
    }
    error "the flash controller stays busy"
}

proc kps_unlock {} {
    global KPS_FC
    mww [expr {$KPS_FC + 0x08}] 0x45670123
    mww [expr {$KPS_FC + 0x08}] 0xCDEF89AB
    mww [expr {$KPS_FC + 0x10}] 0xF9
}

proc kps_program {record readback size} {
    global KPS_FC KPS_KEYSTORE KPS_PAGE
    kps_unlock
    mww [expr {$KPS_FC + 0x14}] [expr {(1 << 1) | ($KPS_PAGE << 3)}]
    mww [expr {$KPS_FC + 0x14}] [expr {(1 << 1) | ($KPS_PAGE << 3) | (1 << 16)}]
    kps_wait_idle
    mww [expr {$KPS_FC + 0x14}] 1
    load_image $record $KPS_KEYSTORE bin
    set sr [kps_wait_idle]
    mww [expr {$KPS_FC + 0x14}] 0x80000000
    if {$sr & 0xF8} { error [format "flash error, SR 0x%08x" $sr] }
    dump_image $readback $KPS_KEYSTORE $size
}

proc kps_lock {} {
    global KPS_FC
    kps_unlock
    mww [expr {$KPS_FC + 0x0C}] 0x08192A3B
    mww [expr {$KPS_FC + 0x0C}] 0x4C5D6E7F
    mww [expr {$KPS_FC + 0x20}] 0xBB
    mww [expr {$KPS_FC + 0x14}] [expr {1 << 17}]
    kps_wait_idle
    mww [expr {$KPS_FC + 0x14}] [expr {1 << 27}]
    return [format "0x%02x" [expr {[lindex [read_memory [expr {$KPS_FC + 0x20}] 32 1] 0] & 0xFF}]]
}

# What the station's attach does: halt the core, read the unique ID.
proc kps_attach {} {
    mww 0xE000EDF0 0xA05F0003
    kps_wait_halted
    return [read_memory 0x1FFF7590 32 3]
}

proc kps_wait_halted {} {
    for {set i 0} {$i < 1000} {incr i} {
        if {[lindex [read_memory 0xE000EDF0 32 1] 0] & 0x20000} { return }
    }
    error "the core does not halt"
}
