import AllocationCounter
import Testing
@testable import HFTEngine

/// Rows for the batched implied volatility, in the columns of ``ImpliedVolatilityColumns``.
struct ImpliedVolatilityRows {
    var sign: [Double] = [], price: [Double] = [], spot: [Double] = [], strike: [Double] = []
    var expiry: [Double] = [], rate: [Double] = [], dividendYield: [Double] = []

    var count: Int { sign.count }

    mutating func append(sign: Double, price: Double, spot: Double, strike: Double, expiry: Double, rate: Double,
                         dividendYield: Double) {
        self.sign.append(sign)
        self.price.append(price)
        self.spot.append(spot)
        self.strike.append(strike)
        self.expiry.append(expiry)
        self.rate.append(rate)
        self.dividendYield.append(dividendYield)
    }

    /// Calls `body` with column views of the rows.
    func withColumns<R>(_ body: (ImpliedVolatilityColumns) -> R) -> R {
        sign.withUnsafeBufferPointer { a in price.withUnsafeBufferPointer { b in spot.withUnsafeBufferPointer { c in
            strike.withUnsafeBufferPointer { d in expiry.withUnsafeBufferPointer { e in
                rate.withUnsafeBufferPointer { f in dividendYield.withUnsafeBufferPointer { g in
                    body(ImpliedVolatilityColumns(sign: a, price: b, spot: c, strike: d, expiry: e, rate: f,
                                                  dividendYield: g))
                } }
            } }
        } } }
    }

    /// The scalar solver's answer for row `i`: σ, or NaN where it throws (or the sign is not ±1).
    func scalar(_ i: Int) -> Double {
        guard sign[i] == 1 || sign[i] == -1 else { return .nan }
        return (try? ImpliedVolatility.volatility(kind: sign[i] == 1 ? .call : .put, price: price[i], spot: spot[i],
                                                  strike: strike[i], expiry: expiry[i], rate: rate[i],
                                                  dividendYield: dividendYield[i])) ?? .nan
    }

    /// The batch's answers on the calling thread.
    func batch() -> [Double] {
        var sigma = [Double](repeating: -1, count: count)
        sigma.withUnsafeMutableBufferPointer { out in
            withColumns { ImpliedVolatility.volatilities($0, into: out) }
        }
        return sigma
    }

    /// The batch's answers split over `workers`.
    func batch(workers: borrowing GreeksWorkers) -> [Double] {
        var sigma = [Double](repeating: -1, count: count)
        sigma.withUnsafeMutableBufferPointer { out in
            withColumns { workers.volatilities($0, into: out) }
        }
        return sigma
    }

    /// Ordinary options and the hard cases of the scalar tests, priced from a known σ, plus
    /// prices that have no volatility (at and beyond the bounds, NaN, infinities, zero and
    /// negative inputs, subnormal and huge values, signs other than ±1).
    static func sample(count: Int, seed: UInt64) -> ImpliedVolatilityRows {
        var rng = OptionSampler(state: seed)
        func logUniform(_ a: Double, _ b: Double) -> Double {
            OptionMath.exp(OptionMath.log(a) + rng.next() * OptionMath.log(b / a))
        }
        var rows = ImpliedVolatilityRows()
        let minute = 1.0 / 525_600
        let oddValues: [Double] = [.nan, .infinity, -.infinity, 0, -1, 1e-300, 1e300, 0x1p-1060, 1e-320, 5e-324]
        while rows.count < count {
            let theta = rng.next() < 0.5 ? 1.0 : -1.0
            var t = logUniform(0.02, 2)
            var sigma = logUniform(0.05, 1)
            var h = 5 * rng.next() - 2.5
            let r = 0.1 * rng.next() - 0.02
            let q = 0.05 * rng.next()
            switch rows.count % 8 {
            case 0: h = -theta * (4 + 10 * rng.next())       // deep out of the money, up to 14 sd
            case 1: h = theta * (3 + 6 * rng.next())          // deep in the money: near intrinsic
            case 2: sigma = rng.next() < 0.5 ? logUniform(0.0005, 0.01) : logUniform(2, 8)
            case 3: t = logUniform(minute, 1.0 / 365)         // expiry near 0
            default: break
            }
            let spot = logUniform(0.01, 1e5)
            let strike = spot * OptionMath.exp((r - q) * t - h * sigma * t.squareRoot())
            var price = BlackScholes.greeks(sign: theta, spot: spot, strike: strike, expiry: t, rate: r,
                                            dividendYield: q, volatility: sigma).price
            var s = spot, k = strike, tt = t, rr = r, qq = q, sg = theta
            switch rows.count % 16 {
            case 5: price *= 1 + 1e-15 * (rng.next() - 0.5)  // a hair off the model price
            case 6:                                            // at, below or above a bound
                let intrinsic = max(theta * (spot * OptionMath.exp(-q * t) - strike * OptionMath.exp(-r * t)), 0)
                let upper = theta > 0 ? spot * OptionMath.exp(-q * t) : strike * OptionMath.exp(-r * t)
                price = [intrinsic, intrinsic * (1 - 1e-12), upper, upper * (1 + 1e-12), -price, 0][Int(rng.next() * 6)]
            case 7:                                            // one odd input
                let odd = oddValues[Int(rng.next() * Double(oddValues.count))]
                switch Int(rng.next() * 7) {
                case 0: price = odd
                case 1: s = odd
                case 2: k = odd
                case 3: tt = odd
                case 4: rr = odd
                case 5: qq = odd
                default: sg = [0, 2, -0.5, .nan][Int(rng.next() * 4)]
                }
            default: break
            }
            rows.append(sign: sg, price: price, spot: s, strike: k, expiry: tt, rate: rr, dividendYield: qq)
        }
        return rows
    }
}

