/// Where a journal's first damaged record is and what follows it: the finding that decides
/// whether recovery may cut the log there (a torn tail) or must refuse (damage in the
/// middle of the log, ``JournalError/damagedRecord(_:)``). Built by
/// ``JournalReader/inspectDamage()``; recovery code, not the per-record path.
public struct JournalDamage: Hashable, Sendable, CustomStringConvertible {
    /// The segment holding the damaged record (its first sequence number, which names the file).
    public var segment: UInt64
    /// The byte offset of the damaged record in the segment file (0: the segment header).
    public var offset: Int
    /// What was wrong with it.
    public var reason: JournalTailDamage
    /// The sequence number of the last good record before it (0: none).
    public var lastGoodSequence: UInt64
    /// The first intact record after the damage with a sequence number above
    /// ``lastGoodSequence``; `nil` when there is none, i.e. the damage is a torn tail.
    public var firstIntact: JournalRecordLocation?
    /// Intact records after the damage with sequence numbers above ``lastGoodSequence``:
    /// what cutting the log at the damage drops.
    public var intactRecordsAfter: Int
    /// Bytes from the damaged record to the end of the log (the rest of its segment and
    /// every later segment): what cutting the log at the damage removes.
    public var bytesAfter: Int

    public init(segment: UInt64, offset: Int, reason: JournalTailDamage, lastGoodSequence: UInt64,
                firstIntact: JournalRecordLocation?, intactRecordsAfter: Int, bytesAfter: Int) {
        self.segment = segment
        self.offset = offset
        self.reason = reason
        self.lastGoodSequence = lastGoodSequence
        self.firstIntact = firstIntact
        self.intactRecordsAfter = intactRecordsAfter
        self.bytesAfter = bytesAfter
    }

    /// True when nothing intact follows the damage: it may be cut off without losing a record.
    public var isTornTail: Bool { firstIntact == nil }

    /// The name of the segment file holding the damaged record, `<20 digits>.seg`.
    public var segmentFile: String { JournalFiles.fileName(segment, JournalFiles.segmentSuffix) }

    /// `damaged record at offset <n> of segment <file> (<reason>) after sequence <n>; <n>
    /// intact record(s) follow(s), the first (sequence <n>) at offset <n> of <file>` (the second
    /// part only when intact records follow).
    public var description: String {
        var text = "damaged record at offset \(offset) of segment \(segmentFile) (\(reason)) after sequence \(lastGoodSequence)"
        if let first = firstIntact {
            text += "; \(intactRecordsAfter) intact record" + (intactRecordsAfter == 1 ? " follows" : "s follow")
                + ", the first (sequence \(first.sequence)) at offset \(first.offset) of \(first.segmentFile)"
        }
        return text
    }
}

/// Where one record of the journal lies: segment (by first sequence), byte offset in the
/// segment file, and the record's sequence number.
public struct JournalRecordLocation: Hashable, Sendable {
    public var segment: UInt64
    public var offset: Int
    public var sequence: UInt64

    public init(segment: UInt64, offset: Int, sequence: UInt64) {
        self.segment = segment
        self.offset = offset
        self.sequence = sequence
    }

    /// The name of the segment file, `<20 digits>.seg`.
    public var segmentFile: String { JournalFiles.fileName(segment, JournalFiles.segmentSuffix) }
}
