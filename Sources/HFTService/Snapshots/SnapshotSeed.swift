import HFTEngine

/// Starting a new replica from another node's snapshot (issue 15: "a standby that starts
/// late catches up from a snapshot plus the stream"): the newest intact snapshot pair of a
/// source directory (a copy of the primary's or another standby's data directory, or of
/// its snapshots) is written into an empty data directory, with the venue's configuration
/// file. Recovery then starts from that pair, and the standby's feed skips the log's
/// commands through its sequence: it applies only the commands after the snapshot instead
/// of the whole log.
///
/// Every file is read through its checked reader (header, CRC-32C) and written through its
/// writer (atomically), so a damaged source is refused rather than copied.
///
/// - Complexity: O(snapshot bytes).
public enum SnapshotSeed {
    /// Seeds `directory` from `source` when `directory` holds no journal and no snapshot;
    /// returns the seeded snapshot's sequence, or nil when `directory` was not empty (it is
    /// left alone) .
    ///
    /// - Throws: ``JournalError`` when `source` has no intact snapshot pair, its venue
    ///   configuration file is missing or damaged, or a file cannot be written.
    public static func seed(directory: String, from source: String) throws(JournalError) -> UInt64? {
        try JournalFiles.makeDirectory(directory)
        let present = try JournalFiles.list(directory, suffix: JournalFiles.segmentSuffix)
            + JournalFiles.list(directory, suffix: JournalFiles.snapshotSuffix)
        guard present.isEmpty else { return nil }
        let configuration = try VenueConfigurationFile.read(directory: source)
        var lastError: JournalError = .corruptSnapshot
        for sequence in try ServiceSnapshotStore.pairs(directory: source) {
            do throws(JournalError) {
                let venue = try JournalSnapshotFile.read(directory: source, sequence: sequence)
                let readModel = try ReadModelSnapshotFile.read(directory: source, sequence: sequence)
                try VenueConfigurationFile.write(configuration, directory: directory)
                try ServiceSnapshotStore.withBytes(readModel) { bytes throws(JournalError) in
                    _ = try ReadModelSnapshotFile.write(directory: directory, sequence: sequence, payload: bytes)
                }
                try ServiceSnapshotStore.withBytes(venue) { bytes throws(JournalError) in
                    _ = try JournalSnapshotFile.write(directory: directory, sequence: sequence, payload: bytes)
                }
                return sequence
            } catch {
                lastError = error
            }
        }
        throw lastError
    }
}
