import HFTOrderManager
import Logging

/// The strategy-side order manager's suites (issue 14 targets): `oms.diff` ≤ 5 µs per
/// `setQuotes` of 50 intents against 50 live orders, `oms.report` ≤ 2 µs per execution
/// report. Both run warm, as a live OMS does: `oms.diff` requotes into one reused
/// `QuoteDecision` (the returning `setQuotes` adds its three arrays: 3 allocations per op) and
/// `oms.report` books into a fill journal reserved for the run (`reserveCapacity(symbol:fills:)`),
/// so both allocate nothing per op. The audit logger is swift-log's no-op handler (writing the
/// JSON lines is the sink's cost, not the OMS's).
func omsSuites() -> [any BenchmarkSuite] {
    [OMSDiffSuite(), OMSReportSuite()]
}

/// Builds the benchmark OMS: BTCUSDT-like rules (tick 0.10, step 0.001), risk on (collar 5%,
/// order and position notional caps, 200 open orders, no order-rate cap), 25 acknowledged bids
/// and 25 acknowledged asks of 10 lots, one tick apart from 4,999.00 / 5,001.00 outwards.
enum OMSBench {
    static let symbol = "BTCUSDT"
    static let mid: Int64 = 500_000
    static let tick: Int64 = 10

    static func make(limits: SymbolRiskLimits = SymbolRiskLimits(maxPositionNotional: 1 << 60, maxOrderNotional: 1 << 50,
                                                                  maxOpenOrders: 200, collarBasisPoints: 500)) -> OrderManager {
        var configuration = OrderManagerConfiguration(clientOrderIdPrefix: "bench", risk: RiskConfiguration(maxOrdersPerSecond: nil))
        configuration.rateLimits = RateLimitConfiguration(weightPerMinute: .max / 2, ordersPerTenSeconds: .max / 2,
                                                          ordersPerMinute: .max / 2)
        let oms = try! OrderManager(configuration: configuration,
                                    logger: Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() }))
        oms.addSymbol(SymbolRules(symbol: symbol, priceDecimals: 2, quantityDecimals: 3, tickSize: tick, stepSize: 1,
                                  minQuantity: 1, minNotional: 0),
                      limits: limits)
        oms.setReferencePrice(symbol: symbol, price: mid)
        return oms
    }

    /// The 50 quotes: level `i` of each side at `offset(i)` ticks from the mid.
    static func quotes(offset: (Int) -> Int64, quantity: Int64 = 10) -> [QuoteIntent] {
        (0..<25).flatMap { i in
            [QuoteIntent(side: .buy, price: mid - (100 + offset(i)) * tick, quantity: quantity),
             QuoteIntent(side: .sell, price: mid + (100 + offset(i)) * tick, quantity: quantity)]
        }
    }

    /// An OMS with the 50 resting quotes acknowledged. With `warmUp`, it first requotes to
    /// `warmUp` and back (all acknowledged), as a live OMS has: its queues and working arrays
    /// have their capacity.
    static func withBook(warmUp: [QuoteIntent]? = nil) -> OrderManager {
        let oms = make()
        let base = quotes(offset: { Int64($0) })
        requote(oms, base, now: 0)
        if let warmUp {
            requote(oms, warmUp, now: 20)
            requote(oms, base, now: 40)
        }
        precondition(oms.openOrders(symbol: symbol).count == 50 && oms.queuedActionCount == 0, "oms bench: book not built")
        return oms
    }

    /// `setQuotes`, then every request sent and acknowledged as the exchange would.
    static func requote(_ oms: OrderManager, _ intents: [QuoteIntent], now: Int64) {
        oms.setQuotes(symbol: symbol, intents, now: now)
        for request in oms.nextRequests(now: now + 10) {
            oms.requestSucceeded(request.id, results: request.actions.enumerated().map { k, action in
                let o = oms.order(clientOrderId: action.clientOrderId)!
                var status = ReportStatus.new, price = o.price, quantity = o.origQuantity
                switch action {
                case .place: break
                case .cancel: status = .canceled
                case .modify(let m): price = m.price; quantity = m.quantity
                }
                return .report(ExecutionReport(source: .reply, symbol: symbol, clientOrderId: o.clientOrderId,
                                               exchangeOrderId: o.exchangeOrderId ?? Int64(request.id) * 10 + Int64(k), side: o.side,
                                               status: status, price: price, origQuantity: quantity, cumulativeFilled: 0,
                                               cumulativeQuote: 0, eventTime: now + 11, transactionTime: now + 11))
            }, now: now + 11)
        }
    }
}

/// `oms.diff`: one op is one `setQuotes` of 50 intents against 50 live acknowledged orders, a
/// typical requote: 40 kept (same price and quantity), 8 moved (8 modifies, through risk), 2
/// new outer bids (through risk, new client ids) and 2 asks no longer wanted (2 cancels). Each op gets its own OMS,
/// built untimed in `prepareBatch` (and warmed by one requote cycle), so every op starts from the same book.
final class OMSDiffSuite: BenchmarkSuite {
    let name = "oms.diff"
    var operationsPerBatch = 0
    var timesSingleOperations: Bool { true }
    var books: [OrderManager] = []
    var decision = QuoteDecision()
    var wanted: [QuoteIntent] = []

