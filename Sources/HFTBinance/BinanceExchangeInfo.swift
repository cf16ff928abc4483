/// `GET /fapi/v1/exchangeInfo` (spec §4.2). ccxt reads `symbols`; the other keys are sent as
/// Binance sends them.
public struct BinanceExchangeInfo: Encodable, Sendable, Equatable {
    /// Always `"UTC"`.
    public var timezone: String
    /// Server time (ms).
    public var serverTime: Int64
    /// Always `"U_MARGINED"`.
    public var futuresType: String
    /// The limits the service enforces (``BinanceRateLimiter``).
    public var rateLimits: [BinanceRateLimit]
    /// Always empty.
    public var exchangeFilters: [String]
    /// The margin assets.
    public var assets: [Asset]
    /// The symbols.
    public var symbols: [Symbol]

    /// Exchange information.
    public init(serverTime: Int64, rateLimits: [BinanceRateLimit], assets: [Asset], symbols: [Symbol]) {
        self.timezone = "UTC"
        self.serverTime = serverTime
        self.futuresType = "U_MARGINED"
        self.rateLimits = rateLimits
        self.exchangeFilters = []
        self.assets = assets
        self.symbols = symbols
    }

    /// A margin asset (`{"asset":"USDT","marginAvailable":true,"autoAssetExchange":"0"}`).
    public struct Asset: Encodable, Sendable, Equatable {
        /// Binance's `asset`.
        public var asset: String
        /// Binance's `marginAvailable`.
        public var marginAvailable: Bool
        /// Binance's `autoAssetExchange`.
        public var autoAssetExchange: String

        /// A margin asset.
        public init(asset: String, marginAvailable: Bool = true, autoAssetExchange: String = "0") {
            self.asset = asset
            self.marginAvailable = marginAvailable
            self.autoAssetExchange = autoAssetExchange
        }
    }

    /// One symbol (§4.2 "Per symbol"). Never carries `underlying` or `tradability` (✗).
    public struct Symbol: Encodable, Sendable, Equatable {
        /// Binance's `symbol` (§4.2).
        public var symbol: String
        /// Binance's `pair` (§4.2).
        public var pair: String
        /// `"PERPETUAL"`.
        public var contractType: String
        /// 4133404800000 for perpetuals.
        public var deliveryDate: Int64
        /// Binance's `onboardDate` (§4.2).
        public var onboardDate: Int64
        /// `"TRADING"` (or `"SETTLING"`, `"PENDING_TRADING"` when halted).
        public var status: String
        /// Binance's `maintMarginPercent` (§4.2).
        public var maintMarginPercent: String
        /// Binance's `requiredMarginPercent` (§4.2).
        public var requiredMarginPercent: String
        /// Binance's `baseAsset` (§4.2).
        public var baseAsset: String
        /// Binance's `quoteAsset` (§4.2).
        public var quoteAsset: String
        /// Must equal `quoteAsset` for ccxt to see a linear contract (§4.2).
        public var marginAsset: String
        /// Binance's `pricePrecision` (§4.2).
        public var pricePrecision: Int
        /// Binance's `quantityPrecision` (§4.2).
        public var quantityPrecision: Int
        /// Binance's `baseAssetPrecision` (§4.2).
        public var baseAssetPrecision: Int
        /// Binance's `quotePrecision` (§4.2).
        public var quotePrecision: Int
        /// Binance's `underlyingType` (§4.2).
        public var underlyingType: String
        /// Binance's `underlyingSubType` (§4.2).
        public var underlyingSubType: [String]
        /// Binance's `triggerProtect` (§4.2).
        public var triggerProtect: String
        /// Binance's `liquidationFee` (§4.2).
        public var liquidationFee: String
        /// Binance's `marketTakeBound` (§4.2).
        public var marketTakeBound: String
        /// Binance's `filters` (§4.2).
        public var filters: [BinanceSymbolFilter]
        /// Binance's `orderTypes` (§4.2).
        public var orderTypes: [String]
        /// Binance's `timeInForce` (§4.2).
        public var timeInForce: [String]

