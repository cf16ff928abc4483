import Synchronization
import Testing
@testable import HFTEngine

/// The matching invariants the issue names, each on a small book built for it.
@Suite struct MatchingInvariantTests {
    @Test func tradesPrintAtTheMakersPrice() {
        var engine = makeEngine()
        var events = try! EventBuffer(capacity: 64)
        engine.submit(limit(1, .sell, 100, 1), into: &events)
        engine.submit(limit(2, .sell, 102, 1), into: &events)
        _ = drain(&events)
        engine.submit(limit(3, .buy, 110, 2), into: &events)
        let trades = events.events.filter { $0.kind == .trade }
        #expect(trades.map(\.price.ticks) == [100, 102])
        #expect(trades.map(\.makerOrderId) == [1, 2])
    }

    @Test func fifoWithinALevelIsNeverBroken() {
        var engine = makeEngine()
        var events = try! EventBuffer(capacity: 256)
        for id in Int64(1)...20 { engine.submit(limit(id, .buy, 100, 1, account: id), into: &events) }
        // Cancel a few from the middle, amend one down (keeps place), one up (to the back).
        engine.cancel(orderId: 5, into: &events)
        engine.cancel(orderId: 12, into: &events)
        engine.amend(orderId: 7, price: Price(ticks: 100), quantity: Quantity(lots: 1), into: &events)
        engine.amend(orderId: 3, price: Price(ticks: 100), quantity: Quantity(lots: 2), into: &events)
        _ = drain(&events)
        engine.submit(market(100, .sell, 100), into: &events)
        let makers = events.events.filter { $0.kind == .trade }.map(\.makerOrderId)
        #expect(makers == [1, 2, 4, 6, 7, 8, 9, 10, 11, 13, 14, 15, 16, 17, 18, 19, 20, 3])
        engine.checkInvariants()
    }

    @Test func aPartiallyFilledMakerKeepsTheHeadOfItsQueue() {
        var engine = makeEngine()
        var events = try! EventBuffer(capacity: 64)
        engine.submit(limit(1, .sell, 100, 5), into: &events)
        engine.submit(limit(2, .sell, 100, 5), into: &events)
        engine.submit(limit(3, .buy, 100, 2), into: &events)
        #expect(engine.restingOrders(s0, side: .sell).map(\.id) == [1, 2])
        #expect(engine.order(1)?.remaining == 3)
        _ = drain(&events)
        engine.submit(limit(4, .buy, 100, 1), into: &events)
        #expect(events.events.last?.makerOrderId == 1)
    }

    @Test func anEmptiedLevelVanishesAtOnce() {
        var engine = makeEngine()
        var events = try! EventBuffer(capacity: 64)
        engine.submit(limit(1, .sell, 100, 1), into: &events)
        engine.submit(limit(2, .sell, 105, 1), into: &events)
        engine.submit(limit(3, .buy, 90, 1), into: &events)
        engine.submit(limit(4, .buy, 100, 1), into: &events)  // empties 100 by a trade
        #expect(engine.bestLevel(s0, side: .sell)?.price.ticks == 105)
        engine.cancel(orderId: 2, into: &events)  // empties 105 by a cancel
        #expect(engine.bestLevel(s0, side: .sell) == nil)
        engine.amend(orderId: 3, price: Price(ticks: 95), quantity: Quantity(lots: 1), into: &events)  // moves 90 away
        #expect(engine.bestLevel(s0, side: .buy)?.price.ticks == 95)
        var snapshot = try! DepthSnapshot(levels: 10)
        engine.snapshot(s0, into: &snapshot)
        #expect(snapshot.bidCount == 1 && snapshot.askCount == 0)
        #expect(engine.priceLevelCount == 1)
        engine.checkInvariants()
    }

    @Test func anIOCRemainderExpires() {
        var engine = makeEngine()
        var events = try! EventBuffer(capacity: 64)
        engine.submit(limit(1, .sell, 100, 2), into: &events)
        _ = drain(&events)
        engine.submit(limit(2, .buy, 101, 5, tif: .ioc), into: &events)
        #expect(drain(&events) == ["ACCEPTED 2", "TRADE 0 1 2 100 2", "EXPIRED 2 IOC 3"])
        #expect(engine.order(2) == nil && engine.restingOrderCount == 0)
    }

    @Test func aMarketableLimitStopsAtItsLimit() {
        var engine = makeEngine()
        var events = try! EventBuffer(capacity: 64)
        engine.submit(limit(1, .sell, 100, 1), into: &events)
        engine.submit(limit(2, .sell, 101, 1), into: &events)
        engine.submit(limit(3, .sell, 102, 1), into: &events)
        _ = drain(&events)
        engine.submit(limit(4, .buy, 101, 5), into: &events)
        #expect(drain(&events) == ["ACCEPTED 4", "TRADE 0 1 4 100 1", "TRADE 0 2 4 101 1"])
        #expect(engine.bestLevel(s0, side: .buy) == BookLevel(price: Price(ticks: 101), quantity: Quantity(lots: 3), orderCount: 1))
        #expect(engine.bestLevel(s0, side: .sell)?.price.ticks == 102)
    }

