// CCrypto: HMAC-SHA256 from OpenSSL's libcrypto (libssl-dev), which signs and checks
// every Jupyter message. libcrypto is opened on the first call (see CLazyLibrary.h),
// so only `anis kernel` loads it.
#ifndef ANIS_CCRYPTO_H
#define ANIS_CCRYPTO_H

#include <stddef.h>

/// Opens libcrypto if not done yet: 0, or -1 with a message from anis_crypto_load_error().
int anis_crypto_load(void);
const char *anis_crypto_load_error(void);

/// HMAC-SHA256 of `data` under `key` into `out` (32 bytes). Returns 1 on success.
int anis_hmac_sha256(const void *key, int key_length, const unsigned char *data, size_t data_length,
                     unsigned char *out);

/// Compares two byte strings in time independent of where they differ. Returns 1 when equal.
int anis_constant_time_equal(const void *a, const void *b, size_t length);

#endif
