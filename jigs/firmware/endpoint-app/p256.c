/* P-256 on the public key accelerator (RM0461, chapter 22): key generation and ECDH by
   ECC Fp scalar multiplication (MODE 0x20), the point check (0x28) and ECDSA
   verification (0x26), operands at the PKA RAM offsets of stm32wle5xx.h, each the least
   significant word first and followed by a zero word. Private scalars come from the
   RNG; the PKA RAM is wiped after every operation that held one. */
#include "agent.h"
#include "registers.h"

/* The curve (SEC 2 secp256r1), most significant word first. a = -3. */
static const uint32_t P[8] = {0xFFFFFFFFu, 0x00000001u, 0,           0,
                              0,           0xFFFFFFFFu, 0xFFFFFFFFu, 0xFFFFFFFFu};
static const uint32_t A_ABS[8] = {0, 0, 0, 0, 0, 0, 0, 3};
static const uint32_t B[8] = {0x5AC635D8u, 0xAA3A93E7u, 0xB3EBBD55u, 0x769886BCu,
                              0x651D06B0u, 0xCC53B0F6u, 0x3BCE3C3Eu, 0x27D2604Bu};
static const uint32_t GX[8] = {0x6B17D1F2u, 0xE12C4247u, 0xF8BCE6E5u, 0x63A440F2u,
                               0x77037D81u, 0x2DEB33A0u, 0xF4A13945u, 0xD898C296u};
static const uint32_t GY[8] = {0x4FE342E2u, 0xFE1A7F9Bu, 0x8EE7EB4Au, 0x7C0F9E16u,
                               0x2BCE3357u, 0x6B315ECEu, 0xCBB64068u, 0x37BF51F5u};
static const uint32_t N[8] = {0xFFFFFFFFu, 0x00000000u, 0xFFFFFFFFu, 0xFFFFFFFFu,
                              0xBCE6FAADu, 0xA7179E84u, 0xF3B9CAC2u, 0xFC632551u};

/* RAM offsets (stm32wle5xx.h "Bits definition for PKA RAM"). */
enum {
    MUL_K_BITS = 0x400,
    MUL_P_BITS = 0x404,
    MUL_A_SIGN = 0x408,
    MUL_A = 0x40C,
    MUL_P = 0x460,
    MUL_K = 0x508,
    MUL_X = 0x55C,
    MUL_Y = 0x5B0,
    CHK_P_BITS = 0x404,
    CHK_A_SIGN = 0x408,
    CHK_A = 0x40C,
    CHK_B = 0x7FC,
    CHK_P = 0x460,
    CHK_X = 0x55C,
    CHK_Y = 0x5B0,
    CHK_RESULT = 0x400,
    VER_N_BITS = 0x404,
    VER_P_BITS = 0x4B4,
    VER_A_SIGN = 0x45C,
    VER_A = 0x460,
    VER_P = 0x4B8,
    VER_GX = 0x5E8,
    VER_GY = 0x63C,
    VER_QX = 0xF40,
    VER_QY = 0xF94,
    VER_R = 0x1098,
    VER_S = 0xA44,
    VER_Z = 0xFE8,
    VER_N = 0xD5C,
    VER_RESULT = 0x5B0,
};
#define PKA_RAM_END 0x11F8u

static void put_words(uint32_t offset, const uint32_t* number) {
    for (int i = 0; i < 8; ++i)
        PKA_RAM(offset + 4u * (uint32_t)i) = number[7 - i];
    PKA_RAM(offset + 32u) = 0;
}

static void put_bytes(uint32_t offset, const uint8_t* number) {
    for (int i = 0; i < 8; ++i) {
        const uint8_t* at = number + 4 * (7 - i);
        PKA_RAM(offset + 4u * (uint32_t)i) =
            (uint32_t)at[0] << 24 | (uint32_t)at[1] << 16 | (uint32_t)at[2] << 8 | at[3];
    }
    PKA_RAM(offset + 32u) = 0;
}

static void get_bytes(uint32_t offset, uint8_t* number) {
    for (int i = 0; i < 8; ++i) {
        const uint32_t word = PKA_RAM(offset + 4u * (uint32_t)i);
        for (int b = 0; b < 4; ++b)
            number[4 * (7 - i) + b] = (uint8_t)(word >> (24 - 8 * b));
    }
}

