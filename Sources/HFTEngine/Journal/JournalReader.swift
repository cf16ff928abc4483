/// One record as ``JournalReader/next()`` returns it: its journal sequence number and its
/// command (a copy).
public struct JournalRecordView {
    /// The journal's own sequence number of the record (1, 2, 3, ...).
    public var sequence: UInt64
    /// The record's ``VenueCommand`` (its sequencer stamp is the command's own
    /// ``VenueCommand/sequence``, independent of ``sequence``).
    public var command: VenueCommand

    @usableFromInline
    init(sequence: UInt64, command: VenueCommand) {
        self.sequence = sequence
        self.command = command
    }
}

/// Reads a journal directory's segments in order, checking every record (length, CRC-32C,
/// consecutive sequence numbers, the `venueCommand` kind and a command that decodes), for
/// recovery and `hft recover`.
///
/// Reading stops at the first damaged record: ``damage`` says what was wrong and where.
/// ``repairDamage(truncateDamaged:)`` (in `JournalReader+Damage.swift`) then cuts a torn
/// tail off, so that a writer can continue the log (it opens a new segment), and refuses
/// damage in the middle of the log, which intact records follow.
///
/// - Complexity: O(total bytes); ``next()`` is O(1) per record (one CRC over the record).
/// - Memory: one segment at a time is loaded into a buffer owned by the reader (allocated
///   in `init` for the largest segment, freed in `deinit`); the CRC table is owned by it.
///   After `init`, reading allocates nothing.
public struct JournalReader: ~Copyable {
    public let directory: String
    /// Records with a sequence number ≤ this are checked but not returned (those that a
    /// snapshot already contains).
    public let skipThrough: UInt64
    let crc: CRC32C
    /// First sequence numbers (= names) of the segments, ascending.
    public let segments: [UInt64]
    /// The segments' paths as NUL-terminated C strings (built once in `init`).
    let segmentPaths: UnsafeMutablePointer<UnsafeMutablePointer<CChar>>
    var segmentIndex: Int
    /// The loaded segment: `dataCount` bytes of a buffer of `dataCapacity`.
    let data: UnsafeMutableRawPointer
    let dataCapacity: Int
    var dataCount: Int
    var offset: Int
    /// The sequence number of the last good record read (0: none yet).
    public internal(set) var lastSequence: UInt64
    /// Records returned by ``next()`` so far.
    public internal(set) var recordsReturned: Int = 0
    /// What stopped reading early, if anything.
    public private(set) var damage: JournalTailDamage?
    /// The segment (first sequence) and byte offset of the damaged record.
    public private(set) var damageLocation: (segment: UInt64, offset: Int)?
    /// Bytes from the damaged record to the end of its segment.
    public private(set) var damagedBytes: Int = 0

    /// Opens `directory`; records up to `skipThrough` will be verified but not returned.
    public init(directory: String, skipThrough: UInt64 = 0) throws(JournalError) {
        self.directory = directory
        self.skipThrough = skipThrough
        crc = CRC32C()
        let all = try JournalFiles.list(directory, suffix: JournalFiles.segmentSuffix)
        // Skip whole segments that lie before skipThrough: segment i can be skipped if the
        // next segment starts at or before skipThrough + 1.
        var first = 0
        while first + 1 < all.count && all[first + 1] <= skipThrough &+ 1 { first += 1 }
        segments = Array(all[first...])
        let paths = segments.map { JournalFiles.path(directory, $0, JournalFiles.segmentSuffix) }
        segmentPaths = .allocate(capacity: max(paths.count, 1))
        for (i, path) in paths.enumerated() {
            let c = Array(path.utf8CString)
            let copy = UnsafeMutablePointer<CChar>.allocate(capacity: c.count)
            copy.initialize(from: c, count: c.count)
            (segmentPaths + i).initialize(to: copy)
        }
        segmentIndex = -1
        // One buffer, as large as the largest segment: loading segments allocates nothing.
        dataCapacity = max(64, paths.map { JournalFiles.size($0) }.max() ?? 0)
        data = .allocate(byteCount: dataCapacity, alignment: 64)
        dataCount = 0
        offset = 0
        lastSequence = 0
    }

    deinit {
        data.deallocate()
        for i in 0..<segments.count { segmentPaths[i].deallocate() }
        segmentPaths.deallocate()
    }

