import HFTEngine

/// The suites of the liquidation engine (issue targets on the project's 2-core machine,
/// 0 allocations per op in all): `liquidation.scan` over 200,000 accounts ≤ 0.5 ms on one
/// thread and `liquidation.scan@2t` ≤ 0.3 ms on two; `liquidation.trigger` (a mark update
/// that crosses no trigger, 200,000 positions) ≤ 100 ns; `liquidation.trigger@k64` (a mark
/// update that crosses 64 triggers, each liquidated through the book) per liquidation.
func liquidationSuites() -> [any BenchmarkSuite] {
    [
        LiquidationScanSuite(threads: 1), LiquidationScanSuite(threads: 2),
        LiquidationTriggerSuite(), LiquidationTriggerCrossSuite(liquidationsPerUpdate: 64),
    ]
}

/// A matching engine, a risk core and a liquidation engine for the liquidation suites:
/// 200,000 users in pairs that trade with each other (so every account holds one position),
/// four BTC-like symbols (tick 0.01, lot 0.001, 1,000 money units per tick·lot, mark
/// 50,000, Binance brackets), plus one maker account per symbol.
final class LiquidationBenchVenue {
    static let users = 200_000
    static let mark: Int64 = 5_000_000
    var matching: MatchingEngine
    var risk: RiskCore
    var liquidation: LiquidationEngine
    var events = try! EventBuffer(capacity: 1 << 12)
    var nextOrderId: Int64 = 1

    /// `symbols`: how many symbols the pairs are spread over (1: all 200,000 positions in
    /// symbol 0). Deposits are random between 2% and 30% of the notional (20x leverage).
    init(symbols: Int, threads: Int, seed: UInt64) {
        let users = Self.users
        matching = try! MatchingEngine(configuration: EngineConfiguration(maxOrders: 1 << 14, maxPriceLevels: 1 << 14, maxSymbols: 4,
                                                                                   maxLadderTicks: 1 << 22))
        for s in 0..<4 {
            _ = try! matching.addSymbol(SymbolConfiguration(name: "S\(s)", ladderTicks: 1 << 22,
                                                            notionalScale: try! NotionalScale(moneyPerTickLot: 1_000)))
        }
        risk = try! RiskCore(RiskConfiguration(userCapacity: users + 4, symbolCapacity: 4, positionsPerSymbol: users / symbols + 16,
                                          orderCapacity: 1 << 14, maxOpenOrdersPerAccount: 1 << 12))
        for s in 0..<4 {
            try! risk.configureSymbol(s, SymbolRisk(scale: try! NotionalScale(moneyPerTickLot: 1_000), minLots: 1, maxLots: 1 << 40),
                                      brackets: RiskBenchVenue.brackets())
            try! risk.setMark(s, Price(ticks: Self.mark))
        }
        var configuration = LiquidationConfiguration()
        configuration.scanThreads = threads
        configuration.candidateCapacity = users + 4
        configuration.eventCapacity = 1 << 16
        configuration.matchEventCapacity = 1 << 12
        configuration.openOrderCapacity = 1 << 14
        liquidation = try! LiquidationEngine(configuration: configuration, risk: risk)
        var rng = SplitMix64(seed: seed)
        for pair in 0..<(users / 2) {
            let a = 2 * pair, b = a + 1
            let symbol = pair % symbols
            let lots = 1 + Int64(rng.next() % 2_000)
            let notional = lots * Self.mark * 1_000
            for account in [a, b] {
                let share = 2 + Int64(rng.next() % 28)
                try! risk.deposit(account: account, amount: Money(units: notional * share / 100 + 1 + Int64(rng.next() % 100_000_000)))
            }
            _ = try! risk.clearTrade(symbol: symbol, price: Price(ticks: Self.mark), quantity: Quantity(lots: lots),
                                     makerAccount: a, makerIsBuyer: rng.next() & 1 == 0, takerAccount: b)
        }
        for s in 0..<4 {
            try! risk.deposit(account: users + s, amount: Money(units: 1 << 59))  // 4 × 2^59 + the users stay under the 2^62 money cap
            try! risk.setLeverage(account: users + s, symbol: s, leverage: 1)
        }
        liquidation.rebuildTriggers(risk: risk)
    }
}

/// `liquidation.scan`: one full scan of 200,000 accounts (one position each, four symbols)
/// on `threads` threads: equity, maintenance margin, tier and candidates of every account.
final class LiquidationScanSuite: BenchmarkSuite {
    let name: String
    let threads: Int
    init(threads: Int) {
        self.threads = threads
        name = threads == 1 ? "liquidation.scan" : "liquidation.scan@\(threads)t"
    }
    var operationsPerBatch = 1
    var timesSingleOperations: Bool { true }
    var venue: LiquidationBenchVenue?

    func setUp(quick: Bool) {
        operationsPerBatch = quick ? 20 : 100
        venue = LiquidationBenchVenue(symbols: 4, threads: threads, seed: 61)
    }

    func runBatch() {
        blackHole(Self.scan(&venue!.liquidation.scanner, venue!.risk, operationsPerBatch))
    }

