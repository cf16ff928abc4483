import ArgumentParser
import Foundation
import HFTEngine
import HFTReplay

/// The journal options of `hft replay`:
/// `--journal <dir>` writes the command log (and snapshots) while replaying;
/// `--hash` prints `HASH <hex>` of the final state as the last line;
/// `--durability records:<n>|us:<m>|never` is the group-commit policy (default records:256);
/// `--resume` (with `--journal`) first recovers the state from the directory and skips the
/// state-changing lines it already holds (how the crash test continues a killed run);
/// `--ack` prints `ACK <seq>` when records become durable and holds each command's event
/// lines, prefixed `EV <seq> `, until its record is acknowledged.
struct ReplayJournalOptions: ParsableArguments {
    @Option(help: "Write a journal (command log and snapshots) to this directory.")
    var journal: String?

    @Flag(help: "Print HASH <hex> of the final state as the last line.")
    var hash = false

    @Option(help: "Group commit: records:<n>, us:<m> or never.")
    var durability = "records:256"

    @Option(help: "Largest segment file in bytes.")
    var segmentBytes = 64 << 20

    @Option(help: "Write a snapshot every N journaled commands (0: never).")
    var snapshotEvery = 0

    @Flag(help: "Recover from --journal first and continue the input after what it holds.")
    var resume = false

    @Flag(help: "Print ACK <seq> lines and hold events until acknowledged (crash test).")
    var ack = false

    var isActive: Bool { journal != nil || hash }
}

/// Unbuffered line output to standard output (so that a killed process has printed
/// exactly what it acknowledged).
final class LineWriter {
    var buffer = ""
    let immediate: Bool
    init(immediate: Bool) { self.immediate = immediate }
    func line(_ text: String) {
        buffer += text
        buffer += "\n"
        if immediate || buffer.utf8.count >= 1 << 16 { flush() }
    }
    func flush() {
        guard !buffer.isEmpty else { return }
        var bytes = Array(buffer.utf8)
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeMutableBytes { write(1, $0.baseAddress! + done, $0.count - done) }
            if n <= 0 { break }
            done += n
        }
        bytes.removeAll()
        buffer.removeAll(keepingCapacity: true)
    }
}


extension ReplayCommand {
    func runJournaled() throws {
        let o = journalOptions
        let data: Data
        if file == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let contents = FileManager.default.contents(atPath: file) else { throw ValidationError("cannot read \(file)") }
            data = contents
        }
        guard let policy = JournalDurability(parsing: o.durability) else { throw ValidationError("bad --durability \(o.durability)") }
        let out = LineWriter(immediate: o.ack)
        // Event lines of the current command; with --ack they wait for the record's ACK.
        var current: [String] = []
        var held: [(sequence: UInt64, lines: [String])] = []
        var recovering = false
        let sink: (String) -> Void = { if !recovering { current.append($0) } }
        var session = ReplaySession(output: sink)
        var skipThroughLine: UInt64 = 0
        var nextSequence: UInt64 = 1
        var recovered: (session: ReplaySession, report: VenueRecoveryReport)? = nil
        if o.resume, let dir = o.journal, (try? JournalFiles.list(dir, suffix: JournalFiles.segmentSuffix).isEmpty) == false {
            recovering = true
            do throws(JournalError) {
                recovered = try ReplaySession.recover(directory: dir, output: sink)
            } catch .damagedRecord(let damage) {
                throw RecoverCommand.refuse(damage, directory: dir)   // not a torn tail: nothing is cut
            } catch .configurationMismatch {
                // `replay.edge` takes an ENGINE line before the log is started over for it
                // (ReplayJournal.restart), so an edge file that disagrees with the log's
                // configuration is a restart cut short: the log before it is superseded by
                // the line, and replaying the file from its first line rebuilds the same
                // log the uninterrupted run writes (the same commands, the same sequence).
                FileHandle.standardError.write(Data(("INTERRUPTED RESTART: \(dir) holds the log from before an ENGINE line; "
                    + "it starts over from the first line\n").utf8))
            }
            recovering = false
        }
        if let recovered, let dir = o.journal {
            if recovered.report.damage == .sequenceGap {
                throw ValidationError("\(dir): the log does not continue the usable snapshot (sequence gap); cannot resume")
            }
            session = recovered.session
            // Commands carry their line number: the lines up to the last one in the log are done.
            skipThroughLine = recovered.report.lastCommandSequence
            nextSequence = recovered.report.lastJournalSequence + 1
            for line in recovered.report.lines { FileHandle.standardError.write(Data((line + "\n").utf8)) }
            if o.ack { out.line("RECOVERED \(recovered.report.lastJournalSequence)") }
        }
        var journal: ReplayJournal? = nil
        if let dir = o.journal, !o.resume,
           let existing = try? JournalFiles.list(dir, suffix: JournalFiles.segmentSuffix), !existing.isEmpty {
            throw ValidationError("\(dir) already holds a journal (use --resume to continue it)")
        }
        if let dir = o.journal {
            journal = try ReplayJournal(directory: dir, session: session, nextSequence: nextSequence, policy: policy,
                                        maxSegmentBytes: o.segmentBytes)
        }
        var acknowledged: UInt64 = nextSequence - 1
        func release() {
            guard let journal else { return }
            let ackNow = journal.acknowledgedSequence
            guard ackNow > acknowledged else { return }
            acknowledged = ackNow
            if o.ack { out.line("ACK \(ackNow)") }
            while let first = held.first, first.sequence <= ackNow {
                for line in first.lines { out.line("EV \(first.sequence) \(line)") }
                held.removeFirst()
            }
        }
        var lastSnapshot = nextSequence - 1
        var number = 0
        let text = String(decoding: data, as: UTF8.self)
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            if UInt64(number) <= skipThroughLine { continue }
            current.removeAll(keepingCapacity: true)
            if let journal {
                let sequence = try session.processJournaled(line: line, number: number, journal: journal)
                if o.ack, let sequence {
                    if !current.isEmpty { held.append((sequence, current)) }
                } else {
                    for l in current { out.line(l) }
                }
                if o.snapshotEvery > 0, sequence != nil, journal.lastSequence - lastSnapshot >= UInt64(o.snapshotEvery) {
                    lastSnapshot = journal.lastSequence
                    try journal.commit()
                    let written = try session.writeSnapshot(directory: journal.directory, journalSequence: journal.lastSequence)
                    FileHandle.standardError.write(Data(("SNAPSHOT seq=\(journal.lastSequence) bytes=\(written.bytes) "
                        + "pause=\(written.pauseNanoseconds / 1000)us write=\(written.writeNanoseconds / 1000)us\n").utf8))
                }
                release()
            } else {
                session.process(line: line, number: number)
                for l in current { out.line(l) }
            }
        }
        if let journal {
            try journal.commit()
            release()
        }
        current.removeAll()
        if o.hash { out.line("HASH \(session.stateHash.hex)") }
        out.flush()
        if session.errorCount > 0 { throw ExitCode(1) }
    }
}
