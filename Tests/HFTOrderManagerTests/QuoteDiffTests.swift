import Testing
@testable import HFTOrderManager

/// The diff of intents against live orders: keep, modify, cancel + new, tolerance, in flight.
@Suite("Quote diff")
struct QuoteDiffTests {
    /// Three acknowledged bids at 4_990_000, 4_980_000, 4_970_000 (10 each).
    func threeBids(_ oms: OrderManager) -> [ManagedOrder] {
        [F.liveBid(oms, price: 4_990_000), F.liveBid(oms, price: 4_980_000), F.liveBid(oms, price: 4_970_000)]
    }

    @Test func sameIntentsKeepEverything() {
        let oms = F.oms()
        _ = threeBids(oms)
        let d = oms.setQuotes(symbol: F.symbol, [F.bid(4_990_000), F.bid(4_980_000), F.bid(4_970_000)], now: 100)
        #expect(d.kept == 3 && d.placed.isEmpty && d.modified.isEmpty && d.canceled.isEmpty)
        #expect(oms.queuedActionCount == 0)
    }

    @Test func oneMovedLevelIsOneModify() {
        let oms = F.oms()
        let bids = threeBids(oms)
        let d = oms.setQuotes(symbol: F.symbol, [F.bid(4_990_000), F.bid(4_980_000), F.bid(4_960_000)], now: 100)
        #expect(d.kept == 2 && d.modified == [bids[2].clientOrderId] && d.placed.isEmpty && d.canceled.isEmpty)
    }

    @Test func withoutModifyItIsCancelAndNew() {
        let oms = F.oms { $0.modifyAllowed = false }
        let bids = threeBids(oms)
        let d = oms.setQuotes(symbol: F.symbol, [F.bid(4_990_000), F.bid(4_980_000), F.bid(4_960_000)], now: 100)
        #expect(d.kept == 2 && d.modified.isEmpty && d.canceled == [bids[2].clientOrderId] && d.placed.count == 1)
        let requests = F.flush(oms, now: 100)
        #expect(requests.map(\.kind) == [.cancel, .place])   // cancels go first
    }

    @Test func fewerIntentsCancelMoreIntentsPlace() {
        let oms = F.oms()
        let bids = threeBids(oms)
        var d = oms.setQuotes(symbol: F.symbol, [F.bid(4_990_000), F.ask(5_010_000)], now: 100)
        #expect(d.kept == 1 && d.placed.count == 1 && Set(d.canceled) == [bids[1].clientOrderId, bids[2].clientOrderId])
        d = oms.setQuotes(symbol: F.symbol, [F.bid(4_990_000), F.ask(5_010_000)], now: 101)
        #expect(d.kept == 2 && d.placed.isEmpty && d.canceled.isEmpty)   // the pending new and pending cancels are not touched
    }

    @Test func toleranceKeepsNearbyOrders() {
        let oms = F.oms { $0.priceToleranceTicks = 2; $0.quantityToleranceSteps = 3 }
        _ = threeBids(oms)
        let d = oms.setQuotes(symbol: F.symbol, [F.bid(4_990_020, 12), F.bid(4_979_980, 7), F.bid(4_970_030)], now: 100)
        #expect(d.kept == 2 && d.modified.count == 1)   // 3 ticks away is outside a 2-tick tolerance
    }

    @Test func modifiesPairInPriceOrder() {
        let oms = F.oms()
        let bids = threeBids(oms)
        let d = oms.setQuotes(symbol: F.symbol, [F.bid(4_995_000), F.bid(4_985_000), F.bid(4_975_000)], now: 100)
        #expect(d.modified == bids.map(\.clientOrderId))
        #expect(bids.indices.allSatisfy { oms.order(clientOrderId: bids[$0].clientOrderId)?.pendingModify?.price == 4_995_000 - Int64($0) * 10_000 })
    }

    @Test func partiallyFilledModifyKeepsTheFilledPart() {
        let oms = F.oms()
        let o = F.liveBid(oms)
        oms.apply(F.report(o, .partiallyFilled, filled: 4, fill: ReportFill(tradeId: 1, quantity: 4, price: o.price), time: 100), now: 100)
        // Wanting 6 open at the same price: the order already shows 6 open; kept.
        #expect(oms.setQuotes(symbol: F.symbol, [F.bid(o.price, 6)], now: 110).kept == 1)
        oms.setQuotes(symbol: F.symbol, [F.bid(o.price - 10, 5)], now: 120)
        #expect(oms.order(clientOrderId: o.clientOrderId)?.pendingModify == ModifyTarget(price: o.price - 10, quantity: 9))
    }

