import HFTBinance
import HFTEngine
import HFTService

/// Turns every committed command's ledger changes into Binance's stream messages and
/// hands them to the ``StreamHub`` (spec §5, §6). Runs in the fan-out task
/// (``StreamFanout``), after the command is durable; a message is encoded only when someone
/// subscribes to its stream.
///
/// Market streams: `@trade` and `@aggTrade` per fill; diff depth `@depth@0ms` per command
/// that changed the book, and `@depth` (250 ms), `@depth@100ms`, `@depth@500ms` once per
/// interval with the interval's changes merged (``DepthConflator``), `U`/`u`/`pu` chained
/// per symbol and speed; partial depth (`@depth5/10/20[@100ms|@500ms]`: the top levels at
/// the end of an interval in which the book changed); `@bookTicker`, `@markPrice[@1s]`,
/// `@kline_<interval>`.
/// User data, by account: `ORDER_TRADE_UPDATE` per order change, `ACCOUNT_UPDATE` per
/// balance or position change.
struct StreamPublisher: Sendable {
    let state: VenueServerState
    /// The conflated depth speeds (100, 250 and 500 ms); used by the fan-out task only.
    let conflators = DepthConflator.all()

    func publish(_ command: VenueCommand, _ changes: LedgerChanges) {
        let hub = state.hub
        let eventTime = BinanceFormat.milliseconds(changes.time)
        for trade in changes.trades {
            let s = state.symbols[Int(trade.symbol)]
            send(.trade(symbol: s.name)) {
                BinanceTradeEvent(eventTime: eventTime, tradeTime: BinanceFormat.milliseconds(trade.time), symbol: s.name,
                                  tradeId: trade.id, price: BinanceDecimal.format(trade.price, step: s.tick),
                                  quantity: BinanceDecimal.format(trade.quantity, step: s.lot), buyerIsMaker: trade.isBuyerMaker)
            }
        }
        for agg in changes.aggTrades {
            let s = state.symbols[Int(agg.symbol)]
            send(.aggregateTrade(symbol: s.name)) {
                BinanceAggregateTradeEvent(eventTime: eventTime, symbol: s.name, aggregateId: agg.id,
                                           price: BinanceDecimal.format(agg.price, step: s.tick),
                                           quantity: BinanceDecimal.format(agg.quantity, step: s.lot),
                                           firstTradeId: agg.firstTradeId, lastTradeId: agg.lastTradeId,
                                           tradeTime: BinanceFormat.milliseconds(agg.time), buyerIsMaker: agg.isBuyerMaker)
            }
        }
        for diff in state.sink.read({ $0.drainDiffs() }) {
            let s = state.symbols[Int(diff.symbol)]
            send(.diffDepth(symbol: s.name, speed: .realTime)) { depthUpdate(diff, s, eventTime: eventTime) }
            for conflator in conflators {
                if hasDepthSubscribers(s, conflator.speed) { conflator.add(diff) } else { conflator.reset(diff.symbol) }
            }
        }
        for symbol in changes.bookTickerSymbols {
            let s = state.symbols[Int(symbol)]
            send(.bookTicker(symbol: s.name)) {
                let b = state.sink.read { $0.bookTicker(symbol: symbol) }
                return BinanceBookTickerEvent(
                    updateId: b?.updateId ?? 0, eventTime: eventTime, transactionTime: BinanceFormat.milliseconds(b?.time ?? 0),
                    symbol: s.name, bidPrice: BinanceDecimal.format(b?.bidPrice ?? 0, step: s.tick),
                    bidQuantity: BinanceDecimal.format(b?.bidQuantity ?? 0, step: s.lot),
                    askPrice: BinanceDecimal.format(b?.askPrice ?? 0, step: s.tick),
                    askQuantity: BinanceDecimal.format(b?.askQuantity ?? 0, step: s.lot))
            }
        }
        for symbol in changes.priceSymbols {
            let s = state.symbols[Int(symbol)]
            for everySecond in [false, true] {
                send(.markPrice(symbol: s.name, everySecond: everySecond)) {
                    let p = state.premiumIndex(s)
                    return BinanceMarkPriceEvent(eventTime: eventTime, symbol: s.name, markPrice: p.markPrice,
                                                 indexPrice: p.indexPrice, estimatedSettlePrice: p.estimatedSettlePrice,
                                                 fundingRate: p.lastFundingRate, nextFundingTime: p.nextFundingTime)
                }
            }
        }
        if !changes.trades.isEmpty { publishKlines(changes, eventTime: eventTime) }
        publishUserData(changes, eventTime: eventTime)
    }

