import HFTEngine

/// The suites of the risk core and perpetuals (issue targets on the project's 2-core
/// machine, 0 allocations per op in all): `risk.pretrade` ≤ 20 ns, `risk.clearing`
/// ≤ 30 ns, `perp.mark` ≤ 20 ns, `perp.funding` (200,000 positions) ≤ 200 µs,
/// `risk.margin` (cross account, 4 positions) ≤ 50 ns.
func riskSuites() -> [any BenchmarkSuite] {
    [
        PreTradeSuite(activeAccounts: 64), PreTradeSuite(activeAccounts: 4_096),
        ClearingSuite(activeAccounts: 64), ClearingSuite(activeAccounts: 4_096),
        MarkPriceSuite(), FundingSuite(),
        AccountMarginSuite(activeAccounts: 64), AccountMarginSuite(activeAccounts: 4_096),
        AccountMarginSuite(activeAccounts: 64, liquidationPrices: false),
    ]
}

/// Owns a ``RiskCore`` (a noncopyable value) for a suite; built in `setUp`, so that merely
/// listing the suites allocates nothing large.
final class RiskCoreBox {
    var core: RiskCore
    init(_ core: consuming RiskCore) { self.core = core }
}

/// The benchmark venue: 1M user accounts, four BTC-like symbols (tick 0.01, lot 0.001,
/// USDT with 8 decimals: 1,000 money units per tick·lot), Binance's BTCUSDT brackets,
/// maker −1 bp, taker 4 bp, band 5%, mark 50,000.
enum RiskBenchVenue {
    static let users = 1 << 20
    static let symbols = 4
    static let mark: Int64 = 5_000_000

    static func brackets() -> BracketTable {
        let rows: [(Int64, Int64, Int64)] = [
            (50_000, 400_000, 125), (250_000, 500_000, 100), (1_000_000, 1_000_000, 50), (10_000_000, 2_500_000, 20),
            (20_000_000, 5_000_000, 10), (50_000_000, 10_000_000, 5), (100_000_000, 12_500_000, 4),
            (200_000_000, 15_000_000, 3), (300_000_000, 25_000_000, 2), (500_000_000, 50_000_000, 1),
        ]
        return try! BracketTable(rows.map {
            MarginBracket(notionalCap: Money(units: $0.0 * 100_000_000), maintenanceRate: Rate(e8: $0.1), maxLeverage: $0.2)
        })
    }

    static func make(positionsPerSymbol: Int, orders: Int = 1 << 16) -> RiskCoreBox {
        var core = try! RiskCore(RiskConfiguration(userCapacity: users, symbolCapacity: symbols,
                                              positionsPerSymbol: positionsPerSymbol, orderCapacity: orders))
        for s in 0..<symbols {
            try! core.configureSymbol(s, SymbolRisk(scale: try! NotionalScale(moneyPerTickLot: 1_000),
                                                    makerRate: Rate(basisPoints: -1), takerRate: Rate(basisPoints: 4),
                                                    band: Rate(e8: 5_000_000), minLots: 1, maxLots: 1_000_000), brackets: brackets())
            try! core.setMark(s, Price(ticks: mark))
        }
        return RiskCoreBox(core)
    }

    /// `count` distinct random user accounts.
    static func accounts(_ count: Int, seed: UInt64) -> [Int] {
        var rng = SplitMix64(seed: seed)
        var all = Array(0..<users)
        all.shuffle(using: &rng)
        return Array(all.prefix(count))
    }
}

/// `risk.pretrade`: the full pre-trade check of one order (symbol, halt, quantity, band,
/// open orders, position lookup, reduce-only, bracket leverage, initial margin + taker fee
/// against available balance) for orders of the active accounts (half of them hold positions),
/// in a random order.
final class PreTradeSuite: BenchmarkSuite {
    let name: String
    let activeAccounts: Int

