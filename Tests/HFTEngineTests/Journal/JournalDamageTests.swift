import Foundation
import Testing
import HFTReplay
import HFTTestSupport
@testable import HFTEngine

/// Damage in the middle of the log is refused (nothing on disk changes) unless cutting it is
/// asked for; a torn tail is still repaired automatically; `hft recover` reports both.
@Suite("Journal damage")
struct JournalDamageTests {
    typealias D = JournalDamageFixtures

    @Test func bitFlipInTheMiddleOfASegmentIsRefusedAndChangesNothing() throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanup() }
        let records = try D.journal(dir.path, commands: 1_200)
        #expect(dir.segments().count == 1)
        let segment = dir.path + "/" + dir.segments()[0]
        let offsets = try D.recordOffsets(segment)
        #expect(offsets.count == Int(records))
        let bad = offsets.count / 2            // sequence bad + 1
        try D.flipBit(segment, at: offsets[bad] + 20)     // in the reserved field: CRC
        let before = try D.contents(dir.path)
        let expected = JournalDamage(
            segment: 1, offset: offsets[bad], reason: .checksum, lastGoodSequence: UInt64(bad),
            firstIntact: JournalRecordLocation(segment: 1, offset: offsets[bad + 1], sequence: UInt64(bad + 2)),
            intactRecordsAfter: offsets.count - bad - 1, bytesAfter: D.size(segment) - offsets[bad])
        #expect(throws: JournalError.damagedRecord(expected)) { try ReplaySession.recover(directory: dir.path) }
        #expect(try D.contents(dir.path) == before)
        // The reader-level API says the same and changes nothing either.
        var reader = try JournalReader(directory: dir.path)
        while try reader.next() != nil {}
        #expect(try reader.inspectDamage() == expected)
        #expect(throws: JournalError.damagedRecord(expected)) { try reader.repairDamage() }
        #expect(try D.contents(dir.path) == before)
        #expect(expected.description == "damaged record at offset \(offsets[bad]) of segment 00000000000000000001.seg "
                + "(checksum) after sequence \(bad); \(offsets.count - bad - 1) intact records follow, the first "
                + "(sequence \(bad + 2)) at offset \(offsets[bad + 1]) of 00000000000000000001.seg")
    }

    @Test func damageInANonLastSegmentIsRefusedAndChangesNothing() throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanup() }
        let records = try D.journal(dir.path, commands: 6_000, segmentBytes: 1 << 17)
        let names = dir.segments()
        #expect(names.count >= 3)
        // The last record of the first segment: nothing intact follows it in its own segment,
        // only in the later ones.
        let first = dir.path + "/" + names[0]
        let offsets = try D.recordOffsets(first)
        try D.flipBit(first, at: offsets[offsets.count - 1] + 9)     // in the sequence number
        let before = try D.contents(dir.path)
        let secondStart = UInt64(offsets.count + 1)
        #expect(names[1] == JournalFiles.fileName(secondStart, JournalFiles.segmentSuffix))
        do {
            _ = try ReplaySession.recover(directory: dir.path)
            Issue.record("recovery cut damage in a non-last segment")
        } catch .damagedRecord(let damage) {
            #expect(damage.segment == 1 && damage.offset == offsets[offsets.count - 1] && damage.reason == .checksum)
            #expect(damage.lastGoodSequence == UInt64(offsets.count - 1))
            #expect(damage.firstIntact == JournalRecordLocation(segment: secondStart, offset: 32, sequence: secondStart))
            #expect(damage.intactRecordsAfter == Int(records - secondStart + 1))
        }
        #expect(try D.contents(dir.path) == before)

        // A missing segment in the middle is damage too (the old reader removed every
        // segment after the gap).
        try D.flipBit(first, at: offsets[offsets.count - 1] + 9)     // repaired
        try FileManager.default.removeItem(atPath: dir.path + "/" + names[1])
        let gapped = try D.contents(dir.path)
        let third = try JournalFiles.list(dir.path, suffix: JournalFiles.segmentSuffix)[1]
        #expect(throws: JournalError.damagedRecord(JournalDamage(
            segment: third, offset: 0, reason: .badSegmentHeader, lastGoodSequence: secondStart - 1,
            firstIntact: JournalRecordLocation(segment: third, offset: 32, sequence: third),
            intactRecordsAfter: Int(records - third + 1),
            bytesAfter: names.dropFirst(2).map { D.size(dir.path + "/" + $0) }.reduce(0, +)))) {
            try ReplaySession.recover(directory: dir.path)
        }
        #expect(try D.contents(dir.path) == gapped)
    }

    @Test func truncateDamagedCutsThereAndReportsWhatWasDropped() throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanup() }
        let records = try D.journal(dir.path, commands: 6_000, segmentBytes: 1 << 17)
        let names = dir.segments()
        let first = dir.path + "/" + names[0]
        let offsets = try D.recordOffsets(first)
        let bad = 100
        try D.flipBit(first, at: offsets[bad] + 4)     // in the length field
        let bytes = names.map { D.size(dir.path + "/" + $0) }.reduce(0, +) - offsets[bad]
        let recovered = try ReplaySession.recover(directory: dir.path, truncateDamaged: true)
        let report = recovered.report
        #expect(report.lastJournalSequence == UInt64(bad) && report.recordsReplayed == bad)
        #expect(report.damage == .badLength || report.damage == .torn || report.damage == .checksum)
        #expect(report.segmentsRemoved == names.count - 1 && report.damagedBytes == bytes)
        #expect(report.cutMidLogDamage?.intactRecordsAfter == Int(records) - bad - 1)
        #expect(report.lines[2] == "TRUNCATED reason=\(report.damage!) bytes=\(bytes) segmentsRemoved=\(names.count - 1) "
                + "segment=\(names[0]) offset=\(offsets[bad]) droppedRecords=\(Int(records) - bad - 1)")
        #expect(dir.segments() == [names[0]] && D.size(first) == offsets[bad])
        // What is left is a clean log that recovers without damage to the same state.
        let again = try ReplaySession.recover(directory: dir.path)
        #expect(again.report.damage == nil && again.report.lastJournalSequence == UInt64(bad))
        let a = recovered.session.stateHash.value, b = again.session.stateHash.value
        #expect(a == b)
    }

    @Test func tornTailsAreStillRepairedAutomatically() throws {
        for tail in ["partial record", "zeroed tail", "partial segment header", "torn record, then header-only segment"] {
            let dir = TemporaryDirectory(tail)
            defer { dir.cleanup() }
            let records = try D.journal(dir.path, commands: 600)
            let segment = dir.path + "/" + dir.segments()[0]
            let size = D.size(segment)
            let lastRecord = try D.recordOffsets(segment).last!
            var last = records
            var cutBytes = 0
            switch tail {
            case "partial record":
                try FileHandle(forWritingTo: URL(fileURLWithPath: segment)).truncate(atOffset: UInt64(size - 20))
                last -= 1
                cutBytes = size - 20 - lastRecord
            case "zeroed tail":
                let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: segment))
                try handle.seekToEnd()
                try handle.write(contentsOf: Data(repeating: 0, count: 4096))
                try handle.close()
                cutBytes = 4096
            case "partial segment header":
                let next = JournalFiles.path(dir.path, records + 1, JournalFiles.segmentSuffix)
                try Data(Array("HFTJSEG1".utf8) + [1, 0]).write(to: URL(fileURLWithPath: next))
                cutBytes = 10
            default:
                // Not written by a crash, but nothing intact is lost by cutting it: an empty
                // later segment does not make the damage mid-log.
                try FileHandle(forWritingTo: URL(fileURLWithPath: segment)).truncate(atOffset: UInt64(size - 8))
                last -= 1
                let crc = CRC32C()
                try Data(JournalFiles.segmentHeader(firstSequence: records + 1, crc: crc))
                    .write(to: URL(fileURLWithPath: JournalFiles.path(dir.path, records + 1, JournalFiles.segmentSuffix)))
                cutBytes = size - 8 - lastRecord + 32
            }
            let recovered = try ReplaySession.recover(directory: dir.path)
            #expect(recovered.report.damage != nil, "\(tail)")
            #expect(recovered.report.lastJournalSequence == last && recovered.report.damagedBytes == cutBytes, "\(tail)")
            #expect(recovered.report.cutMidLogDamage == nil, "\(tail)")
            #expect(recovered.report.lines[2].hasPrefix("TRUNCATED reason=") && !recovered.report.lines[2].contains("droppedRecords"))
            #expect(dir.segments().count == 1, "\(tail)")
            let again = try ReplaySession.recover(directory: dir.path)
            #expect(again.report.damage == nil && again.report.lastJournalSequence == last, "\(tail)")
        }
    }

    /// `hft recover` end to end: exit status 65 and the message on standard error for
    /// mid-log damage (nothing changed), `--truncate-damaged` cuts it, a torn tail is 0.
    @Test func hftRecoverRefusesMidLogDamageAndTruncatesOnRequest() throws {
        guard let hft = JournalFixtures.hftExecutable else {
            Issue.record("hft executable not found next to the tests (build it: swift build --product hft)")
            return
        }
        let dir = TemporaryDirectory()
        defer { dir.cleanup() }
        let records = try D.journal(dir.path, commands: 1_000)
        let segment = dir.path + "/" + dir.segments()[0]
        let offsets = try D.recordOffsets(segment)
        try D.flipBit(segment, at: offsets[300] + 20)
        let before = try D.contents(dir.path)

        let refused = try D.run(hft, ["recover", dir.path])
        #expect(refused.status == 65)
        #expect(refused.stdout.isEmpty)
        #expect(refused.stderr == "ERROR journal \(dir.path): damaged record at offset \(offsets[300]) of segment "
                + "00000000000000000001.seg (checksum) after sequence 300; \(Int(records) - 301) intact records follow, "
                + "the first (sequence 302) at offset \(offsets[301]) of 00000000000000000001.seg; nothing was changed "
                + "(hft recover --truncate-damaged \(dir.path) cuts the log there and drops them)\n")
        #expect(try D.contents(dir.path) == before)

        // `hft replay --resume` uses the same recovery and refuses the same way.
        let input = dir.path + ".txt"
        defer { try? FileManager.default.removeItem(atPath: input) }
        try "".write(toFile: input, atomically: true, encoding: .utf8)
        let resumed = try D.run(hft, ["replay", "--journal", dir.path, "--resume", input])
        #expect(resumed.status == 65 && resumed.stderr.hasPrefix("ERROR journal \(dir.path): damaged record at offset"))
        #expect(try D.contents(dir.path) == before)

        let cut = try D.run(hft, ["recover", "--truncate-damaged", dir.path])
        #expect(cut.status == 0)
        #expect(cut.stdout.contains("REPLAYED 300 last=300\nTRUNCATED reason=checksum bytes=\(before[dir.segments()[0]]!.count - offsets[300]) "
                                    + "segmentsRemoved=0 segment=00000000000000000001.seg offset=\(offsets[300]) "
                                    + "droppedRecords=\(Int(records) - 301)\n"), "\(cut.stdout)")
        #expect(D.size(segment) == offsets[300])

        // A torn tail (what a crash leaves) is repaired without the option.
        try FileHandle(forWritingTo: URL(fileURLWithPath: segment)).truncate(atOffset: UInt64(offsets[299] + 16))
        let torn = try D.run(hft, ["recover", dir.path])
        #expect(torn.status == 0 && torn.stderr.isEmpty)
        #expect(torn.stdout.contains("REPLAYED 299 last=299\nTRUNCATED reason=torn bytes=16 segmentsRemoved=0\n"), "\(torn.stdout)")
        let clean = try D.run(hft, ["recover", dir.path])
        #expect(clean.status == 0 && clean.stdout.contains("TRUNCATED none\n"))
    }
}

