import Testing
import HFTEngine
@testable import HFTService

/// The ledger against the venue over random command streams (several seeds): after every
/// command its open orders, books, best bid and ask, accounts and positions equal the
/// venue's own queries; fees and realized PnL per fill add up to the balance events;
/// every trade is counted; the depth diffs chain (U = pu + 1) and rebuild the book from a
/// snapshot; klines and the 24-hour ticker equal a brute-force recomputation from the
/// trades; a replay of the same commands builds an identical ledger.
@Suite("Venue ledger")
struct VenueLedgerPropertyTests {
    static let seeds: [UInt64] = [1, 2, 3, 4, 5, 6]
    static let commandsPerSeed = 2_500

    /// One run: the venue, the ledger, and what the test saw.
    struct Run {
        var commands: [VenueCommand] = []
        var eventLists: [[VenueEvent]] = []
        var trades: [LedgerTrade] = []
        var aggTrades: [LedgerAggTrade] = []
        var liquidationFills = 0
        var liquidationOrders = 0
        var kinds: [VenueEvent.Kind: Int] = [:]
    }

    @Test("the ledger equals the venue after every command", arguments: seeds)
    func ledgerEqualsVenue(seed: UInt64) throws {
        var venue = try Venue(configuration: LedgerCommandStream.configuration)
        var events = venue.makeEventBuffer()
        let ledger = VenueLedger(symbols: LedgerCommandStream.symbols)
        var stream = LedgerCommandStream(seed: seed)
        var run = Run()
        // The stream writer's local books: a snapshot, then the diffs.
        var localBooks: [Int32: (updateId: Int64, bids: [Int64: Int64], asks: [Int64: Int64])] = [:]
        let setup = stream.setup()
        for n in 0..<(setup.count + Self.commandsPerSeed) {
            let command = LedgerCommandStream.asServed(n < setup.count ? setup[n] : stream.next(), ledger: ledger)
            venue.apply(command, into: &events)
            let list = Array(events.events)
            events.removeAll()
            ledger.apply(command, events: list)
            run.commands.append(command)
            run.eventLists.append(list)
            for e in list { run.kinds[e.kind, default: 0] += 1 }
            run.trades += ledger.changes.trades
            run.aggTrades += ledger.changes.aggTrades
            // Trades: one per `trade` event and per liquidation fill step.
            let fillSteps = list.filter {
                $0.kind == .liquidation && LiquidationEvent.Step(rawValue: $0.code) == .fill
            }.count
            run.liquidationFills += fillSteps
            // Liquidation orders appear for the liquidated account as Binance shows them.
            for e in list where e.kind == .liquidation && LiquidationEvent.Step(rawValue: e.code) == .order {
                let order = ledger.order(id: e.e)
                #expect(order?.clientOrderId == "autoclose-\(e.e)" && order?.isLiquidation == true && order?.account == e.account
                        && order?.executedQuantity == e.c && order?.originalQuantity == e.b && order?.timeInForce == .ioc
                        && order?.status == (e.c == e.b ? .filled : .expired), "seed \(seed) command \(n): \(String(describing: order))")
                run.liquidationOrders += 1
            }
            let tradeEvents = list.filter { $0.kind == .trade }.count
            #expect(ledger.changes.trades.count == tradeEvents + fillSteps, "seed \(seed) command \(n)")
            #expect(ledger.changes.fills.count == 2 * (tradeEvents + fillSteps))
            if let problem = Self.feeMismatch(ledger.changes, list) {
                Issue.record("seed \(seed) command \(n) (\(command.kind)): \(problem)")
                return
            }
            if let problem = Self.compare(ledger, venue, accounts: stream.accounts) {
                Issue.record("seed \(seed) command \(n) (\(command.kind)): \(problem)")
                return
            }
            // Depth diffs: the chain, and snapshot + diffs = the ledger's book.
            for diff in ledger.drainDiffs() {
                guard var book = localBooks[diff.symbol] else { continue }
                #expect(diff.previousFinalUpdateId == book.updateId && diff.firstUpdateId == diff.previousFinalUpdateId + 1
                        && diff.finalUpdateId == diff.firstUpdateId, "seed \(seed) command \(n): \(diff)")
                for level in diff.bids { book.bids[level.price] = level.quantity == 0 ? nil : level.quantity }
                for level in diff.asks { book.asks[level.price] = level.quantity == 0 ? nil : level.quantity }
                #expect(diff.eventTime == command.timestamp)
                book.updateId = diff.finalUpdateId
                localBooks[diff.symbol] = book
            }
            for s: Int32 in 0...1 {
                guard let depth = ledger.depth(symbol: s, limit: 100_000) else { continue }
                if let book = localBooks[s] {
                    #expect(book.updateId == depth.lastUpdateId)
                    #expect(book.bids == Dictionary(uniqueKeysWithValues: depth.bids.map { ($0.price, $0.quantity) }))
                    #expect(book.asks == Dictionary(uniqueKeysWithValues: depth.asks.map { ($0.price, $0.quantity) }))
                } else if n > 40 {
                    // Snapshot taken mid-stream.
                    localBooks[s] = (depth.lastUpdateId,
                                     Dictionary(uniqueKeysWithValues: depth.bids.map { ($0.price, $0.quantity) }),
                                     Dictionary(uniqueKeysWithValues: depth.asks.map { ($0.price, $0.quantity) }))
                }
            }
            if n % 97 == 0 { Self.checkTicker(ledger, trades: run.trades, now: command.timestamp + Int64(n % 5) * 7_000_000_000) }
        }
        #expect(ledger.nextTradeId - 1 == Int64(run.trades.count))
        #expect(ledger.realizedPnLDiscrepancies == 0)
        Self.checkKlines(ledger, trades: run.trades)
        Self.checkAggTrades(ledger, trades: run.trades, aggTrades: run.aggTrades)
        Self.checkTicker(ledger, trades: run.trades, now: run.commands.last!.timestamp)
        let counts = "\(run.kinds.sorted { $0.key.rawValue < $1.key.rawValue })"
        #expect(run.trades.count > 100 && run.liquidationFills > 0 && run.liquidationOrders > 0 && (run.kinds[.liquidation] ?? 0) > 0 && (run.kinds[.funding] ?? 0) > 0, "\(counts)")

        // Replay: the same commands and events give an identical ledger.
        let replayed = VenueLedger(symbols: LedgerCommandStream.symbols)
        for (c, list) in zip(run.commands, run.eventLists) { replayed.apply(c, events: list) }
        #expect(Self.fingerprint(replayed, accounts: stream.accounts) == Self.fingerprint(ledger, accounts: stream.accounts))
        // And re-running the venue itself from the commands gives the same ledger too.
        var venue2 = try Venue(configuration: LedgerCommandStream.configuration)
        let rebuilt = VenueLedger(symbols: LedgerCommandStream.symbols)
        for c in run.commands {
            venue2.apply(c, into: &events)
            rebuilt.apply(c, events: Array(events.events))
            events.removeAll()
        }
        #expect(Self.fingerprint(rebuilt, accounts: stream.accounts) == Self.fingerprint(ledger, accounts: stream.accounts))
    }

    /// Commissions and realized PnL of the command's ordinary fills against its `fee` and
    /// `realizedPnL` balance events, per account.
    static func feeMismatch(_ changes: LedgerChanges, _ events: [VenueEvent]) -> String? {
        var fees: [Int64: Int64] = [:], pnl: [Int64: Int64] = [:]
        for e in events where e.kind == .balance {
            if e.code == VenueEvent.BalanceCause.fee.rawValue { fees[e.account, default: 0] -= e.a }
            if e.code == VenueEvent.BalanceCause.realizedPnL.rawValue { pnl[e.account, default: 0] += e.a }
        }
        var ledgerFees: [Int64: Int64] = [:], ledgerPnL: [Int64: Int64] = [:]
        for f in changes.fills where !f.isLiquidation {
            ledgerFees[f.account, default: 0] += f.commission
            ledgerPnL[f.account, default: 0] += f.realizedPnL
        }
        fees = fees.filter { $0.value != 0 }; ledgerFees = ledgerFees.filter { $0.value != 0 }
        pnl = pnl.filter { $0.value != 0 }; ledgerPnL = ledgerPnL.filter { $0.value != 0 }
        if fees != ledgerFees { return "fees: events \(fees), fills \(ledgerFees)" }
        // Liquidation fills realize PnL that has no balance event: compare commands without them.
        if !changes.fills.contains(where: \.isLiquidation), pnl != ledgerPnL {
            return "realized PnL: events \(pnl), fills \(ledgerPnL)"
        }
        return nil
    }

    /// The first difference between the ledger and the venue's own queries, or nil.
    static func compare(_ ledger: VenueLedger, _ venue: borrowing Venue, accounts: Int) -> String? {
        let buffer = UnsafeMutableBufferPointer<OrderRecord>.allocate(capacity: 64)
        defer { buffer.deallocate() }
        for a in Array(0..<LedgerCommandStream.configuration.userAccounts) + [venue.feeAccount, venue.insuranceFundAccount] {
            let account = Int64(a)
            guard let state = venue.account(a) else { return "account \(a) missing" }
            let mine = ledger.account(account)
            let expected = (state.balance, state.reserved, state.positionMargin, state.openOrders)
            let got = mine.map { ($0.balance, $0.reserved, $0.positionMargin, $0.openOrders) } ?? (0, 0, 0, 0)
            if expected != got { return "account \(a): ledger \(got), venue \(expected)" }
            for s: Int32 in 0...1 {
                let p = venue.position(of: a, symbol: s)
                let q = ledger.position(account: account, symbol: s)
                let e = p.map { [$0.size, $0.cost, $0.margin, $0.leverage, Int64($0.mode.rawValue)] } ?? []
                let g = q.map { [$0.size, $0.cost, $0.margin, $0.leverage, Int64($0.mode.rawValue)] } ?? []
                if e != g && !(e.allSatisfy { $0 == 0 } && g.isEmpty) { return "position \(a)/\(s): ledger \(g), venue \(e)" }
            }
            let n = venue.openOrders(of: a, into: buffer)
            let live = (0..<n).map { buffer[$0] }.sorted { $0.id < $1.id }.map { [$0.id, Int64($0.symbol.index), $0.price, $0.remaining] }
            let open = ledger.openOrders(account: account).map { [$0.id, Int64($0.symbol), $0.price, $0.remainingQuantity] }
            if live != open { return "open orders of \(a): ledger \(open), venue \(live)" }
            if ledger.openOrderCount(account: account) != n { return "open order count of \(a)" }
            for o in ledger.openOrders(account: account) {
                if !ledger.isOpenClientOrderId(account: account, clientOrderId: o.clientOrderId)
                    || ledger.order(account: account, clientOrderId: o.clientOrderId)?.id != o.id {
                    return "client id \(o.clientOrderId) of order \(o.id)"
                }
            }
        }
        let levels = UnsafeMutableBufferPointer<BookLevel>.allocate(capacity: 4_096)
        defer { levels.deallocate() }
        for s in ledger.addedSymbols {
            guard let depth = ledger.depth(symbol: s, limit: 100_000) else { return "no depth \(s)" }
            for (side, mine) in [(Side.buy, depth.bids), (Side.sell, depth.asks)] {
                let n = venue.depth(s, side: side, into: levels)
                let theirs = (0..<n).map { [levels[$0].price.ticks, levels[$0].quantity.lots] }
                let ours = mine.map { [$0.price, $0.quantity] }
                if theirs != ours { return "depth \(s) \(side): ledger \(ours.prefix(8)), venue \(theirs.prefix(8))" }
            }
            let top = venue.topOfBook(s)
            guard let t = ledger.bookTicker(symbol: s) else { return "no book ticker" }
            let expected = [top.hasBid ? top.bidPrice.ticks : 0, top.bidQuantity.lots, top.hasAsk ? top.askPrice.ticks : 0,
                            top.askQuantity.lots]
            if expected != [t.bidPrice, t.bidQuantity, t.askPrice, t.askQuantity] { return "top \(s): \(t) vs \(top)" }
            if let p = venue.prices(of: s), let q = ledger.prices(symbol: s), q.time > 0 {
                if p.mark != q.markPrice || p.index != q.indexPrice || p.lastFundingRate != q.lastFundingRate {
                    return "prices \(s): ledger \(q), venue \(p)"
                }
            }
        }
        return nil
    }

    static func checkKlines(_ ledger: VenueLedger, trades: [LedgerTrade]) {
        for interval in [KlineInterval.m1, .m15, .h1, .d1, .w1, .mo1] {
            for s: Int32 in 0...1 {
                var expected: [Int64: Kline] = [:]
                for t in trades where t.symbol == s {
                    let open = interval.openTime(containing: t.time)
                    var k = expected[open] ?? Kline(
                        symbol: s, interval: interval, openTime: open, closeTime: interval.nextOpenTime(after: open) - 1_000_000,
                        open: t.price, high: t.price, low: t.price, close: t.price, volume: 0, quoteVolume: 0, tradeCount: 0,
                        takerBuyVolume: 0, takerBuyQuoteVolume: 0, firstTradeId: t.id, lastTradeId: t.id)
                    k.high = max(k.high, t.price); k.low = min(k.low, t.price); k.close = t.price
                    k.volume += t.quantity; k.quoteVolume += t.quoteQuantity; k.tradeCount += 1; k.lastTradeId = t.id
                    if !t.isBuyerMaker { k.takerBuyVolume += t.quantity; k.takerBuyQuoteVolume += t.quoteQuantity }
                    expected[open] = k
                }
                let traded = expected.values.sorted { $0.openTime < $1.openTime }
                // Every interval from the first traded one to the last; those without trades flat at the previous close.
                var all: [Kline] = []
                if let firstOpen = traded.first?.openTime, let lastOpen = traded.last?.openTime {
                    var t = firstOpen
                    while t <= lastOpen {
                        if let k = expected[t] {
                            all.append(k)
                        } else {
                            let c = all.last!.close
                            all.append(Kline(symbol: s, interval: interval, openTime: t,
                                             closeTime: interval.nextOpenTime(after: t) - 1_000_000, open: c, high: c, low: c,
                                             close: c, volume: 0, quoteVolume: 0, tradeCount: 0, takerBuyVolume: 0,
                                             takerBuyQuoteVolume: 0, firstTradeId: -1, lastTradeId: -1))
                        }
                        t = interval.nextOpenTime(after: t)
                    }
                }
                let got = ledger.klines(symbol: s, interval: interval, limit: 1_500)
                #expect(got == Array(all.suffix(1_500)), "klines \(interval.wireName) of \(s)")
                if let first = all.first, all.count > 2 {
                    let window = ledger.klines(symbol: s, interval: interval, startTime: all[1].openTime,
                                               endTime: all[all.count - 2].openTime, limit: 2)
                    #expect(window == Array(all[1...2]))
                    #expect(first.openTime <= all[1].openTime)
                }
                #expect(ledger.currentKline(symbol: s, interval: interval) == all.last)
                if let last = all.last {
                    let later = interval.nextOpenTime(after: interval.nextOpenTime(after: last.openTime)) + 5
                    let current = ledger.currentKline(symbol: s, interval: interval, now: later)
                    #expect(current?.openTime == interval.openTime(containing: later) && current?.close == last.close
                            && current?.volume == 0)
                    // A window in the middle, from a start time inside an interval.
                    if all.count > 10 {
                        let from = ledger.klines(symbol: s, interval: interval, startTime: all[3].openTime - 1,
                                                 endTime: all[8].openTime + 1, limit: 1_000)
                        #expect(from == Array(all[3...8]))
                        let latest = ledger.klines(symbol: s, interval: interval, endTime: all[8].openTime + 1, limit: 4)
                        #expect(latest == Array(all[5...8]))
                    }
                }
            }
        }
        // Calendar alignment.
        #expect(KlineInterval.mo1.openTime(containing: 1_709_251_200_000_000_000 + 5) == 1_709_251_200_000_000_000) // 2024-03-01
        #expect(KlineInterval.mo1.nextOpenTime(after: 1_706_745_600_000_000_000) == 1_709_251_200_000_000_000) // Feb 2024 → Mar
        #expect(KlineInterval.w1.openTime(containing: 1_700_000_000_000_000_000) == 1_699_833_600_000_000_000) // Mon 2023-11-13
    }

    /// Aggregate trades partition each symbol's trades into runs of one taker order at one
    /// price; the ledger retains the same ones.
    static func checkAggTrades(_ ledger: VenueLedger, trades: [LedgerTrade], aggTrades: [LedgerAggTrade]) {
        for s: Int32 in 0...1 {
            let symbolTrades = trades.filter { $0.symbol == s }
            let aggs = aggTrades.filter { $0.symbol == s }
            var i = 0
            for (n, agg) in aggs.enumerated() {
                #expect(agg.id == Int64(n + 1))
                var quantity: Int64 = 0
                #expect(i < symbolTrades.count && symbolTrades[i].id == agg.firstTradeId)
                while i < symbolTrades.count && symbolTrades[i].id <= agg.lastTradeId {
                    let t = symbolTrades[i]
                    #expect(t.price == agg.price && t.takerOrderId == agg.takerOrderId && t.isBuyerMaker == agg.isBuyerMaker)
                    quantity += t.quantity
                    i += 1
                }
                #expect(quantity == agg.quantity)
                if n > 0 {
                    let previous = aggs[n - 1]
                    #expect(previous.takerOrderId != agg.takerOrderId || previous.price != agg.price
                            || previous.sequence != agg.sequence)
                }
            }
            #expect(i == symbolTrades.count)
            #expect(ledger.aggTrades(symbol: s, limit: 1_000) == Array(aggs.suffix(1_000)))
            #expect(ledger.trades(symbol: s, limit: 1_000) == Array(symbolTrades.suffix(1_000)))
            if aggs.count > 10 {
                #expect(ledger.aggTrades(symbol: s, fromId: aggs[aggs.count - 5].id, limit: 3) == Array(aggs[(aggs.count - 5)...].prefix(3)))
            }
        }
    }

    static func checkTicker(_ ledger: VenueLedger, trades: [LedgerTrade], now: Int64) {
        let start = (now - 86_400_000_000_000).floorMinute
        for s in ledger.addedSymbols {
            guard let t = ledger.ticker24h(symbol: s, now: now) else { Issue.record("no ticker"); return }
            let window = trades.filter { $0.symbol == s && $0.time >= start && $0.time <= now }
            #expect(t.openTime == start && t.closeTime == now)
            #expect(t.count == Int64(window.count))
            #expect(t.volume == window.reduce(0) { $0 + $1.quantity })
            #expect(t.quoteVolume == window.reduce(0) { $0 + $1.quoteQuantity })
            if let first = window.first, let last = window.last {
                #expect(t.openPrice == first.price && t.lastPrice == last.price && t.lastQuantity == last.quantity)
                #expect(t.highPrice == window.map(\.price).max()! && t.lowPrice == window.map(\.price).min()!)
                #expect(t.firstTradeId == first.id && t.lastTradeId == last.id)
                #expect(t.priceChange == last.price - first.price)
            }
        }
    }

    /// Every query's answer, for comparing two ledgers.
    static func fingerprint(_ ledger: VenueLedger, accounts: Int) -> [String] {
        var out: [String] = []
        for a in Int64(0)..<Int64(LedgerCommandStream.configuration.userAccounts + 2) {
            out.append("\(String(describing: ledger.account(a))) \(ledger.positions(of: a)) \(ledger.openOrders(account: a))")
            for s: Int32 in 0...1 {
                out.append("\(ledger.allOrders(account: a, symbol: s, limit: 1_000))")
                out.append("\(ledger.retainedFills(account: a, symbol: s))")
            }
        }
        for s: Int32 in 0...1 {
            out.append("\(String(describing: ledger.depth(symbol: s, limit: 1_000))) \(String(describing: ledger.bookTicker(symbol: s)))")
            out.append("\(ledger.trades(symbol: s, limit: 1_000)) \(ledger.aggTrades(symbol: s, limit: 1_000))")
            for i in KlineInterval.allCases { out.append("\(ledger.klines(symbol: s, interval: i, limit: 1_500))") }
            out.append("\(String(describing: ledger.ticker24h(symbol: s, now: ledger.lastTime)))")
            out.append("\(String(describing: ledger.prices(symbol: s))) \(ledger.fundingRates(symbol: s, limit: 1_000))")
        }
        out.append("\(ledger.nextTradeId) \(ledger.retainedOrderCount) \(ledger.commandCount)")
        return out
    }
}

extension Int64 {
    var floorMinute: Int64 {
        let m: Int64 = 60_000_000_000
        return (self >= 0 ? self / m : -((-self + m - 1) / m)) * m
    }
}
