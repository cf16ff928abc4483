/// A quantity in whole lots of its symbol's lot size.
///
/// Signed so that a position can be long (> 0) or short (< 0); an order's quantity is
/// always positive, which the engine checks at the edge.
///
/// - Complexity: every operation is O(1). Memory: 8 bytes, trivially copyable.
@frozen
public struct Quantity: Hashable, Comparable, Sendable, BitwiseCopyable, CustomStringConvertible {
    /// The quantity as a whole number of lots.
    public var lots: Int64

    @inlinable @inline(__always) @_noAllocation
    public init(lots: Int64) { self.lots = lots }

    /// No quantity.
    public static let zero = Quantity(lots: 0)

    @inlinable @inline(__always)
    public static func < (lhs: Quantity, rhs: Quantity) -> Bool { lhs.lots < rhs.lots }

    public var description: String { "\(lots) lots" }
}
