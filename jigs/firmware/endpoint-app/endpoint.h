/* The endpoint application's parts: its key store (the station's record in the last
   flash page), the AES accelerator, the LPUART, and the OMS mode 5 telegram. */
#ifndef ENDPOINT_APP_ENDPOINT_H
#define ENDPOINT_APP_ENDPOINT_H

#include <stddef.h>
#include <stdint.h>

struct key_store {
    uint8_t address[8];      /* wireless M-Bus address: M (2) and A (6) */
    const uint8_t* data_key; /* 16 bytes in flash, or 0 when there is none */
};

/* Reads the record (magic "KPSK", version 1, CRC-32); 0 when valid with a data key. */
int key_store_read(struct key_store* store);

/* One key of a record to write. */
struct key_item {
    uint8_t id, role, version, length;
    const uint8_t* value;
};
/* Encodes the station's record format into `out`; its length, or 0 if it does not fit. */
size_t key_store_encode(uint8_t* out, size_t capacity, const uint8_t address[8],
                        const struct key_item* keys, size_t count, const uint8_t* password,
                        size_t password_length);
/* The keys of a valid record (up to `capacity`); their number, or -1 without one. */
int key_store_keys(struct key_item* keys, size_t capacity);

/* AES-128-CBC encryption of `blocks` 16-byte blocks by the AES accelerator. */
void aes_cbc_encrypt(const uint8_t key[16], const uint8_t iv[16], const uint8_t* in, uint8_t* out,
                     size_t blocks);

void uart_start(void);
int uart_byte_waiting(void);
uint8_t uart_receive(void);
void uart_send(const uint8_t* bytes, size_t length);
void uart_send_hex_line(const uint8_t* bytes, size_t length);

/* One OMS security mode 5 telegram of a volume reading into `out` (31 bytes). */
size_t telegram_build(const struct key_store* store, uint8_t access_number, uint32_t volume_bcd,
                      uint8_t* out);

#endif
