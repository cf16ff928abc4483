import HFTEngine

/// One price level: price in ticks, total resting quantity in lots (0 in a diff: removed).
public struct LedgerLevel: Sendable, Equatable {
    public var price: Int64
    public var quantity: Int64
    public init(price: Int64, quantity: Int64) { self.price = price; self.quantity = quantity }
}

/// A depth snapshot (`/fapi/v1/depth`): levels best first, no empty level.
public struct LedgerDepth: Sendable, Equatable {
    /// The symbol's book update counter at the snapshot (`lastUpdateId`).
    public var lastUpdateId: Int64
    /// Time of the last command that changed the book (ns; 0: never).
    public var time: Int64
    public var bids: [LedgerLevel]
    public var asks: [LedgerLevel]
}

/// The book change of one command on one symbol (`depthUpdate`): absolute new quantities,
/// 0 for a removed level, best first. `firstUpdateId == finalUpdateId ==
/// previousFinalUpdateId + 1` (one counter per symbol, +1 per command that changed the
/// book: spec §5 "Simplest correct scheme").
public struct BookDiff: Sendable, Equatable {
    public var symbol: Int32
    public var firstUpdateId: Int64
    public var finalUpdateId: Int64
    public var previousFinalUpdateId: Int64
    public var bids: [LedgerLevel]
    public var asks: [LedgerLevel]
    /// The command's time (ns).
    public var eventTime: Int64
}

/// Best bid and ask (`@bookTicker`, `/fapi/v1/ticker/bookTicker`); quantity 0: empty side.
public struct BookTicker: Sendable, Equatable {
    public var symbol: Int32
    /// The symbol's own counter, +1 per command that changed the best bid or ask.
    public var updateId: Int64
    public var bidPrice: Int64
    public var bidQuantity: Int64
    public var askPrice: Int64
    public var askQuantity: Int64
    public var time: Int64
}

/// Binance's kline intervals.
public enum KlineInterval: Int, Sendable, CaseIterable {
    case m1, m3, m5, m15, m30, h1, h2, h4, h6, h8, h12, d1, d3, w1, mo1

    /// `1m`, `3m`, ..., `1M`.
    public var wireName: String {
        ["1m", "3m", "5m", "15m", "30m", "1h", "2h", "4h", "6h", "8h", "12h", "1d", "3d", "1w", "1M"][rawValue]
    }

    public init?(wireName: String) {
        guard let i = KlineInterval.allCases.first(where: { $0.wireName == wireName }) else { return nil }
        self = i
    }

    static let minute: Int64 = 60_000_000_000
    /// Fixed length in ns (`nil` for the calendar month).
    var nanoseconds: Int64? {
        switch self {
        case .m1: Self.minute
        case .m3: 3 * Self.minute
        case .m5: 5 * Self.minute
        case .m15: 15 * Self.minute
        case .m30: 30 * Self.minute
        case .h1: 60 * Self.minute
        case .h2: 120 * Self.minute
        case .h4: 240 * Self.minute
        case .h6: 360 * Self.minute
        case .h8: 480 * Self.minute
        case .h12: 720 * Self.minute
        case .d1: 1_440 * Self.minute
        case .d3: 3 * 1_440 * Self.minute
        case .w1: 7 * 1_440 * Self.minute
        case .mo1: nil
        }
    }

    /// The open time of the interval holding `time` (ns since the epoch, UTC): multiples of
    /// the length since the epoch; weeks start on Monday 00:00 (Binance), months on the 1st.
    public func openTime(containing time: Int64) -> Int64 {
        switch self {
        case .w1:
            // 1970-01-05 was a Monday.
            let monday: Int64 = 4 * 1_440 * Self.minute, week = 7 * 1_440 * Self.minute
            return Self.floor(time - monday, week) * week + monday
        case .mo1:
            let day: Int64 = 1_440 * Self.minute
            let (y, m, _) = Self.civil(fromDays: Self.floor(time, day))
            return Self.days(year: y, month: m, day: 1) * day
        default:
            let n = nanoseconds!
            return Self.floor(time, n) * n
        }
    }

    /// The open time of the next interval after the one opening at `open`.
    public func nextOpenTime(after open: Int64) -> Int64 {
        if let n = nanoseconds { return open + n }
        let day: Int64 = 1_440 * Self.minute
        let (y, m, _) = Self.civil(fromDays: Self.floor(open, day))
        return Self.days(year: m == 12 ? y + 1 : y, month: m == 12 ? 1 : m + 1, day: 1) * day
    }

    static func floor(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }

    /// Howard Hinnant's `civil_from_days` / `days_from_civil` (proleptic Gregorian).
    static func civil(fromDays z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    static func days(year y0: Int64, month m: Int64, day d: Int64) -> Int64 {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}

/// One kline (candlestick) built from trades. Times in ns; `closeTime` is the next open
/// time − 1 ms (Binance). An interval without trades is flat at the previous close
/// (queries fill it in; only intervals with trades are stored).
public struct Kline: Sendable, Equatable {
    public var symbol: Int32
    public var interval: KlineInterval
    public var openTime: Int64
    public var closeTime: Int64
    public var open: Int64
    public var high: Int64
    public var low: Int64
    public var close: Int64
    /// Σ quantity (lots), Σ quote (money units).
    public var volume: Int64
    public var quoteVolume: Int64
    public var tradeCount: Int64
    /// Σ quantity and quote of trades whose taker bought.
    public var takerBuyVolume: Int64
    public var takerBuyQuoteVolume: Int64
    /// First and last trade id (−1: none).
    public var firstTradeId: Int64
    public var lastTradeId: Int64
}

/// 24-hour rolling statistics (`/fapi/v1/ticker/24hr`, `@ticker`), in venue units. The
/// window is [openTime, closeTime]: `closeTime` = the `now` asked for, `openTime` = now −
/// 24 h rounded down to the minute (the statistics are kept in one-minute buckets).
public struct Ticker24h: Sendable, Equatable {
    public var symbol: Int32
    /// Last − open price, ticks; percent is priceChange / open (the server formats it).
    public var priceChange: Int64
    public var openPrice: Int64
    public var highPrice: Int64
    public var lowPrice: Int64
    public var lastPrice: Int64
    public var lastQuantity: Int64
    /// Σ lots, Σ money units (weighted average = quoteVolume / (volume × money per tick·lot)).
    public var volume: Int64
    public var quoteVolume: Int64
    public var openTime: Int64
    public var closeTime: Int64
    /// First and last trade id in the window (−1 when there is none), and the trade count.
    public var firstTradeId: Int64
    public var lastTradeId: Int64
    public var count: Int64
}

/// A symbol's prices (`/fapi/v1/premiumIndex`, `@markPrice`), from `prices` events.
public struct SymbolPrices: Sendable, Equatable {
    public var symbol: Int32
    /// Ticks (0: none yet).
    public var markPrice: Int64
    public var indexPrice: Int64
    /// The rate of the last settlement (Binance `lastFundingRate`).
    public var lastFundingRate: Rate
    /// The last premium sample (Rate e8; 0: none).
    public var lastPremium: Rate
    /// Next funding time: the first multiple of the funding interval after the last
    /// command's time (ns).
    public var nextFundingTime: Int64
    /// Time of the last `prices` event (ns).
    public var time: Int64
}

/// One funding settlement (`/fapi/v1/fundingRate`).
public struct FundingRateRecord: Sendable, Equatable {
    public var symbol: Int32
    public var rate: Rate
    /// The settlement command's time (ns).
    public var fundingTime: Int64
    /// Mark at the settlement, ticks.
    public var markPrice: Int64
}
