/// The side of an order or a fill on the strategy side.
///
/// - Complexity: O(1) for every member.
/// - Memory: a one-byte value type; nothing is owned.
public enum OMSSide: String, Sendable, Hashable, Codable, CaseIterable {
    /// Buys: a fill adds to the position.
    case buy
    /// Sells: a fill subtracts from the position.
    case sell

    /// `+1` for a buy and `-1` for a sell: the sign a fill of this side gives the position.
    @inlinable public var sign: Int64 { self == .buy ? 1 : -1 }

    /// The other side.
    @inlinable public var opposite: OMSSide { self == .buy ? .sell : .buy }
}
