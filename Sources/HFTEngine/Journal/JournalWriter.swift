#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The write-ahead command log: appends records to a ``JournalBuffer`` and writes them to
/// segment files (see ``JournalFiles``) with group commit under a ``JournalDurability``
/// policy. The host appends a command *before* applying it, and publishes the command's
/// effects (acknowledges it) once ``acknowledgedSequence`` has reached its sequence.
///
/// Segments have a bounded size (``maxSegmentBytes``): a record that would not fit closes
/// the current segment (written and synced unless the policy is ``JournalDurability/never``)
/// and opens `<next sequence>.seg`. A writer opened on an existing directory always
/// starts a new segment at ``nextSequence``, so it never appends after a damaged tail.
///
/// - Complexity: an append is O(1): one 152-byte `venueCommand` encode and CRC; every
///   group commit is one `write` of the buffered records plus, per policy, one `fdatasync`.
/// - Memory: the buffer and the CRC table are allocated in `init` and freed in `deinit`.
///   Appending allocates nothing, except that a segment roll builds the new file name.
public struct JournalWriter: ~Copyable {
    @usableFromInline var buffer: JournalBuffer
    @usableFromInline let crc: CRC32C
    public let directory: String
    public let policy: JournalDurability
    public let maxSegmentBytes: Int
    @usableFromInline var fd: Int32
    /// Bytes in the current segment file, including its header and buffered records.
    @usableFromInline var segmentBytes: Int
    /// The sequence number the next record gets.
    public private(set) var nextSequence: UInt64
    /// The last record whose durability the policy guarantees (0: none).
    public private(set) var acknowledgedSequence: UInt64
    @usableFromInline var pendingRecords: Int
    @usableFromInline var oldestPendingNanos: UInt64
    @usableFromInline let syncEvery: Int
    @usableFromInline let syncAfterNanos: UInt64
    /// Group commits performed (`write` calls of the buffer).
    public private(set) var commitCount: Int = 0
    /// Segments created by this writer.
    public private(set) var segmentCount: Int = 0

    /// Opens a writer on `directory` (created if missing) whose first record gets
    /// `nextSequence` (1 for a new journal; the recovered last sequence + 1 otherwise).
    /// `maxSegmentBytes` is raised to at least a segment header plus two records of the
    /// largest length the format allows (131,104 bytes), `bufferBytes` to at least 128 KiB.
    public init(directory: String, nextSequence: UInt64 = 1, policy: JournalDurability,
                maxSegmentBytes: Int = 64 << 20, bufferBytes: Int = 1 << 20) throws(JournalError) {
        self.directory = directory
        self.policy = policy
        self.maxSegmentBytes = max(maxSegmentBytes, JournalFiles.segmentHeaderSize + 2 * JournalRecordLayout.maximumSize)
        buffer = JournalBuffer(capacity: max(bufferBytes, 2 * JournalRecordLayout.maximumSize))
        crc = CRC32C()
        fd = -1
        segmentBytes = 0
        self.nextSequence = max(nextSequence, 1)
        acknowledgedSequence = self.nextSequence - 1
        pendingRecords = 0
        oldestPendingNanos = 0
        switch policy {
        case .everyRecords(let n): syncEvery = max(n, 1); syncAfterNanos = .max
        case .everyMicroseconds(let m): syncEvery = .max; syncAfterNanos = UInt64(max(m, 1)) * 1_000
        case .never: syncEvery = .max; syncAfterNanos = .max
        }
        try JournalFiles.makeDirectory(directory)
        try openSegment()
    }

    /// Writes what is still buffered (best effort, not synced) and closes the segment.
    /// Records are only guaranteed once acknowledged; call ``commit()`` before dropping a
    /// writer to make the tail durable under the policy.
    deinit {
        if fd >= 0 {
            if buffer.count > 0 { try? JournalFiles.writeAll(fd, buffer.base, count: buffer.count) }
            close(fd)
        }
    }

    /// True if the policy syncs.
    var syncs: Bool {
        if case .never = policy { return false }
        return true
    }

