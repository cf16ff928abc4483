#ifndef HFT_CCYCLECOUNTER_H
#define HFT_CCYCLECOUNTER_H
#include <stdint.h>
#include <time.h>

#if defined(__x86_64__) || defined(__i386__)
/// Reads the time-stamp counter after earlier instructions have completed
/// (`lfence; rdtsc`): about 20-50 cycles, far cheaper than a clock_gettime call. The
/// `memory` clobber keeps the compiler from moving the measured loads and stores across it.
static inline uint64_t hft_cycles(void) {
    uint32_t lo, hi;
    __asm__ __volatile__("lfence\n\trdtsc" : "=a"(lo), "=d"(hi) : : "memory");
    return ((uint64_t)hi << 32) | lo;
}
/// Like `hft_cycles`, but the read cannot happen before `dependency` has been computed:
/// pass the measured operation's result so that the operation stays inside the window.
static inline uint64_t hft_cycles_after(uint64_t dependency) {
    uint32_t lo, hi;
    __asm__ __volatile__("lfence\n\trdtsc" : "=a"(lo), "=d"(hi) : "r"(dependency) : "memory");
    return ((uint64_t)hi << 32) | lo;
}
static inline int hft_has_cycle_counter(void) { return 1; }
#else
static inline uint64_t hft_cycles(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}
static inline uint64_t hft_cycles_after(uint64_t dependency) {
    __asm__ __volatile__("" : : "r"(dependency) : "memory");
    return hft_cycles();
}
static inline int hft_has_cycle_counter(void) { return 0; }
#endif

/// Monotonic wall time in nanoseconds (vDSO clock_gettime).
static inline uint64_t hft_monotonic_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}
#endif
