// Telling a torn tail from damage in the middle of the log, and repairing only the former
// unless told otherwise (recovery code: reads whole segment files, allocates).

extension JournalReader {
    /// The damage that ``next()`` stopped at and what follows it; `nil` without damage.
    /// Call it once ``next()`` has returned `nil`. Changes no file.
    ///
    /// The rule: the damage is a **torn tail** unless an *intact record* follows it. An
    /// intact record is one that passes every check of ``decode(_:at:expected:crc:)``
    /// (length, CRC-32C, kind, payload length) taking the sequence number it carries, and
    /// whose sequence number is above the last good record's. It is looked for
    /// - in the damaged segment at every 8-byte-aligned offset from the damaged record on
    ///   (records are multiples of 8 bytes after a 32-byte header; from offset 32 when the
    ///   segment header itself is damaged or does not continue the log), and
    /// - in every later segment file at every 8-byte-aligned offset after its header,
    ///   whether or not that header is valid.
    ///
    /// After an intact record the scan continues behind it, so the count of intact records
    /// is exact for a log whose records are intact. A process killed mid-write leaves a
    /// prefix of a record (or of a segment header) at the end of the last segment and
    /// nothing after it: a torn tail. A flipped bit, a lost block or a missing segment
    /// leaves intact, acknowledged records after the damage: never a torn tail.
    ///
    /// - Complexity: O(bytes after the damage) for intact data and for zeroed or random
    ///   bytes; a CRC is computed only where a plausible record header stands.
    public func inspectDamage() throws(JournalError) -> JournalDamage? {
        guard let reason = damage, let location = damageLocation,
              let damagedIndex = segments.firstIndex(of: location.segment) else { return nil }
        var found = JournalDamage(segment: location.segment, offset: location.offset, reason: reason,
                                  lastGoodSequence: lastSequence, firstIntact: nil, intactRecordsAfter: 0, bytesAfter: 0)
        for index in damagedIndex..<segments.count {
            let segment = segments[index]
            let bytes = try JournalFiles.readAll(JournalFiles.path(directory, segment, JournalFiles.segmentSuffix))
            let start = index == damagedIndex ? location.offset : 0
            found.bytesAfter += max(bytes.count - start, 0)
            bytes.withUnsafeBytes { raw in
                var offset = max(start, JournalFiles.segmentHeaderSize)
                while offset + JournalRecordLayout.minimumSize <= raw.count {
                    guard let record = intactRecord(raw, at: offset) else {
                        offset += 8
                        continue
                    }
                    if record.sequence > found.lastGoodSequence {
                        if found.firstIntact == nil {
                            found.firstIntact = JournalRecordLocation(segment: segment, offset: offset, sequence: record.sequence)
                        }
                        found.intactRecordsAfter += 1
                    }
                    offset += record.length
                }
            }
        }
        return found
    }

    /// The sequence number and length of the record at `offset` if it passes every check
    /// but the expected sequence number; `nil` otherwise.
    func intactRecord(_ raw: UnsafeRawBufferPointer, at offset: Int) -> (sequence: UInt64, length: Int)? {
        guard offset + JournalRecordLayout.headerSize <= raw.count, let base = raw.baseAddress else { return nil }
        let sequence = UInt64(littleEndian: (base + offset).loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        let result = JournalReader.decode(raw, at: offset, expected: sequence, crc: crc)
        return result.1 == nil ? (sequence, result.2) : nil
    }

    /// Repairs the damage that ``next()`` stopped at, by the rule of ``inspectDamage()``:
    /// - a torn tail is cut off (``truncateDamage()``), as after any crash;
    /// - damage followed by intact records throws ``JournalError/damagedRecord(_:)`` and
    ///   changes no file, unless `truncateDamaged` is true: then the log is cut at the
    ///   damage too, and the intact records after it are dropped
    ///   (``JournalDamage/intactRecordsAfter``, ``JournalDamage/bytesAfter``).
    ///
    /// Returns what was found and cut and the number of segment files removed; `nil`
    /// without damage.
    public func repairDamage(truncateDamaged: Bool = false) throws(JournalError)
        -> (damage: JournalDamage, segmentsRemoved: Int)? {
        guard let found = try inspectDamage() else { return nil }
        if !found.isTornTail && !truncateDamaged { throw .damagedRecord(found) }
        return (found, try truncateDamage())
    }
}
