import HFTEngine

/// The publisher thread: takes the engine's records and events in order, holds them until
/// the engine says they are durable, then hands each command to the
/// ``CommittedCommandSink`` (read model, streams) and resumes its requester.
///
/// Holding is what makes an acknowledgement mean durable: a reply, a stream message or a
/// read-model change for a command leaves only after the `durable` record that covers it.
/// Reads (account queries) wait the same way, so a read never shows a state that a crash
/// could take back.
///
/// A `snapshotTaken` record is where the read model is saved for a snapshot: the engine
/// sent it right after the `durable` record of its sequence, so every command up to that
/// sequence, and none after it, has reached the sink. Serialising the read model is this
/// thread's pause (acknowledgements and stream messages wait; the engine keeps going
/// until its rings fill).
///
/// - Memory: the held commands and events grow to one group commit's worth and are reused;
///   this thread may allocate (it builds replies' arrays), the engine thread never waits
///   for it except when its rings are full.
final class VenuePublisher: @unchecked Sendable {
    enum Held {
        case command(VenueCommand, ticket: UInt32, events: Range<Int>)
        case read(ticket: UInt32)
    }

    let records: SPSCRing<EngineRecord>
    let eventRing: SPSCRing<VenueEvent>
    let tickets: TicketBook
    let sink: any CommittedCommandSink
    let doorbell = Doorbell()
    let statistics: VenueHostStatistics
    let handoff: SnapshotHandoff
    var held: [Held] = []
    var heldEvents: [VenueEvent] = []

    init(records: SPSCRing<EngineRecord>, eventRing: SPSCRing<VenueEvent>, tickets: TicketBook,
         sink: any CommittedCommandSink, statistics: VenueHostStatistics, handoff: SnapshotHandoff) {
        self.records = records
        self.eventRing = eventRing
        self.tickets = tickets
        self.sink = sink
        self.statistics = statistics
        self.handoff = handoff
    }

    /// The loop; returns the record that ended the engine (`failed` or `stopped`).
    func run() -> EngineRecord {
        while true {
            let seen = doorbell.currentGeneration()
            guard let record = records.pop() else {
                doorbell.park(nanoseconds: 1_000_000, unlessRungSince: seen)
                continue
            }
            switch record.kind {
            case .command:
                let start = heldEvents.count
                for _ in 0..<Int(record.eventCount) { heldEvents.append(nextEvent()) }
                held.append(.command(record.command, ticket: record.ticket, events: start..<heldEvents.count))
            case .readDone:
                held.append(.read(ticket: record.ticket))
            case .durable:
                release(through: record.sequence, commitNanoseconds: UInt64(bitPattern: record.command.w1))
            case .failed:
                for entry in held {
                    switch entry {
                    case .command(_, let ticket, _), .read(let ticket):
                        tickets.resume(ticket, with: .failure(EngineFailure.journalFailed))
                    }
                }
                held.removeAll()
                return record
            case .stopped:
                return record
            case .snapshotTaken:
                snapshot(record)
            }
        }
    }

    /// The next event of the event ring (the engine pushes a command's events right after
    /// its record).
    func nextEvent() -> VenueEvent {
        while true {
            if let event = eventRing.pop() { return event }
            enginePause()
        }
    }

    /// Publishes every held command and read: all of them are covered by `sequence`.
    func release(through sequence: UInt64, commitNanoseconds: UInt64) {
        var commands = 0
        heldEvents.withUnsafeBufferPointer { all in
            for entry in held {
                switch entry {
                case .command(let command, let ticket, let range):
                    let events = UnsafeBufferPointer(rebasing: all[range])
                    sink.committed(command, events: events, replaying: false)
                    statistics.count(command, events: events)
                    commands += 1
                    if ticket != TicketBook.none {
                        tickets.resume(ticket, with: .success(.applied(CommandOutcome(command: command, events: Array(events)))))
                    }
                case .read(let ticket):
                    tickets.resume(ticket, with: .success(tickets.readReply(ticket)))
                }
            }
        }
        held.removeAll(keepingCapacity: true)
        heldEvents.removeAll(keepingCapacity: true)
        statistics.durable(through: sequence, commands: commands, commitNanoseconds: commitNanoseconds)
        sink.batchCommitted(through: sequence)
    }

    /// Adds the read model to the venue's copy of a snapshot and answers its requester.
    func snapshot(_ record: EngineRecord) {
        guard let capture = handoff.take(record.ticket) else {
            // Cannot happen (the engine deposits before it sends the record); never leave a requester waiting.
            tickets.resume(record.ticket, with: .failure(ServiceSnapshotError.capture(.corruptSnapshot)))
            return
        }
        let venue: SnapshotBuffer
        switch capture.result {
        case .failure(let error):
            tickets.resume(record.ticket, with: .failure(ServiceSnapshotError.capture(error)))
            return
        case .success(let buffer):
            venue = buffer
        }
        let released = statistics.lastDurableSequence
        guard held.isEmpty, released == record.sequence else {
            tickets.resume(record.ticket, with: .failure(ServiceSnapshotError.readModelBehind(
                snapshot: record.sequence, readModel: released)))
            return
        }
        let start = ServiceClock.monotonicNanoseconds()
        let readModel = sink.saveReadModel(through: record.sequence)
        let pause = ServiceClock.monotonicNanoseconds() &- start
        tickets.resume(record.ticket, with: .success(.snapshot(CapturedServiceSnapshot(
            sequence: record.sequence, venue: Array(venue.bytes), readModel: readModel,
            venuePauseNanoseconds: capture.pauseNanoseconds, readModelPauseNanoseconds: pause))))
    }
}
