import Foundation
import Testing
import AllocationCounter
@testable import HFTEngine

/// Appending (to the buffer and through the writer, group commits included), decoding and
/// the CRC allocate nothing once warmed up (loops over `Int` ranges: debug builds allocate
/// iterating `Range<Int64>`).
@Suite("Journal allocations", allocationCounting)
struct JournalAllocationTests {
    @Test func appendEncodeDecodeAllocateNothing() throws {
        let crc = CRC32C()
        var buffer = JournalBuffer(capacity: 1 << 20)
        let commands = (0..<64).map { JournalFixtures.command($0) }
        expectNoAllocations("JournalBuffer.append") {
            buffer.reset()
            for i in 0..<10_000 { _ = buffer.append(commands[i & 63], sequence: UInt64(i + 1), crc: crc) }
        }
        var sink: Int64 = 0
        expectNoAllocations("decode") {
            for i in 0..<10_000 {
                let r = JournalReader.decode(buffer.bytes, at: (i % 100) * JournalRecordLayout.venueCommandSize,
                                             expected: UInt64(i % 100 + 1), crc: crc)
                sink &+= r.0?.command.w0 ?? 0
            }
        }
        let dir = TemporaryDirectory()
        defer { dir.cleanup() }
        var writer = try JournalWriter(directory: dir.path, policy: .everyRecords(512), maxSegmentBytes: 1 << 30)
        var failures = 0
        expectNoAllocations("JournalWriter.append with group commits") {
            for i in 0..<5_000 {
                do { try writer.append(commands[i & 63]) } catch { failures += 1 }
            }
        }
        #expect(failures == 0)
        #expect(sink != 42)
    }

    /// Reading a journal (segment loads included) allocates nothing after the reader's `init`.
    @Test func readingAllocatesNothingAfterInit() throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanup() }
        var writer = try JournalWriter(directory: dir.path, policy: .never, maxSegmentBytes: 150_000)
        for i in 0..<10_000 { try writer.append(JournalFixtures.command(i)) }
        try writer.commit()
        for round in 0..<2 {
            var reader = try JournalReader(directory: dir.path)
            var count = 0
            let before = AllocationCounter.threadBytes()
            while let record = try reader.next() { count &+= Int(truncatingIfNeeded: record.command.w0 & 1) + 1 }
            let after = AllocationCounter.threadBytes()
            if round == 1, let before, let after { #expect(after - before == 0, "reader.next allocated \(after - before) bytes") }
            #expect(count > 10_000)
        }
    }
}
