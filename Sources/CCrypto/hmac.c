// hmac: HMAC-SHA256 and a constant-time comparison through libcrypto, opened on the
// first call (see CLazyLibrary.h).
#include "CCrypto.h"
#include "CLazyLibrary.h"
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

ANIS_LAZY_LIBRARY(crypto, "libcrypto", "install libssl3 (scripts/setup.sh)", "libcrypto.so.3");

int anis_crypto_load(void) { return anis_lazy_open(&crypto); }
const char *anis_crypto_load_error(void) { return anis_lazy_error(&crypto); }

typedef unsigned char UC;
ANIS_FORWARD(crypto, const EVP_MD *, EVP_sha256, (void), ())
ANIS_FORWARD(crypto, UC *, HMAC, (const EVP_MD *md, const void *key, int key_length, const UC *data, size_t length,
                                  UC *out, unsigned int *out_length),
             (md, key, key_length, data, length, out, out_length))
ANIS_FORWARD(crypto, int, CRYPTO_memcmp, (const void *a, const void *b, size_t length), (a, b, length))

int anis_hmac_sha256(const void *key, int key_length, const UC *data, size_t data_length, UC *out) {
    unsigned int length = 0;
    return HMAC(EVP_sha256(), key, key_length, data, data_length, out, &length) != NULL && length == 32;
}

int anis_constant_time_equal(const void *a, const void *b, size_t length) {
    return CRYPTO_memcmp(a, b, length) == 0;
}
