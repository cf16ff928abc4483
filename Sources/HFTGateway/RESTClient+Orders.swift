import Foundation
import NIOHTTP1

/// A NEW order as the gateway sends it (Binance `POST /fapi/v1/order` parameters).
/// Quantities and prices are decimal text already at the symbol's tick and step.
public struct NewOrderRequest: Sendable, Equatable {
    public var symbol: String
    /// `BUY` or `SELL`.
    public var side: String
    /// `LIMIT` or `MARKET`.
    public var type: String
    /// `GTC`, `IOC`, `FOK` or `GTX` (post-only); LIMIT orders only.
    public var timeInForce: String?
    public var quantity: String
    public var price: String?
    /// Always set by the order manager: a retried NEW carries the same id, so the exchange
    /// refuses a second placement while the first is open (`-4116`), and a query by it
    /// finds the first.
    public var clientOrderId: String
    public var reduceOnly: Bool

    public init(symbol: String, side: String, type: String = "LIMIT", timeInForce: String? = "GTC", quantity: String,
                price: String?, clientOrderId: String, reduceOnly: Bool = false) {
        self.symbol = symbol
        self.side = side
        self.type = type
        self.timeInForce = timeInForce
        self.quantity = quantity
        self.price = price
        self.clientOrderId = clientOrderId
        self.reduceOnly = reduceOnly
    }

    /// The request's parameters, in Binance's names.
    public var parameters: [(String, String)] {
        var p = [("symbol", symbol), ("side", side), ("type", type), ("quantity", quantity),
                 ("newClientOrderId", clientOrderId), ("newOrderRespType", "RESULT")]
        if let timeInForce { p.append(("timeInForce", timeInForce)) }
        if let price { p.append(("price", price)) }
        if reduceOnly { p.append(("reduceOnly", "true")) }
        return p
    }
}

/// A change of a resting LIMIT order's price and quantity (`PUT /fapi/v1/order`).
public struct ModifyOrderRequest: Sendable, Equatable {
    public var symbol: String
    public var side: String
    public var clientOrderId: String
    public var quantity: String
    public var price: String

    public init(symbol: String, side: String, clientOrderId: String, quantity: String, price: String) {
        self.symbol = symbol
        self.side = side
        self.clientOrderId = clientOrderId
        self.quantity = quantity
        self.price = price
    }

    public var parameters: [(String, String)] {
        [("symbol", symbol), ("side", side), ("origClientOrderId", clientOrderId), ("quantity", quantity), ("price", price)]
    }
}

/// The order endpoints (Binance USDⓈ-M "Trade" section).
extension RESTClient {
    /// `POST /fapi/v1/order`, on the retry schedule of ``send(_:_:_:security:node:)`` (and
    /// so, with several nodes, on the next node after a failover). Once an attempt's outcome
    /// was unknown (a timeout, a dropped connection, a 5xx), every later attempt first asks
    /// for the order by its client order id, on the node it is about to use, and returns it
    /// when it exists: a NEW that reached the exchange (or the old primary's log) is never
    /// placed again; `-2013` (unknown) means it is safe to send.
    public func place(_ order: NewOrderRequest) async throws(GatewayError) -> OrderReply {
        try await retrying { (attempt) async throws(GatewayError) in
            if attempt.outcomeUnknown, let existing = try await query(symbol: order.symbol, clientOrderId: order.clientOrderId) {
                return existing
            }
            return try decode(OrderReply.self, try await once(.POST, "/fapi/v1/order", order.parameters, security: .signed))
        }
    }

    /// `GET /fapi/v1/order` by client order id; `nil` when the exchange does not know it (`-2013`).
    public func query(symbol: String, clientOrderId: String) async throws(GatewayError) -> OrderReply? {
        do {
            let reply = try await send(.GET, "/fapi/v1/order", [("symbol", symbol), ("origClientOrderId", clientOrderId)])
            return try decode(OrderReply.self, reply)
        } catch {
            if case .exchange(-2013, _, _) = error { return nil }
            throw error
        }
    }

    /// `DELETE /fapi/v1/order` by client order id.
    public func cancel(symbol: String, clientOrderId: String) async throws(GatewayError) -> OrderReply {
        try decode(OrderReply.self, try await send(.DELETE, "/fapi/v1/order",
                                                   [("symbol", symbol), ("origClientOrderId", clientOrderId)]))
    }

    /// `PUT /fapi/v1/order`.
    public func modify(_ change: ModifyOrderRequest) async throws(GatewayError) -> OrderReply {
        try decode(OrderReply.self, try await send(.PUT, "/fapi/v1/order", change.parameters))
    }

    /// `POST /fapi/v1/batchOrders` (1 to 5 orders). A batch is not retried after an unknown
    /// outcome (some of it may have been placed): the caller reconciles. It is sent to the
    /// next node when a standby refused all of it (nothing was placed).
    public func placeBatch(_ orders: [NewOrderRequest]) async throws(GatewayError) -> [BatchItemReply] {
        let list = orders.map { Dictionary($0.parameters, uniquingKeysWith: { a, _ in a }) }
        return try await batch(.POST, [("batchOrders", Self.json(list))], retrying: { $0.isStandbyRefusal })
    }

