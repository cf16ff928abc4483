import HFTEngine
import Synchronization

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
/// With a ``CommandReplicator`` (a primary of a replicated venue) every command also goes to
/// the replicator as soon as it is popped, and a command is released only when both the
/// local `durable` record and the replicator's ``CommandReplicator/replicatedThrough`` cover
/// it. When replication fails (fenced, or the log unavailable) the publisher answers every
/// held and later request with ``EngineFailure/replicationFailed``, asks the engine to stop,
/// and ends as if the journal had failed.
///
/// - Memory: the held commands and events grow to one group commit's worth and are reused;
///   this thread may allocate (it builds replies' arrays), the engine thread never waits
///   for it except when its rings are full.
final class VenuePublisher: @unchecked Sendable {
    enum Held {
        case command(VenueCommand, ticket: UInt32, events: Range<Int>)
        case read(ticket: UInt32, sequence: UInt64)

        /// The sequence that must be durable (and replicated) before the entry is released.
        var sequence: UInt64 {
            switch self {
            case .command(let command, _, _): command.sequence
            case .read(_, let sequence): sequence
            }
        }

        var ticket: UInt32 {
            switch self {
            case .command(_, let ticket, _), .read(let ticket, _): ticket
            }
        }
    }

    let records: SPSCRing<EngineRecord>
    let eventRing: SPSCRing<VenueEvent>
    let tickets: TicketBook
    let sink: any CommittedCommandSink
    let doorbell = Doorbell()
    let statistics: VenueHostStatistics
    let handoff: SnapshotHandoff
    /// The replicator (publisher thread only); set at start, or later by a promotion.
    var replicator: (any CommandReplicator)?
    /// A promoted standby's replicator, handed over by ``VenueHost/promote(replicator:)``.
    let promotion: PromotionSlot
    /// Asks the engine to stop (after a replication failure).
    let stopEngine: @Sendable () -> Void
    /// Held entries; `held[heldStart...]` are not yet released (a prefix is released at a time).
    var held: [Held] = []
    var heldStart = 0
    var heldEvents: [VenueEvent] = []
    /// The last sequence the local journal made durable.
    var localDurable: UInt64
    /// `snapshotTaken` records waiting for the release to reach their sequence (replication behind).
    var pendingSnapshots: [EngineRecord] = []
    /// Set once replication failed: nothing more is released.
    var replicationFailure: ReplicationFailure?

    init(records: SPSCRing<EngineRecord>, eventRing: SPSCRing<VenueEvent>, tickets: TicketBook,
         sink: any CommittedCommandSink, statistics: VenueHostStatistics, handoff: SnapshotHandoff,
         replicator: (any CommandReplicator)? = nil, promotion: PromotionSlot = PromotionSlot(),
         stopEngine: @escaping @Sendable () -> Void = {}) {
        self.records = records
        self.eventRing = eventRing
        self.tickets = tickets
        self.sink = sink
        self.statistics = statistics
        self.handoff = handoff
        self.replicator = replicator
        self.promotion = promotion
        self.stopEngine = stopEngine
        localDurable = statistics.lastDurableSequence
    }

    /// The loop; returns the record that ended the engine (`failed` or `stopped`; `failed`
    /// also when replication failed and the engine was stopped for it).
    func run() -> EngineRecord {
        while true {
            let seen = doorbell.currentGeneration()
            if replicator == nil, let promoted = promotion.take() { replicator = promoted }
            guard let record = records.pop() else {
                if let replicator, replicationFailure == nil {
                    replicator.flush()
                    if let failure = replicator.failure { replicationFailed(failure) } else { releaseReady() }
                }
                doorbell.park(nanoseconds: 1_000_000, unlessRungSince: seen)
                continue
            }
            switch record.kind {
            case .command:
                let start = heldEvents.count
                for _ in 0..<Int(record.eventCount) { heldEvents.append(nextEvent()) }
                held.append(.command(record.command, ticket: record.ticket, events: start..<heldEvents.count))
                if replicationFailure == nil { replicator?.append(record.command) }
            case .readDone:
                held.append(.read(ticket: record.ticket, sequence: record.sequence))
            case .durable:
                statistics.groupCommitted(commands: Int(record.sequence &- localDurable),
                                          nanoseconds: UInt64(bitPattern: record.command.w1))
                localDurable = record.sequence
                releaseReady()
            case .checkpoint:
                if replicationFailure == nil {
                    replicator?.checkpoint(sequence: record.sequence, hash: UInt64(bitPattern: record.command.w0))
                }
            case .failed:
                if replicationFailure == nil, let reason = EngineStopReason(rawValue: record.command.w1), reason != .journal {
                    let (a, b, c) = (UInt64(bitPattern: record.command.w2), UInt64(bitPattern: record.command.w3),
                                     UInt64(bitPattern: record.command.w4))
                    replicationFailure = reason == .sequenceGap ? .sequenceGap(received: a, expected: b)
                        : .stateDiverged(sequence: a, primary: b, local: c)
                }
                let failure: EngineFailure = replicationFailure == nil ? .journalFailed : .replicationFailed
                failHeld(with: failure)
                for snapshot in pendingSnapshots { tickets.resume(snapshot.ticket, with: .failure(failure)) }
                pendingSnapshots.removeAll()
                return record
            case .stopped:
                drainReplication()
                if replicationFailure != nil {
                    failHeld(with: .replicationFailed)
                    return EngineRecord(.failed, sequence: statistics.lastDurableSequence)
                }
                return record
            case .snapshotTaken:
                pendingSnapshots.append(record)
                releaseReady()
            }
        }
    }

