import Testing
import AllocationCounter
@testable import HFTEngine

/// The risk layer in front of the matching engine, driven by random command streams:
/// money is conserved, positions net to zero, and every reservation belongs to exactly
/// one order resting in the book.
@Suite("Risk gate")
struct RiskGateTests {
    typealias F = RiskFixtures

    static func matchingEngine() -> MatchingEngine {
        var matching = try! MatchingEngine(configuration: EngineConfiguration(maxOrders: 4_096, maxPriceLevels: 4_096, maxSymbols: 2))
        _ = try! matching.addSymbol(SymbolConfiguration(name: "BTC", ladderTicks: 1 << 16,
                                                        notionalScale: try! NotionalScale(moneyPerTickLot: 1_000)))
        _ = try! matching.addSymbol(SymbolConfiguration(name: "ETH", ladderTicks: 1 << 16,
                                                        notionalScale: try! NotionalScale(moneyPerTickLot: 10_000)))
        return matching
    }

    static func riskCore() -> RiskCore {
        F.core(users: 24, perSymbol: 64, orders: 4_096, maxOpenOrders: 40, makerBps: -1, takerBps: 4)
    }

    /// Checks the cross-engine invariants; returns false (and records) on the first failure.
    static func check(_ matching: borrowing MatchingEngine, _ risk: borrowing RiskCore, step: Int) -> Bool {
        var ok = risk.conservationDiscrepancy() == 0
        #expect(ok, "money at step \(step)")
        for s in 0..<2 { if risk.positions.netSize(symbol: s) != 0 { ok = false; #expect(Bool(false), "net size at step \(step)") } }
        if risk.liveOrderCount != matching.restingOrderCount {
            ok = false
            #expect(risk.liveOrderCount == matching.restingOrderCount, "live orders at step \(step)")
        }
        var reservedByAccount = [Int64](repeating: 0, count: 24)
        var ordersByAccount = [Int](repeating: 0, count: 24)
        for s in 0..<2 {
            for side in [Side.buy, .sell] {
                for order in matching.restingOrders(SymbolID(Int32(s)), side: side) {
                    guard let record = risk.reservations.record(order.id) else {
                        ok = false; #expect(Bool(false), "order \(order.id) has no reservation at step \(step)"); continue
                    }
                    reservedByAccount[record.account] += record.reserved.units
                    ordersByAccount[record.account] += 1
                    if record.remainingLots != order.remaining { ok = false; #expect(Bool(false), "remaining of \(order.id) at step \(step)") }
                }
            }
        }
        for a in 0..<24 {
            if risk.accounts.reserved(a).units != reservedByAccount[a] || risk.accounts.openOrders(a) != ordersByAccount[a] {
                ok = false
                #expect(risk.accounts.reserved(a).units == reservedByAccount[a], "reserved of \(a) at step \(step)")
            }
        }
        return ok
    }

    @Test(arguments: [11, 12, 13] as [UInt64])
    func randomCommandStreams(seed: UInt64) throws {
        var matching = Self.matchingEngine()
        var risk = Self.riskCore()
        var events = try EventBuffer(capacity: 1 << 14)
        var rng = RiskRandom(state: seed)
        var nextId: Int64 = 1
        var trades = 0
        for a in 0..<24 { try risk.deposit(account: a, amount: Money(units: F.money("20000"))) }
        for step in 0..<2_500 {
            let symbol = Int(rng.int(0...1))
            let base: Int64 = symbol == 0 ? 5_000_000 : 300_000
            let roll = rng.int(0...99)
            if roll < 60 {
                let type: OrderType = rng.int(0...9) == 0 ? .market : .limit
                let tifs: [TimeInForce] = [.gtc, .gtc, .gtc, .ioc, .fok, .postOnly]
                var tif = tifs[Int(rng.int(0...5))]
                if type == .market && tif == .postOnly { tif = .ioc }
                var flags = OrderFlags()
                if rng.int(0...7) == 0 { flags = flags.union(.reduceOnly) }
                let request = OrderRequest(id: nextId, account: rng.int(0...23), symbol: SymbolID(Int32(symbol)),
                                           side: rng.int(0...1) == 0 ? .buy : .sell, type: type,
                                           price: Price(ticks: base + rng.int(-2_000...2_000)),
                                           quantity: Quantity(lots: rng.int(1...300)), timeInForce: tif, flags: flags)
                nextId += 1
                RiskGate.submit(request, matching: &matching, risk: &risk, into: &events)
            } else if roll < 75 {
                RiskGate.cancel(orderId: rng.int(1...max(1, nextId)), matching: &matching, risk: &risk, into: &events)
            } else if roll < 88 {
                RiskGate.amend(orderId: rng.int(1...max(1, nextId)), price: Price(ticks: base + rng.int(-2_000...2_000)),
                               quantity: Quantity(lots: rng.int(1...300)), matching: &matching, risk: &risk, into: &events)
            } else if roll < 92 {
                try risk.setMark(symbol, Price(ticks: base + rng.int(-3_000...3_000)))
            } else if roll < 95 {
                if risk.symbolRisk(symbol).mark > 0 {
                    _ = try risk.settleFunding(symbol: symbol, rate: Rate(e8: rng.int(-50_000...50_000)),
                                           mark: Price(ticks: risk.symbolRisk(symbol).mark))
                }
            } else {
                _ = try? risk.setLeverage(account: Int(rng.int(0...23)), symbol: symbol, leverage: rng.int(1...50))
            }
            let overflowed = events.overflowed
            #expect(!overflowed)
            for i in 0..<events.count where events.events[i].kind == .trade { trades += 1 }
            events.removeAll()
            if !Self.check(matching, risk, step: step) { return }
        }
        #expect(trades > 300, "the stream trades")
        // Cancel everything: no reservation is left.
        for id in 1..<nextId { RiskGate.cancel(orderId: id, matching: &matching, risk: &risk, into: &events); events.removeAll() }
        for a in 0..<24 { #expect(risk.accounts.reserved(a) == .zero && risk.accounts.openOrders(a) == 0) }
        #expect(risk.liveOrderCount == 0)
    }

    @Test func riskRejectsAreEvents() throws {
        var matching = Self.matchingEngine()
        var risk = Self.riskCore()
        var events = try EventBuffer(capacity: 64)
        RiskGate.submit(.limit(id: 1, account: 3, symbol: SymbolID(0), side: .buy, price: Price(ticks: 5_000_000),
                               quantity: Quantity(lots: 10)), matching: &matching, risk: &risk, into: &events)
        var first = events.events[0].rejectReason
        #expect(events.count == 1 && first == .insufficientMargin)
        events.removeAll()
        RiskGate.submit(.limit(id: 2, account: 99, symbol: SymbolID(0), side: .buy, price: Price(ticks: 5_000_000),
                               quantity: Quantity(lots: 10)), matching: &matching, risk: &risk, into: &events)
        first = events.events[0].rejectReason
        #expect(first == .unknownAccount)
        events.removeAll()
        // The book's own reasons come first and untouched.
        RiskGate.submit(.limit(id: 0, account: 3, symbol: SymbolID(0), side: .buy, price: Price(ticks: 5_000_000),
                               quantity: Quantity(lots: 10)), matching: &matching, risk: &risk, into: &events)
        first = events.events[0].rejectReason
        #expect(first == .badOrderId)
        #expect(risk.liveOrderCount == 0)
    }

    /// An order refused for event room (`CAPACITY`) releases its reservation; into a
    /// completely full buffer it is not admitted at all (only counted as dropped).
    @Test func eventRoomRefusalsReserveNothing() throws {
        var matching = Self.matchingEngine()
        var risk = Self.riskCore()
        var room = try EventBuffer(capacity: 64)
        for a in 0..<2 { try risk.deposit(account: a, amount: Money(units: F.money("100000"))) }
        for id in 1...3 as ClosedRange<Int64> {
            RiskGate.submit(.limit(id: id, account: 0, symbol: SymbolID(0), side: .sell, price: Price(ticks: 5_000_000),
                                   quantity: Quantity(lots: 1)), matching: &matching, risk: &risk, into: &room)
        }
        room.removeAll()
        let sweep = OrderRequest.limit(id: 10, account: 1, symbol: SymbolID(0), side: .buy, price: Price(ticks: 5_000_000),
                                       quantity: Quantity(lots: 3))
        // Two entries: the sweep needs five (accept, three trades, done), so it is refused.
        var small = try EventBuffer(capacity: 2)
        RiskGate.submit(sweep, matching: &matching, risk: &risk, into: &small)
        let reason = small.events[0].rejectReason
        #expect(small.count == 1 && reason == .capacity)
        #expect(risk.accounts.reserved(1) == .zero && risk.accounts.openOrders(1) == 0)
        #expect(matching.restingOrderCount == 3 && risk.liveOrderCount == 3)
        // Full: nothing runs, nothing is reserved, the drop is counted.
        var full = try EventBuffer(capacity: 1)
        full.append(small.events[0])
        RiskGate.submit(sweep, matching: &matching, risk: &risk, into: &full)
        let dropped = full.droppedCount
        #expect(dropped == 1 && full.count == 1)
        #expect(risk.accounts.reserved(1) == .zero && risk.liveOrderCount == 3)
        // With room, the same order trades.
        RiskGate.submit(sweep, matching: &matching, risk: &risk, into: &room)
        #expect(matching.restingOrderCount == 0 && risk.liveOrderCount == 0)
        let consistent = Self.check(matching, risk, step: 0)
        #expect(consistent)
    }

    @Test(allocationCounting) func gateAllocatesNothing() throws {
        var matching = Self.matchingEngine()
        var risk = Self.riskCore()
        var events = try EventBuffer(capacity: 1 << 12)
        for a in 0..<24 { try risk.deposit(account: a, amount: Money(units: F.money("100000"))) }
        var bytes: UInt64 = 0
        for round in 0..<2 {
            let reading = AllocationCounter.measure {
                for i in 0..<500 {
                    let id = Int64(round * 1_000 + i + 1)
                    RiskGate.submit(.limit(id: id, account: Int64(i % 24), symbol: SymbolID(0), side: i % 2 == 0 ? .buy : .sell,
                                           price: Price(ticks: 5_000_000 + Int64(i % 7)), quantity: Quantity(lots: 5)),
                                    matching: &matching, risk: &risk, into: &events)
                    RiskGate.amend(orderId: id, price: Price(ticks: 5_000_000 + Int64(i % 5)), quantity: Quantity(lots: 4),
                                   matching: &matching, risk: &risk, into: &events)
                    RiskGate.cancel(orderId: id - 3, matching: &matching, risk: &risk, into: &events)
                    events.removeAll()
                }
            }
            bytes = reading?.bytes ?? 0
        }
        #expect(bytes == 0)
        #expect(risk.conservationDiscrepancy() == 0)
    }
}
