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
    ///   ``JournalError/foreignRecord(sequence:)`` for a record of a retired kind
    ///   (``JournalRecordKind``; nothing changed), ``JournalError/badConfiguration`` for a damaged
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
        let replayed = try venue.replayJournal(&reader, firstSequence: start &+ 1, events: &events)
        report.recordsReplayed = replayed.applied
        if replayed.gap {
            // The log does not continue the snapshot (segments missing): stop there.
            report.damage = .sequenceGap
            report.lastJournalSequence = start &+ UInt64(replayed.applied)
            report.lastCommandSequence = venue.lastSequence
            return VenueRecovery(venue: venue, report: report)
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

    /// Applies the `venueCommand` records that `reader` returns, in order, with
    /// ``apply(_:into:)``: the replay step of ``recover(directory:truncateDamaged:)``, for a
    /// host that opens the reader and builds the venue itself. Each record's events are
    /// written into `events` and then dropped. Stops at the end of the log, at damage
    /// (``JournalReader/damage``; repairing it is the caller's,
    /// ``JournalReader/repairDamage(truncateDamaged:)``), or before a record whose journal
    /// sequence is not the next of `firstSequence`, `firstSequence` + 1, ... (segments
    /// missing): then `gap` is true and nothing of that record was applied.
    ///
    /// - Returns: the records applied and whether a gap stopped the replay.
    /// - Throws: ``JournalError/foreignRecord(sequence:)`` for a record of a retired kind;
    ///   file errors of loading a segment.
    /// - Complexity: O(1) per record (one CRC over 148 bytes) plus the command.
    /// - Memory: none (the reader loads segments into its own buffer).
    public mutating func replayJournal(_ reader: inout JournalReader, firstSequence: UInt64,
                                       events: inout VenueEventBuffer) throws(JournalError) -> (applied: Int, gap: Bool) {
        var expected = firstSequence
        var applied = 0
        var command = VenueCommand(.liquidationScan)
        while let sequence = try reader.nextVenueCommand(into: &command) {
            guard sequence == expected else { return (applied, true) }
            apply(command, into: &events)
            events.removeAll()
            applied &+= 1
            expected &+= 1
        }
        return (applied, false)
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
