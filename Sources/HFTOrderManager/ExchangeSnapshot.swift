/// One of our account's trades, as the exchange lists them (Binance `GET /fapi/v1/userTrades`).
///
/// - Memory: a value type; owns its strings.
public struct UserTrade: Sendable, Hashable, Codable {
    /// The exchange's trade id (`id`), unique per symbol.
    public var tradeId: Int64
    /// The exchange's order id (`orderId`).
    public var exchangeOrderId: Int64
    /// The client order id, when the source gives it.
    public var clientOrderId: String?
    /// The symbol.
    public var symbol: String
    /// Our side of the trade.
    public var side: OMSSide
    /// The trade price, in price units.
    public var price: Int64
    /// The trade quantity, in quantity units.
    public var quantity: Int64
    /// The trade time, ms.
    public var time: Int64

    /// Creates a trade.
    public init(tradeId: Int64, exchangeOrderId: Int64, clientOrderId: String? = nil, symbol: String, side: OMSSide,
                price: Int64, quantity: Int64, time: Int64) {
        self.tradeId = tradeId
        self.exchangeOrderId = exchangeOrderId
        self.clientOrderId = clientOrderId
        self.symbol = symbol
        self.side = side
        self.price = price
        self.quantity = quantity
        self.time = time
    }
}

/// What the caller fetched from the exchange for a reconciliation of some symbols.
///
/// - Memory: a value type; owns its arrays.
public struct ExchangeSnapshot: Sendable, Hashable, Codable {
    /// The symbols the snapshot covers; local orders of other symbols are not touched.
    public var symbols: [String]
    /// The open orders (`GET /fapi/v1/openOrders`), as reports with source `query`.
    public var openOrders: [ExecutionReport]
    /// Recent orders (`GET /fapi/v1/allOrders` since a start time), as reports with source `query`.
    public var recentOrders: [ExecutionReport]
    /// Recent trades (`GET /fapi/v1/userTrades`).
    public var trades: [UserTrade]

    /// Creates a snapshot.
    public init(symbols: [String], openOrders: [ExecutionReport], recentOrders: [ExecutionReport], trades: [UserTrade]) {
        self.symbols = symbols
        self.openOrders = openOrders
        self.recentOrders = recentOrders
        self.trades = trades
    }
}

/// The repairs one reconciliation made.
///
/// - Memory: a value type.
public struct ReconciliationSummary: Sendable, Hashable, Codable {
    /// Reports of known orders that changed them.
    public var ordersUpdated = 0
    /// Unknown open orders with our prefix taken under management.
    public var adopted = 0
    /// Unknown open orders without our prefix: a cancel was queued.
    public var foreignCanceled = 0
    /// Local orders the exchange does not know, resolved as canceled.
    public var resolvedCanceled = 0
    /// Local pending news the exchange never saw, resolved as expired.
    public var resolvedExpired = 0
    /// Orders the OMS believed ended that are open on the exchange: a cancel was queued.
    public var strayCanceled = 0
    /// Cancels with an unknown outcome, queued again.
    public var cancelsRequeued = 0
    /// Modifies with an unknown outcome that did not happen (the order is back to its state).
    public var modifiesReverted = 0
    /// Trades not seen before that raised an order's filled quantity (missed fills).
    public var missedFillsApplied = 0
    /// Trades not seen before whose quantity was already counted (attributed, price repaired).
    public var tradesAttributed = 0
    /// Trades seen before, or of orders that are not ours: ignored.
    public var tradesIgnored = 0

    /// Creates an empty summary.
    public init() {}
}
