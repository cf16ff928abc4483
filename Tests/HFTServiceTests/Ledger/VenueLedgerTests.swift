import Testing
import HFTEngine
@testable import HFTService

/// Scenarios of the ledger: client ids in commands, the order life cycle as Binance shows
/// it, the changes of one command, queries and retention.
@Suite("Venue ledger scenarios")
struct VenueLedgerTests {
    /// A venue and a ledger fed together, with the service's id convention.
    struct Pair: ~Copyable {
        var venue: Venue
        var events: VenueEventBuffer
        let ledger: VenueLedger
        var sequence: UInt64 = 0
        var time: Int64 = 1_700_000_000_000_000_000

        init(configuration: VenueLedger.Configuration = .init()) throws {
            venue = try Venue(configuration: LedgerCommandStream.configuration)
            events = venue.makeEventBuffer()
            ledger = VenueLedger(symbols: LedgerCommandStream.symbols, configuration: configuration)
            send(.addSymbol(LedgerCommandStream.spec0))
            send(.markPrice(symbol: 0, Price(ticks: 10_000)))
            for a: Int64 in 0...3 { send(.deposit(account: a, amount: Money(units: 100_000_000))) }
        }

        @discardableResult
        mutating func send(_ command: VenueCommand) -> LedgerChanges {
            sequence += 1
            time += 1_000_000_000
            var c = command.stamped(sequence: sequence, timestamp: time)
            if c.kind == .newOrder { c.w0 = Int64(sequence) }
            venue.apply(c, into: &events)
            ledger.apply(c, events: Array(events.events))
            events.removeAll()
            return ledger.changes
        }

        mutating func order(_ account: Int64, _ side: Side, _ price: Int64, _ lots: Int64, tif: TimeInForce = .gtc,
                            type: OrderType = .limit, client: String? = nil) -> (id: Int64, changes: LedgerChanges) {
            var c = VenueCommand.newOrder(OrderRequest(
                id: 0, account: account, symbol: SymbolID(0), side: side, type: type, price: Price(ticks: price),
                quantity: Quantity(lots: lots), timeInForce: tif, selfTradePrevention: .none, flags: OrderFlags()))
            if let client { let stored = c.setClientOrderId(client); #expect(stored) }
            let changes = send(c)
            return (Int64(sequence), changes)
        }
    }

