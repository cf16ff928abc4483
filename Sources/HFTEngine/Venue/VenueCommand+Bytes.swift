// A VenueCommand as 128 bytes: the payload of the journal's `venueCommand` record and
// the unit of a replication stream.

extension VenueCommand {
    /// The size of an encoded command.
    public static let byteCount = 128

    /// Writes the command's 128 bytes at `p` (little-endian, field by field, so the bytes
    /// do not depend on the in-memory layout):
    ///
    /// | offset | size | field |
    /// |--------|------|-------|
    /// | 0 | 8 | ``sequence`` (UInt64) |
    /// | 8 | 8 | ``timestamp`` (Int64, ns) |
    /// | 16 | 1 | ``kind`` (``VenueCommandKind`` raw value) |
    /// | 17 | 1 | ``b0`` |
    /// | 18 | 1 | ``b1`` |
    /// | 19 | 1 | ``b2`` |
    /// | 20 | 4 | ``symbol`` (Int32) |
    /// | 24 + 8·i | 8 | `w`*i* (Int64), i = 0 ... 12 |
    ///
    /// - Complexity: O(1). Memory: none; `p` must have 128 writable bytes.
    #if !DEBUG
    @_noAllocation
    #endif
    @inlinable
    public func store(to p: UnsafeMutableRawPointer) {
        p.storeBytes(of: sequence.littleEndian, toByteOffset: 0, as: UInt64.self)
        p.storeBytes(of: timestamp.littleEndian, toByteOffset: 8, as: Int64.self)
        p.storeBytes(of: kind.rawValue, toByteOffset: 16, as: UInt8.self)
        p.storeBytes(of: b0, toByteOffset: 17, as: UInt8.self)
        p.storeBytes(of: b1, toByteOffset: 18, as: UInt8.self)
        p.storeBytes(of: b2, toByteOffset: 19, as: UInt8.self)
        p.storeBytes(of: symbol.littleEndian, toByteOffset: 20, as: Int32.self)
        p.storeBytes(of: w0.littleEndian, toByteOffset: 24, as: Int64.self)
        p.storeBytes(of: w1.littleEndian, toByteOffset: 32, as: Int64.self)
        p.storeBytes(of: w2.littleEndian, toByteOffset: 40, as: Int64.self)
        p.storeBytes(of: w3.littleEndian, toByteOffset: 48, as: Int64.self)
        p.storeBytes(of: w4.littleEndian, toByteOffset: 56, as: Int64.self)
        p.storeBytes(of: w5.littleEndian, toByteOffset: 64, as: Int64.self)
        p.storeBytes(of: w6.littleEndian, toByteOffset: 72, as: Int64.self)
        p.storeBytes(of: w7.littleEndian, toByteOffset: 80, as: Int64.self)
        p.storeBytes(of: w8.littleEndian, toByteOffset: 88, as: Int64.self)
        p.storeBytes(of: w9.littleEndian, toByteOffset: 96, as: Int64.self)
        p.storeBytes(of: w10.littleEndian, toByteOffset: 104, as: Int64.self)
        p.storeBytes(of: w11.littleEndian, toByteOffset: 112, as: Int64.self)
        p.storeBytes(of: w12.littleEndian, toByteOffset: 120, as: Int64.self)
    }

    /// The command encoded at `p` by ``store(to:)``, or `nil` if its kind byte is not a
    /// ``VenueCommandKind`` (damaged or foreign bytes never trap). Other fields are taken
    /// as they are: ``Venue/apply(_:into:)`` rejects values that make no sense.
    ///
    /// - Complexity: O(1). Memory: none; `p` must have 128 readable bytes (any alignment).
    #if !DEBUG
    @_noAllocation
    #endif
    @inlinable
    public static func load(from p: UnsafeRawPointer) -> VenueCommand? {
        var c = VenueCommand(.liquidationScan)
        return c.load(from: p) ? c : nil
    }

    /// Replaces this command with the one encoded at `p` (in place: no 128-byte copy);
    /// false, and nothing changed, if its kind byte is not a ``VenueCommandKind``.
    ///
    /// - Complexity: O(1). Memory: none; `p` must have 128 readable bytes (any alignment).
    #if !DEBUG
    @_noAllocation
    #endif
    @inlinable @inline(__always)
    public mutating func load(from p: UnsafeRawPointer) -> Bool {
        guard let kind = VenueCommandKind(rawValue: p.load(fromByteOffset: 16, as: UInt8.self)) else { return false }
        self.kind = kind
        sequence = UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
        timestamp = Int64(littleEndian: p.loadUnaligned(fromByteOffset: 8, as: Int64.self))
        b0 = p.load(fromByteOffset: 17, as: UInt8.self)
        b1 = p.load(fromByteOffset: 18, as: UInt8.self)
        b2 = p.load(fromByteOffset: 19, as: UInt8.self)
        symbol = Int32(littleEndian: p.loadUnaligned(fromByteOffset: 20, as: Int32.self))
        w0 = Int64(littleEndian: p.loadUnaligned(fromByteOffset: 24, as: Int64.self))
        w1 = Int64(littleEndian: p.loadUnaligned(fromByteOffset: 32, as: Int64.self))
        w2 = Int64(littleEndian: p.loadUnaligned(fromByteOffset: 40, as: Int64.self))
        w3 = Int64(littleEndian: p.loadUnaligned(fromByteOffset: 48, as: Int64.self))
        w4 = Int64(littleEndian: p.loadUnaligned(fromByteOffset: 56, as: Int64.self))
        w5 = Int64(littleEndian: p.loadUnaligned(fromByteOffset: 64, as: Int64.self))
        w6 = Int64(littleEndian: p.loadUnaligned(fromByteOffset: 72, as: Int64.self))
        w7 = Int64(littleEndian: p.loadUnaligned(fromByteOffset: 80, as: Int64.self))
        w8 = Int64(littleEndian: p.loadUnaligned(fromByteOffset: 88, as: Int64.self))
        w9 = Int64(littleEndian: p.loadUnaligned(fromByteOffset: 96, as: Int64.self))
        w10 = Int64(littleEndian: p.loadUnaligned(fromByteOffset: 104, as: Int64.self))
        w11 = Int64(littleEndian: p.loadUnaligned(fromByteOffset: 112, as: Int64.self))
        w12 = Int64(littleEndian: p.loadUnaligned(fromByteOffset: 120, as: Int64.self))
        return true
    }
}
