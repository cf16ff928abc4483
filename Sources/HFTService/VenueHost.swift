import Dispatch
import HFTEngine
import Synchronization

/// The venue as a service's engine: an engine thread that owns the ``Venue`` and its
/// journal (the sequencer), a publisher thread that releases durable output, and the
/// bounded queue and tickets between them and the network side.
///
/// ```
/// network tasks ──submit──► CommandQueue ──► engine thread ──records, events──► publisher ──► sink, replies
///                                            (stamp, journal, apply,              (hold until durable)
///                                             group commit)
/// ```
///
/// ``start(_:sink:)`` recovers the journal directory first: the newest intact snapshot pair
/// (venue and read model at one sequence, ``ServiceSnapshotStore``) is loaded, and every
/// command of the log after it is applied again to the venue and passed to the sink with
/// `replaying: true`; without a usable pair the whole log is replayed into a new venue.
/// Damage in the middle of the log is refused, a torn tail is cut. Then the journal
/// continues at the next sequence number. ``snapshot()`` writes a new pair.
///
/// - Memory: owns both threads, the rings, the tickets and (through the engine) the
///   venue; ``shutdown()`` stops the threads.
public final class VenueHost: Sendable {
    /// How the engine is set up.
    public struct Configuration: Sendable {
        public var venue: VenueConfiguration
        /// The journal directory (created if missing).
        public var directory: String
        /// Group-commit policy (default: `fdatasync` when the oldest pending record is 1 ms
        /// old; the engine also commits after every batch, so under light load each command
        /// is synced at once).
        public var durability: JournalDurability
        /// Requests in flight at most (beyond: ``EngineFailure/overloaded``).
        public var tickets: Int
        /// Requests the engine takes before it commits (the largest group commit).
        public var maxBatch: Int
        /// Capacity of the engine-to-publisher rings (records, events).
        public var ringCapacity: Int
        /// Every this many commands (by sequence) the engine hashes the venue and hands the
        /// hash to the replicator as a checkpoint of the log (0: never). O(state) each time.
        public var checkpointInterval: UInt64 = 0

        public init(venue: VenueConfiguration, directory: String,
                    durability: JournalDurability = .everyMicroseconds(1_000), tickets: Int = 8_192,
                    maxBatch: Int = 1_024, ringCapacity: Int = 1 << 16) {
            self.venue = venue
            self.directory = directory
            self.durability = durability
            self.tickets = tickets
            self.maxBatch = maxBatch
            self.ringCapacity = ringCapacity
        }
    }

    /// What recovery found when the host started.
    public struct Recovery: Sendable {
        /// Commands applied again from the journal.
        public var commands: Int
        /// The last recovered sequence number (0: a new journal).
        public var lastSequence: UInt64
        /// Bytes of a torn tail that were cut off (0: none).
        public var tornBytesCut: Int
        /// The sequence of the snapshot pair recovery started from (0: none, the whole log).
        public var snapshotSequence: UInt64 = 0
        /// Newer snapshots that were not used, and why (damaged, no read-model twin, the
        /// log does not continue them).
        public var rejectedSnapshots: [RejectedSnapshot] = []
    }

    /// A snapshot recovery passed over.
    public struct RejectedSnapshot: Sendable, Equatable {
        public var sequence: UInt64
        public var reason: String
    }

    /// Whether the host sequences its clients' commands (the primary, or a venue without
    /// replication) or only applies the replicated log's (a standby).
    public enum Role: Sendable, Equatable {
        case primary
        case standby
    }

    /// The host's role now.
    public var role: Role { acceptsClientCommands.load(ordering: .acquiring) ? .primary : .standby }

    /// Where the host is in its life.
    public enum State: Sendable, Equatable {
        case running
        /// The journal failed: nothing is accepted; restart the service to recover.
        case failed
        /// Replication failed (fenced by a newer primary, or the log unavailable): nothing is
        /// accepted; this process is no longer the primary.
        case replicationFailed(ReplicationFailure)
        case stopped
    }