    /// Creates `<nextSequence>.seg` with its header and makes the directory entry durable.
    mutating func openSegment() throws(JournalError) {
        let path = JournalFiles.path(directory, nextSequence, JournalFiles.segmentSuffix)
        let newFD = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard newFD >= 0 else { throw .io(operation: .open, errno: errno) }
        let header = JournalFiles.segmentHeader(firstSequence: nextSequence, crc: crc)
        let failure: JournalError? = header.withUnsafeBytes { p in
            do throws(JournalError) { try JournalFiles.writeAll(newFD, p.baseAddress!, count: p.count) } catch { return error }
            return nil
        }
        if let failure { close(newFD); throw failure }
        if syncs {
            if fdatasync(newFD) != 0 { throw .io(operation: .fsync, errno: errno) }
            try JournalFiles.syncDirectory(directory)
        }
        fd = newFD
        segmentBytes = JournalFiles.segmentHeaderSize
        segmentCount += 1
    }

    /// Writes the buffer to the current segment and, if `sync`, `fdatasync`s it; then
    /// every appended record is acknowledged.
    #if !DEBUG
    @_noAllocation
    #endif
    mutating func writeBuffer(sync: Bool) throws(JournalError) {
        if buffer.count > 0 {
            try JournalFiles.writeAll(fd, buffer.base, count: buffer.count)
            buffer.reset()
            commitCount &+= 1
        }
        if sync {
            if pendingRecords > 0 {
                let error = JournalFiles.dataSync(fd)
                if error != 0 { throw .io(operation: .fsync, errno: error) }
            }
            pendingRecords = 0
            acknowledgedSequence = nextSequence &- 1
        } else if !syncs {
            pendingRecords = 0
            acknowledgedSequence = nextSequence &- 1
        }
    }

    /// Closes the current segment and opens the next one (not on the per-record path).
    @inline(never)
    mutating func rollSegment() -> JournalError? {
        do throws(JournalError) {
            try writeBuffer(sync: syncs)
            close(fd)
            fd = -1
            try openSegment()
        } catch { return error }
        return nil
    }

    /// Makes room for a record of `size` bytes: rolls the segment or writes the buffer.
    #if !DEBUG
    @_noAllocation
    #endif
    mutating func reserve(_ size: Int) throws(JournalError) {
        if segmentBytes &+ size > maxSegmentBytes {
            // Rare (once per segment): builds the new file name, the one allocation here.
            if let failure = _unsafePerformance({ rollSegment() }) { throw failure }
        }
        if buffer.freeBytes < size {
            try writeBuffer(sync: false)
        }
    }

    /// After an append: group commit if the policy says so.
    #if !DEBUG
    @_noAllocation
    #endif
    mutating func appended() throws(JournalError) {
        pendingRecords &+= 1
        if pendingRecords >= syncEvery {
            try writeBuffer(sync: true)
        } else if syncAfterNanos != .max {
            let now = JournalFiles.monotonicNanoseconds()
            if pendingRecords == 1 { oldestPendingNanos = now }
            else if now &- oldestPendingNanos >= syncAfterNanos { try writeBuffer(sync: true) }
        }
    }

    /// Appends a `venueCommand` record (152 bytes) and returns its journal sequence number
    /// (the log's own 1, 2, 3, ...; the command keeps the sequencer's
    /// ``VenueCommand/sequence`` inside its payload). The record is acknowledged (durable
    /// under the policy) once ``acknowledgedSequence`` ≥ it.
    ///
    /// - Complexity: O(1) plus the policy's group commit.
    #if !DEBUG
    @_noAllocation
    #endif
    @discardableResult
    public mutating func append(_ command: VenueCommand) throws(JournalError) -> UInt64 {
        let size = JournalRecordLayout.venueCommandSize
        try reserve(size)
        let sequence = nextSequence
        _ = buffer.append(command, sequence: sequence, crc: crc)
        nextSequence = sequence &+ 1
        segmentBytes &+= size
        try appended()
        return sequence
    }

    /// Group commit now: writes what is buffered and syncs it if the policy syncs.
    #if !DEBUG
    @_noAllocation
    #endif
    public mutating func commit() throws(JournalError) {
        try writeBuffer(sync: syncs)
    }

    /// Commits if the oldest pending record is older than the policy's deadline (call it
    /// when the host is idle, so that a quiet period does not delay acknowledgement).
    #if !DEBUG
    @_noAllocation
    #endif
    public mutating func poll() throws(JournalError) {
        guard pendingRecords > 0 else { return }
        if syncAfterNanos == .max {
            if case .never = policy { try writeBuffer(sync: false) }
            return
        }
        if JournalFiles.monotonicNanoseconds() &- oldestPendingNanos >= syncAfterNanos { try writeBuffer(sync: true) }
    }
}
