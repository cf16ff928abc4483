/// The time in force of the OMS's LIMIT orders (Binance `timeInForce`).
public enum OMSTimeInForce: String, Sendable, Hashable, Codable {
    /// Good till canceled (`GTC`).
    case goodTillCanceled = "GTC"
    /// Post only (`GTX`): an order that would take liquidity expires instead (its report says EXPIRED).
    case postOnly = "GTX"
}

/// A new order the caller sends (Binance `POST /fapi/v1/order`, or one entry of `batchOrders`).
public struct PlaceOrder: Sendable, Hashable, Codable {
    /// The client order id the OMS generated (`newClientOrderId`); a retry reuses it.
    public var clientOrderId: String
    /// The symbol.
    public var symbol: String
    /// Buy or sell.
    public var side: OMSSide
    /// The limit price, in price units (a LIMIT order).
    public var price: Int64
    /// The quantity, in quantity units.
    public var quantity: Int64
    /// The time in force (``OrderManagerConfiguration/timeInForce``).
    public var timeInForce: OMSTimeInForce
}

/// A cancel the caller sends (`DELETE /fapi/v1/order`, or one id of a batch cancel).
public struct CancelOrder: Sendable, Hashable, Codable {
    /// The client order id of the order to cancel (`origClientOrderId`).
    public var clientOrderId: String
    /// The exchange's order id, when known (`orderId`).
    public var exchangeOrderId: Int64?
    /// The symbol.
    public var symbol: String
}

/// A modify the caller sends (`PUT /fapi/v1/order`, or one entry of a batch modify).
public struct ModifyOrder: Sendable, Hashable, Codable {
    /// The client order id of the order to modify (`origClientOrderId`).
    public var clientOrderId: String
    /// The exchange's order id, when known.
    public var exchangeOrderId: Int64?
    /// The symbol.
    public var symbol: String
    /// The order's side (Binance requires it).
    public var side: OMSSide
    /// The new price, in price units.
    public var price: Int64
    /// The new original quantity (filled + open), in quantity units.
    public var quantity: Int64
}

/// One exchange action of a request.
public enum OMSAction: Sendable, Hashable, Codable {
    /// Place a new order.
    case place(PlaceOrder)
    /// Cancel an order.
    case cancel(CancelOrder)
    /// Modify an order's price or quantity.
    case modify(ModifyOrder)

    /// The client order id the action is about.
    public var clientOrderId: String {
        switch self {
        case .place(let p): return p.clientOrderId
        case .cancel(let c): return c.clientOrderId
        case .modify(let m): return m.clientOrderId
        }
    }

    /// The symbol the action is about.
    public var symbol: String {
        switch self {
        case .place(let p): return p.symbol
        case .cancel(let c): return c.symbol
        case .modify(let m): return m.symbol
        }
    }

    /// The request kind this action is sent with.
    public var kind: OMSRequest.Kind {
        switch self {
        case .place: return .place
        case .cancel: return .cancel
        case .modify: return .modify
        }
    }
}

/// What ``OrderManager/nextRequests(now:)`` hands the caller to send: one exchange request.
///
/// All actions of a request are of one kind and one symbol. One action is a single request
/// (`/fapi/v1/order`); more are a batch (`/fapi/v1/batchOrders`: at most 5 places or
/// modifies, 10 cancels). The caller reports the outcome with the request's `id`.
///
/// - Memory: a value type; owns its action array.
public struct OMSRequest: Sendable, Hashable, Codable {
    /// The kind of every action in the request.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// New orders.
        case place
        /// Cancels.
        case cancel
        /// Modifies.
        case modify
    }

    /// The OMS's id of the request, unique per instance; the caller reports outcomes with it.
    public let id: UInt64
    /// The kind of every action.
    public let kind: Kind
    /// The symbol of every action.
    public let symbol: String
    /// The actions, in the order the caller must send them.
    public let actions: [OMSAction]
    /// The request weight the limiter charged for it.
    public let weight: Int

    /// True when the request goes to a batch endpoint (more than one action).
    public var isBatch: Bool { actions.count > 1 }
}

/// Why a request or one action of a request failed, as the gateway classifies it after it
/// gave up retrying.
public enum RequestFailure: Sendable, Hashable, Codable, Error {
    /// The exchange refused the action (`-2010`, filter errors, …): a place is rejected; a
    /// cancel or modify leaves the order as it was.
    case rejected(code: Int, message: String)
    /// `-2011`/`-2013`: the exchange does not know the order; it is marked for reconciliation
    /// and never resurrected.
    case unknownOrder
    /// HTTP 429: nothing was done; the actions go back to the front of the queue and the
    /// limiter waits `retryAfterSeconds` (or its default).
    case rateLimited(retryAfterSeconds: Int?)
    /// HTTP 418: nothing was done; the limiter sends nothing until `until` (milliseconds), or
    /// its configured ban length when nil.
    case banned(until: Int64?)
    /// No answer after the gateway's retries: the exchange may have acted. The order stays
    /// pending and is resolved by reconciliation; it is never sent again under a new id.
    case timeout
    /// 5xx after the gateway's retries: as `timeout`.
    case serverError(status: Int)
    /// `-1021`: the request was outside `recvWindow`; nothing was done, the actions are queued again.
    case clockSkew

    /// The class this failure is counted under in the risk layer's error rate.
    public var errorClass: OMSErrorClass {
        switch self {
        case .rejected: return .rejected
        case .unknownOrder: return .unknownOrder
        case .rateLimited: return .rateLimited
        case .banned: return .banned
        case .timeout: return .timeout
        case .serverError: return .serverError
        case .clockSkew: return .clockSkew
        }
    }
}

/// The class of an API error, for ``PreTradeRisk/recordError(class:now:)`` and the counters.
public enum OMSErrorClass: String, Sendable, Hashable, Codable, CaseIterable {
    /// An action refused by the exchange.
    case rejected
    /// An order the exchange does not know.
    case unknownOrder
    /// HTTP 429.
    case rateLimited
    /// HTTP 418.
    case banned
    /// A request with no answer.
    case timeout
    /// A 5xx answer.
    case serverError
    /// `-1021`.
    case clockSkew
    /// A failure the gateway could not classify, or a transport error reported by the caller.
    case other
}

/// The outcome of one action of a request that got an answer.
public enum ActionResult: Sendable, Hashable {
    /// The exchange's report of the order after the action.
    case report(ExecutionReport)
    /// The action failed.
    case failed(RequestFailure)
}
