#pragma once
// libcrypto (OpenSSL 3), loaded with dlopen on first use: linking it would add
// ~0.65 ms to every cold start, and most invocations never sign a request.
// Only plain C types cross this seam, so Swift needs no OpenSSL headers.
#include <stddef.h>

// Every function returns 0 on success, CLIBCRYPTO_UNAVAILABLE when
// libcrypto.so.3 cannot be loaded (clibcrypto_error() says why), or
// CLIBCRYPTO_FAILED when libcrypto itself reports a failure.
#define CLIBCRYPTO_UNAVAILABLE (-1)
#define CLIBCRYPTO_FAILED (-2)

// Loads libcrypto.so.3 and resolves every symbol once; safe from any thread.
// The other functions call it themselves, so calling it first is optional.
int clibcrypto_load(void);

// Why loading failed; stable for the life of the process once loading ran.
const char *clibcrypto_error(void);

// SHA-256 of len bytes at data (data may be NULL when len is 0).
int clibcrypto_sha256(const void *data, size_t len, unsigned char out[32]);

// HMAC-SHA-256 of len bytes at data under keylen bytes of key (either pointer
// may be NULL when its length is 0).
int clibcrypto_hmac_sha256(const void *key, size_t keylen, const void *data, size_t len,
                           unsigned char out[32]);
