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
/// It never blocks on a client: the only waits are the journal's disk and a full
/// publisher ring (the publisher is the service's own thread, which never blocks on a
/// client either). A journal error stops the engine (fail-stop): commands applied since
/// the last commit are not durable, so they are never acknowledged, and a restart recovers
/// the durable log.
///
/// - Complexity: O(1) per request plus the command's own work in the venue.
/// - Memory: everything is allocated in `init`; the loop allocates nothing (the venue's
///   apply and the journal's append and commit are `@_noAllocation`; the allocation test
///   of the service measures this thread's counter under load).
final class VenueEngine: @unchecked Sendable {
    var venue: Venue
    var journal: JournalWriter
    var events: VenueEventBuffer
    let queue: CommandQueue
    let records: SPSCRing<EngineRecord>
    let eventRing: SPSCRing<VenueEvent>
    let tickets: TicketBook
    /// The publisher's doorbell: rung after a `durable`, `failed` or `stopped` record, and
    /// whenever a ring is full.
    let publisherBell: Doorbell
    /// The sequence number of the next command.
    var nextSequence: UInt64
    var lastTimestamp: Int64 = 0
    /// Commands applied since the last commit.
    var uncommitted = 0
    /// Bytes this thread had allocated when its loop started (nil: not measurable).
    var baselineBytes: UInt64?
    let maxBatch: Int
    let idleNanoseconds: Int

    init(venue: consuming Venue, journal: consuming JournalWriter, queue: CommandQueue,
         records: SPSCRing<EngineRecord>, eventRing: SPSCRing<VenueEvent>, tickets: TicketBook,
         publisherBell: Doorbell, maxBatch: Int = 1024, idleNanoseconds: Int = 1_000_000) throws(ConfigurationError) {
        events = try VenueEventBuffer(capacity: venue.configuration.eventBudget)
        self.venue = venue
        nextSequence = journal.nextSequence
        self.journal = journal
        self.queue = queue
        self.records = records
        self.eventRing = eventRing
        self.tickets = tickets
        self.publisherBell = publisherBell
        self.maxBatch = maxBatch
        self.idleNanoseconds = idleNanoseconds
    }

    /// The loop; returns after a `stop` request or a journal failure.
    func run() {
        baselineBytes = AllocationCounter.threadBytes()
        while true {
            var handled = 0
            var stop = false
            while handled < maxBatch, let request = queue.pop() {
                handled &+= 1
                if request.kind == .stop { stop = true; break }
                guard handle(request) else { return }
            }
            if handled > 0 || stop {
                guard commit() else { return }
                if stop {
                    send(EngineRecord(.stopped, sequence: nextSequence &- 1))
                    publisherBell.ring()
                    return
                }
                continue
            }
            queue.park(nanoseconds: idleNanoseconds)
        }
    }

    /// Handles one request; false after a journal failure (the loop must end).
    #if !DEBUG
    @_noAllocation
    #endif
    func handle(_ request: EngineRequest) -> Bool {
        switch request.kind {
        case .command:
            return apply(request.command, ticket: request.ticket)
        case .account:
            read(account: request.command.w0, ticket: request.ticket)
        case .allocationProbe:
            let now = AllocationCounter.threadBytes()
            tickets.probeSlots[Int(request.ticket)] =
                if let now, let baselineBytes { now &- baselineBytes } else { .max }
            send(EngineRecord(.readDone, sequence: nextSequence &- 1, ticket: request.ticket))
        case .stop:
            break
        }
        return true
    }

    /// Stamps, journals and applies one command and sends it with its events.
    #if !DEBUG
    @_noAllocation
    #endif
    func apply(_ unstamped: VenueCommand, ticket: UInt32) -> Bool {
        let sequence = nextSequence
        let now = ServiceClock.wallNanoseconds()
        lastTimestamp = now > lastTimestamp ? now : lastTimestamp
        var command = unstamped.stamped(sequence: sequence, timestamp: lastTimestamp)
        if command.kind == .newOrder { command.w0 = Int64(bitPattern: sequence) }
        do {
            _ = try journal.append(command)
        } catch {
            fail(error)
            return false
        }
        nextSequence = sequence &+ 1
        uncommitted &+= 1
        events.removeAll()
        venue.apply(command, into: &events)
        let count = events.count
        send(EngineRecord(.command, sequence: sequence, ticket: ticket, eventCount: UInt32(truncatingIfNeeded: count),
                          command: command))
        let published = events.events
        for i in 0..<count {
            while !eventRing.push(published[i]) {
                publisherBell.ring()
                Self.pause()
            }
        }
        return true
    }

    /// Copies an account and its positions into the ticket's slot.
    #if !DEBUG
    @_noAllocation
    #endif
    func read(account: Int64, ticket: UInt32) {
        let i = Int(ticket)
        if let found = venue.account(Int(truncatingIfNeeded: account)) {
            tickets.accountSlots[i] = found
            tickets.accountFound[i] = true
            let slots = UnsafeMutableBufferPointer(start: tickets.positionSlots + i * tickets.positionsPerTicket,
                                                   count: tickets.positionsPerTicket)
            tickets.positionCounts[i] = venue.positions(of: Int(truncatingIfNeeded: account), into: slots)
        } else {
            tickets.accountFound[i] = false
            tickets.positionCounts[i] = 0
        }
        send(EngineRecord(.readDone, sequence: nextSequence &- 1, ticket: ticket))
    }

    /// Group commit of the batch, then the `durable` record. False after a journal failure.
    #if !DEBUG
    @_noAllocation
    #endif
    func commit() -> Bool {
        var timing = VenueCommand(.liquidationScan)
        if uncommitted > 0 {
            let start = ServiceClock.monotonicNanoseconds()
            do {
                try journal.commit()
            } catch {
                fail(error)
                return false
            }
            timing.w1 = Int64(bitPattern: ServiceClock.monotonicNanoseconds() &- start)
            uncommitted = 0
        }
        send(EngineRecord(.durable, sequence: nextSequence &- 1, command: timing))
        publisherBell.ring()
        return true
    }

    /// Tells the publisher that the journal failed; the loop ends after this.
    #if !DEBUG
    @_noAllocation
    #endif
    func fail(_ error: JournalError) {
        var detail = VenueCommand(.liquidationScan)
        if case .io(_, let errno) = error { detail.w0 = Int64(errno) }
        send(EngineRecord(.failed, sequence: journal.acknowledgedSequence, command: detail))
        publisherBell.ring()
    }

    /// Sends a record, waiting while the publisher's ring is full.
    #if !DEBUG
    @_noAllocation
    #endif
    @inline(__always)
    func send(_ record: EngineRecord) {
        while !records.push(record) {
            publisherBell.ring()
            Self.pause()
        }
    }

    /// Yields the core while the publisher drains its ring.
    @inline(__always)
    static func pause() { _ = sched_yield() }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
