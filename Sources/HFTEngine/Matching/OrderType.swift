/// How an order is priced: a `LIMIT` order carries a price it will not trade through;
/// a `MARKET` order has no price, is always immediate, and what cannot fill expires.
@frozen
public enum OrderType: UInt8, Sendable, BitwiseCopyable, CaseIterable {
    case limit = 0
    case market = 1

    /// `LIMIT` or `MARKET`, as in command files.
    @inlinable @_noAllocation @inline(__always)
    public static func == (lhs: OrderType, rhs: OrderType) -> Bool { lhs.rawValue == rhs.rawValue }

    @inlinable @inline(__always) @_noAllocation
    public static func != (lhs: OrderType, rhs: OrderType) -> Bool { lhs.rawValue != rhs.rawValue }

    public var wireName: String { self == .limit ? "LIMIT" : "MARKET" }
}
