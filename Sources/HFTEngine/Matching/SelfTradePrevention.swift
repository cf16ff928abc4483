/// What happens when an order would trade against a resting order of the same account.
/// The taker's mode decides.
///
/// - `none`: the two orders trade.
/// - `expireTaker`: the taker's remainder expires (`EXPIRED <taker> STP <qty>`) and
///   matching stops.
/// - `expireMaker`: the resting order expires (`EXPIRED <maker> STP <qty>`) and matching
///   goes on.
/// - `expireBoth`: the resting order expires, then the taker's remainder, and matching stops.
@frozen
public enum SelfTradePrevention: UInt8, Sendable, BitwiseCopyable, CaseIterable {
    case none = 0
    case expireTaker = 1
    case expireMaker = 2
    case expireBoth = 3

    /// `NONE`, `EXPIRE_TAKER`, `EXPIRE_MAKER` or `EXPIRE_BOTH`, as in command files.
    @inlinable @_noAllocation @inline(__always)
    public static func == (lhs: SelfTradePrevention, rhs: SelfTradePrevention) -> Bool { lhs.rawValue == rhs.rawValue }

    @inlinable @inline(__always) @_noAllocation
    public static func != (lhs: SelfTradePrevention, rhs: SelfTradePrevention) -> Bool { lhs.rawValue != rhs.rawValue }

    public var wireName: String {
        switch self {
        case .none: "NONE"
        case .expireTaker: "EXPIRE_TAKER"
        case .expireMaker: "EXPIRE_MAKER"
        case .expireBoth: "EXPIRE_BOTH"
        }
    }
}
