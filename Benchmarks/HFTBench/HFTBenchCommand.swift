import AllocationCounter
import ArgumentParser
import Foundation

/// `hft-bench`: runs the registered suites and prints ns/op, latency percentiles and
/// allocations per op, one table row per suite.
@main
struct HFTBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hft-bench",
        abstract: "Benchmark the swift-hft-engine hot paths: ns/op, latency percentiles, allocations per op.")

    @Option(help: "Run only the suites whose name contains this text.")
    var filter: String?

    @Flag(help: "Short runs that CI can afford.")
    var quick = false

    @Option(help: "Write the results as JSON to this file.")
    var json: String?

    @Option(help: "Compare with a baseline JSON written by --json; exit non-zero on a regression.")
    var compare: String?

    @Option(help: "With --compare: the slowdown in percent that counts as a regression.")
    var maxSlowdown: Double = 25

    @Option(help: "Timed repetitions per suite (at least 5); the median is reported.")
    var repetitions: Int?

    @Flag(help: "List the suites and exit.")
    var list = false

    mutating func run() throws {
        let suites = registeredSuites().filter { filter == nil || $0.name.contains(filter!) }
        if list {
            for suite in suites { print(suite.name) }
            return
        }
        guard !suites.isEmpty else {
            throw ValidationError("no suite matches --filter \(filter ?? "")")
        }
        let reps = max(5, repetitions ?? (quick ? 5 : 11))
        let calibration = TimerCalibration.measure(quick: quick)
        let machine = MachineInfo.current(calibration: calibration)

        print("hft-bench: \(suites.count) suites, median of \(reps) repetitions\(quick ? " (quick)" : "")")
        print("machine: \(machine.cpu), \(machine.logicalCores) logical cores, "
              + "cycle counter \(String(format: "%.3f", machine.cycleCounterGHz)) GHz, "
              + "timer overhead \(machine.timerOverheadCycles) cycles (subtracted from latency samples)")
        if !AllocationCounter.isAvailable {
            print("note: \(AllocationCounter.unavailableMessage)")
        }
        print("times in ns; latency columns (p50 ... max lat) time single operations\n")
        print(ResultTable.header())
        let runner = SuiteRunner(repetitions: reps, calibration: calibration)
        var results: [SuiteResult] = []
        for suite in suites {
            let result = runner.run(suite, quick: quick)
            results.append(result)
            print(ResultTable.row(result))
            fflush(nil)  // rows appear as suites finish, also when piped
        }

        let report = BenchReport(
            suites: results, machine: machine,
            date: ISO8601DateFormatter().string(from: Date()), quick: quick)
        if let json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(report).write(to: URL(fileURLWithPath: json))
            print("\nwrote \(json)")
        }
        if let compare {
            let baseline = try JSONDecoder().decode(
                BenchReport.self, from: Data(contentsOf: URL(fileURLWithPath: compare)))
            let regressions = BaselineComparison.compare(
                results, with: baseline.suites, maxSlowdownPercent: maxSlowdown)
            if regressions > 0 {
                throw ExitCode(1)
            }
        }
    }
}

extension MachineInfo {
    /// Reads the CPU model from /proc/cpuinfo and the OS from uname.
    static func current(calibration: TimerCalibration) -> MachineInfo {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuinfo.split(separator: "\n")
            .first { $0.hasPrefix("model name") }
            .map { $0.split(separator: ":", maxSplits: 1).last!.trimmingCharacters(in: .whitespaces) }
            ?? "unknown CPU"
        var name = utsname()
        uname(&name)
        let os = withUnsafeBytes(of: &name.sysname) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            + " " + withUnsafeBytes(of: &name.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        return MachineInfo(
            cpu: model, logicalCores: ProcessInfo.processInfo.activeProcessorCount, os: os,
            cycleCounterGHz: calibration.cyclesPerNanosecond, timerOverheadCycles: calibration.overheadCycles,
            allocationsCounted: AllocationCounter.isAvailable)
    }
}
