import HFTEngine
@testable import HFTService
import Testing

@Suite("VenueLedger snapshots: save, load, continue")
struct VenueLedgerSnapshotTests {
    /// A ledger and a venue driven by the seeded command stream; returns the ledger saved
    /// after `midpoint` commands and the ledger at the end, plus the stream's commands.
    static func run(seed: UInt64, midpoint: Int, total: Int) throws
        -> (saved: [UInt8], commands: [(VenueCommand, [VenueEvent])], end: VenueLedger, accounts: Int) {
        var venue = try Venue(configuration: LedgerCommandStream.configuration)
        var events = venue.makeEventBuffer()
        let ledger = VenueLedger(symbols: LedgerCommandStream.symbols)
        var stream = LedgerCommandStream(seed: seed)
        let setup = stream.setup()
        var saved: [UInt8] = []
        var commands: [(VenueCommand, [VenueEvent])] = []
        for n in 0..<(setup.count + total) {
            let command = LedgerCommandStream.asServed(n < setup.count ? setup[n] : stream.next(), ledger: ledger)
            venue.apply(command, into: &events)
            let list = Array(events.events)
            events.removeAll()
            ledger.apply(command, events: list)
            _ = ledger.drainDiffs()
            commands.append((command, list))
            if n == setup.count + midpoint - 1 { saved = ledger.snapshotBytes() }
        }
        return (saved, commands, ledger, stream.accounts)
    }

    @Test("a ledger loaded from a snapshot and fed the rest of the stream equals the one that saw it all",
          arguments: [UInt64(11), 12, 13])
    func loadAndContinue(seed: UInt64) throws {
        let midpoint = 1_500
        let (saved, commands, end, accounts) = try Self.run(seed: seed, midpoint: midpoint, total: 3_000)
        let loaded = VenueLedger(symbols: LedgerCommandStream.symbols)
        try loaded.loadSnapshot(saved, sequence: commands[commands.count - 3_000 + midpoint - 1].0.sequence)
        #expect(loaded.snapshotBytes() == saved, "save, load, save gives the same bytes")
        for (command, list) in commands.suffix(3_000 - midpoint) {
            loaded.apply(command, events: list)
            _ = loaded.drainDiffs()
        }
        #expect(VenueLedgerPropertyTests.fingerprint(loaded, accounts: accounts)
                == VenueLedgerPropertyTests.fingerprint(end, accounts: accounts))
        #expect(loaded.snapshotBytes() == end.snapshotBytes())
        #expect(saved != end.snapshotBytes())
    }

    @Test("damaged bytes are refused without a trap and leave the ledger as it was")
    func damagedBytesAreRefused() throws {
        let (saved, commands, _, accounts) = try Self.run(seed: 14, midpoint: 400, total: 400)
        let ledger = VenueLedger(symbols: LedgerCommandStream.symbols)
        for (command, list) in commands.prefix(20) { ledger.apply(command, events: list) }
        let before = ledger.snapshotBytes()
        let fingerprint = VenueLedgerPropertyTests.fingerprint(ledger, accounts: accounts)
        // Every truncation, and bytes flipped across the whole payload.
        var refused = 0
        for length in stride(from: 0, to: saved.count, by: max(1, saved.count / 200)) {
            do { try ledger.loadSnapshot(Array(saved.prefix(length))) } catch { refused += 1 }
        }
        var generator = SplitMix64(seed: 99)
        for _ in 0..<200 {
            var bytes = saved
            let at = Int(generator.next() % UInt64(bytes.count))
            bytes[at] ^= UInt8(truncatingIfNeeded: generator.next() | 1)
            // A flipped quantity or time can still decode (the file's CRC catches those);
            // whatever decodes must not trap, and a refusal changes nothing.
            do { try ledger.loadSnapshot(bytes); try ledger.loadSnapshot(before) } catch { refused += 1 }
        }
        #expect(refused > 200)
        #expect(ledger.snapshotBytes() == before)
        #expect(VenueLedgerPropertyTests.fingerprint(ledger, accounts: accounts) == fingerprint)
        // Another version, another sequence.
        var otherVersion = saved
        otherVersion[0] ^= 0x7F
        #expect(throws: JournalError.incompatibleSnapshot) { try ledger.loadSnapshot(otherVersion) }
        #expect(throws: JournalError.corruptSnapshot) { try ledger.loadSnapshot(saved, sequence: 1) }
    }
}
