/// Flags an order carries through the engine for the layers around it.
///
/// `reduceOnly` is not interpreted by the matching engine; the risk layer reads it from
/// the order (``MatchingEngine/order(_:)``) and the `ACCEPTED` event.
///
/// A plain bit set rather than an `OptionSet`, so that hot code uses no protocol witnesses
/// even in debug builds.
@frozen
public struct OrderFlags: Sendable, BitwiseCopyable, Hashable {
    public var rawValue: UInt8

    @inlinable @_noAllocation @inline(__always)
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// No flag.
    @inlinable @_noAllocation @inline(__always)
    public init() { rawValue = 0 }

    /// No flag.
    public static let none = OrderFlags()

    /// The order may only reduce a position (checked by the risk layer).
    public static let reduceOnly = OrderFlags(rawValue: 1)

    /// True if every flag of `other` is set.
    @inlinable @_noAllocation @inline(__always)
    public func contains(_ other: OrderFlags) -> Bool { rawValue & other.rawValue == other.rawValue }

    /// Both sets of flags.
    @inlinable @_noAllocation @inline(__always)
    public func union(_ other: OrderFlags) -> OrderFlags { OrderFlags(rawValue: rawValue | other.rawValue) }

    @inlinable @_noAllocation @inline(__always)
    public static func == (lhs: OrderFlags, rhs: OrderFlags) -> Bool { lhs.rawValue == rhs.rawValue }
}
