#ifndef HFT_CPREFETCH_H
#define HFT_CPREFETCH_H

/// Software prefetch for the engine's lookahead hints (Swift has no prefetch of its own).
/// A hint: it never faults, changes no memory and may be ignored by the CPU.
///
/// Starts loading the cache line holding `address` into all cache levels, with the intent
/// to write it (`prefetchw` where the target CPU has it, else `prefetcht0`).
static inline __attribute__((always_inline)) void hft_prefetch_for_write(const void *address) {
    __builtin_prefetch(address, 1, 3);
}

#endif