    func publishKlines(_ changes: LedgerChanges, eventTime: Int64) {
        let symbols = Set(changes.trades.map(\.symbol))
        for symbol in symbols {
            let s = state.symbols[Int(symbol)]
            for interval in KlineInterval.allCases {
                guard let wire = BinanceStreamName.KlineInterval(rawValue: interval.wireName) else { continue }
                send(.kline(symbol: s.name, interval: wire)) {
                    let k = state.sink.read { $0.currentKline(symbol: symbol, interval: interval, now: changes.time) }
                    return BinanceKlineEvent(eventTime: eventTime, symbol: s.name, kline: .init(
                        openTime: BinanceFormat.milliseconds(k?.openTime ?? 0), closeTime: BinanceFormat.milliseconds(k?.closeTime ?? 0),
                        symbol: s.name, interval: interval.wireName, firstTradeId: k?.firstTradeId ?? 0,
                        lastTradeId: k?.lastTradeId ?? 0, open: BinanceDecimal.format(k?.open ?? 0, step: s.tick),
                        close: BinanceDecimal.format(k?.close ?? 0, step: s.tick), high: BinanceDecimal.format(k?.high ?? 0, step: s.tick),
                        low: BinanceDecimal.format(k?.low ?? 0, step: s.tick), volume: BinanceDecimal.format(k?.volume ?? 0, step: s.lot),
                        trades: k?.tradeCount ?? 0, closed: false,
                        quoteVolume: state.money(k?.quoteVolume ?? 0), takerBuyVolume: BinanceDecimal.format(k?.takerBuyVolume ?? 0, step: s.lot),
                        takerBuyQuoteVolume: state.money(k?.takerBuyQuoteVolume ?? 0)))
                }
            }
        }
    }

    func publishUserData(_ changes: LedgerChanges, eventTime: Int64) {
        let hub = state.hub
        for update in changes.orders where hub.hasSubscribers(account: update.order.account) {
            let o = update.order
            let s = state.symbols[Int(o.symbol)]
            let f = update.fill
            let message = BinanceOrderTradeUpdate(eventTime: eventTime, transactionTime: eventTime, order: .init(
                symbol: s.name, clientOrderId: o.clientOrderId, side: BinanceFormat.side(o.side), orderType: BinanceFormat.type(o.type),
                timeInForce: o.timeInForce.wireName, originalQuantity: BinanceDecimal.format(o.originalQuantity, step: s.lot),
                price: BinanceDecimal.format(o.price, step: s.tick),
                averagePrice: BinanceFormat.averagePrice(tickLots: o.cumulativeTickLots, lots: o.executedQuantity, tick: s.tick),
                executionType: update.executionType.wireName, status: o.status.wireName, orderId: o.id,
                lastFilledQuantity: BinanceDecimal.format(f?.quantity ?? 0, step: s.lot),
                filledQuantity: BinanceDecimal.format(o.executedQuantity, step: s.lot),
                lastFilledPrice: BinanceDecimal.format(f?.price ?? 0, step: s.tick), commissionAsset: s.quoteAsset,
                commission: state.money(f?.commission ?? 0), tradeTime: BinanceFormat.milliseconds(f?.time ?? o.updateTime),
                tradeId: f?.tradeId ?? 0, bidsNotional: "0", asksNotional: "0", isMaker: f?.isMaker ?? false,
                reduceOnly: o.reduceOnly, realizedProfit: state.money(f?.realizedPnL ?? 0)))
            hub.publish(account: o.account, message: text(message))
        }
        var accounts = Set(changes.balances.map(\.account))
        accounts.formUnion(changes.positions.map(\.account))
        for account in accounts where hub.hasSubscribers(account: account) {
            let balances = changes.balances.filter { $0.account == account }.map { change in
                BinanceAccountUpdate.Balance(asset: state.symbols.first?.quoteAsset ?? "USDT",
                                             walletBalance: state.money(change.state.balance),
                                             crossWalletBalance: state.money(change.state.balance),
                                             balanceChange: state.money(change.causes.reduce(0) { $0 + $1.amount }))
            }
            let positions = changes.positions.filter { $0.account == account }.map { p in
                let s = state.symbols[Int(p.symbol)]
                let entry = BinanceFormat.entryPrice(cost: p.cost, size: p.size, symbol: s)
                return BinanceAccountUpdate.Position(
                    symbol: s.name, positionAmount: BinanceDecimal.format(p.size, step: s.lot), entryPrice: entry,
                    breakEvenPrice: entry, accumulatedRealized: "0", unrealizedProfit: "0",
                    marginType: p.mode == .isolated ? "isolated" : "cross",
                    isolatedWallet: p.mode == .isolated ? state.money(p.margin) : "0")
            }
            let message = BinanceAccountUpdate(eventTime: eventTime, transactionTime: eventTime, update: .init(
                reason: changes.reason.wireName, balances: balances, positions: positions))
            hub.publish(account: account, message: text(message))
        }
    }

