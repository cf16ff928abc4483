import Foundation
import Testing
@testable import HFTEngine

@Suite("Journal log")
struct JournalLogTests {
    typealias F = JournalFixtures

    @Test(arguments: [true, false])
    func crc32cKnownValues(hardware: Bool) {
        let crc = CRC32C(hardware: hardware)
        let digits = Array("123456789".utf8)
        let a = digits.withUnsafeBytes { crc.checksum($0.baseAddress!, count: $0.count) }
        #expect(a == 0xE306_9283)
        let zeros = [UInt8](repeating: 0, count: 32)
        let b = zeros.withUnsafeBytes { crc.checksum($0.baseAddress!, count: $0.count) }
        #expect(b == 0x8A91_36AA)
        // Slicing-by-8 equals the bytewise definition at every length and alignment.
        var bytes = [UInt8](repeating: 0, count: 300)
        for i in bytes.indices { bytes[i] = UInt8(truncatingIfNeeded: i &* 37 &+ 11) }
        for start in 0..<9 {
            for length in [0, 1, 7, 8, 9, 63, 64, 100, 291 - start] {
                let fast = bytes.withUnsafeBytes { crc.checksum($0.baseAddress! + start, count: length) }
                var slow: UInt32 = 0xFFFF_FFFF
                for byte in bytes[start ..< start + length] {
                    slow ^= UInt32(byte)
                    for _ in 0..<8 { slow = slow & 1 != 0 ? (slow >> 1) ^ 0x82F6_3B78 : slow >> 1 }
                }
                #expect(fast == ~slow, "start \(start) length \(length)")
            }
        }
    }

    /// Every fixture command survives its 152-byte record (the buffer's encoding, the
    /// reader's decoding) field for field; a record whose command kind byte does not decode
    /// is `badPayload`, one of an unknown record kind too, one of a retired kind is neither.
    @Test func commandsRoundTripThroughTheirRecords() {
        let crc = CRC32C()
        var buffer = JournalBuffer(capacity: 1 << 16)
        for i in 0..<300 {
            let appended = buffer.append(F.command(i), sequence: UInt64(i + 1), crc: crc)
            #expect(appended)
        }
        #expect(buffer.count == 300 * JournalRecordLayout.venueCommandSize)
        for i in 0..<300 {
            let r = JournalReader.decode(buffer.bytes, at: i * JournalRecordLayout.venueCommandSize, expected: UInt64(i + 1), crc: crc)
            #expect(r.1 == nil && r.2 == JournalRecordLayout.venueCommandSize)
            #expect(r.0?.sequence == UInt64(i + 1) && r.0?.command == F.command(i), "i \(i)")
        }
        var record = Array(UnsafeRawBufferPointer(rebasing: buffer.bytes[0..<JournalRecordLayout.venueCommandSize]))
        func decoded(kindAt offset: Int, _ value: UInt8) -> (JournalRecordView?, JournalTailDamage?, Int) {
            record[offset] = value
            let sum = record.withUnsafeBytes { crc.checksum($0.baseAddress! + 4, count: $0.count - 4) }
            withUnsafeBytes(of: sum.littleEndian) { record.replaceSubrange(0..<4, with: $0) }
            return record.withUnsafeBytes { JournalReader.decode($0, at: 0, expected: 1, crc: crc) }
        }
        let badCommandKind = decoded(kindAt: JournalRecordLayout.headerSize + 16, 0xEE)
        #expect(badCommandKind.1 == .badPayload)
        record[JournalRecordLayout.headerSize + 16] = F.command(0).kind.rawValue
        let unknownRecordKind = decoded(kindAt: 16, 7)
        #expect(unknownRecordKind.1 == .badPayload)
        let retired = decoded(kindAt: 16, 2)                     // the old cancel kind: neither view nor damage
        #expect(retired.0 == nil && retired.1 == nil && retired.2 == JournalRecordLayout.venueCommandSize)
    }

