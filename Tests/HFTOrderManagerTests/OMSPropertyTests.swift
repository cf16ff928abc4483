import Testing
@testable import HFTOrderManager

/// A randomized differential test: random intents against a simple exchange model, with
/// replies lost or late, requests not processed, stream reports dropped, duplicated and
/// reordered, exchange-side fills and expiries, and reconciliations from the model. After a
/// final reconciliation the OMS's open orders, fills, quotes and position equal the model's,
/// and no client order id reached the exchange twice as a new order.
@Suite("OMS against an exchange model")
struct OMSPropertyTests {
    /// One order as the model exchange holds it.
    struct ExchangeOrder {
        var exchangeId: Int64
        var clientOrderId: String
        var side: OMSSide
        var price: Int64
        var quantity: Int64
        var filled: Int64 = 0
        var quote: Int128 = 0
        var status: ReportStatus = .new
        var time: Int64
    }

    /// The model exchange: resting limit orders that fill at their price or up to two ticks better.
    struct ExchangeModel {
        var orders: [String: ExchangeOrder] = [:]
        var order: [String] = []           // client ids in arrival order
        var trades: [UserTrade] = []
        var stream: [ExecutionReport] = []
        var clock: Int64 = 0
        var nextExchangeId: Int64 = 1
        var nextTradeId: Int64 = 1
        var duplicatePlacements = 0

        mutating func tick() -> Int64 { clock += 1; return clock }

        func report(_ o: ExchangeOrder, _ source: ReportSource, fill: ReportFill? = nil) -> ExecutionReport {
            ExecutionReport(source: source, symbol: F.symbol, clientOrderId: o.clientOrderId, exchangeOrderId: o.exchangeId,
                            side: o.side, status: o.status, price: o.price, origQuantity: o.quantity, cumulativeFilled: o.filled,
                            cumulativeQuote: source == .stream ? nil : o.quote, lastFill: fill, eventTime: o.time,
                            transactionTime: o.time)
        }

        mutating func process(_ action: OMSAction) -> ActionResult {
            switch action {
            case .place(let p):
                guard orders[p.clientOrderId] == nil else {
                    duplicatePlacements += 1
                    return .failed(.rejected(code: -4116, message: "duplicate client order id"))
                }
                let o = ExchangeOrder(exchangeId: nextExchangeId, clientOrderId: p.clientOrderId, side: p.side, price: p.price,
                                      quantity: p.quantity, time: tick())
                nextExchangeId += 1
                orders[p.clientOrderId] = o
                order.append(p.clientOrderId)
                stream.append(report(o, .stream))
                return .report(report(o, .reply))
            case .cancel(let c):
                guard var o = orders[c.clientOrderId], !o.status.isTerminal else { return .failed(.unknownOrder) }
                o.status = .canceled
                o.time = tick()
                orders[c.clientOrderId] = o
                stream.append(report(o, .stream))
                return .report(report(o, .reply))
            case .modify(let m):
                guard var o = orders[m.clientOrderId], !o.status.isTerminal else { return .failed(.unknownOrder) }
                guard m.quantity > o.filled else { return .failed(.rejected(code: -4005, message: "quantity")) }
                o.price = m.price
                o.quantity = m.quantity
                o.time = tick()
                orders[m.clientOrderId] = o
                stream.append(report(o, .stream))
                return .report(report(o, .reply))
            }
        }

        /// Fills up to `quantity` of the order at its limit or `improvement` ticks better.
        mutating func fill(_ id: String, quantity: Int64, improvement: Int64 = 0) {
            guard var o = orders[id], !o.status.isTerminal else { return }
            let q = min(quantity, o.quantity - o.filled)
            guard q > 0 else { return }
            let price = o.price - o.side.sign * improvement * F.rules.tickSize
            o.filled += q
            o.quote += Int128(q) * Int128(price)
            o.status = o.filled == o.quantity ? .filled : .partiallyFilled
            o.time = tick()
            orders[id] = o
            let t = UserTrade(tradeId: nextTradeId, exchangeOrderId: o.exchangeId, clientOrderId: nextTradeId % 2 == 0 ? id : nil,
                              symbol: F.symbol, side: o.side, price: price, quantity: q, time: o.time)
            nextTradeId += 1
            trades.append(t)
            stream.append(report(o, .stream, fill: ReportFill(tradeId: t.tradeId, quantity: q, price: price)))
        }

