import HFTEngine

// Fills: per-account fills with their commission and realized PnL, public trades,
// aggregate trades, klines and the 24-hour ticker's minute buckets.

extension VenueLedger {
    /// The fee the venue charges on a fill: ⌈notional × rate / 10^8⌉ (a rebate, for a
    /// negative rate, rounds toward zero), as `RiskCore.planFill` computes it.
    public static func fee(notional: Int64, rate: Rate) -> Int64 {
        Int64(clamping: ExactDivision.ceilingE8(Int128(notional) * Int128(rate.e8)))
    }

    /// A `trade` event: taker order a, maker order b, maker account c, price d, lots e. The
    /// balance events that follow it are the taker's realized PnL and fee, then the
    /// maker's (each only when not zero); the realized PnL is read from them.
    func trade(_ e: VenueEvent, following events: UnsafeBufferPointer<VenueEvent>, at index: Int) {
        let spec = markets[e.symbol]?.spec
        let notional = Self.notional(price: e.d, lots: e.e, spec: spec)
        let takerFee = Self.fee(notional: notional, rate: spec?.takerRate ?? .zero)
        let makerFee = Self.fee(notional: notional, rate: spec?.makerRate ?? .zero)
        var j = index + 1
        func realized(_ account: Int64, fee: Int64) -> Int64 {
            var pnl: Int64 = 0
            if j < events.count, events[j].kind == .balance, events[j].account == account,
               events[j].code == VenueEvent.BalanceCause.realizedPnL.rawValue {
                pnl = events[j].a
                j += 1
            }
            if fee != 0, j < events.count, events[j].kind == .balance, events[j].account == account,
               events[j].code == VenueEvent.BalanceCause.fee.rawValue {
                j += 1
            }
            return pnl
        }
        let takerPnL = realized(e.account, fee: takerFee)
        let makerPnL = realized(e.c, fee: makerFee)
        // The shadow positions must give the same realized PnL (checked on every ordinary
        // fill; a self-trade clears both sides on one position, which the shadow does not model).
        let takerKey = AccountSymbol(account: e.account, symbol: e.symbol), makerKey = AccountSymbol(account: e.c, symbol: e.symbol)
        if e.account != e.c {
            let lots = e.side == .buy ? e.e : 0 &- e.e
            let takerShadow = shadowRealizedPnL(account: e.account, symbol: e.symbol, lots: lots, price: e.d, notional: notional)
            let makerShadow = shadowRealizedPnL(account: e.c, symbol: e.symbol, lots: 0 &- lots, price: e.d, notional: notional)
            if (takerShadow != takerPnL || makerShadow != makerPnL)
                && !unknownShadows.contains(takerKey) && !unknownShadows.contains(makerKey) {
                realizedPnLDiscrepancies += 1
            }
        } else {
            unknownShadows.insert(takerKey)
        }
        fill(symbol: e.symbol, takerSide: e.side, takerOrder: e.a, takerAccount: e.account, makerOrder: e.b,
             makerAccount: e.c, price: e.d, lots: e.e, takerPnL: takerPnL, makerPnL: makerPnL, liquidation: false)
    }

    static func notional(price: Int64, lots: Int64, spec: VenueSymbolSpec?) -> Int64 {
        Int64(clamping: Int128(price) * Int128(lots) * Int128(spec?.moneyPerTickLot ?? 1))
    }

