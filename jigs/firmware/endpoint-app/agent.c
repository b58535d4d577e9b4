/* The provisioning agent (kps-agent/1). Per exchange: a fresh P-256 key pair (RNG +
   PKA), published with the UID64 in the mailbox; then the station's signed request:
   signature against the trust anchor, echoes (UID64, exchange, our key), the station's
   key on the curve, ECDH, the transport key, RFC 5649 unwrap and KCV of every entry,
   the key-store record through the flash controller. Secrets are wiped on every path;
   the status word says how it ended. */
#include "agent.h"

#include "endpoint.h"
#include "registers.h"

#define BOX ((uint8_t*)MAILBOX_ADDRESS)
#define WORD(offset) (*(volatile uint32_t*)(MAILBOX_ADDRESS + (offset)))
#define BARRIER() __asm__ volatile("" ::: "memory")
#define REQUEST_COPY (MB_WRAPPED - MB_REQUEST + 1024u) /* signed part, signature, wraps */

static const char LABEL[] = "kps-agent/1 transport key"; /* 25 bytes, no NUL */

static struct {
    uint8_t d[32], q[64], uid[8];
    uint32_t number;
} own;
static uint8_t request[REQUEST_COPY]; /* the request, copied out of the debugger's reach */
static uint8_t transport[32];
static uint8_t values[MAX_ENTRIES * 32u + MAX_PASSWORD];
static uint8_t record[1024];
static struct key_item keys[MAX_ENTRIES];

static uint32_t get32(const uint8_t* at) {
    return (uint32_t)at[0] | (uint32_t)at[1] << 8 | (uint32_t)at[2] << 16 | (uint32_t)at[3] << 24;
}

static size_t wrapped_length(size_t length) {
    return 8u * ((length + 7u) / 8u + 1u);
}

/* What is wrapped: a key as it is, a password NUL-padded to a multiple of 8 (the
   station's transfer form, which every PKCS#11 module wraps alike). */
static size_t transfer_length(const uint8_t* entry) {
    return entry[1] == ROLE_PASSWORD ? (entry[3] + 7u) / 8u * 8u : entry[3];
}

static void publish(uint32_t status, uint32_t detail) {
    WORD(MB_DETAIL) = detail;
    BARRIER();
    WORD(MB_STATUS) = status;
}

static void mailbox_reset(void) {
    for (uint32_t offset = 0; offset < MAILBOX_SIZE; offset += 4)
        WORD(offset) = 0;
    for (int i = 0; i < 8; ++i)
        own.uid[i] = ((const uint8_t*)UID64_ADDRESS)[i];
    for (int i = 0; i < 8; ++i)
        BOX[MB_UID64 + i] = own.uid[i];
    WORD(MB_VERSION) = AGENT_VERSION | MAILBOX_SIZE << 16;
    WORD(MB_MAGIC) = AGENT_MAGIC;
}

/* A fresh key pair, published: status WAITING. */
static int new_exchange(void) {
    WORD(MB_PHASE) = PH_KEYGEN;
    if (p256_private_key(own.d) != 0 || p256_public_key(own.d, own.q) != 0) {
        wipe(own.d, sizeof own.d);
        publish(ST_HARDWARE, 0);
        return -1;
    }
    for (int i = 0; i < 64; ++i)
        BOX[MB_AGENT_KEY + i] = own.q[i];
    WORD(MB_EXCHANGE) = ++own.number;
    WORD(MB_KCV_COUNT) = 0;
    WORD(MB_PHASE) = PH_WAITING;
    publish(ST_WAITING, 0);
    return 0;
}

static uint32_t wait_command(void) {
    uint32_t command;
    while ((command = WORD(MB_COMMAND)) == CMD_NONE)
        ;
    WORD(MB_COMMAND) = CMD_NONE;
    BARRIER();
    return command;
}

static int valid_entry(const uint8_t* entry, int* passwords) {
    const uint8_t role = entry[1], length = entry[3];
    if (role == ROLE_PASSWORD)
        return ++*passwords == 1 && length >= 1 && length <= MAX_PASSWORD;
    return role >= 1 && role <= 4 && (length == 16 || length == 32);
}

