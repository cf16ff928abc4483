/// A new order as a host process submits it to ``MatchingEngine/submit(_:into:)``.
///
/// Prices and quantities are already whole ticks and lots of the symbol (the edge, such as
/// `hft replay`, converts decimals and rejects off-grid values with `BAD_TICK`/`BAD_LOT`).
/// Everything else is validated by the engine, which never traps on a request.
///
/// - Memory: 48 bytes, trivially copyable.
@frozen
public struct OrderRequest: Sendable, BitwiseCopyable {
    /// The sender's id, > 0, unique among live orders of the engine (all symbols).
    public var id: Int64
    /// The account that owns the order (any value in risk-off mode).
    public var account: Int64
    public var symbol: SymbolID
    public var side: Side
    public var type: OrderType
    public var timeInForce: TimeInForce
    public var selfTradePrevention: SelfTradePrevention
    /// The limit price; ignored for `MARKET` orders.
    public var price: Price
    public var quantity: Quantity
    public var flags: OrderFlags

    @inlinable @_noAllocation
    public init(
        id: Int64, account: Int64, symbol: SymbolID, side: Side, type: OrderType = .limit,
        price: Price, quantity: Quantity, timeInForce: TimeInForce = .gtc,
        selfTradePrevention: SelfTradePrevention = .none, flags: OrderFlags = OrderFlags()
    ) {
        self.id = id
        self.account = account
        self.symbol = symbol
        self.side = side
        self.type = type
        self.timeInForce = timeInForce
        self.selfTradePrevention = selfTradePrevention
        self.price = price
        self.quantity = quantity
        self.flags = flags
    }

    /// A limit order.
    @inlinable @_noAllocation
    public static func limit(
        id: Int64, account: Int64, symbol: SymbolID, side: Side, price: Price, quantity: Quantity,
        timeInForce: TimeInForce = .gtc, selfTradePrevention: SelfTradePrevention = .none,
        flags: OrderFlags = OrderFlags()
    ) -> OrderRequest {
        OrderRequest(id: id, account: account, symbol: symbol, side: side, type: .limit, price: price,
                     quantity: quantity, timeInForce: timeInForce,
                     selfTradePrevention: selfTradePrevention, flags: flags)
    }

    /// A market order (`timeInForce` `.fok` makes it fill-or-kill).
    @inlinable @_noAllocation
    public static func market(
        id: Int64, account: Int64, symbol: SymbolID, side: Side, quantity: Quantity,
        timeInForce: TimeInForce = .gtc, selfTradePrevention: SelfTradePrevention = .none,
        flags: OrderFlags = OrderFlags()
    ) -> OrderRequest {
        OrderRequest(id: id, account: account, symbol: symbol, side: side, type: .market,
                     price: Price(ticks: 0), quantity: quantity, timeInForce: timeInForce,
                     selfTradePrevention: selfTradePrevention, flags: flags)
    }
}
