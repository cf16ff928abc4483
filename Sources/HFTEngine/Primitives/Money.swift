/// An exact amount of the settlement asset, in its smallest unit (10^-decimals).
///
/// Balances, margin, fees, PnL and funding are all `Money`; no floating point ever holds
/// money. Arithmetic on the hot path uses the `...ReportingOverflow` forms or full-width
/// products (``NotionalScale``) so that an overflow is seen, never wrapped silently.
///
/// - Complexity: every operation is O(1). Memory: 8 bytes, trivially copyable.
@frozen
public struct Money: Hashable, Comparable, Sendable, BitwiseCopyable, CustomStringConvertible {
    /// The amount in the smallest unit of the settlement asset.
    public var units: Int64

    @inlinable @inline(__always) @_noAllocation
    public init(units: Int64) { self.units = units }

    /// No money.
    public static let zero = Money(units: 0)

    @inlinable @inline(__always)
    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.units < rhs.units }

    /// The sum, or `nil` if it does not fit in 64 bits.
    @inlinable @inline(__always)
    public func adding(_ other: Money) -> Money? {
        let (sum, overflow) = units.addingReportingOverflow(other.units)
        return overflow ? nil : Money(units: sum)
    }

    /// The difference, or `nil` if it does not fit in 64 bits.
    @inlinable @inline(__always)
    public func subtracting(_ other: Money) -> Money? {
        let (difference, overflow) = units.subtractingReportingOverflow(other.units)
        return overflow ? nil : Money(units: difference)
    }

    /// The amount as canonical decimal text with `decimals` digits after the point at most.
    ///
    /// - Throws: ``DecimalError/outOfRange`` unless `decimals` is in ``ExactDecimal/scaleRange``.
    public func formatted(decimals: Int) throws(DecimalError) -> String {
        try ExactDecimal(significand: Int128(units), scale: decimals).description
    }

    public var description: String { "\(units) units" }
}
