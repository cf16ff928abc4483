// CRC-32C with the SSE4.2 `crc32` instruction (the journal's record checksum). The core
// module keeps a pure-Swift slicing-by-8 fallback (CRC32C.swift) for other CPUs.
#include "CCRC32C.h"
#include <string.h>

#if defined(__x86_64__)
#include <cpuid.h>

int hft_crc32c_hardware_available(void) {
    unsigned int a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    return (c & bit_SSE4_2) != 0;
}

__attribute__((target("sse4.2")))
uint32_t hft_crc32c_hardware_update(uint32_t state, const void *bytes, size_t count) {
    const unsigned char *p = (const unsigned char *)bytes;
    uint64_t crc = state;
    while (count >= 8) {
        uint64_t word;
        memcpy(&word, p, 8);
        crc = __builtin_ia32_crc32di(crc, word);
        p += 8;
        count -= 8;
    }
    uint32_t c32 = (uint32_t)crc;
    if (count >= 4) {
        uint32_t word;
        memcpy(&word, p, 4);
        c32 = __builtin_ia32_crc32si(c32, word);
        p += 4;
        count -= 4;
    }
    while (count > 0) {
        c32 = __builtin_ia32_crc32qi(c32, *p);
        p += 1;
        count -= 1;
    }
    return c32;
}
#else
int hft_crc32c_hardware_available(void) { return 0; }
uint32_t hft_crc32c_hardware_update(uint32_t state, const void *bytes, size_t count) {
    (void)bytes; (void)count;
    return state;
}
#endif
