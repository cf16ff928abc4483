import ArgumentParser
import Foundation
import HFTEngine

/// `hft index-feed`: writes a price path of `hft stress` (the 312 crash day, or geometric
/// Brownian motion) as an index feed for `hft-venue --index-feed FILE`.
///
/// The feed is text, one price per line: `<seconds after start> <SYMBOL> <price>`, with
/// `#` comments (Docs/service.md, "Index feed"). Each symbol's path is scaled so that it
/// starts at the price given for it (the venue's first mark), keeping the day's shape.
struct IndexFeedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index-feed",
        abstract: "Write a stress price path (312 or gbm) as an index feed for hft-venue --index-feed.")

    @Option(help: "Price scenario: 312 (12 March 2020) or gbm.") var scenario = "312"
    @Option(help: "Symbols, comma-separated (the venue's names).") var symbols = "BTCUSDT,ETHUSDT"
    @Option(help: "Starting price of each symbol, comma-separated (default: the venue example's 50000,3000).")
    var prices = "50000,3000"
    @Option(help: "Seconds between two prices of a symbol.") var step = 60.0
    @Option(help: "Duration, seconds (default: 24 hours).") var duration = 86_400.0
    @Option(help: "Decimals of the printed prices.") var decimals = 2
    @Option(help: "Random seed of the noise.") var seed: UInt64 = 312
    @Option(help: "Output file (default: standard output).") var out: String?

    func run() throws {
        guard let scenario = StressScenario(rawValue: scenario) else { throw ValidationError("--scenario is 312 or gbm") }
        let names = symbols.split(separator: ",").map(String.init)
        let starts = prices.split(separator: ",").compactMap { Double($0) }
        guard !names.isEmpty, names.count == starts.count, starts.allSatisfy({ $0 > 0 }) else {
            throw ValidationError("--symbols and --prices need the same number of entries, prices > 0")
        }
        guard step > 0, duration > 0, duration / step <= 10_000_000, (0...8).contains(decimals) else {
            throw ValidationError("--step and --duration must be positive (at most 10^7 steps); --decimals 0 ... 8")
        }
        let ticks = Int(duration / step)
        let paths = scenario.paths(symbols: names.count, ticks: ticks, tickSeconds: step, seed: seed, volatility: 0.8)
        var text = "# hft index-feed --scenario \(scenario.rawValue) --step \(step): <seconds> <SYMBOL> <price>\n"
        for t in 0..<ticks {
            for (s, name) in names.enumerated() {
                // The path is in ticks of 0.01 from the scenario's own start price: rescale.
                let base = Double(paths[s].index[0])
                let price = starts[s] * Double(paths[s].index[t]) / base
                text += "\(Int(Double(t) * step)) \(name) \(String(format: "%.\(decimals)f", price))\n"
            }
        }
        if let out {
            try text.write(toFile: out, atomically: true, encoding: .utf8)
        } else {
            print(text, terminator: "")
        }
    }
}
