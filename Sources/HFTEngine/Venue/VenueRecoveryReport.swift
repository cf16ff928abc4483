/// What ``Venue/recover(directory:truncateDamaged:)`` found and did.
///
/// Two numbering schemes meet here: the journal's own record sequence numbers (1, 2, 3, ...
/// without gaps; snapshots are named by them) and the sequencer's stamp inside each
/// command (``VenueCommand/sequence``, ``Venue/lastSequence``).
///
/// - Memory: a small value (the rejected snapshots in an array).
public struct VenueRecoveryReport: Sendable, Equatable {
    /// The journal sequence of the snapshot the state was loaded from (`nil`: none, the
    /// venue was rebuilt from the first record).
    public var snapshotSequence: UInt64?
    /// Newer snapshots skipped because they were damaged or did not load (newest first).
    public var rejectedSnapshots: [UInt64] = []
    /// Records applied after the snapshot.
    public var recordsReplayed = 0
    /// The journal sequence number of the last record in the state: a writer continues the
    /// log at this + 1.
    public var lastJournalSequence: UInt64 = 0
    /// The sequencer's sequence number of the last command in the state
    /// (``Venue/lastSequence``; 0 for an empty venue).
    public var lastCommandSequence: UInt64 = 0
    /// The damage at the end of the log that was cut (or the sequence gap recovery stopped
    /// at, which cuts nothing); `nil` for an intact log.
    public var damage: JournalTailDamage?
    /// Bytes cut: from the damaged record to the end of its segment, plus later segments.
    public var damagedBytes = 0
    /// Segment files removed by the cut.
    public var segmentsRemoved = 0
    /// Damage in the middle of the log that was cut on request (`truncateDamaged`), with the
    /// intact records dropped after it; `nil` for a torn tail.
    public var cutMidLogDamage: JournalDamage?

    public init() {}

    /// The lines `hft recover` prints before `HASH`: `SNAPSHOT seq=<n>|none
    /// [rejected=<n>,...]`, `REPLAYED <records> last=<journal sequence>`, and `TRUNCATED
    /// none` or `TRUNCATED reason=<reason> bytes=<n> segmentsRemoved=<n>` (plus `segment=
    /// offset= droppedRecords=` after a cut in the middle of the log).
    public var lines: [String] {
        let snapshot = "SNAPSHOT " + (snapshotSequence.map { "seq=\($0)" } ?? "none")
            + (rejectedSnapshots.isEmpty ? "" : " rejected=" + rejectedSnapshots.map(String.init).joined(separator: ","))
        var truncated = "TRUNCATED none"
        if let damage {
            truncated = "TRUNCATED reason=\(damage) bytes=\(damagedBytes) segmentsRemoved=\(segmentsRemoved)"
            if let cut = cutMidLogDamage {
                truncated += " segment=\(cut.segmentFile) offset=\(cut.offset) droppedRecords=\(cut.intactRecordsAfter)"
            }
        }
        return [snapshot, "REPLAYED \(recordsReplayed) last=\(lastJournalSequence)", truncated]
    }
}
