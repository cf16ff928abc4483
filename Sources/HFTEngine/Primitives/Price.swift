/// A price in whole ticks of its symbol's tick size.
///
/// A distinct type from ``Quantity`` and ``Money`` so that a price cannot be passed where a
/// quantity or an amount of money is expected. Conversion from and to decimal text goes
/// through the symbol's ``StepSize`` (see ``StepSize/steps(in:)``), never through `Double`.
///
/// - Complexity: every operation is O(1). Memory: 8 bytes, trivially copyable.
@frozen
public struct Price: Hashable, Comparable, Sendable, BitwiseCopyable, CustomStringConvertible {
    /// The price as a whole number of ticks.
    public var ticks: Int64

    @inlinable @inline(__always) @_noAllocation
    public init(ticks: Int64) { self.ticks = ticks }

    @inlinable @inline(__always)
    public static func < (lhs: Price, rhs: Price) -> Bool { lhs.ticks < rhs.ticks }

    public var description: String { "\(ticks) ticks" }
}