    @Test func cancelOrAmendAfterAFillIsUnknownOrder() {
        var engine = makeEngine()
        var events = try! EventBuffer(capacity: 64)
        engine.submit(limit(1, .sell, 100, 1), into: &events)
        engine.submit(limit(2, .buy, 100, 1), into: &events)
        _ = drain(&events)
        engine.cancel(orderId: 1, into: &events)
        engine.amend(orderId: 1, price: Price(ticks: 100), quantity: Quantity(lots: 1), into: &events)
        engine.cancel(orderId: 2, into: &events)
        #expect(drain(&events) == ["REJECTED 1 UNKNOWN_ORDER", "REJECTED 1 UNKNOWN_ORDER", "REJECTED 2 UNKNOWN_ORDER"])
        // A finished id can be used again.
        engine.submit(limit(1, .buy, 99, 1), into: &events)
        #expect(drain(&events) == ["ACCEPTED 1"])
    }

    @Test func aCrossingAmendReMatches() {
        var engine = makeEngine()
        var events = try! EventBuffer(capacity: 64)
        engine.submit(limit(1, .sell, 100, 1), into: &events)
        engine.submit(limit(2, .sell, 101, 1), into: &events)
        engine.submit(limit(3, .buy, 90, 3), into: &events)
        _ = drain(&events)
        engine.amend(orderId: 3, price: Price(ticks: 101), quantity: Quantity(lots: 3), into: &events)
        #expect(drain(&events) == ["AMENDED 3 101 3", "TRADE 0 1 3 100 1", "TRADE 0 2 3 101 1"])
        #expect(engine.order(3)?.remaining == 1 && engine.order(3)?.price == 101)
    }

    @Test func aSizeIncreaseLosesPriority() {
        var engine = makeEngine()
        var events = try! EventBuffer(capacity: 64)
        engine.submit(limit(1, .buy, 100, 1), into: &events)
        engine.submit(limit(2, .buy, 100, 1), into: &events)
        engine.amend(orderId: 1, price: Price(ticks: 100), quantity: Quantity(lots: 2), into: &events)
        #expect(engine.restingOrders(s0, side: .buy).map(\.id) == [2, 1])
        engine.amend(orderId: 2, price: Price(ticks: 100), quantity: Quantity(lots: 1), into: &events)
        #expect(engine.restingOrders(s0, side: .buy).map(\.id) == [2, 1], "same size keeps its place")
    }

    @Test func capacityRejectsAndTheEngineGoesOn() {
        var engine = makeEngine(maxOrders: 2, maxLevels: 2)
        var events = try! EventBuffer(capacity: 64)
        engine.submit(limit(1, .buy, 100, 1), into: &events)
        engine.submit(limit(2, .buy, 99, 1), into: &events)
        engine.submit(limit(3, .buy, 98, 1), into: &events)
        engine.submit(limit(4, .buy, 100, 1), into: &events)
        #expect(drain(&events) == ["ACCEPTED 1", "ACCEPTED 2", "REJECTED 3 CAPACITY", "REJECTED 4 CAPACITY"])
        engine.cancel(orderId: 2, into: &events)
        engine.submit(limit(3, .buy, 98, 1), into: &events)
        #expect(drain(&events) == ["CANCELED 2 1", "ACCEPTED 3"])
        engine.checkInvariants()
    }