    /// One fill between a taker and a maker: both orders, both accounts' fills, the public
    /// trade, the aggregate trade, klines and the ticker. The taker of a liquidation fill
    /// (the liquidated account or the insurance fund) pays no trading fee.
    func fill(symbol: Int32, takerSide: Side, takerOrder: Int64, takerAccount: Int64, makerOrder: Int64,
              makerAccount: Int64, price: Int64, lots: Int64, takerPnL: Int64, makerPnL: Int64, liquidation: Bool) {
        guard let market = markets[symbol] else { return }
        let spec = market.spec
        let quote = Self.notional(price: price, lots: lots, spec: spec)
        var takerPnL = takerPnL, makerPnL = makerPnL
        if liquidation {
            // No balance events for these: the shadow positions give the realized PnL.
            let signed = takerSide == .buy ? lots : 0 &- lots
            takerPnL = shadowRealizedPnL(account: takerAccount, symbol: symbol, lots: signed, price: price, notional: quote)
            makerPnL = shadowRealizedPnL(account: makerAccount, symbol: symbol, lots: 0 &- signed, price: price, notional: quote)
        }
        let takerFee = liquidation ? 0 : Self.fee(notional: quote, rate: spec.takerRate)
        let makerFee = Self.fee(notional: quote, rate: spec.makerRate)
        let t = command.timestamp
        let id = nextTradeId
        nextTradeId &+= 1
        let taker = LedgerFill(tradeId: id, orderId: takerOrder, account: takerAccount, symbol: symbol, side: takerSide,
                               price: price, quantity: lots, quoteQuantity: quote, commission: takerFee,
                               realizedPnL: takerPnL, isMaker: false, isLiquidation: liquidation, time: t)
        var maker = taker
        maker.orderId = makerOrder; maker.account = makerAccount; maker.side = takerSide.opposite
        maker.commission = makerFee; maker.realizedPnL = makerPnL; maker.isMaker = true
        for f in [taker, maker] {
            let key = AccountSymbol(account: f.account, symbol: symbol)
            if fills[key] == nil { fills[key] = LedgerRing(capacity: configuration.fillRetention) }
            fills[key]!.append(f)
            changes.fills.append(f)
            if let order = fillOrder(f.orderId, lots: lots, price: price, quote: quote) {
                changes.orders.append(OrderUpdate(executionType: .trade, order: order, fill: f))
            }
        }
        let trade = LedgerTrade(id: id, symbol: symbol, price: price, quantity: lots, quoteQuantity: quote, time: t,
                                isBuyerMaker: takerSide == .sell, takerOrderId: takerOrder)
        market.trades.append(trade)
        changes.trades.append(trade)
        market.lastPrice = price
        market.lastQuantity = lots
        aggregate(trade)
        addToKlines(market, trade, takerBuys: takerSide == .buy)
        addToMinute(market, trade)
    }

    /// Applies a fill of `lots` (signed, buy > 0) at `price` to the shadow of a position
    /// and returns the PnL it realizes, by the venue's clearing rule (`RiskCore.planFill`):
    /// closing `c` of `|s|` lots removes `cost × c / |s|` (toward zero; all of it when the
    /// position closes) and realizes the closed lots' value minus that cost. The shadow is
    /// reset from every `position` event, so only fills between two of them are derived.
    func shadowRealizedPnL(account: Int64, symbol: Int32, lots: Int64, price: Int64, notional: Int64) -> Int64 {
        let key = AccountSymbol(account: account, symbol: symbol)
        var shadow = shadows[key] ?? Shadow(size: 0, cost: 0)
        let k = markets[symbol]?.spec.moneyPerTickLot ?? 1
        let signedNotional = lots > 0 ? notional : 0 &- notional
        var realized: Int64 = 0
        if shadow.size == 0 || (shadow.size > 0) == (lots > 0) {
            shadow.size &+= lots
            shadow.cost &+= signedNotional
        } else {
            let held = shadow.size.magnitude, traded = lots.magnitude
            let closed = min(held, traded)
            let removedCost = closed == held ? shadow.cost
                : Int64(truncatingIfNeeded: Int128(shadow.cost) * Int128(closed) / Int128(held))
            let closedNotional = closed == traded ? notional : Int64(closed) &* price &* k
            realized = (shadow.size > 0 ? closedNotional : 0 &- closedNotional) &- removedCost
            if traded > held {
                let restNotional = notional &- closedNotional
                shadow.size = lots > 0 ? Int64(traded - held) : 0 &- Int64(traded - held)
                shadow.cost = lots > 0 ? restNotional : 0 &- restNotional
            } else {
                shadow.size &+= lots
                shadow.cost &-= removedCost
            }
        }
        shadows[key] = shadow
        return realized
    }

