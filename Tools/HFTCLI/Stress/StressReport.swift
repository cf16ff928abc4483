import Foundation
import HFTEngine

/// The outcome of one `hft stress` run: the summary table, `--json`, `--csv` (formats in
/// `Docs/liquidation.md`).
struct StressReport {
    var users: Int, symbols: Int, ticks: Int, scenario: String, seed: UInt64, threads: Int, tickSeconds: Double
    var wallSeconds: Double, setupSeconds: Double
    var tickP50: Int64, tickP99: Int64, tickP999: Int64, tickMax: Int64, tickMean: Double
    var statistics: LiquidationStatistics
    var insuranceFundStart: Int64, insuranceFundMin: Int64, insuranceFundEnd: Int64
    var steadyStateAllocations: Int64
    var peakRSSBytes: Int64
    var moneyConserved: Bool, positionsNetZero: Bool
    var negativeEquityAccounts: Int
    var uncoveredAccounts: Int { statistics.uncoveredAccounts }
    var checks: Int, checksFailed: Int
    var tiers: [Int]
    var quoteRejects: Int
    var droppedCandidates: Int
    /// Per minute: time (s), mark and index of symbol 0, liquidations, ADL, fund (USDT).
    var series: [(seconds: Double, mark: Double, index: Double, liquidations: Int64, adl: Int64, fund: Double)]

