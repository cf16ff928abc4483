/// A deterministic 64-bit hash of engine state, fed with 64-bit words in a canonical order
/// (the ``MatchingEngine/stateHash(into:)`` and ``RiskCore/stateHash(into:)`` walks).
/// Equal states fed in the same order give equal hashes in every process and on every run:
/// no seed, no pointer values, no `Hasher`.
///
/// Per word: `h = rotl((h ^ w) × K1, 29) × K2` (K1, K2 odd 64-bit constants); ``value``
/// finishes with the xor-shift-multiply avalanche of SplitMix64. Not cryptographic: it
/// detects divergence, it does not resist forgery.
///
/// - Complexity: O(1) per word.
/// - Memory: 16 bytes, no allocation.
public struct StateHasher: Sendable {
    @usableFromInline var state: UInt64
    @usableFromInline var words: UInt64

    public init() {
        state = 0x243F_6A88_85A3_08D3
        words = 0
    }

    /// Feeds one word.
    #if !DEBUG
    @_noAllocation
    #endif
    @inlinable @inline(__always)
    public mutating func combine(_ word: Int64) {
        let x = (state ^ UInt64(bitPattern: word)) &* 0x9E37_79B9_7F4A_7C15
        state = ((x << 29) | (x >> 35)) &* 0xBF58_476D_1CE4_E5B9
        words &+= 1
    }

    /// Feeds a Bool as 0 or 1.
    @inlinable @inline(__always)
    public mutating func combine(_ flag: Bool) { combine(Int64(flag ? 1 : 0)) }

    /// Feeds an Int128 as two words.
    @inlinable @inline(__always)
    public mutating func combine(_ wide: Int128) {
        combine(Int64(truncatingIfNeeded: wide))
        combine(Int64(truncatingIfNeeded: wide >> 64))
    }

    /// Feeds the UTF-8 bytes of a string (length first).
    public mutating func combine(_ text: String) {
        combine(Int64(text.utf8.count))
        for byte in text.utf8 { combine(Int64(byte)) }
    }

    /// The hash of everything fed so far.
    public var value: UInt64 {
        var z = state ^ words
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// ``value`` as 16 lower-case hex digits.
    public var hex: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
