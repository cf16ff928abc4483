import AllocationCounter
import Testing
@testable import HFTEngine

/// A deterministic pseudo-random option set (SplitMix64), inside the validated domain.
struct OptionSampler {
    var state: UInt64
    mutating func next() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Double((z ^ (z >> 31)) >> 11) * 0x1p-53
    }
    mutating func option() -> OptionContract {
        OptionContract(kind: next() < 0.5 ? .call : .put, spot: 100, strike: 60 + 80 * next(),
                       expiry: 0.02 + 2 * next(), rate: 0.05 * next(), dividendYield: 0.03 * next(),
                       volatility: 0.05 + next())
    }
}

@Suite("Options: batch, workers, scenario grid, allocations")
struct OptionsBatchAndScenarioTests {
    @Test func workersMatchSingleThread() {
        let n = 10_003
        var sampler = OptionSampler(state: 42)
        var single = try! OptionBatch(capacity: n)
        var parallel = try! OptionBatch(capacity: n)
        for i in 0..<n {
            let o = sampler.option()
            try! single.set(i, o)
            try! parallel.set(i, o)
        }
        BlackScholes.greeks(single.inputs, into: single.outputs)
        let workers = try! GreeksWorkers(threads: 3)
        for _ in 0..<3 { workers.greeks(parallel.inputs, into: parallel.outputs) }
        var differences = 0
        for i in 0..<n where single.outputs[i] != parallel.outputs[i] { differences += 1 }
        #expect(differences == 0)
        // And the batch equals the scalar path bit for bit on ordinary inputs.
        var sampler2 = OptionSampler(state: 42)
        var scalarDifferences = 0
        for i in 0..<n where BlackScholes.greeks(sampler2.option()) != single.outputs[i] { scalarDifferences += 1 }
        #expect(scalarDifferences == 0)
    }

    static func portfolio() -> OptionPortfolio {
        var sampler = OptionSampler(state: 7)
        var portfolio = try! OptionPortfolio(optionCapacity: 100, linearCapacity: 4)
        for k in 0..<100 {
            try! portfolio.addOption(sampler.option(), quantity: Double(k % 7) - 3)
        }
        try! portfolio.addLinear(quantity: -25, spot: 100)
        try! portfolio.addLinear(quantity: 10, spot: 100)
        return portfolio
    }