    /// After the engine stopped: waits until the replicator has stored every locally durable
    /// command (or failed; its own timeouts bound the wait) and releases them.
    func drainReplication() {
        guard let replicator else { return }
        while replicationFailure == nil {
            let seen = doorbell.currentGeneration()
            replicator.flush()
            if let failure = replicator.failure { replicationFailed(failure); return }
            releaseReady()
            if heldStart == held.count, pendingSnapshots.isEmpty { return }
            doorbell.park(nanoseconds: 1_000_000, unlessRungSince: seen)
        }
    }

    /// Answers every held request with `failure`.
    func failHeld(with failure: EngineFailure) {
        for entry in held[heldStart...] where entry.ticket != TicketBook.none {
            tickets.resume(entry.ticket, with: .failure(failure))
        }
        held.removeAll(keepingCapacity: true)
        heldStart = 0
        heldEvents.removeAll(keepingCapacity: true)
    }

    /// Replication failed: nothing more is released; the engine is asked to stop, and every
    /// request already held or still coming is answered with `replicationFailed`.
    func replicationFailed(_ failure: ReplicationFailure) {
        guard replicationFailure == nil else { return }
        replicationFailure = failure
        failHeld(with: .replicationFailed)
        for snapshot in pendingSnapshots {
            tickets.resume(snapshot.ticket, with: .failure(EngineFailure.replicationFailed))
        }
        pendingSnapshots.removeAll()
        stopEngine()
    }

    /// Releases what both the local journal and the replicated log cover, stopping at the
    /// first pending snapshot's sequence to save the read model exactly there.
    func releaseReady() {
        if replicationFailure != nil {
            // Later commands and reads are never released; answer them as they come.
            failHeld(with: .replicationFailed)
            return
        }
        while true {
            var through = localDurable
            if let replicator { through = min(through, replicator.replicatedThrough) }
            if let snapshot = pendingSnapshots.first { through = min(through, snapshot.sequence) }
            release(through: through)
            guard let snapshot = pendingSnapshots.first, statistics.lastDurableSequence >= snapshot.sequence else { return }
            pendingSnapshots.removeFirst()
            self.snapshot(snapshot)
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

    /// Publishes the held commands and reads that `sequence` covers (a prefix of them).
    func release(through sequence: UInt64) {
        var commands = 0
        var end = heldStart
        // Durable before anyone hears so: a client that reads the statistics after its
        // acknowledgement sees at least its own command.
        let released = min(sequence, localDurable)
        let advanced = released > statistics.lastDurableSequence
        if advanced { statistics.durableSequence.store(released, ordering: .releasing) }
        heldEvents.withUnsafeBufferPointer { all in
            while end < held.count, held[end].sequence <= sequence {
                switch held[end] {
                case .command(let command, let ticket, let range):
                    let events = UnsafeBufferPointer(rebasing: all[range])
                    sink.committed(command, events: events, replaying: false)
                    statistics.count(command, events: events)
                    commands += 1
                    if ticket != TicketBook.none {
                        tickets.resume(ticket, with: .success(.applied(CommandOutcome(command: command, events: Array(events)))))
                    }
                case .read(let ticket, _):
                    tickets.resume(ticket, with: .success(tickets.readReply(ticket)))
                }
                end += 1
            }
        }
        heldStart = end
        if heldStart == held.count {
            held.removeAll(keepingCapacity: true)
            heldStart = 0
            heldEvents.removeAll(keepingCapacity: true)
        } else if heldStart >= 4_096, heldStart * 2 >= held.count {
            compactHeld()
        }
        guard commands > 0 || advanced else { return }
        statistics.released(commands: commands)
        sink.batchCommitted(through: statistics.lastDurableSequence)
    }

    /// Drops the released prefix of `held` and the events only it referred to (O(held)):
    /// with replication behind, the held array never empties under load.
    func compactHeld() {
        let firstEvent = held[heldStart...].lazy.compactMap { entry -> Int? in
            if case .command(_, _, let range) = entry { return range.lowerBound } else { return nil }
        }.first ?? heldEvents.count
        held.removeFirst(heldStart)
        heldStart = 0
        heldEvents.removeFirst(firstEvent)
        for i in held.indices {
            if case .command(let command, let ticket, let range) = held[i] {
                held[i] = .command(command, ticket: ticket, events: (range.lowerBound - firstEvent)..<(range.upperBound - firstEvent))
            }
        }
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
        guard released == record.sequence, heldStart == held.count || held[heldStart].sequence > record.sequence else {
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

/// Where ``VenueHost/promote(replicator:)`` hands a replicator to the publisher thread,
/// which installs it before it pops its next record. O(1); an atomic flag keeps the lock off
/// the publisher's path until there is something to take.
final class PromotionSlot: Sendable {
    let pending = Atomic<Bool>(false)
    let slot = Mutex<(any CommandReplicator)?>(nil)

    func put(_ replicator: any CommandReplicator) {
        slot.withLock { $0 = replicator }
        pending.store(true, ordering: .releasing)
    }

    func take() -> (any CommandReplicator)? {
        guard pending.load(ordering: .acquiring) else { return nil }
        pending.store(false, ordering: .relaxed)
        return slot.withLock { value in
            defer { value = nil }
            return value
        }
    }

    /// True once the publisher has taken what was put.
    var isTaken: Bool { !pending.load(ordering: .acquiring) }
}
