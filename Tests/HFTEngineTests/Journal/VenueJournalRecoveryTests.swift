import Foundation
import Testing
@testable import HFTEngine

/// A venue's journal holds its commands only: recovery (configuration file, newest valid
/// snapshot, the records after it) rebuilds exactly the venue that applied them without
/// interruption, over many random command streams.
@Suite("Venue journal recovery")
struct VenueJournalRecoveryTests {
    typealias F = VenueJournalFixtures
    static let seeds: [UInt64] = Array(1...20)

    @Test func everyCommandKindRoundTripsThroughItsBytes() throws {
        var stream = VenueCommandStream(seed: 3)
        let commands = stream.setup() + (0..<2_000).map { _ in stream.next() }
        #expect(Set(commands.map(\.kind)) == Set(VenueCommandKind.allCases))
        let raw = UnsafeMutableRawPointer.allocate(byteCount: VenueCommand.byteCount, alignment: 1)
        defer { raw.deallocate() }
        for var command in commands {
            command.b1 = 0xA5; command.b2 = 0x5A; command.w12 = -7   // every field travels
            command.store(to: raw)
            #expect(VenueCommand.load(from: raw) == command)
        }
        raw.storeBytes(of: 0, toByteOffset: 16, as: UInt8.self)
        #expect(VenueCommand.load(from: raw) == nil)
        raw.storeBytes(of: 200, toByteOffset: 16, as: UInt8.self)
        #expect(VenueCommand.load(from: raw) == nil)
    }

