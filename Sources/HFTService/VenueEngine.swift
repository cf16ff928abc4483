#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import AllocationCounter
import HFTEngine

/// The engine thread: the only owner of the ``Venue`` and of its journal, and the
/// sequencer of the service.
///
/// Its loop takes a batch of requests from the ``CommandQueue`` (at most ``maxBatch``),
/// and for each command: stamps it (the next sequence number, the wall time, never
/// earlier than the previous command's; a new order's id is its sequence number), appends
/// it to the journal's buffer, applies it, and hands the stamped command and its events to
/// the publisher through two ``SPSCRing``s. After the batch it commits the journal (one
/// `write` and, per policy, one `fdatasync`: group commit whose size grows with the load)
/// and then sends a `durable` record; the publisher acknowledges nothing before it. When
/// the queue is empty it parks for at most ``idleNanoseconds``.
///
/// A `snapshot` request is the one pause of the loop: after the batch's group commit (its
/// `durable` record sent), ``run()`` copies the venue out (``Venue/visitSnapshot(_:)``,
/// O(live state): resting orders, levels, non-fresh accounts, positions) and hands the
/// copy to the publisher; requests wait in the queue meanwhile. That work allocates, so it
/// sits in ``takeSnapshots(failed:_:)``, outside the `@_noAllocation` functions of the
/// per-command path, and the allocation probe leaves its bytes out.
///
/// It never blocks on a client: the only waits are the journal's disk and a full
/// publisher ring (the publisher is the service's own thread, which never blocks on a
/// client either). A journal error stops the engine (fail-stop): commands applied since
/// the last commit are not durable, so they are never acknowledged, and a restart recovers
/// the durable log.
///
/// - Complexity: O(1) per request plus the command's own work in the venue.
/// - Memory: everything is allocated in `init`; the loop allocates nothing. Every function
///   of the loop is `@_noAllocation` in release builds (the shared rings and tickets are
///   reached through ``EngineLinks``, which neither retains nor releases them), and the
///   service's allocation test measures this thread's counter under load.
final class VenueEngine: @unchecked Sendable {
    var venue: Venue
    var journal: JournalWriter
    var events: VenueEventBuffer
    let links: EngineLinks
    /// The sequence number of the next command.
    var nextSequence: UInt64
    var lastTimestamp: Int64 = 0
    /// Commands applied since the last commit.
    var uncommitted = 0
    /// Bytes this thread had allocated when its loop started (nil: not measurable).
    var baselineBytes: UInt64?
    let maxBatch: Int
    let idleNanoseconds: Int
    /// The batch being handled (``maxBatch`` requests), owned by the engine.
    let batch: UnsafeMutableBufferPointer<EngineRequest>
    /// Tickets of the batch's snapshot requests (``maxBatch`` slots), taken after its commit.
    let snapshotTickets: UnsafeMutablePointer<UInt32>
    var snapshotCount = 0
    /// Bytes the engine thread allocated while taking snapshots (left out of the probe).
    var snapshotAllocatedBytes: UInt64 = 0
    /// Where the venue's snapshot copies go to the publisher.
    let handoff: SnapshotHandoff
    /// Every this many commands (by sequence; 0: never) the venue is hashed and the hash
    /// sent as a `checkpoint` record (the replicated log's state checks).
    let checkpointInterval: UInt64
    /// Bytes the engine thread allocated while hashing the venue (left out of the probe).
    var checkpointAllocatedBytes: UInt64 = 0
    /// Counts the primary's checkpoints this standby's state matched: kept alive by
    /// `statisticsOwner`, reached unretained (no reference counting on the engine's path).
    let statistics: Unmanaged<VenueHostStatistics>
    let statisticsOwner: VenueHostStatistics

    init(venue: consuming Venue, journal: consuming JournalWriter, links: EngineLinks, handoff: SnapshotHandoff,
         maxBatch: Int = 1024, idleNanoseconds: Int = 1_000_000, checkpointInterval: UInt64 = 0,
         statistics: VenueHostStatistics) throws(ConfigurationError) {
        events = try VenueEventBuffer(capacity: venue.configuration.eventBudget)
        self.venue = venue
        nextSequence = journal.nextSequence
        self.journal = journal
        self.links = links
        self.maxBatch = max(maxBatch, 1)
        self.idleNanoseconds = idleNanoseconds
        batch = .allocate(capacity: self.maxBatch)
        snapshotTickets = .allocate(capacity: self.maxBatch)
        self.handoff = handoff
        self.checkpointInterval = checkpointInterval
        self.statistics = Unmanaged.passUnretained(statistics)
        statisticsOwner = statistics
    }

