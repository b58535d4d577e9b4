/* kps-bench-p11-floor: the bare PKCS#11 floor of one endpoint. Plain C: dlopen the
 * module, log in, find the order's masters and KEKs by label, then make, for each
 * endpoint, exactly the PKCS#11 calls the station makes for the reference profile
 * (amr-reference-v1, key source customer-masters) and nothing else:
 *
 *   data, dm, local key (KDF-1 from DATA/DM/LOCAL_MASTER):
 *     C_DeriveKey(CKM_AES_ECB_ENCRYPT_DATA)         non-sensitive session copy
 *     C_SignInit + C_Sign(CKM_AES_CMAC, 16 zeros)   KCV
 *     C_WrapKey(CKM_AES_KEY_WRAP_PAD, customer KEK) (+ head-end KEK for dm)
 *     C_GetAttributeValue(CKA_VALUE)                the plain copy for SWD
 *     C_DestroyObject
 *   password (seed by KDF-1 from PASSWORD_MASTER):
 *     C_DeriveKey, C_GetAttributeValue(CKA_VALUE)   the seed; characters made on the host
 *     C_CreateObject(generic secret)                the password's transfer form
 *     C_WrapKey(customer KEK), C_DestroyObject x2
 *
 * --length-queries adds the size query before every C_WrapKey and C_GetAttributeValue
 * (a first call with a NULL buffer), as the station made them before the profiling pass.
 * --sessions S runs S threads, each with its own session, sharing the endpoints.
 * One figure per line: "name value unit". The PIN is read from a file, never argv.
 *
 * Usage: kps-bench-p11-floor --module SO --token LABEL --pin-file FILE --order ORDER
 *                            [--count N] [--sessions S] [--length-queries] [--prefix NAME]
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <p11-kit/pkcs11.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

enum { kMasters = 4, kMaxSessions = 16 };
static const char* const kMasterNames[kMasters] = {"DATA_MASTER", "DM_MASTER", "LOCAL_MASTER",
                                                   "PASSWORD_MASTER"};
static const char kAlphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

struct Options {
    const char* module;
    const char* token;
    const char* pinFile;
    const char* order;
    const char* prefix;
    long count;
    int sessions;
    int lengthQueries;
};

struct Keys {
    CK_OBJECT_HANDLE master[kMasters];
    CK_OBJECT_HANDLE customerKek;
    CK_OBJECT_HANDLE headendKek;
};

struct Worker {
    CK_FUNCTION_LIST_PTR p11;
    CK_SESSION_HANDLE session;
    struct Keys keys;
    const struct Options* options;
    long first, count;
    long calls;
    CK_RV failed;
    pthread_t thread;
};

static CK_BBOOL kTrue = CK_TRUE, kFalse = CK_FALSE;

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double cpuSeconds(void) {
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    return (double)(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           (double)(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

static int check(CK_RV rv, const char* call) {
    if (rv == CKR_OK)
        return 1;
    fprintf(stderr, "p11 floor: %s failed with CK_RV 0x%lx\n", call, (unsigned long)rv);
    return 0;
}

/* The station's template for a derived, non-sensitive session copy (hsm/src/kdf1.cpp). */
static CK_RV derive(struct Worker* w, CK_OBJECT_HANDLE master, CK_BYTE id, const CK_BYTE* address,
                    CK_OBJECT_HANDLE* key) {
    CK_BYTE data[16] = {0x01, id, 0x01, 0x00};
    memcpy(data + 4, address, 8);
    memcpy(data + 12, "KDF1", 4);
    CK_KEY_DERIVATION_STRING_DATA params = {data, sizeof data};
    CK_MECHANISM mech = {CKM_AES_ECB_ENCRYPT_DATA, &params, sizeof params};
    CK_OBJECT_CLASS klass = CKO_SECRET_KEY;
    CK_KEY_TYPE type = CKK_AES;
    CK_ULONG length = 16;
    CK_ATTRIBUTE t[] = {{CKA_CLASS, &klass, sizeof klass},
                        {CKA_KEY_TYPE, &type, sizeof type},
                        {CKA_VALUE_LEN, &length, sizeof length},
                        {CKA_TOKEN, &kFalse, 1},
                        {CKA_PRIVATE, &kTrue, 1},
                        {CKA_SENSITIVE, &kFalse, 1},
                        {CKA_EXTRACTABLE, &kTrue, 1},
                        {CKA_SIGN, &kTrue, 1},
                        {CKA_ENCRYPT, &kFalse, 1},
                        {CKA_DECRYPT, &kFalse, 1},
                        {CKA_WRAP, &kFalse, 1},
                        {CKA_UNWRAP, &kFalse, 1},
                        {CKA_DERIVE, &kFalse, 1}};
    w->calls++;
    return w->p11->C_DeriveKey(w->session, &mech, master, t, sizeof t / sizeof t[0], key);
}