    /// `PUT /fapi/v1/batchOrders` (1 to 5 modifications).
    public func modifyBatch(_ changes: [ModifyOrderRequest]) async throws(GatewayError) -> [BatchItemReply] {
        let list = changes.map { Dictionary($0.parameters, uniquingKeysWith: { a, _ in a }) }
        return try await batch(.PUT, [("batchOrders", Self.json(list))])
    }

    /// `DELETE /fapi/v1/batchOrders` (1 to 10 orders of one symbol by client order id).
    public func cancelBatch(symbol: String, clientOrderIds: [String]) async throws(GatewayError) -> [BatchItemReply] {
        try await batch(.DELETE, [("symbol", symbol), ("origClientOrderIdList", Self.json(clientOrderIds))])
    }

    /// One `batchOrders` request on the retry schedule (`retrying` says which errors may be
    /// sent again; by default every retryable one). A reply in which every item is `-1001`
    /// is a standby's (or replica's) refusal of the whole batch, nothing done: it counts as
    /// that node's `-1001`, so the belief moves on and the retry goes to the next node.
    func batch(_ method: HTTPMethod, _ parameters: [(String, String)],
               retrying: (GatewayError) -> Bool = { _ in true }) async throws(GatewayError) -> [BatchItemReply] {
        try await self.retrying(retrying: retrying) { (_) async throws(GatewayError) in
            let reply = try await once(method, "/fapi/v1/batchOrders", parameters, security: .signed)
            let items = try decode([BatchItemReply].self, reply)
            if let refusal = items.first?.refusal, refusal.isStandbyRefusal, items.allSatisfy({ $0.refusal == refusal }) {
                primary.moveOn(from: reply.node)
                throw refusal
            }
            return items
        }
    }

    /// `DELETE /fapi/v1/allOpenOrders`.
    public func cancelAll(symbol: String) async throws(GatewayError) {
        _ = try await send(.DELETE, "/fapi/v1/allOpenOrders", [("symbol", symbol)])
    }

    /// `GET /fapi/v1/openOrders` of one symbol.
    public func openOrders(symbol: String) async throws(GatewayError) -> [OrderReply] {
        try decode([OrderReply].self, try await send(.GET, "/fapi/v1/openOrders", [("symbol", symbol)]))
    }

    /// `GET /fapi/v1/allOrders`: the newest `limit` orders of one symbol (open, closed, canceled).
    public func allOrders(symbol: String, limit: Int = 500) async throws(GatewayError) -> [OrderReply] {
        try decode([OrderReply].self, try await send(.GET, "/fapi/v1/allOrders", [("symbol", symbol), ("limit", String(limit))]))
    }

    /// `GET /fapi/v1/userTrades`: the caller's fills of one symbol with id ≥ `fromId`.
    public func userTrades(symbol: String, fromId: Int64? = nil, limit: Int = 1000) async throws(GatewayError) -> [TradeReply] {
        var p = [("symbol", symbol), ("limit", String(limit))]
        if let fromId { p.append(("fromId", String(fromId))) }
        return try decode([TradeReply].self, try await send(.GET, "/fapi/v1/userTrades", p))
    }

    /// `POST /fapi/v1/listenKey`: a listen key for the user-data stream. `retrying: false`
    /// makes one attempt (the user-data stream's own reconnect loop is its retry, so that a
    /// venue that comes back is reached within one reconnect delay).
    public func createListenKey(retrying: Bool = true) async throws(GatewayError) -> String {
        try await newListenKey(retrying: retrying).key
    }

    /// `POST /fapi/v1/listenKey`, and the index of the node that made the key: the key is
    /// valid on that node only (its stream and keep-alive go there).
    public func newListenKey(retrying: Bool = true) async throws(GatewayError) -> (key: String, node: Int) {
        let reply = retrying ? try await send(.POST, "/fapi/v1/listenKey", security: .apiKey)
            : try await once(.POST, "/fapi/v1/listenKey", [], security: .apiKey)
        return (try decode(ListenKeyReply.self, reply).listenKey, reply.node)
    }

    /// `PUT /fapi/v1/listenKey`: keeps the listen key alive for another 60 minutes; `node`
    /// is the node that made it (nil: the node believed to be the primary).
    public func keepAliveListenKey(node: Int? = nil) async throws(GatewayError) {
        _ = try await send(.PUT, "/fapi/v1/listenKey", security: .apiKey, node: node)
    }

    /// A JSON array of objects or strings, with Foundation's serializer (Binance's list parameters).
    static func json(_ value: Any) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]) else { return "[]" }
        return String(decoding: data, as: UTF8.self)
    }
}
