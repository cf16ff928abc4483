import Foundation
@testable import HFTEngine

/// Venue journals of random command streams (``VenueCommandStream``) and the uninterrupted
/// venues to compare their recovery with.
enum VenueJournalFixtures {
    /// The sequencer's numbers start far from the journal's own (1, 2, 3, ...), so that a
    /// test mixing the two fails.
    static let sequencerOffset: UInt64 = 1_000_000

    /// Setup plus `count` random commands of stream `seed`, restamped with
    /// ``sequencerOffset``.
    static func commands(seed: UInt64, count: Int) -> [VenueCommand] {
        var stream = VenueCommandStream(seed: seed)
        let all = stream.setup() + (0..<count).map { _ in stream.next() }
        return all.map { $0.stamped(sequence: $0.sequence + sequencerOffset, timestamp: $0.timestamp) }
    }

    /// The state hash of a venue that applied `commands` without interruption.
    static func uninterruptedHash(_ commands: ArraySlice<VenueCommand>) throws -> UInt64 {
        var venue = try Venue(configuration: VenueCommandStream.configuration)
        var events = venue.makeEventBuffer()
        for command in commands {
            venue.apply(command, into: &events)
            events.removeAll()
        }
        return venue.stateHash.value
    }

    /// Journals `commands` into `dir` as a host does (append, then apply), writing a
    /// snapshot after each journal sequence in `snapshotsAfter` (the log committed first).
    /// Returns the uninterrupted venue's final hash.
    @discardableResult
    static func journal(_ dir: String, _ commands: [VenueCommand], snapshotsAfter: Set<UInt64> = [],
                        segmentBytes: Int = 64 << 20) throws -> UInt64 {
        var venue = try Venue(configuration: VenueCommandStream.configuration)
        var events = venue.makeEventBuffer()
        var writer = try venue.openJournal(directory: dir, policy: .never, maxSegmentBytes: segmentBytes)
        for command in commands {
            let sequence = try writer.append(command)
            venue.apply(command, into: &events)
            events.removeAll()
            if snapshotsAfter.contains(sequence) {
                try writer.commit()
                try venue.writeSnapshot(directory: dir, journalSequence: sequence)
            }
        }
        try writer.commit()
        return venue.stateHash.value
    }

    /// Journals stream `seed` into one segment of `dir`: the commands, the segment's path
    /// and the byte offsets of its records.
    static func singleSegment(_ dir: TemporaryDirectory, seed: UInt64, count: Int) throws
        -> (commands: [VenueCommand], segment: String, offsets: [Int]) {
        let commands = commands(seed: seed, count: count)
        try journal(dir.path, commands)
        let segment = dir.path + "/" + dir.segments()[0]
        return (commands, segment, try JournalDamageFixtures.recordOffsets(segment))
    }

    /// Sets the command kind byte of the `venueCommand` record at `offset` of a segment to
    /// `kind` and recomputes the record's CRC-32C: a record that passes its checksum but
    /// does not decode.
    static func setCommandKind(_ path: String, record offset: Int, to kind: UInt8) throws {
        var contents = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        contents[offset + JournalRecordLayout.headerSize + 16] = kind
        let size = JournalRecordLayout.venueCommandSize
        let sum = contents.withUnsafeBytes { CRC32C().checksum($0.baseAddress! + offset + 4, count: size - 4) }
        withUnsafeBytes(of: sum.littleEndian) { contents.replaceSubrange(offset..<(offset + 4), with: $0) }
        try Data(contents).write(to: URL(fileURLWithPath: path))
    }
}
