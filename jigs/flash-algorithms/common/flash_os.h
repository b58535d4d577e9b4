/* The CMSIS-Pack flash algorithm interface, as the station (and pyOCD, probe-rs, Keil)
 * calls it: the algorithm is loaded into target RAM, a function is called by setting
 * r0-r3, sp, pc and lr (lr pointing at a BKPT), and it returns its result in r0.
 *
 *   int Init(uint32_t base, uint32_t clock, uint32_t function)  0 = done
 *   int UnInit(uint32_t function)                                0 = done
 *   int EraseSector(uint32_t address)                            0 = done
 *   int ProgramPage(uint32_t address, uint32_t size, const uint8_t *data) 0 = done
 *   uint32_t Verify(uint32_t address, uint32_t size, const uint8_t *data)
 *                                            address + size = equal, else the first address that
 * differs
 *
 * plus, beyond the CMSIS set, for the station's verification without a read-back:
 *   uint32_t Crc32(uint32_t address, uint32_t size)   CRC-32 (ISO-HDLC, as zlib) of flash
 *
 * The device description `FlashDevice` (section DevDscr) has the CMSIS layout, so any
 * CMSIS-Pack loader reads it: version, name, type, base, size, programming page size,
 * empty value, time-outs and a list of sector sizes ending with two 0xFFFFFFFF words. */
#ifndef KPS_FLASH_OS_H
#define KPS_FLASH_OS_H

#include <stdint.h>

#define FLASH_DRIVER_VERSION 0x0101
#define FLASH_TYPE_ON_CHIP 1
#define FLASH_SECTOR_END 0xFFFFFFFFu

#define FLASH_FUNCTION_ERASE 1
#define FLASH_FUNCTION_PROGRAM 2
#define FLASH_FUNCTION_VERIFY 3

struct FlashSectors {
    uint32_t size;    /* bytes per sector from here on */
    uint32_t address; /* offset from the device base where this size starts */
};

struct FlashDevice {
    uint16_t version;
    char name[128];
    uint16_t type;
    uint32_t base;
    uint32_t size;
    uint32_t page_size; /* bytes ProgramPage takes at most */
    uint32_t reserved;
    uint8_t empty_value;
    uint32_t program_timeout_ms; /* per ProgramPage */
    uint32_t erase_timeout_ms;   /* per EraseSector */
    struct FlashSectors sectors[4];
};

#define FLASH_ENTRY __attribute__((used, visibility("default")))

#endif
