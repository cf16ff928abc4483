/// One book level `["price","quantity"]` (a JSON array of two decimal strings), as in
/// `GET /fapi/v1/depth` and the depth streams (spec §4.3, §5).
public struct BinanceLevel: Encodable, Sendable, Equatable {
    /// The level's price (decimal string).
    public var price: String
    /// The level's total quantity (decimal string; `"0"` deletes it in a diff).
    public var quantity: String

    /// A level of `quantity` at `price`.
    public init(price: String, quantity: String) {
        self.price = price
        self.quantity = quantity
    }

    /// Encodes as `[price, quantity]`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        try container.encode(price)
        try container.encode(quantity)
    }
}

/// `GET /fapi/v1/depth` (spec §4.3): `lastUpdateId` is the diff-depth stream's sync point.
public struct BinanceDepth: Encodable, Sendable, Equatable {
    /// The book's update counter at the snapshot (`U`/`u` of the diff stream, §5).
    public var lastUpdateId: Int64
    /// Message time (ms).
    public var messageTime: Int64
    /// Book time (ms).
    public var transactionTime: Int64
    /// Bids, best first.
    public var bids: [BinanceLevel]
    /// Asks, best first.
    public var asks: [BinanceLevel]

    /// A snapshot.
    public init(lastUpdateId: Int64, messageTime: Int64, transactionTime: Int64, bids: [BinanceLevel], asks: [BinanceLevel]) {
        self.lastUpdateId = lastUpdateId
        self.messageTime = messageTime
        self.transactionTime = transactionTime
        self.bids = bids
        self.asks = asks
    }

    enum CodingKeys: String, CodingKey {
        case lastUpdateId, messageTime = "E", transactionTime = "T", bids, asks
    }
}

/// An item of `GET /fapi/v1/aggTrades` (spec §4.4); no `M` key (ccxt would take it for spot).
public struct BinanceAggregateTrade: Encodable, Sendable, Equatable {
    /// Aggregate trade id (`a`).
    public var id: Int64
    /// Price (`p`).
    public var price: String
    /// Quantity (`q`).
    public var quantity: String
    /// First trade id (`f`).
    public var firstTradeId: Int64
    /// Last trade id (`l`).
    public var lastTradeId: Int64
    /// Time (`T`, ms).
    public var time: Int64
    /// Whether the buyer was the maker (`m`).
    public var buyerIsMaker: Bool

    /// An aggregate trade.
    public init(id: Int64, price: String, quantity: String, firstTradeId: Int64, lastTradeId: Int64, time: Int64, buyerIsMaker: Bool) {
        self.id = id
        self.price = price
        self.quantity = quantity
        self.firstTradeId = firstTradeId
        self.lastTradeId = lastTradeId
        self.time = time
        self.buyerIsMaker = buyerIsMaker
    }

    enum CodingKeys: String, CodingKey {
        case id = "a", price = "p", quantity = "q", firstTradeId = "f", lastTradeId = "l", time = "T", buyerIsMaker = "m"
    }
}

/// An item of `GET /fapi/v1/trades` (spec §4, optional endpoints).
public struct BinanceTrade: Encodable, Sendable, Equatable {
    /// Trade id.
    public var id: Int64
    /// Price.
    public var price: String
    /// Quantity.
    public var qty: String
    /// Price × quantity.
    public var quoteQty: String
    /// Time (ms).
    public var time: Int64
    /// Whether the buyer was the maker.
    public var isBuyerMaker: Bool

    /// A trade.
    public init(id: Int64, price: String, qty: String, quoteQty: String, time: Int64, isBuyerMaker: Bool) {
        self.id = id
        self.price = price
        self.qty = qty
        self.quoteQty = quoteQty
        self.time = time
        self.isBuyerMaker = isBuyerMaker
    }
}