    @Test func writeReadWithSegmentRolls() throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanup() }
        let acknowledged = try F.write(dir.path, count: 5_000, segmentBytes: 150_000)
        #expect(acknowledged == 5_000)
        #expect(dir.segments().count >= 3)
        let r = try F.read(dir.path)
        #expect(r.damage == nil)
        #expect(r.sequences == Array(1...5_000))
        #expect(r.last == 5_000)
        for i in 0..<5_000 {
            #expect(r.commands[i] == F.command(i))
            if r.commands[i] != F.command(i) { break }
        }
        // Skipping what a snapshot holds: whole earlier segments are not even loaded.
        let tail = try F.read(dir.path, skipThrough: 4_000)
        #expect(tail.sequences == Array(4_001...5_000))
    }

    @Test func tornTailIsDetectedTruncatedAndTheLogContinues() throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanup() }
        _ = try F.write(dir.path, count: 100)
        let path = dir.path + "/" + dir.segments().last!
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int
        try FileHandle(forWritingTo: URL(fileURLWithPath: path)).truncate(atOffset: UInt64(size - 20))   // half a record
        let r = try F.read(dir.path)
        #expect(r.damage == .torn)
        #expect(r.last == 99)
        #expect(try F.truncate(dir.path) == 0)
        let again = try F.read(dir.path)
        #expect(again.damage == nil && again.last == 99)
        // A writer continues at 100 in a new segment.
        _ = try F.write(dir.path, count: 10, first: 100)
        let after = try F.read(dir.path)
        #expect(after.damage == nil && after.sequences == Array(1...109))
    }

    @Test func corruptRecordIsDetectedByItsChecksum() throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanup() }
        _ = try F.write(dir.path, count: 200, segmentBytes: 150_000)
        let path = dir.path + "/" + dir.segments()[0]
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        // Record 51: 50 records of 152 bytes before it.
        let offset = JournalFiles.segmentHeaderSize + 50 * JournalRecordLayout.venueCommandSize
        bytes[offset + 30] ^= 0x10
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let r = try F.read(dir.path)
        #expect(r.damage == .checksum)
        #expect(r.last == 50)
        _ = try F.truncate(dir.path)
        let again = try F.read(dir.path)
        #expect(again.damage == nil && again.last == 50)
    }

    @Test func garbageAndZeroedTailsAndBadHeadersNeverTrap() throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanup() }
        _ = try F.write(dir.path, count: 30)
        let path = dir.path + "/" + dir.segments()[0]
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(repeating: 0, count: 4096))        // preallocated zeros
        try handle.close()
        #expect(try F.read(dir.path).damage != nil)
        #expect(try F.read(dir.path).last == 30)
        // A second segment with a damaged header is removed.
        let second = JournalFiles.path(dir.path, 31, JournalFiles.segmentSuffix)
        try Data([0x48, 0x46, 0x54, 1, 2, 3]).write(to: URL(fileURLWithPath: second))
        _ = try F.truncate(dir.path)
        #expect(!FileManager.default.fileExists(atPath: second))
        let r = try F.read(dir.path)
        #expect(r.damage == nil && r.last == 30)
        // Random garbage of every length decodes to damage, never a trap.
        let crc = CRC32C()
        var state: UInt64 = 7
        for length in 0..<200 {
            var garbage = [UInt8](repeating: 0, count: length)
            for i in garbage.indices { state = state &* 6364136223846793005 &+ 1; garbage[i] = UInt8(state >> 56) }
            let result = garbage.withUnsafeBytes { JournalReader.decode($0, at: 0, expected: 1, crc: crc) }
            #expect(result.1 != nil || result.0 != nil)
        }
    }

    @Test func durabilityPoliciesAcknowledge() throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanup() }
        var writer = try JournalWriter(directory: dir.path, policy: .everyRecords(4))
        for i in 1...3 { try writer.append(F.command(i)) }
        #expect(writer.acknowledgedSequence == 0)
        try writer.append(F.command(4))
        #expect(writer.acknowledgedSequence == 4)
        try writer.append(F.command(5))
        try writer.commit()
        #expect(writer.acknowledgedSequence == 5)

        let dir2 = TemporaryDirectory("us")
        defer { dir2.cleanup() }
        var timed = try JournalWriter(directory: dir2.path, policy: .everyMicroseconds(2_000))
        try timed.append(F.command(1))
        #expect(timed.acknowledgedSequence == 0)
        usleep(5_000)
        try timed.poll()
        #expect(timed.acknowledgedSequence == 1)

        let dir3 = TemporaryDirectory("never")
        defer { dir3.cleanup() }
        var never = try JournalWriter(directory: dir3.path, policy: .never, bufferBytes: 1 << 17)
        for i in 0..<3_000 { try never.append(F.command(i)) }   // the buffer fills and is written
        #expect(never.acknowledgedSequence > 0 && never.acknowledgedSequence < 3_000)
        try never.commit()
        #expect(never.acknowledgedSequence == 3_000)
        #expect(JournalDurability(parsing: "records:8") == .everyRecords(8))
        #expect(JournalDurability(parsing: "us:100") == .everyMicroseconds(100))
        #expect(JournalDurability(parsing: "never") == .never)
        #expect(JournalDurability(parsing: "sometimes") == nil)
    }
}