    /// Binance's aggregation: consecutive fills of one taker order at one price.
    func aggregate(_ trade: LedgerTrade) {
        if var agg = openAggs[trade.symbol] {
            if agg.takerOrderId == trade.takerOrderId && agg.price == trade.price {
                agg.quantity &+= trade.quantity
                agg.lastTradeId = trade.id
                openAggs[trade.symbol] = agg
                return
            }
            finishAgg(agg)
        }
        guard let market = markets[trade.symbol] else { return }
        openAggs[trade.symbol] = LedgerAggTrade(
            id: market.nextAggId, symbol: trade.symbol, price: trade.price, quantity: trade.quantity,
            firstTradeId: trade.id, lastTradeId: trade.id, time: trade.time, isBuyerMaker: trade.isBuyerMaker,
            takerOrderId: trade.takerOrderId, sequence: command.sequence)
        market.nextAggId &+= 1
    }

    func finishAgg(_ agg: LedgerAggTrade) {
        markets[agg.symbol]?.aggTrades.append(agg)
        changes.aggTrades.append(agg)
        openAggs[agg.symbol] = nil
    }

    func addToKlines(_ market: LedgerSymbolMarket, _ trade: LedgerTrade, takerBuys: Bool) {
        for interval in KlineInterval.allCases {
            let open = interval.openTime(containing: trade.time)
            let i = interval.rawValue
            if let last = market.klines[i].last, last.openTime >= open {
                var k = last
                k.high = max(k.high, trade.price)
                k.low = min(k.low, trade.price)
                k.close = trade.price
                k.volume &+= trade.quantity
                k.quoteVolume &+= trade.quoteQuantity
                k.tradeCount &+= 1
                if takerBuys { k.takerBuyVolume &+= trade.quantity; k.takerBuyQuoteVolume &+= trade.quoteQuantity }
                k.lastTradeId = trade.id
                market.klines[i][market.klines[i].count - 1] = k
            } else {
                market.klines[i].append(Kline(
                    symbol: trade.symbol, interval: interval, openTime: open,
                    closeTime: interval.nextOpenTime(after: open) - 1_000_000, open: trade.price, high: trade.price,
                    low: trade.price, close: trade.price, volume: trade.quantity, quoteVolume: trade.quoteQuantity,
                    tradeCount: 1, takerBuyVolume: takerBuys ? trade.quantity : 0,
                    takerBuyQuoteVolume: takerBuys ? trade.quoteQuantity : 0, firstTradeId: trade.id, lastTradeId: trade.id))
            }
        }
    }

    func addToMinute(_ market: LedgerSymbolMarket, _ trade: LedgerTrade) {
        let minute = KlineInterval.floor(trade.time, KlineInterval.minute)
        let slot = Int(((minute % Int64(MinuteBucket.count)) + Int64(MinuteBucket.count)) % Int64(MinuteBucket.count))
        var b = market.minutes[slot]
        if b.minute != minute {
            b = MinuteBucket()
            b.minute = minute
            b.open = trade.price; b.high = trade.price; b.low = trade.price; b.firstId = trade.id
        }
        b.high = max(b.high, trade.price)
        b.low = min(b.low, trade.price)
        b.close = trade.price
        b.closeQuantity = trade.quantity
        b.volume &+= trade.quantity
        b.quoteVolume &+= trade.quoteQuantity
        b.count &+= 1
        b.lastId = trade.id
        market.minutes[slot] = b
    }

    // MARK: Queries

    /// `userTrades`: the account's retained fills on `symbol`, oldest first, filtered by
    /// order id and time window. With `fromId`: the first `limit` fills with trade id ≥
    /// fromId; with `startTime`: the first `limit` from then; otherwise the latest `limit`.
    /// `limit` is clamped to 1 ... 1000.
    ///
    /// - Complexity: O(log n + scanned); an `orderId` filter scans the retained fills.
    public func userTrades(account: Int64, symbol: Int32, orderId: Int64? = nil, startTime: Int64? = nil,
                           endTime: Int64? = nil, fromId: Int64? = nil, limit: Int = 500) -> [LedgerFill] {
        guard let ring = fills[AccountSymbol(account: account, symbol: symbol)] else { return [] }
        return Self.select(ring, id: \.tradeId, time: \.time, fromId: fromId, startTime: startTime, endTime: endTime,
                           limit: min(max(limit, 1), 1_000)) { orderId == nil || $0.orderId == orderId }
    }

