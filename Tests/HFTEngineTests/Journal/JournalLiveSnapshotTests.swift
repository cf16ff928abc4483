import Testing
@testable import HFTEngine

/// Snapshots hold the live state, not the capacities: small for a big engine holding
/// little; restoring gives the same state hash and the same events afterwards; damaged
/// payloads are typed errors, never traps.
@Suite("Journal live-state snapshots")
struct JournalLiveSnapshotTests {
    typealias F = RiskFixtures

    /// A matching engine and its risk core, built from the same numbers each time.
    struct Pair: ~Copyable {
        var matching: MatchingEngine
        var risk: RiskCore

        init(symbols: Int, ladderTicks: Int, maxOrders: Int, levels: Int, users: Int, positionsPerSymbol: Int) {
            matching = try! MatchingEngine(configuration: EngineConfiguration(
                maxOrders: maxOrders, maxPriceLevels: levels, maxSymbols: symbols, maxLadderTicks: ladderTicks))
            risk = try! RiskCore(RiskConfiguration(userCapacity: users, symbolCapacity: symbols,
                                                   positionsPerSymbol: positionsPerSymbol, orderCapacity: maxOrders,
                                                   maxOpenOrdersPerAccount: 200))
            for s in 0..<symbols {
                let scale = try! NotionalScale(moneyPerTickLot: s % 2 == 0 ? 1_000 : 10_000)
                _ = try! matching.addSymbol(SymbolConfiguration(name: "S\(s)", ladderTicks: ladderTicks, notionalScale: scale))
                try! risk.configureSymbol(s, SymbolRisk(scale: scale, makerRate: Rate(basisPoints: -1),
                                                        takerRate: Rate(basisPoints: 4), minLots: 1, maxLots: 1_000_000),
                                          brackets: s % 2 == 0 ? F.btcBrackets() : F.ethBrackets())
            }
        }

        var hash: UInt64 { EngineStateHash.hash(matching: matching, risk: risk).value }
    }

    /// Saves `pair` (matching, then risk).
    static func save(_ pair: inout Pair) -> SnapshotBuffer {
        let s = SnapshotBuffer()
        try! pair.matching.visitSnapshot(s)
        try! pair.risk.visitSnapshot(s)
        return s
    }

    /// Loads `s` (from its start) into `pair`.
    static func load(_ s: SnapshotBuffer, into pair: inout Pair) throws(JournalError) {
        s.startLoading()
        try pair.matching.visitSnapshot(s)
        try pair.risk.visitSnapshot(s)
        guard s.isAtEnd else { throw .corruptSnapshot }
    }

    /// One random command (order, cancel, amend, mark, funding, leverage, deposit) on
    /// symbols `0 ..< symbols` and accounts `0 ..< accounts`; returns its events.
    static func step(_ pair: inout Pair, _ rng: inout RiskRandom, nextId: inout Int64, symbols: Int, accounts: Int,
                     events: inout EventBuffer) -> [ExecutionEvent] {
        let symbol = Int(rng.int(0...Int64(symbols - 1)))
        let base: Int64 = symbol % 2 == 0 ? 5_000_000 : 300_000
        let roll = rng.int(0...99)
        if roll < 60 {
            let type: OrderType = rng.int(0...9) == 0 ? .market : .limit
            let tifs: [TimeInForce] = [.gtc, .gtc, .gtc, .gtc, .ioc, .fok, .postOnly]
            var tif = tifs[Int(rng.int(0...6))]
            if type == .market && tif == .postOnly { tif = .ioc }
            let stps: [SelfTradePrevention] = [.none, .none, .expireTaker, .expireMaker, .expireBoth]
            let request = OrderRequest(id: nextId, account: rng.int(0...Int64(accounts - 1)), symbol: SymbolID(Int32(symbol)),
                                       side: rng.int(0...1) == 0 ? .buy : .sell, type: type,
                                       price: Price(ticks: base + rng.int(-300...300)),
                                       quantity: Quantity(lots: rng.int(1...300)), timeInForce: tif,
                                       selfTradePrevention: stps[Int(rng.int(0...4))],
                                       flags: rng.int(0...9) == 0 ? .reduceOnly : OrderFlags())
            nextId += 1
            RiskGate.submit(request, matching: &pair.matching, risk: &pair.risk, into: &events)
        } else if roll < 72 {
            RiskGate.cancel(orderId: rng.int(1...max(1, nextId)), matching: &pair.matching, risk: &pair.risk, into: &events)
        } else if roll < 84 {
            RiskGate.amend(orderId: rng.int(1...max(1, nextId)), price: Price(ticks: base + rng.int(-300...300)),
                           quantity: Quantity(lots: rng.int(1...300)), matching: &pair.matching, risk: &pair.risk, into: &events)
        } else if roll < 89 {
            try? pair.risk.setMark(symbol, Price(ticks: base + rng.int(-500...500)))
        } else if roll < 92 {
            if pair.risk.symbolRisk(symbol).mark > 0 {
                _ = try? pair.risk.settleFunding(symbol: symbol, rate: Rate(e8: rng.int(-50_000...50_000)),
                                                 mark: Price(ticks: pair.risk.symbolRisk(symbol).mark))
            }
        } else if roll < 96 {
            _ = try? pair.risk.setLeverage(account: Int(rng.int(0...Int64(accounts - 1))), symbol: symbol,
                                           leverage: rng.int(1...50), mode: rng.int(0...3) == 0 ? .isolated : nil)
        } else {
            _ = try? pair.risk.deposit(account: Int(rng.int(0...Int64(accounts - 1))), amount: Money(units: F.money("500")))
        }
        let out = Array(events.events)
        events.removeAll()
        return out
    }

