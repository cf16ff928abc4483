import HFTEngine
import HFTService
import Synchronization

/// The service's consumer of durable venue output (``CommittedCommandSink``): it keeps
/// the read model that REST queries answer from and hands every committed command to the
/// stream writers.
///
/// Called on the publisher thread (and during recovery) in sequence order. Stream
/// subscribers receive nothing from recovery (`replaying`): those events were published
/// before the restart.
///
/// - Memory: the subscriber list is copied on change (few changes, many reads).
final class VenueServiceSink: CommittedCommandSink {
    /// Receives every committed command after the read model has applied it.
    typealias Subscriber = @Sendable (_ command: VenueCommand, _ events: [VenueEvent]) -> Void

    let subscribers = Mutex<[Int: Subscriber]>([:])
    let nextSubscriber = Mutex<Int>(0)
    let lastSequence = Atomic<UInt64>(0)

    func committed(_ command: VenueCommand, events: UnsafeBufferPointer<VenueEvent>, replaying: Bool) {
        lastSequence.store(command.sequence, ordering: .releasing)
        guard !replaying else { return }
        let current = subscribers.withLock { Array($0.values) }
        guard !current.isEmpty else { return }
        let copied = Array(events)
        for subscriber in current { subscriber(command, copied) }
    }

    func batchCommitted(through sequence: UInt64) {}

    /// Adds a subscriber; returns its id for ``unsubscribe(_:)``.
    func subscribe(_ subscriber: @escaping Subscriber) -> Int {
        let id = nextSubscriber.withLock { n in
            n += 1
            return n
        }
        subscribers.withLock { $0[id] = subscriber }
        return id
    }

    func unsubscribe(_ id: Int) {
        _ = subscribers.withLock { $0.removeValue(forKey: id) }
    }
}