    init(simulation sim: borrowing StressSimulation, configuration c: StressConfiguration, wallSeconds: Double,
         setupSeconds: Double, steadyStateAllocations: Int64, checks: Int, checksFailed: Int) {
        users = c.users; symbols = c.symbols; ticks = c.ticks; scenario = c.scenario.rawValue; seed = c.seed
        threads = c.threads; tickSeconds = c.tickSeconds
        self.wallSeconds = wallSeconds; self.setupSeconds = setupSeconds
        var sorted = (0..<c.ticks).map { sim.tickNanos[$0] }
        tickMean = Double(sorted.reduce(0, +)) / Double(max(1, sorted.count))
        sorted.sort()
        func pct(_ q: Double) -> Int64 { sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * q + 0.5))] }
        tickP50 = pct(0.5); tickP99 = pct(0.99); tickP999 = pct(0.999); tickMax = sorted.last ?? 0
        statistics = sim.venue.liquidationStatistics
        insuranceFundStart = c.fundUSDT * StressSimulation.usdt
        insuranceFundEnd = sim.venue.insuranceFund
        insuranceFundMin = min(insuranceFundStart, sim.venue.insuranceFundMinimum, insuranceFundEnd)
        self.steadyStateAllocations = steadyStateAllocations
        peakRSSBytes = StressRunner.peakRSS()
        moneyConserved = sim.moneyConserved()
        positionsNetZero = sim.positionsNetZero()
        negativeEquityAccounts = sim.negativeEquityAccounts()
        self.checks = checks + 1
        self.checksFailed = checksFailed + ((moneyConserved && positionsNetZero) ? 0 : 1)
        tiers = RiskTier.allCases.map { sim.venue.scannedAccounts(in: $0) }
        quoteRejects = sim.quoteRejects
        droppedCandidates = sim.venue.droppedScanCandidates
        series = (0..<sim.minutes).compactMap { m in
            guard sim.minutePrice[m] > 0 else { return nil }
            return (Double(m) * 60, Double(sim.minutePrice[m]) / 100, Double(sim.minuteIndex[m]) / 100,
                    sim.minuteLiquidations[m], sim.minuteADL[m], Double(sim.minuteFund[m]) / 1e8)
        }
    }

    var ticksPerSecond: Double { Double(ticks) / max(wallSeconds, 1e-9) }

    /// `HH:MM` of the scenario clock (the 312 day starts at 10:00 UTC).
    static func clock(_ seconds: Double) -> String {
        let total = Int(seconds) + 10 * 3_600
        let day = total / 86_400
        let h = (total % 86_400) / 3_600, m = (total % 3_600) / 60
        return (day > 0 ? "+\(day)d " : "") + String(format: "%02d:%02d", h, m)
    }

    static func usdt(_ units: Int64) -> String { try! Money(units: units).formatted(decimals: 8) }  // 8 is in range

    func table() -> String {
        func ns(_ v: Int64) -> String { v >= 1_000_000 ? String(format: "%.2f ms", Double(v) / 1e6) : String(format: "%.1f µs", Double(v) / 1e3) }
        let s = statistics
        let rows: [(String, String)] = [
            ("users / symbols", "\(users) / \(symbols)"),
            ("scenario / seed", "\(scenario) / \(seed)"),
            ("ticks", "\(ticks) × \(tickSeconds) s"),
            ("wall time", String(format: "%.2f s (set-up %.2f s)", wallSeconds, setupSeconds)),
            ("ticks/s", String(format: "%.0f", ticksPerSecond)),
            ("tick latency p50 / p99 / p99.9 / max", "\(ns(tickP50)) / \(ns(tickP99)) / \(ns(tickP999)) / \(ns(tickMax))"),
            ("liquidations full / partial", "\(s.fullLiquidations) / \(s.partialLiquidations)"),
            ("liquidation orders / lots filled in book", "\(s.liquidationOrders) / \(s.bookFilledLots)"),
            ("fund takeovers", "\(s.takeovers)"),
            ("insurance fund start / min / end (USDT)", "\(Self.usdt(insuranceFundStart)) / \(Self.usdt(insuranceFundMin)) / \(Self.usdt(insuranceFundEnd))"),
            ("liquidation fees to fund (USDT)", Self.usdt(s.feesCollected)),
            ("ADL events", "\(s.adlEvents)"),
            ("bankrupt accounts (equity < 0 at liquidation)", "\(s.bankruptAccounts)"),
            ("uncovered accounts / loss (USDT)", "\(s.uncoveredAccounts) / \(Self.usdt(s.uncoveredLoss))"),
            ("triggered / scans / false alarms", "\(s.triggered) / \(s.scans) / \(s.falseAlarms)"),
            ("tiers at last scan (safe/warn/danger/crit/liq)", tiers.map(String.init).joined(separator: " / ")),
            ("steady-state allocations", steadyStateAllocations < 0 ? "not measured (no jemalloc)" : "\(steadyStateAllocations)"),
            ("peak memory (VmHWM)", String(format: "%.1f MB", Double(peakRSSBytes) / 1_048_576)),
            ("money conserved", moneyConserved ? "yes (exact)" : "NO"),
            ("positions net zero (fund included)", positionsNetZero ? "yes" : "NO"),
            ("accounts with negative equity", "\(negativeEquityAccounts)" + (negativeEquityAccounts > 0 && s.uncoveredAccounts > 0 ? " (fund and ADL exhausted, reported)" : "")),
            ("invariant checks passed", "\(checks - checksFailed) / \(checks)"),
        ]
        let width = rows.map(\.0.count).max() ?? 0
        var out = "hft stress summary\n"
        for (k, v) in rows { out += k.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + v + "\n" }
        return out
    }

    func json() -> String {
        let s = statistics
        let fields: [(String, String)] = [
            ("users", "\(users)"), ("symbols", "\(symbols)"), ("scenario", "\"\(scenario)\""), ("seed", "\(seed)"),
            ("threads", "\(threads)"), ("tickSeconds", "\(tickSeconds)"),
            ("ticks", "\(ticks)"), ("wallSeconds", String(format: "%.4f", wallSeconds)),
            ("setupSeconds", String(format: "%.4f", setupSeconds)),
            ("ticksPerSec", String(format: "%.1f", ticksPerSecond)),
            ("tickP50Ns", "\(tickP50)"), ("tickP99Ns", "\(tickP99)"), ("tickP999Ns", "\(tickP999)"), ("tickMaxNs", "\(tickMax)"),
            ("tickMeanNs", String(format: "%.1f", tickMean)),
            ("liquidations", "\(s.fullLiquidations + s.partialLiquidations)"),
            ("fullLiquidations", "\(s.fullLiquidations)"), ("partialLiquidations", "\(s.partialLiquidations)"),
            ("liquidationOrders", "\(s.liquidationOrders)"), ("takeovers", "\(s.takeovers)"),
            ("adlEvents", "\(s.adlEvents)"),
            ("insuranceFundStart", Self.usdt(insuranceFundStart)),
            ("insuranceFundMin", Self.usdt(insuranceFundMin)), ("insuranceFundEnd", Self.usdt(insuranceFundEnd)),
            ("liquidationFees", Self.usdt(s.feesCollected)),
            ("bankruptAccounts", "\(s.bankruptAccounts)"), ("uncoveredAccounts", "\(s.uncoveredAccounts)"),
            ("uncoveredLoss", Self.usdt(s.uncoveredLoss)),
            ("negativeEquityAccounts", "\(negativeEquityAccounts)"),
            ("triggered", "\(s.triggered)"), ("scans", "\(s.scans)"), ("falseAlarms", "\(s.falseAlarms)"),
            ("steadyStateAllocations", "\(steadyStateAllocations)"),
            ("peakRSSBytes", "\(peakRSSBytes)"),
            ("moneyConserved", "\(moneyConserved)"), ("positionsNetZero", "\(positionsNetZero)"),
            ("invariantChecks", "\(checks)"), ("invariantChecksFailed", "\(checksFailed)"),
        ]
        return "{\n" + fields.map { "  \"\($0.0)\": \($0.1)" }.joined(separator: ",\n") + "\n}\n"
    }

    func csv() -> String {
        var out = "minute,time,mark,index,liquidations,adl,insuranceFund\n"
        for (i, row) in series.enumerated() {
            out += "\(i),\(Self.clock(row.seconds)),\(String(format: "%.2f", row.mark)),\(String(format: "%.2f", row.index)),"
                + "\(row.liquidations),\(row.adl),\(String(format: "%.2f", row.fund))\n"
        }
        return out
    }
}
