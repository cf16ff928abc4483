/// The side of an order: a buy (bid) or a sell (ask).
///
/// - Memory: one byte, trivially copyable.
@frozen
public enum Side: UInt8, Sendable, BitwiseCopyable, CaseIterable {
    case buy = 0
    case sell = 1

    @inlinable @_noAllocation @inline(__always)
    public static func == (lhs: Side, rhs: Side) -> Bool { lhs.rawValue == rhs.rawValue }

    @inlinable @inline(__always) @_noAllocation
    public static func != (lhs: Side, rhs: Side) -> Bool { lhs.rawValue != rhs.rawValue }

    /// The other side.
    @inlinable
    public var opposite: Side { @inline(__always) @_noAllocation get { self == .buy ? .sell : .buy } }

    /// `BUY` or `SELL`, as in command files.
    public var wireName: String { self == .buy ? "BUY" : "SELL" }
}