    deinit {
        batch.deallocate()
        snapshotTickets.deallocate()
    }

    /// What ``runOnce(_:)`` tells the loop.
    enum Step { case more, stop, failed }

    /// The loop; returns after a `stop` request or a journal failure.
    func run() {
        baselineBytes = AllocationCounter.threadBytes()
        let links = links
        while true {
            let step = runOnce(links)
            if snapshotCount > 0 { takeSnapshots(failed: step == .failed, links) }
            switch step {
            case .more: continue
            case .stop:
                send(EngineRecord(.stopped, sequence: nextSequence &- 1), links)
                links.ringPublisher()
                return
            case .failed: return
            }
        }
    }

    /// One batch, or one park when idle.
    #if !DEBUG
    @_noAllocation
    #endif
    func runOnce(_ links: borrowing EngineLinks) -> Step {
        let seen = links.queueGeneration()
        let handled = links.pop(into: batch)
        var stop = false
        for i in 0..<handled {
            let request = batch[i]
            // Requests behind a stop in the same batch are still handled; later ones are
            // answered by the host, which closes the queue when the engine has ended.
            if request.kind == .stop { stop = true; continue }
            guard handle(request, links) else { return .failed }
        }
        if handled == 0 {
            links.park(nanoseconds: idleNanoseconds, unlessRungSince: seen)
            return .more
        }
        guard commit(links) else { return .failed }
        return stop ? .stop : .more
    }

    /// Handles one request; false after a journal failure (the loop must end).
    #if !DEBUG
    @_noAllocation
    #endif
    func handle(_ request: EngineRequest, _ links: borrowing EngineLinks) -> Bool {
        switch request.kind {
        case .command:
            return apply(request.command, ticket: request.ticket, links)
        case .account:
            read(account: request.command.w0, ticket: request.ticket, links)
        case .allocationProbe:
            // jemalloc's per-thread counter (mallctl allocates nothing; the checker cannot see it).
            let now = _unsafePerformance { AllocationCounter.threadBytes() }
            // A snapshot's own allocations (takeSnapshots) are not the per-command path's.
            let value: UInt64 = if let now, let baselineBytes {
                now &- baselineBytes &- snapshotAllocatedBytes &- checkpointAllocatedBytes
            } else { .max }
            links.withTickets { $0.probeSlots[Int(request.ticket)] = value }
            send(EngineRecord(.readDone, sequence: nextSequence &- 1, ticket: request.ticket), links)
        case .snapshot:
            // Taken by run() after the batch's commit (it allocates).
            snapshotTickets[snapshotCount] = request.ticket
            snapshotCount &+= 1
        case .replicated:
            let command = request.command
            guard command.sequence == nextSequence else {
                stop(.sequenceGap, command.sequence, nextSequence, 0, links)
                return false
            }
            lastTimestamp = command.timestamp > lastTimestamp ? command.timestamp : lastTimestamp
            return applyStamped(command, ticket: request.ticket, links)
        case .verifyCheckpoint:
            let sequence = UInt64(bitPattern: request.command.w0)
            // Only exactly at the checkpoint's sequence (a standby that started past it has nothing to compare).
            guard sequence == nextSequence &- 1 else { return true }
            let hash = stateHash()
            if hash != UInt64(bitPattern: request.command.w1) {
                stop(.stateDiverged, sequence, UInt64(bitPattern: request.command.w1), hash, links)
                return false
            }
            statistics._withUnsafeGuaranteedRef { $0.checkpointsVerified.add(1, ordering: .relaxed) }
        case .stop:
            break
        }
        return true
    }

    /// The venue's state hash (``Venue/stateHash``), O(state). It allocates (a few small
    /// arrays), so it runs outside the checker (through an unretained reference: no
    /// retain or release of the engine) and its bytes are left out of the probe.
    #if !DEBUG
    @_noAllocation
    #endif
    func stateHash() -> UInt64 {
        let engine = Unmanaged.passUnretained(self)
        return _unsafePerformance { engine._withUnsafeGuaranteedRef { $0.hashVenue() } }
    }

    /// ``stateHash()``'s work, unchecked: it allocates.
    func hashVenue() -> UInt64 {
        let before = AllocationCounter.threadBytes()
        let hash = venue.stateHash.value
        if let before, let after = AllocationCounter.threadBytes() { checkpointAllocatedBytes &+= after &- before }
        return hash
    }