    /// Fills retained for the account on `symbol` (all of them, oldest first).
    public func retainedFills(account: Int64, symbol: Int32) -> [LedgerFill] {
        guard let ring = fills[AccountSymbol(account: account, symbol: symbol)] else { return [] }
        return ring.elements(0..<ring.count)
    }

    /// `/fapi/v1/trades` (latest `limit`) and `historicalTrades` (`fromId`), oldest first;
    /// `limit` clamped to 1 ... 1000.
    public func trades(symbol: Int32, fromId: Int64? = nil, limit: Int = 500) -> [LedgerTrade] {
        guard let ring = markets[symbol]?.trades else { return [] }
        return Self.select(ring, id: \.id, time: \.time, fromId: fromId, startTime: nil, endTime: nil,
                           limit: min(max(limit, 1), 1_000)) { _ in true }
    }

    /// `/fapi/v1/aggTrades`: `fromId`, or a time window, or the latest `limit`; oldest first.
    public func aggTrades(symbol: Int32, fromId: Int64? = nil, startTime: Int64? = nil, endTime: Int64? = nil,
                          limit: Int = 500) -> [LedgerAggTrade] {
        guard let ring = markets[symbol]?.aggTrades else { return [] }
        return Self.select(ring, id: \.id, time: \.time, fromId: fromId, startTime: startTime, endTime: endTime,
                           limit: min(max(limit, 1), 1_000)) { _ in true }
    }

    /// `/fapi/v1/klines`: one kline per interval whose open time is within [startTime,
    /// endTime], from the symbol's first traded interval to its last; an interval without
    /// trades is flat at the previous close (volume 0, trade ids −1), as Binance shows it.
    /// With `startTime` the first `limit`, otherwise the latest `limit` (clamped to 1 ... 1500).
    ///
    /// - Complexity: O(log n + limit).
    public func klines(symbol: Int32, interval: KlineInterval, startTime: Int64? = nil, endTime: Int64? = nil,
                       limit: Int = 500) -> [Kline] {
        guard let ring = markets[symbol]?.klines[interval.rawValue], let first = ring[safe: 0], let last = ring.last
        else { return [] }
        let limit = min(max(limit, 1), 1_500)
        var result: [Kline] = []
        func flat(_ open: Int64, close: Int64) -> Kline {
            Kline(symbol: symbol, interval: interval, openTime: open,
                  closeTime: interval.nextOpenTime(after: open) - 1_000_000, open: close, high: close, low: close,
                  close: close, volume: 0, quoteVolume: 0, tradeCount: 0, takerBuyVolume: 0, takerBuyQuoteVolume: 0,
                  firstTradeId: -1, lastTradeId: -1)
        }
        let end = min(last.openTime, endTime.map { interval.openTime(containing: $0) } ?? last.openTime)
        if let startTime {
            var t = max(first.openTime, interval.openTime(containing: startTime))
            if t < startTime { t = interval.nextOpenTime(after: t) }
            var i = ring.partitionPoint { $0.openTime >= t }
            while t <= end && result.count < limit {
                if i < ring.count && ring[i].openTime == t {
                    result.append(ring[i])
                    i += 1
                } else {
                    result.append(flat(t, close: ring[i - 1].close))
                }
                t = interval.nextOpenTime(after: t)
            }
            return result
        }
        var t = end
        var i = ring.partitionPoint { $0.openTime > t } - 1
        while t >= first.openTime && result.count < limit {
            if i >= 0 && ring[i].openTime == t {
                result.append(ring[i])
                i -= 1
            } else {
                result.append(flat(t, close: ring[i].close))
            }
            t = interval.openTime(containing: t - 1)
        }
        return result.reversed()
    }

