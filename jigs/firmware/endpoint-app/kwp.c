/* RFC 5649 (AES key wrap with padding) unwrap and the key check value, on the AES
   accelerator. The integrity check value A must be A65959A6 || MLI with
   8 (n - 1) < MLI <= 8 n and zero padding; anything else is an integrity failure. */
#include "agent.h"

#define MAX_BLOCKS 9u /* 64 bytes of plaintext and the integrity block */

static uint32_t mli_of(const uint8_t a[8]) {
    return (uint32_t)a[4] << 24 | (uint32_t)a[5] << 16 | (uint32_t)a[6] << 8 | a[7];
}

/* W^-1 of RFC 3394 with n 64-bit blocks: A into a, R[1..n] into r. */
static void unwrap_blocks(const uint8_t* wrapped, size_t n, uint8_t a[8], uint8_t* r) {
    uint8_t block[16];
    for (int i = 0; i < 8; ++i)
        a[i] = wrapped[i];
    for (size_t i = 0; i < 8 * n; ++i)
        r[i] = wrapped[8 + i];
    for (int j = 5; j >= 0; --j)
        for (size_t i = n; i >= 1; --i) {
            const uint64_t t = (uint64_t)n * (uint64_t)j + i;
            for (int b = 0; b < 8; ++b) {
                block[b] = a[b] ^ (uint8_t)(t >> (56 - 8 * b));
                block[8 + b] = r[8 * (i - 1) + (size_t)b];
            }
            aes_ecb_block(block, block);
            for (int b = 0; b < 8; ++b) {
                a[b] = block[b];
                r[8 * (i - 1) + (size_t)b] = block[8 + b];
            }
        }
    wipe(block, sizeof block);
}

int kwp_unwrap(const uint8_t* kek, const uint8_t* wrapped, size_t length, uint8_t* out,
               size_t* out_length) {
    uint8_t a[8], r[8 * MAX_BLOCKS], block[16];
    const size_t n = length / 8 - 1;
    if (length % 8 != 0 || length < 16 || n > MAX_BLOCKS)
        return -1;
    aes_ecb_start(kek, 32, 1);
    if (n == 1) { /* one block: a single AES decryption */
        aes_ecb_block(wrapped, block);
        for (int i = 0; i < 8; ++i) {
            a[i] = block[i];
            r[i] = block[8 + i];
        }
    } else {
        unwrap_blocks(wrapped, n, a, r);
    }
    aes_ecb_stop();
    const uint32_t mli = mli_of(a);
    unsigned bad = (a[0] ^ 0xA6u) | (a[1] ^ 0x59u) | (a[2] ^ 0x59u) | (a[3] ^ 0xA6u);
    bad |= mli <= 8u * (n - 1) || mli > 8u * n;
    for (size_t i = mli; i < 8 * n && !bad; ++i)
        bad |= r[i];
    if (!bad)
        for (size_t i = 0; i < mli; ++i)
            out[i] = r[i];
    *out_length = bad ? 0 : mli;
    wipe(r, sizeof r);
    wipe(block, sizeof block);
    return bad ? -1 : 0;
}

/* AES-CMAC of one zero block: K1 = dbl(AES(K, 0)), T = AES(K, K1). */
void kcv(const uint8_t* key, size_t length, uint8_t out[3]) {
    uint8_t l[16] = {0}, k1[16], t[16];
    aes_ecb_start(key, length, 0);
    aes_ecb_block(l, l);
    for (int i = 0; i < 16; ++i)
        k1[i] = (uint8_t)(l[i] << 1 | (i < 15 ? l[i + 1] >> 7 : 0));
    if (l[0] & 0x80u)
        k1[15] ^= 0x87u;
    aes_ecb_block(k1, t);
    aes_ecb_stop();
    for (int i = 0; i < 3; ++i)
        out[i] = t[i];
    wipe(l, sizeof l);
    wipe(k1, sizeof k1);
    wipe(t, sizeof t);
}

void wipe(void* at, size_t length) {
    volatile uint8_t* bytes = (volatile uint8_t*)at;
    for (size_t i = 0; i < length; ++i)
        bytes[i] = 0;
}