    /// `activeAccounts` random accounts of the 1M take part (a power of two); with 64 their
    /// data stays in L1/L2, with 4,096 most operations miss to L2/L3. The suite with 64 is
    /// named `risk.pretrade`, the others `risk.pretrade@<n>`.
    init(activeAccounts: Int) {
        self.activeAccounts = activeAccounts
        name = activeAccounts == 64 ? "risk.pretrade" : "risk.pretrade@\(activeAccounts)"
    }

    var operationsPerBatch = 0
    var timesSingleOperations: Bool { true }
    var box: RiskCoreBox?
    var orders: [PreTradeOrder] = []

    func setUp(quick: Bool) {
        operationsPerBatch = quick ? 1_000_000 : 10_000_000
        let box = RiskBenchVenue.make(positionsPerSymbol: 8_192)
        let accounts = RiskBenchVenue.accounts(activeAccounts, seed: 21)
        var rng = SplitMix64(seed: 22)
        for a in accounts { try! box.core.deposit(account: a, amount: Money(units: 100_000 * 100_000_000)) }
        for i in stride(from: 0, to: accounts.count, by: 2) {
            _ = try! box.core.clearTrade(symbol: 0, price: Price(ticks: RiskBenchVenue.mark), quantity: Quantity(lots: 100),
                                         makerAccount: accounts[i], makerIsBuyer: true, takerAccount: accounts[i + 1])
        }
        orders = (0..<4_096).map { i in
            PreTradeOrder(orderId: Int64(i + 1), account: accounts[Int(rng.next() % UInt64(activeAccounts))], symbol: 0,
                          isBuy: rng.next() & 1 == 0, price: Price(ticks: RiskBenchVenue.mark + Int64(rng.next() % 200_000) - 100_000),
                          quantity: Quantity(lots: 1 + Int64(rng.next() % 500)), reduceOnly: i % 8 == 0)
        }
        self.box = box
    }

    func runBatch() {
        blackHole(orders.withUnsafeBufferPointer { Self.checkAll(box!.core, $0, operationsPerBatch) })
    }

    // Checked in release builds only: debug builds do not inline the engine's functions.
    #if !DEBUG
    @_noAllocation
    #endif
    static func checkAll(_ core: borrowing RiskCore, _ orders: UnsafeBufferPointer<PreTradeOrder>, _ count: Int) -> Int64 {
        var sum: Int64 = 0
        for i in 0..<count {
            do throws(RiskReject) {
                sum &+= try core.check(orders[i & 4_095]).reservation.units
            } catch {
                sum &+= Int64(error.rawValue)
            }
        }
        return sum
    }

    func runLatency(_ recorder: inout LatencyRecorder) {
        let core = box!
        for i in 0..<operationsPerBatch {
            let start = recorder.start()
            let r = Self.checkAll(core.core, orders.withUnsafeBufferPointer { UnsafeBufferPointer(rebasing: $0[(i & 4_095)...]) }, 1)
            recorder.stop(start, after: Int(r))
        }
    }

    func tearDown() { box = nil; orders = [] }
}

/// `risk.clearing`: one trade cleared on both sides (positions opened, increased, reduced,
/// closed or flipped at random; realized PnL; maker rebate and taker fee to and from the fee
/// account) between two of the active accounts.
final class ClearingSuite: BenchmarkSuite {
    let name: String
    let activeAccounts: Int

    /// `activeAccounts` random accounts of the 1M take part (a power of two); with 64 their
    /// data stays in L1/L2, with 4,096 most operations miss to L2/L3. The suite with 64 is
    /// named `risk.clearing`, the others `risk.clearing@<n>`.
    init(activeAccounts: Int) {
        self.activeAccounts = activeAccounts
        name = activeAccounts == 64 ? "risk.clearing" : "risk.clearing@\(activeAccounts)"
    }

    var operationsPerBatch = 0
    var timesSingleOperations: Bool { true }
    var box: RiskCoreBox?
    var trades: [(maker: Int, taker: Int, price: Int64, lots: Int64, makerBuys: Bool)] = []

