/// Why (part of) an order expired without trading. Prints as ``wireName`` in
/// `EXPIRED <id> <REASON> <qty>` lines.
@frozen
public enum ExpireReason: UInt8, Sendable, BitwiseCopyable, CaseIterable {
    /// The remainder of an immediate-or-cancel limit order.
    case ioc = 1
    /// A fill-or-kill order that could not fill completely (it made no trades).
    case fok
    /// A post-only order that would have taken liquidity.
    case postOnly
    /// The remainder of a market order.
    case market
    /// Self-trade prevention removed the order (maker or taker).
    case selfTrade

    /// The raw value, for event records (annotated for the hot path).
    @inlinable
    public var code: UInt8 { @inline(__always) @_noAllocation get { rawValue } }

    public var wireName: String {
        switch self {
        case .ioc: "IOC"
        case .fok: "FOK"
        case .postOnly: "POST_ONLY"
        case .market: "MARKET"
        case .selfTrade: "STP"
        }
    }
}
