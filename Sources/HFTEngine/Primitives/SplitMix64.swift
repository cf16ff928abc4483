/// A small, fast, seeded pseudo-random generator (SplitMix64, Steele, Lea and Flood,
/// "Fast splittable pseudorandom number generators", OOPSLA 2014).
///
/// The engine itself never draws random numbers (its state is a pure function of its
/// input). This generator is for what drives the engine reproducibly: simulations,
/// benchmarks' prepared workloads and randomized tests, where the same seed must give the
/// same stream on every machine.
///
/// - Complexity: O(1) per number. Memory: 8 bytes.
@frozen
public struct SplitMix64: RandomNumberGenerator, Sendable {
    @usableFromInline var state: UInt64

    @inlinable
    public init(seed: UInt64) { state = seed }

    @inlinable @inline(__always)
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z &>> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z &>> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z &>> 31)
    }
}
