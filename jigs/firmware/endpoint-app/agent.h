/* The provisioning agent (kps-agent/1): the endpoint's side of agent injection. Its
   mailbox in RAM, the trust anchor in flash and the parts it is built from. The
   layout is documented in the project's docs/jigs.md, "Agent mailbox (kps-agent/1)". */
#ifndef ENDPOINT_APP_AGENT_H
#define ENDPOINT_APP_AGENT_H

#include <stddef.h>
#include <stdint.h>

/* The mailbox: 4 KiB of RAM the linker keeps free for it. */
#define MAILBOX_ADDRESS 0x2000C000u
#define MAILBOX_SIZE 4096u
#define MB_MAGIC 0x000u     /* u32 "KPAG" */
#define MB_VERSION 0x004u   /* u16 1, u16 mailbox size */
#define MB_STATUS 0x008u    /* u32, below */
#define MB_DETAIL 0x00Cu    /* u32: the entry a failure concerns */
#define MB_EXCHANGE 0x010u  /* u32: number of the exchange, from 1 */
#define MB_COMMAND 0x014u   /* u32, written by the station */
#define MB_PHASE 0x018u     /* u32: the last phase the agent entered */
#define MB_UID64 0x020u     /* u8[8] */
#define MB_AGENT_KEY 0x040u /* u8[64] X || Y */
#define MB_KCV_COUNT 0x080u /* u32: entries in the KCV table */
#define MB_KCV_TABLE 0x084u /* N x { u8 id, role, version, 0, u8[3] kcv, 0 } */
#define MB_REQUEST 0x100u   /* the station's signed message */
#define MB_SIGNATURE 0x300u /* u8[64] r || s */
#define MB_WRAPPED 0x340u   /* the wrapped entries, in entry order */

#define AGENT_MAGIC 0x4741504Bu   /* "KPAG" */
#define REQUEST_MAGIC 0x5453504Bu /* "KPST" */
#define AGENT_VERSION 1u
#define REQUEST_HEADER 0xA0u
#define ENTRY_SIZE 8u
#define MAX_ENTRIES 16u
#define ROLE_PASSWORD 0x80u
#define MAX_PASSWORD 64u

enum agent_command { CMD_NONE = 0, CMD_PROCESS = 1, CMD_RESTART = 2 };

enum agent_status {
    ST_BOOT = 0x00,
    ST_WAITING = 0x01,
    ST_WORKING = 0x02,
    ST_OK = 0x03,
    ST_PROVISIONED = 0x04,
    ST_BAD_REQUEST = 0x10,
    ST_BAD_SIGNATURE = 0x11,
    ST_FOREIGN = 0x12,
    ST_BAD_POINT = 0x13,
    ST_UNWRAP_FAILED = 0x14,
    ST_KCV_MISMATCH = 0x15,
    ST_FLASH_ERROR = 0x16,
    ST_NO_TRUST_ANCHOR = 0x17,
    ST_HARDWARE = 0x18,
};

enum agent_phase { PH_KEYGEN = 1, PH_WAITING, PH_VERIFY, PH_ECDH, PH_UNWRAP, PH_FLASH, PH_DONE };

/* The trust anchor block at a fixed flash address, patched per station before the
   image's SHA-256 is pinned: u32 "KPTA", u16 version 1, u16 count (1..4), 8 reserved
   bytes, then count x (X || Y) of the stations' P-256 signing keys. 0xFF as built. */
#define TRUST_ANCHOR_ADDRESS 0x08000400u
#define TRUST_ANCHOR_MAGIC 0x4154504Bu /* "KPTA" */
#define TRUST_ANCHOR_MAX 4u

/* Runs one provisioning exchange after another until the key store is written
   (status ST_OK); returns at once without a trust anchor (ST_NO_TRUST_ANCHOR). */
void agent_run(void);
/* Publishes the KCV table of the key store with `status` (ST_PROVISIONED at boot:
   the mailbox is set up first). */
void agent_publish_key_store(uint32_t status);

/* SHA-256 */
struct sha256 {
    uint32_t state[8];
    uint64_t length;
    uint8_t block[64];
    uint32_t used;
};
void sha256_start(struct sha256* s);
void sha256_add(struct sha256* s, const uint8_t* data, size_t length);
void sha256_finish(struct sha256* s, uint8_t digest[32]);

/* P-256 on the PKA; numbers big-endian, 32 bytes. 0 = done. */
int p256_public_key(const uint8_t d[32], uint8_t q[64]);
int p256_on_curve(const uint8_t q[64]);
int p256_shared_x(const uint8_t d[32], const uint8_t q[64], uint8_t z[32]);
int p256_verify(const uint8_t q[64], const uint8_t hash[32], const uint8_t rs[64]);
int p256_private_key(uint8_t d[32]); /* from the RNG, 0 < d < n */
void pka_wipe(void);

/* AES-ECB on the accelerator, one block at a time (key 16 or 32 bytes). */
void aes_ecb_start(const uint8_t* key, size_t key_length, int decrypt);
void aes_ecb_block(const uint8_t in[16], uint8_t out[16]);
void aes_ecb_stop(void);

/* RFC 5649 unwrap: 0 and the plaintext length, or -1 on an integrity failure. */
int kwp_unwrap(const uint8_t* kek, const uint8_t* wrapped, size_t length, uint8_t* out,
               size_t* out_length);
/* First 3 bytes of AES-CMAC(key, 16 zero bytes). */
void kcv(const uint8_t* key, size_t length, uint8_t out[3]);

/* The key-store page through the flash controller: 0 = written and read back. */
int flash_write_key_store(const uint8_t* record, size_t length);

void wipe(void* at, size_t length);

#endif
