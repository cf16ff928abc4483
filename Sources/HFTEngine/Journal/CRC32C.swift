import CCRC32C

/// CRC-32C (Castagnoli, reflected polynomial `0x82F63B78`, initial value and final xor
/// `0xFFFF_FFFF`), the checksum of every journal record, segment header and snapshot.
/// `CRC32C("123456789") == 0xE306_9283`.
///
/// On x86-64 with SSE4.2 it uses the `crc32` instruction (8 bytes per instruction, in the
/// package's C target `CCRC32C`); elsewhere pure Swift slicing-by-8: eight 256-entry tables
/// (8 KiB) let the loop consume eight bytes per step with eight independent table loads.
/// Both give the same values (tested).
///
/// - Complexity: O(n) in the bytes checksummed.
/// - Memory: the 8 KiB table is allocated in `init` and freed in `deinit`; the value is
///   `~Copyable`, so exactly one owner (a journal writer, reader or snapshot) holds it.
public struct CRC32C: ~Copyable {
    /// `table[k * 256 + b]`: the CRC of byte `b` followed by `k` zero bytes.
    @usableFromInline let table: UnsafeMutablePointer<UInt32>
    /// True if the `crc32` instruction is used.
    public let usesHardware: Bool

    /// A checksum engine; `hardware: false` forces the software path (tests).
    public init(hardware: Bool = true) {
        usesHardware = hardware && hft_crc32c_hardware_available() != 0
        table = .allocate(capacity: 8 * 256)
        for i in 0..<256 {
            var c = UInt32(i)
            for _ in 0..<8 { c = c & 1 != 0 ? (c >> 1) ^ 0x82F6_3B78 : c >> 1 }
            table[i] = c
        }
        for k in 1..<8 {
            for i in 0..<256 {
                let previous = table[(k - 1) * 256 + i]
                table[k * 256 + i] = (previous >> 8) ^ table[Int(previous & 0xFF)]
            }
        }
    }

    deinit { table.deallocate() }

    /// The CRC-32C of `count` bytes at `bytes`.
    #if !DEBUG
    @_noAllocation
    #endif
    @inlinable
    public func checksum(_ bytes: UnsafeRawPointer, count: Int) -> UInt32 {
        ~update(0xFFFF_FFFF, bytes, count: count)
    }

    /// Continues a running (non-finalised) CRC state over more bytes.
    #if !DEBUG
    @_noAllocation
    #endif
    @inlinable
    public func update(_ state: UInt32, _ bytes: UnsafeRawPointer, count: Int) -> UInt32 {
        if usesHardware {
            // A C function of this package: no allocation (the checker cannot see into C).
            return _unsafePerformance { hft_crc32c_hardware_update(state, bytes, count) }
        }
        return softwareUpdate(state, bytes, count: count)
    }

    /// The slicing-by-8 path.
    #if !DEBUG
    @_noAllocation
    #endif
    @inlinable
    public func softwareUpdate(_ state: UInt32, _ bytes: UnsafeRawPointer, count: Int) -> UInt32 {
        var crc = state
        var p = bytes
        var n = count
        let t = table
        while n >= 8 {
            let w = UInt64(littleEndian: p.loadUnaligned(as: UInt64.self)) ^ UInt64(crc)
            crc = t[7 * 256 + Int(w & 0xFF)] ^ t[6 * 256 + Int((w >> 8) & 0xFF)]
                ^ t[5 * 256 + Int((w >> 16) & 0xFF)] ^ t[4 * 256 + Int((w >> 24) & 0xFF)]
                ^ t[3 * 256 + Int((w >> 32) & 0xFF)] ^ t[2 * 256 + Int((w >> 40) & 0xFF)]
                ^ t[1 * 256 + Int((w >> 48) & 0xFF)] ^ t[Int(w >> 56)]
            p += 8
            n &-= 8
        }
        while n > 0 {
            crc = (crc >> 8) ^ t[Int((crc ^ UInt32(p.load(as: UInt8.self))) & 0xFF)]
            p += 1
            n &-= 1
        }
        return crc
    }
}
