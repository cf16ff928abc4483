import CIntrinsics

/// `SIMD8<Double>`'s fused multiply-add as one vector operation.
///
/// The standard library implements `addingProduct` of a SIMD vector as a loop over its lanes
/// and leaves the rest to LLVM's vectorizers, which in the option kernels' long chains of
/// polynomial steps often split it: in the batched Greeks about a fifth of the profile
/// samples fell on 128-bit pieces and single-lane `vfmadd…sd` of such split steps.
/// ``fusedAddingProduct(_:_:)`` calls `llvm.fma.v8f64` through `CIntrinsics.h` instead. It is
/// used only for the steps `c0 + r·c1` of the vector `exp`, `log` and `erfcx`
/// (`OptionMath+Vector.swift`): applied to every `addingProduct` of the module it made the
/// implied-volatility kernel slower (see Docs/options.md). Each lane is still one fused
/// multiply-add with one rounding, so the lanes keep agreeing bit for bit with the scalar
/// kernels.
///
/// - Complexity: O(1), one instruction per 512-bit register (two at the AVX2 level).
/// - Memory: none.
extension SIMD8 where Scalar == Double {
    /// self + lhs × rhs in every lane, rounded once.
    @inlinable @inline(__always) @_noAllocation
    func fusedAddingProduct(_ lhs: SIMD8<Double>, _ rhs: Double) -> SIMD8<Double> {
        // The allocation checker cannot see into C; this is one instruction.
        _unsafePerformance { hft_fma8(lhs, SIMD8<Double>(repeating: rhs), self) }
    }
}