    public let configuration: Configuration
    public let recovery: Recovery
    public let statistics: VenueHostStatistics
    let queue: CommandQueue
    let tickets: TicketBook
    let state = Mutex<State>(.running)
    /// False on a standby: its commands come from the replicated log only (``enqueueReplicated(_:)``).
    let acceptsClientCommands: Atomic<Bool>
    /// Where a promotion hands its replicator to the publisher thread.
    let promotion: PromotionSlot
    /// Rings the publisher (set at start).
    let publisherBell: Doorbell
    let stopWaiters = Mutex<(ended: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))
    /// Writes snapshot files, one snapshot at a time, off the engine and publisher threads
    /// and off Swift's cooperative pool (the writes `fsync`).
    let snapshotWriter = DispatchQueue(label: "hft-snapshot-writer")
    let lastSnapshotReport = Mutex<ServiceSnapshotReport?>(nil)
    /// The journal directory's lock, released when the engine has ended.
    let directoryLock: DirectoryLock

    init(configuration: Configuration, recovery: Recovery, statistics: VenueHostStatistics,
         queue: CommandQueue, tickets: TicketBook, directoryLock: DirectoryLock, role: Role, publisherBell: Doorbell,
         promotion: PromotionSlot) {
        acceptsClientCommands = Atomic(role == .primary)
        self.publisherBell = publisherBell
        self.promotion = promotion
        self.configuration = configuration
        self.directoryLock = directoryLock
        self.recovery = recovery
        self.statistics = statistics
        self.queue = queue
        self.tickets = tickets
    }

    /// Takes the directory's lock (``DirectoryLock``: another holder gets
    /// ``VenueHostError/directoryInUse(directory:)``), recovers `configuration.directory`
    /// into a new venue (passing every recovered command to `sink`), opens the journal after
    /// it and starts the engine and publisher threads. The lock is released when the engine
    /// has ended.
    ///
    /// With a `replicator` (the primary of a replicated venue, issue 15) every command is also
    /// appended to the replicated log and acknowledged only once the log has stored it; a
    /// replication failure stops the host (``State/replicationFailed(_:)``).
    ///
    /// A `.standby` host refuses its clients' commands (``EngineFailure/notPrimary``): it
    /// applies only what ``enqueueReplicated(_:)`` brings from the log.
    public static func start(_ configuration: Configuration, sink: any CommittedCommandSink,
                             replicator: (any CommandReplicator)? = nil, role: Role = .primary) throws(VenueHostError) -> VenueHost {
        let lock = try DirectoryLock.acquire(configuration.directory)
        do {
            return try start(configuration, sink: sink, replicator: replicator, role: role, lock: lock)
        } catch {
            lock.release()
            throw error
        }
    }

    static func start(_ configuration: Configuration, sink: any CommittedCommandSink,
                      replicator: (any CommandReplicator)?, role: Role, lock: DirectoryLock) throws(VenueHostError) -> VenueHost {
        var venue: Venue
        do {
            venue = try Venue(configuration: configuration.venue)
        } catch {
            throw .venueConfiguration("\(error)")
        }
        let recovery = try VenueHostRecovery.replay(directory: configuration.directory, into: &venue, sink: sink)
        let journal: JournalWriter
        do {
            journal = try venue.openJournal(directory: configuration.directory, nextSequence: recovery.lastSequence + 1,
                                            policy: configuration.durability)
        } catch .configurationMismatch {
            throw .configurationMismatch(directory: configuration.directory)
        } catch {
            throw .journal(error)
        }
        let statistics = VenueHostStatistics()
        statistics.durableSequence.store(recovery.lastSequence, ordering: .releasing)
        let tickets = TicketBook(capacity: configuration.tickets, positionsPerTicket: configuration.venue.maxSymbols)
        let queue: CommandQueue
        let records: SPSCRing<EngineRecord>
        let eventRing: SPSCRing<VenueEvent>
        do {
            // Room for every ticket plus the ticketless stop request.
            queue = try CommandQueue(capacity: configuration.tickets + 16)
            records = try SPSCRing(minimumCapacity: configuration.ringCapacity)
            eventRing = try SPSCRing(minimumCapacity: configuration.ringCapacity)
        } catch {
            throw .capacity("\(error)")
        }
        let handoff = SnapshotHandoff()
        let promotion = PromotionSlot()
        let publisher = VenuePublisher(records: records, eventRing: eventRing, tickets: tickets, sink: sink,
                                       statistics: statistics, handoff: handoff, replicator: replicator, promotion: promotion,
                                       stopEngine: { [queue] in _ = queue.push(EngineRequest(.stop, ticket: TicketBook.none)) })
        if let replicator {
            let bell = publisher.doorbell
            do {
                try replicator.attach(lastSequence: recovery.lastSequence) { bell.ring() }
            } catch {
                throw .replication("\(error)")
            }
        }
        let engine: VenueEngine
        do {
            let links = EngineLinks(queue: queue, records: records, eventRing: eventRing, tickets: tickets,
                                    publisherBell: publisher.doorbell)
            engine = try VenueEngine(venue: venue, journal: journal, links: links, handoff: handoff,
                                     maxBatch: configuration.maxBatch, checkpointInterval: configuration.checkpointInterval,
                                     statistics: statistics)
        } catch {
            throw .capacity("\(error)")
        }
        let host = VenueHost(configuration: configuration, recovery: recovery, statistics: statistics,
                             queue: queue, tickets: tickets, directoryLock: lock, role: role,
                             publisherBell: publisher.doorbell, promotion: promotion)
        _ = try ServiceThread.start(name: "hft-engine") { engine.run() }
        _ = try ServiceThread.start(name: "hft-publisher") {
            let end = publisher.run()
            host.engineEnded(failed: end.kind == .failed, replication: publisher.replicationFailure)
        }
        return host
    }

    /// The host's state.
    public var currentState: State { state.withLock { $0 } }

    /// Requests waiting for the engine thread (a snapshot, for metrics).
    public var queueDepth: Int { queue.depth }

    /// Requests in flight (queued, being applied, or waiting to be durable).
    public var inFlight: Int { tickets.inFlight }

    /// Sequences, journals and applies `command` and returns it as applied (stamped) with
    /// its events, once it is durable.
    ///
    /// - Throws: ``EngineFailure``: `overloaded` when every ticket is in flight, `stopped`
    ///   after ``shutdown()``, `journalFailed` if the journal failed before the command was
    ///   durable (it may or may not be in the log; a restart tells).
    public func submit(_ command: VenueCommand) async throws -> CommandOutcome {
        guard case .applied(let outcome) = try await request(.command, command) else { throw EngineFailure.stopped }
        return outcome
    }

    /// Account `account` and its positions, as of every command before this request.
    public func account(_ account: Int64) async throws -> (account: VenueAccount?, positions: [VenuePosition]) {
        var command = VenueCommand(.liquidationScan)
        command.w0 = account
        guard case .account(let found, let positions) = try await request(.account, command) else {
            throw EngineFailure.stopped
        }
        return (found, positions)
    }

    /// Bytes the engine thread allocated since its loop started (nil when the build cannot
    /// count allocations: the `Jemalloc` trait is off).
    public func engineAllocatedBytes() async throws -> UInt64? {
        guard case .allocationProbe(let bytes) = try await request(.allocationProbe, VenueCommand(.liquidationScan)) else {
            throw EngineFailure.stopped
        }
        return bytes
    }

    /// Writes a snapshot pair of the service as of the last durable command: the engine
    /// commits, copies the venue out (its pause), the publisher adds the read model at the
    /// same sequence (its pause), and the files are written and synced off both threads,
    /// followed by retention (``ServiceSnapshotStore/keep`` pairs) and log pruning.
    ///
    /// - Throws: ``EngineFailure`` when the engine does not run or is overloaded,
    ///   ``ServiceSnapshotError`` when capturing or writing failed (the service keeps
    ///   running; recovery ignores an incomplete pair).
    public func snapshot() async throws -> ServiceSnapshotReport {
        guard case .snapshot(let captured) = try await request(.snapshot, VenueCommand(.liquidationScan)) else {
            throw EngineFailure.stopped
        }
        let directory = configuration.directory
        let report = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<ServiceSnapshotReport, any Error>) in
            snapshotWriter.async {
                do throws(JournalError) {
                    continuation.resume(returning: try ServiceSnapshotStore.write(captured, directory: directory))
                } catch {
                    continuation.resume(throwing: ServiceSnapshotError.write(error))
                }
            }
        }
        lastSnapshotReport.withLock { last in
            if (last?.sequence ?? 0) <= report.sequence { last = report }
        }
        return report
    }

    /// The newest snapshot this process wrote (nil: none yet).
    public var lastSnapshot: ServiceSnapshotReport? { lastSnapshotReport.withLock { $0 } }

    /// The sequence of the newest snapshot pair: written by this process, or recovered from.
    public var lastSnapshotSequence: UInt64 { lastSnapshot?.sequence ?? recovery.snapshotSequence }

    func request(_ kind: EngineRequest.Kind, _ command: VenueCommand) async throws -> EngineReply {
        guard currentState == .running else { throw EngineFailure.stopped }
        guard kind != .command || acceptsClientCommands.load(ordering: .acquiring) else { throw EngineFailure.notPrimary }
        guard let ticket = tickets.take() else { throw EngineFailure.overloaded }
        return try await withCheckedThrowingContinuation { continuation in
            tickets.register(ticket, kind: kind, continuation)
            if !queue.push(EngineRequest(kind, command: command, ticket: ticket)) {
                tickets.resume(ticket, with: .failure(currentState.failure))
            }
        }
    }

    /// Stops the engine after the requests already queued (they are applied, committed and
    /// answered) and waits until both threads are done. Later requests get
    /// ``EngineFailure/stopped``.
    public func shutdown() async {
        if queue.push(EngineRequest(.stop, ticket: TicketBook.none)) == false {
            // Already closed: the engine ended before.
        }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ended = stopWaiters.withLock { s -> Bool in
                if !s.ended { s.waiters.append(continuation) }
                return s.ended
            }
            if ended { continuation.resume() }
        }
    }

    /// Called by the publisher thread when the engine has left its loop.
    func engineEnded(failed: Bool, replication: ReplicationFailure?) {
        let ended: State = if let replication { .replicationFailed(replication) } else if failed { .failed } else { .stopped }
        state.withLock { $0 = ended }
        let failure = ended.failure
        for request in queue.close() where request.ticket != TicketBook.none {
            tickets.resume(request.ticket, with: .failure(failure))
        }
        let waiters = stopWaiters.withLock { s -> [CheckedContinuation<Void, Never>] in
            s.ended = true
            defer { s.waiters.removeAll() }
            return s.waiters
        }
        directoryLock.release()
        for waiter in waiters { waiter.resume() }
    }
}

extension VenueHost.State {
    /// What a request gets in this state (``EngineFailure/stopped`` while running: the queue closed).
    var failure: EngineFailure {
        switch self {
        case .failed: .journalFailed
        case .replicationFailed: .replicationFailed
        case .running, .stopped: .stopped
        }
    }
}
