import Testing
@testable import HFTEngine

/// Every fixed store of the matching engine filled to its capacity: the typed `CAPACITY`
/// reject, the engine going on (invariants hold), and capacity coming back on release.
@Suite struct MatchingCapacityLimitTests {
    /// Orders (and with them the id index, whose capacity is `maxOrders`): the pool fills,
    /// the next resting order is `CAPACITY`, orders that do not rest still trade, and each
    /// cancel or fill frees exactly one slot and one index entry.
    @Test func orderPoolAndIdIndexFillAndRecover() throws {
        let capacity = 257
        var engine = makeEngine(maxOrders: capacity, maxLevels: capacity)
        var events = try EventBuffer(capacity: capacity + 8)
        for id in 1...capacity {
            engine.submit(limit(Int64(id), .buy, 1_000 + Int64(id % 50), 1), into: &events)
        }
        #expect(events.events.allSatisfy { $0.kind == .accepted })
        #expect(engine.restingOrderCount == capacity)
        events.removeAll()
        for tif in [TimeInForce.gtc, .postOnly] {
            engine.submit(limit(9_000, .buy, 1_000, 1, tif: tif), into: &events)
            #expect(drain(&events) == ["REJECTED 9000 CAPACITY"])
        }
        // An IOC needs no slot: it trades against the full book.
        engine.submit(limit(9_001, .sell, 1_049, 1, tif: .ioc), into: &events)
        #expect(drain(&events) == ["ACCEPTED 9001", "TRADE 0 49 9001 1049 1"])
        engine.checkInvariants()
        // That fill freed one slot: one GTC fits, the next does not.
        engine.submit(limit(9_002, .buy, 900, 1), into: &events)
        engine.submit(limit(9_003, .buy, 900, 1), into: &events)
        #expect(drain(&events) == ["ACCEPTED 9002", "REJECTED 9003 CAPACITY"])
        // Cancel everything, then fill again from empty: every slot and entry came back.
        engine.cancel(orderId: 9_002, into: &events)
        for id in 1...capacity where id != 49 { engine.cancel(orderId: Int64(id), into: &events) }
        #expect(events.events.allSatisfy { $0.kind == .canceled })
        #expect(engine.restingOrderCount == 0 && engine.priceLevelCount == 0)
        engine.checkInvariants()
        events.removeAll()
        for id in 1...capacity { engine.submit(limit(Int64(10_000 + id), .sell, 5_000, 1), into: &events) }
        #expect(events.events.allSatisfy { $0.kind == .accepted })
        #expect(engine.restingOrderCount == capacity && engine.priceLevelCount == 1)
        engine.checkInvariants()
    }

