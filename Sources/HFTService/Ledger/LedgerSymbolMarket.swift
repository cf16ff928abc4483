import HFTEngine

/// The market state of one symbol in the ledger: its level-2 book with the update
/// counters, recent trades and aggregate trades, klines, one-minute buckets of the 24-hour
/// ticker, prices and funding history.
///
/// - Memory: the book's levels, plus rings bounded by ``VenueLedger/Configuration``.
final class LedgerSymbolMarket {
    let symbol: Int32
    var spec: VenueSymbolSpec

    // Book.
    var bids = LedgerBookSide()
    var asks = LedgerBookSide()
    /// Quantities before the current command of the levels it touched.
    var bidsBefore: [Int64: Int64] = [:]
    var asksBefore: [Int64: Int64] = [:]
    /// Best bid and ask before the current command (when touched).
    var topBefore: (Int64, Int64, Int64, Int64) = (0, 0, 0, 0)
    var touched = false
    var updateId: Int64 = 0
    var bookTime: Int64 = 0
    var bookTickerId: Int64 = 0
    var bookTickerTime: Int64 = 0

    // Trades.
    var trades: LedgerRing<LedgerTrade>
    var aggTrades: LedgerRing<LedgerAggTrade>
    var nextAggId: Int64 = 1
    var lastPrice: Int64 = 0
    var lastQuantity: Int64 = 0
    var klines: [LedgerRing<Kline>]
    var minutes: [MinuteBucket]

    // Prices.
    var prices: SymbolPrices
    var funding: LedgerRing<FundingRateRecord>

    init(symbol: Int32, spec: VenueSymbolSpec, configuration: VenueLedger.Configuration) {
        self.symbol = symbol
        self.spec = spec
        trades = LedgerRing(capacity: configuration.tradeRetention)
        aggTrades = LedgerRing(capacity: configuration.tradeRetention)
        klines = KlineInterval.allCases.map { _ in LedgerRing(capacity: configuration.klineRetention) }
        minutes = Array(repeating: MinuteBucket(), count: MinuteBucket.count)
        prices = SymbolPrices(symbol: symbol, markPrice: 0, indexPrice: 0, lastFundingRate: .zero, lastPremium: .zero,
                              nextFundingTime: 0, time: 0)
        funding = LedgerRing(capacity: configuration.fundingRetention)
    }

    var top: (Int64, Int64, Int64, Int64) {
        let b = bids.prices.last ?? 0, a = asks.prices.first ?? 0
        return (b, b == 0 ? 0 : bids.levels[b] ?? 0, a, a == 0 ? 0 : asks.levels[a] ?? 0)
    }
}

/// One side of a level-2 book: total lots per price, and the prices in ascending order.
///
/// - Complexity: a change of an existing level O(1); a level that appears or disappears
///   O(log L + L) (binary search and an array move over L levels).
struct LedgerBookSide {
    var levels: [Int64: Int64] = [:]
    var prices: [Int64] = []

    /// Adds `lots` (negative: removes) at `price`; returns the quantity before.
    mutating func add(_ lots: Int64, at price: Int64) -> Int64 {
        let before = levels[price] ?? 0
        let after = before &+ lots
        if after > 0 {
            levels[price] = after
            if before <= 0 { prices.insert(price, at: index(of: price)) }
        } else {
            levels[price] = nil
            if before > 0 {
                let i = index(of: price)
                if i < prices.count && prices[i] == price { prices.remove(at: i) }
            }
        }
        return before
    }

    func index(of price: Int64) -> Int {
        var low = 0, high = prices.count
        while low < high {
            let mid = (low + high) / 2
            if prices[mid] < price { low = mid + 1 } else { high = mid }
        }
        return low
    }
}

/// Trades of one minute, for the 24-hour ticker (1,441 buckets per symbol: the window's
/// first, partial minute plus 24 hours).
struct MinuteBucket {
    static let count = 1_441
    var minute: Int64 = .min
    var open: Int64 = 0
    var high: Int64 = 0
    var low: Int64 = 0
    var close: Int64 = 0
    var closeQuantity: Int64 = 0
    var volume: Int64 = 0
    var quoteVolume: Int64 = 0
    var count: Int64 = 0
    var firstId: Int64 = -1
    var lastId: Int64 = -1
}