    static func sameBytes(_ a: ExecutionEvent, _ b: ExecutionEvent) -> Bool {
        withUnsafeBytes(of: a) { x in withUnsafeBytes(of: b) { y in x.elementsEqual(y) } }
    }

    /// A big engine (1M orders, 64 symbols of 2^22-tick ladders, 1M accounts) holding a few
    /// hundred orders: its snapshot is small, and restores to the same hash.
    @Test func bigEngineWithFewOrdersHasASmallSnapshot() throws {
        func make() -> Pair {
            Pair(symbols: 64, ladderTicks: 1 << 22, maxOrders: 1 << 20, levels: 1 << 16, users: 1 << 20,
                 positionsPerSymbol: 1 << 10)
        }
        var pair = make()
        for a in 0..<200 { try pair.risk.deposit(account: a * 4_999, amount: Money(units: F.money("100000"))) }
        var rng = RiskRandom(state: 77)
        var events = try EventBuffer(capacity: 1 << 12)
        var nextId: Int64 = 1
        // Orders from the funded accounts only (others are refused by the risk check).
        for _ in 0..<600 {
            let symbol = Int(rng.int(0...63))
            let base: Int64 = symbol % 2 == 0 ? 5_000_000 : 300_000
            let request = OrderRequest.limit(id: nextId, account: rng.int(0...199) * 4_999, symbol: SymbolID(Int32(symbol)),
                                             side: rng.int(0...1) == 0 ? .buy : .sell,
                                             price: Price(ticks: base + rng.int(-50...50)), quantity: Quantity(lots: rng.int(1...20)))
            nextId += 1
            RiskGate.submit(request, matching: &pair.matching, risk: &pair.risk, into: &events)
            events.removeAll()
        }
        #expect(pair.matching.restingOrderCount > 100 && pair.matching.restingOrderCount < 600)
        let s = Self.save(&pair)
        print("snapshot of \(pair.matching.restingOrderCount) resting orders, \(pair.matching.priceLevelCount) levels, "
              + "capacities 1M orders / 64 × 2^22-tick ladders / 1M accounts: \(s.count) bytes")
        #expect(s.count < 1 << 20, "snapshot bytes \(s.count)")
        var restored = make()
        try Self.load(s, into: &restored)
        restored.matching.checkInvariants()
        #expect(restored.hash == pair.hash)
        #expect(restored.matching.restingOrderCount == pair.matching.restingOrderCount)
        #expect(restored.risk.liveOrderCount == pair.risk.liveOrderCount)
    }