    /// Leaves the loop for a reason of the replicated log (the publisher reports it).
    #if !DEBUG
    @_noAllocation
    #endif
    func stop(_ reason: EngineStopReason, _ a: UInt64, _ b: UInt64, _ c: UInt64, _ links: borrowing EngineLinks) {
        var detail = VenueCommand(.liquidationScan)
        detail.w1 = reason.rawValue
        detail.w2 = Int64(bitPattern: a)
        detail.w3 = Int64(bitPattern: b)
        detail.w4 = Int64(bitPattern: c)
        send(EngineRecord(.failed, sequence: journal.acknowledgedSequence, command: detail), links)
        links.ringPublisher()
    }

    /// Copies the venue out for the batch's snapshot requests (one copy serves them all:
    /// they share the sequence) and sends a `snapshotTaken` record for each; after a
    /// journal failure, answers them with ``EngineFailure/journalFailed`` instead. Runs
    /// after the batch's commit, so every command up to the snapshot's sequence is durable
    /// and the publisher has its `durable` record first.
    ///
    /// - Complexity: O(live venue state). Allocates (the copy): never on the per-command path.
    func takeSnapshots(failed: Bool, _ links: borrowing EngineLinks) {
        let before = AllocationCounter.threadBytes()
        let count = snapshotCount
        snapshotCount = 0
        if failed {
            for i in 0..<count {
                let ticket = snapshotTickets[i]
                links.withTickets { $0.resume(ticket, with: .failure(EngineFailure.journalFailed)) }
            }
        } else {
            let start = ServiceClock.monotonicNanoseconds()
            let buffer = SnapshotBuffer()
            let result: Result<SnapshotBuffer, JournalError>
            do throws(JournalError) {
                try venue.visitSnapshot(buffer)
                result = .success(buffer)
            } catch {
                result = .failure(error)
            }
            let pause = ServiceClock.monotonicNanoseconds() &- start
            let capture = SnapshotHandoff.Capture(result: result, pauseNanoseconds: pause)
            var timing = VenueCommand(.liquidationScan)
            timing.w1 = Int64(bitPattern: pause)
            for i in 0..<count {
                handoff.deposit(capture, for: snapshotTickets[i])
                send(EngineRecord(.snapshotTaken, sequence: nextSequence &- 1, ticket: snapshotTickets[i], command: timing),
                     links)
            }
            links.ringPublisher()
        }
        if let before, let after = AllocationCounter.threadBytes() { snapshotAllocatedBytes &+= after &- before }
    }

    /// Stamps, journals and applies one command and sends it with its events.
    #if !DEBUG
    @_noAllocation
    #endif
    func apply(_ unstamped: VenueCommand, ticket: UInt32, _ links: borrowing EngineLinks) -> Bool {
        let sequence = nextSequence
        let now = ServiceClock.wallNanoseconds()
        lastTimestamp = now > lastTimestamp ? now : lastTimestamp
        var command = unstamped.stamped(sequence: sequence, timestamp: lastTimestamp)
        if command.kind == .newOrder { command.w0 = Int64(bitPattern: sequence) }
        return applyStamped(command, ticket: ticket, links)
    }

    /// Journals and applies a stamped command (sequence ``nextSequence``) and sends it with
    /// its events; every ``checkpointInterval`` commands, also its state hash.
    #if !DEBUG
    @_noAllocation
    #endif
    func applyStamped(_ command: VenueCommand, ticket: UInt32, _ links: borrowing EngineLinks) -> Bool {
        let sequence = command.sequence
        do {
            _ = try journal.append(command)
        } catch {
            fail(error, links)
            return false
        }
        nextSequence = sequence &+ 1
        uncommitted &+= 1
        events.removeAll()
        venue.apply(command, into: &events)
        let count = events.count
        send(EngineRecord(.command, sequence: sequence, ticket: ticket, eventCount: UInt32(truncatingIfNeeded: count),
                          command: command), links)
        let published = events.events
        for i in 0..<count {
            while !links.push(published[i]) {
                links.ringPublisher()
                enginePause()
            }
        }
        if checkpointInterval > 0, sequence % checkpointInterval == 0 {
            var hash = VenueCommand(.liquidationScan)
            hash.w0 = Int64(bitPattern: stateHash())
            send(EngineRecord(.checkpoint, sequence: sequence, command: hash), links)
        }
        return true
    }

    /// Copies an account and its positions into the ticket's slot.
    #if !DEBUG
    @_noAllocation
    #endif
    func read(account: Int64, ticket: UInt32, _ links: borrowing EngineLinks) {
        let i = Int(ticket)
        let (accountSlot, foundSlot, positionSlots, positionCount, countSlot) = links.withTickets { t in
            (t.accountSlots + i, t.accountFound + i, t.positionSlots + i * t.positionsPerTicket, t.positionsPerTicket,
             t.positionCounts + i)
        }
        if let found = venue.account(Int(truncatingIfNeeded: account)) {
            accountSlot.pointee = found
            foundSlot.pointee = true
            let slots = UnsafeMutableBufferPointer(start: positionSlots, count: positionCount)
            countSlot.pointee = venue.positions(of: Int(truncatingIfNeeded: account), into: slots)
        } else {
            foundSlot.pointee = false
            countSlot.pointee = 0
        }
        send(EngineRecord(.readDone, sequence: nextSequence &- 1, ticket: ticket), links)
    }

