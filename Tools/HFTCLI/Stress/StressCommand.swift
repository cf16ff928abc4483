import ArgumentParser
import Foundation
import HFTEngine
import AllocationCounter

/// `hft stress`: the 200K-user liquidation stress simulation (see `Docs/liquidation.md`).
struct StressCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stress",
        abstract: "Run the liquidation stress simulation (default: 200,000 users through the 312 crash day)."
    )

    @Option(help: "Trader accounts.") var users = 200_000
    @Option(help: "Symbols (1-8).") var symbols = 4
    @Option(help: "Leverage range of the traders, e.g. 1-125 (drawn from a distribution over 1x-125x).")
    var leverage = "1-125"
    @Option(help: "Price scenario: 312 (12 March 2020) or gbm.") var scenario = "312"
    @Option(help: "Seconds per tick.") var tick = 1.0
    @Option(help: "Simulated duration, seconds (default: 24 hours).") var duration = 86_400.0
    @Option(help: "Random seed.") var seed: UInt64 = 312
    @Option(name: .customLong("scan-every"), help: "Full scan every this many ticks.") var scanEvery = 60
    @Option(help: "Scan threads (default: cores).") var threads = LiquidationScanner.onlineCores
    @Option(help: "Insurance fund at the start, USDT.") var fund: Int64 = 1_000_000
    @Option(help: "Annualized volatility of the noise (312) or of the path (gbm).") var volatility = 0.8
    @Option(name: .customLong("check-every"), help: "Check invariants every this many ticks (0: at the end).")
    var checkEvery = 0
    @Option(help: "Write the summary as JSON to this file.") var json: String?
    @Option(help: "Write the per-minute time series as CSV to this file.") var csv: String?
    @Option(help: "Draw the time series as an SVG chart into this file.") var svg: String?
    @Flag(help: "Plain progress lines even on a terminal.") var plain = false

    func validate() throws {
        guard users >= 2 && users <= 20_000_000 else { throw ValidationError("--users must be 2 ... 20,000,000") }
        guard symbols >= 1 && symbols <= 8 else { throw ValidationError("--symbols must be 1 ... 8") }
        guard tick > 0 && tick <= 3_600, duration >= tick, duration <= 30 * 86_400 else {
            throw ValidationError("--tick must be in (0, 3600] and --duration in [tick, 30 days]")
        }
        guard threads >= 1 && threads <= 64 else { throw ValidationError("--threads must be 1 ... 64") }
        guard StressScenario(rawValue: scenario) != nil else { throw ValidationError("--scenario must be 312 or gbm") }
        guard parseLeverage() != nil else { throw ValidationError("--leverage must look like 1-125 (within 1 ... 125)") }
        guard fund >= 0 && fund <= 1_000_000_000 else { throw ValidationError("--fund must be 0 ... 1,000,000,000") }
        guard volatility >= 0 && volatility <= 10, scanEvery >= 0, checkEvery >= 0 else {
            throw ValidationError("--volatility must be 0 ... 10; --scan-every and --check-every ≥ 0")
        }
    }

    func parseLeverage() -> (Int64, Int64)? {
        let parts = leverage.split(separator: "-")
        guard parts.count == 2, let lo = Int64(parts[0]), let hi = Int64(parts[1]), lo >= 1, hi <= 125, lo <= hi else { return nil }
        return (lo, hi)
    }

    func run() throws {
        var c = StressConfiguration()
        c.users = users; c.symbols = symbols
        (c.minLeverage, c.maxLeverage) = parseLeverage()!
        c.scenario = StressScenario(rawValue: scenario)!
        c.tickSeconds = tick; c.durationSeconds = duration; c.seed = seed; c.scanEvery = scanEvery
        c.threads = threads; c.fundUSDT = fund; c.volatility = volatility; c.checkEvery = checkEvery
        let report = try StressRunner.run(c, terminal: !plain && isatty(STDERR_FILENO) != 0)
        print(report.table())
        if let json { try report.json().write(toFile: json, atomically: true, encoding: .utf8) }
        if let csv { try report.csv().write(toFile: csv, atomically: true, encoding: .utf8) }
        if let svg { try StressChart.svg(report).write(toFile: svg, atomically: true, encoding: .utf8) }
        if !report.moneyConserved || !report.positionsNetZero || (report.negativeEquityAccounts > 0 && report.uncoveredAccounts == 0) {
            throw ExitCode(2)
        }
    }
}