    @Test func unsentPendingNewIsDroppedLocally() {
        let oms = F.oms()
        let id = oms.setQuotes(symbol: F.symbol, [F.bid(4_990_000)], now: 100).placed[0]
        let d = oms.setQuotes(symbol: F.symbol, [], now: 101)
        #expect(d.canceled == [id])
        #expect(oms.order(clientOrderId: id)?.state == .canceled)
        #expect(F.flush(oms, now: 101).isEmpty)
    }

    @Test func sentPendingNewWaitsForItsOutcome() {
        let oms = F.oms()
        let id = oms.setQuotes(symbol: F.symbol, [F.bid(4_990_000)], now: 100).placed[0]
        _ = F.flush(oms, now: 100)
        let d = oms.setQuotes(symbol: F.symbol, [F.bid(4_980_000)], now: 1_200)
        #expect(d.canceled.isEmpty && d.modified.isEmpty && d.placed.count == 1)
        #expect(oms.order(clientOrderId: id)?.state == .pendingNew)
    }

    @Test func batchesFollowTheExchangeMaxima() {
        let oms = F.oms()
        let intents = (0..<12).map { F.bid(4_990_000 - Int64($0) * 10) } + (0..<3).map { F.ask(5_010_000 + Int64($0) * 10) }
        oms.setQuotes(symbol: F.symbol, intents, now: 100)
        #expect(oms.nextRequests(now: 105).isEmpty)          // inside the collection window
        #expect(oms.nextFlushTime == 110)
        let places = oms.nextRequests(now: 110)
        #expect(places.map(\.actions.count) == [5, 5, 5])
        #expect(places.allSatisfy { $0.weight == 5 })
        #expect(oms.nextFlushTime == nil)
        for r in places {
            oms.requestSucceeded(r.id, results: r.actions.map {
                .report(F.report(oms.order(clientOrderId: $0.clientOrderId)!, .new, source: .reply, time: 120))
            }, now: 120)
        }
        oms.setQuotes(symbol: F.symbol, [], now: 200)
        let cancels = oms.nextRequests(now: 210)
        #expect(cancels.map(\.actions.count) == [10, 5] && cancels.allSatisfy { $0.kind == .cancel })
        #expect(oms.counters.placed == 15 && oms.counters.cancelsSent == 15)
    }

    @Test func singleActionIsASingleRequest() {
        let oms = F.oms()
        oms.setQuotes(symbol: F.symbol, [F.bid(4_990_000)], now: 100)
        let r = F.flush(oms, now: 100)
        #expect(r.count == 1 && !r[0].isBatch && r[0].weight == 1)
    }

    @Test func refusedModifyCancelsTheOrder() {
        let oms = F.oms(limits: SymbolRiskLimits(maxOrderNotional: 4_990_000 * 10))
        let o = F.liveBid(oms, price: 4_990_000, quantity: 10)
        let d = oms.setQuotes(symbol: F.symbol, [F.bid(4_990_000, 20)], now: 100)   // 20 lots: over the order cap
        #expect(d.refused.map(\.reason) == [.orderNotionalTooLarge])
        #expect(d.modified.isEmpty && d.canceled == [o.clientOrderId] && d.placed.isEmpty)
        #expect(oms.order(clientOrderId: o.clientOrderId)?.state == .pendingCancel)
    }

    @Test func unknownSymbolIsRefused() {
        let oms = F.oms()
        let d = oms.setQuotes(symbol: "ETHUSDT", [F.bid(100)], now: 1)
        #expect(d.refused.map(\.reason) == [.unknownSymbol])
    }
}

/// The collection window.
@Suite("Collection window")
struct CollectionWindowTests {
    @Test func anEmptiedQueueOpensANewWindow() {
        let oms = F.oms()
        oms.setQuotes(symbol: F.symbol, [F.bid(4_990_000)], now: 0)       // window until 10
        oms.setQuotes(symbol: F.symbol, [], now: 5)                       // dropped before sending: queue empty
        #expect(oms.nextFlushTime == nil)
        oms.setQuotes(symbol: F.symbol, [F.bid(4_980_000)], now: 50)      // a new window until 60
        #expect(oms.nextFlushTime == 60)
        #expect(oms.nextRequests(now: 55).isEmpty)
        #expect(oms.nextRequests(now: 60).count == 1)
    }

    @Test func timedOutOrdersAreListedForReconciliation() {
        let oms = F.oms()
        let id = oms.setQuotes(symbol: F.symbol, [F.bid(4_990_000)], now: 0).placed[0]
        let r = oms.nextRequests(now: 10)[0]
        #expect(oms.ordersNeedingReconciliation.isEmpty)
        oms.requestFailed(r.id, .timeout, now: 20)
        #expect(oms.ordersNeedingReconciliation.map(\.clientOrderId) == [id])
    }
}
