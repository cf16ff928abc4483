import HFTEngine

/// The suites of the options code (issue 4 targets on the project's 2-core machine, all
/// with 0 allocations per op): `options.greeks.scalar` ≤ 30 ns, `options.greeks.batch`
/// ≤ 5 ns per option on one thread, `options.iv.ordinary` ≤ 100 ns per implied volatility;
/// `options.greeks.batch.allcores`, `options.iv.hard`, `options.iv.batch` (SIMD, one thread),
/// `options.iv.batch.allcores` and `options.scenario` are reported.
func optionsSuites() -> [any BenchmarkSuite] {
    [
        OptionsGreeksScalarSuite(), OptionsGreeksBatchSuite(allCores: false), OptionsGreeksBatchSuite(allCores: true),
        OptionsImpliedVolatilitySuite(hard: false), OptionsImpliedVolatilitySuite(hard: true),
        OptionsImpliedVolatilityBatchSuite(allCores: false), OptionsImpliedVolatilityBatchSuite(allCores: true),
        OptionsScenarioSuite(),
    ]
}

/// Deterministic option sets for the suites.
enum OptionsWorkload {
    /// Options spread over the ordinary region (T 1 week … 2 years, σ 0.05 … 1, |h| ≤ 2.5).
    static func ordinary(count: Int, seed: UInt64) -> [OptionContract] {
        var rng = SplitMix64(seed: seed)
        func uniform() -> Double { Double(rng.next() >> 11) * 0x1p-53 }
        return (0..<count).map { _ in
            let t = OptionMath.exp(OptionMath.log(7.0 / 365) + uniform() * OptionMath.log(2 * 365.0 / 7))
            let sigma = OptionMath.exp(OptionMath.log(0.05) + uniform() * OptionMath.log(20))
            let r = 0.08 * uniform() - 0.01
            let q = 0.05 * uniform()
            let h = 5 * uniform() - 2.5
            let strike = 100 * OptionMath.exp((r - q) * t - h * sigma * t.squareRoot())
            return OptionContract(kind: uniform() < 0.5 ? .call : .put, spot: 100, strike: strike, expiry: t,
                                  rate: r, dividendYield: q, volatility: sigma)
        }
    }

    /// Hard cases: deep out of the money (4–11 standard deviations), near intrinsic (in the
    /// money by 3–9 standard deviations), tiny (0.001–0.01) and huge (2–5) volatility, and
    /// expiries from one minute to one day, in equal parts.
    static func hard(count: Int, seed: UInt64) -> [OptionContract] {
        var rng = SplitMix64(seed: seed)
        func uniform() -> Double { Double(rng.next() >> 11) * 0x1p-53 }
        func logUniform(_ a: Double, _ b: Double) -> Double {
            OptionMath.exp(OptionMath.log(a) + uniform() * OptionMath.log(b / a))
        }
        let minute = 1.0 / 525_600
        var options: [OptionContract] = []
        while options.count < count {
            let kind: OptionKind = uniform() < 0.5 ? .call : .put
            let theta = kind == .call ? 1.0 : -1.0
            let r = 0.08 * uniform() - 0.01
            let q = 0.05 * uniform()
            var t = logUniform(minute, 5)
            var sigma = logUniform(0.001, 5)
            var h: Double
            switch options.count % 4 {
            case 0: h = -theta * (4 + 7 * uniform())      // deep out of the money
            case 1: h = theta * (3 + 6 * uniform())        // near intrinsic
            case 2:
                sigma = uniform() < 0.5 ? logUniform(0.001, 0.01) : logUniform(2, 5)
                h = 6 * uniform() - 3
            default:
                t = logUniform(minute, 1.0 / 365)
                h = 12 * uniform() - 6
            }
            let strike = 100 * OptionMath.exp((r - q) * t - h * sigma * t.squareRoot())
            let option = OptionContract(kind: kind, spot: 100, strike: strike, expiry: t, rate: r,
                                        dividendYield: q, volatility: sigma)
            let price = BlackScholes.price(option)
            // Keep prices ≥ 1e-30 that have an implied volatility.
            guard price >= 1e-30, (try? ImpliedVolatility.volatility(
                kind: kind, price: price, spot: 100, strike: strike, expiry: t, rate: r, dividendYield: q)) != nil
            else { continue }
            options.append(option)
        }
        return options
    }
}

/// `options.greeks.scalar`: price and all seven Greeks of one option (scalar API).
final class OptionsGreeksScalarSuite: BenchmarkSuite {
    let name = "options.greeks.scalar"
    var operationsPerBatch = 0
    var timesSingleOperations: Bool { true }
    var options: [OptionContract] = []

    func setUp(quick: Bool) {
        options = OptionsWorkload.ordinary(count: 4096, seed: 11)
        operationsPerBatch = quick ? 200_000 : 2_000_000
    }

    func runBatch() {
        blackHole(options.withUnsafeBufferPointer { Self.run($0, operationsPerBatch) })
    }

