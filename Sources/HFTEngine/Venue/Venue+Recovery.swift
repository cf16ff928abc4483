// Recovery of a venue from its journal directory: configuration file, newest valid
// snapshot, then every later record (recovery code: reads files, allocates; applying each
// command does not).

/// The result of ``Venue/recover(directory:truncateDamaged:)``: the recovered venue and what
/// recovery found and did. (A struct rather than a tuple: tuples cannot hold a
/// `~Copyable` venue.) Take the venue out with `let venue = recovery.venue`.
///
/// - Memory: owns the venue.
public struct VenueRecovery: ~Copyable {
    public var venue: Venue
    public var report: VenueRecoveryReport

    /// The recovered venue (for callers outside this module, which cannot take a field of
    /// a non-frozen noncopyable value apart).
    public consuming func takeVenue() -> Venue { venue }

    public init(venue: consuming Venue, report: VenueRecoveryReport) {
        self.venue = venue
        self.report = report
    }
}

extension Venue {
    /// Rebuilds the venue of a journal directory: the ``VenueConfigurationFile``, then the
    /// newest snapshot that passes its checksums and loads (a damaged one is skipped and the
    /// previous one tried, reported in ``VenueRecoveryReport/rejectedSnapshots``; none: an
    /// empty venue), then every `venueCommand` record after the snapshot's sequence, each
    /// checked (length, CRC-32C, sequence, a command kind that decodes) and applied with
    /// ``apply(_:into:)`` (its events are dropped: they were published before the crash).
    ///
    /// The damage rules of ``JournalReader/repairDamage(truncateDamaged:)`` apply to where
    /// reading stopped: a torn tail (nothing intact after it) is cut off, as after any
    /// crash; a damaged record followed by intact records throws
    /// ``JournalError/damagedRecord(_:)`` naming the segment file and offset and changes no
    /// file, unless `truncateDamaged` is true (`hft recover --truncate-damaged`): then the
    /// log is cut there as well and the dropped records are reported
    /// (``VenueRecoveryReport/cutMidLogDamage``). A log that does not continue the
    /// snapshot (segments missing after it) stops at the gap
    /// (``VenueRecoveryReport/damage`` = `sequenceGap`) and cuts nothing.
    ///
    /// After recovery the host continues the log with
    /// ``openJournal(directory:nextSequence:policy:maxSegmentBytes:bufferBytes:)`` at
    /// ``VenueRecoveryReport/lastJournalSequence`` + 1.
    ///
    /// - Throws: ``JournalError/damagedRecord(_:)`` (see above),
    ///   ``JournalError/foreignRecord(sequence:)`` for a record of the command-file
    ///   replay's kinds (nothing changed), ``JournalError/badConfiguration`` for a damaged
    ///   configuration file, ``JournalError/io(operation:errno:)`` for file errors
    ///   (`ENOENT` on `venue.config`: not a venue journal).
    /// - Complexity: O(snapshot bytes + log bytes after it); O(1) per record plus the command.
    public static func recover(directory: String, truncateDamaged: Bool = false) throws(JournalError)
        -> VenueRecovery {
        let configuration = try VenueConfigurationFile.read(directory: directory)
        var report = VenueRecoveryReport()
        var venue = try newestSnapshot(directory: directory, configuration: configuration, report: &report)
        let start = report.snapshotSequence ?? 0
        var reader = try JournalReader(directory: directory, skipThrough: start)
        var events = venue.makeEventBuffer()
        var expected = start &+ 1
        var command = VenueCommand(.liquidationScan)
        while let sequence = try reader.nextVenueCommand(into: &command) {
            guard sequence == expected else {
                // The log does not continue the snapshot (segments missing): stop there.
                report.damage = .sequenceGap
                report.lastJournalSequence = expected &- 1
                report.lastCommandSequence = venue.lastSequence
                return VenueRecovery(venue: venue, report: report)
            }
            venue.apply(command, into: &events)
            events.removeAll()
            report.recordsReplayed += 1
            expected &+= 1
        }
        report.lastJournalSequence = max(reader.lastSequence, start)
        report.lastCommandSequence = venue.lastSequence
        if let repair = try reader.repairDamage(truncateDamaged: truncateDamaged) {
            report.damage = repair.damage.reason
            report.damagedBytes = repair.damage.bytesAfter
            report.segmentsRemoved = repair.segmentsRemoved
            if !repair.damage.isTornTail { report.cutMidLogDamage = repair.damage }
        }
        return VenueRecovery(venue: venue, report: report)
    }

    /// The venue of the newest snapshot in `directory` that loads, or an empty venue;
    /// records the choice in `report`.
    static func newestSnapshot(directory: String, configuration: VenueConfiguration,
                               report: inout VenueRecoveryReport) throws(JournalError) -> Venue {
        for sequence in try JournalFiles.list(directory, suffix: JournalFiles.snapshotSuffix).reversed() {
            do throws(JournalError) {
                let payload = try JournalSnapshotFile.read(directory: directory, sequence: sequence)
                let venue = try Venue.restore(configuration: configuration, from: payload)
                report.snapshotSequence = sequence
                return venue
            } catch {
                report.rejectedSnapshots.append(sequence)
            }
        }
        do { return try Venue(configuration: configuration) } catch { throw .badConfiguration }
    }
}
