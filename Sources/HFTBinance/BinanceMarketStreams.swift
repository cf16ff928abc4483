/// `depthUpdate` (spec §5 "Diff depth"): also the payload of the partial-depth streams
/// `<symbol>@depth5/10/20`, which Binance sends with the same keys and the full top N.
/// `U` = previous counter + 1, `u` = new counter, `pu` = previous event's `u`.
public struct BinanceDepthUpdate: Encodable, Sendable, Equatable {
    /// `e`: the event type.
    public var eventType = "depthUpdate"
    /// `E`: event time (ms).
    public var eventTime: Int64
    /// `T`: transaction time (ms).
    public var transactionTime: Int64
    /// `s`: symbol.
    public var symbol: String
    /// `U`: first update id of the event.
    public var firstUpdateId: Int64
    /// `u`: last update id of the event.
    public var finalUpdateId: Int64
    /// `pu`: the previous event's `u`.
    public var previousFinalUpdateId: Int64
    /// `b`: changed bids (absolute quantities; `"0"` deletes).
    public var bids: [BinanceLevel]
    /// `a`: changed asks.
    public var asks: [BinanceLevel]

    /// A diff (or partial book) event.
    public init(eventTime: Int64, transactionTime: Int64, symbol: String, firstUpdateId: Int64, finalUpdateId: Int64,
                previousFinalUpdateId: Int64, bids: [BinanceLevel], asks: [BinanceLevel]) {
        self.eventTime = eventTime
        self.transactionTime = transactionTime
        self.symbol = symbol
        self.firstUpdateId = firstUpdateId
        self.finalUpdateId = finalUpdateId
        self.previousFinalUpdateId = previousFinalUpdateId
        self.bids = bids
        self.asks = asks
    }

    enum CodingKeys: String, CodingKey {
        case eventType = "e", eventTime = "E", transactionTime = "T", symbol = "s", firstUpdateId = "U"
        case finalUpdateId = "u", previousFinalUpdateId = "pu", bids = "b", asks = "a"
    }
}

/// `trade` (spec §5 "Trade").
public struct BinanceTradeEvent: Encodable, Sendable, Equatable {
    /// `e`: the event type.
    public var eventType = "trade"
    /// `E`.
    public var eventTime: Int64
    /// `T`.
    public var tradeTime: Int64
    /// `s`.
    public var symbol: String
    /// `t`.
    public var tradeId: Int64
    /// `p`.
    public var price: String
    /// `q`.
    public var quantity: String
    /// `X`: `"MARKET"` (or `"LIQUIDATION"`, `"INSURANCE_FUND"`).
    public var tradeType: String
    /// `m`: the buyer was the maker.
    public var buyerIsMaker: Bool

    /// A trade event.
    public init(eventTime: Int64, tradeTime: Int64, symbol: String, tradeId: Int64, price: String, quantity: String,
                buyerIsMaker: Bool, tradeType: String = "MARKET") {
        self.eventTime = eventTime
        self.tradeTime = tradeTime
        self.symbol = symbol
        self.tradeId = tradeId
        self.price = price
        self.quantity = quantity
        self.tradeType = tradeType
        self.buyerIsMaker = buyerIsMaker
    }

    enum CodingKeys: String, CodingKey {
        case eventType = "e", eventTime = "E", tradeTime = "T", symbol = "s", tradeId = "t"
        case price = "p", quantity = "q", tradeType = "X", buyerIsMaker = "m"
    }
}

/// `aggTrade` (spec §5 "Aggregate trade").
public struct BinanceAggregateTradeEvent: Encodable, Sendable, Equatable {
    /// `e`: the event type.
    public var eventType = "aggTrade"
    /// `E`.
    public var eventTime: Int64
    /// `s`.
    public var symbol: String
    /// `a`.
    public var aggregateId: Int64
    /// `p`.
    public var price: String
    /// `q`.
    public var quantity: String
    /// `f`.
    public var firstTradeId: Int64
    /// `l`.
    public var lastTradeId: Int64
    /// `T`.
    public var tradeTime: Int64
    /// `m`.
    public var buyerIsMaker: Bool

