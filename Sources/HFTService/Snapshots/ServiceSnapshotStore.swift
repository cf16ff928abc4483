import HFTEngine

/// The snapshot pairs of a service's journal directory: a venue snapshot
/// (`<sequence>.snap`, ``JournalSnapshotFile``) and its read-model twin
/// (`<sequence>.readmodel`, ``ReadModelSnapshotFile``) at the same journal sequence.
///
/// Order of writing, so that a crash at any point leaves a usable directory: the twin
/// first, then the venue file (so every venue snapshot of the service has its twin on
/// disk before it exists), then the removal of pairs beyond the newest ``keep`` and of
/// twins without a venue snapshot, and last the log segments that the oldest kept *pair*
/// covers. A venue snapshot without its twin is never used by the service and never
/// counts for pruning, so the read model's history before it stays in the log.
///
/// - Complexity: O(bytes) plus a few `fsync`s per snapshot; O(files) for the listings.
/// - Memory: none beyond the caller's bytes.
public enum ServiceSnapshotStore {
    /// Pairs kept (the venue's own default, 3).
    public static let keep = 3

    /// Writes a captured snapshot as a pair, applies retention and prunes the log.
    public static func write(_ snapshot: CapturedServiceSnapshot, directory: String) throws(JournalError)
        -> ServiceSnapshotReport {
        let start = JournalFiles.monotonicNanoseconds()
        let readModelBytes = try withBytes(snapshot.readModel) { (p) throws(JournalError) in
            try ReadModelSnapshotFile.write(directory: directory, sequence: snapshot.sequence, payload: p)
        }
        let venueBytes = try withBytes(snapshot.venue) { (p) throws(JournalError) in
            try JournalSnapshotFile.write(directory: directory, sequence: snapshot.sequence, payload: p, keep: keep)
        }
        let venues = Set(try JournalFiles.list(directory, suffix: JournalFiles.snapshotSuffix))
        for twin in try JournalFiles.list(directory, suffix: ReadModelSnapshotFile.suffix) where !venues.contains(twin) {
            try JournalFiles.remove(ReadModelSnapshotFile.path(directory: directory, sequence: twin))
        }
        var pruned = 0
        if let oldest = try pairs(directory: directory).last {
            pruned = try JournalFiles.pruneSegments(directory, through: oldest)
        }
        return ServiceSnapshotReport(
            sequence: snapshot.sequence, venueBytes: venueBytes, readModelBytes: readModelBytes,
            venuePauseNanoseconds: snapshot.venuePauseNanoseconds,
            readModelPauseNanoseconds: snapshot.readModelPauseNanoseconds,
            writeNanoseconds: JournalFiles.monotonicNanoseconds() &- start, segmentsPruned: pruned)
    }

    /// `body` over the bytes of `array`, keeping the error's type.
    static func withBytes<R>(_ array: [UInt8], _ body: (UnsafeRawBufferPointer) throws(JournalError) -> R)
        throws(JournalError) -> R {
        try array.withUnsafeBytes { p in Result { () throws(JournalError) in try body(p) } }.get()
    }

    /// The sequences that have both files, newest first (their contents are checked only
    /// when recovery reads them).
    public static func pairs(directory: String) throws(JournalError) -> [UInt64] {
        let twins = Set(try JournalFiles.list(directory, suffix: ReadModelSnapshotFile.suffix))
        return try JournalFiles.list(directory, suffix: JournalFiles.snapshotSuffix).filter { twins.contains($0) }.reversed()
    }
}