    /// The loaded segment's bytes.
    var loaded: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: data, count: dataCount) }

    /// Loads the next segment; false at the end or on damage.
    mutating func loadNextSegment() throws(JournalError) -> Bool {
        segmentIndex += 1
        guard segmentIndex < segments.count else { return false }
        let name = segments[segmentIndex]
        // A segment that grew since `init` is read up to the buffer (its rest is then torn).
        dataCount = try JournalFiles.readFile(segmentPaths[segmentIndex], into: data, capacity: dataCapacity)
        let first = JournalFiles.parseSegmentHeader(loaded, crc: crc)
        guard let first, first == name, lastSequence == 0 || first == lastSequence &+ 1 else {
            damage = dataCount < JournalFiles.segmentHeaderSize ? .torn : .badSegmentHeader
            damageLocation = (name, 0)
            damagedBytes = dataCount
            return false
        }
        if lastSequence == 0 { lastSequence = first &- 1 }
        offset = JournalFiles.segmentHeaderSize
        return true
    }

    /// The next record after ``skipThrough``, or `nil` at the end of the log or at the first
    /// damaged record (see ``damage``).
    ///
    /// - Throws: ``JournalError/foreignRecord(sequence:)`` for an intact record of a retired
    ///   kind (``JournalRecordKind``); file errors of loading a segment.
    public mutating func next() throws(JournalError) -> JournalRecordView? {
        while try atRecord() {
            let expected = lastSequence &+ 1
            let result = JournalReader.decode(loaded, at: offset, expected: expected, crc: crc)
            if let problem = result.1 {
                noteDamage(problem)
                return nil
            }
            guard let view = result.0 else { throw .foreignRecord(sequence: expected) }
            offset += result.2
            lastSequence = expected
            if view.sequence <= skipThrough { continue }
            recordsReturned += 1
            return view
        }
        return nil
    }

    /// Loads segments until a record is to be checked at ``offset``; false at the end of
    /// the log or once damage was found.
    mutating func atRecord() throws(JournalError) -> Bool {
        while segmentIndex < 0 || offset >= dataCount {
            if damage != nil { return false }
            guard try loadNextSegment() else { return false }
        }
        return true
    }

    /// Stops reading at the record at ``offset``: `problem` is its damage.
    mutating func noteDamage(_ problem: JournalTailDamage) {
        damage = problem
        damageLocation = (segments[segmentIndex], offset)
        damagedBytes = dataCount - offset
    }

    /// Checks and decodes the record at `offset` of `raw` (a segment without its header,
    /// or a ``JournalBuffer``): the view, or the damage, and the record size. An intact
    /// record of a retired kind (``JournalRecordKind``) gives neither a view nor damage, and
    /// its size: callers refuse it (``JournalError/foreignRecord(sequence:)``); any other
    /// kind but `venueCommand` is `badPayload`.
    /// (The replay of a venue's log uses ``decodeVenueCommand(_:at:expected:crc:into:)``,
    /// which writes the command in place.)
    #if !DEBUG
    @_noAllocation
    #endif
    public static func decode(_ raw: UnsafeRawBufferPointer, at offset: Int, expected: UInt64,
                       crc: borrowing CRC32C) -> (JournalRecordView?, JournalTailDamage?, Int) {
        let header = checkHeader(raw, at: offset, expected: expected, crc: crc)
        if let damage = header.damage { return (nil, damage, 0) }
        guard let p = header.record else { return (nil, .badPayload, 0) }
        guard header.kind == JournalRecordKind.venueCommand.rawValue else {
            return JournalRecordKind.isRetired(header.kind) ? (nil, nil, header.length) : (nil, .badPayload, 0)
        }
        guard header.length == JournalRecordLayout.venueCommandSize, header.payload == VenueCommand.byteCount else {
            return (nil, .badLength, 0)
        }
        guard let command = VenueCommand.load(from: p + JournalRecordLayout.headerSize) else {
            return (nil, .badPayload, 0)
        }
        return (JournalRecordView(sequence: expected, command: command), nil, header.length)
    }

    /// Cuts the log at the damaged record: its segment is truncated there (removed if
    /// nothing valid precedes it) and every later segment is removed. Returns the number of
    /// segments removed. No-op without damage. Unconditional: recovery calls it through
    /// ``repairDamage(truncateDamaged:)``, which first checks that nothing intact is cut.
    public func truncateDamage() throws(JournalError) -> Int {
        guard let location = damageLocation else { return 0 }
        var removed = 0
        if let at = segments.firstIndex(of: location.segment) {
            for later in segments[(at + 1)...] {
                try JournalFiles.remove(JournalFiles.path(directory, later, JournalFiles.segmentSuffix))
                removed += 1
            }
        }
        let path = JournalFiles.path(directory, location.segment, JournalFiles.segmentSuffix)
        if location.offset <= JournalFiles.segmentHeaderSize && damage == .badSegmentHeader || location.offset == 0 {
            try JournalFiles.remove(path)
            removed += 1
        } else {
            try JournalFiles.truncate(path, to: location.offset)
        }
        try JournalFiles.syncDirectory(directory)
        return removed
    }
}