    /// An aggregate trade event.
    public init(eventTime: Int64, symbol: String, aggregateId: Int64, price: String, quantity: String,
                firstTradeId: Int64, lastTradeId: Int64, tradeTime: Int64, buyerIsMaker: Bool) {
        self.eventTime = eventTime
        self.symbol = symbol
        self.aggregateId = aggregateId
        self.price = price
        self.quantity = quantity
        self.firstTradeId = firstTradeId
        self.lastTradeId = lastTradeId
        self.tradeTime = tradeTime
        self.buyerIsMaker = buyerIsMaker
    }

    enum CodingKeys: String, CodingKey {
        case eventType = "e", eventTime = "E", symbol = "s", aggregateId = "a", price = "p", quantity = "q"
        case firstTradeId = "f", lastTradeId = "l", tradeTime = "T", buyerIsMaker = "m"
    }
}

/// `bookTicker` (spec §5, optional): best bid and ask.
public struct BinanceBookTickerEvent: Encodable, Sendable, Equatable {
    /// `e`: the event type.
    public var eventType = "bookTicker"
    /// `u`: the book's update id.
    public var updateId: Int64
    /// `E`.
    public var eventTime: Int64
    /// `T`.
    public var transactionTime: Int64
    /// `s`.
    public var symbol: String
    /// `b`.
    public var bidPrice: String
    /// `B`.
    public var bidQuantity: String
    /// `a`.
    public var askPrice: String
    /// `A`.
    public var askQuantity: String

    /// A best bid and ask event.
    public init(updateId: Int64, eventTime: Int64, transactionTime: Int64, symbol: String,
                bidPrice: String, bidQuantity: String, askPrice: String, askQuantity: String) {
        self.updateId = updateId
        self.eventTime = eventTime
        self.transactionTime = transactionTime
        self.symbol = symbol
        self.bidPrice = bidPrice
        self.bidQuantity = bidQuantity
        self.askPrice = askPrice
        self.askQuantity = askQuantity
    }

    enum CodingKeys: String, CodingKey {
        case eventType = "e", updateId = "u", eventTime = "E", transactionTime = "T", symbol = "s"
        case bidPrice = "b", bidQuantity = "B", askPrice = "a", askQuantity = "A"
    }
}

/// `markPriceUpdate` (spec §5 "`@markPrice[@1s]`": `p, i, P, r, T`).
public struct BinanceMarkPriceEvent: Encodable, Sendable, Equatable {
    /// `e`: the event type.
    public var eventType = "markPriceUpdate"
    /// `E`.
    public var eventTime: Int64
    /// `s`.
    public var symbol: String
    /// `p`.
    public var markPrice: String
    /// `i`.
    public var indexPrice: String
    /// `P`: estimated settle price.
    public var estimatedSettlePrice: String
    /// `r`: funding rate.
    public var fundingRate: String
    /// `T`: next funding time.
    public var nextFundingTime: Int64

    /// A mark price event.
    public init(eventTime: Int64, symbol: String, markPrice: String, indexPrice: String,
                estimatedSettlePrice: String, fundingRate: String, nextFundingTime: Int64) {
        self.eventTime = eventTime
        self.symbol = symbol
        self.markPrice = markPrice
        self.indexPrice = indexPrice
        self.estimatedSettlePrice = estimatedSettlePrice
        self.fundingRate = fundingRate
        self.nextFundingTime = nextFundingTime
    }

    enum CodingKeys: String, CodingKey {
        case eventType = "e", eventTime = "E", symbol = "s", markPrice = "p", indexPrice = "i"
        case estimatedSettlePrice = "P", fundingRate = "r", nextFundingTime = "T"
    }
}

