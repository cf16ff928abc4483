import Foundation
import Testing
@testable import HFTEngine

/// Price and Greeks against the mpmath reference over the whole stated domain
/// (T ∈ [1e-4, 5], σ ∈ [0.01, 3], K/S ∈ [0.3, 3], |ln(F/K)|/(σ√T) ≤ 9).
///
/// Tolerance per output: |got − ref| ≤ 1e-12·|ref| + 1e-13·scale, with the scales of the
/// issue — price max(S,K); delta 1; gamma 1/(Sσ√T); vega S√T; theta
/// max(S,K)(σ/√T + |r| + q); rho K·T — and, for the two second-order Greeks that the issue
/// leaves open, vanna (1 + |d1| + σ√T)/σ and volga S√T(1 + |d1| + σ√T)²/σ (the size of
/// the rounding of d1 and d2 that they inherit).
@Suite("Options: Black-Scholes-Merton accuracy")
struct OptionsGreeksAccuracyTests {
    static let names = ["price", "delta", "gamma", "vega", "theta", "rho", "vanna", "volga"]

    struct Case {
        var region: String
        var option: OptionContract
        var reference: [Double]
    }

    static func cases() throws -> [Case] {
        try ReferenceData.rows("greeks_reference.csv").map { row in
            Case(region: row["region"] ?? "?",
                 option: OptionContract(kind: row["kind"] == "call" ? .call : .put, spot: row.double("S"),
                                        strike: row.double("K"), expiry: row.double("T"), rate: row.double("r"),
                                        dividendYield: row.double("q"), volatility: row.double("sigma")),
                 reference: names.map { row.double($0) })
        }
    }

    static func values(_ g: OptionGreeks) -> [Double] {
        [g.price, g.delta, g.gamma, g.vega, g.theta, g.rho, g.vanna, g.volga]
    }

    static func scales(_ o: OptionContract) -> [Double] {
        let sqrtT = o.expiry.squareRoot()
        let s = o.volatility * sqrtT
        let d1 = abs((log(o.spot / o.strike) + (o.rate - o.dividendYield) * o.expiry) / s + s / 2)
        let m = max(o.spot, o.strike)
        return [m, 1, 1 / (o.spot * s), o.spot * sqrtT,
                m * (o.volatility / sqrtT + abs(o.rate) + o.dividendYield), o.strike * o.expiry,
                (1 + d1 + s) / o.volatility, o.spot * sqrtT * (1 + d1 + s) * (1 + d1 + s) / o.volatility]
    }

    /// Error of each output in units of its tolerance (≤ 1 passes).
    static func errors(_ got: [Double], _ c: Case) -> [Double] {
        let scale = scales(c.option)
        return (0..<8).map { k in
            let tolerance = 1e-12 * abs(c.reference[k]) + 1e-13 * scale[k]
            let e = abs(got[k] - c.reference[k]) / tolerance
            return got[k].isFinite ? e : .infinity
        }
    }

    @Test func scalarAgainstReference() throws {
        let all = try Self.cases()
        #expect(all.count > 1000)
        var worst = [Double](repeating: 0, count: 8)
        var worstRelative = [Double](repeating: 0, count: 8)  // where |ref| ≥ 1e-3 × scale
        var failures: [String: Int] = [:]
        for c in all {
            let g = BlackScholes.greeks(c.option)
            let got = Self.values(g)
            let e = Self.errors(got, c)
            let scale = Self.scales(c.option)
            for k in 0..<8 {
                worst[k] = max(worst[k], e[k])
                if abs(c.reference[k]) >= 1e-3 * scale[k] {
                    worstRelative[k] = max(worstRelative[k], abs(got[k] / c.reference[k] - 1))
                }
                if !(e[k] <= 1) {
                    failures[c.region + "." + Self.names[k], default: 0] += 1
                }
            }
            #expect(g.price >= 0)
        }
        print("greeks worst error / tolerance:", zip(Self.names, worst).map { "\($0)=\($1)" }.joined(separator: " "))
        print("greeks worst relative error (|ref| ≥ 1e-3 scale):",
              zip(Self.names, worstRelative).map { "\($0)=\($1)" }.joined(separator: " "))
        print("greeks failures per region:", failures.isEmpty ? "none" : "\(failures)")
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func batchAgainstReferenceAndScalar() throws {
        let all = try Self.cases()
        var batch = try OptionBatch(capacity: all.count)
        for (i, c) in all.enumerated() { try batch.set(i, c.option) }
        BlackScholes.greeks(batch.inputs, into: batch.outputs)
        let out = batch.outputs
        var failures = 0
        var mismatch = 0
        for (i, c) in all.enumerated() {
            let got = Self.values(out[i])
            let e = Self.errors(got, c)
            failures += e.filter { !($0 <= 1) }.count
            let scalar = Self.values(BlackScholes.greeks(c.option))
            let d = Self.errors(got, Case(region: c.region, option: c.option, reference: scalar))
            mismatch += d.filter { !($0 <= 1) }.count
        }
        #expect(failures == 0)
        #expect(mismatch == 0)
    }

    /// No NaN, infinity or negative price anywhere on a coarse grid that runs past the
    /// edges of the domain (far tails underflow to 0 cleanly).
    @Test func finiteEverywhere() {
        var bad = 0
        for t in [1e-6, 1e-4, 0.01, 1, 5, 30] {
            for sigma in [1e-4, 0.01, 0.3, 3, 10] {
                for kS in [1e-3, 0.3, 0.9, 1, 1.1, 3, 1e3] {
                    for (r, q) in [(0.0, 0.0), (0.1, -0.05), (-0.05, 0.2)] {
                        for kind in OptionKind.allCases {
                            let g = BlackScholes.greeks(kind: kind, spot: 100, strike: 100 * kS, expiry: t,
                                                        rate: r, dividendYield: q, volatility: sigma)
                            let v = Self.values(g)
                            // Finite, no negative price, and no −0.0 (underflow gives +0).
                            if v.contains(where: { !$0.isFinite || ($0 == 0 && $0.sign == .minus) }) || g.price < 0 {
                                bad += 1
                            }
                        }
                    }
                }
            }
        }
        #expect(bad == 0)
    }
}