    /// Sends the conflated depth events that are due (the fan-out calls this every few
    /// milliseconds): each speed's merged diff, and the top levels of each changed symbol
    /// for that speed's partial-depth streams.
    func sendDueDepth(nowMilliseconds: Int64) {
        for conflator in conflators {
            for diff in conflator.due(nowMilliseconds: nowMilliseconds) {
                let s = state.symbols[Int(diff.symbol)]
                send(.diffDepth(symbol: s.name, speed: conflator.speed)) { depthUpdate(diff, s, eventTime: nowMilliseconds) }
                for levels in [5, 10, 20] {
                    send(.partialDepth(symbol: s.name, levels: levels, speed: conflator.speed)) {
                        let depth = state.sink.read { $0.depth(symbol: s.index, limit: levels) }
                        var top = diff
                        top.bids = depth?.bids ?? []
                        top.asks = depth?.asks ?? []
                        return depthUpdate(top, s, eventTime: nowMilliseconds)
                    }
                }
            }
        }
    }

    /// Whether a diff or partial depth stream of `speed` on `s` has subscribers.
    func hasDepthSubscribers(_ s: ServiceSymbol, _ speed: BinanceStreamName.DepthSpeed) -> Bool {
        state.hub.hasSubscribers(BinanceStreamName.diffDepth(symbol: s.name, speed: speed).description)
            || [5, 10, 20].contains { state.hub.hasSubscribers(BinanceStreamName.partialDepth(symbol: s.name, levels: $0, speed: speed).description) }
    }

    func depthUpdate(_ diff: BookDiff, _ s: ServiceSymbol, eventTime: Int64) -> BinanceDepthUpdate {
        BinanceDepthUpdate(eventTime: eventTime, transactionTime: BinanceFormat.milliseconds(diff.eventTime),
                           symbol: s.name, firstUpdateId: diff.firstUpdateId, finalUpdateId: diff.finalUpdateId,
                           previousFinalUpdateId: diff.previousFinalUpdateId,
                           bids: diff.bids.map { level($0, s) }, asks: diff.asks.map { level($0, s) })
    }

    /// Encodes and sends a message of stream `name` if anyone subscribes to it.
    func send<M: Encodable>(_ name: BinanceStreamName, _ message: () -> M) {
        let stream = name.description
        guard state.hub.hasSubscribers(stream) else { return }
        state.hub.publish(stream: stream, message: text(message()))
    }

    func text(_ value: some Encodable) -> String { String(decoding: BinanceJSON.encode(value), as: UTF8.self) }

    func level(_ l: LedgerLevel, _ s: ServiceSymbol) -> BinanceLevel {
        BinanceLevel(price: BinanceDecimal.format(l.price, step: s.tick), quantity: BinanceDecimal.format(l.quantity, step: s.lot))
    }
}
