#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The venue's journal directory: opening its write-ahead log and writing snapshots.
// Set-up and snapshot code (allocates); the per-command path is JournalWriter.append(_:).

extension Venue {
    /// Opens the write-ahead log of this venue in `directory` (created if missing): writes
    /// the configuration file (``VenueConfigurationFile``) when the directory has none,
    /// checks it when it has one, and returns a ``JournalWriter`` whose first record gets
    /// `nextSequence`: 1 for a new journal, ``VenueRecoveryReport/lastJournalSequence`` + 1
    /// after ``recover(directory:truncateDamaged:)``.
    ///
    /// The host appends each command (``JournalWriter/append(_:)-(VenueCommand)``) before
    /// it applies it, and publishes the command's events once the writer has acknowledged it.
    ///
    /// - Throws: ``JournalError/configurationMismatch`` if the directory belongs to a venue
    ///   of another configuration, ``JournalError/badConfiguration`` if its file is damaged,
    ///   ``JournalError/io(operation:errno:)`` for file errors.
    public func openJournal(directory: String, nextSequence: UInt64 = 1, policy: JournalDurability,
                            maxSegmentBytes: Int = 64 << 20, bufferBytes: Int = 1 << 20) throws(JournalError) -> JournalWriter {
        try JournalFiles.makeDirectory(directory)
        do throws(JournalError) {
            let stored = try VenueConfigurationFile.read(directory: directory)
            guard stored == configuration else { throw JournalError.configurationMismatch }
        } catch .io(operation: .open, errno: ENOENT) {
            try VenueConfigurationFile.write(configuration, directory: directory)
        }
        return try JournalWriter(directory: directory, nextSequence: nextSequence, policy: policy,
                                 maxSegmentBytes: maxSegmentBytes, bufferBytes: bufferBytes)
    }

    /// Writes a snapshot of the venue (``visitSnapshot(_:)``, framed by ``JournalSnapshotFile``)
    /// as of journal record `journalSequence` (the caller has appended and committed every
    /// command applied so far, the last one as that record), keeps the newest 3 snapshots
    /// and removes the log segments that the oldest kept snapshot already covers.
    ///
    /// Returns the file size, the pause (the venue stopped while its state is copied out,
    /// ns) and the time to write and sync the file (ns), which a host can spend off the
    /// venue's thread.
    ///
    /// - Complexity: O(live state) for the copy, O(bytes) for the file.
    @discardableResult
    public mutating func writeSnapshot(directory: String, journalSequence: UInt64) throws(JournalError)
        -> (bytes: Int, pauseNanoseconds: UInt64, writeNanoseconds: UInt64) {
        let start = JournalFiles.monotonicNanoseconds()
        let buffer = SnapshotBuffer()
        try visitSnapshot(buffer)
        let copied = JournalFiles.monotonicNanoseconds()
        let size = try JournalSnapshotFile.write(directory: directory, sequence: journalSequence, payload: buffer.bytes)
        try JournalSnapshotFile.pruneCoveredSegments(directory: directory)
        return (size, copied &- start, JournalFiles.monotonicNanoseconds() &- copied)
    }
}
