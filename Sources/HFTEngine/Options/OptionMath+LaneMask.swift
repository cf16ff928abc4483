/// Lane masks as plain integer vectors for the branchy `SIMD8<Double>` kernels (the
/// implied-volatility solver): a lane is all ones (true) or all zeros (false).
///
/// Why not `SIMDMask`: combining `SIMDMask<SIMD8<Int64>>` values with `.&`, `.|`, `.!`
/// and then `replacing(with:where:)` makes LLVM narrow the masks to bytes and widen them
/// again, and it then splits the blended arithmetic into 128-bit pieces (measured: about
/// three times the instructions of the same kernel on 256-bit registers with AVX2). Kept
/// as `SIMD8<Int64>`, a comparison is one `vcmppd` per half, `&`, `|`, `~` are single
/// instructions and ``select(_:_:_:)`` is one `vblendvpd` per half.
///
/// - Complexity: O(1), branch-free. - Memory: none.
extension OptionMath {
    public typealias LaneMask = SIMD8<Int64>

    /// The comparison's lanes as a ``LaneMask``.
    @inlinable @inline(__always) @_noAllocation
    public static func mask(_ m: SIMDMask<LaneMask>) -> LaneMask {
        unsafeBitCast(m, to: LaneMask.self)
    }

    /// `ifTrue` in the lanes set in `m`, `ifFalse` elsewhere.
    @inlinable @inline(__always) @_noAllocation
    public static func select(_ m: LaneMask, _ ifTrue: Lanes, _ ifFalse: Lanes) -> Lanes {
        let t = unsafeBitCast(ifTrue, to: LaneMask.self)
        let f = unsafeBitCast(ifFalse, to: LaneMask.self)
        return unsafeBitCast((t & m) | (f & ~m), to: Lanes.self)
    }

    /// Whether any lane of `m` is set (lanes are 0 or −1, so their sum is 0 only if none is).
    @inlinable @inline(__always) @_noAllocation
    public static func anyLane(_ m: LaneMask) -> Bool {
        m.wrappedSum() != 0
    }
}