    @Test("client order ids round-trip through the command words; invalid ones are refused")
    func clientOrderIds() {
        var c = VenueCommand.newOrder(OrderRequest.limit(id: 1, account: 0, symbol: SymbolID(0), side: .buy,
                                                         price: Price(ticks: 1), quantity: Quantity(lots: 1)))
        #expect(c.clientOrderId == nil)
        for id in ["a", "x-cvBPrNm9" + String(repeating: "f", count: 22), String(repeating: "Z", count: 36),
                   "A.b:c/d_e-9", "autoclose-1700000000000"] {
            let stored = c.setClientOrderId(id)
            #expect(stored, "\(id)")
            #expect(c.clientOrderId == id)
            // The venue's fields are untouched.
            #expect(c.orderRequest?.id == 1 && c.w0 == 1 && c.w4 == VenueCommand.newOrder(OrderRequest.limit(
                id: 1, account: 0, symbol: SymbolID(0), side: .buy, price: Price(ticks: 1), quantity: Quantity(lots: 1))).w4)
        }
        let short = c.setClientOrderId("short")
        #expect(short)
        #expect(c.clientOrderId == "short" && c.w6 == 0 && c.w9 == 0)
        for bad in ["", String(repeating: "a", count: 37), "has space", "ünïcode", "semi;colon", "a+b", "quote\""] {
            let stored = c.setClientOrderId(bad)
            #expect(!stored, "\(bad)")
            #expect(c.clientOrderId == "short")
        }
        // Words that do not hold a valid id read as none; other kinds carry none.
        c.w5 = Int64(bitPattern: 0x20_2020)
        #expect(c.clientOrderId == nil)
        var cancel = VenueCommand.cancelOrder(3)
        let carried = cancel.setClientOrderId("abc")
        #expect(carried && cancel.clientOrderId == nil)
    }

    @Test("an order's life as Binance shows it, with the changes of each command")
    func orderLifeCycle() throws {
        var p = try Pair()
        let (sell, placed) = p.order(0, .sell, 10_010, 10, client: "maker-1")
        #expect(placed.orders.map(\.executionType) == [.new])
        #expect(placed.orders[0].order.clientOrderId == "maker-1" && placed.orders[0].order.status == .new)
        #expect(p.ledger.isOpenClientOrderId(account: 0, clientOrderId: "maker-1"))
        #expect(!p.ledger.isOpenClientOrderId(account: 1, clientOrderId: "maker-1"))
        #expect(p.ledger.depth(symbol: 0)?.asks == [LedgerLevel(price: 10_010, quantity: 10)])
        #expect(p.ledger.drainDiffs().map(\.asks) == [[LedgerLevel(price: 10_010, quantity: 10)]])

        // A market buy of 4 lots: one trade, maker partially filled.
        let (buy, traded) = p.order(1, .buy, 0, 4, tif: .ioc, type: .market)
        #expect(traded.orders.map(\.executionType) == [.new, .trade, .trade])
        let takerUpdate = traded.orders[1], makerUpdate = traded.orders[2]
        #expect(takerUpdate.order.id == buy && takerUpdate.order.status == .filled && takerUpdate.order.clientOrderId == "hft-\(buy)")
        #expect(makerUpdate.order.id == sell && makerUpdate.order.status == .partiallyFilled)
        let fill = try #require(makerUpdate.fill)
        #expect(fill.isMaker && fill.price == 10_010 && fill.quantity == 4 && fill.quoteQuantity == 10_010 * 4 * 1_000)
        // Maker rebate of 0.01%: ⌈−40,040,000 × 10^4 / 10^8⌉ = −4,004.
        #expect(fill.commission == -4_004)
        #expect(takerUpdate.fill?.commission == 16_016)
        #expect(traded.trades.count == 1 && traded.trades[0].isBuyerMaker == false)
        #expect(traded.aggTrades.count == 1 && traded.aggTrades[0].quantity == 4)
        #expect(Set(traded.balances.map(\.account)).isSuperset(of: [0, 1]))
        #expect(traded.balances.first { $0.account == 1 }?.causes.contains { $0.cause == .fee && $0.amount == -16_016 } == true)
        #expect(traded.positions.contains { $0.account == 1 && $0.size == 4 })
        #expect(traded.bookTickerSymbols == [0])
        let diffs = p.ledger.drainDiffs()
        #expect(diffs.count == 1 && diffs[0].asks == [LedgerLevel(price: 10_010, quantity: 6)])

        // Amend: new price and quantity (Binance: origQty = executed + new remaining).
        let amended = p.send(.amendOrder(sell, price: Price(ticks: 10_020), quantity: Quantity(lots: 3)))
        #expect(amended.orders.map(\.executionType) == [.amendment])
        #expect(amended.orders[0].order.originalQuantity == 7 && amended.orders[0].order.price == 10_020)
        #expect(p.ledger.depth(symbol: 0)?.asks == [LedgerLevel(price: 10_020, quantity: 3)])
        let amendDiff = p.ledger.drainDiffs()
        #expect(amendDiff.count == 1 && amendDiff[0].asks == [LedgerLevel(price: 10_010, quantity: 0),
                                                              LedgerLevel(price: 10_020, quantity: 3)])

        // Cancel: closed, still found by id and by client id, no longer open.
        let canceled = p.send(.cancelOrder(sell))
        #expect(canceled.orders.map(\.executionType) == [.canceled] && canceled.orders[0].order.status == .canceled)
        #expect(p.ledger.order(id: sell)?.status == .canceled)
        #expect(p.ledger.order(account: 0, clientOrderId: "maker-1")?.id == sell)
        #expect(!p.ledger.isOpenClientOrderId(account: 0, clientOrderId: "maker-1"))
        #expect(p.ledger.openOrders(account: 0).isEmpty)
        #expect(p.ledger.depth(symbol: 0)?.asks == [])
        let cancelDiff = p.ledger.drainDiffs()
        #expect(cancelDiff.count == 1 && cancelDiff[0].previousFinalUpdateId == amendDiff[0].finalUpdateId)

        // A canceled order that is not live again: cancel is refused, nothing changes.
        let refused = p.send(.cancelOrder(sell))
        #expect(refused.orders.isEmpty && refused.orderReject == .unknownOrder)

        // A FOK that cannot fill and a post-only that would take are reported, not recorded.
        _ = p.order(2, .sell, 10_050, 5)
        let (fok, fokChanges) = p.order(3, .buy, 10_050, 50, tif: .fok)
        #expect(fokChanges.orders.last?.executionType == .expired && fokChanges.orders.last?.order.expireReason == .fok)
        #expect(p.ledger.order(id: fok) == nil)
        let (gtx, gtxChanges) = p.order(3, .buy, 10_050, 1, tif: .postOnly)
        #expect(gtxChanges.orders.last?.order.expireReason == .postOnly && p.ledger.order(id: gtx) == nil)
        // An IOC that fills part and expires the rest is recorded as EXPIRED.
        let (ioc, iocChanges) = p.order(3, .buy, 10_050, 8, tif: .ioc)
        #expect(iocChanges.orders.map(\.executionType) == [.new, .trade, .trade, .expired])
        #expect(p.ledger.order(id: ioc)?.status == .expired && p.ledger.order(id: ioc)?.executedQuantity == 5)
        // A refused order (no margin) is reported as REJECTED and not recorded.
        let (big, bigChanges) = p.order(3, .buy, 9_000, 1_000_000)
        #expect(bigChanges.orders.map(\.executionType) == [.rejected] && p.ledger.order(id: big) == nil)

        // Queries: allOrders, userTrades.
        let all = p.ledger.allOrders(account: 3, symbol: 0)
        #expect(all.map(\.id) == [ioc])
        #expect(p.ledger.allOrders(account: 0, symbol: 0).map(\.id) == [sell])
        let trades = p.ledger.userTrades(account: 3, symbol: 0)
        #expect(trades.count == 1 && trades[0].orderId == ioc && !trades[0].isMaker && trades[0].quantity == 5)
        #expect(p.ledger.userTrades(account: 1, symbol: 0, orderId: buy).count == 1)
        #expect(p.ledger.userTrades(account: 1, symbol: 0, orderId: ioc).isEmpty)
        #expect(p.ledger.userTrades(account: 3, symbol: 0, fromId: trades[0].tradeId + 1).isEmpty)
        #expect(p.ledger.userTrades(account: 3, symbol: 0, startTime: trades[0].time, endTime: trades[0].time).count == 1)
    }

    @Test("closed orders are retained up to the bound, oldest forgotten first")
    func retention() throws {
        var p = try Pair(configuration: .init(closedOrderRetention: 5))
        var ids: [Int64] = []
        for i in 0..<12 {
            let (id, _) = p.order(0, .buy, 9_000 + Int64(i), 1, client: "same")
            ids.append(id)
            p.send(.cancelOrder(id))
        }
        let (open, _) = p.order(0, .buy, 9_500, 1, client: "same")
        #expect(p.ledger.retainedOrderCount == 6)
        #expect(p.ledger.allOrders(account: 0, symbol: 0, limit: 1_000).map(\.id) == Array(ids.suffix(5)) + [open])
        #expect(p.ledger.order(id: ids[0]) == nil && p.ledger.order(id: ids[11])?.status == .canceled)
        #expect(p.ledger.order(account: 0, clientOrderId: "same")?.id == open)
        #expect(p.ledger.allOrders(account: 0, symbol: 0, fromId: ids[9], limit: 2).map(\.id) == [ids[9], ids[10]])
        #expect(p.ledger.allOrders(account: 0, symbol: 0, limit: 2).map(\.id) == [ids[11], open])
    }

    @Test("prices, funding history and the next funding time come from the events")
    func pricesAndFunding() throws {
        var p = try Pair()
        let changes = p.send(.settleFunding(symbol: 0, rate: Rate(e8: 12_345)))
        #expect(changes.funding.count == 1 && changes.funding[0].rate == Rate(e8: 12_345))
        #expect(changes.reason == .fundingFee)
        let prices = try #require(p.ledger.prices(symbol: 0))
        #expect(prices.markPrice == 10_000 && prices.lastFundingRate == Rate(e8: 12_345))
        let interval: Int64 = 3_600 * 1_000_000_000
        #expect(prices.nextFundingTime > p.time && prices.nextFundingTime - p.time <= interval
                && prices.nextFundingTime % interval == 0)
        #expect(p.ledger.fundingRates(symbol: 0).map(\.rate) == [Rate(e8: 12_345)])
        let deposit = p.send(.deposit(account: 2, amount: Money(units: 5)))
        #expect(deposit.reason == .deposit && deposit.balances.first?.causes.first?.cause == .deposit)
    }
}