    @Test func theLadderFollowsTheBook() {
        // A 64-tick ladder: prices far apart work one at a time, shift while they fit, and
        // are PRICE_BAND when the live book and the new price do not fit.
        var engine = makeEngine(ladderTicks: 64)
        var events = try! EventBuffer(capacity: 64)
        engine.submit(limit(1, .buy, 1_000_000, 1), into: &events)
        engine.cancel(orderId: 1, into: &events)
        engine.submit(limit(2, .buy, 10, 1), into: &events)
        engine.submit(limit(3, .sell, 60, 1), into: &events)   // shifts the window
        engine.submit(limit(4, .sell, 80, 1), into: &events)   // does not fit with 10
        engine.submit(limit(5, .sell, 70, 1), into: &events)
        #expect(drain(&events) == ["ACCEPTED 1", "CANCELED 1 1", "ACCEPTED 2", "ACCEPTED 3",
                                   "REJECTED 4 PRICE_BAND", "ACCEPTED 5"])
        engine.checkInvariants()
        engine.submit(market(6, .buy, 2), into: &events)
        #expect(drain(&events) == ["ACCEPTED 6", "TRADE 0 3 6 60 1", "TRADE 0 5 6 70 1"])
        engine.checkInvariants()
    }

    @Test func bandAroundTheReferencePrice() {
        var engine = try! MatchingEngine(configuration: EngineConfiguration(maxOrders: 10, maxPriceLevels: 10, maxSymbols: 1))
        _ = try! engine.addSymbol(SymbolConfiguration(name: "X", ladderTicks: 1024, bandPartsPerMillion: 50_000))
        var events = try! EventBuffer(capacity: 16)
        engine.submit(limit(1, .buy, 200, 1), into: &events)  // no reference price: no band
        engine.setReferencePrice(Price(ticks: 100), for: s0)
        engine.submit(limit(2, .buy, 106, 1), into: &events)
        engine.submit(limit(3, .buy, 105, 1), into: &events)
        engine.submit(limit(4, .sell, 95, 1, tif: .ioc), into: &events)
        engine.submit(limit(5, .sell, 94, 1), into: &events)
        #expect(drain(&events) == ["ACCEPTED 1", "REJECTED 2 PRICE_BAND", "ACCEPTED 3", "ACCEPTED 4",
                                   "TRADE 0 1 4 200 1", "REJECTED 5 PRICE_BAND"])
    }

    @Test func notionalOverflowIsRejected() {
        var engine = makeEngine()
        var events = try! EventBuffer(capacity: 16)
        engine.submit(limit(1, .buy, Int64.max / 2, 3), into: &events)
        #expect(drain(&events) == ["REJECTED 1 MAX_NOTIONAL"])
    }

    @Test func eventsCarryAccountsForTheRiskLayer() {
        var engine = makeEngine()
        var events = try! EventBuffer(capacity: 16)
        engine.submit(limit(1, .sell, 100, 2, account: 77), into: &events)
        engine.submit(limit(2, .buy, 100, 1, account: 88), into: &events)
        let trade = events.events.first { $0.kind == .trade }!
        #expect(trade.makerAccount == 77 && trade.takerAccount == 88)
        #expect(trade.side == .buy && trade.leaves.lots == 1)
        events.removeAll()
        engine.amend(orderId: 1, price: Price(ticks: 101), quantity: Quantity(lots: 1), into: &events)
        #expect(events[0].previousPrice.ticks == 100 && events[0].previousQuantity.lots == 1)
    }

    @Test func marketDataFeedPublishesTradesAndBBOChanges() {
        var engine = makeEngine()
        var events = try! EventBuffer(capacity: 16)
        var feed = try! MarketDataFeed(maxSymbols: 1)
        let ring = try! SPSCRing<MarketDataUpdate>(minimumCapacity: 64)
        engine.submit(limit(1, .sell, 100, 2), into: &events)
        feed.publish(events, engine: engine, to: ring)
        events.removeAll()
        engine.submit(limit(2, .buy, 100, 1), into: &events)
        feed.publish(events, engine: engine, to: ring)
        events.removeAll()
        engine.submit(limit(3, .buy, 90, 1), into: &events)
        feed.publish(events, engine: engine, to: ring)
        var updates: [MarketDataUpdate] = []
        while let update = ring.pop() { updates.append(update) }
        #expect(updates.map(\.kind) == [.bestBidOffer, .trade, .bestBidOffer, .bestBidOffer])
        #expect(updates.map(\.sequence) == [1, 2, 3, 4])
        #expect(updates[1].tradePrice.ticks == 100 && updates[1].tradeQuantity.lots == 1)
        #expect(updates[2].top.askQuantity.lots == 1)
        #expect(updates[3].top.bidPrice.ticks == 90)
        #expect(engine.lastTrade(s0) == LastTrade(price: Price(ticks: 100), quantity: Quantity(lots: 1), tradeCount: 1))
    }
}

/// The market-data feed across two threads: the engine thread publishes, a consumer
/// thread drains the ring; every record arrives once, in sequence order.
@Suite struct MatchingMarketDataThreadTests {
    @Test func consumerThreadSeesEveryUpdateInOrder() async {
        let ring = try! SPSCRing<MarketDataUpdate>(minimumCapacity: 1 << 16)
        let producerDone = Atomic<Bool>(false)
        let consumer = Task.detached { () -> (count: Int, ordered: Bool, trades: Int) in
            var expected: Int64 = 1
            var ordered = true
            var trades = 0
            while true {
                if let update = ring.pop() {
                    if update.sequence != expected { ordered = false }
                    expected = update.sequence + 1
                    if update.kind == .trade { trades += 1 }
                } else if producerDone.load(ordering: .acquiring) && ring.count == 0 {
                    return (Int(expected - 1), ordered, trades)
                }
            }
        }
        var engine = makeEngine()
        var events = try! EventBuffer(capacity: 256)
        var feed = try! MarketDataFeed(maxSymbols: 1)
        var rng = SplitMix64(seed: 9)
        var tradesPublished = 0
        for id in Int64(1)...5_000 {
            let side: Side = rng.chance(50) ? .buy : .sell
            engine.submit(limit(id, side, 100 + Int64(rng.below(10)) - (side == .buy ? 3 : -3), 1 + Int64(rng.below(3)),
                                account: id % 7), into: &events)
            tradesPublished += events.events.filter { $0.kind == .trade }.count
            feed.publish(events, engine: engine, to: ring)
            events.removeAll()
        }
        producerDone.store(true, ordering: .releasing)
        let result = await consumer.value
        #expect(result.ordered)
        #expect(Int64(result.count) == feed.sequence)
        #expect(result.trades == tradesPublished && tradesPublished > 100)
        #expect(feed.droppedCount == 0)
    }
}