    func setUp(quick: Bool) {
        operationsPerBatch = quick ? 1_000_000 : 10_000_000
        let box = RiskBenchVenue.make(positionsPerSymbol: 8_192)
        let accounts = RiskBenchVenue.accounts(activeAccounts, seed: 31)
        for a in accounts { try! box.core.deposit(account: a, amount: Money(units: 1_000_000 * 100_000_000)) }
        var rng = SplitMix64(seed: 32)
        trades = (0..<65_536).map { _ in
            let maker = accounts[Int(rng.next() % UInt64(activeAccounts))]
            var taker = accounts[Int(rng.next() % UInt64(activeAccounts))]
            if taker == maker { taker = accounts[0] == maker ? accounts[1] : accounts[0] }
            return (maker, taker, RiskBenchVenue.mark + Int64(rng.next() % 20_000) - 10_000, 1 + Int64(rng.next() % 100),
                    rng.next() & 1 == 0)
        }
        self.box = box
    }

    func runBatch() { blackHole(Self.clearAll(&box!.core, trades, operationsPerBatch)) }

    static func clearAll(_ core: inout RiskCore, _ trades: [(maker: Int, taker: Int, price: Int64, lots: Int64, makerBuys: Bool)],
                         _ count: Int) -> Int64 {
        trades.withUnsafeBufferPointer { clearAll(&core, $0, count) }
    }

    // Checked in release builds only: debug builds do not inline the engine's functions.
    #if !DEBUG
    @_noAllocation
    #endif
    static func clearAll(_ core: inout RiskCore, _ trades: UnsafeBufferPointer<(maker: Int, taker: Int, price: Int64, lots: Int64, makerBuys: Bool)>,
                         _ count: Int) -> Int64 {
        var sum: Int64 = 0
        for i in 0..<count {
            let t = trades[i & 65_535]
            do throws(RiskReject) {
                let r = try core.clearTrade(symbol: 0, price: Price(ticks: t.price), quantity: Quantity(lots: t.lots),
                                            makerAccount: t.maker, makerIsBuyer: t.makerBuys, takerAccount: t.taker)
                sum &+= r.maker.realizedPnL &+ r.taker.fee
            } catch {
                sum &+= 1
            }
        }
        return sum
    }

    func runLatency(_ recorder: inout LatencyRecorder) {
        let box = box!
        trades.withUnsafeBufferPointer { buffer in
            for i in 0..<operationsPerBatch {
                let start = recorder.start()
                let r = Self.clearAll(&box.core, UnsafeBufferPointer(rebasing: buffer[(i & 65_535)...]), 1)
                recorder.stop(start, after: Int(r))
            }
        }
    }

    func tearDown() { box = nil; trades = [] }
}

/// `perp.mark`: one index update: a basis sample from the book mid, the mark-price rule
/// (median of P1, P2 with the 30-sample moving basis, last trade) and the new mark stored
/// into the symbol's risk record.
final class MarkPriceSuite: BenchmarkSuite {
    let name = "perp.mark"
    var operationsPerBatch = 0
    var timesSingleOperations: Bool { true }
    var box: RiskCoreBox?
    var rule = try! MarkPriceRule(fundingIntervalSeconds: 28_800, lastFundingRate: Rate(e8: 10_000))
    var inputs: [(index: Int64, mid: Int64, last: Int64)] = []

    func setUp(quick: Bool) {
        operationsPerBatch = quick ? 1_000_000 : 10_000_000
        box = RiskBenchVenue.make(positionsPerSymbol: 16)
        var rng = SplitMix64(seed: 41)
        inputs = (0..<4_096).map { _ in
            let index = RiskBenchVenue.mark + Int64(rng.next() % 10_000) - 5_000
            return (index, index + Int64(rng.next() % 2_000) - 1_000, index + Int64(rng.next() % 4_000) - 2_000)
        }
    }

