/* Flash algorithm for the STM32WL5x/WLEx main flash (CMSIS-Pack ABI, flash_os.h).
 *
 * The register layout and sequences follow ST's reference manual RM0461 (STM32WLEx
 * advanced Arm-based 32-bit MCUs with sub-GHz radio), section 3 "Embedded flash
 * memory": 3.3.5 unlock sequence, 3.3.7 page erase, 3.3.8 standard (double-word)
 * programming, 3.7 register map (FLASH base 0x5800 4000, from the device memory map
 * in section 2.2). Written for this station; nothing is copied from vendor files.
 *
 * Flash: 0x0800 0000, up to 256 KiB in 2 KiB pages, programmed 64 bits at a time
 * (two 32-bit writes, the first word at the lower address); a double word is only
 * programmed when erased. ProgramPage takes up to 4 KiB (two pages) per call so the
 * station moves its data in the probe's largest blocks. */
#include "../common/flash_os.h"

#define FLASH_BASE_ADDRESS 0x08000000u
#define FLASH_PAGE_BYTES 2048u
#define FLASH_PAGES 128u

#define FLASH_REGISTERS 0x58004000u
#define FLASH_KEYR (*(volatile uint32_t*)(FLASH_REGISTERS + 0x08u))
#define FLASH_SR (*(volatile uint32_t*)(FLASH_REGISTERS + 0x10u))
#define FLASH_CR (*(volatile uint32_t*)(FLASH_REGISTERS + 0x14u))

#define KEY_1 0x45670123u
#define KEY_2 0xCDEF89ABu

#define SR_EOP (1u << 0)
#define SR_ERRORS                                                                                  \
    0x0000C3FAu /* OPERR PROGERR WRPERR PGAERR SIZERR PGSERR MISSERR FASTERR RDERR OPTVERR */
#define SR_BSY (1u << 16)
#define SR_CFGBSY (1u << 18)

#define CR_PG (1u << 0)
#define CR_PER (1u << 1)
#define CR_PNB_SHIFT 3u
#define CR_PNB_MASK (0x7Fu << CR_PNB_SHIFT)
#define CR_STRT (1u << 16)
#define CR_LOCK (1u << 31)

static void wait_idle(void) {
    while (FLASH_SR & (SR_BSY | SR_CFGBSY))
        ;
}

static uint32_t take_errors(void) {
    const uint32_t errors = FLASH_SR & SR_ERRORS;
    FLASH_SR = errors | SR_EOP; /* write one to clear */
    return errors;
}

FLASH_ENTRY int Init(uint32_t base, uint32_t clock, uint32_t function) {
    (void)base;
    (void)clock;
    (void)function;
    wait_idle();
    if (FLASH_CR & CR_LOCK) {
        FLASH_KEYR = KEY_1;
        FLASH_KEYR = KEY_2;
    }
    (void)take_errors();
    return (FLASH_CR & CR_LOCK) ? 1 : 0;
}

FLASH_ENTRY int UnInit(uint32_t function) {
    (void)function;
    wait_idle();
    FLASH_CR |= CR_LOCK;
    return 0;
}

FLASH_ENTRY int EraseSector(uint32_t address) {
    const uint32_t page = (address - FLASH_BASE_ADDRESS) / FLASH_PAGE_BYTES;
    if (address < FLASH_BASE_ADDRESS || page >= FLASH_PAGES)
        return 1;
    wait_idle();
    (void)take_errors();
    FLASH_CR = (FLASH_CR & ~(CR_PNB_MASK | CR_PG)) | CR_PER | (page << CR_PNB_SHIFT);
    FLASH_CR |= CR_STRT;
    wait_idle();
    const uint32_t errors = take_errors();
    FLASH_CR &= ~(CR_PER | CR_PNB_MASK);
    return errors ? 1 : 0;
}

/* Bytes past `size` read as erased, so a short last double word is padded. */
static uint32_t word_at(const uint8_t* data, uint32_t offset, uint32_t size) {
    uint32_t word = 0;
    for (uint32_t i = 4; i-- > 0;)
        word = (word << 8) | (offset + i < size ? data[offset + i] : 0xFFu);
    return word;
}

FLASH_ENTRY int ProgramPage(uint32_t address, uint32_t size, const uint8_t* data) {
    if (address & 7u)
        return 1;
    wait_idle();
    (void)take_errors();
    FLASH_CR |= CR_PG;
    uint32_t errors = 0;
    for (uint32_t offset = 0; offset < size && !errors; offset += 8) {
        const uint32_t low = word_at(data, offset, size);
        const uint32_t high = word_at(data, offset + 4, size);
        if ((low & high) == 0xFFFFFFFFu)
            continue; /* erased already: leave it erased */
        volatile uint32_t* target = (volatile uint32_t*)(address + offset);
        target[0] = low;
        target[1] = high;
        wait_idle();
        errors = take_errors();
    }
    FLASH_CR &= ~CR_PG;
    return errors ? 1 : 0;
}

FLASH_ENTRY uint32_t Verify(uint32_t address, uint32_t size, const uint8_t* data) {
    const volatile uint8_t* flash = (const volatile uint8_t*)address;
    for (uint32_t i = 0; i < size; ++i)
        if (flash[i] != data[i])
            return address + i;
    return address + size;
}

/* CRC-32/ISO-HDLC (the zlib CRC), four bits at a time. */
FLASH_ENTRY uint32_t Crc32(uint32_t address, uint32_t size) {
    static const uint32_t nibble[16] = {0x00000000u, 0x1DB71064u, 0x3B6E20C8u, 0x26D930ACu,
                                        0x76DC4190u, 0x6B6B51F4u, 0x4DB26158u, 0x5005713Cu,
                                        0xEDB88320u, 0xF00F9344u, 0xD6D6A3E8u, 0xCB61B38Cu,
                                        0x9B64C2B0u, 0x86D3D2D4u, 0xA00AE278u, 0xBDBDF21Cu};
    const volatile uint8_t* flash = (const volatile uint8_t*)address;
    uint32_t crc = 0xFFFFFFFFu;
    for (uint32_t i = 0; i < size; ++i) {
        crc ^= flash[i];
        crc = (crc >> 4) ^ nibble[crc & 0xFu];
        crc = (crc >> 4) ^ nibble[crc & 0xFu];
    }
    return ~crc;
}

__attribute__((used, section("DevDscr"))) const struct FlashDevice FlashDevice = {
    FLASH_DRIVER_VERSION,
    "STM32WLxx 256 KiB main flash",
    FLASH_TYPE_ON_CHIP,
    FLASH_BASE_ADDRESS,
    FLASH_PAGES* FLASH_PAGE_BYTES,
    2 * FLASH_PAGE_BYTES,
    0,
    0xFF,
    200, /* ms per ProgramPage: 512 double words at the datasheet's worst 90.8 us, and margin */
    100, /* ms per EraseSector: the datasheet's worst page erase is 24.5 ms */
    {{FLASH_PAGE_BYTES, 0x000000u}, {FLASH_SECTOR_END, FLASH_SECTOR_END}},
};
