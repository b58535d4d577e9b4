/* OMS security mode 5 (OMS Vol. 2, Annex N): L C M(2) A(6) CI=7A ACC STS CFG(2) and one
   encrypted block: 2F2F, the volume (DIF 0C, VIF 14: 0.01 m3, 8 BCD digits), the error
   flags (DIF 02, VIF FD 17), filled with 2F. AES-128-CBC with the data key,
   IV = M || A || ACC x 8. */
#include "endpoint.h"

#define HEADER 15u
#define BLOCK 16u

size_t telegram_build(const struct key_store* store, uint8_t access_number,
                      uint32_t volume_bcd, uint8_t* out) {
    uint8_t plain[BLOCK], iv[BLOCK];
    const uint8_t reading[] = {0x2F, 0x2F, 0x0C, 0x14, (uint8_t)volume_bcd,
                               (uint8_t)(volume_bcd >> 8), (uint8_t)(volume_bcd >> 16),
                               (uint8_t)(volume_bcd >> 24), 0x02, 0xFD, 0x17, 0x00, 0x00};
    for (unsigned i = 0; i < BLOCK; ++i)
        plain[i] = i < sizeof reading ? reading[i] : 0x2F;
    for (unsigned i = 0; i < 8; ++i) {
        iv[i] = store->address[i];
        iv[8 + i] = access_number;
    }
    out[0] = (uint8_t)(HEADER + BLOCK - 1); /* L: the bytes after it */
    out[1] = 0x44;                          /* C: SND-NR */
    for (unsigned i = 0; i < 8; ++i)
        out[2 + i] = store->address[i];
    out[10] = 0x7A; /* CI: short transport layer */
    out[11] = access_number;
    out[12] = 0x00; /* status */
    out[13] = 0x10; /* CFG: one encrypted block ... */
    out[14] = 0x25; /* ... security mode 5, synchronous */
    aes_cbc_encrypt(store->data_key, iv, plain, out + HEADER, 1);
    for (unsigned i = 0; i < BLOCK; ++i)
        plain[i] = 0;
    return HEADER + BLOCK;
}