    @Test func recordsAre152BytesWithTheirOwnSequenceNumbers() throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanup() }
        let commands = F.commands(seed: 1, count: 300)
        try F.journal(dir.path, commands)
        let segment = dir.path + "/" + dir.segments()[0]
        let offsets = try JournalDamageFixtures.recordOffsets(segment)
        #expect(offsets.count == commands.count)
        #expect(zip(offsets, offsets.dropFirst()).allSatisfy { $1 - $0 == 152 })
        var reader = try JournalReader(directory: dir.path)
        var n: UInt64 = 0
        while let record = try reader.next() {
            n += 1
            #expect(record.sequence == n && record.command == commands[Int(n - 1)])
        }
        #expect(n == UInt64(commands.count) && reader.damage == nil)
    }

    @Test("no snapshot: the whole log rebuilds the venue", arguments: seeds)
    func logAloneRebuildsTheVenue(seed: UInt64) throws {
        let dir = TemporaryDirectory("log\(seed)")
        defer { dir.cleanup() }
        let commands = F.commands(seed: seed, count: 1_200)
        let hash = try F.journal(dir.path, commands, segmentBytes: 1 << 16)
        #expect(dir.segments().count > 1)
        let recovered = try Venue.recover(directory: dir.path)
        var expected = VenueRecoveryReport()
        expected.recordsReplayed = commands.count
        expected.lastJournalSequence = UInt64(commands.count)
        expected.lastCommandSequence = commands.last!.sequence
        #expect(recovered.report == expected)
        #expect(recovered.venue.stateHash.value == hash)
        #expect(recovered.report.lines == ["SNAPSHOT none", "REPLAYED \(commands.count) last=\(commands.count)", "TRUNCATED none"])
    }

    @Test("snapshot at a random point + the log after it = the uninterrupted venue", arguments: seeds)
    func snapshotPlusTailRebuildsTheVenue(seed: UInt64) throws {
        let dir = TemporaryDirectory("snap\(seed)")
        defer { dir.cleanup() }
        let commands = F.commands(seed: seed, count: 1_200)
        var random = SplitMix64(seed: seed &* 7_919)
        // One to five snapshots at random points; the newest 3 are kept and the segments
        // the oldest kept one covers are removed.
        let points = Set((0..<(1 + Int(random.next() % 5))).map { _ in 1 + random.next() % UInt64(commands.count) })
        let hash = try F.journal(dir.path, commands, snapshotsAfter: points, segmentBytes: 1 << 15)
        let kept = points.sorted().suffix(3)
        #expect(try JournalFiles.list(dir.path, suffix: JournalFiles.snapshotSuffix) == Array(kept))
        let firstSegment = try JournalFiles.list(dir.path, suffix: JournalFiles.segmentSuffix).first!
        #expect(firstSegment <= kept.first! + 1)
        let recovered = try Venue.recover(directory: dir.path)
        let report = recovered.report
        #expect(report.snapshotSequence == kept.last && report.rejectedSnapshots.isEmpty)
        #expect(report.recordsReplayed == commands.count - Int(kept.last!))
        #expect(report.lastJournalSequence == UInt64(commands.count) && report.damage == nil)
        #expect(report.lastCommandSequence == commands.last!.sequence)
        #expect(recovered.venue.stateHash.value == hash, "seed \(seed), snapshots after \(points.sorted())")
        // The snapshot alone is the venue at its point.
        let payload = try JournalSnapshotFile.read(directory: dir.path, sequence: kept.last!)
        let restored = try Venue.restore(configuration: VenueCommandStream.configuration, from: payload)
        #expect(restored.stateHash.value == (try F.uninterruptedHash(commands[..<Int(kept.last!)])))
    }

    @Test func aDamagedNewestSnapshotFallsBackToThePreviousOne() throws {
        for damage in ["payload bit", "header bit", "truncated", "other configuration"] {
            let dir = TemporaryDirectory(damage)
            defer { dir.cleanup() }
            let commands = F.commands(seed: 21, count: 900)
            let hash = try F.journal(dir.path, commands, snapshotsAfter: [300, 650])
            let newest = JournalFiles.path(dir.path, 650, JournalFiles.snapshotSuffix)
            switch damage {
            case "payload bit": try JournalDamageFixtures.flipBit(newest, at: JournalSnapshotFile.headerSize + 500)
            case "header bit": try JournalDamageFixtures.flipBit(newest, at: 17)
            case "truncated": try FileHandle(forWritingTo: URL(fileURLWithPath: newest)).truncate(atOffset: 1_000)
            default:
                // A well-formed snapshot of a venue with other capacities does not load.
                var other = VenueCommandStream.configuration
                other.maxOrders *= 2
                var venue = try Venue(configuration: other)
                try venue.writeSnapshot(directory: dir.path, journalSequence: 650)
            }
            let recovered = try Venue.recover(directory: dir.path)
            #expect(recovered.report.snapshotSequence == 300 && recovered.report.rejectedSnapshots == [650], "\(damage)")
            #expect(recovered.report.recordsReplayed == commands.count - 300)
            #expect(recovered.venue.stateHash.value == hash, "\(damage)")
            #expect(recovered.report.lines[0] == "SNAPSHOT seq=300 rejected=650")
        }
    }

    @Test func recoveryContinuesTheLog() throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanup() }
        let commands = F.commands(seed: 8, count: 1_000)
        try F.journal(dir.path, Array(commands[..<600]), snapshotsAfter: [250])
        // A restarted host: recover, continue the log and the venue, snapshot again.
        var recovery = try Venue.recover(directory: dir.path)
        var events = recovery.venue.makeEventBuffer()
        var writer = try recovery.venue.openJournal(directory: dir.path, nextSequence: recovery.report.lastJournalSequence + 1,
                                                    policy: .everyRecords(16))
        for command in commands[600...] {
            let sequence = try writer.append(command)
            recovery.venue.apply(command, into: &events)
            events.removeAll()
            if sequence == 800 {
                try writer.commit()
                try recovery.venue.writeSnapshot(directory: dir.path, journalSequence: 800)
            }
        }
        try writer.commit()
        #expect(writer.acknowledgedSequence == UInt64(commands.count))
        let again = try Venue.recover(directory: dir.path)
        #expect(again.report.snapshotSequence == 800 && again.report.recordsReplayed == commands.count - 800)
        #expect(again.venue.stateHash.value == (try F.uninterruptedHash(commands[...])))
    }
}