    #if !DEBUG
    @_noAllocation
    #endif
    static func scan(_ scanner: inout LiquidationScanner, _ risk: borrowing RiskCore, _ n: Int) -> Int {
        var sink = 0
        var i = 0
        while i < n { sink &+= scanner.scan(risk); i &+= 1 }
        return sink
    }

    func runLatency(_ recorder: inout LatencyRecorder) {
        for _ in 0..<operationsPerBatch {
            let start = recorder.start()
            let r = Self.scan(&venue!.liquidation.scanner, venue!.risk, 1)
            recorder.stop(start, after: r)
        }
    }

    func tearDown() { venue = nil }
}

/// `liquidation.trigger`: a mark update of a symbol with 200,000 indexed positions
/// (100,000 long, 100,000 short) that crosses no trigger: set the mark, ask the index.
final class LiquidationTriggerSuite: BenchmarkSuite {
    let name = "liquidation.trigger"
    var operationsPerBatch = 1
    var timesSingleOperations: Bool { true }
    var venue: LiquidationBenchVenue?

    func setUp(quick: Bool) {
        operationsPerBatch = quick ? 200_000 : 1_000_000
        venue = LiquidationBenchVenue(symbols: 1, threads: 1, seed: 62)
        precondition(venue!.liquidation.triggers.count(symbol: 0, isLong: true) > 90_000, "trigger suite needs indexed positions")
    }

    func runBatch() {
        blackHole(Self.updates(&venue!.matching, &venue!.risk, &venue!.liquidation, operationsPerBatch))
    }

    #if !DEBUG
    @_noAllocation
    #endif
    static func updates(_ matching: inout MatchingEngine, _ risk: inout RiskCore, _ liquidation: inout LiquidationEngine,
                        _ n: Int) -> Int {
        var sink = 0
        var i = 0
        while i < n {
            try! risk.setMark(0, Price(ticks: LiquidationBenchVenue.mark &+ Int64(i & 7)))
            sink &+= liquidation.markUpdated(symbol: 0, matching: &matching, risk: &risk)
            i &+= 1
        }
        return sink
    }

    func runLatency(_ recorder: inout LatencyRecorder) {
        for i in 0..<100_000 {
            let start = recorder.start()
            try! venue!.risk.setMark(0, Price(ticks: LiquidationBenchVenue.mark + Int64(i & 7)))
            let r = venue!.liquidation.markUpdated(symbol: 0, matching: &venue!.matching, risk: &venue!.risk)
            recorder.stop(start, after: r)
        }
    }

    func tearDown() { venue = nil }
}

/// `liquidation.trigger@k<k>`: a mark update that crosses the next `k` long triggers; each
/// account is verified, its position sold through the book (a maker bid one tick below
/// the new mark, placed before the batch, untimed) and the fee charged. ns/op is per
/// liquidation.
final class LiquidationTriggerCrossSuite: BenchmarkSuite {
    let name: String
    let k: Int
    var operationsPerBatch: Int { k }
    var venue: LiquidationBenchVenue?
    var triggers: [Int64] = []
    var batch = 0
    var nextMark: Int64 = 0

    init(liquidationsPerUpdate k: Int) {
        self.k = k
        name = "liquidation.trigger@k\(k)"
    }

    func setUp(quick: Bool) {
        let venue = LiquidationBenchVenue(symbols: 1, threads: 1, seed: 63)
        // Long triggers in descending order, distinct prices only.
        var prices: [Int64] = []
        for account in 0..<LiquidationBenchVenue.users {
            if let t = venue.liquidation.triggers.trigger(symbol: 0, account: account), t.isLong { prices.append(t.price) }
        }
        triggers = Array(Set(prices)).sorted(by: >)
        self.venue = venue
        batch = 0
    }

    func prepareBatch() {
        guard let venue else { return }
        let index = min(triggers.count - 1, (batch + 1) * k - 1)
        nextMark = triggers[index]
        batch += 1
        venue.events.removeAll()
        let id = venue.nextOrderId
        venue.nextOrderId += 1
        RiskGate.submit(.limit(id: id, account: Int64(LiquidationBenchVenue.users), symbol: SymbolID(0), side: .buy,
                               price: Price(ticks: nextMark - 1), quantity: Quantity(lots: 1 << 24)),
                        matching: &venue.matching, risk: &venue.risk, into: &venue.events)
        venue.liquidation.events.removeAll()
    }

    func runBatch() {
        blackHole(Self.update(&venue!.matching, &venue!.risk, &venue!.liquidation, nextMark))
    }

    #if !DEBUG
    @_noAllocation
    #endif
    static func update(_ matching: inout MatchingEngine, _ risk: inout RiskCore, _ liquidation: inout LiquidationEngine,
                       _ mark: Int64) -> Int {
        try! risk.setMark(0, Price(ticks: mark))
        return liquidation.markUpdated(symbol: 0, matching: &matching, risk: &risk)
    }

    func tearDown() { venue = nil }
}
