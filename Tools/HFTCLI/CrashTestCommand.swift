import ArgumentParser
import Foundation
import HFTEngine
import HFTReplay
import HFTTestSupport

/// `hft crash-test`: the journal's crash-safety check (issue 7). Generates a random command
/// stream (``ReplayStreamGenerator``), runs it once uninterrupted with the journal on
/// (the reference), then runs it in child processes `hft replay --journal <dir> --resume
/// --ack --hash` that are killed with SIGKILL at random moments `--kills` times; each child
/// recovers from the journal and continues the stream; the last one finishes it. Checks:
/// - nothing acknowledged is lost: each child recovers at least the highest `ACK` printed
///   by any child before it;
/// - acknowledged events are right: every `EV <seq>` line a child printed equals the
///   reference's (a killed child may have printed only a prefix of a command's lines);
/// Children also write a snapshot every `--snapshot-every` records, so kills land in
/// snapshot writes too and recovery starts from snapshots.
/// - nothing is applied twice or lost: the final `HASH` equals the reference's and the
///   in-process hash of a plain replay.
/// Prints `CRASHTEST OK ...` or `CRASHTEST FAIL <reason>` (exit status 1).
struct CrashTestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crash-test",
        abstract: "Kill a journaled replay with SIGKILL repeatedly, recover, and compare with an uninterrupted run."
    )

    @Option(help: "SIGKILLs before the run may finish.") var kills = 20
    @Option(help: "Random commands in the stream.") var commands = 20_000
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Option(help: "Group-commit policy of the children.") var durability = "records:8"
    @Option(help: "Children write a snapshot every N records (0: never).") var snapshotEvery = 1_000
    @Option(help: "Working directory (default: a new temporary one, removed afterwards).") var work: String?

    struct ChildResult {
        var lines: [String]
        var killed: Bool
        var status: Int32
    }

    /// Runs `hft <arguments>` with its standard output in the file `output` and its standard
    /// error in `output` + `.err` (quoted when a run fails). Kills it with
    /// SIGKILL after `killAfter` seconds, or once it has printed `ACK n` with n ≥
    /// `killAtAck` or `ackDeadline` seconds have passed (policies that acknowledge rarely),
    /// unless it exits first.
    func runChild(_ executable: String, _ arguments: [String], output: String, killAfter: Double?,
                  killAtAck: UInt64? = nil, ackDeadline: Double = .infinity) throws -> ChildResult {
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        _ = FileManager.default.createFile(atPath: output + ".err", contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        let errors = try FileHandle(forWritingTo: URL(fileURLWithPath: output + ".err"))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = handle
        process.standardError = errors
        try process.run()
        var killed = false
        if let killAfter {
            let deadline = Date().addingTimeInterval(killAfter)
            while process.isRunning && Date() < deadline { usleep(500) }
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                killed = true
            }
        } else if let killAtAck {
            let reader = try FileHandle(forReadingFrom: URL(fileURLWithPath: output))
            var partial = ""
            var reached = false
            let deadline = Date().addingTimeInterval(ackDeadline)
            while process.isRunning && !reached {
                if Date() >= deadline { reached = true; break }
                usleep(300)
                partial += String(decoding: reader.availableData, as: UTF8.self)
                var lines = partial.split(separator: "\n", omittingEmptySubsequences: false)
                partial = String(lines.removeLast())
                for line in lines where line.hasPrefix("ACK ") {
                    if let n = UInt64(line.dropFirst(4)), n >= killAtAck { reached = true }
                }
            }
            try reader.close()
            if reached && process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                killed = true
            }
        }
        process.waitUntilExit()
        try handle.close()
        try errors.close()
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // A killed child may have written half a line last; the text ends with "\n" otherwise.
        if let last = lines.last { if last.isEmpty || !text.hasSuffix("\n") { _ = last; lines.removeLast() } }
        return ChildResult(lines: lines, killed: killed, status: process.terminationStatus)
    }

    func run() throws {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let base = work ?? (NSTemporaryDirectory() + "hft-crash-\(getpid())-\(seed)")
        try? FileManager.default.removeItem(atPath: base)
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        defer { if work == nil { try? FileManager.default.removeItem(atPath: base) } }
        var generator = ReplayStreamGenerator(seed: seed)
        let stream = generator.text(commands: commands)
        let streamPath = base + "/stream.txt"
        try stream.write(toFile: streamPath, atomically: true, encoding: .utf8)

        func fail(_ reason: String) throws -> Never {
            print("CRASHTEST FAIL \(reason) (work \(base))")
            throw ExitCode(1)
        }
        /// The last 2,000 characters a child wrote to standard error (its `output` + `.err`).
        func errorTail(_ output: String) -> String {
            let errors = (try? String(contentsOfFile: output + ".err", encoding: .utf8)) ?? ""
            return "its standard error ends: " + String(errors.suffix(2_000))
        }
        func parse(_ lines: [String]) -> (events: [UInt64: [String]], acks: [UInt64], recovered: UInt64?, hash: String?) {
            var events: [UInt64: [String]] = [:]
            var acks: [UInt64] = []
            var recovered: UInt64?
            var hash: String?
            for line in lines {
                if line.hasPrefix("EV ") {
                    let rest = line.dropFirst(3)
                    guard let space = rest.firstIndex(of: " "), let seq = UInt64(rest[..<space]) else { continue }
                    events[seq, default: []].append(String(rest[rest.index(after: space)...]))
                } else if line.hasPrefix("ACK "), let n = UInt64(line.dropFirst(4)) {
                    acks.append(n)
                } else if line.hasPrefix("RECOVERED "), let n = UInt64(line.dropFirst(10)) {
                    recovered = n
                } else if line.hasPrefix("HASH ") {
                    hash = String(line.dropFirst(5))
                }
            }
            return (events, acks, recovered, hash)
        }

        // The in-process hash of a plain replay.
        let plain = ReplaySession(output: { _ in })
        plain.run(stream)
        let plainHash = plain.stateHash.hex

        // Reference: journaled, uninterrupted.
        let started = Date()
        let reference = try runChild(executable, ["replay", "--journal", base + "/reference", "--durability", durability,
                                                  "--ack", "--hash", streamPath], output: base + "/reference.out", killAfter: nil)
        let referenceSeconds = Date().timeIntervalSince(started)
        let ref = parse(reference.lines)
        guard let referenceHash = ref.hash else {
            try fail("reference run printed no HASH (status \(reference.status)); " + errorTail(base + "/reference.out"))
        }
        guard referenceHash == plainHash else { try fail("journaled reference hash \(referenceHash) != plain replay \(plainHash)") }

        // Crash runs.
        let dir = base + "/crash"
        var rng = ReplayStreamGenerator(seed: seed ^ 0xC0FFEE)
        var killCount = 0
        var runs = 0
        var highestAck: UInt64 = 0
        var checkedEvents = 0
        var finalHash: String?
        // The records of the whole stream: the reference run's last acknowledgement.
        let total = ref.acks.max() ?? 1
        while finalHash == nil {
            // Every fourth kill comes after a random 1–30 ms (often during start-up or
            // recovery); the others once the child has acknowledged a random number of new
            // records, so that the kills are spread over the whole stream.
            var delay: Double?
            var atAck: UInt64?
            let ackDeadline = referenceSeconds * (0.05 + 0.85 * Double(rng.below(10_000)) / 10_000)
            if killCount < kills {
                if killCount % 4 == 3 {
                    delay = 0.001 + 0.029 * Double(rng.below(10_000)) / 10_000
                } else {
                    let left = UInt64(kills - killCount)
                    let span = max(1, 2 * (total - min(total, highestAck)) / (left + 1))
                    atAck = min(highestAck + 1 + UInt64(rng.below(Int(span))), max(total, 2) - 1)
                }
            }
            let output = base + "/crash-\(runs).out"
            let child = try runChild(executable, ["replay", "--journal", dir, "--resume", "--durability", durability,
                                                  "--snapshot-every", String(snapshotEvery), "--ack", "--hash", streamPath], output: output,
                                     killAfter: delay, killAtAck: atAck, ackDeadline: ackDeadline)
            runs += 1
            let result = parse(child.lines)
            if let recovered = result.recovered, recovered < highestAck {
                try fail("run \(runs) recovered \(recovered) records but \(highestAck) were acknowledged")
            }
            if result.recovered == nil && highestAck > 0 && !child.lines.isEmpty {
                try fail("run \(runs) did not recover after acknowledged records")
            }
            highestAck = max(highestAck, result.acks.max() ?? 0)
            for (seq, lines) in result.events {
                guard let expected = ref.events[seq], lines.count <= expected.count,
                      Array(expected.prefix(lines.count)) == lines else {
                    try fail("events of record \(seq) differ from the reference: \(lines) vs \(ref.events[seq] ?? [])")
                }
                checkedEvents += lines.count
            }
            if child.killed {
                killCount += 1
            } else if let hash = result.hash {
                finalHash = hash
            } else {
                try fail("run \(runs) exited with status \(child.status) without HASH; " + errorTail(output))
            }
            if runs > kills * 20 + 100 { try fail("no progress after \(runs) runs") }
        }
        guard finalHash == referenceHash else { try fail("final hash \(finalHash!) != reference \(referenceHash)") }
        print("CRASHTEST OK kills=\(killCount) runs=\(runs) commands=\(commands) acknowledged=\(highestAck) "
              + "eventsChecked=\(checkedEvents) hash=\(referenceHash)")
    }
}

extension ReplayStreamGenerator {
    /// A uniform integer in 0 ..< n (for the crash test's kill delays).
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}
