#ifndef HFT_CCRC32C_H
#define HFT_CCRC32C_H
#include <stddef.h>
#include <stdint.h>

/// 1 if this CPU has the SSE4.2 `crc32` instruction (x86-64), else 0.
int hft_crc32c_hardware_available(void);

/// Continues a CRC-32C state (not finalised: start with 0xFFFFFFFF, xor the result with
/// 0xFFFFFFFF) over `count` bytes with the SSE4.2 `crc32` instruction, 8 bytes per step.
/// Only call it when `hft_crc32c_hardware_available()` returned 1.
uint32_t hft_crc32c_hardware_update(uint32_t state, const void *bytes, size_t count);

#endif
