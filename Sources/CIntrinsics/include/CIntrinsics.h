#ifndef HFT_CINTRINSICS_H
#define HFT_CINTRINSICS_H

/// Compiler builtins that Swift does not expose, as header-only static inline functions
/// (LLVM inlines them into the Swift code that calls them; see Primitives/Prefetch.swift and
/// Options/OptionMath+FusedMultiplyAdd.swift).

/// Starts loading the cache line holding `address` into all cache levels, with the intent
/// to write it (`prefetchw` where the target CPU has it, else `prefetcht0`). A hint: it
/// never faults, changes no memory and may be ignored by the CPU.
static inline __attribute__((always_inline)) void hft_prefetch_for_write(const void *address) {
    __builtin_prefetch(address, 1, 3);
}

/// Eight doubles, imported into Swift as `SIMD8<Double>`.
typedef double hft_double8 __attribute__((ext_vector_type(8)));

/// a × b + c in every lane with one rounding (IEEE 754 fusedMultiplyAdd), as one LLVM
/// vector operation (`llvm.fma.v8f64`): `vfmadd…pd` on full-width registers.
static inline __attribute__((always_inline)) hft_double8 hft_fma8(hft_double8 a, hft_double8 b, hft_double8 c) {
    return __builtin_elementwise_fma(a, b, c);
}

#endif
