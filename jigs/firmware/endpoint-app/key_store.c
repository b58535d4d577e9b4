/* The station's key-store record in the last flash page (little-endian):
   magic "KPSK", u16 version 1, u16 length (CRC included), u8[8] address, u8 key
   count, u8 password length, u16 0, keys { u8 id, u8 role, u8 version, u8 length,
   value }, password, zero padding to 4, u32 CRC-32 (IEEE) of everything before. */
#include "endpoint.h"
#include "registers.h"

#define MAGIC 0x4B53504Bu
#define ROLE_DATA 1u
#define HEADER 20u

static uint32_t get16(const uint8_t* at) {
    return (uint32_t)at[0] | (uint32_t)at[1] << 8;
}

static uint32_t get32(const uint8_t* at) {
    return get16(at) | get16(at + 2) << 16;
}

static uint32_t crc32(const uint8_t* bytes, size_t length) {
    uint32_t crc = 0xFFFFFFFFu;
    for (size_t i = 0; i < length; ++i) {
        crc ^= bytes[i];
        for (int bit = 0; bit < 8; ++bit)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

int key_store_read(struct key_store* store) {
    const uint8_t* record = (const uint8_t*)KEY_STORE_ADDRESS;
    const uint32_t length = get16(record + 6);
    store->data_key = 0;
    if (get32(record) != MAGIC || get16(record + 4) != 1u || length < HEADER + 4u ||
        length > KEY_STORE_SIZE || crc32(record, length - 4u) != get32(record + length - 4u))
        return -1;
    for (int i = 0; i < 8; ++i)
        store->address[i] = record[8 + i];
    const uint8_t* entry = record + HEADER;
    uint32_t lowest = 256;
    for (uint32_t k = 0; k < record[16] && entry + 4 <= record + length - 4u; ++k) {
        if (entry[1] == ROLE_DATA && entry[3] == 16u && entry[0] < lowest) {
            lowest = entry[0];
            store->data_key = entry + 4;
        }
        entry += 4u + entry[3];
    }
    return store->data_key ? 0 : -1;
}