@Suite("Options: batched implied volatility (SIMD) against the scalar solver")
struct OptionsImpliedVolatilityBatchTests {
    /// Every row equals the scalar solver to the bit, and rows without a volatility are NaN
    /// exactly where the scalar call throws. Counts of lanes taking the vector and the
    /// scalar path are printed with any failure.
    @Test(arguments: [(20_003, 1 as UInt64), (20_000, 2), (7, 3), (1, 4)])
    func batchEqualsScalar(count: Int, seed: UInt64) {
        let rows = ImpliedVolatilityRows.sample(count: count, seed: seed)
        let sigma = rows.batch()
        var mismatches: [String] = []
        var solved = 0
        for i in 0..<rows.count {
            let expected = rows.scalar(i)
            if !expected.isNaN { solved += 1 }
            let same = expected.isNaN ? sigma[i].isNaN : sigma[i].bitPattern == expected.bitPattern
            if !same && mismatches.count < 10 {
                mismatches.append("row \(i): batch \(sigma[i]) scalar \(expected) (sign \(rows.sign[i]), price "
                                  + "\(rows.price[i]), S \(rows.spot[i]), K \(rows.strike[i]), T \(rows.expiry[i]), "
                                  + "r \(rows.rate[i]), q \(rows.dividendYield[i]))")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n"))")
        if count > 1000 { #expect(solved > count / 2) }  // most rows have a volatility
    }

    /// Split over worker threads, the batch is identical to one thread's.
    @Test func workersMatchSingleThread() throws {
        let rows = ImpliedVolatilityRows.sample(count: 10_001, seed: 9)
        let single = rows.batch()
        for threads in [2, 3] {
            let workers = try GreeksWorkers(threads: threads)
            for _ in 0..<2 {
                let parallel = rows.batch(workers: workers)
                let differences = (0..<rows.count).filter {
                    !(single[$0].bitPattern == parallel[$0].bitPattern || (single[$0].isNaN && parallel[$0].isNaN))
                }.count
                #expect(differences == 0, "\(threads) threads")
            }
        }
    }

    /// A range writes only its own rows.
    @Test func rangeTouchesOnlyItsRows() {
        let rows = ImpliedVolatilityRows.sample(count: 100, seed: 5)
        var sigma = [Double](repeating: -7, count: rows.count)
        sigma.withUnsafeMutableBufferPointer { out in
            rows.withColumns { ImpliedVolatility.volatilities($0, into: out, range: 13..<58) }
        }
        for i in 0..<rows.count where !(13..<58).contains(i) { #expect(sigma[i] == -7) }
        for i in 13..<58 {
            let expected = rows.scalar(i)
            #expect(expected.isNaN ? sigma[i].isNaN : sigma[i].bitPattern == expected.bitPattern)
        }
    }

    /// Warmed-up batch calls allocate nothing, on one thread and through the workers. The
    /// rows all have a volatility (see `OptionsBatchAndScenarioTests.zeroAllocations`: a
    /// debug build's runtime allocates per thrown error), including far-tail rows that the
    /// batch hands to the scalar solver.
    @Test(allocationCounting)
    func zeroAllocations() throws {
        let sample = ImpliedVolatilityRows.sample(count: 6_000, seed: 11)
        var rows = ImpliedVolatilityRows()
        for i in 0..<sample.count where !sample.scalar(i).isNaN {
            rows.append(sign: sample.sign[i], price: sample.price[i], spot: sample.spot[i], strike: sample.strike[i],
                        expiry: sample.expiry[i], rate: sample.rate[i], dividendYield: sample.dividendYield[i])
        }
        let workers = try GreeksWorkers(threads: 2)
        var sigma = [Double](repeating: 0, count: rows.count)
        sigma.withUnsafeMutableBufferPointer { out in
            rows.withColumns { columns in
                expectNoAllocations("batch implied volatility") { ImpliedVolatility.volatilities(columns, into: out) }
                expectNoAllocations("workers implied volatility") { workers.volatilities(columns, into: out) }
            }
        }
        #expect(sigma.allSatisfy { $0.isFinite })
    }
}
