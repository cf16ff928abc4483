import Foundation
import HFTEngine

/// The price paths `hft stress` drives: `312` (the 12–13 March 2020 crash, REFERENCES.md)
/// or `gbm` (geometric Brownian motion). Built once before the run (set-up, allocates);
/// the tick loop only reads them.
///
/// `312`, from 10:00 UTC: the first leg −23% (7,353 → 5,678) in 45 minutes; a pause of
/// about 12 hours drifting to 5,800; the second leg 5,800 → 3,978 over about 3 hours with
/// a wick about 10% below the index (to 3,596) near its end; then a partial recovery.
/// Other symbols follow the same shape scaled by their beta (ETH fell further that day),
/// each with its own mean-reverting noise, so that their marks move independently.
enum StressScenario: String, CaseIterable, Sendable {
    case crash312 = "312"
    case gbm

    /// A path of `ticks` index and mark prices in ticks of 0.01 for one symbol.
    struct Path {
        var index: [Int64]
        var mark: [Int64]
    }

    /// The starting price of symbol `s` (USDT) and its beta to the first symbol.
    static func start(_ s: Int) -> (price: Double, beta: Double) {
        let table: [(Double, Double)] = [(7_353, 1.0), (194.5, 1.15), (262, 1.1), (46.2, 1.05), (0.205, 1.1),
                                         (3.55, 1.2), (14.8, 1.0), (0.0195, 1.2)]
        return table[s % table.count]
    }

    /// The shape of `312` as a fraction of the starting price at `seconds` after 10:00.
    static func shape312(_ seconds: Double) -> (index: Double, wick: Double) {
        let p0 = 7_353.0
        func lerp(_ a: Double, _ b: Double, _ x: Double) -> Double { a + (b - a) * min(1, max(0, x)) }
        let firstEnd = 45.0 * 60, pauseEnd = firstEnd + 12 * 3_600, secondEnd = pauseEnd + 3 * 3_600
        var price: Double
        var wick = 0.0
        if seconds < firstEnd {
            // Accelerating fall: x^1.6.
            price = lerp(p0, 5_678, pow(seconds / firstEnd, 1.6))
        } else if seconds < pauseEnd {
            price = lerp(5_678, 5_800, (seconds - firstEnd) / (pauseEnd - firstEnd))
        } else if seconds < secondEnd {
            let x = (seconds - pauseEnd) / (secondEnd - pauseEnd)
            price = lerp(5_800, 3_978, pow(x, 1.3))
            // The wick: 10% below the index for about 6 minutes, 20 minutes before the low.
            let wickCentre = secondEnd - 20 * 60
            let d = abs(seconds - wickCentre)
            if d < 180 { wick = 0.0961 * (1 - d / 180) }
        } else {
            price = lerp(3_978, 4_850, (seconds - secondEnd) / (8 * 3_600))
        }
        return (price / p0, wick)
    }

    /// Builds the paths of `symbols` symbols for `ticks` ticks of `tickSeconds`.
    func paths(symbols: Int, ticks: Int, tickSeconds: Double, seed: UInt64, volatility: Double) -> [Path] {
        var rng = SplitMix64(seed: seed ^ 0x312)
        func gaussian() -> Double {
            let u1 = max(Double(rng.next() >> 11) / Double(1 << 53), 1e-300)
            let u2 = Double(rng.next() >> 11) / Double(1 << 53)
            return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
        }
        var result: [Path] = []
        for s in 0..<symbols {
            let (p0, beta) = Self.start(s)
            var index = [Int64](repeating: 0, count: ticks)
            var mark = [Int64](repeating: 0, count: ticks)
            var noise = 0.0
            var logPrice = log(p0)
            // Per-tick σ of the noise: `volatility` is annualized.
            let sigma = volatility * (tickSeconds / 31_536_000).squareRoot()
            for t in 0..<ticks {
                let seconds = Double(t) * tickSeconds
                var price: Double
                var wick = 0.0
                switch self {
                case .crash312:
                    let (f, w) = Self.shape312(seconds)
                    // Mean-reverting noise (Ornstein–Uhlenbeck, ~10 minutes).
                    noise += -noise * tickSeconds / 600 + sigma * gaussian()
                    price = p0 * pow(f, beta) * exp(noise)
                    wick = w
                case .gbm:
                    logPrice += -0.5 * sigma * sigma + sigma * gaussian()
                    price = exp(logPrice)
                }
                let ticksPrice = max(1, Int64((price * 100).rounded()))
                index[t] = ticksPrice
                mark[t] = max(1, Int64((price * (1 - wick) * 100).rounded()))
            }
            result.append(Path(index: index, mark: mark))
        }
        return result
    }
}