    func runBatch() {
        blackHole(inputs.withUnsafeBufferPointer { Self.updateAll(&box!.core, &rule, $0, operationsPerBatch) })
    }

    // Checked in release builds only: debug builds do not inline the engine's functions.
    #if !DEBUG
    @_noAllocation
    #endif
    static func updateAll(_ core: inout RiskCore, _ rule: inout MarkPriceRule,
                          _ inputs: UnsafeBufferPointer<(index: Int64, mid: Int64, last: Int64)>, _ count: Int) -> Int64 {
        var sum: Int64 = 0
        for i in 0..<count {
            let x = inputs[i & 4_095]
            let mark = rule.update(index: x.index, mid: x.mid, lastTrade: x.last, secondsToFunding: Int64(i & 16_383))
            try! core.setIndex(1, Price(ticks: x.index))
            try! core.setMark(1, Price(ticks: mark))
            sum &+= mark
        }
        return sum
    }

    func runLatency(_ recorder: inout LatencyRecorder) {
        let box = box!
        inputs.withUnsafeBufferPointer { buffer in
            for i in 0..<operationsPerBatch {
                let start = recorder.start()
                let r = Self.updateAll(&box.core, &rule, UnsafeBufferPointer(rebasing: buffer[(i & 4_095)...]), 1)
                recorder.stop(start, after: Int(r))
            }
        }
    }

    func tearDown() { box = nil; inputs = [] }
}

/// `perp.funding`: one funding settlement of a symbol with 200,000 open positions held by
/// 200,000 random accounts of the 1M, alternating the sign of the rate. One operation is
/// the whole settlement.
final class FundingSuite: BenchmarkSuite {
    let name = "perp.funding"
    var operationsPerBatch = 1
    var timesSingleOperations: Bool { true }
    var box: RiskCoreBox?
    var flip = false

    func setUp(quick: Bool) {
        let box = RiskBenchVenue.make(positionsPerSymbol: 200_000)
        let accounts = RiskBenchVenue.accounts(200_000, seed: 51)
        var rng = SplitMix64(seed: 52)
        for i in stride(from: 0, to: accounts.count, by: 2) {
            _ = try! box.core.clearTrade(symbol: 2, price: Price(ticks: RiskBenchVenue.mark), quantity: Quantity(lots: 1 + Int64(rng.next() % 5_000)),
                                         makerAccount: accounts[i], makerIsBuyer: rng.next() & 1 == 0, takerAccount: accounts[i + 1])
        }
        precondition(box.core.positions.count(2) == 200_000, "funding suite needs 200,000 positions")
        self.box = box
    }

    func runBatch() {
        flip.toggle()
        blackHole(Self.settle(&box!.core, flip))
    }

    // Checked in release builds only: debug builds do not inline the engine's functions.
    #if !DEBUG
    @_noAllocation
    #endif
    static func settle(_ core: inout RiskCore, _ flip: Bool) -> Int64 {
        let summary = try! core.settleFunding(symbol: 2, rate: Rate(e8: flip ? 12_345 : -12_345), mark: Price(ticks: RiskBenchVenue.mark + 123))
        return summary.paid &+ summary.remainder
    }

    func runLatency(_ recorder: inout LatencyRecorder) {
        flip.toggle()
        let start = recorder.start()
        let r = Self.settle(&box!.core, flip)
        recorder.stop(start, after: Int(r))
    }

    func tearDown() { box = nil }
}

/// `risk.margin`: equity, maintenance margin and the liquidation price of each of the 4
/// cross positions of one account (4 symbols), for each of the active accounts in turn.
final class AccountMarginSuite: BenchmarkSuite {
    let name: String
    let activeAccounts: Int

