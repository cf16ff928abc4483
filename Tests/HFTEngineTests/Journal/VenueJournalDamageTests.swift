import Foundation
import Testing
@testable import HFTEngine

/// The damage rules of the journal hold for a venue's log: damage in the middle is refused
/// with nothing changed (unless cutting it is asked for), a torn tail is repaired, a record
/// whose command does not decode is damage and never a trap; the configuration file and
/// foreign records are checked.
@Suite("Venue journal damage")
struct VenueJournalDamageTests {
    typealias F = VenueJournalFixtures
    typealias D = JournalDamageFixtures

    @Test func aDamagedMiddleRecordIsRefusedAndChangesNothing() throws {
        for damage in ["bit flip", "bad command kind"] {
            let dir = TemporaryDirectory(damage)
            defer { dir.cleanup() }
            let (commands, segment, offsets) = try F.singleSegment(dir, seed: 4, count: 800)
            let bad = 400
            if damage == "bit flip" {
                try D.flipBit(segment, at: offsets[bad] + 24 + 40)     // in the command's w2
            } else {
                try F.setCommandKind(segment, record: offsets[bad], to: 0xEE)
            }
            let before = try D.contents(dir.path)
            let expected = JournalDamage(
                segment: 1, offset: offsets[bad], reason: damage == "bit flip" ? .checksum : .badPayload,
                lastGoodSequence: UInt64(bad),
                firstIntact: JournalRecordLocation(segment: 1, offset: offsets[bad + 1], sequence: UInt64(bad + 2)),
                intactRecordsAfter: offsets.count - bad - 1, bytesAfter: D.size(segment) - offsets[bad])
            #expect(throws: JournalError.damagedRecord(expected)) { _ = try Venue.recover(directory: dir.path) }
            #expect(try D.contents(dir.path) == before, "\(damage)")

            // Asked to, recovery cuts the log there: the state of the records before it.
            let cut = try Venue.recover(directory: dir.path, truncateDamaged: true)
            #expect(cut.report.lastJournalSequence == UInt64(bad) && cut.report.recordsReplayed == bad)
            #expect(cut.report.cutMidLogDamage == expected && cut.report.damage == expected.reason)
            #expect(cut.report.lastCommandSequence == commands[bad - 1].sequence)
            #expect(cut.venue.stateHash.value == (try F.uninterruptedHash(commands[..<bad])))
            #expect(D.size(segment) == offsets[bad])
        }
    }

