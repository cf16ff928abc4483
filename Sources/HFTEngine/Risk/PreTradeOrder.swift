/// An order as the pre-trade check sees it, before it reaches the book.
///
/// `price` is the limit price; for a market order it is the price the caller values the
/// order at for margin (e.g. the worse of the mark and the best opposite price), and the
/// price band does not apply.
///
/// - Memory: 48 bytes, trivially copyable.
@frozen
public struct PreTradeOrder: Sendable, BitwiseCopyable {
    public var orderId: Int64
    public var account: Int
    public var symbol: Int
    public var isBuy: Bool
    public var price: Price
    public var quantity: Quantity
    public var isMarket: Bool
    public var reduceOnly: Bool
    /// True for `POST_ONLY`: it never pays the taker fee, so only a positive maker fee is
    /// reserved.
    public var postOnly: Bool

    @inlinable
    public init(orderId: Int64, account: Int, symbol: Int, isBuy: Bool, price: Price, quantity: Quantity,
                isMarket: Bool = false, reduceOnly: Bool = false, postOnly: Bool = false) {
        self.orderId = orderId
        self.account = account
        self.symbol = symbol
        self.isBuy = isBuy
        self.price = price
        self.quantity = quantity
        self.isMarket = isMarket
        self.reduceOnly = reduceOnly
        self.postOnly = postOnly
    }
}

/// What an accepted pre-trade check allows: the quantity (a reduce-only order is capped
/// to the position) and the money to reserve while the order is live.
@frozen
public struct PreTradeApproval: Hashable, Sendable, BitwiseCopyable {
    /// The quantity the order may enter the book with.
    public var quantity: Quantity
    /// Initial margin of the exposure-increasing part plus the worst-case fee.
    public var reservation: Money

    @inlinable
    public init(quantity: Quantity, reservation: Money) {
        self.quantity = quantity
        self.reservation = reservation
    }
}
