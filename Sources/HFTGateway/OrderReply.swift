/// An order as Binance USDⓈ-M returns it from `POST|GET|PUT|DELETE /fapi/v1/order`, the
/// batch endpoints, `openOrders`, `allOrders` and the WebSocket API's `order.*` results
/// (Binance's "New Order (TRADE)" response). Only the fields the order manager reads;
/// decimals stay text, converted exactly by the caller with its symbol's scales.
public struct OrderReply: Decodable, Sendable, Equatable {
    public var orderId: Int64
    public var symbol: String
    /// `NEW`, `PARTIALLY_FILLED`, `FILLED`, `CANCELED`, `EXPIRED`, `EXPIRED_IN_MATCH`, `REJECTED`.
    public var status: String
    public var clientOrderId: String
    public var price: String
    public var avgPrice: String?
    public var origQty: String
    public var executedQty: String
    /// Cumulative quote quantity filled (price × quantity summed over the fills).
    public var cumQuote: String?
    public var timeInForce: String?
    public var type: String?
    /// `BUY` or `SELL`.
    public var side: String
    public var reduceOnly: Bool?
    /// Creation time (absent from POST and DELETE replies).
    public var time: Int64?
    public var updateTime: Int64

    public init(orderId: Int64, symbol: String, status: String, clientOrderId: String, price: String, avgPrice: String?,
                origQty: String, executedQty: String, cumQuote: String?, timeInForce: String?, type: String?, side: String,
                reduceOnly: Bool?, time: Int64?, updateTime: Int64) {
        self.orderId = orderId
        self.symbol = symbol
        self.status = status
        self.clientOrderId = clientOrderId
        self.price = price
        self.avgPrice = avgPrice
        self.origQty = origQty
        self.executedQty = executedQty
        self.cumQuote = cumQuote
        self.timeInForce = timeInForce
        self.type = type
        self.side = side
        self.reduceOnly = reduceOnly
        self.time = time
        self.updateTime = updateTime
    }
}

/// One item of a batch reply (`POST|PUT|DELETE /fapi/v1/batchOrders`): the order, or its
/// own refusal, in the order of the request.
public enum BatchItemReply: Decodable, Sendable, Equatable {
    case order(OrderReply)
    case error(GatewayError)

    /// The item's refusal, if it is one.
    public var refusal: GatewayError? {
        if case .error(let error) = self { error } else { nil }
    }

    public init(from decoder: any Decoder) throws {
        if let refusal = try? CodeMessage(from: decoder), refusal.code != 200 {
            self = .error(.exchange(code: refusal.code, message: refusal.msg, httpStatus: 200))
        } else {
            self = .order(try OrderReply(from: decoder))
        }
    }
}

/// A fill of the caller's, from `GET /fapi/v1/userTrades` (Binance's "Account Trade List").
public struct TradeReply: Decodable, Sendable, Equatable {
    public var id: Int64
    public var orderId: Int64
    public var symbol: String
    /// `BUY` or `SELL`.
    public var side: String
    public var price: String
    public var qty: String
    public var quoteQty: String?
    public var commission: String?
    public var commissionAsset: String?
    public var realizedPnl: String?
    public var maker: Bool?
    public var time: Int64
}

/// `POST|PUT /fapi/v1/listenKey`.
public struct ListenKeyReply: Decodable, Sendable {
    public var listenKey: String
}