    /// The kline of `interval` that holds `now` (for the `@kline` stream): the latest one
    /// with trades, or a flat one at the last close when `now` is in a later interval;
    /// nil before the symbol's first trade.
    public func currentKline(symbol: Int32, interval: KlineInterval, now: Int64? = nil) -> Kline? {
        guard let last = markets[symbol]?.klines[interval.rawValue].last else { return nil }
        guard let now, interval.openTime(containing: now) > last.openTime else { return last }
        let open = interval.openTime(containing: now)
        return Kline(symbol: symbol, interval: interval, openTime: open,
                     closeTime: interval.nextOpenTime(after: open) - 1_000_000, open: last.close, high: last.close,
                     low: last.close, close: last.close, volume: 0, quoteVolume: 0, tradeCount: 0, takerBuyVolume: 0,
                     takerBuyQuoteVolume: 0, firstTradeId: -1, lastTradeId: -1)
    }

    /// Elements of a ring ordered by `id` and `time`: from `fromId`, or from `startTime`,
    /// or the latest `limit`; never after `endTime`; only those `accept` takes.
    static func select<T>(_ ring: LedgerRing<T>, id: KeyPath<T, Int64>, time: KeyPath<T, Int64>, fromId: Int64?,
                          startTime: Int64?, endTime: Int64?, limit: Int, accept: (T) -> Bool) -> [T] {
        var result: [T] = []
        if fromId != nil || startTime != nil {
            var i = fromId.map { f in ring.partitionPoint { $0[keyPath: id] >= f } } ?? 0
            if let startTime { i = max(i, ring.partitionPoint { $0[keyPath: time] >= startTime }) }
            while i < ring.count && result.count < limit {
                let x = ring[i]
                if let endTime, x[keyPath: time] > endTime { break }
                if accept(x) { result.append(x) }
                i += 1
            }
            return result
        }
        var i = ring.count - 1
        if let endTime { i = ring.partitionPoint { $0[keyPath: time] > endTime } - 1 }
        while i >= 0 && result.count < limit {
            let x = ring[i]
            if accept(x) { result.append(x) }
            i -= 1
        }
        return result.reversed()
    }

    /// The 24-hour rolling statistics at `now` (ns): trades from `now` − 24 h rounded down
    /// to the minute through `now`.
    ///
    /// - Complexity: O(1,441) (one-minute buckets), whatever the number of trades.
    public func ticker24h(symbol: Int32, now: Int64) -> Ticker24h? {
        guard let market = markets[symbol] else { return nil }
        let nowMinute = KlineInterval.floor(now, KlineInterval.minute)
        let first = nowMinute - Int64(MinuteBucket.count - 1)
        var t = Ticker24h(symbol: symbol, priceChange: 0, openPrice: market.lastPrice, highPrice: market.lastPrice,
                          lowPrice: market.lastPrice, lastPrice: market.lastPrice, lastQuantity: market.lastQuantity,
                          volume: 0, quoteVolume: 0, openTime: first * KlineInterval.minute, closeTime: now,
                          firstTradeId: -1, lastTradeId: -1, count: 0)
        let n = Int64(MinuteBucket.count)
        for m in first...nowMinute {
            let b = market.minutes[Int(((m % n) + n) % n)]
            guard b.minute == m else { continue }
            if t.count == 0 {
                t.openPrice = b.open; t.highPrice = b.high; t.lowPrice = b.low; t.firstTradeId = b.firstId
            }
            t.highPrice = max(t.highPrice, b.high)
            t.lowPrice = min(t.lowPrice, b.low)
            t.lastPrice = b.close
            t.lastQuantity = b.closeQuantity
            t.lastTradeId = b.lastId
            t.volume &+= b.volume
            t.quoteVolume &+= b.quoteVolume
            t.count &+= b.count
        }
        t.priceChange = t.lastPrice - t.openPrice
        return t
    }
}
