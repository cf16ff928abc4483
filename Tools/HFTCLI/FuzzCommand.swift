import ArgumentParser
import Foundation
import HFTEngine
import HFTReplay
import HFTTestSupport

/// `hft fuzz`: runs hostile command files (``HostileCommandGenerator``, seeds `--seed`,
/// `--seed + 1`, ...) through ``CommandFileFuzzChecker`` in this process until `--seconds`
/// have passed or `--count` inputs ran, and prints totals:
/// `FUZZ inputs= lines= commands= rejects= errors= trades= liquidations= failures= seconds=`.
/// An input that breaks a rule prints `FUZZ FAIL seed=<s> ...`, is saved to
/// `--save-failures` (as `fuzz-<seed>.txt`) and makes the exit status 1. A trap ends the
/// process: a signal handler first prints the seed of the input that was running
/// (reproduce with `hft fuzz --seed <s> --count 1`), and with `--save-failures` the input
/// is already on disk (every input is written there before it runs and removed if it passes).
/// `--file <path>` checks one saved file instead. `--journal` also replays each input journaled and recovers it (``CommandFileFuzzChecker/checkJournal(_:directory:)``).
struct FuzzCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fuzz",
        abstract: "Replay generated hostile command files and check that every line is accounted for and the invariants hold."
    )

    @Option(help: "Stop after this many seconds.") var seconds: Double = 60
    @Option(help: "The first seed (then seed + 1, seed + 2, ...).") var seed: UInt64 = 1
    @Option(help: "Stop after this many inputs.") var count: Int = .max
    @Option(help: "Body lines per generated file (walls add ten thousand).") var commands = 1_500
    @Option(help: "Directory for failing inputs (fuzz-<seed>.txt).") var saveFailures: String?
    @Option(help: "Check this command file instead of generated ones (a saved failure).") var file: String?
    @Flag(help: "Keep every input in --save-failures, not only the failing ones.") var keepAll = false
    @Flag(help: "Also replay each input journaled, recover it, and compare outputs and state hashes.") var journal = false

    func run() throws {
        if let file {
            guard let data = FileManager.default.contents(atPath: file) else { throw ReplayFileError(path: file) }
            let failures = CommandFileFuzzChecker.check(Array(data)).failures
            for failure in failures { say("  \(failure)") }
            say(failures.isEmpty ? "FUZZ OK \(file)" : "FUZZ FAIL \(file)")
            if !failures.isEmpty { throw ExitCode(1) }
            return
        }
        if let dir = saveFailures { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
        FuzzCrashReport.install()
        let start = ContinuousClock.now
        let limit = Duration.milliseconds(Int64(seconds * 1_000))
        var total = CommandFileFuzzResult()
        var inputs = 0
        var failed = 0
        var current = seed
        while inputs < count && ContinuousClock.now - start < limit {
            var generator = HostileCommandGenerator(seed: current, commands: commands)
            let file = generator.file()
            let path = saveFailures.map { "\($0)/fuzz-\(current).txt" }
            if let path { _ = FileManager.default.createFile(atPath: path, contents: Data(file)) }
            FuzzCrashReport.running(seed: current)
            var result = CommandFileFuzzChecker.check(file)
            if journal {
                let dir = NSTemporaryDirectory() + "hft-fuzz-journal-\(getpid())-\(current)"
                result.failures += CommandFileFuzzChecker.checkJournal(file, directory: dir)
                try? FileManager.default.removeItem(atPath: dir)
            }
            inputs += 1
            total.add(result)
            if result.failures.isEmpty {
                if let path, !keepAll { try? FileManager.default.removeItem(atPath: path) }
            } else {
                failed += 1
                say("FUZZ FAIL seed=\(current)\(path.map { " file=\($0)" } ?? "")")
                for failure in result.failures { say("  \(failure)") }
            }
            current &+= 1
        }
        let elapsed = ContinuousClock.now - start
        say("FUZZ inputs=\(inputs) seeds=\(seed)...\(current &- 1) lines=\(total.lines) commands=\(total.commands) "
              + "output=\(total.outputLines) rejects=\(total.rejects) errors=\(total.errors) trades=\(total.trades) "
              + "liquidations=\(total.liquidations) failures=\(failed) seconds=\(elapsed.components.seconds)")
        if failed > 0 { throw ExitCode(1) }
    }
}

/// Writes a line to standard output at once (unbuffered: a `FAIL` line must reach a
/// redirected log before a later trap ends the process).
func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }

/// Prints the seed of the running input when the process dies of a trap or a fault. The
/// message is formatted before each input into a buffer allocated once, so the handler
/// only calls `write` (async-signal-safe) and re-raises the signal.
enum FuzzCrashReport {
    nonisolated(unsafe) static var message = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
    nonisolated(unsafe) static var length = 0

    static func install() {
        for sig in [SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGABRT, SIGFPE] {
            signal(sig) { sig in
                _ = write(2, FuzzCrashReport.message, FuzzCrashReport.length)
                signal(sig, SIG_DFL)
                raise(sig)
            }
        }
    }

    static func running(seed: UInt64) {
        let text = Array("\nhft fuzz: crashed on seed \(seed); reproduce with: hft fuzz --seed \(seed) --count 1\n".utf8)
        length = 0
        for (i, byte) in text.prefix(256).enumerated() { message[i] = byte }
        length = min(text.count, 256)
    }
}
