/* The key-store page written by the core through the flash controller (RM0461, chapter
   Embedded flash memory): unlock, page erase, double-word programming, lock, then a
   read-back comparison. */
#include "agent.h"
#include "registers.h"

static int wait_ready(void) {
    while (FLASH_SR & (FLASH_SR_BSY | FLASH_SR_CFGBSY))
        ;
    return (FLASH_SR & FLASH_SR_ERRORS) ? -1 : 0;
}

static int erase_page(uint32_t page) {
    FLASH_CR = FLASH_CR_PER | page << FLASH_CR_PNB_SHIFT;
    FLASH_CR |= FLASH_CR_STRT;
    const int result = wait_ready();
    FLASH_CR = 0;
    return result;
}

static int program(uint32_t address, const uint8_t* bytes, size_t length) {
    int result = 0;
    FLASH_CR = FLASH_CR_PG;
    for (size_t at = 0; at < length && result == 0; at += 8) {
        uint32_t words[2] = {0xFFFFFFFFu, 0xFFFFFFFFu};
        for (size_t i = 0; i < 8 && at + i < length; ++i)
            words[i / 4] = (words[i / 4] & ~(0xFFu << (8 * (i % 4)))) | (uint32_t)bytes[at + i]
                                                                            << (8 * (i % 4));
        *(volatile uint32_t*)(address + at) = words[0];
        *(volatile uint32_t*)(address + at + 4) = words[1];
        result = wait_ready();
        wipe(words, sizeof words);
    }
    FLASH_CR = 0;
    return result;
}

int flash_write_key_store(const uint8_t* record, size_t length) {
    if (length > KEY_STORE_SIZE)
        return -1;
    FLASH_KEYR = FLASH_KEY1;
    FLASH_KEYR = FLASH_KEY2;
    FLASH_SR = FLASH_SR_ERRORS; /* clear what an earlier operation left */
    const uint32_t page = (KEY_STORE_ADDRESS - FLASH_BASE) / FLASH_PAGE;
    int result = erase_page(page);
    if (result == 0)
        result = program(KEY_STORE_ADDRESS, record, length);
    const uint8_t* written = (const uint8_t*)KEY_STORE_ADDRESS;
    unsigned differ = 0;
    for (size_t i = 0; i < length && result == 0; ++i)
        differ |= written[i] ^ record[i];
    if (result != 0 || differ) {
        FLASH_SR = FLASH_SR_ERRORS;
        (void)erase_page(page); /* nothing half written stays */
        result = -1;
    }
    FLASH_CR = FLASH_CR_LOCK;
    return result;
}