    /// Price levels: with every level slot in use, an order at a new price is `CAPACITY`,
    /// one joining an existing level is accepted, an amend to a new price is `CAPACITY`
    /// unless it leaves a level of its own, and an emptied level is free again.
    @Test func levelStoreFillsAndRecovers() throws {
        var engine = makeEngine(maxOrders: 100, maxLevels: 4)
        var events = try EventBuffer(capacity: 64)
        for (id, price) in [(1, 100), (2, 101), (3, 102), (4, 103)] {
            engine.submit(limit(Int64(id), .buy, Int64(price), 1), into: &events)
        }
        engine.submit(limit(5, .buy, 104, 1), into: &events)
        engine.submit(limit(6, .sell, 200, 1), into: &events)
        engine.submit(limit(7, .buy, 100, 1), into: &events)
        #expect(drain(&events) == ["ACCEPTED 1", "ACCEPTED 2", "ACCEPTED 3", "ACCEPTED 4",
                                   "REJECTED 5 CAPACITY", "REJECTED 6 CAPACITY", "ACCEPTED 7"])
        engine.amend(orderId: 7, price: Price(ticks: 99), quantity: Quantity(lots: 1), into: &events)  // 100 keeps order 1
        engine.amend(orderId: 4, price: Price(ticks: 99), quantity: Quantity(lots: 1), into: &events)  // frees 103 for 99
        #expect(drain(&events) == ["REJECTED 7 CAPACITY", "AMENDED 4 99 1"])
        engine.checkInvariants()
        engine.cancel(orderId: 3, into: &events)
        engine.submit(limit(8, .sell, 200, 1), into: &events)
        #expect(drain(&events) == ["CANCELED 3 1", "ACCEPTED 8"])
        #expect(engine.priceLevelCount == 4)
        engine.checkInvariants()
    }

    /// Symbols: the store of books is full at `maxSymbols`; the engine keeps trading.
    @Test func symbolStoreIsFull() throws {
        var engine = makeEngine(symbols: 1)
        #expect(throws: SymbolSetupError.capacityExhausted) {
            _ = try engine.addSymbol(SymbolConfiguration(name: "more"))
        }
        var events = try EventBuffer(capacity: 8)
        engine.submit(limit(1, .buy, 10, 1), into: &events)
        #expect(drain(&events) == ["ACCEPTED 1"])
    }

    /// A sweep whose events do not fit the caller's buffer is refused whole (`CAPACITY`,
    /// nothing trades); the same order with room, or against fewer makers, runs.
    @Test func aSweepThatCannotBeReportedIsRefused() throws {
        var engine = makeEngine()
        var setup = try EventBuffer(capacity: 64)
        for id in 1...10 { engine.submit(limit(Int64(id), .sell, 100 + Int64(id % 3), 1), into: &setup) }
        // Ten makers: ACCEPTED + 10 TRADE = 11 events, + 1 for a possible expiry = 12.
        var small = try EventBuffer(capacity: 11)
        engine.submit(limit(20, .buy, 200, 10), into: &small)
        #expect(drain(&small) == ["REJECTED 20 CAPACITY"])
        engine.submit(market(21, .buy, 10), into: &small)
        #expect(drain(&small) == ["REJECTED 21 CAPACITY"])
        #expect(engine.restingOrderCount == 10)
        engine.checkInvariants()
        // Meeting nine makers fits (ACCEPTED + 9 TRADE + a spare expiry entry).
        engine.submit(limit(22, .buy, 200, 9), into: &small)
        let lines = drain(&small)
        #expect(lines.count == 10 && lines.first == "ACCEPTED 22" && !small.overflowed)
        // A buffer already holding events has less room. One maker is left at 102; ten
        // more rest at 150. With 9 entries free, 7 makers is the most (9 are refused);
        // after the reject takes one entry, 6 (which runs).
        var partly = try EventBuffer(capacity: 12)
        for id in 30...39 { engine.submit(limit(Int64(id), .sell, 150, 1), into: &setup) }
        for _ in 0..<3 { partly.append(.placeholder) }
        engine.submit(limit(40, .buy, 150, 9), into: &partly)
        #expect(eventLine(partly[3]) == "REJECTED 40 CAPACITY")
        engine.submit(limit(42, .buy, 150, 6), into: &partly)
        #expect(partly.count == 4 + 7 && !partly.overflowed)
        #expect(engine.restingOrderCount == 5)
        engine.checkInvariants()
    }

    /// STP makers count: `expireMaker` writes one event per own maker too, so a buffer
    /// that fits the trades alone is not enough.
    @Test func selfTradeExpiriesAreCountedAsEvents() throws {
        var engine = makeEngine()
        var setup = try EventBuffer(capacity: 64)
        for id in 1...4 { engine.submit(limit(Int64(id), .sell, 100, 1, account: 7), into: &setup) }
        engine.submit(limit(5, .sell, 100, 1, account: 8), into: &setup)
        var events = try EventBuffer(capacity: 6)
        engine.submit(limit(6, .buy, 100, 1, account: 7, stp: .expireMaker), into: &events)
        #expect(drain(&events) == ["REJECTED 6 CAPACITY"])
        var enough = try EventBuffer(capacity: 7)
        engine.submit(limit(6, .buy, 100, 1, account: 7, stp: .expireMaker), into: &enough)
        #expect(drain(&enough) == ["ACCEPTED 6", "EXPIRED 1 STP 1", "EXPIRED 2 STP 1", "EXPIRED 3 STP 1",
                                   "EXPIRED 4 STP 1", "TRADE 0 5 6 100 1"])
        engine.checkInvariants()
    }

    /// An amend that would sweep more makers than the buffer can report is refused and
    /// the order is unchanged.
    @Test func anAmendThatCannotBeReportedIsRefused() throws {
        var engine = makeEngine()
        var setup = try EventBuffer(capacity: 64)
        for id in 1...5 { engine.submit(limit(Int64(id), .sell, 100, 1), into: &setup) }
        engine.submit(limit(6, .buy, 90, 5), into: &setup)
        var events = try EventBuffer(capacity: 6)
        engine.amend(orderId: 6, price: Price(ticks: 100), quantity: Quantity(lots: 5), into: &events)
        #expect(drain(&events) == ["REJECTED 6 CAPACITY"])
        #expect(engine.order(6)?.price == 90 && engine.restingOrderCount == 6)
        var enough = try EventBuffer(capacity: 7)
        engine.amend(orderId: 6, price: Price(ticks: 100), quantity: Quantity(lots: 5), into: &enough)
        #expect(drain(&enough).count == 6)
        #expect(engine.restingOrderCount == 0)
        engine.checkInvariants()
    }

    /// A completely full buffer: the command does not run and its reject is counted as
    /// dropped (`overflowed`), for submit, cancel and amend alike.
    @Test func aFullBufferRunsNothingAndSaysSo() throws {
        var engine = makeEngine()
        var events = try EventBuffer(capacity: 1)
        engine.submit(limit(1, .buy, 100, 1), into: &events)  // a resting order needs 2 entries
        #expect(drain(&events) == ["REJECTED 1 CAPACITY"])
        var two = try EventBuffer(capacity: 2)
        engine.submit(limit(1, .buy, 100, 1), into: &two)
        #expect(drain(&two) == ["ACCEPTED 1"])
        events.append(.placeholder)
        engine.cancel(orderId: 1, into: &events)
        engine.amend(orderId: 1, price: Price(ticks: 101), quantity: Quantity(lots: 1), into: &events)
        engine.submit(limit(2, .sell, 100, 1), into: &events)
        #expect(events.count == 1 && events.droppedCount == 3 && events.overflowed)
        #expect(engine.order(1)?.price == 100 && engine.restingOrderCount == 1)
        engine.checkInvariants()
    }
}