/// Journals of real replay streams, and what the damage tests do to their files.
enum JournalDamageFixtures {
    /// Journals a random replay stream of `commands` commands; returns the number of records.
    static func journal(_ dir: String, commands: Int, segmentBytes: Int = 64 << 20) throws -> UInt64 {
        var generator = ReplayStreamGenerator(seed: 5, accounts: 40)
        let stream = generator.text(commands: commands)
        let session = ReplaySession(output: { _ in })
        let journal = try ReplayJournal(directory: dir, session: session, policy: .never, maxSegmentBytes: segmentBytes)
        for (n, line) in stream.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            try session.processJournaled(line: line, number: n + 1, journal: journal)
        }
        try journal.commit()
        return journal.acknowledgedSequence
    }

    /// The byte offsets of the records in a segment file (following the length fields).
    static func recordOffsets(_ path: String) throws -> [Int] {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        var offsets: [Int] = []
        var offset = JournalFiles.segmentHeaderSize
        while offset + JournalRecordLayout.headerSize <= bytes.count {
            offsets.append(offset)
            offset += Int(bytes[offset + 4]) | Int(bytes[offset + 5]) << 8 | Int(bytes[offset + 6]) << 16
        }
        return offsets
    }

    /// Flips the lowest bit of the byte at `offset` of a file.
    static func flipBit(_ path: String, at offset: Int) throws {
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[offset] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    /// Every file of a directory by name, with its contents.
    static func contents(_ dir: String) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir) {
            result[name] = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + name))
        }
        return result
    }

    static func size(_ path: String) -> Int { JournalFiles.size(path) }

    /// Runs an executable; its exit status, standard output and standard error.
    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }
}
