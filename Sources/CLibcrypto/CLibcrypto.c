#include "CLibcrypto.h"

#include <dlfcn.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <stdio.h>

// The OpenSSL headers are included for the prototypes only: taking each
// pointer's type from them lets the compiler check every call, while the
// symbols themselves come from dlsym, never from the linker.
static struct {
    __typeof__(EVP_sha256) *sha256;
    __typeof__(EVP_Digest) *digest;
    // EVP_Q_mac is the one-shot MAC of OpenSSL 3; HMAC() is deprecated there
    // and is itself a wrapper around it.
    __typeof__(EVP_Q_mac) *q_mac;
} api;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int loaded = CLIBCRYPTO_UNAVAILABLE;
static char error_text[512] = "libcrypto not loaded yet";

// OpenSSL rejects a NULL key even when its length is 0, so empty inputs point here.
static const unsigned char empty[1];

#define RESOLVE(field, symbol)                                                           \
    do {                                                                                 \
        *(void **)(&api.field) = dlsym(library, symbol);                                 \
        if (api.field == NULL) {                                                         \
            snprintf(error_text, sizeof error_text, "libcrypto.so.3 lacks %s", symbol);  \
            return;                                                                      \
        }                                                                                \
    } while (0)

static void load_once(void) {
    void *library = dlopen("libcrypto.so.3", RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        const char *why = dlerror();
        snprintf(error_text, sizeof error_text, "cannot load libcrypto.so.3 (OpenSSL 3): %s",
                 why ? why : "unknown error");
        return;
    }
    RESOLVE(sha256, "EVP_sha256");
    RESOLVE(digest, "EVP_Digest");
    RESOLVE(q_mac, "EVP_Q_mac");
    loaded = 0;
}

int clibcrypto_load(void) {
    pthread_once(&once, load_once);
    return loaded;
}

const char *clibcrypto_error(void) { return error_text; }

int clibcrypto_sha256(const void *data, size_t len, unsigned char out[32]) {
    if (clibcrypto_load() != 0) return CLIBCRYPTO_UNAVAILABLE;
    unsigned int outlen = 0;
    int ok = api.digest(data ? data : empty, len, out, &outlen, api.sha256(), NULL);
    return ok == 1 && outlen == 32 ? 0 : CLIBCRYPTO_FAILED;
}

int clibcrypto_hmac_sha256(const void *key, size_t keylen, const void *data, size_t len,
                           unsigned char out[32]) {
    if (clibcrypto_load() != 0) return CLIBCRYPTO_UNAVAILABLE;
    size_t outlen = 0;
    unsigned char *result = api.q_mac(NULL, "HMAC", NULL, "SHA256", NULL, key ? key : empty, keylen,
                                      data ? data : empty, len, out, 32, &outlen);
    return result != NULL && outlen == 32 ? 0 : CLIBCRYPTO_FAILED;
}
