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

/* The record's length when the page holds a valid one, else 0. */
static uint32_t valid_record(const uint8_t* record) {
    const uint32_t length = get16(record + 6);
    if (get32(record) != MAGIC || get16(record + 4) != 1u || length < HEADER + 4u ||
        length > KEY_STORE_SIZE || crc32(record, length - 4u) != get32(record + length - 4u))
        return 0;
    return length;
}

int key_store_keys(struct key_item* keys, size_t capacity) {
    const uint8_t* record = (const uint8_t*)KEY_STORE_ADDRESS;
    const uint32_t length = valid_record(record);
    if (!length)
        return -1;
    const uint8_t* entry = record + HEADER;
    size_t count = 0;
    for (uint32_t k = 0; k < record[16] && count < capacity; ++k) {
        if (entry + 4 + entry[3] > record + length - 4u)
            return -1;
        keys[count++] = (struct key_item){entry[0], entry[1], entry[2], entry[3], entry + 4};
        entry += 4u + entry[3];
    }
    return (int)count;
}

int key_store_read(struct key_store* store) {
    const uint8_t* record = (const uint8_t*)KEY_STORE_ADDRESS;
    const uint32_t length = valid_record(record);
    store->data_key = 0;
    if (!length)
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

static void put16(uint8_t* at, uint32_t value) {
    at[0] = (uint8_t)value;
    at[1] = (uint8_t)(value >> 8);
}

size_t key_store_encode(uint8_t* out, size_t capacity, const uint8_t address[8],
                        const struct key_item* keys, size_t count, const uint8_t* password,
                        size_t password_length) {
    size_t length = HEADER + password_length;
    for (size_t k = 0; k < count; ++k)
        length += 4u + keys[k].length;
    length = (length + 3u) / 4u * 4u + 4u;
    if (length > capacity || count > 255u || password_length > 255u)
        return 0;
    put16(out, MAGIC & 0xFFFFu);
    put16(out + 2, MAGIC >> 16);
    put16(out + 4, 1u);
    put16(out + 6, (uint32_t)length);
    for (int i = 0; i < 8; ++i)
        out[8 + i] = address[i];
    out[16] = (uint8_t)count;
    out[17] = (uint8_t)password_length;
    out[18] = out[19] = 0;
    uint8_t* at = out + HEADER;
    for (size_t k = 0; k < count; ++k) {
        at[0] = keys[k].id;
        at[1] = keys[k].role;
        at[2] = keys[k].version;
        at[3] = keys[k].length;
        for (size_t i = 0; i < keys[k].length; ++i)
            at[4 + i] = keys[k].value[i];
        at += 4u + keys[k].length;
    }
    for (size_t i = 0; i < password_length; ++i)
        *at++ = password[i];
    while (at < out + length - 4u)
        *at++ = 0;
    const uint32_t crc = crc32(out, length - 4u);
    put16(at, crc & 0xFFFFu);
    put16(at + 2, crc >> 16);
    return length;
}