        /// A perpetual symbol with Binance's defaults for what the venue does not model.
        public init(symbol: String, status: String, baseAsset: String, quoteAsset: String,
                    pricePrecision: Int, quantityPrecision: Int, filters: [BinanceSymbolFilter],
                    orderTypes: [String] = ["LIMIT", "MARKET"], timeInForce: [String] = ["GTC", "IOC", "FOK", "GTX"],
                    onboardDate: Int64 = 1_569_398_400_000, liquidationFee: String = "0.012500",
                    marketTakeBound: String = "0.05") {
            self.symbol = symbol
            self.pair = symbol
            self.contractType = "PERPETUAL"
            self.deliveryDate = 4_133_404_800_000
            self.onboardDate = onboardDate
            self.status = status
            self.maintMarginPercent = "2.5000"
            self.requiredMarginPercent = "5.0000"
            self.baseAsset = baseAsset
            self.quoteAsset = quoteAsset
            self.marginAsset = quoteAsset
            self.pricePrecision = pricePrecision
            self.quantityPrecision = quantityPrecision
            self.baseAssetPrecision = 8
            self.quotePrecision = 8
            self.underlyingType = "COIN"
            self.underlyingSubType = []
            self.triggerProtect = "0.0500"
            self.liquidationFee = liquidationFee
            self.marketTakeBound = marketTakeBound
            self.filters = filters
            self.orderTypes = orderTypes
            self.timeInForce = timeInForce
        }
    }
}

/// A rate limit as listed in exchangeInfo's `rateLimits` (spec §2):
/// `{"rateLimitType":"REQUEST_WEIGHT","interval":"MINUTE","intervalNum":1,"limit":2400}`.
public struct BinanceRateLimit: Encodable, Sendable, Equatable {
    /// `REQUEST_WEIGHT` or `ORDERS`.
    public var rateLimitType: String
    /// `SECOND` or `MINUTE`.
    public var interval: String
    /// How many `interval`s the window spans.
    public var intervalNum: Int
    /// The limit per window.
    public var limit: Int

    /// A rate limit.
    public init(rateLimitType: String, interval: String, intervalNum: Int, limit: Int) {
        self.rateLimitType = rateLimitType
        self.interval = interval
        self.intervalNum = intervalNum
        self.limit = limit
    }
}

/// A symbol filter of exchangeInfo (spec §4.2): `{"filterType":"PRICE_FILTER",...}`, every
/// figure a decimal string except `MAX_NUM_ORDERS`'s `limit` and `PERCENT_PRICE`'s
/// `multiplierDecimal` (Binance sends an integer and a string respectively).
public enum BinanceSymbolFilter: Encodable, Sendable, Equatable {
    /// `PRICE_FILTER`: `minPrice`, `maxPrice`, `tickSize`.
    case priceFilter(minPrice: String, maxPrice: String, tickSize: String)
    /// `LOT_SIZE`: `minQty`, `maxQty`, `stepSize`.
    case lotSize(minQty: String, maxQty: String, stepSize: String)
    /// `MARKET_LOT_SIZE`: `minQty`, `maxQty`, `stepSize`.
    case marketLotSize(minQty: String, maxQty: String, stepSize: String)
    /// `MIN_NOTIONAL`: `notional`.
    case minNotional(notional: String)
    /// `MAX_NUM_ORDERS`: `limit`.
    case maxNumOrders(limit: Int)
    /// `PERCENT_PRICE`: `multiplierUp`, `multiplierDown`, `multiplierDecimal`.
    case percentPrice(multiplierUp: String, multiplierDown: String, multiplierDecimal: String)

    private enum Key: String, CodingKey {
        case filterType, minPrice, maxPrice, tickSize, minQty, maxQty, stepSize, notional, limit
        case multiplierUp, multiplierDown, multiplierDecimal
    }

    /// Encodes the filter object with its `filterType`.
    public func encode(to encoder: any Encoder) throws {
        var object = encoder.container(keyedBy: Key.self)
        switch self {
        case let .priceFilter(minPrice, maxPrice, tickSize):
            try object.encode("PRICE_FILTER", forKey: .filterType)
            try object.encode(minPrice, forKey: .minPrice)
            try object.encode(maxPrice, forKey: .maxPrice)
            try object.encode(tickSize, forKey: .tickSize)
        case let .lotSize(minQty, maxQty, stepSize), let .marketLotSize(minQty, maxQty, stepSize):
            if case .lotSize = self {
                try object.encode("LOT_SIZE", forKey: .filterType)
            } else {
                try object.encode("MARKET_LOT_SIZE", forKey: .filterType)
            }
            try object.encode(minQty, forKey: .minQty)
            try object.encode(maxQty, forKey: .maxQty)
            try object.encode(stepSize, forKey: .stepSize)
        case let .minNotional(notional):
            try object.encode("MIN_NOTIONAL", forKey: .filterType)
            try object.encode(notional, forKey: .notional)
        case let .maxNumOrders(limit):
            try object.encode("MAX_NUM_ORDERS", forKey: .filterType)
            try object.encode(limit, forKey: .limit)
        case let .percentPrice(up, down, decimal):
            try object.encode("PERCENT_PRICE", forKey: .filterType)
            try object.encode(up, forKey: .multiplierUp)
            try object.encode(down, forKey: .multiplierDown)
            try object.encode(decimal, forKey: .multiplierDecimal)
        }
    }
}
