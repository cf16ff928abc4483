/// An account (or one isolated position of it) that a scan or a trigger found below its
/// maintenance margin, to be verified and liquidated.
///
/// - Memory: 8 bytes, trivially copyable.
@frozen
public struct LiquidationCandidate: Hashable, Sendable, BitwiseCopyable {
    /// The user account.
    public var account: Int32
    /// The symbol of an isolated position, or −1 for the account's cross margin.
    public var symbol: Int32

    @inlinable @inline(__always)
    public init(account: Int32, symbol: Int32) {
        self.account = account
        self.symbol = symbol
    }

    /// True for the cross part of an account.
    @inlinable public var isCross: Bool { symbol < 0 }
}
