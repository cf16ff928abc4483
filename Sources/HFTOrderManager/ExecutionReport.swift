/// Where an ``ExecutionReport`` came from.
public enum ReportSource: String, Sendable, Hashable, Codable {
    /// The user data stream (`ORDER_TRADE_UPDATE`).
    case stream
    /// A REST or WebSocket-API reply to our own request.
    case reply
    /// An order query (open orders, all orders) made for reconciliation.
    case query
}

/// The exchange's order status, as a report gives it.
public enum ReportStatus: String, Sendable, Hashable, Codable {
    /// NEW
    case new
    /// PARTIALLY_FILLED
    case partiallyFilled
    /// FILLED
    case filled
    /// CANCELED
    case canceled
    /// EXPIRED (also EXPIRED_IN_MATCH)
    case expired
    /// REJECTED
    case rejected

    /// True when the order ended with this status.
    @inlinable public var isTerminal: Bool {
        switch self {
        case .new, .partiallyFilled: return false
        default: return true
        }
    }

    /// The OMS state this status leads to.
    @inlinable public var orderState: OrderState {
        switch self {
        case .new: return .new
        case .partiallyFilled: return .partiallyFilled
        case .filled: return .filled
        case .canceled: return .canceled
        case .expired: return .expired
        case .rejected: return .rejected
        }
    }
}

/// One trade of an order as a stream report gives it (Binance `t`, `l`, `L`).
///
/// - Memory: a 24-byte value type.
public struct ReportFill: Sendable, Hashable, Codable {
    /// The exchange's trade id (`t`).
    public var tradeId: Int64
    /// The quantity of this trade (`l`), in quantity units.
    public var quantity: Int64
    /// The price of this trade (`L`), in price units.
    public var price: Int64

    /// Creates a fill.
    public init(tradeId: Int64, quantity: Int64, price: Int64) {
        self.tradeId = tradeId
        self.quantity = quantity
        self.price = price
    }
}

/// A normalized order report: what the gateway makes of a stream event, a reply or a query.
///
/// The OMS applies reports idempotently and monotonically (see ``OrderManager/apply(_:now:)``):
/// a report is older than what the OMS has when its (cumulativeFilled, transactionTime,
/// eventTime) is smaller; older and duplicate reports change nothing.
///
/// - Complexity: O(1).
/// - Memory: a value type; owns its strings.
public struct ExecutionReport: Sendable, Hashable, Codable {
    /// Where the report came from.
    public var source: ReportSource
    /// The symbol.
    public var symbol: String
    /// The client order id (`c`).
    public var clientOrderId: String
    /// The exchange's order id (`i`), when the source gives it.
    public var exchangeOrderId: Int64?
    /// The side (`S`); needed to adopt an order unknown to the OMS.
    public var side: OMSSide
    /// The order status (`X`).
    public var status: ReportStatus
    /// The limit price (`p`), in price units.
    public var price: Int64
    /// The original quantity (`q`), in quantity units.
    public var origQuantity: Int64
    /// The cumulative filled quantity (`z`), in quantity units.
    public var cumulativeFilled: Int64
    /// The exact cumulative quote (REST `cumQuote`), in price × quantity units (the decimal
    /// `cumQuote` × 10^(priceDecimals + quantityDecimals)), when the source gives it; nil for
    /// stream events (their average price `ap` is rounded, so it cannot give an exact quote).
    public var cumulativeQuote: Int128?
    /// The trade this report announces (`x` = TRADE), when there is one.
    public var lastFill: ReportFill?
    /// The exchange's event time (`E`), milliseconds; 0 when the source has none.
    public var eventTime: Int64
    /// The exchange's transaction time (`T`, or a reply's `updateTime`), milliseconds.
    public var transactionTime: Int64

    /// Creates a report.
    public init(source: ReportSource, symbol: String, clientOrderId: String, exchangeOrderId: Int64?, side: OMSSide,
                status: ReportStatus, price: Int64, origQuantity: Int64, cumulativeFilled: Int64,
                cumulativeQuote: Int128? = nil, lastFill: ReportFill? = nil, eventTime: Int64, transactionTime: Int64) {
        self.source = source
        self.symbol = symbol
        self.clientOrderId = clientOrderId
        self.exchangeOrderId = exchangeOrderId
        self.side = side
        self.status = status
        self.price = price
        self.origQuantity = origQuantity
        self.cumulativeFilled = cumulativeFilled
        self.cumulativeQuote = cumulativeQuote
        self.lastFill = lastFill
        self.eventTime = eventTime
        self.transactionTime = transactionTime
    }
}
