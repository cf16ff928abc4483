import HFTEngine

/// Recovery of a service's journal directory before the engine starts.
///
/// The whole log is applied again to a new venue, and every command is passed to the sink
/// with its events (`replaying: true`), so that the read model (orders, trades, klines)
/// is rebuilt from the same input as the venue. Snapshots are therefore not used yet:
/// a snapshot would let the venue skip the log before it, but the read model would lose
/// that history (see Docs/service.md, "Recovery").
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
        do throws(JournalError) {
            var reader = try JournalReader(directory: directory)
            var command = VenueCommand(.liquidationScan)
            var count = 0
            var last: UInt64 = 0
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
            return VenueHost.Recovery(commands: count, lastSequence: last, tornBytesCut: torn)
        } catch {
            throw .journal(error)
        }
    }
}
