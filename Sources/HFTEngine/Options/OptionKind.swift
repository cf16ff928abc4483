/// A European option's right: a call (right to buy at the strike) or a put (right to sell).
///
/// The raw value is the sign θ used throughout the Black–Scholes–Merton formulas:
/// +1 for a call, −1 for a put (for example price = θ·(S·e^(−qT)·N(θ·d1) − K·e^(−rT)·N(θ·d2))).
///
/// - Memory: one byte.
@frozen
public enum OptionKind: Int8, Sendable, Hashable, CaseIterable {
    case call = 1
    case put = -1

    /// θ as a double: +1 for a call, −1 for a put.
    @inlinable @inline(__always)
    public var sign: Double { Double(rawValue) }
}