/* Copies and checks the request's layout; the number of entries, or 0. */
static size_t take_request(size_t* signed_length) {
    for (size_t i = 0; i < MB_WRAPPED - MB_REQUEST; ++i)
        request[i] = BOX[MB_REQUEST + i];
    const size_t count = request[6];
    int passwords = 0;
    size_t wrapped = 0;
    if (get32(request) != REQUEST_MAGIC || (request[4] | request[5] << 8) != AGENT_VERSION ||
        count == 0 || count > MAX_ENTRIES || request[7] != 0)
        return 0;
    for (size_t k = 0; k < count; ++k) {
        const uint8_t* entry = request + REQUEST_HEADER + ENTRY_SIZE * k;
        if (!valid_entry(entry, &passwords))
            return 0;
        wrapped += wrapped_length(entry[3]);
    }
    if (wrapped > 1024u)
        return 0;
    for (size_t i = 0; i < wrapped; ++i)
        request[MB_WRAPPED - MB_REQUEST + i] = BOX[MB_WRAPPED + i];
    *signed_length = REQUEST_HEADER + ENTRY_SIZE * count;
    return count;
}

static int trust_anchor_count(void) {
    const uint8_t* block = (const uint8_t*)TRUST_ANCHOR_ADDRESS;
    const uint32_t count = block[6] | (uint32_t)block[7] << 8;
    if (get32(block) != TRUST_ANCHOR_MAGIC || (block[4] | block[5] << 8) != 1u || count == 0 ||
        count > TRUST_ANCHOR_MAX)
        return 0;
    return (int)count;
}

/* The station's signature over the signed part by one of the trusted keys. */
static int signed_by_station(size_t signed_length) {
    uint8_t hash[32];
    struct sha256 sha;
    sha256_start(&sha);
    sha256_add(&sha, request, signed_length);
    sha256_finish(&sha, hash);
    const uint8_t* anchors = (const uint8_t*)TRUST_ANCHOR_ADDRESS + 16;
    for (int k = 0; k < trust_anchor_count(); ++k)
        if (p256_verify(anchors + 64 * k, hash, request + (MB_SIGNATURE - MB_REQUEST)) == 0)
            return 0;
    return -1;
}

/* The request names this endpoint, this exchange and our key. */
static int meant_for_us(void) {
    unsigned differ = get32(request + 8) ^ own.number;
    for (int i = 0; i < 8; ++i)
        differ |= request[0x10 + i] ^ own.uid[i];
    for (int i = 0; i < 64; ++i)
        differ |= request[0x20 + i] ^ own.q[i];
    return differ ? -1 : 0;
}

/* K_T = AES-256-ECB(Z, SHA-256(label || UID64 || 04 Q_A || 04 Q_S || exchange LE)). */
static void derive_transport(const uint8_t z[32], const uint8_t* station_key) {
    uint8_t context[32], exchange[4], point = 0x04;
    struct sha256 sha;
    for (int i = 0; i < 4; ++i)
        exchange[i] = (uint8_t)(own.number >> (8 * i));
    sha256_start(&sha);
    sha256_add(&sha, (const uint8_t*)LABEL, sizeof LABEL - 1);
    sha256_add(&sha, own.uid, 8);
    sha256_add(&sha, &point, 1);
    sha256_add(&sha, own.q, 64);
    sha256_add(&sha, &point, 1);
    sha256_add(&sha, station_key, 64);
    sha256_add(&sha, exchange, 4);
    sha256_finish(&sha, context);
    aes_ecb_start(z, 32, 0);
    aes_ecb_block(context, transport);
    aes_ecb_block(context + 16, transport + 16);
    aes_ecb_stop();
}