/// `kline` (`<symbol>@kline_<interval>`): `{"e":"kline","E":..,"s":..,"k":{...}}`.
public struct BinanceKlineEvent: Encodable, Sendable, Equatable {
    /// `e`: the event type.
    public var eventType = "kline"
    /// `E`.
    public var eventTime: Int64
    /// `s`.
    public var symbol: String
    /// `k`.
    public var kline: Kline

    /// A candle event.
    public init(eventTime: Int64, symbol: String, kline: Kline) {
        self.eventTime = eventTime
        self.symbol = symbol
        self.kline = kline
    }

    enum CodingKeys: String, CodingKey {
        case eventType = "e", eventTime = "E", symbol = "s", kline = "k"
    }

    /// The candle (`k`).
    public struct Kline: Encodable, Sendable, Equatable {
        /// `t`.
        public var openTime: Int64
        /// `T`.
        public var closeTime: Int64
        /// `s`.
        public var symbol: String
        /// `i`: the interval (`1m`, ...).
        public var interval: String
        /// `f`.
        public var firstTradeId: Int64
        /// `L`.
        public var lastTradeId: Int64
        /// `o`.
        public var open: String
        /// `c`.
        public var close: String
        /// `h`.
        public var high: String
        /// `l`.
        public var low: String
        /// `v`.
        public var volume: String
        /// `n`.
        public var trades: Int64
        /// `x`: the candle is closed.
        public var closed: Bool
        /// `q`.
        public var quoteVolume: String
        /// `V`.
        public var takerBuyVolume: String
        /// `Q`.
        public var takerBuyQuoteVolume: String
        /// `B`: ignored by clients, `"0"`.
        public var ignore = "0"

        /// A candle.
        public init(openTime: Int64, closeTime: Int64, symbol: String, interval: String, firstTradeId: Int64, lastTradeId: Int64,
                    open: String, close: String, high: String, low: String, volume: String, trades: Int64, closed: Bool,
                    quoteVolume: String, takerBuyVolume: String, takerBuyQuoteVolume: String) {
            self.openTime = openTime
            self.closeTime = closeTime
            self.symbol = symbol
            self.interval = interval
            self.firstTradeId = firstTradeId
            self.lastTradeId = lastTradeId
            self.open = open
            self.close = close
            self.high = high
            self.low = low
            self.volume = volume
            self.trades = trades
            self.closed = closed
            self.quoteVolume = quoteVolume
            self.takerBuyVolume = takerBuyVolume
            self.takerBuyQuoteVolume = takerBuyQuoteVolume
        }

        enum CodingKeys: String, CodingKey {
            case openTime = "t", closeTime = "T", symbol = "s", interval = "i", firstTradeId = "f", lastTradeId = "L"
            case open = "o", close = "c", high = "h", low = "l", volume = "v", trades = "n", closed = "x"
            case quoteVolume = "q", takerBuyVolume = "V", takerBuyQuoteVolume = "Q", ignore = "B"
        }
    }
}

/// The frame of a combined stream (`/stream?streams=`, spec §5): `{"stream":"<name>","data":{…}}`.
public struct BinanceCombinedFrame<Payload: Encodable & Sendable>: Encodable, Sendable {
    /// The stream's name (``BinanceStreamName/description``).
    public var stream: String
    /// The payload.
    public var data: Payload

    /// A wrapped payload.
    public init(stream: String, data: Payload) {
        self.stream = stream
        self.data = data
    }
}

extension BinanceJSON {
    /// A combined-stream frame `{"stream":"<name>","data":<payload>}` (spec §5) around an
    /// already encoded payload (one encoding shared by every subscriber), without decoding
    /// it: the stream name is encoded by ``BinanceJSON``, the payload copied as is.
    public static func combined(stream: String, encodedData: [UInt8]) -> [UInt8] {
        var frame = Array(#"{"stream":"#.utf8)
        frame.append(contentsOf: encode(stream))
        frame.append(contentsOf: #","data":"#.utf8)
        frame.append(contentsOf: encodedData)
        frame.append(UInt8(ascii: "}"))
        return frame
    }
}