    @Test func tornTailsAreRepaired() throws {
        for tail in ["partial record", "bad command kind in the last record", "zeroed tail"] {
            let dir = TemporaryDirectory(tail)
            defer { dir.cleanup() }
            let (commands, segment, offsets) = try F.singleSegment(dir, seed: 5, count: 500)
            let size = D.size(segment)
            var kept = commands.count - 1
            switch tail {
            case "partial record":
                try FileHandle(forWritingTo: URL(fileURLWithPath: segment)).truncate(atOffset: UInt64(size - 20))
            case "bad command kind in the last record":
                try F.setCommandKind(segment, record: offsets.last!, to: 0)
            default:
                // A crash after the file grew but before the data reached it: zeros.
                let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: segment))
                try handle.seekToEnd()
                try handle.write(contentsOf: Data(count: 4_096))
                try handle.close()
                kept = commands.count
            }
            let recovered = try Venue.recover(directory: dir.path)
            #expect(recovered.report.lastJournalSequence == UInt64(kept), "\(tail)")
            #expect(recovered.report.damage != nil && recovered.report.cutMidLogDamage == nil, "\(tail)")
            #expect(recovered.venue.stateHash.value == (try F.uninterruptedHash(commands[..<kept])), "\(tail)")
            #expect(D.size(segment) == (kept == commands.count ? size : offsets.last!), "\(tail)")
            let clean = try Venue.recover(directory: dir.path)
            #expect(clean.report.damage == nil && clean.report.lastJournalSequence == UInt64(kept))
        }
    }

    @Test func theConfigurationFileIsExplicitAndChecked() throws {
        let configuration = VenueConfiguration(
            maxOrders: 5_000, maxPriceLevels: 3_000, maxSymbols: 3, riskEnabled: true, liquidationEnabled: false,
            userAccounts: 77, positionsPerSymbol: 40, maxOpenOrdersPerAccount: 9, eventBudget: 1_000,
            rebuildTriggersOnPrice: true, scanThreads: 2, liquidationFeeRate: Rate(e8: 123_456))
        let bytes = VenueConfigurationFile.encode(configuration)
        #expect(bytes.count == 112 && Array(bytes[0..<8]) == Array("HFTJVCF1".utf8))
        #expect(try VenueConfigurationFile.decode(bytes) == configuration)
        #expect(try VenueConfigurationFile.decode(VenueConfigurationFile.encode(VenueConfiguration(riskEnabled: false)))
                == VenueConfiguration(riskEnabled: false))
        for i in 0..<bytes.count {
            var damaged = bytes
            damaged[i] ^= 0x10
            #expect(throws: JournalError.badConfiguration) { try VenueConfigurationFile.decode(damaged) }
        }
        #expect(throws: JournalError.badConfiguration) { try VenueConfigurationFile.decode(Array(bytes.dropLast())) }
        // Valid framing around settings no venue can be built with.
        var tooSmall = configuration
        tooSmall.eventBudget = 1
        #expect(throws: JournalError.badConfiguration) {
            try VenueConfigurationFile.decode(VenueConfigurationFile.encode(tooSmall))
        }

        let dir = TemporaryDirectory()
        defer { dir.cleanup() }
        #expect(throws: JournalError.io(operation: .open, errno: ENOENT)) { _ = try Venue.recover(directory: dir.path) }
        let venue = try Venue(configuration: configuration)
        _ = try venue.openJournal(directory: dir.path, policy: .never)
        #expect(try VenueConfigurationFile.read(directory: dir.path) == configuration)
        _ = try venue.openJournal(directory: dir.path, policy: .never)     // same configuration: fine
        let other = try Venue(configuration: VenueCommandStream.configuration)
        #expect(throws: JournalError.configurationMismatch) { _ = try other.openJournal(directory: dir.path, policy: .never) }
        try D.flipBit(VenueConfigurationFile.path(dir.path), at: 20)
        #expect(throws: JournalError.badConfiguration) { _ = try Venue.recover(directory: dir.path) }
    }

    @Test func aRecordOfTheOldKindsIsRefusedAndChangesNothing() throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanup() }
        let commands = F.commands(seed: 6, count: 100)
        try F.journal(dir.path, commands)
        // A new segment: a 64-byte record of the retired cancel kind (2) as earlier versions
        // wrote it, then an intact venueCommand record.
        let first = UInt64(commands.count + 1)
        var writer = try JournalWriter(directory: dir.path, nextSequence: first, policy: .never)
        try writer.append(commands[0])
        try writer.append(commands[0])
        try writer.commit()
        let path = JournalFiles.path(dir.path, first, JournalFiles.segmentSuffix)
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        var old = [UInt8](repeating: 0, count: 64)
        old.withUnsafeMutableBytes { p in
            p.storeBytes(of: UInt32(64).littleEndian, toByteOffset: 4, as: UInt32.self)
            p.storeBytes(of: first.littleEndian, toByteOffset: 8, as: UInt64.self)
            p.storeBytes(of: UInt16(2).littleEndian, toByteOffset: 16, as: UInt16.self)
            p.storeBytes(of: UInt16(40).littleEndian, toByteOffset: 18, as: UInt16.self)
            p.storeBytes(of: Int64(1).littleEndian, toByteOffset: 24, as: Int64.self)     // order id
            let sum = CRC32C().checksum(p.baseAddress! + 4, count: 60)
            p.storeBytes(of: sum.littleEndian, toByteOffset: 0, as: UInt32.self)
        }
        let header = JournalFiles.segmentHeaderSize, size = JournalRecordLayout.venueCommandSize
        bytes.replaceSubrange(header..<(header + size), with: old)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(try D.recordOffsets(path) == [header, header + 64])
        let before = try D.contents(dir.path)
        #expect(throws: JournalError.foreignRecord(sequence: UInt64(commands.count + 1))) {
            _ = try Venue.recover(directory: dir.path)
        }
        #expect(try D.contents(dir.path) == before)
        // The general reader refuses it the same way; the damage scan counts it as intact.
        var reader = try JournalReader(directory: dir.path)
        var thrown: JournalError?
        do { while try reader.next() != nil {} } catch { thrown = error }
        #expect(thrown == .foreignRecord(sequence: first) && reader.lastSequence == first - 1)
    }
}