static CK_RV kcv(struct Worker* w, CK_OBJECT_HANDLE key) {
    CK_MECHANISM mech = {CKM_AES_CMAC, NULL, 0};
    CK_BYTE zeros[16] = {0}, mac[16];
    CK_ULONG length = sizeof mac;
    CK_RV rv = w->p11->C_SignInit(w->session, &mech, key);
    w->calls += 2;
    return rv != CKR_OK ? rv : w->p11->C_Sign(w->session, zeros, sizeof zeros, mac, &length);
}

static CK_RV wrap(struct Worker* w, CK_OBJECT_HANDLE kek, CK_OBJECT_HANDLE key) {
    CK_MECHANISM mech = {CKM_AES_KEY_WRAP_PAD, NULL, 0};
    CK_BYTE wrapped[512];
    CK_ULONG length = sizeof wrapped;
    if (w->options->lengthQueries) {
        w->calls++;
        CK_RV rv = w->p11->C_WrapKey(w->session, &mech, kek, key, NULL, &length);
        if (rv != CKR_OK)
            return rv;
    }
    w->calls++;
    return w->p11->C_WrapKey(w->session, &mech, kek, key, wrapped, &length);
}

static CK_RV readValue(struct Worker* w, CK_OBJECT_HANDLE key, CK_BYTE* out, CK_ULONG size) {
    CK_ATTRIBUTE a = {CKA_VALUE, NULL, 0};
    if (w->options->lengthQueries) {
        w->calls++;
        CK_RV rv = w->p11->C_GetAttributeValue(w->session, key, &a, 1);
        if (rv != CKR_OK)
            return rv;
    }
    a.pValue = out;
    a.ulValueLen = size;
    w->calls++;
    CK_RV rv = w->p11->C_GetAttributeValue(w->session, key, &a, 1);
    explicit_bzero(out, size);
    return rv;
}

static CK_RV destroy(struct Worker* w, CK_OBJECT_HANDLE object) {
    w->calls++;
    return w->p11->C_DestroyObject(w->session, object);
}

static CK_RV oneKey(struct Worker* w, int index, const CK_BYTE* address) {
    CK_OBJECT_HANDLE key;
    CK_BYTE plain[64];
    CK_RV rv = derive(w, w->keys.master[index], (CK_BYTE)(index + 1), address, &key);
    if (rv != CKR_OK)
        return rv;
    if ((rv = kcv(w, key)) == CKR_OK && (rv = wrap(w, w->keys.customerKek, key)) == CKR_OK &&
        (index != 1 || (rv = wrap(w, w->keys.headendKek, key)) == CKR_OK))
        rv = readValue(w, key, plain, sizeof plain);
    CK_RV destroyed = destroy(w, key);
    return rv != CKR_OK ? rv : destroyed;
}

/* 12 characters of the reference alphabet from the 16-byte seed (docs/key-sources.md). */
static void passwordOf(const CK_BYTE* seed, CK_BYTE* password) {
    __extension__ typedef unsigned __int128 Uint128;
    Uint128 x = 0;
    for (int i = 0; i < 16; ++i)
        x = (x << 8) | seed[i];
    memset(password, 0, 16);
    for (int i = 0; i < 12; ++i) {
        password[i] = (CK_BYTE)kAlphabet[(unsigned)(x % 57)];
        x /= 57;
    }
}

static CK_RV passwordObject(struct Worker* w, CK_BYTE* value, CK_OBJECT_HANDLE* object) {
    CK_OBJECT_CLASS klass = CKO_SECRET_KEY;
    CK_KEY_TYPE type = CKK_GENERIC_SECRET;
    CK_ATTRIBUTE t[] = {{CKA_CLASS, &klass, sizeof klass},
                        {CKA_KEY_TYPE, &type, sizeof type},
                        {CKA_TOKEN, &kFalse, 1},
                        {CKA_PRIVATE, &kTrue, 1},
                        {CKA_SENSITIVE, &kTrue, 1},
                        {CKA_EXTRACTABLE, &kTrue, 1},
                        {CKA_VALUE, value, 16}};
    w->calls++;
    return w->p11->C_CreateObject(w->session, t, sizeof t / sizeof t[0], object);
}