    @_noAllocation
    static func run(_ options: UnsafeBufferPointer<OptionContract>, _ count: Int) -> Double {
        var sum = 0.0
        var i = 0
        for _ in 0..<count {
            let g = BlackScholes.greeks(options[i])
            sum += g.price + g.delta + g.gamma + g.vega + g.theta + g.rho + g.vanna + g.volga
            i += 1
            if i == options.count { i = 0 }
        }
        return sum
    }

    func runLatency(_ recorder: inout LatencyRecorder) {
        options.withUnsafeBufferPointer { os in
            var i = 0
            for _ in 0..<operationsPerBatch {
                let start = recorder.start()
                let g = BlackScholes.greeks(os[i])
                recorder.stop(start, after: Int(truncatingIfNeeded: (g.price + g.volga).bitPattern))
                i += 1
                if i == os.count { i = 0 }
            }
        }
    }
}

/// Holds a worker pool (a noncopyable value) for a suite class.
final class GreeksWorkersBox {
    let workers: GreeksWorkers
    init(threads: Int) { workers = try! GreeksWorkers(threads: threads) }
}

/// `options.greeks.batch` (one thread) and `options.greeks.batch.allcores` (one thread
/// per online CPU, persistent workers): price and Greeks of 4,096 options in
/// struct-of-arrays columns per call; one operation is one option.
final class OptionsGreeksBatchSuite: BenchmarkSuite {
    let name: String
    let allCores: Bool
    var operationsPerBatch = 0
    var batch = try! OptionBatch(capacity: 4096)
    var calls = 0
    var pool: GreeksWorkersBox?

    init(allCores: Bool) {
        self.allCores = allCores
        name = allCores ? "options.greeks.batch.allcores" : "options.greeks.batch"
    }

    func setUp(quick: Bool) {
        for (i, o) in OptionsWorkload.ordinary(count: batch.capacity, seed: 12).enumerated() { try! batch.set(i, o) }
        calls = quick ? 50 : 500
        operationsPerBatch = calls * batch.capacity
        if allCores { pool = GreeksWorkersBox(threads: GreeksWorkers.onlineProcessorCount) }
    }

    func runBatch() {
        let inputs = batch.inputs
        let outputs = batch.outputs
        if let pool {
            Self.run(pool.workers, inputs, outputs, calls)
        } else {
            Self.run(inputs, outputs, calls)
        }
        blackHole(outputs.price[17] + outputs.volga[4095])
    }

    @_noAllocation
    static func run(_ inputs: OptionColumns, _ outputs: GreeksColumns, _ calls: Int) {
        for _ in 0..<calls { BlackScholes.greeks(inputs, into: outputs) }
    }

    @_noAllocation
    static func run(_ workers: borrowing GreeksWorkers, _ inputs: OptionColumns, _ outputs: GreeksColumns,
                    _ calls: Int) {
        for _ in 0..<calls { workers.greeks(inputs, into: outputs) }
    }

    func tearDown() { pool = nil }
}

/// `options.iv.ordinary` and `options.iv.hard`: one implied volatility from a price
/// (prices precomputed from known volatilities; see ``OptionsWorkload``).
final class OptionsImpliedVolatilitySuite: BenchmarkSuite {
    let name: String
    let hard: Bool
    var operationsPerBatch = 0
    var timesSingleOperations: Bool { true }
    var options: [OptionContract] = []
    var prices: [Double] = []

    init(hard: Bool) {
        self.hard = hard
        name = hard ? "options.iv.hard" : "options.iv.ordinary"
    }

    func setUp(quick: Bool) {
        options = hard ? OptionsWorkload.hard(count: 4096, seed: 14) : OptionsWorkload.ordinary(count: 4096, seed: 13)
        prices = options.map { BlackScholes.price($0) }
        operationsPerBatch = quick ? 100_000 : 1_000_000
    }

    func runBatch() {
        blackHole(options.withUnsafeBufferPointer { os in
            prices.withUnsafeBufferPointer { ps in Self.run(os, ps, operationsPerBatch) }
        })
    }

    @_noAllocation
    static func run(_ options: UnsafeBufferPointer<OptionContract>, _ prices: UnsafeBufferPointer<Double>,
                    _ count: Int) -> Double {
        var sum = 0.0
        var i = 0
        for _ in 0..<count {
            let o = options[i]
            do throws(ImpliedVolatilityError) {
                sum += try ImpliedVolatility.volatility(kind: o.kind, price: prices[i], spot: o.spot, strike: o.strike,
                                                        expiry: o.expiry, rate: o.rate, dividendYield: o.dividendYield)
            } catch {
                sum -= 1
            }
            i += 1
            if i == options.count { i = 0 }
        }
        return sum
    }

    func runLatency(_ recorder: inout LatencyRecorder) {
        options.withUnsafeBufferPointer { os in
            prices.withUnsafeBufferPointer { ps in
                var i = 0
                for _ in 0..<operationsPerBatch {
                    let o = os[i]
                    let start = recorder.start()
                    let iv = (try? ImpliedVolatility.volatility(
                        kind: o.kind, price: ps[i], spot: o.spot, strike: o.strike, expiry: o.expiry, rate: o.rate,
                        dividendYield: o.dividendYield)) ?? -1
                    recorder.stop(start, after: Int(truncatingIfNeeded: iv.bitPattern))
                    i += 1
                    if i == os.count { i = 0 }
                }
            }
        }
    }
}

