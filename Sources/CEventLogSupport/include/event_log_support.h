#ifndef EVENT_LOG_SUPPORT_H
#define EVENT_LOG_SUPPORT_H

#include <stddef.h>
#include <stdint.h>

/// CRC-32C (Castagnoli) of `length` bytes, continuing from `crc` (pass 0 to start).
/// Uses the SSE4.2 crc32 instruction when the processor has it, a slice-by-8 table otherwise.
uint32_t desk_crc32c(uint32_t crc, const void *data, size_t length);

/// SHA-256 of `length` bytes into `out` (32 bytes): BoringSSL's one-shot function, as
/// swift-crypto builds it (SHA-NI where the processor has it), without the context object
/// swift-crypto's `SHA256` allocates per hash — a third of the cost of hashing a small record.
void desk_sha256(const void *data, size_t length, uint8_t *out);



/// The `f_type` of the file system holding the open file `descriptor` (statfs(2)), or -1 with errno set.
long desk_file_system_type(int descriptor);
#endif