/// `GET /fapi/v1/ticker/24hr` (spec §4.5): no `bidQty` (ccxt would take it for spot).
public struct BinanceTicker24h: Encodable, Sendable, Equatable {
    /// Binance's `symbol` (§4).
    public var symbol: String
    /// Binance's `priceChange` (§4).
    public var priceChange: String
    /// Binance's `priceChangePercent` (§4).
    public var priceChangePercent: String
    /// Binance's `weightedAvgPrice` (§4).
    public var weightedAvgPrice: String
    /// Binance's `lastPrice` (§4).
    public var lastPrice: String
    /// Binance's `lastQty` (§4).
    public var lastQty: String
    /// Binance's `openPrice` (§4).
    public var openPrice: String
    /// Binance's `highPrice` (§4).
    public var highPrice: String
    /// Binance's `lowPrice` (§4).
    public var lowPrice: String
    /// Binance's `volume` (§4).
    public var volume: String
    /// Binance's `quoteVolume` (§4).
    public var quoteVolume: String
    /// Binance's `openTime` (§4).
    public var openTime: Int64
    /// Binance's `closeTime` (§4).
    public var closeTime: Int64
    /// Binance's `firstId` (§4).
    public var firstId: Int64
    /// Binance's `lastId` (§4).
    public var lastId: Int64
    /// Binance's `count` (§4).
    public var count: Int64

    /// A 24-hour ticker (the server computes every figure).
    public init(symbol: String, priceChange: String, priceChangePercent: String, weightedAvgPrice: String,
                lastPrice: String, lastQty: String, openPrice: String, highPrice: String, lowPrice: String,
                volume: String, quoteVolume: String, openTime: Int64, closeTime: Int64,
                firstId: Int64, lastId: Int64, count: Int64) {
        self.symbol = symbol
        self.priceChange = priceChange
        self.priceChangePercent = priceChangePercent
        self.weightedAvgPrice = weightedAvgPrice
        self.lastPrice = lastPrice
        self.lastQty = lastQty
        self.openPrice = openPrice
        self.highPrice = highPrice
        self.lowPrice = lowPrice
        self.volume = volume
        self.quoteVolume = quoteVolume
        self.openTime = openTime
        self.closeTime = closeTime
        self.firstId = firstId
        self.lastId = lastId
        self.count = count
    }
}

/// `GET /fapi/v1/ticker/price` (and `/fapi/v2/ticker/price`) item.
public struct BinanceTickerPrice: Encodable, Sendable, Equatable {
    /// Binance's `symbol` (§4).
    public var symbol: String
    /// Binance's `price` (§4).
    public var price: String
    /// Binance's `time` (§4).
    public var time: Int64

    /// The last price of `symbol`.
    public init(symbol: String, price: String, time: Int64) {
        self.symbol = symbol
        self.price = price
        self.time = time
    }
}

/// `GET /fapi/v1/ticker/bookTicker` item (spec §4, optional endpoints).
public struct BinanceBookTicker: Encodable, Sendable, Equatable {
    /// Binance's `symbol` (§4).
    public var symbol: String
    /// Binance's `bidPrice` (§4).
    public var bidPrice: String
    /// Binance's `bidQty` (§4).
    public var bidQty: String
    /// Binance's `askPrice` (§4).
    public var askPrice: String
    /// Binance's `askQty` (§4).
    public var askQty: String
    /// Binance's `time` (§4).
    public var time: Int64
    /// Binance's `lastUpdateId` (§4).
    public var lastUpdateId: Int64

    /// The best bid and ask of `symbol`.
    public init(symbol: String, bidPrice: String, bidQty: String, askPrice: String, askQty: String, time: Int64, lastUpdateId: Int64) {
        self.symbol = symbol
        self.bidPrice = bidPrice
        self.bidQty = bidQty
        self.askPrice = askPrice
        self.askQty = askQty
        self.time = time
        self.lastUpdateId = lastUpdateId
    }
}