    /// Random live states (partial fills, several levels and symbols, positions, idle
    /// slots with settings, reservations, funding): the restored pair hashes alike and
    /// then answers the same commands with the same events.
    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func randomStatesRoundTrip(seed: UInt64) throws {
        func make() -> Pair {
            Pair(symbols: 3, ladderTicks: 1 << 12, maxOrders: 2_048, levels: 2_048, users: 40, positionsPerSymbol: 64)
        }
        var pair = make()
        for a in 0..<40 { try pair.risk.deposit(account: a, amount: Money(units: F.money("20000"))) }
        var rng = RiskRandom(state: seed)
        var events = try EventBuffer(capacity: 1 << 13)
        var nextId: Int64 = 1
        var partial = 0
        for _ in 0..<1_500 {
            for e in Self.step(&pair, &rng, nextId: &nextId, symbols: 3, accounts: 40, events: &events)
            where e.kind == .trade && e.leaves.lots > 0 { partial += 1 }
        }
        #expect(partial > 0, "some makers were partially filled")
        #expect(pair.matching.priceLevelCount > 10)
        let s = Self.save(&pair)
        var restored = make()
        try Self.load(s, into: &restored)
        restored.matching.checkInvariants()
        #expect(restored.hash == pair.hash)
        // Loading again into the same (now busy) pair replaces its state.
        try Self.load(s, into: &restored)
        #expect(restored.hash == pair.hash)
        // The same commands give the same events on both.
        var rngA = RiskRandom(state: seed &* 31), rngB = rngA
        var idA = nextId, idB = nextId
        for n in 0..<800 {
            let a = Self.step(&pair, &rngA, nextId: &idA, symbols: 3, accounts: 40, events: &events)
            let b = Self.step(&restored, &rngB, nextId: &idB, symbols: 3, accounts: 40, events: &events)
            guard a.count == b.count, zip(a, b).allSatisfy({ pair in Self.sameBytes(pair.0, pair.1) }) else {
                Issue.record("events differ at command \(n)")
                return
            }
        }
        #expect(restored.hash == pair.hash)
        // A second round trip of the evolved state.
        let again = Self.save(&pair)
        var third = make()
        try Self.load(again, into: &third)
        #expect(third.hash == pair.hash)
    }

    /// Every truncation and many overwritten words of a payload: a typed error or a clean
    /// load, never a trap; truncations are always refused.
    @Test func damagedPayloadsAreTypedErrors() throws {
        func make() -> Pair {
            Pair(symbols: 2, ladderTicks: 256, maxOrders: 256, levels: 256, users: 16, positionsPerSymbol: 16)
        }
        var pair = make()
        for a in 0..<16 { try pair.risk.deposit(account: a, amount: Money(units: F.money("20000"))) }
        var rng = RiskRandom(state: 5)
        var events = try EventBuffer(capacity: 1 << 10)
        var nextId: Int64 = 1
        for _ in 0..<150 { _ = Self.step(&pair, &rng, nextId: &nextId, symbols: 2, accounts: 16, events: &events) }
        #expect(pair.matching.restingOrderCount > 5)
        let s = Self.save(&pair)
        let bytes = [UInt8](s.bytes)
        var target = make()
        for cut in stride(from: 0, to: bytes.count, by: 3) {
            let part = bytes[0..<cut].withUnsafeBytes { SnapshotBuffer(loading: $0) }
            #expect(throws: JournalError.self) { try Self.load(part, into: &target) }
        }
        // Overwrite 8 bytes at every offset (the fixed-size symbol tables near the end are
        // raw columns: only the counted sections before them are mutated).
        let matchingBytes: Int = {
            let m = SnapshotBuffer()
            try! pair.matching.visitSnapshot(m)
            return m.count
        }()
        let storesEnd = matchingBytes + {
            let r = SnapshotBuffer()
            try! r.check(pair.risk.symbolCapacity); try! r.check(pair.risk.maxOpenOrdersPerAccount)
            try! pair.risk.accounts.visitSnapshot(r)
            try! pair.risk.positions.visitSnapshot(r)
            try! pair.risk.reservations.visitSnapshot(r)
            return r.count
        }()
        var refused = 0
        for offset in 0 ..< storesEnd - 8 {
            for value in [Int64(-1), Int64.max, Int64.min, 1 << 33, 3] {
                var damaged = bytes
                withUnsafeBytes(of: value) { v in for k in 0..<8 { damaged[offset + k] = v[k] } }
                let buffer = damaged.withUnsafeBytes { SnapshotBuffer(loading: $0) }
                do throws(JournalError) {
                    try Self.load(buffer, into: &target)
                    target.matching.checkInvariants()
                } catch {
                    refused += 1
                }
            }
        }
        #expect(refused > 0)
        // The original still loads.
        try Self.load(s, into: &target)
        #expect(target.hash == pair.hash)
    }
}
