// CCrypto: HMAC-SHA256 from OpenSSL's libcrypto (libssl-dev), which signs and checks
// every Jupyter message.
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stddef.h>

/// HMAC-SHA256 of `data` under `key` into `out` (32 bytes). Returns 1 on success.
static inline int anis_hmac_sha256(const void *key, int key_length, const unsigned char *data,
                                   size_t data_length, unsigned char *out) {
    unsigned int length = 0;
    return HMAC(EVP_sha256(), key, key_length, data, data_length, out, &length) != NULL && length == 32;
}

/// Compares two byte strings in time independent of where they differ. Returns 1 when equal.
static inline int anis_constant_time_equal(const void *a, const void *b, size_t length) {
    return CRYPTO_memcmp(a, b, length) == 0;
}
