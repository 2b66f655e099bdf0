#include "event_log_support.h"

// BoringSSL as swift-crypto vendors it (the CCryptoBoringSSL target, linked into every product
// that uses the EventLog target through its Crypto dependency), under swift-crypto's symbol
// prefix. Declared here because swift-crypto exports no C module; a rename fails the link.
extern uint8_t *CCryptoBoringSSL_SHA256(const uint8_t *data, size_t len, uint8_t out[32]);

void desk_sha256(const void *data, size_t length, uint8_t *out) {
    CCryptoBoringSSL_SHA256((const uint8_t *)data, length, out);
}