    /// Group commit of the batch, then the `durable` record (carrying the commit's time in
    /// `command.w1`, ns). False after a journal failure.
    #if !DEBUG
    @_noAllocation
    #endif
    func commit(_ links: borrowing EngineLinks) -> Bool {
        var timing = VenueCommand(.liquidationScan)
        if uncommitted > 0 {
            let start = ServiceClock.monotonicNanoseconds()
            do {
                try journal.commit()
            } catch {
                fail(error, links)
                return false
            }
            timing.w1 = Int64(bitPattern: ServiceClock.monotonicNanoseconds() &- start)
            uncommitted = 0
        }
        send(EngineRecord(.durable, sequence: nextSequence &- 1, command: timing), links)
        links.ringPublisher()
        return true
    }

    /// Tells the publisher that the journal failed; the loop ends after this.
    #if !DEBUG
    @_noAllocation
    #endif
    func fail(_ error: JournalError, _ links: borrowing EngineLinks) {
        var detail = VenueCommand(.liquidationScan)
        if case .io(_, let errno) = error { detail.w0 = Int64(errno) }
        send(EngineRecord(.failed, sequence: journal.acknowledgedSequence, command: detail), links)
        links.ringPublisher()
    }

    /// Sends a record, waiting while the publisher's ring is full.
    #if !DEBUG
    @_noAllocation
    #endif
    @inline(__always)
    func send(_ record: EngineRecord, _ links: borrowing EngineLinks) {
        while !links.push(record) {
            links.ringPublisher()
            enginePause()
        }
    }

}

/// Yields the core while the other side of a ring catches up.
@inline(__always)
func enginePause() { _unsafePerformance { _ = sched_yield() } }

/// The objects the engine thread shares with the other threads, as unmanaged references
/// that the loop uses without retaining or releasing them (a release could deallocate,
/// which the allocation checker refuses); ``owners`` keeps them alive.
struct EngineLinks {
    let owners: [AnyObject]
    let requests: Unmanaged<SPSCRing<EngineRequest>>
    let queueBell: Unmanaged<Doorbell>
    let records: Unmanaged<SPSCRing<EngineRecord>>
    let eventRing: Unmanaged<SPSCRing<VenueEvent>>
    let tickets: Unmanaged<TicketBook>
    /// The publisher's doorbell: rung after a `durable`, `failed` or `stopped` record, and
    /// whenever a ring is full.
    let publisherBell: Unmanaged<Doorbell>

    init(queue: CommandQueue, records: SPSCRing<EngineRecord>, eventRing: SPSCRing<VenueEvent>, tickets: TicketBook,
         publisherBell: Doorbell) {
        owners = [queue, queue.ring, queue.doorbell, records, eventRing, tickets, publisherBell]
        requests = .passUnretained(queue.ring)
        queueBell = .passUnretained(queue.doorbell)
        self.records = .passUnretained(records)
        self.eventRing = .passUnretained(eventRing)
        self.tickets = .passUnretained(tickets)
        self.publisherBell = .passUnretained(publisherBell)
    }

    @inline(__always)
    func pop(into batch: UnsafeMutableBufferPointer<EngineRequest>) -> Int {
        requests._withUnsafeGuaranteedRef { $0.pop(into: batch) }
    }

    @inline(__always)
    func queueGeneration() -> UInt64 { queueBell._withUnsafeGuaranteedRef { $0.currentGeneration() } }

    @inline(__always)
    func park(nanoseconds: Int, unlessRungSince seen: UInt64) {
        queueBell._withUnsafeGuaranteedRef { $0.park(nanoseconds: nanoseconds, unlessRungSince: seen) }
    }

    @inline(__always)
    func push(_ record: EngineRecord) -> Bool { records._withUnsafeGuaranteedRef { $0.push(record) } }

    @inline(__always)
    func push(_ event: VenueEvent) -> Bool { eventRing._withUnsafeGuaranteedRef { $0.push(event) } }

    @inline(__always)
    func ringPublisher() { publisherBell._withUnsafeGuaranteedRef { $0.ring() } }

    @inline(__always)
    func withTickets<R>(_ body: (TicketBook) -> R) -> R { tickets._withUnsafeGuaranteedRef(body) }
}
