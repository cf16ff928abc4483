import HFTEngine
import HFTReplication
import Testing

/// The replicated log's message formats: a batch of commands is the journal's own records,
/// checked one by one; checkpoints and epochs refuse what they do not know.
@Suite("command log formats")
struct CommandLogFormatTests {
    static func commands(from first: UInt64, count: Int) -> [VenueCommand] {
        (0..<count).map { i in
            let sequence = first + UInt64(i)
            return HostFixture.order(account: Int64(i % 8), i.isMultiple(of: 2) ? .buy : .sell, 10_000 + Int64(i), lots: 1 + Int64(i))
                .stamped(sequence: sequence, timestamp: 1_700_000_000_000_000_000 + Int64(sequence))
        }
    }

    @Test func batchRoundTripsThroughTheJournalRecordFormat() throws {
        var encoder = CommandBatchEncoder(maxCommands: 8)
        let sent = Self.commands(from: 41, count: 8)
        var accepted = sent.map { encoder.append($0) }
        accepted.append(encoder.append(sent[0]))
        #expect(accepted == Array(repeating: true, count: 8) + [false] && encoder.isFull)
        let (first, last) = (encoder.firstSequence, encoder.lastSequence)
        #expect(first == 41 && last == 48)
        let payload = Array(encoder.bytes)
        #expect(payload.count == 8 * JournalRecordLayout.venueCommandSize)
        var received: [VenueCommand] = []
        let next = try payload.withUnsafeBytes { try CommandBatchDecoder.decode($0, expected: 41) { received.append($0) } }
        #expect(next == 49 && received == sent)
        #expect(payload.withUnsafeBytes { CommandBatchDecoder.firstSequence($0) } == 41)
        encoder.reset()
        let empty = encoder.isEmpty && encoder.firstSequence == 0
        #expect(empty)
    }

    @Test func damagedOrMisplacedBatchesAreRefused() {
        var encoder = CommandBatchEncoder(maxCommands: 4)
        for c in Self.commands(from: 1, count: 4) { _ = encoder.append(c) }
        let payload = Array(encoder.bytes)
        // A gap: the replica expected another sequence.
        #expect(throws: CommandBatchError.damaged(sequence: 2, .sequenceGap)) {
            try payload.withUnsafeBytes { try CommandBatchDecoder.decode($0, expected: 2) { _ in } }
        }
        // A flipped bit in the third record's command.
        var flipped = payload
        flipped[2 * JournalRecordLayout.venueCommandSize + 60] ^= 0x10
        var applied = 0
        #expect(throws: CommandBatchError.damaged(sequence: 3, .checksum)) {
            try flipped.withUnsafeBytes { try CommandBatchDecoder.decode($0, expected: 1) { _ in applied += 1 } }
        }
        #expect(applied == 2)
        // Not whole records.
        #expect(throws: CommandBatchError.badLength(151)) {
            try Array(payload.prefix(151)).withUnsafeBytes { try CommandBatchDecoder.decode($0, expected: 1) { _ in } }
        }
        #expect(throws: CommandBatchError.badLength(0)) {
            try [UInt8]().withUnsafeBytes { try CommandBatchDecoder.decode($0, expected: 1) { _ in } }
        }
    }

    @Test func checkpointsAndEpochsRoundTripAndRefuseOtherBytes() {
        let checkpoint = StateCheckpoint(sequence: 123_456, hash: 0xDEAD_BEEF_0123_4567)
        #expect(checkpoint.bytes.count == StateCheckpoint.byteCount)
        #expect(checkpoint.bytes.withUnsafeBytes { StateCheckpoint($0) } == checkpoint)
        var wrongVersion = checkpoint.bytes
        wrongVersion[4] = 9
        #expect(wrongVersion.withUnsafeBytes { StateCheckpoint($0) } == nil)

        let epoch = PrimaryEpoch(epoch: 7, nextSequence: 1_001, holder: "venue-b")
        #expect(epoch.bytes.withUnsafeBytes { PrimaryEpoch($0) } == epoch)
        #expect(Array(epoch.bytes.dropLast()).withUnsafeBytes { PrimaryEpoch($0) } == nil)
        #expect(checkpoint.bytes.withUnsafeBytes { PrimaryEpoch($0) } == nil)
        #expect(epoch.bytes.withUnsafeBytes { StateCheckpoint($0) } == nil)
    }

    @Test func shardNamesBecomeSubjectsOnlyWhenNATSAllowsThem() {
        let names = CommandLogNames(shard: "usdm-1")!
        #expect(names.stream == "HFT_usdm-1" && names.commands == "hft.usdm-1.commands" && names.allSubjects == "hft.usdm-1.>")
        #expect(names.kind(ofSubject: "hft.usdm-1.epochs") == .epoch && names.kind(ofSubject: "hft.other.epochs") == nil)
        for bad in ["", "a.b", "a b", "a*", "a>", String(repeating: "x", count: 33), "é"] {
            #expect(CommandLogNames(shard: bad) == nil, "\(bad)")
        }
    }
}
