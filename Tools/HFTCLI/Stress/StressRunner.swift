import Foundation
import HFTEngine
import AllocationCounter

/// Runs a ``StressSimulation`` with progress output and collects its ``StressReport``.
enum StressRunner {
    static func now() -> Int64 {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Int64(t.tv_sec) * 1_000_000_000 + Int64(t.tv_nsec)
    }

    static func run(_ c: StressConfiguration, terminal: Bool) throws -> StressReport {
        let say: (String) -> Void = { FileHandle.standardError.write(Data("\($0)\n".utf8)) }
        say("hft stress: \(c.users) users, \(c.symbols) symbols, scenario \(c.scenario.rawValue), \(c.ticks) ticks of \(c.tickSeconds) s, seed \(c.seed), \(c.threads) scan threads")
        let setupStart = now()
        var sim = try StressSimulation(c)
        try sim.setUp(progress: { say("  set-up: \($0)") })
        let setupSeconds = Double(now() - setupStart) / 1e9
        say(String(format: "  set-up done in %.2f s; running", setupSeconds))
        let ticks = c.ticks
        let chunk = max(1, ticks / (terminal ? 200 : 10))
        var steadyAllocations: UInt64 = 0
        var steadyMeasured = AllocationCounter.isAvailable
        var checksFailed = 0
        var checks = 0
        var nextCheck = c.checkEvery
        let wallStart = now()
        var t = 0
        while t < ticks {
            let end = min(ticks, t + chunk)
            let before = t >= c.warmupTicks ? AllocationCounter.read() : nil
            while t < end {
                let t0 = now()
                sim.runTick(t)
                sim.tickNanos[t] = now() - t0
                t += 1
            }
            if let before, let after = AllocationCounter.read() {
                steadyAllocations &+= after.since(before).allocations
            } else if t >= c.warmupTicks && AllocationCounter.isAvailable == false {
                steadyMeasured = false
            }
            if c.checkEvery > 0 && t >= nextCheck {
                // Not timed and outside the allocation window: O(accounts) checks.
                if !sim.moneyConserved() || !sim.positionsNetZero() { checksFailed += 1 }
                checks += 1
                nextCheck = (t / c.checkEvery + 1) * c.checkEvery
            }
            let fraction = Double(t) / Double(ticks)
            let stats = sim.venue.liquidationStatistics
            let fundUSDT = Double(sim.venue.insuranceFund) / 1e8
            let price = Double(sim.markPath[min(t, ticks - 1)]) / 100
            let line = String(format: "%5.1f%%  t=%@  price %.2f  liquidations %d  ADL %d  fund %.0f USDT",
                              fraction * 100, StressReport.clock(Double(t) * c.tickSeconds), price,
                              stats.fullLiquidations + stats.partialLiquidations, stats.adlEvents, fundUSDT)
            if terminal {
                let width = 30
                let filled = Int(fraction * Double(width))
                let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
                FileHandle.standardError.write(Data("\r[\(bar)] \(line)   ".utf8))
            } else {
                say(line)
            }
        }
        let wall = Double(now() - wallStart) / 1e9
        if terminal { FileHandle.standardError.write(Data("\n".utf8)) }
        return StressReport(simulation: sim, configuration: c, wallSeconds: wall, setupSeconds: setupSeconds,
                            steadyStateAllocations: steadyMeasured ? Int64(steadyAllocations) : -1, checks: checks, checksFailed: checksFailed)
    }

    /// Peak resident set size (VmHWM of /proc/self/status), bytes; getrusage as a fallback.
    static func peakRSS() -> Int64 {
        if let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) {
            for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
                let digits = line.filter(\.isNumber)
                if let kb = Int64(digits) { return kb * 1_024 }
            }
        }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Int64(usage.ru_maxrss) * 1_024
    }
}
