import HFTBinance
import HFTEngine
import HFTService
import Hummingbird

/// Binance USDⓈ-M Futures' public market-data endpoints (spec §4, "Public"), answered
/// from the read model.
struct MarketRoutes {
    let state: VenueServerState

    func register(on router: Router<VenueRequestContext>) {
        router.get("fapi/v1/ping") { _, _ in BinanceReply.json(BinanceEmptyObject()) }
        router.get("fapi/v1/time") { _, _ in BinanceReply.json(BinanceServerTime(serverTime: state.nowMilliseconds)) }
        router.get("fapi/v1/exchangeInfo") { _, _ in BinanceReply.json(state.exchangeInfo()) }
        router.get("fapi/v1/depth") { request, context in
            let p = try await state.parameters(request, context: context)
            let symbol = try state.symbol(try p.requiredString("symbol"))
            let limit = Int(try p.int64("limit") ?? 500)
            guard [5, 10, 20, 50, 100, 500, 1000].contains(limit) else { throw BinanceError.invalidParameter("limit") }
            let depth = state.sink.read { $0.depth(symbol: symbol.index, limit: limit) }
            let now = state.nowMilliseconds
            func levels(_ l: [LedgerLevel]) -> [BinanceLevel] {
                l.map { BinanceLevel(price: BinanceDecimal.format($0.price, step: symbol.tick),
                                     quantity: BinanceDecimal.format($0.quantity, step: symbol.lot)) }
            }
            return BinanceReply.json(BinanceDepth(
                lastUpdateId: depth?.lastUpdateId ?? 0, messageTime: now,
                transactionTime: depth.map { BinanceFormat.milliseconds($0.time) } ?? now,
                bids: levels(depth?.bids ?? []), asks: levels(depth?.asks ?? [])))
        }
        router.get("fapi/v1/trades") { request, context in
            let p = try await state.parameters(request, context: context)
            let symbol = try state.symbol(try p.requiredString("symbol"))
            let limit = try Self.limit(p, default: 500, maximum: 1_000)
            let trades = state.sink.read { $0.trades(symbol: symbol.index, limit: limit) }
            return BinanceReply.json(trades.map {
                BinanceTrade(id: $0.id, price: BinanceDecimal.format($0.price, step: symbol.tick),
                             qty: BinanceDecimal.format($0.quantity, step: symbol.lot),
                             quoteQty: BinanceDecimal.format(money: $0.quoteQuantity, decimals: state.moneyDecimals),
                             time: BinanceFormat.milliseconds($0.time), isBuyerMaker: $0.isBuyerMaker)
            })
        }
        router.get("fapi/v1/aggTrades") { request, context in
            let p = try await state.parameters(request, context: context)
            let symbol = try state.symbol(try p.requiredString("symbol"))
            let limit = try Self.limit(p, default: 500, maximum: 1_000)
            let (start, end) = try Self.window(p)
            let trades = state.sink.read {
                $0.aggTrades(symbol: symbol.index, fromId: try? p.int64("fromId"), startTime: start, endTime: end, limit: limit)
            }
            return BinanceReply.json(trades.map {
                BinanceAggregateTrade(id: $0.id, price: BinanceDecimal.format($0.price, step: symbol.tick),
                                      quantity: BinanceDecimal.format($0.quantity, step: symbol.lot),
                                      firstTradeId: $0.firstTradeId, lastTradeId: $0.lastTradeId,
                                      time: BinanceFormat.milliseconds($0.time), buyerIsMaker: $0.isBuyerMaker)
            })
        }
        router.get("fapi/v1/klines") { request, context in
            let p = try await state.parameters(request, context: context)
            let symbol = try state.symbol(try p.requiredString("symbol"))
            guard let interval = KlineInterval(wireName: try p.requiredString("interval")) else {
                throw BinanceError.invalidParameter("interval")
            }
            let limit = try Self.limit(p, default: 500, maximum: 1_500)
            let (start, end) = try Self.window(p)
            let klines = state.sink.read {
                $0.klines(symbol: symbol.index, interval: interval, startTime: start, endTime: end, limit: limit)
            }
            return BinanceReply.json(klines.map { state.klineRow($0, symbol: symbol) })
        }
        router.get("fapi/v1/ticker/24hr") { request, context in
            let p = try await state.parameters(request, context: context)
            let names = try Self.symbols(p, state: state)
            let now = ServiceClock.wallNanoseconds()
            let tickers = names.map { symbol in
                state.ticker(state.sink.read { $0.ticker24h(symbol: symbol.index, now: now) }, symbol: symbol, now: now)
            }
            return p["symbol"] == nil ? BinanceReply.json(tickers) : BinanceReply.json(tickers[0])
        }
        router.get("fapi/v1/ticker/price") { request, context in
            let p = try await state.parameters(request, context: context)
            let names = try Self.symbols(p, state: state)
            let prices = names.map { symbol in
                let last = state.sink.read { $0.trades(symbol: symbol.index, limit: 1).last }
                return BinanceTickerPrice(symbol: symbol.name, price: BinanceDecimal.format(last?.price ?? 0, step: symbol.tick),
                                          time: last.map { BinanceFormat.milliseconds($0.time) } ?? state.nowMilliseconds)
            }
            return p["symbol"] == nil ? BinanceReply.json(prices) : BinanceReply.json(prices[0])
        }
        router.get("fapi/v1/ticker/bookTicker") { request, context in
            let p = try await state.parameters(request, context: context)
            let names = try Self.symbols(p, state: state)
            let tickers = names.map { symbol in
                state.bookTicker(state.sink.read { $0.bookTicker(symbol: symbol.index) }, symbol: symbol)
            }
            return p["symbol"] == nil ? BinanceReply.json(tickers) : BinanceReply.json(tickers[0])
        }
        router.get("fapi/v1/premiumIndex") { request, context in
            let p = try await state.parameters(request, context: context)
            let names = try Self.symbols(p, state: state)
            let items = names.map { state.premiumIndex($0) }
            return p["symbol"] == nil ? BinanceReply.json(items) : BinanceReply.json(items[0])
        }
        router.get("fapi/v1/fundingRate") { request, context in
            let p = try await state.parameters(request, context: context)
            let limit = try Self.limit(p, default: 100, maximum: 1_000)
            let (start, end) = try Self.window(p)
            let names = try Self.symbols(p, state: state)
            var items: [BinanceFundingRate] = []
            for symbol in names {
                let records = state.sink.read { $0.fundingRates(symbol: symbol.index, startTime: start, endTime: end, limit: limit) }
                items += records.map {
                    BinanceFundingRate(symbol: symbol.name, fundingRate: BinanceFormat.rate($0.rate),
                                       fundingTime: BinanceFormat.milliseconds($0.fundingTime),
                                       markPrice: BinanceDecimal.format($0.markPrice, step: symbol.tick))
                }
            }
            return BinanceReply.json(Array(items.suffix(limit)))
        }
    }

