/// A dimensionless fraction in units of 10^-8: margin rates, fee rates, funding rates,
/// premium-index samples and price bands.
///
/// `Rate(e8: 40_000)` is 0.0004 = 0.04% = 4 basis points. Eight decimals is the precision
/// Binance publishes funding rates and maintenance-margin rates with; a configured value
/// with more digits is rejected at the edge, never rounded. Products with money are formed
/// in 64 bits where they fit and in 128 bits otherwise (see ``ExactDivision``).
///
/// - Complexity: O(1). Memory: 8 bytes, trivially copyable.
@frozen
public struct Rate: Hashable, Comparable, Sendable, BitwiseCopyable, CustomStringConvertible {
    /// The fraction × 10^8.
    public var e8: Int64

    /// One (100%) in units of 10^-8.
    public static let one: Int64 = 100_000_000

    /// No rate.
    public static let zero = Rate(e8: 0)

    @inlinable @inline(__always)
    public init(e8: Int64) { self.e8 = e8 }

    /// A rate of `basisPoints` / 10,000 (e.g. `Rate(basisPoints: 2)` is 0.02%).
    @inlinable
    public init(basisPoints: Int64) { self.e8 = basisPoints &* 10_000 }

    /// The exact rate of a decimal fraction such as `0.004`.
    ///
    /// - Throws: ``DecimalError/offGrid`` if it has more than 8 decimals of precision,
    ///   ``DecimalError/outOfRange`` if it does not fit.
    public init(fraction: ExactDecimal) throws(DecimalError) {
        e8 = try StepSize(units: 1, scale: 8).steps(in: fraction)
    }

    /// The exact rate of a decimal number of basis points such as `2.5`.
    public init(basisPoints: ExactDecimal) throws(DecimalError) {
        e8 = try StepSize(units: 1, scale: 4).steps(in: basisPoints)
    }

    /// The exact rate of a decimal percentage such as `5` (5%).
    public init(percent: ExactDecimal) throws(DecimalError) {
        e8 = try StepSize(units: 1, scale: 6).steps(in: percent)
    }

    @inlinable @inline(__always)
    public static func < (lhs: Rate, rhs: Rate) -> Bool { lhs.e8 < rhs.e8 }

    /// The rate as canonical decimal text of the fraction (`0.0001`).
    public var fractionText: String {
        try! ExactDecimal(significand: Int128(e8), scale: 8).description  // 8 is in ExactDecimal.scaleRange
    }

    public var description: String { fractionText }
}