        mutating func expire(_ id: String) {
            guard var o = orders[id], !o.status.isTerminal else { return }
            o.status = .expired
            o.time = tick()
            orders[id] = o
            stream.append(report(o, .stream))
        }

        func snapshot() -> ExchangeSnapshot {
            let all = order.map { report(orders[$0]!, .query) }
            return ExchangeSnapshot(symbols: [F.symbol], openOrders: all.filter { !$0.status.isTerminal }, recentOrders: all,
                                    trades: trades)
        }

        var position: Int64 { orders.values.reduce(0) { $0 + $1.side.sign * $1.filled } }
        var netQuote: Int128 { orders.values.reduce(0) { $0 + ($1.side == .sell ? $1.quote : -$1.quote) } }
    }

    @Test(arguments: Array(1...40) as [UInt64], [true, false])
    func omsConvergesToTheExchange(seed: UInt64, modifyAllowed: Bool) {
        var rng = SplitMix(seed: seed)
        func chance(_ percent: UInt64) -> Bool { rng.next() % 100 < percent }
        func pick(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }

        // Risk limits the strategy's intents run into: at most 8 open orders, a position
        // cap of 40 lots at the reference price.
        let maxOpen = 8
        let oms = F.oms({
            $0.reconciliationGraceMilliseconds = 0
            $0.priceToleranceTicks = 1
            $0.modifyAllowed = modifyAllowed
            $0.risk = RiskConfiguration(maxOrdersPerSecond: nil, maxErrorsInWindow: 1_000_000)
        }, limits: SymbolRiskLimits(maxPositionNotional: 40 * 5_000_000, maxOpenOrders: maxOpen))
        var ex = ExchangeModel()
        var now: Int64 = 1_000
        var settledPlacements: Set<String> = []   // ids whose placement may have reached the exchange
        var resentAfterSettled = 0
        var repairs = 0
        var refusals = 0

        for step in 0..<300 {
            now += 20
            // The strategy: a few levels each side around a drifting mid.
            if chance(70) {
                let mid = Int64(5_000_000 + pick(20) * 100)
                var intents: [QuoteIntent] = []
                for level in 0..<(1 + pick(3)) {
                    intents.append(F.bid(mid - 1_000 - Int64(level) * 500, Int64(1 + pick(5))))
                    intents.append(F.ask(mid + 1_000 + Int64(level) * 500, Int64(1 + pick(5))))
                }
                let decision = oms.setQuotes(symbol: F.symbol, intents, now: now)
                refusals += decision.refused.count
                // Nothing bypasses risk: the live orders that are not being canceled stay within the cap.
                #expect(oms.openOrders(symbol: F.symbol).filter { $0.state != .pendingCancel }.count <= maxOpen, "seed \(seed)")
            }
            // Now and then the kill switch, released a few steps later.
            if step % 97 == 40 { oms.activateKillSwitch(now: now) }
            if step % 97 == 45 { oms.resumeTrading(now: now) }
            // The gateway: send, with faults.
            for request in oms.nextRequests(now: now) {
                for action in request.actions where action.kind == .place && settledPlacements.contains(action.clientOrderId) {
                    resentAfterSettled += 1
                }
                let fate = pick(100)
                if fate < 8 {                                  // 429: nothing done
                    oms.requestFailed(request.id, .rateLimited(retryAfterSeconds: 0), now: now)
                    continue
                }
                for action in request.actions where action.kind == .place { settledPlacements.insert(action.clientOrderId) }
                if fate < 14 {                                 // lost before the exchange: timeout
                    oms.requestFailed(request.id, .timeout, now: now)
                    continue
                }
                let results = request.actions.map { ex.process($0) }
                if fate < 22 {                                 // done, answer lost
                    oms.requestFailed(request.id, fate < 18 ? .timeout : .serverError(status: 503), now: now)
                } else {
                    oms.requestSucceeded(request.id, results: results, now: now)
                }
            }
            // The market: fills and the odd expiry.
            for id in ex.order where chance(6) { ex.fill(id, quantity: Int64(1 + pick(4)), improvement: Int64(pick(3))) }
            if chance(3), !ex.order.isEmpty { ex.expire(ex.order[pick(ex.order.count)]) }
            // The user data stream: drops, duplicates, reordering; some reports held back.
            var delivered: [ExecutionReport] = []
            var held: [ExecutionReport] = []
            for r in ex.stream {
                if chance(10) { continue }
                if chance(15) { held.append(r); continue }
                delivered.append(r)
                if chance(10) { delivered.append(r) }
            }
            delivered.shuffle(using: &rng)
            for r in delivered { oms.apply(r, now: now) }
            ex.stream = held
            if step % 50 == 49 { repairs += oms.reconcile(ex.snapshot(), now: now).tradesAttributed }
        }
        // Late stream reports after everything, then the final reconciliation.
        for r in ex.stream.shuffled(using: &rng) { oms.apply(r, now: now) }
        now += 1_000
        let summary = oms.reconcile(ex.snapshot(), now: now)

        #expect(ex.duplicatePlacements == 0, "seed \(seed)")
        #expect(resentAfterSettled == 0, "seed \(seed)")
        // Open orders: the OMS's live orders that reached the exchange are exactly the exchange's open ones.
        let exchangeOpen = Set(ex.orders.values.filter { !$0.status.isTerminal }.map(\.clientOrderId))
        let omsOpen = Set(oms.openOrders(symbol: F.symbol).filter { oms.orders[oms.slotByClientOrderId[$0.clientOrderId]!].placementSent }
            .map(\.clientOrderId))
        #expect(omsOpen == exchangeOpen, "seed \(seed): \(summary)")
        // Fills, quotes and terms of every order the exchange has.
        for o in ex.orders.values {
            guard let local = oms.order(clientOrderId: o.clientOrderId) else {
                Issue.record("seed \(seed): \(o.clientOrderId) unknown to the OMS")
                continue
            }
            #expect(local.cumulativeFilled == o.filled, "seed \(seed) \(o.clientOrderId)")
            #expect(local.cumulativeQuote == o.quote && local.quoteIsExact, "seed \(seed) \(o.clientOrderId)")
            #expect(local.state.isTerminal == o.status.isTerminal, "seed \(seed) \(o.clientOrderId) \(local.state) \(o.status)")
            if o.status.isTerminal, local.state.isTerminal { #expect(local.state == o.status.orderState || o.status == .filled) }
            if !o.status.isTerminal, local.state != .pendingCancel, local.state != .pendingModify {
                #expect(local.price == o.price && local.origQuantity == o.quantity, "seed \(seed) \(o.clientOrderId)")
            }
        }
        // No order the OMS believes live is missing on the exchange.
        for local in oms.openOrders(symbol: F.symbol) where local.state != .pendingNew {
            #expect(ex.orders[local.clientOrderId] != nil, "seed \(seed) \(local.clientOrderId)")
        }
        #expect(oms.position(symbol: F.symbol) == ex.position, "seed \(seed)")
        #expect(oms.ledger(symbol: F.symbol)?.netQuote == ex.netQuote, "seed \(seed)")
        // The faults did happen: duplicates, stale reports, trades attributed by reconciliation.
        repairs += summary.tradesAttributed
        #expect(ex.trades.count > 20 && oms.counters.placed > 50, "seed \(seed): the run did trade")
        #expect(refusals > 0, "seed \(seed): risk refused nothing")
        #expect(oms.counters.duplicateReports > 0 && oms.counters.staleReports + repairs > 0,
                "seed \(seed): \(oms.counters) repairs \(repairs)")
    }
}
