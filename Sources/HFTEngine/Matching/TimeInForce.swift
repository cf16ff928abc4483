/// How long an order may live.
///
/// - `gtc`: good till canceled; the unfilled remainder rests in the book.
/// - `ioc`: immediate or cancel; the remainder expires (`EXPIRED <id> IOC <qty>`).
/// - `fok`: fill or kill; if the whole quantity cannot fill at once the order makes no
///   trade and expires whole (`EXPIRED <id> FOK <qty>`).
/// - `postOnly`: rests only as a maker; an order that would take liquidity expires
///   (`EXPIRED <id> POST_ONLY <qty>`). Not allowed on `MARKET` orders (`BAD_TIF`).
@frozen
public enum TimeInForce: UInt8, Sendable, BitwiseCopyable, CaseIterable {
    case gtc = 0
    case ioc = 1
    case fok = 2
    case postOnly = 3

    /// `GTC`, `IOC`, `FOK` or `POST_ONLY`, as in command files.
    @inlinable @_noAllocation @inline(__always)
    public static func == (lhs: TimeInForce, rhs: TimeInForce) -> Bool { lhs.rawValue == rhs.rawValue }

    @inlinable @inline(__always) @_noAllocation
    public static func != (lhs: TimeInForce, rhs: TimeInForce) -> Bool { lhs.rawValue != rhs.rawValue }

    public var wireName: String {
        switch self {
        case .gtc: "GTC"
        case .ioc: "IOC"
        case .fok: "FOK"
        case .postOnly: "POST_ONLY"
        }
    }
}
