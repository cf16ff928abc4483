// The checks every record passes before its payload is decoded, and the in-place decoding
// of a venue's `venueCommand` records (the replay loop of recovery and `venue.replay`).

extension JournalReader {
    /// Checks the record at `offset` of `raw`: room for the header, a length that is a
    /// multiple of 8 in 32 ... 65,536 and fits, the CRC-32C, sequence number `expected` and
    /// a payload length within the record. Returns the record's address, raw kind, length
    /// and payload length, or the damage; the kind is the caller's to check.
    ///
    /// - Complexity: O(record length) (the CRC). Memory: none.
    #if !DEBUG
    @_noAllocation
    #endif
    @inlinable @inline(__always)
    static func checkHeader(_ raw: UnsafeRawBufferPointer, at offset: Int, expected: UInt64, crc: borrowing CRC32C)
        -> (record: UnsafeRawPointer?, kind: UInt16, length: Int, payload: Int, damage: JournalTailDamage?) {
        let remaining = raw.count &- offset
        guard remaining >= JournalRecordLayout.headerSize, let base = raw.baseAddress else { return (nil, 0, 0, 0, .torn) }
        let p = base + offset
        let length = Int(UInt32(littleEndian: p.loadUnaligned(fromByteOffset: 4, as: UInt32.self)))
        guard length & 7 == 0, length >= JournalRecordLayout.minimumSize, length <= JournalRecordLayout.maximumSize else {
            // A zero length with less than a record left: a zeroed (preallocated) tail.
            return (nil, 0, 0, 0, remaining < JournalRecordLayout.venueCommandSize && length == 0 ? .torn : .badLength)
        }
        guard length <= remaining else { return (nil, 0, 0, 0, .torn) }
        let stored = UInt32(littleEndian: p.loadUnaligned(as: UInt32.self))
        guard stored == crc.checksum(p + 4, count: length &- 4) else { return (nil, 0, 0, 0, .checksum) }
        let sequence = UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        guard sequence == expected else { return (nil, 0, 0, 0, .sequenceGap) }
        let kind = UInt16(littleEndian: p.loadUnaligned(fromByteOffset: 16, as: UInt16.self))
        let payload = Int(UInt16(littleEndian: p.loadUnaligned(fromByteOffset: 18, as: UInt16.self)))
        guard payload <= length &- JournalRecordLayout.headerSize else { return (nil, 0, 0, 0, .badPayload) }
        return (p, kind, length, payload, nil)
    }

    /// Checks the 152-byte `venueCommand` record at `offset` of `raw` (as ``decode(_:at:expected:crc:)``
    /// does) and decodes its command into `command`. Returns `nil` on success, or the damage
    /// (`command` is then unchanged); a record of another kind is `badPayload`.
    ///
    /// The command is written in place rather than returned in a view: returning the
    /// 128-byte command through the general view cost about 50 ns per record (copies that
    /// stall store forwarding), a third of the target budget of a replayed command.
    ///
    /// - Complexity: O(1) (one CRC over 148 bytes). Memory: none.
    #if !DEBUG
    @_noAllocation
    #endif
    @inlinable
    public static func decodeVenueCommand(_ raw: UnsafeRawBufferPointer, at offset: Int, expected: UInt64,
                                          crc: borrowing CRC32C, into command: inout VenueCommand) -> JournalTailDamage? {
        let header = checkHeader(raw, at: offset, expected: expected, crc: crc)
        if let damage = header.damage { return damage }
        guard let p = header.record, header.kind == JournalRecordKind.venueCommand.rawValue else { return .badPayload }
        guard header.length == JournalRecordLayout.venueCommandSize, header.payload == VenueCommand.byteCount else {
            return .badLength
        }
        return command.load(from: p + JournalRecordLayout.headerSize) ? nil : .badPayload
    }
}

extension JournalReader {
    /// The next `venueCommand` record after ``skipThrough``: decodes its command into
    /// `command` (in place) and returns its journal sequence number; `nil` at the end of
    /// the log or at the first damaged record (see ``damage``), exactly as ``next()``.
    /// The replay loop of ``Venue/recover(directory:truncateDamaged:)``.
    ///
    /// - Throws: ``JournalError/foreignRecord(sequence:)`` for an intact record of a retired
    ///   kind (``JournalRecordKind``); file errors of loading a segment.
    /// - Complexity: O(1) per record (one CRC over 148 bytes). Memory: none.
    public mutating func nextVenueCommand(into command: inout VenueCommand) throws(JournalError) -> UInt64? {
        while try atRecord() {
            let expected = lastSequence &+ 1
            if JournalReader.decodeVenueCommand(loaded, at: offset, expected: expected, crc: crc, into: &command) != nil {
                // Not a good venueCommand record: damage, or an intact record of a retired kind.
                let result = JournalReader.decode(loaded, at: offset, expected: expected, crc: crc)
                if let problem = result.1 {
                    noteDamage(problem)
                    return nil
                }
                throw .foreignRecord(sequence: expected)
            }
            offset &+= JournalRecordLayout.venueCommandSize
            lastSequence = expected
            if expected <= skipThrough { continue }
            recordsReturned &+= 1
            return expected
        }
        return nil
    }
}
