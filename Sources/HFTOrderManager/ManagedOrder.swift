/// How an order came to be managed by ``OrderManager``.
///
/// - Memory: a one-byte value type.
public enum OrderOrigin: String, Sendable, Hashable, Codable {
    /// Placed by this OMS instance from an intent.
    case placed
    /// Found on the exchange by reconciliation with our client order id prefix, and adopted.
    case adopted
    /// Found on the exchange by reconciliation without our prefix: canceled, its fills not counted.
    case foreign
}

/// A price and quantity a modify asks for, kept on the order while the modify is in flight.
///
/// - Memory: a 16-byte value type.
public struct ModifyTarget: Sendable, Hashable, Codable {
    /// The new limit price, in price units.
    public var price: Int64
    /// The new original quantity (filled + open), in quantity units.
    public var quantity: Int64

    /// Creates a target.
    public init(price: Int64, quantity: Int64) {
        self.price = price
        self.quantity = quantity
    }
}

/// One order as the OMS knows it: identity, terms, fills and its place in the state machine.
///
/// Fills are cumulative and exact: `cumulativeFilled` follows the exchange's cumulative filled
/// quantity, `cumulativeQuote` is the exact sum of price × quantity of those fills (in price ×
/// quantity units) when `quoteIsExact`, else an estimate for the part of a fill gap whose
/// trades were not seen yet (repaired by reconciliation).
///
/// - Complexity: O(1) for every member.
/// - Memory: a value type held in the OMS's order table; owns its strings.
public struct ManagedOrder: Sendable, Hashable {
    /// The OMS's client order id (Binance `clientOrderId`); unique per OMS instance.
    public let clientOrderId: String
    /// The exchange's order id, once a report carried it.
    public internal(set) var exchangeOrderId: Int64?
    /// The symbol.
    public let symbol: String
    /// Buy or sell.
    public let side: OMSSide
    /// The limit price the exchange last confirmed (or the placed price while pending), in price units.
    public internal(set) var price: Int64
    /// The original quantity (filled + open), in quantity units.
    public internal(set) var origQuantity: Int64
    /// The exchange's cumulative filled quantity, as far as reports have shown it.
    public internal(set) var cumulativeFilled: Int64
    /// The sum of price × quantity of the fills, in price × quantity units.
    public internal(set) var cumulativeQuote: Int128
    /// Where the order stands.
    public internal(set) var state: OrderState
    /// The strategy's tag of the intent that made the order.
    public internal(set) var tag: String?
    /// The largest exchange event time (`E`) seen for the order, milliseconds; 0 before any.
    public internal(set) var lastEventTime: Int64
    /// The largest exchange transaction time (`T`, or a reply's `updateTime`) seen, milliseconds; 0 before any.
    public internal(set) var lastTransactionTime: Int64
    /// The price and quantity of a modify in flight, while the state is `pendingModify`.
    public internal(set) var pendingModify: ModifyTarget?
    /// The caller's time when the OMS created the order, milliseconds.
    public let createdAt: Int64
    /// True when an outcome is unknown (timeout, server error, unknown order): reconciliation resolves it.
    public internal(set) var needsReconciliation: Bool
    /// How the order came to be managed.
    public let origin: OrderOrigin

    /// The state to go back to when a cancel or modify in flight is refused.
    var stateBeforePending: OrderState?
    /// Filled quantity booked without a trade id (a reply's or a gap's), that trades may still attribute.
    var unattributedQuantity: Int64 = 0
    /// The part of `unattributedQuantity` whose quote is an estimate at the limit price.
    var estimatedQuantity: Int64 = 0
    /// Indices in the symbol's fill journal of this order's bookings with unattributed quantity.
    var unattributedEntries: [Int] = []
    /// True once a request carrying this order's placement was handed to the caller.
    var placementSent = false

    /// True when `cumulativeQuote` is exact (no fill of the order is priced by estimate).
    public var quoteIsExact: Bool { estimatedQuantity == 0 }

    /// The open quantity: `origQuantity - cumulativeFilled`, never negative.
    public var remainingQuantity: Int64 { max(0, origQuantity - cumulativeFilled) }

    /// The average fill price (truncated toward zero), or nil before any fill.
    public var averageFillPrice: Int64? {
        cumulativeFilled == 0 ? nil : Int64(cumulativeQuote / Int128(cumulativeFilled))
    }

    init(clientOrderId: String, exchangeOrderId: Int64?, symbol: String, side: OMSSide, price: Int64,
         origQuantity: Int64, state: OrderState, tag: String?, createdAt: Int64, origin: OrderOrigin) {
        self.clientOrderId = clientOrderId
        self.exchangeOrderId = exchangeOrderId
        self.symbol = symbol
        self.side = side
        self.price = price
        self.origQuantity = origQuantity
        self.cumulativeFilled = 0
        self.cumulativeQuote = 0
        self.state = state
        self.tag = tag
        self.lastEventTime = 0
        self.lastTransactionTime = 0
        self.pendingModify = nil
        self.createdAt = createdAt
        self.needsReconciliation = false
        self.origin = origin
    }
}
