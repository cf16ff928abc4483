import Foundation
import Testing
import HFTReplay
import HFTTestSupport
@testable import HFTEngine

@Suite("Journal snapshots")
struct JournalSnapshotTests {
    /// Journals a random stream, writing a snapshot every `every` records.
    static func journal(_ dir: String, commands: Int, every: UInt64, seed: UInt64 = 9) throws -> ReplaySession {
        var generator = ReplayStreamGenerator(seed: seed, accounts: 60)
        let stream = generator.text(commands: commands)
        let session = ReplaySession(output: { _ in })
        let journal = try ReplayJournal(directory: dir, session: session, policy: .everyRecords(64), maxSegmentBytes: 1 << 17)
        for (n, line) in stream.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if let sequence = try session.processJournaled(line: line, number: n + 1, journal: journal), sequence % every == 0 {
                try journal.commit()
                try session.writeSnapshot(directory: dir, journalSequence: sequence)
            }
        }
        try journal.commit()
        return session
    }

    @Test func recoveryFromSnapshotPlusLogMatches() throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanup() }
        let session = try Self.journal(dir.path, commands: 4_000, every: 500)
        // Old segments were pruned; the first one left is still needed by the oldest snapshot.
        let snapshots = try JournalFiles.list(dir.path, suffix: JournalFiles.snapshotSuffix)
        let segments = try JournalFiles.list(dir.path, suffix: JournalFiles.segmentSuffix)
        #expect(segments.first! > 1 && segments.first! <= snapshots.first! + 1, "segments \(segments) snapshots \(snapshots)")
        #expect(segments.count < 2 || segments[1] > snapshots.first! + 1)
        let recovered = try ReplaySession.recover(directory: dir.path)
        #expect(recovered.report.snapshotSequence == recovered.report.lastJournalSequence / 500 * 500)
        #expect(recovered.report.recordsReplayed > 0 && recovered.report.rejectedSnapshots.isEmpty)
        let a = session.stateHash.value, b = recovered.session.stateHash.value
        #expect(a == b)
        // A snapshot round trip without any log gives the same state too.
        try session.writeSnapshot(directory: dir.path, journalSequence: 999_999)
        let again = try ReplaySession.recover(directory: dir.path)
        #expect(again.report.snapshotSequence == 999_999)
        let c = again.session.stateHash.value
        #expect(c == a)
    }

    @Test func corruptSnapshotFallsBackToThePreviousOne() throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanup() }
        let session = try Self.journal(dir.path, commands: 1_500, every: 500)
        let snapshots = try JournalFiles.list(dir.path, suffix: JournalFiles.snapshotSuffix)
        #expect(snapshots.count >= 2)
        // Flip one payload byte of the newest, truncate the next: both are rejected.
        let newest = JournalFiles.path(dir.path, snapshots[snapshots.count - 1], JournalFiles.snapshotSuffix)
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: newest)))
        bytes[bytes.count / 2] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: newest))
        let second = JournalFiles.path(dir.path, snapshots[snapshots.count - 2], JournalFiles.snapshotSuffix)
        let size = try FileManager.default.attributesOfItem(atPath: second)[.size] as! Int
        try FileHandle(forWritingTo: URL(fileURLWithPath: second)).truncate(atOffset: UInt64(size / 3))
        let recovered = try ReplaySession.recover(directory: dir.path)
        #expect(recovered.report.rejectedSnapshots == [snapshots[snapshots.count - 1], snapshots[snapshots.count - 2]])
        #expect(recovered.report.snapshotSequence == (snapshots.count >= 3 ? snapshots[snapshots.count - 3] : nil))
        let a = session.stateHash.value, b = recovered.session.stateHash.value
        #expect(a == b)
    }

    @Test("the snapshot frame serves other files: their own magic, version and sequence are checked")
    func frameWithAnotherMagic() throws {
        let magic: UInt64 = 0x3150_4E53_5254_4648
        let payload: [UInt8] = Array(0..<200).map { UInt8($0 % 251) }
        let framed = payload.withUnsafeBytes { p in
            JournalSnapshotFile.frameHeader(magic: magic, version: 7, sequence: 42, payload: p)
        } + payload
        #expect(framed.count == JournalSnapshotFile.headerSize + payload.count)
        #expect(try JournalSnapshotFile.unframe(framed, magic: magic, version: 7, sequence: 42) == payload)
        #expect(throws: JournalError.corruptSnapshot) {
            try JournalSnapshotFile.unframe(framed, magic: JournalSnapshotFile.magic, version: 7, sequence: 42)
        }
        #expect(throws: JournalError.incompatibleSnapshot) { try JournalSnapshotFile.unframe(framed, magic: magic, version: 8, sequence: 42) }
        #expect(throws: JournalError.corruptSnapshot) { try JournalSnapshotFile.unframe(framed, magic: magic, version: 7, sequence: 43) }
        var flipped = framed
        flipped[JournalSnapshotFile.headerSize + 100] ^= 1
        #expect(throws: JournalError.corruptSnapshot) { try JournalSnapshotFile.unframe(flipped, magic: magic, version: 7, sequence: 42) }
        #expect(throws: JournalError.corruptSnapshot) {
            try JournalSnapshotFile.unframe(Array(framed.dropLast()), magic: magic, version: 7, sequence: 42)
        }
    }

    @Test("strings round-trip through a snapshot buffer; a length beyond the bytes is corrupt")
    func stringsRoundTrip() throws {
        let buffer = SnapshotBuffer()
        var one = "autoclose-42 ✓", list = ["", "BTCUSDT", String(repeating: "x", count: 5_000)]
        try buffer.string(&one)
        try buffer.strings(&list)
        let saved = Array(buffer.bytes)
        buffer.startLoading()
        var loadedOne = "", loadedList: [String] = ["stale"]
        try buffer.string(&loadedOne)
        try buffer.strings(&loadedList)
        #expect(loadedOne == one && loadedList == list && buffer.isAtEnd)
        let truncated = saved.withUnsafeBytes { SnapshotBuffer(loading: UnsafeRawBufferPointer(rebasing: $0[..<20])) }
        var text = ""
        #expect(throws: JournalError.corruptSnapshot) { try truncated.string(&text) }
    }

    @Test func garbageSnapshotsAreTypedErrors() throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanup() }
        // A replay journal without a log (its edge and configuration files); a new journal
        // clears old snapshots, so the garbage ones come after it.
        let session = ReplaySession(output: { _ in })
        _ = try ReplayJournal(directory: dir.path, session: session, policy: .never)
        for (i, content) in [[UInt8](), [UInt8](repeating: 0, count: 64), [UInt8](repeating: 0xFF, count: 500)].enumerated() {
            try Data(content).write(to: URL(fileURLWithPath: JournalFiles.path(dir.path, UInt64(i + 1), JournalFiles.snapshotSuffix)))
            #expect(throws: JournalError.corruptSnapshot) { try JournalSnapshotFile.read(directory: dir.path, sequence: UInt64(i + 1)) }
        }
        // A well-formed file whose payload does not fit the engine: rejected, not a trap.
        let payload = [UInt8](repeating: 7, count: 1_000)
        try payload.withUnsafeBytes { try JournalSnapshotFile.write(directory: dir.path, sequence: 50, payload: $0, keep: 10) }
        let loaded = try JournalSnapshotFile.read(directory: dir.path, sequence: 50)
        #expect(loaded == payload)
        #expect(throws: JournalError.self) { _ = try Venue.restore(configuration: session.configuration, from: loaded) }
        let recovered = try ReplaySession.recover(directory: dir.path)
        #expect(recovered.report.snapshotSequence == nil && recovered.report.rejectedSnapshots.count == 4)
    }
}
