import HFTEngine

/// Recovery of a service's journal directory before the engine starts.
///
/// 1. The newest snapshot pair whose files are intact and load (``ServiceSnapshotStore``:
///    the venue's `.snap` and the read model's `.readmodel` at one journal sequence `S`),
///    and which the log continues (a segment holds `S + 1` or the log ends at `S`): the
///    venue is restored from it and the sink's read model replaced by its twin. A damaged
///    or incompatible file, a venue snapshot without its twin, or a log that does not
///    continue the pair: the pair is passed over (``VenueHost/Recovery/rejectedSnapshots``)
///    and the next older one tried.
/// 2. Every command of the log after `S` (after 0 without a pair) is applied to the venue
///    and passed to the sink with its events (`replaying: true`), so that the read model
///    follows from the same input as the venue.
///
/// Without a usable pair the whole log is replayed into a new venue, which needs the log
/// from sequence 1: if snapshots let older segments be pruned and none of them loads,
/// recovery refuses to start (``VenueHostError/logPruned(directory:firstSequence:)``)
/// rather than serve a read model without its history.
///
/// - Complexity: O(snapshot bytes + log bytes after the snapshot).
/// - Memory: one snapshot's bytes at a time, the reader's segment buffer.
enum VenueHostRecovery {
    static func replay(directory: String, into venue: inout Venue,
                       sink: any CommittedCommandSink) throws(VenueHostError) -> VenueHost.Recovery {
        let stored: VenueConfiguration
        do {
            try JournalFiles.makeDirectory(directory)
            stored = try VenueConfigurationFile.read(directory: directory)
        } catch .io(operation: .open, errno: 2) {
            return VenueHost.Recovery(commands: 0, lastSequence: 0, tornBytesCut: 0)   // a new journal
        } catch {
            throw .journal(error)
        }
        guard stored == venue.configuration else { throw .configurationMismatch(directory: directory) }
        var events: VenueEventBuffer
        do {
            events = try VenueEventBuffer(capacity: venue.configuration.eventBudget)
        } catch {
            throw .capacity("\(error)")
        }
        var rejected: [VenueHost.RejectedSnapshot] = []
        let start = try restoreNewestPair(directory: directory, into: &venue, sink: sink, rejected: &rejected)
        do throws(JournalError) {
            var reader = try JournalReader(directory: directory, skipThrough: start)
            var command = VenueCommand(.liquidationScan)
            var count = 0
            var last = start
            while let sequence = try reader.nextVenueCommand(into: &command) {
                events.removeAll()
                venue.apply(command, into: &events)
                sink.committed(command, events: events.events, replaying: true)
                count += 1
                last = sequence
            }
            let torn = reader.damage == nil ? 0 : reader.damagedBytes
            _ = try reader.repairDamage(truncateDamaged: false)
            if count > 0 { sink.batchCommitted(through: last) }
            return VenueHost.Recovery(commands: count, lastSequence: last, tornBytesCut: torn, snapshotSequence: start,
                                      rejectedSnapshots: rejected)
        } catch {
            throw .journal(error)
        }
    }

    /// Loads the newest usable pair into `venue` and the sink; returns its sequence, or 0
    /// (nothing changed) when no pair is usable.
    static func restoreNewestPair(directory: String, into venue: inout Venue, sink: any CommittedCommandSink,
                                  rejected: inout [VenueHost.RejectedSnapshot]) throws(VenueHostError) -> UInt64 {
        let pairs: [UInt64]
        let venueSnapshots: [UInt64]
        let segments: [UInt64]
        do {
            pairs = try ServiceSnapshotStore.pairs(directory: directory)
            venueSnapshots = try JournalFiles.list(directory, suffix: JournalFiles.snapshotSuffix)
            segments = try JournalFiles.list(directory, suffix: JournalFiles.segmentSuffix)
        } catch {
            throw .journal(error)
        }
        let newestPair = pairs.first ?? 0
        for single in venueSnapshots.reversed() where single > newestPair {
            rejected.append(.init(sequence: single, reason: "no read-model twin"))
        }
        for sequence in pairs {
            // The log must continue the pair: some segment starts at or before S + 1.
            guard segments.isEmpty || segments[0] <= sequence &+ 1 else {
                rejected.append(.init(sequence: sequence, reason: "the log starts at \(segments[0]), after the snapshot"))
                continue
            }
            do throws(JournalError) {
                let readModel = try ReadModelSnapshotFile.read(directory: directory, sequence: sequence)
                let payload = try JournalSnapshotFile.read(directory: directory, sequence: sequence)
                let restored = try Venue.restore(configuration: venue.configuration, from: payload)
                try sink.loadReadModel(readModel, through: sequence)
                venue = restored
                return sequence
            } catch {
                rejected.append(.init(sequence: sequence, reason: "\(error)"))
            }
        }
        if let first = segments.first, first > 1 { throw .logPruned(directory: directory, firstSequence: first) }
        return 0
    }
}