    func setUp(quick: Bool) {
        // Small batches: the batch's OMS instances are built just before it and stay in cache,
        // as a live OMS requoted every few milliseconds does (400 cold instances per batch
        // measured about twice the time: every op then starts with cache misses).
        operationsPerBatch = 16
        // Bids: levels 0–19 as they are (20 kept), 20–24 five ticks further out (5 modifies),
        // two new outer levels (2 new). Asks: levels 0–19 kept (20), 20–22 moved (3 modifies),
        // 23–24 gone (2 cancels). 50 intents: 40 kept, 8 modifies, 2 new, 2 cancels.
        let m = OMSBench.mid, t = OMSBench.tick
        let bids = (0..<25).map { QuoteIntent(side: .buy, price: m - (100 + Int64($0) + ($0 >= 20 ? 5 : 0)) * t, quantity: 10) }
            + [130, 131].map { QuoteIntent(side: .buy, price: m - Int64($0) * t, quantity: 10) }
        let asks = (0..<23).map { QuoteIntent(side: .sell, price: m + (100 + Int64($0) + ($0 >= 20 ? 5 : 0)) * t, quantity: 10) }
        wanted = bids + asks
        let check = OMSBench.withBook(warmUp: wanted).setQuotes(symbol: OMSBench.symbol, wanted, now: 100)
        precondition(wanted.count == 50 && check.kept == 40 && check.modified.count == 8 && check.placed.count == 2
                     && check.canceled.count == 2 && check.refused.isEmpty,
                     "oms.diff: unexpected mix \(check.kept)/\(check.modified.count)/\(check.placed.count)/\(check.canceled.count)")
    }

    func prepareBatch() {
        books = (0..<operationsPerBatch).map { _ in OMSBench.withBook(warmUp: wanted) }
    }

    func runBatch() {
        var sum = 0
        for oms in books {
            oms.setQuotes(symbol: OMSBench.symbol, wanted, now: 100, into: &decision)
            sum &+= decision.kept
        }
        blackHole(sum)
    }

    func runLatency(_ recorder: inout LatencyRecorder) {
        for oms in books {
            let start = recorder.start()
            oms.setQuotes(symbol: OMSBench.symbol, wanted, now: 100, into: &decision)
            recorder.stop(start, after: decision.kept)
        }
    }

    func tearDown() { books = [] }
}

/// `oms.report`: one op is one stream execution report (`ORDER_TRADE_UPDATE`, a TRADE) applied
/// to one of 50 live orders: a new trade id, the cumulative filled quantity one lot higher —
/// the state machine, the fill booked into the order, the symbol's fill journal and position.
/// The orders are large (10^12 lots) so they never fill; the reports of each batch continue
/// the cumulative quantities of the previous one (built untimed in `prepareBatch`).
final class OMSReportSuite: BenchmarkSuite {
    let name = "oms.report"
    var operationsPerBatch = 0
    var timesSingleOperations: Bool { true }
    var oms: OrderManager?
    var orders: [ManagedOrder] = []
    var filled: [Int64] = []
    var tradeId: Int64 = 1
    var time: Int64 = 1_000
    var reports: [ExecutionReport] = []

    func setUp(quick: Bool) {
        operationsPerBatch = quick ? 5_000 : 20_000
        let oms = OMSBench.make(limits: SymbolRiskLimits(collarBasisPoints: 500))
        oms.setQuotes(symbol: OMSBench.symbol, OMSBench.quotes(offset: { Int64($0) }, quantity: 1_000_000_000_000), now: 0)
        for request in oms.nextRequests(now: 10) {
            oms.requestSucceeded(request.id, results: request.actions.enumerated().map { k, action in
                let o = oms.order(clientOrderId: action.clientOrderId)!
                return .report(ExecutionReport(source: .reply, symbol: OMSBench.symbol, clientOrderId: o.clientOrderId,
                                               exchangeOrderId: Int64(request.id) * 10 + Int64(k), side: o.side, status: .new,
                                               price: o.price, origQuantity: o.origQuantity, cumulativeFilled: 0,
                                               cumulativeQuote: 0, eventTime: 11, transactionTime: 11))
            }, now: 11)
        }
        // A trading day's fills (every batch of a run of up to 60 repetitions) fit in the journal and the trade-id set.
        oms.reserveCapacity(symbol: OMSBench.symbol, fills: operationsPerBatch * 64)
        orders = oms.openOrders(symbol: OMSBench.symbol)
        precondition(orders.count == 50 && orders.allSatisfy { $0.state == .new }, "oms.report: book not built")
        filled = Array(repeating: 0, count: orders.count)
        self.oms = oms
    }

    func prepareBatch() {
        reports.removeAll(keepingCapacity: true)
        for i in 0..<operationsPerBatch {
            let k = (i &* 7) % orders.count
            let o = orders[k]
            filled[k] += 1
            time += 1
            reports.append(ExecutionReport(source: .stream, symbol: OMSBench.symbol, clientOrderId: o.clientOrderId,
                                           exchangeOrderId: o.exchangeOrderId, side: o.side, status: .partiallyFilled,
                                           price: o.price, origQuantity: o.origQuantity, cumulativeFilled: filled[k],
                                           lastFill: ReportFill(tradeId: tradeId, quantity: 1, price: o.price),
                                           eventTime: time, transactionTime: time))
            tradeId += 1
        }
    }

    func runBatch() {
        let oms = oms!
        var applied = 0
        for r in reports where oms.apply(r, now: r.eventTime) == .applied { applied += 1 }
        precondition(applied == operationsPerBatch, "oms.report: a report was not applied")
    }

    func runLatency(_ recorder: inout LatencyRecorder) {
        let oms = oms!
        for r in reports {
            let start = recorder.start()
            let outcome = oms.apply(r, now: r.eventTime)
            recorder.stop(start, after: outcome == .applied ? 1 : 0)
        }
    }
}
