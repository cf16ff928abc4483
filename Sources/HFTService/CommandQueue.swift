import HFTEngine
import Synchronization

/// The bounded queue from the network side (many threads) to the engine thread (one).
///
/// Producers take a mutex around the push into an ``SPSCRing``, so the ring still has one
/// producer at a time; the engine thread pops without any lock. The queue holds at most
/// as many requests as the ``TicketBook`` has tickets, so a producer that holds a ticket
/// always finds room. A closed queue (the engine stopped) refuses every push, so that no
/// request can wait for an engine that is gone.
///
/// When it finds the queue empty the engine thread parks on a ``Doorbell`` for at most a
/// timeout (time-driven work, the journal's deadline, still runs).
///
/// - Complexity: push O(1) under a short lock; pop O(1), wait-free.
/// - Memory: the ring is allocated in `init`; nothing is allocated per request.
public final class CommandQueue: @unchecked Sendable {
    let ring: SPSCRing<EngineRequest>
    /// Serializes producers; true once the queue is closed.
    let producers = Mutex<Bool>(false)
    let doorbell = Doorbell()

    /// A queue of at least `capacity` requests.
    public init(capacity: Int) throws(ConfigurationError) {
        ring = try SPSCRing(minimumCapacity: capacity)
    }

    /// Queues `request` (any thread) and wakes the engine thread if it is parked; false if
    /// the queue is closed or full.
    public func push(_ request: EngineRequest) -> Bool {
        let pushed = producers.withLock { closed in closed ? false : ring.push(request) }
        if pushed { doorbell.ring() }
        return pushed
    }

    /// Refuses every later push. Returns the requests still queued (the engine is gone, so
    /// the caller is the only consumer left).
    func close() -> [EngineRequest] {
        producers.withLock { closed in closed = true }
        var left: [EngineRequest] = []
        while let request = ring.pop() { left.append(request) }
        return left
    }

    /// Requests waiting (a snapshot, for metrics).
    public var depth: Int { ring.count }
}
