import Testing
@testable import HFTEngine

/// The hardware CRC-32C (CCRC32C's chain of SSE4.2 `crc32` instructions) against the
/// pure-Swift slicing-by-8 path, which `JournalLogTests.crc32cKnownValues` checks against
/// the bytewise definition: every length to 1,100 bytes and long ones, unaligned starts,
/// random initial states, and split updates.
@Suite("CRC32C hardware against software")
struct CRC32CHardwareTests {
    /// 70,016 random bytes: room for the longest case at any start offset 0...15.
    static func randomBytes(_ random: inout SplitMix64) -> [UInt8] {
        (0 ..< 70_016).map { _ in UInt8(truncatingIfNeeded: random.next()) }
    }

    @Test func theHardwarePathIsInUseOnX86() {
        #if arch(x86_64)
        // Every x86-64 CPU since 2008 has SSE4.2; without it this suite would compare the
        // software path with itself.
        let usesHardware = CRC32C(hardware: true).usesHardware
        #expect(usesHardware)
        #endif
    }

    @Test func checkValue() {
        let hardware = CRC32C(hardware: true)
        let software = CRC32C(hardware: false)
        let digits = Array("123456789".utf8)
        let (fast, slow) = digits.withUnsafeBytes { d in
            (hardware.checksum(d.baseAddress!, count: d.count), software.checksum(d.baseAddress!, count: d.count))
        }
        #expect(fast == 0xE306_9283)
        #expect(slow == 0xE306_9283)
    }

    /// Every length 0...1,100 and some up to 70,000, at random start offsets 0...15 and from
    /// random states.
    @Test func hardwareEqualsSoftwareOnRandomBuffers() {
        let crc = CRC32C(hardware: true)
        var random = SplitMix64(seed: 0xC5C3_2C00)
        let bytes = Self.randomBytes(&random)
        let long = [1_535, 1_536, 1_537, 1_560, 1_561, 3_072, 3_096, 4_096, 4_607, 65_536, 70_000]
            + (0 ..< 8).map { _ in Int(random.next() % 70_001) }
        bytes.withUnsafeBytes { buffer in
            for length in Array(0 ... 1_100) + long {
                for _ in 0 ..< 2 {
                    let offset = Int(random.next() % 16)
                    let state = UInt32(truncatingIfNeeded: random.next())
                    let p = buffer.baseAddress! + offset
                    let fast = crc.update(state, p, count: length)
                    let slow = crc.softwareUpdate(state, p, count: length)
                    #expect(fast == slow, "length \(length) offset \(offset) state \(state)")
                }
            }
        }
    }

    /// update(update(s, A), B) == update(s, A‖B) for random splits of random buffers.
    @Test func updatesCompose() {
        let crc = CRC32C(hardware: true)
        var random = SplitMix64(seed: 0x5EED_C3C)
        let bytes = Self.randomBytes(&random)
        bytes.withUnsafeBytes { buffer in
            for round in 0 ..< 400 {
                let length = round < 300 ? Int(random.next() % 1_101) : Int(random.next() % 70_001)
                let split = Int(random.next() % UInt64(length + 1))
                let offset = Int(random.next() % 16)
                let state = UInt32(truncatingIfNeeded: random.next())
                let p = buffer.baseAddress! + offset
                let whole = crc.update(state, p, count: length)
                let parts = crc.update(crc.update(state, p, count: split), p + split, count: length - split)
                let software = crc.softwareUpdate(state, p, count: length)
                #expect(whole == parts, "length \(length) split \(split) offset \(offset)")
                #expect(whole == software, "length \(length) offset \(offset)")
            }
        }
    }
}