static CK_RV password(struct Worker* w, const CK_BYTE* address) {
    CK_OBJECT_HANDLE seedKey, object;
    CK_BYTE seed[64], characters[16];
    CK_RV rv = derive(w, w->keys.master[3], 4, address, &seedKey);
    if (rv != CKR_OK)
        return rv;
    CK_ATTRIBUTE a = {CKA_VALUE, seed, sizeof seed};
    if (w->options->lengthQueries) {
        CK_ATTRIBUTE size = {CKA_VALUE, NULL, 0};
        w->calls++;
        rv = w->p11->C_GetAttributeValue(w->session, seedKey, &size, 1);
    }
    w->calls++;
    if (rv == CKR_OK && (rv = w->p11->C_GetAttributeValue(w->session, seedKey, &a, 1)) == CKR_OK) {
        passwordOf(seed, characters);
        if ((rv = passwordObject(w, characters, &object)) == CKR_OK) {
            rv = wrap(w, w->keys.customerKek, object);
            CK_RV destroyed = destroy(w, object);
            rv = rv != CKR_OK ? rv : destroyed;
        }
    }
    explicit_bzero(seed, sizeof seed);
    explicit_bzero(characters, sizeof characters);
    CK_RV destroyed = destroy(w, seedKey);
    return rv != CKR_OK ? rv : destroyed;
}

static void* run(void* argument) {
    struct Worker* w = argument;
    for (long n = w->first; n < w->first + w->count && w->failed == CKR_OK; ++n) {
        /* KLK-ID-01-07 with ID = n in BCD, little-endian, as the station encodes it */
        CK_BYTE address[8] = {0x8b, 0x2d, 0, 0, 0, 0, 0x01, 0x07};
        for (int i = 0, v = (int)(n % 100000000); i < 4; ++i, v /= 100)
            address[2 + i] = (CK_BYTE)((v % 10) | ((v / 10 % 10) << 4));
        for (int k = 0; k < 3 && w->failed == CKR_OK; ++k)
            w->failed = oneKey(w, k, address);
        if (w->failed == CKR_OK)
            w->failed = password(w, address);
    }
    return NULL;
}

static CK_RV findKey(struct Worker* w, const char* order, const char* name, CK_OBJECT_HANDLE* key) {
    char label[256];
    snprintf(label, sizeof label, "order:%s:%s", order, name);
    CK_OBJECT_CLASS klass = CKO_SECRET_KEY;
    CK_ATTRIBUTE filter[] = {{CKA_CLASS, &klass, sizeof klass}, {CKA_LABEL, label, strlen(label)}};
    CK_ULONG found = 0;
    CK_RV rv = w->p11->C_FindObjectsInit(w->session, filter, 2);
    if (rv != CKR_OK)
        return rv;
    rv = w->p11->C_FindObjects(w->session, key, 1, &found);
    w->p11->C_FindObjectsFinal(w->session);
    if (rv == CKR_OK && found != 1)
        fprintf(stderr, "p11 floor: no key labelled %s on the token\n", label);
    return rv == CKR_OK && found != 1 ? CKR_KEY_HANDLE_INVALID : rv;
}

static CK_RV findKeys(struct Worker* w, const char* order) {
    CK_RV rv = CKR_OK;
    for (int i = 0; i < kMasters && rv == CKR_OK; ++i)
        rv = findKey(w, order, kMasterNames[i], &w->keys.master[i]);
    if (rv == CKR_OK)
        rv = findKey(w, order, "customer-kek", &w->keys.customerKek);
    return rv == CKR_OK ? findKey(w, order, "headend-kek", &w->keys.headendKek) : rv;
}

static CK_RV findSlot(CK_FUNCTION_LIST_PTR p11, const char* token, CK_SLOT_ID* slot) {
    CK_SLOT_ID slots[64];
    CK_ULONG count = 64;
    CK_RV rv = p11->C_GetSlotList(CK_TRUE, slots, &count);
    for (CK_ULONG i = 0; rv == CKR_OK && i < count; ++i) {
        CK_TOKEN_INFO info;
        if (p11->C_GetTokenInfo(slots[i], &info) != CKR_OK)
            continue;
        size_t length = strlen(token);
        if (length <= 32 && memcmp(info.label, token, length) == 0 &&
            (length == 32 || info.label[length] == ' ')) {
            *slot = slots[i];
            return CKR_OK;
        }
    }
    fprintf(stderr, "p11 floor: no token labelled %s\n", token);
    return rv == CKR_OK ? CKR_TOKEN_NOT_PRESENT : rv;
}

static CK_RV login(CK_FUNCTION_LIST_PTR p11, CK_SESSION_HANDLE session, const char* pinFile) {
    char pin[257] = {0};
    FILE* file = fopen(pinFile, "r");
    if (!file) {
        fprintf(stderr, "p11 floor: cannot read the PIN file %s\n", pinFile);
        return CKR_PIN_INCORRECT;
    }
    size_t length = fread(pin, 1, sizeof pin - 1, file);
    fclose(file);
    while (length > 0 && (pin[length - 1] == '\n' || pin[length - 1] == '\r'))
        --length;
    CK_RV rv = p11->C_Login(session, CKU_USER, (CK_UTF8CHAR_PTR)pin, length);
    explicit_bzero(pin, sizeof pin);
    return rv == CKR_USER_ALREADY_LOGGED_IN ? CKR_OK : rv;
}