    /// `activeAccounts` random accounts of the 1M take part (a power of two); with 64 their
    /// data stays in L1/L2, with 4,096 most operations miss to L2/L3. The suite with 64 is
    /// named `risk.margin`, the others `risk.margin@<n>`. `risk.margin.equity` computes the
    /// account's equity and maintenance margin only (no liquidation prices), to show the split.
    init(activeAccounts: Int, liquidationPrices: Bool = true) {
        self.activeAccounts = activeAccounts
        self.liquidationPrices = liquidationPrices
        name = !liquidationPrices ? "risk.margin.equity"
            : activeAccounts == 64 ? "risk.margin" : "risk.margin@\(activeAccounts)"
    }

    let liquidationPrices: Bool

    var operationsPerBatch = 0
    var timesSingleOperations: Bool { true }
    var box: RiskCoreBox?
    var accounts: [Int] = []

    func setUp(quick: Bool) {
        operationsPerBatch = quick ? 1_000_000 : 5_000_000
        let box = RiskBenchVenue.make(positionsPerSymbol: 8_192)
        accounts = RiskBenchVenue.accounts(activeAccounts, seed: 61)
        var rng = SplitMix64(seed: 62)
        for a in accounts { try! box.core.deposit(account: a, amount: Money(units: 20_000 * 100_000_000)) }
        for s in 0..<RiskBenchVenue.symbols {
            for i in stride(from: 0, to: accounts.count, by: 2) {
                _ = try! box.core.clearTrade(symbol: s, price: Price(ticks: RiskBenchVenue.mark - 100_000 + Int64(rng.next() % 200_000)),
                                             quantity: Quantity(lots: 1 + Int64(rng.next() % 2_000)), makerAccount: accounts[i],
                                             makerIsBuyer: rng.next() & 1 == 0, takerAccount: accounts[i + 1])
            }
        }
        self.box = box
    }

    func runBatch() {
        blackHole(accounts.withUnsafeBufferPointer {
            liquidationPrices ? Self.marginAll(box!.core, $0, operationsPerBatch) : Self.equityAll(box!.core, $0, operationsPerBatch)
        })
    }

    // Checked in release builds only: debug builds do not inline the engine's functions.
    #if !DEBUG
    @_noAllocation
    #endif
    static func equityAll(_ core: borrowing RiskCore, _ accounts: UnsafeBufferPointer<Int>, _ count: Int) -> Int64 {
        var sum: Int64 = 0
        for i in 0..<count {
            let m = core.accountMargin(accounts[i & (accounts.count &- 1)])
            sum &+= m.equity &+ m.maintenanceMargin
        }
        return sum
    }

    // Checked in release builds only: debug builds do not inline the engine's functions.
    #if !DEBUG
    @_noAllocation
    #endif
    static func marginAll(_ core: borrowing RiskCore, _ accounts: UnsafeBufferPointer<Int>, _ count: Int) -> Int64 {
        var sum: Int64 = 0
        for i in 0..<count {
            sum &+= marginOne(core, accounts[i & (accounts.count &- 1)])
        }
        return sum
    }

    // Checked in release builds only: debug builds do not inline the engine's functions.
    #if !DEBUG
    @_noAllocation
    #endif
    @inline(__always)
    static func marginOne(_ core: borrowing RiskCore, _ account: Int) -> Int64 {
        let m = core.accountMargin(account)
        var sum = m.equity &+ m.maintenanceMargin
        var slot = core.accounts.firstPosition(account)
        while slot >= 0 {
            sum &+= core.liquidationPrice(slot: slot, margin: m)?.ticks ?? 0
            slot = core.positions.nextSlot(ofAccount: slot)
        }
        return sum
    }

    func runLatency(_ recorder: inout LatencyRecorder) {
        let box = box!
        for i in 0..<operationsPerBatch {
            let start = recorder.start()
            let account = accounts[i & (activeAccounts - 1)]
            let r = liquidationPrices ? Self.marginOne(box.core, account) : box.core.accountMargin(account).equity
            recorder.stop(start, after: Int(r))
        }
    }

    func tearDown() { box = nil; accounts = [] }
}
