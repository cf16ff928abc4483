/// The in-memory append buffer of the journal: records are encoded here (see
/// ``JournalRecordLayout``) and later written to a segment file in one `write` per group
/// commit. Linear: ``reset()`` empties it after its bytes were handed on.
///
/// - Complexity: ``append(_:sequence:crc:)`` is O(1) (152 bytes written, 148 checksummed).
/// - Memory: `capacity` bytes, 64-byte aligned, allocated in `init`, freed in `deinit`;
///   owned by the `~Copyable` value (usually inside a ``JournalWriter``).
public struct JournalBuffer: ~Copyable {
    @usableFromInline let base: UnsafeMutableRawPointer
    /// The buffer's size in bytes.
    public let capacity: Int
    /// Bytes in use.
    @inlinable public var count: Int { storedCount }
    @usableFromInline var storedCount: Int

    /// A buffer of `capacity` bytes (rounded up to a multiple of 64, at least 64 KiB).
    public init(capacity: Int) {
        let size = max(1 << 16, (capacity + 63) & ~63)
        self.capacity = size
        base = .allocate(byteCount: size, alignment: 64)
        base.initializeMemory(as: UInt8.self, repeating: 0, count: size)
        storedCount = 0
    }

    deinit { base.deallocate() }

    /// The encoded records, `count` bytes.
    @inlinable public var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    /// Bytes still free.
    @inlinable public var freeBytes: Int { capacity &- count }

    /// Encodes a `venueCommand` record (152 bytes: header + the command's 128 bytes, CRC
    /// over bytes 4 ..< 152); false (nothing written) if fewer than 152 bytes are free.
    ///
    /// - Complexity: O(1).
    #if !DEBUG
    @_noAllocation
    #endif
    @inlinable
    public mutating func append(_ command: VenueCommand, sequence: UInt64, crc: borrowing CRC32C) -> Bool {
        let size = JournalRecordLayout.venueCommandSize
        guard capacity &- count >= size else { return false }
        let p = base + count
        p.storeBytes(of: UInt32(size).littleEndian, toByteOffset: 4, as: UInt32.self)
        p.storeBytes(of: sequence.littleEndian, toByteOffset: 8, as: UInt64.self)
        p.storeBytes(of: JournalRecordKind.venueCommand.rawValue.littleEndian, toByteOffset: 16, as: UInt16.self)
        p.storeBytes(of: UInt16(VenueCommand.byteCount).littleEndian, toByteOffset: 18, as: UInt16.self)
        p.storeBytes(of: UInt32(0), toByteOffset: 20, as: UInt32.self)
        command.store(to: p + JournalRecordLayout.headerSize)
        let sum = crc.checksum(p + 4, count: size &- 4)
        p.storeBytes(of: sum.littleEndian, toByteOffset: 0, as: UInt32.self)
        storedCount &+= size
        return true
    }

    /// Empties the buffer (O(1); the bytes are not cleared).
    #if !DEBUG
    @_noAllocation
    #endif
    @inlinable
    public mutating func reset() { storedCount = 0 }
}