static CK_FUNCTION_LIST_PTR loadModule(const char* path) {
    void* module = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!module) {
        fprintf(stderr, "p11 floor: cannot load %s: %s\n", path, dlerror());
        return NULL;
    }
    CK_C_GetFunctionList getList;
    *(void**)&getList = dlsym(module, "C_GetFunctionList"); /* the POSIX way to a function */
    CK_FUNCTION_LIST_PTR p11 = NULL;
    CK_C_INITIALIZE_ARGS args = {NULL, NULL, NULL, NULL, CKF_OS_LOCKING_OK, NULL};
    if (!getList || getList(&p11) != CKR_OK || !check(p11->C_Initialize(&args), "C_Initialize"))
        return NULL;
    return p11;
}

static int parse(int argc, char** argv, struct Options* o) {
    *o = (struct Options){NULL, NULL, NULL, NULL, "floor", 1000, 1, 0};
    for (int i = 1; i < argc; ++i) {
        const char* value = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(argv[i], "--length-queries") == 0) {
            o->lengthQueries = 1;
            continue;
        }
        if (!value)
            return 0;
        if (strcmp(argv[i], "--module") == 0)
            o->module = value;
        else if (strcmp(argv[i], "--token") == 0)
            o->token = value;
        else if (strcmp(argv[i], "--pin-file") == 0)
            o->pinFile = value;
        else if (strcmp(argv[i], "--order") == 0)
            o->order = value;
        else if (strcmp(argv[i], "--prefix") == 0)
            o->prefix = value;
        else if (strcmp(argv[i], "--count") == 0)
            o->count = atol(value);
        else if (strcmp(argv[i], "--sessions") == 0)
            o->sessions = atoi(value);
        else
            return 0;
        ++i;
    }
    return o->module && o->token && o->pinFile && o->order && o->count > 0 && o->sessions >= 1 &&
           o->sessions <= kMaxSessions;
}

static int openWorkers(CK_FUNCTION_LIST_PTR p11, const struct Options* o, struct Worker* w) {
    CK_SLOT_ID slot;
    if (!check(findSlot(p11, o->token, &slot), "find token"))
        return 0;
    for (int i = 0; i < o->sessions; ++i) {
        w[i] = (struct Worker){p11, 0, {{0}, 0, 0}, o, 0, 0, 0, CKR_OK, 0};
        w[i].first = 1 + o->count * i / o->sessions;
        w[i].count = o->count * (i + 1) / o->sessions - o->count * i / o->sessions;
        if (!check(p11->C_OpenSession(slot, CKF_SERIAL_SESSION | CKF_RW_SESSION, NULL, NULL,
                                      &w[i].session),
                   "C_OpenSession") ||
            (i == 0 && !check(login(p11, w[i].session, o->pinFile), "C_Login")) ||
            !check(findKeys(&w[i], o->order), "find the order's keys"))
            return 0;
    }
    return 1;
}

int main(int argc, char** argv) {
    struct Options o;
    if (!parse(argc, argv, &o)) {
        fprintf(stderr, "usage: kps-bench-p11-floor --module SO --token LABEL --pin-file FILE "
                        "--order ORDER [--count N] [--sessions S] [--length-queries]\n");
        return 1;
    }
    CK_FUNCTION_LIST_PTR p11 = loadModule(o.module);
    struct Worker workers[kMaxSessions];
    if (!p11 || !openWorkers(p11, &o, workers))
        return 4;
    const double start = now(), cpuStart = cpuSeconds();
    for (int i = 0; i < o.sessions; ++i)
        pthread_create(&workers[i].thread, NULL, run, &workers[i]);
    long calls = 0;
    int ok = 1;
    for (int i = 0; i < o.sessions; ++i) {
        pthread_join(workers[i].thread, NULL);
        calls += workers[i].calls;
        ok = ok && check(workers[i].failed, "endpoint");
    }
    const double seconds = now() - start, cpu = cpuSeconds() - cpuStart;
    for (int i = 0; i < o.sessions; ++i)
        p11->C_CloseSession(workers[i].session);
    p11->C_Finalize(NULL);
    if (!ok)
        return 4;
    printf("%s.ms_per_endpoint %.4f ms\n", o.prefix, seconds * 1e3 / (double)o.count);
    printf("%s.cpu_ms_per_endpoint %.4f ms\n", o.prefix, cpu * 1e3 / (double)o.count);
    printf("%s.endpoints_per_s %.1f 1/s\n", o.prefix, (double)o.count / seconds);
    printf("%s.calls_per_endpoint %.1f calls\n", o.prefix, (double)calls / (double)o.count);
    return 0;
}
