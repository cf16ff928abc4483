import Foundation
import Testing
import AllocationCounter
@testable import HFTEngine

/// Appending venue commands (to the buffer, and through a warmed writer with policy
/// `never`, buffer writes included) and decoding them allocate nothing.
@Suite("Venue journal allocations", allocationCounting)
struct VenueJournalAllocationTests {
    @Test func appendingAndDecodingVenueCommandsAllocatesNothing() throws {
        let commands = VenueJournalFixtures.commands(seed: 9, count: 1_000)
        let crc = CRC32C()
        var buffer = JournalBuffer(capacity: 1 << 20)
        expectNoAllocations("JournalBuffer.append(VenueCommand)") {
            buffer.reset()
            for i in 0..<6_000 { _ = buffer.append(commands[i % commands.count], sequence: UInt64(i + 1), crc: crc) }
        }
        var sink: Int64 = 0
        expectNoAllocations("decode of a venueCommand record") {
            for i in 0..<6_000 {
                let r = JournalReader.decode(buffer.bytes, at: i * JournalRecordLayout.venueCommandSize,
                                             expected: UInt64(i + 1), crc: crc)
                sink &+= r.0?.command.w0 ?? 1
            }
        }
        #expect(sink != 42)

        let dir = TemporaryDirectory()
        defer { dir.cleanup() }
        let venue = try Venue(configuration: VenueCommandStream.configuration)
        var writer = try venue.openJournal(directory: dir.path, policy: .never, maxSegmentBytes: 1 << 30)
        for command in commands { try writer.append(command) }     // warm
        var failures = 0
        expectNoAllocations("JournalWriter.append(VenueCommand), policy never") {
            for i in 0..<20_000 {     // 3 MB: several buffer writes
                do { try writer.append(commands[i % commands.count]) } catch { failures += 1 }
            }
        }
        #expect(failures == 0 && writer.commitCount >= 4)
    }
}