/// `GET /fapi/v1/premiumIndex` (spec §4.6).
public struct BinancePremiumIndex: Encodable, Sendable, Equatable {
    /// Binance's `symbol` (§4).
    public var symbol: String
    /// Binance's `markPrice` (§4).
    public var markPrice: String
    /// Binance's `indexPrice` (§4).
    public var indexPrice: String
    /// Binance's `estimatedSettlePrice` (§4).
    public var estimatedSettlePrice: String
    /// Binance's `lastFundingRate` (§4).
    public var lastFundingRate: String
    /// Binance's `interestRate` (§4).
    public var interestRate: String
    /// Binance's `nextFundingTime` (§4).
    public var nextFundingTime: Int64
    /// Binance's `time` (§4).
    public var time: Int64

    /// The mark, index and funding figures of `symbol`.
    public init(symbol: String, markPrice: String, indexPrice: String, estimatedSettlePrice: String,
                lastFundingRate: String, interestRate: String, nextFundingTime: Int64, time: Int64) {
        self.symbol = symbol
        self.markPrice = markPrice
        self.indexPrice = indexPrice
        self.estimatedSettlePrice = estimatedSettlePrice
        self.lastFundingRate = lastFundingRate
        self.interestRate = interestRate
        self.nextFundingTime = nextFundingTime
        self.time = time
    }
}

/// An item of `GET /fapi/v1/fundingRate` (funding history).
public struct BinanceFundingRate: Encodable, Sendable, Equatable {
    /// Binance's `symbol` (§4).
    public var symbol: String
    /// Binance's `fundingRate` (§4).
    public var fundingRate: String
    /// Binance's `fundingTime` (§4).
    public var fundingTime: Int64
    /// Binance's `markPrice` (§4).
    public var markPrice: String

    /// One funding event.
    public init(symbol: String, fundingRate: String, fundingTime: Int64, markPrice: String) {
        self.symbol = symbol
        self.fundingRate = fundingRate
        self.fundingTime = fundingTime
        self.markPrice = markPrice
    }
}

/// A row of `GET /fapi/v1/klines`: Binance's JSON array
/// `[openTime, "open", "high", "low", "close", "volume", closeTime, "quoteVolume", trades,
/// "takerBuyBaseVolume", "takerBuyQuoteVolume", "0"]`.
public struct BinanceKlineRow: Encodable, Sendable, Equatable {
    /// Binance's `openTime` (§4).
    public var openTime: Int64
    /// Binance's `open` (§4).
    public var open: String
    /// Binance's `high` (§4).
    public var high: String
    /// Binance's `low` (§4).
    public var low: String
    /// Binance's `close` (§4).
    public var close: String
    /// Binance's `volume` (§4).
    public var volume: String
    /// Binance's `closeTime` (§4).
    public var closeTime: Int64
    /// Binance's `quoteVolume` (§4).
    public var quoteVolume: String
    /// Binance's `trades` (§4).
    public var trades: Int64
    /// Binance's `takerBuyVolume` (§4).
    public var takerBuyVolume: String
    /// Binance's `takerBuyQuoteVolume` (§4).
    public var takerBuyQuoteVolume: String

    /// One candle.
    public init(openTime: Int64, open: String, high: String, low: String, close: String, volume: String,
                closeTime: Int64, quoteVolume: String, trades: Int64, takerBuyVolume: String, takerBuyQuoteVolume: String) {
        self.openTime = openTime
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
        self.closeTime = closeTime
        self.quoteVolume = quoteVolume
        self.trades = trades
        self.takerBuyVolume = takerBuyVolume
        self.takerBuyQuoteVolume = takerBuyQuoteVolume
    }

    /// Encodes as Binance's 12-element array.
    public func encode(to encoder: any Encoder) throws {
        var row = encoder.unkeyedContainer()
        try row.encode(openTime)
        for value in [open, high, low, close, volume] { try row.encode(value) }
        try row.encode(closeTime)
        try row.encode(quoteVolume)
        try row.encode(trades)
        try row.encode(takerBuyVolume)
        try row.encode(takerBuyQuoteVolume)
        try row.encode("0")
    }
}