static int run(uint32_t mode) {
    PKA_CR = PKA_CR_EN;
    PKA_CR = PKA_CR_EN | PKA_CR_START | mode << 8;
    uint32_t status;
    while (!((status = PKA_SR) & (PKA_SR_PROCENDF | PKA_SR_ERRORS)))
        ;
    PKA_CLRFR = PKA_SR_PROCENDF | PKA_SR_ERRORS;
    return (status & PKA_SR_ERRORS) ? -1 : 0;
}

static void curve_for_multiplication(void) {
    RCC_AHB3ENR |= RCC_AHB3ENR_PKAEN;
    PKA_RAM(MUL_K_BITS) = 256;
    PKA_RAM(MUL_P_BITS) = 256;
    PKA_RAM(MUL_A_SIGN) = 1;
    put_words(MUL_A, A_ABS);
    put_words(MUL_P, P);
}

void pka_wipe(void) {
    for (uint32_t offset = 0x400; offset < PKA_RAM_END; offset += 4)
        PKA_RAM(offset) = 0;
}

static int multiply(const uint8_t d[32], const uint8_t* x, const uint8_t* y, uint8_t* out) {
    curve_for_multiplication();
    put_bytes(MUL_K, d);
    put_bytes(MUL_X, x);
    put_bytes(MUL_Y, y);
    const int result = run(0x20);
    if (result == 0) {
        get_bytes(MUL_X, out);
        get_bytes(MUL_Y, out + 32);
    }
    pka_wipe();
    return result;
}

int p256_public_key(const uint8_t d[32], uint8_t q[64]) {
    uint8_t g[64];
    for (int i = 0; i < 32; ++i) {
        g[i] = (uint8_t)(GX[i / 4] >> (24 - 8 * (i % 4)));
        g[32 + i] = (uint8_t)(GY[i / 4] >> (24 - 8 * (i % 4)));
    }
    return multiply(d, g, g + 32, q);
}

int p256_shared_x(const uint8_t d[32], const uint8_t q[64], uint8_t z[32]) {
    uint8_t product[64];
    const int result = multiply(d, q, q + 32, product);
    for (int i = 0; i < 32; ++i)
        z[i] = product[i];
    wipe(product, sizeof product);
    return result;
}

int p256_on_curve(const uint8_t q[64]) {
    RCC_AHB3ENR |= RCC_AHB3ENR_PKAEN;
    PKA_RAM(CHK_P_BITS) = 256;
    PKA_RAM(CHK_A_SIGN) = 1;
    put_words(CHK_A, A_ABS);
    put_words(CHK_B, B);
    put_words(CHK_P, P);
    put_bytes(CHK_X, q);
    put_bytes(CHK_Y, q + 32);
    return run(0x28) == 0 && PKA_RAM(CHK_RESULT) == 0 ? 0 : -1;
}

int p256_verify(const uint8_t q[64], const uint8_t hash[32], const uint8_t rs[64]) {
    RCC_AHB3ENR |= RCC_AHB3ENR_PKAEN;
    PKA_RAM(VER_N_BITS) = 256;
    PKA_RAM(VER_P_BITS) = 256;
    PKA_RAM(VER_A_SIGN) = 1;
    put_words(VER_A, A_ABS);
    put_words(VER_P, P);
    put_words(VER_GX, GX);
    put_words(VER_GY, GY);
    put_bytes(VER_QX, q);
    put_bytes(VER_QY, q + 32);
    put_bytes(VER_R, rs);
    put_bytes(VER_S, rs + 32);
    put_bytes(VER_Z, hash);
    put_words(VER_N, N);
    return run(0x26) == 0 && PKA_RAM(VER_RESULT) == 0 ? 0 : -1;
}

/* 0 < d < n, from the RNG (rejection sampling). */
int p256_private_key(uint8_t d[32]) {
    RCC_AHB3ENR |= RCC_AHB3ENR_RNGEN;
    RNG_CR = RNG_CR_RNGEN;
    for (int attempt = 0; attempt < 16; ++attempt) {
        for (int i = 0; i < 8; ++i) {
            while (!(RNG_SR & RNG_SR_DRDY))
                ;
            const uint32_t word = RNG_DR;
            for (int b = 0; b < 4; ++b)
                d[4 * i + b] = (uint8_t)(word >> (24 - 8 * b));
        }
        int below = 0, zero = 1; /* d < n, compared from the most significant byte */
        for (int i = 0; i < 32; ++i) {
            const uint8_t n = (uint8_t)(N[i / 4] >> (24 - 8 * (i % 4)));
            if (d[i] != n) {
                below = d[i] < n;
                break;
            }
        }
        for (int i = 0; i < 32; ++i)
            zero &= d[i] == 0;
        if (below && !zero)
            return 0;
    }
    return -1;
}