/* Unwraps and checks every entry; the record's length, or a failure in *status. */
static size_t unwrap_all(size_t count, uint32_t* status, uint32_t* detail) {
    const uint8_t* wrapped = request + (MB_WRAPPED - MB_REQUEST);
    size_t used = 0, key_count = 0, password_length = 0;
    const uint8_t* password = 0;
    for (size_t k = 0; k < count; ++k) {
        const uint8_t* entry = request + REQUEST_HEADER + ENTRY_SIZE * k;
        uint8_t* value = values + used;
        size_t length = 0;
        uint8_t check[3];
        *detail = (uint32_t)k;
        if (kwp_unwrap(transport, wrapped, wrapped_length(entry[3]), value, &length) != 0 ||
            length != transfer_length(entry))
            return *status = ST_UNWRAP_FAILED, 0;
        wrapped += wrapped_length(entry[3]);
        used += length;
        if (entry[1] == ROLE_PASSWORD) {
            unsigned padding = 0; /* NUL bytes up to a multiple of 8 */
            for (size_t i = entry[3]; i < length; ++i)
                padding |= value[i];
            if (padding)
                return *status = ST_UNWRAP_FAILED, 0;
            password = value;
            password_length = entry[3];
            continue;
        }
        kcv(value, length, check);
        if ((check[0] ^ entry[4]) | (check[1] ^ entry[5]) | (check[2] ^ entry[6]))
            return *status = ST_KCV_MISMATCH, 0;
        keys[key_count++] = (struct key_item){entry[0], entry[1], entry[2], entry[3], value};
    }
    return key_store_encode(record, sizeof record, request + 0x18, keys, key_count, password,
                            password_length);
}

static uint32_t process(uint32_t* detail) {
    size_t signed_length = 0;
    uint8_t z[32];
    *detail = 0;
    WORD(MB_PHASE) = PH_VERIFY;
    const size_t count = take_request(&signed_length);
    if (!count)
        return ST_BAD_REQUEST;
    if (signed_by_station(signed_length) != 0)
        return ST_BAD_SIGNATURE;
    if (meant_for_us() != 0)
        return ST_FOREIGN;
    const uint8_t* station_key = request + 0x60;
    if (p256_on_curve(station_key) != 0)
        return ST_BAD_POINT;
    WORD(MB_PHASE) = PH_ECDH;
    if (p256_shared_x(own.d, station_key, z) != 0)
        return ST_HARDWARE;
    wipe(own.d, sizeof own.d);
    derive_transport(z, station_key);
    wipe(z, sizeof z);
    WORD(MB_PHASE) = PH_UNWRAP;
    uint32_t status = ST_OK;
    const size_t length = unwrap_all(count, &status, detail);
    if (status != ST_OK)
        return status;
    WORD(MB_PHASE) = PH_FLASH;
    *detail = 0;
    if (length == 0)
        return ST_BAD_REQUEST;
    return flash_write_key_store(record, length) == 0 ? ST_OK : ST_FLASH_ERROR;
}

static void wipe_secrets(void) {
    wipe(own.d, sizeof own.d);
    wipe(transport, sizeof transport);
    wipe(values, sizeof values);
    wipe(record, sizeof record);
    wipe(keys, sizeof keys);
    wipe(request, sizeof request);
    pka_wipe();
}

void agent_run(void) {
    mailbox_reset();
    if (trust_anchor_count() == 0) {
        publish(ST_NO_TRUST_ANCHOR, 0); /* not personalised for a station: no exchange */
        return;
    }
    for (int fresh = new_exchange();; fresh = new_exchange()) {
        if (fresh != 0 || wait_command() != CMD_PROCESS)
            continue; /* RESTART: a fresh key pair */
        publish(ST_WORKING, 0);
        uint32_t detail = 0;
        const uint32_t status = process(&detail);
        wipe_secrets();
        if (status == ST_OK) {
            WORD(MB_PHASE) = PH_DONE;
            agent_publish_key_store(ST_OK);
            return;
        }
        publish(status, detail);
        (void)wait_command(); /* the key pair is spent: any command starts afresh */
    }
}

void agent_publish_key_store(uint32_t status) {
    struct key_item stored[MAX_ENTRIES];
    if (status == ST_PROVISIONED)
        mailbox_reset(); /* at boot: RAM keeps the last run's mailbox over a reset */
    const int count = key_store_keys(stored, MAX_ENTRIES);
    for (int k = 0; k < count; ++k) {
        uint8_t* row = BOX + MB_KCV_TABLE + 8 * k;
        row[0] = stored[k].id;
        row[1] = stored[k].role;
        row[2] = stored[k].version;
        kcv(stored[k].value, stored[k].length, row + 4);
    }
    WORD(MB_KCV_COUNT) = count < 0 ? 0u : (uint32_t)count;
    publish(status, 0);
}
