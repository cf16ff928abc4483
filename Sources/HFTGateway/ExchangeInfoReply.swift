/// The part of `GET /fapi/v1/exchangeInfo` the strategy side needs: each symbol's tick,
/// step, minimum quantity and notional (Binance "Exchange Information", `filters`).
public struct ExchangeInfoReply: Decodable, Sendable {
    public var serverTime: Int64?
    public var symbols: [Symbol]

    public struct Symbol: Decodable, Sendable {
        public var symbol: String
        public var status: String?
        public var filters: [Filter]

        /// `PRICE_FILTER.tickSize`.
        public var tickSize: String? { filters.first { $0.filterType == "PRICE_FILTER" }?.tickSize }
        /// `LOT_SIZE.stepSize`.
        public var stepSize: String? { filters.first { $0.filterType == "LOT_SIZE" }?.stepSize }
        /// `LOT_SIZE.minQty`.
        public var minQty: String? { filters.first { $0.filterType == "LOT_SIZE" }?.minQty }
        /// `MIN_NOTIONAL.notional`.
        public var minNotional: String? { filters.first { $0.filterType == "MIN_NOTIONAL" }?.notional }
    }

    public struct Filter: Decodable, Sendable {
        public var filterType: String
        public var tickSize: String?
        public var stepSize: String?
        public var minQty: String?
        public var notional: String?
    }

    /// The number of decimal places a tick or step text needs (`"0.10"` → 1, `"1"` → 0).
    public static func decimals(of text: String) -> Int {
        guard let point = text.firstIndex(of: ".") else { return 0 }
        let fraction = text[text.index(after: point)...].reversed().drop { $0 == "0" }
        return fraction.count
    }
}

/// `GET /fapi/v1/depth` (Binance "Order Book").
public struct DepthSnapshotReply: Decodable, Sendable {
    public var lastUpdateId: Int64
    public var bids: [[String]]
    public var asks: [[String]]
}

/// A `depthUpdate` stream message (Binance "Diff. Book Depth Streams").
struct DepthUpdateMessage: Decodable {
    var e: String
    var U: Int64
    var u: Int64
    var pu: Int64
    var b: [[String]]
    var a: [[String]]
}

extension RESTClient {
    /// `GET /fapi/v1/exchangeInfo`.
    public func exchangeInfo() async throws(GatewayError) -> ExchangeInfoReply {
        try decode(ExchangeInfoReply.self, try await send(.GET, "/fapi/v1/exchangeInfo", security: .none))
    }

    /// `GET /fapi/v1/depth` with `limit` levels a side.
    public func depth(symbol: String, limit: Int = 1000) async throws(GatewayError) -> DepthSnapshotReply {
        try decode(DepthSnapshotReply.self, try await send(.GET, "/fapi/v1/depth", [("symbol", symbol), ("limit", String(limit))],
                                                            security: .none))
    }
}

/// `GET /fapi/v1/premiumIndex?symbol=` (Binance "Mark Price").
public struct PremiumIndexReply: Decodable, Sendable {
    public var symbol: String
    public var markPrice: String
    public var indexPrice: String?
}

/// `GET /fapi/v1/ticker/bookTicker?symbol=` (Binance "Symbol Order Book Ticker").
public struct BookTickerReply: Decodable, Sendable {
    public var symbol: String
    public var bidPrice: String
    public var bidQty: String
    public var askPrice: String
    public var askQty: String
}

extension RESTClient {
    /// The mark price of `symbol`.
    public func premiumIndex(symbol: String) async throws(GatewayError) -> PremiumIndexReply {
        try decode(PremiumIndexReply.self, try await send(.GET, "/fapi/v1/premiumIndex", [("symbol", symbol)], security: .none))
    }

    /// The best bid and ask of `symbol`.
    public func bookTicker(symbol: String) async throws(GatewayError) -> BookTickerReply {
        try decode(BookTickerReply.self, try await send(.GET, "/fapi/v1/ticker/bookTicker", [("symbol", symbol)], security: .none))
    }
}