/// `options.iv.batch` (one thread) and `options.iv.batch.allcores` (one thread per online
/// CPU, persistent workers): implied volatilities of the 4,096 options of
/// `options.iv.ordinary` (same seed) in struct-of-arrays columns per call, through the SIMD
/// solver; one operation is one option.
final class OptionsImpliedVolatilityBatchSuite: BenchmarkSuite {
    let name: String
    let allCores: Bool
    var operationsPerBatch = 0
    var calls = 0
    /// Seven input columns and the output column of 4,096 rows, one allocation.
    let storage = UnsafeMutableBufferPointer<Double>.allocate(capacity: 8 * 4096)
    var pool: GreeksWorkersBox?

    init(allCores: Bool) {
        self.allCores = allCores
        name = allCores ? "options.iv.batch.allcores" : "options.iv.batch"
    }

    deinit { storage.deallocate() }

    func column(_ index: Int) -> UnsafeMutableBufferPointer<Double> {
        UnsafeMutableBufferPointer(rebasing: storage[index * 4096 ..< (index + 1) * 4096])
    }

    func setUp(quick: Bool) {
        for (i, o) in OptionsWorkload.ordinary(count: 4096, seed: 13).enumerated() {
            let values = [o.kind == .call ? 1 : -1, BlackScholes.price(o), o.spot, o.strike, o.expiry, o.rate,
                          o.dividendYield, 0]
            for (c, value) in values.enumerated() { column(c)[i] = value }
        }
        calls = quick ? 25 : 250
        operationsPerBatch = calls * 4096
        if allCores { pool = GreeksWorkersBox(threads: GreeksWorkers.onlineProcessorCount) }
    }

    func runBatch() {
        let inputs = ImpliedVolatilityColumns(
            sign: UnsafeBufferPointer(column(0)), price: UnsafeBufferPointer(column(1)),
            spot: UnsafeBufferPointer(column(2)), strike: UnsafeBufferPointer(column(3)),
            expiry: UnsafeBufferPointer(column(4)), rate: UnsafeBufferPointer(column(5)),
            dividendYield: UnsafeBufferPointer(column(6)))
        let sigma = column(7)
        if let pool {
            Self.run(pool.workers, inputs, sigma, calls)
        } else {
            Self.run(inputs, sigma, calls)
        }
        blackHole(sigma[17] + sigma[4095])
    }

    @_noAllocation
    static func run(_ inputs: ImpliedVolatilityColumns, _ sigma: UnsafeMutableBufferPointer<Double>, _ calls: Int) {
        for _ in 0..<calls { ImpliedVolatility.volatilities(inputs, into: sigma) }
    }

    @_noAllocation
    static func run(_ workers: borrowing GreeksWorkers, _ inputs: ImpliedVolatilityColumns,
                    _ sigma: UnsafeMutableBufferPointer<Double>, _ calls: Int) {
        for _ in 0..<calls { workers.volatilities(inputs, into: sigma) }
    }

    func tearDown() { pool = nil }
}

/// `options.scenario`: PnL of a 100-option portfolio (plus two linear hedges) on the
/// standard 21 × 11 grid of spot × volatility shocks; one operation is one full grid.
final class OptionsScenarioSuite: BenchmarkSuite {
    let name = "options.scenario"
    var operationsPerBatch = 0
    var timesSingleOperations: Bool { true }
    var portfolio = try! OptionPortfolio(optionCapacity: 100, linearCapacity: 4)
    let grid = ScenarioGrid.standard()
    var pnl: [Double] = []

    func setUp(quick: Bool) {
        portfolio.removeAll()
        for (k, o) in OptionsWorkload.ordinary(count: 100, seed: 15).enumerated() {
            try? portfolio.addOption(o, quantity: Double(k % 9) - 4)
        }
        try? portfolio.addLinear(quantity: -30, spot: 100)
        try? portfolio.addLinear(quantity: 12, spot: 100)
        pnl = [Double](repeating: 0, count: grid.cellCount)
        operationsPerBatch = quick ? 50 : 500
    }

    func runBatch() {
        pnl.withUnsafeMutableBufferPointer { buffer in
            Self.run(grid, portfolio, buffer, operationsPerBatch)
        }
        blackHole(pnl[0])
    }

    @_noAllocation
    static func run(_ grid: borrowing ScenarioGrid, _ portfolio: borrowing OptionPortfolio,
                    _ pnl: UnsafeMutableBufferPointer<Double>, _ count: Int) {
        for _ in 0..<count { try? grid.evaluate(portfolio, into: pnl) }
    }

    func runLatency(_ recorder: inout LatencyRecorder) {
        pnl.withUnsafeMutableBufferPointer { buffer in
            for _ in 0..<operationsPerBatch {
                let start = recorder.start()
                try? grid.evaluate(portfolio, into: buffer)
                recorder.stop(start, after: Int(truncatingIfNeeded: buffer[7].bitPattern))
            }
        }
    }
}
