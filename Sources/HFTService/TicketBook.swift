import HFTEngine
import Synchronization

/// What the engine did with a request, as the requester receives it once it is durable.
public enum EngineReply: Sendable {
    /// The command was journaled (durable under the policy) and applied.
    case applied(CommandOutcome)
    /// An account read: the account (nil: not a valid account) and its positions.
    case account(VenueAccount?, [VenuePosition])
    /// Bytes the engine thread had allocated since it started (nil: not measurable).
    case allocationProbe(UInt64?)
    /// A snapshot's venue and read model as of one durable sequence, to be written.
    case snapshot(CapturedServiceSnapshot)
}

/// A command as the venue applied it: stamped (sequence, time, a new order's id) and with
/// every event it produced, in order.
public struct CommandOutcome: Sendable {
    public var command: VenueCommand
    public var events: [VenueEvent]

    public init(command: VenueCommand, events: [VenueEvent]) {
        self.command = command
        self.events = events
    }

    public var sequence: UInt64 { command.sequence }

    /// The command's `commandRejected` event, if the venue refused it as a whole.
    public var commandReject: VenueReject? {
        for e in events where e.kind == .commandRejected { return VenueReject(rawValue: e.code) }
        return nil
    }
}

/// Why a request got no reply from the engine.
public enum EngineFailure: Error, Sendable, Equatable {
    /// Every ticket is in use: the engine is overloaded (Binance's -1008).
    case overloaded
    /// The service is stopping or stopped.
    case stopped
    /// The journal failed; the engine stopped before this command was durable.
    case journalFailed
    /// Replication failed (``ReplicationFailure``: fenced by a newer primary, or the log
    /// unavailable); the engine stopped before this command was in the replicated log.
    case replicationFailed
    /// This host is a standby: it applies the replicated log only; send commands to the primary.
    case notPrimary
}

/// The requests in flight: a fixed number of tickets, each with the requester's
/// continuation and a result slot that the engine thread fills for reads.
///
/// A requester takes a ticket (``take()``), queues its request, and is resumed by the
/// publisher with ``resume(_:with:)`` once the request is durable; the ticket then returns
/// to the free list. The number of tickets bounds the requests in flight, and with it the
/// command queue (see ``CommandQueue``).
///
/// - Memory: the result slots (one account and `positionsPerTicket` positions per ticket)
///   are allocated in `init` and freed in `deinit`. The engine thread writes a slot only
///   while its ticket is taken, and the publisher reads it only after the engine's
///   `readDone` record, which orders the two through the record ring.
public final class TicketBook: @unchecked Sendable {
    /// "No ticket": a command whose outcome nobody waits for.
    public static let none = UInt32.max

    public let capacity: Int
    public let positionsPerTicket: Int
    let free: Mutex<[UInt32]>
    let waiters: Mutex<[Waiter?]>
    let accountSlots: UnsafeMutablePointer<VenueAccount>
    let accountFound: UnsafeMutablePointer<Bool>
    let positionSlots: UnsafeMutablePointer<VenuePosition>
    let positionCounts: UnsafeMutablePointer<Int>
    let probeSlots: UnsafeMutablePointer<UInt64>

    /// A requester waiting for its reply, and what it asked for.
    struct Waiter {
        var continuation: CheckedContinuation<EngineReply, any Error>
        var kind: EngineRequest.Kind
    }

    public init(capacity: Int, positionsPerTicket: Int) {
        self.capacity = capacity
        self.positionsPerTicket = positionsPerTicket
        free = Mutex((0..<UInt32(capacity)).reversed())
        waiters = Mutex(Array(repeating: nil, count: capacity))
        accountSlots = .allocate(capacity: capacity)
        accountFound = .allocate(capacity: capacity)
        accountFound.initialize(repeating: false, count: capacity)
        positionSlots = .allocate(capacity: capacity * positionsPerTicket)
        positionCounts = .allocate(capacity: capacity)
        positionCounts.initialize(repeating: 0, count: capacity)
        probeSlots = .allocate(capacity: capacity)
        probeSlots.initialize(repeating: .max, count: capacity)
    }

    deinit {
        accountSlots.deallocate()
        accountFound.deallocate()
        positionSlots.deallocate()
        positionCounts.deallocate()
        probeSlots.deallocate()
    }

    /// A free ticket, or `nil` when every ticket is in flight.
    public func take() -> UInt32? {
        free.withLock { $0.popLast() }
    }

    /// Tickets in flight (for metrics).
    public var inFlight: Int { capacity - free.withLock { $0.count } }

    /// Registers the continuation of `ticket` (before the request is queued).
    func register(_ ticket: UInt32, kind: EngineRequest.Kind, _ continuation: CheckedContinuation<EngineReply, any Error>) {
        waiters.withLock { $0[Int(ticket)] = Waiter(continuation: continuation, kind: kind) }
    }

    /// The reply to a read of `ticket` (publisher side, after the engine's `readDone`).
    func readReply(_ ticket: UInt32) -> EngineReply {
        let kind = waiters.withLock { $0[Int(ticket)]?.kind }
        return kind == .allocationProbe ? probeRead(ticket) : accountRead(ticket)
    }

    /// Resumes the requester of `ticket` and frees the ticket.
    func resume(_ ticket: UInt32, with result: Result<EngineReply, any Error>) {
        guard ticket != TicketBook.none, Int(ticket) < capacity else { return }
        let waiter = waiters.withLock { waiters -> Waiter? in
            defer { waiters[Int(ticket)] = nil }
            return waiters[Int(ticket)]
        }
        free.withLock { $0.append(ticket) }
        waiter?.continuation.resume(with: result)
    }

    /// Returns a ticket that was taken but never queued.
    func release(_ ticket: UInt32) {
        waiters.withLock { $0[Int(ticket)] = nil }
        free.withLock { $0.append(ticket) }
    }

    /// The account read of `ticket` (publisher side, after `readDone`).
    func accountRead(_ ticket: UInt32) -> EngineReply {
        let i = Int(ticket)
        let count = positionCounts[i]
        let positions = Array(UnsafeBufferPointer(start: positionSlots + i * positionsPerTicket, count: count))
        return .account(accountFound[i] ? accountSlots[i] : nil, positions)
    }

    /// The allocation probe of `ticket` (publisher side, after `readDone`).
    func probeRead(_ ticket: UInt32) -> EngineReply {
        let value = probeSlots[Int(ticket)]
        return .allocationProbe(value == .max ? nil : value)
    }
}
