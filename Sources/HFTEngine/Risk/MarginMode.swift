/// How a position's margin is held (Binance: cross or isolated; one-way position mode only).
///
/// - Memory: one byte, trivially copyable.
@frozen
public enum MarginMode: UInt8, Hashable, Sendable, BitwiseCopyable {
    /// The position shares the account's wallet balance with every other cross position.
    case cross = 0
    /// The position has its own margin (an earmark of the wallet balance); its losses
    /// beyond that margin do not reach the rest of the account.
    case isolated = 1
}
