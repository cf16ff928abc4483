import Testing
@testable import HFTEngine

/// Implied volatility against the mpmath reference: for every stored double price, the
/// exact implied volatility of that price. A result passes when its relative error is at
/// most max(4 × attainable, 1e-15), attainable as defined in the reference generator.
/// Regions: ordinary, deep out of the money (prices down to 1e-30), near intrinsic,
/// extreme volatility (0.001–0.01 and 2–5), short expiry (one minute to one day), wide
/// (spot 0.01–1e5, ln(K/S) ∈ [−3, 3]); calls and puts.
@Suite("Options: implied volatility")
struct OptionsImpliedVolatilityTests {
    @Test func againstReference() throws {
        let rows = try ReferenceData.rows("iv_reference.csv")
        #expect(rows.count > 2000)
        var failures: [String: Int] = [:]
        var counts: [String: Int] = [:]
        var worst: [String: Double] = [:]
        var worstRelative: [String: Double] = [:]
        var maxIterations: [String: Int] = [:]
        var iterationTotal: [String: Int] = [:]
        for row in rows {
            let region = row["region"] ?? "?"
            let exact = row.double("iv")
            let tolerance = max(4 * row.double("attainable"), 1e-15)
            var iterations = 0
            let got: Double
            do {
                got = try ImpliedVolatility.solve(
                    kind: row["kind"] == "call" ? .call : .put, price: row.double("price"), spot: row.double("S"),
                    strike: row.double("K"), expiry: row.double("T"), rate: row.double("r"),
                    dividendYield: row.double("q"), iterations: &iterations)
            } catch {
                failures[region, default: 0] += 1
                if (failures[region] ?? 0) <= 3 { print("IV error \(error) for \(row)") }
                continue
            }
            counts[region, default: 0] += 1
            let ratio = abs(got / exact - 1) / tolerance
            worstRelative[region] = max(worstRelative[region] ?? 0, abs(got / exact - 1))
            worst[region] = max(worst[region] ?? 0, ratio)
            maxIterations[region] = max(maxIterations[region] ?? 0, iterations)
            iterationTotal[region, default: 0] += iterations
            if !(ratio <= 1) {
                failures[region, default: 0] += 1
                if (failures[region] ?? 0) <= 3 {
                    print("IV failure \(region): got \(got) exact \(exact) ratio \(ratio) iterations \(iterations) \(row)")
                }
            }
        }
        for region in counts.keys.sorted() {
            let n = counts[region] ?? 1
            print("IV \(region): \(n) cases, failures \(failures[region] ?? 0), worst error/tolerance \(worst[region] ?? 0), worst relative error \(worstRelative[region] ?? 0), "
                  + "iterations mean \(Double(iterationTotal[region] ?? 0) / Double(n)) max \(maxIterations[region] ?? 0)")
        }
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func typedErrors() {
        func iv(_ kind: OptionKind, _ price: Double, _ s: Double = 100, _ k: Double = 100, _ t: Double = 1,
                _ r: Double = 0.05, _ q: Double = 0.01) -> ImpliedVolatilityError? {
            do {
                _ = try ImpliedVolatility.volatility(kind: kind, price: price, spot: s, strike: k, expiry: t,
                                                     rate: r, dividendYield: q)
                return nil
            } catch {
                return error
            }
        }
        let sq = 100 * OptionMath.exp(-0.01)
        let kr = 100 * OptionMath.exp(-0.05)
        #expect(iv(.call, .nan) == .notFinite)
        #expect(iv(.call, 5, .infinity) == .notFinite)
        #expect(iv(.call, 5, 100, 100, 1, .nan) == .notFinite)
        #expect(iv(.call, 5, 0) == .invalidInput)
        #expect(iv(.put, 5, 100, -1) == .invalidInput)
        #expect(iv(.call, 5, 100, 100, 0) == .invalidInput)
        #expect(iv(.call, 0) == .belowIntrinsic)
        #expect(iv(.call, -1) == .belowIntrinsic)
        #expect(iv(.call, sq - kr) == .belowIntrinsic)
        #expect(iv(.call, (sq - kr).nextDown) == .belowIntrinsic)
        #expect(iv(.put, 0) == .belowIntrinsic)
        #expect(iv(.call, sq) == .aboveMaximum)
        #expect(iv(.call, sq * 2) == .aboveMaximum)
        #expect(iv(.put, kr) == .aboveMaximum)
        #expect(iv(.put, 5, 100, 300, 1) == .belowIntrinsic)  // deep in the money put below intrinsic
        #expect(iv(.call, 10) == nil)
        #expect(iv(.put, 1e-30, 100, 50, 0.1) == nil)
    }

    /// Round trip through the Greeks: price at σ, then the implied volatility of that price.
    @Test func roundTrip() throws {
        for kind in OptionKind.allCases {
            for sigma in [0.001, 0.05, 0.2, 1, 5] {
                for kS in [0.5, 0.9, 1, 1.1, 2] {
                    for t in [1.0 / 525_600, 0.1, 1, 5] {
                        let g = BlackScholes.greeks(kind: kind, spot: 100, strike: 100 * kS, expiry: t,
                                                    rate: 0.02, dividendYield: 0.01, volatility: sigma)
                        guard let iv = try? ImpliedVolatility.volatility(
                            kind: kind, price: g.price, spot: 100, strike: 100 * kS, expiry: t, rate: 0.02,
                            dividendYield: 0.01) else { continue }  // price at a bound: typed error, checked above
                        #expect(iv.isFinite && iv > 0)
                    }
                }
            }
        }
    }
}

/// Robustness far outside the accuracy domain: random (including absurd) inputs give
/// either a typed error or a finite positive volatility, never a trap, NaN or infinity;
/// where a volatility comes back, pricing with it reproduces the input price closely.
@Suite("Options: implied volatility robustness")
struct OptionsImpliedVolatilityRobustnessTests {
    @Test func randomInputs() {
        var sampler = OptionSampler(state: 99)
        var bad = 0
        var solved = 0
        var worstRepricing = 0.0
        for _ in 0..<20_000 {
            let kind: OptionKind = sampler.next() < 0.5 ? .call : .put
            let spot = OptionMath.exp(60 * sampler.next() - 30)
            let strike = spot * OptionMath.exp(40 * sampler.next() - 20)
            let expiry = OptionMath.exp(30 * sampler.next() - 25)
            let rate = 0.4 * sampler.next() - 0.2
            let dividendYield = 0.4 * sampler.next() - 0.2
            let sigma = OptionMath.exp(12 * sampler.next() - 9)
            let price = sampler.next() < 0.1
                ? spot * OptionMath.exp(40 * sampler.next() - 30)  // arbitrary, often outside the bounds
                : BlackScholes.price(OptionContract(kind: kind, spot: spot, strike: strike, expiry: expiry,
                                                   rate: rate, dividendYield: dividendYield, volatility: sigma))
            do {
                let iv = try ImpliedVolatility.volatility(kind: kind, price: price, spot: spot, strike: strike,
                                                          expiry: expiry, rate: rate, dividendYield: dividendYield)
                guard iv.isFinite && iv > 0 else { bad += 1; continue }
                solved += 1
                let repriced = BlackScholes.price(OptionContract(kind: kind, spot: spot, strike: strike, expiry: expiry,
                                                                 rate: rate, dividendYield: dividendYield,
                                                                 volatility: iv))
                let scale = max(spot, strike) * 1e-12
                worstRepricing = max(worstRepricing, abs(repriced - price) / (abs(price) + scale))
            } catch {
                continue  // a typed error is a valid outcome here
            }
        }
        print("IV robustness: \(solved) solved of 20000, worst repricing error \(worstRepricing)")
        #expect(bad == 0)
        #expect(solved > 5_000)
        #expect(worstRepricing < 1e-6)
    }
}