    /// `limit` within 1 ... maximum (default when absent).
    static func limit(_ p: BinanceParameters, default value: Int, maximum: Int) throws(BinanceError) -> Int {
        guard let limit = try p.int64("limit") else { return value }
        guard limit >= 1, limit <= Int64(maximum) else { throw .invalidParameter("limit") }
        return Int(limit)
    }

    /// `startTime`, `endTime` (ms) as nanoseconds.
    static func window(_ p: BinanceParameters) throws(BinanceError) -> (Int64?, Int64?) {
        let start = try p.int64("startTime")
        let end = try p.int64("endTime")
        if let start, let end, start > end { throw .invalidParameter("startTime") }
        func ns(_ ms: Int64) -> Int64 {
            let (value, overflow) = ms.multipliedReportingOverflow(by: 1_000_000)
            return overflow ? (ms < 0 ? .min : .max) : value
        }
        // The end of the window is the last nanosecond of its millisecond (saturating).
        return (start.map(ns), end.map { ns($0).addingReportingOverflow(999_999).overflow ? .max : ns($0) + 999_999 })
    }

    /// The symbol of `symbol`, or every symbol when absent.
    static func symbols(_ p: BinanceParameters, state: VenueServerState) throws(BinanceError) -> [ServiceSymbol] {
        if let name = p["symbol"] { return [try state.symbol(name)] }
        return state.symbols
    }
}