extension ExecutionEvent {
    /// A filler event for tests that need a partly used buffer.
    static var placeholder: ExecutionEvent {
        ExecutionEvent(kind: .canceled, side: .buy, symbol: SymbolID(0), orderId: 999_999, account: 0,
                       price: Price(ticks: 0), quantity: Quantity(lots: 0))
    }
}

/// The event-room check against the truth: two engines get the same random commands, one
/// with a buffer that always has room, one with a small random room. The small one must
/// either produce exactly the same events without dropping any, or refuse with `CAPACITY`
/// only when the command really needed at least its whole room (the check reserves one
/// entry for an expiry that may not come); after a refusal it runs the command with room,
/// so the two engines stay in step.
@Suite struct MatchingEventRoomDifferentialTests {
    @Test(arguments: [UInt64(1), 2, 3])
    func refusalsAreExactlyTheCommandsThatDoNotFit(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        var roomy = makeEngine(maxOrders: 2_000, maxLevels: 2_000)
        var tight = makeEngine(maxOrders: 2_000, maxLevels: 2_000)
        var big = try EventBuffer(capacity: 4_096)
        var bigForTight = try EventBuffer(capacity: 4_096)
        var refusals = 0, runs = 0
        for id in Int64(1)...6_000 {
            let side: Side = rng.chance(50) ? .buy : .sell
            let stp: SelfTradePrevention = [.none, .none, .expireTaker, .expireMaker, .expireBoth][rng.below(5)]
            let account = Int64(rng.below(4))
            let command: (inout MatchingEngine, inout EventBuffer) -> Void
            switch rng.below(10) {
            case 0..<6:
                let request = limit(id, side, 100 + Int64(rng.below(21)) - 10, 1 + Int64(rng.below(30)),
                                    account: account, tif: rng.chance(80) ? .gtc : .ioc, stp: stp)
                command = { engine, events in engine.submit(request, into: &events) }
            case 6:
                let request = OrderRequest.market(id: id, account: account, symbol: s0, side: side,
                                                  quantity: Quantity(lots: 1 + Int64(rng.below(60))),
                                                  selfTradePrevention: stp)
                command = { engine, events in engine.submit(request, into: &events) }
            case 7, 8:
                let target = Int64(rng.below(Int(id))) + 1
                let price = Price(ticks: 100 + Int64(rng.below(21)) - 10)
                let quantity = Quantity(lots: 1 + Int64(rng.below(30)))
                command = { engine, events in engine.amend(orderId: target, price: price, quantity: quantity, into: &events) }
            default:
                let target = Int64(rng.below(Int(id))) + 1
                command = { engine, events in engine.cancel(orderId: target, into: &events) }
            }
            command(&roomy, &big)
            let room = 1 + rng.below(12)
            var small = try EventBuffer(capacity: room)
            command(&tight, &small)
            let overflowed = small.overflowed
            let expected = drain(&big)
            let got = drain(&small)
            #expect(!overflowed)
            if got == expected {
                runs += 1
            } else {
                #expect(got.count == 1 && got[0].hasSuffix(" CAPACITY"), "\(got) vs \(expected)")
                #expect(expected.count >= room, "refused \(expected) with room \(room)")
                refusals += 1
                command(&tight, &bigForTight)
                #expect(drain(&bigForTight) == expected)
            }
        }
        #expect(refusals > 100 && runs > 1_000)
        roomy.checkInvariants()
        tight.checkInvariants()
        #expect(bookLines(roomy, s0) == bookLines(tight, s0))
    }
}
