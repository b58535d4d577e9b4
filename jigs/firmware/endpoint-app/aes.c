/* AES-128-CBC through the AES accelerator (RM0461, AES chapter): key and IV go into
   KEYR3..0 and IVR3..0 as big-endian words (the first bytes in KEYR3 / IVR3); with
   DATATYPE "bytes" the data words are read from and written to memory as they lie. */
#include "agent.h"
#include "endpoint.h"
#include "registers.h"

static uint32_t big_endian(const uint8_t* at) {
    return (uint32_t)at[0] << 24 | (uint32_t)at[1] << 16 | (uint32_t)at[2] << 8 | at[3];
}

static uint32_t load(const uint8_t* at) {
    return (uint32_t)at[0] | (uint32_t)at[1] << 8 | (uint32_t)at[2] << 16 | (uint32_t)at[3] << 24;
}

static void store(uint8_t* at, uint32_t word) {
    for (int i = 0; i < 4; ++i)
        at[i] = (uint8_t)(word >> (8 * i));
}

void aes_cbc_encrypt(const uint8_t key[16], const uint8_t iv[16], const uint8_t* in, uint8_t* out,
                     size_t blocks) {
    RCC_AHB3ENR |= RCC_AHB3ENR_AESEN;
    AES_CR = 0;
    AES_CR = AES_CR_DATATYPE_BYTES | AES_CR_CHMOD_CBC; /* MODE 0: encryption, 128-bit key */
    for (int i = 0; i < 4; ++i) {
        AES_KEYR(3 - i) = big_endian(key + 4 * i);
        AES_IVR(3 - i) = big_endian(iv + 4 * i);
    }
    AES_CR |= AES_CR_EN;
    for (size_t b = 0; b < blocks; ++b) {
        for (int i = 0; i < 4; ++i)
            AES_DINR = load(in + 16 * b + 4 * i);
        while (!(AES_SR & AES_SR_CCF))
            ;
        for (int i = 0; i < 4; ++i)
            store(out + 16 * b + 4 * i, AES_DOUTR);
        AES_CR |= AES_CR_CCFC;
    }
    AES_CR = 0;
    for (int i = 0; i < 4; ++i)
        AES_KEYR(i) = 0; /* the key does not stay in the accelerator */
}

/* AES-ECB, one block at a time, with a 128- or 256-bit key (KEYR7..KEYR0 hold a 256-bit
   key, the first bytes in KEYR7). Decryption uses MODE 3: key derivation, then
   decryption, as RM0461 allows for ECB. */
void aes_ecb_start(const uint8_t* key, size_t key_length, int decrypt) {
    const int words = key_length == 32 ? 8 : 4;
    RCC_AHB3ENR |= RCC_AHB3ENR_AESEN;
    AES_CR = 0;
    AES_CR = AES_CR_DATATYPE_BYTES | (words == 8 ? AES_CR_KEYSIZE_256 : 0) |
             (decrypt ? AES_CR_MODE_DERIVE_DECRYPT : 0);
    for (int i = 0; i < words; ++i)
        AES_KEYR(words - 1 - i) = big_endian(key + 4 * i);
    AES_CR |= AES_CR_EN;
}

void aes_ecb_block(const uint8_t in[16], uint8_t out[16]) {
    for (int i = 0; i < 4; ++i)
        AES_DINR = load(in + 4 * i);
    while (!(AES_SR & AES_SR_CCF))
        ;
    for (int i = 0; i < 4; ++i)
        store(out + 4 * i, AES_DOUTR);
    AES_CR |= AES_CR_CCFC;
}

void aes_ecb_stop(void) {
    AES_CR = 0;
    for (int i = 0; i < 8; ++i)
        AES_KEYR(i) = 0; /* the key does not stay in the accelerator */
}