    @Test func scenarioGridMatchesBruteForce() throws {
        let portfolio = Self.portfolio()
        let grid = ScenarioGrid.standard()
        #expect(grid.spotCount == 21 && grid.volatilityCount == 11)
        var pnl = [Double](repeating: .nan, count: grid.cellCount)
        try pnl.withUnsafeMutableBufferPointer { buffer throws(ScenarioGridError) in
            try grid.evaluate(portfolio, into: buffer)
        }
        // The centre cell (no shock) is zero.
        #expect(abs(pnl[10 * 11 + 5]) < 1e-9)
        // Every cell against a scalar revaluation.
        var sampler = OptionSampler(state: 7)
        let options = (0..<100).map { _ in sampler.option() }
        var worst = 0.0
        for i in 0..<21 {
            for j in 0..<11 {
                let ds = Double(i - 10) * 0.02
                let dv = Double(j - 5) * 0.02
                var expected = -15 * 100 * ds
                for (k, o) in options.enumerated() {
                    var shocked = o
                    shocked.spot *= 1 + ds
                    shocked.volatility = max(o.volatility + dv, 1e-4)
                    expected += (Double(k % 7) - 3) * (BlackScholes.price(shocked) - BlackScholes.price(o))
                }
                worst = max(worst, abs(pnl[i * 11 + j] - expected))
            }
        }
        #expect(worst < 1e-9)

        var small = [Double](repeating: 0, count: 10)
        #expect(throws: ScenarioGridError.matrixTooSmall) {
            try small.withUnsafeMutableBufferPointer { buffer throws(ScenarioGridError) in
                try grid.evaluate(portfolio, into: buffer)
            }
        }
    }

    @Test func summedGreeks() {
        let portfolio = Self.portfolio()
        let g = portfolio.greeks()
        var sampler = OptionSampler(state: 7)
        var expected = OptionGreeks.zero
        for k in 0..<100 {
            let q = Double(k % 7) - 3
            let e = BlackScholes.greeks(sampler.option())
            expected.price += q * e.price
            expected.delta += q * e.delta
            expected.gamma += q * e.gamma
            expected.vega += q * e.vega
            expected.theta += q * e.theta
        }
        expected.price += -15 * 100
        expected.delta += -15
        #expect(abs(g.price - expected.price) < 1e-9)
        #expect(abs(g.delta - expected.delta) < 1e-12)
        #expect(abs(g.gamma - expected.gamma) < 1e-12)
        #expect(abs(g.vega - expected.vega) < 1e-9)
        #expect(abs(g.theta - expected.theta) < 1e-9)
        var full = try! OptionPortfolio(optionCapacity: 1, linearCapacity: 0)
        var one = OptionSampler(state: 1)
        let option = one.option()
        try? full.addOption(option, quantity: 1)
        #expect(throws: OptionInputError.capacityExhausted) {
            try full.addOption(option, quantity: 1)
        }
    }

    /// Zero allocations per operation after warm-up, for every hot path of the options
    /// code. Skipped (with a message) when jemalloc is not linked into this build.
    @Test(allocationCounting)
    func zeroAllocations() throws {
        let n = 4096
        var sampler = OptionSampler(state: 3)
        var batch = try OptionBatch(capacity: n)
        var prices = [Double](repeating: 0, count: n)
        var options: [OptionContract] = []
        for i in 0..<n {
            let o = sampler.option()
            try batch.set(i, o)
            options.append(o)
            prices[i] = BlackScholes.price(o)
            // Keep prices that have an implied volatility: in debug builds the Swift runtime
            // allocates when any error is thrown (typed or not; measured: 1 per throw at
            // -Onone), so the error path is left out of this count.
            if (try? ImpliedVolatility.volatility(kind: o.kind, price: prices[i], spot: o.spot, strike: o.strike,
                                                  expiry: o.expiry, rate: o.rate, dividendYield: o.dividendYield)) == nil {
                prices[i] = BlackScholes.price(OptionContract(kind: o.kind, spot: o.spot, strike: o.strike,
                                                             expiry: o.expiry, rate: o.rate,
                                                             dividendYield: o.dividendYield, volatility: 0.5))
            }
        }
        let workers = try GreeksWorkers(threads: 2)
        let portfolio = Self.portfolio()
        let grid = ScenarioGrid.standard()
        var pnl = [Double](repeating: 0, count: grid.cellCount)
        var sink = 0.0
        // Each hot path, warmed up, then measured: the bytes this thread allocated (exact,
        // unaffected by the tests that run in parallel) must be 0. The worker threads of
        // `GreeksWorkers` are proven by their `@_noAllocation` loop (checked by the release
        // build) and by `hft-bench`'s process-wide count for `options.greeks.batch.allcores`,
        // which `.ci/run` requires to be 0 with nothing else running. (A process-wide count
        // here would also see the allocations of other tests running in parallel.)
        let parts: [(String, () -> Void)] = [
            ("batch", { BlackScholes.greeks(batch.inputs, into: batch.outputs) }),
            ("workers", { workers.greeks(batch.inputs, into: batch.outputs) }),
            ("scalar greeks", {
                options.withUnsafeBufferPointer { os in
                    for i in 0..<os.count { sink += BlackScholes.greeks(os[i]).gamma }
                }
            }),
            ("implied volatility", {
                options.withUnsafeBufferPointer { os in
                    prices.withUnsafeBufferPointer { ps in
                        for i in 0..<os.count {
                            let o = os[i]
                            do throws(ImpliedVolatilityError) {
                                sink += try ImpliedVolatility.volatility(
                                    kind: o.kind, price: ps[i], spot: o.spot, strike: o.strike, expiry: o.expiry,
                                    rate: o.rate, dividendYield: o.dividendYield)
                            } catch {
                                sink += 1  // a price at a bound: a typed error, no allocation either
                            }
                        }
                    }
                }
            }),
            ("scenario grid", { pnl.withUnsafeMutableBufferPointer { buffer in try? grid.evaluate(portfolio, into: buffer) } }),
            ("portfolio greeks", { sink += portfolio.greeks().delta }),
        ]
        for (name, body) in parts {
            expectNoAllocations(name, body)
        }
        #expect(sink.isFinite)
    }
}
