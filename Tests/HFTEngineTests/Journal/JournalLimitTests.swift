import Foundation
import Testing
@testable import HFTEngine

private typealias F = JournalFixtures

/// The journal's limits: the record length the format allows, segments that fill and roll,
/// and a write error (the directory vanishing under the writer) surfacing as a typed
/// ``JournalError`` after which the writer keeps working once the cause is gone.
@Suite struct JournalLimitTests {
    /// Every record the writer produces is 152 bytes, so a too-large record can only come
    /// from disk: a length field past 65,536 (or not a multiple of 8, or below 32) is
    /// `badLength` and one longer than what is left is `torn`, without reading past the
    /// bytes or trapping.
    @Test func recordLengthsOutsideTheFormatAreDamage() {
        let crc = CRC32C()
        var buffer = JournalBuffer(capacity: 1 << 16)
        let appended = buffer.append(F.command(0), sequence: 1, crc: crc)
        #expect(appended)
        var record = Array(buffer.bytes)
        func damage(length: Int) -> JournalTailDamage? {
            withUnsafeBytes(of: UInt32(truncatingIfNeeded: length).littleEndian) { record.replaceSubrange(4..<8, with: $0) }
            return record.withUnsafeBytes { JournalReader.decode($0, at: 0, expected: 1, crc: crc).1 }
        }
        #expect(damage(length: JournalRecordLayout.maximumSize + 8) == .badLength)
        #expect(damage(length: Int(UInt32.max) - 7) == .badLength)
        #expect(damage(length: 156) == .badLength)
        #expect(damage(length: 24) == .badLength)
        #expect(damage(length: JournalRecordLayout.maximumSize) == .torn)
        #expect(damage(length: JournalRecordLayout.venueCommandSize) == nil)
    }

    @Test func fullSegmentsRollAndVanishedDirectoriesAreTypedErrors() throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanup() }
        // The smallest segment the writer accepts: a header and two records of the largest
        // length the format allows; it holds 862 records of 152 bytes.
        var writer = try JournalWriter(directory: dir.path, policy: .never, maxSegmentBytes: 0)
        #expect(writer.maxSegmentBytes == JournalFiles.segmentHeaderSize + 2 * JournalRecordLayout.maximumSize)
        let perSegment = (writer.maxSegmentBytes - JournalFiles.segmentHeaderSize) / JournalRecordLayout.venueCommandSize
        #expect(perSegment == 862)
        for i in 0..<perSegment { try writer.append(F.command(i)) }
        try writer.commit()
        #expect(dir.segments().count == 1)
        #expect(try F.read(dir.path).last == UInt64(perSegment))
        // One more record rolls the segment, named by its first sequence number.
        try writer.append(F.command(perSegment))
        try writer.commit()
        #expect(dir.segments() == [JournalFiles.fileName(1, JournalFiles.segmentSuffix),
                                   JournalFiles.fileName(UInt64(perSegment + 1), JournalFiles.segmentSuffix)])
        let sequenceBeforeFailure = try writer.append(F.command(0))
        // The directory disappears: the next segment roll cannot open its file.
        dir.cleanup()
        var failure: JournalError?
        for i in 0..<100_000 {
            do throws(JournalError) { try writer.append(F.command(i)) } catch { failure = error; break }
        }
        guard case .io(let operation, let code)? = failure else {
            Issue.record("expected an io error, got \(String(describing: failure))")
            return
        }
        #expect(operation == .open && code == ENOENT)
        // The cause removed, the writer continues with the next sequence number.
        try FileManager.default.createDirectory(atPath: dir.path, withIntermediateDirectories: true)
        let next = try writer.append(F.command(1))
        #expect(next > sequenceBeforeFailure)
        try writer.commit()
        #expect(writer.acknowledgedSequence == next)
        #expect(dir.segments().count == 1)
    }
}
