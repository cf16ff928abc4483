import HFTEngine
import HFTService
import Synchronization

/// The service's consumer of durable venue output (``CommittedCommandSink``): it applies
/// every command to the read model (``VenueLedger``) that REST queries answer from, then
/// hands the command and the ledger's changes to the stream writers.
///
/// Called on the publisher thread (and during recovery) in sequence order. Stream
/// subscribers receive nothing from recovery (`replaying`): those events were published
/// before the restart.
///
/// - Memory: the ledger is owned here and read under ``read(_:)``'s lock; its retention
///   settings bound it.
final class VenueServiceSink: CommittedCommandSink, @unchecked Sendable {
    /// Receives every committed command with the ledger's changes, on the publisher thread.
    typealias Subscriber = @Sendable (_ command: VenueCommand, _ changes: LedgerChanges) -> Void

    let ledger: VenueLedger
    let lock = Mutex<Void>(())
    let subscribers = Mutex<[Int: Subscriber]>([:])
    let nextSubscriber = Mutex<Int>(0)
    /// The insurance fund after the last liquidation step (money units; −1: none yet).
    let insuranceFund = Atomic<Int64>(-1)

    init(ledger: VenueLedger) {
        self.ledger = ledger
    }

    func committed(_ command: VenueCommand, events: UnsafeBufferPointer<VenueEvent>, replaying: Bool) {
        for event in events where event.kind == .liquidation {
            insuranceFund.store(event.g, ordering: .relaxed)
        }
        let changes = lock.withLock { _ in
            ledger.apply(command, events: events)
            // Recovery publishes nothing: the book diffs of replayed commands are dropped.
            if replaying { _ = ledger.drainDiffs() }
            return ledger.changes
        }
        guard !replaying else { return }
        let current = subscribers.withLock { Array($0.values) }
        for subscriber in current { subscriber(command, changes) }
    }

    func batchCommitted(through sequence: UInt64) {}

    /// The read model of a snapshot: the insurance fund (8 bytes, little-endian), then the
    /// ledger's snapshot (``VenueLedger/snapshotBytes()``). REST reads wait meanwhile.
    func saveReadModel(through sequence: UInt64) -> [UInt8] {
        lock.withLock { _ in
            var bytes = withUnsafeBytes(of: insuranceFund.load(ordering: .relaxed).littleEndian) { Array($0) }
            bytes += ledger.snapshotBytes()
            return bytes
        }
    }

    /// Replaces the read model with a snapshot's (recovery); unchanged on a throw.
    func loadReadModel(_ bytes: [UInt8], through sequence: UInt64) throws(JournalError) {
        guard bytes.count >= 8 else { throw .corruptSnapshot }
        let fund = bytes.withUnsafeBytes { Int64(littleEndian: $0.loadUnaligned(as: Int64.self)) }
        try lock.withLock { (_) throws(JournalError) in try ledger.loadSnapshot(Array(bytes[8...]), sequence: sequence) }
        insuranceFund.store(fund, ordering: .relaxed)
    }

    /// Runs `body` with the ledger locked (short reads only: the publisher waits).
    func read<R>(_ body: (VenueLedger) throws -> R) rethrows -> R {
        try lock.withLock { _ in try body(ledger) }
    }

    /// Adds a subscriber; returns its id for ``unsubscribe(_:)``.
    func subscribe(_ subscriber: @escaping Subscriber) -> Int {
        let id = nextSubscriber.withLock { n in
            n += 1
            return n
        }
        subscribers.withLock { $0[id] = subscriber }
        return id
    }

    /// Drops every subscriber (at shutdown: the stream writers hold the server's state,
    /// which holds this sink).
    func unsubscribeAll() {
        subscribers.withLock { $0.removeAll() }
    }

    func unsubscribe(_ id: Int) {
        _ = subscribers.withLock { $0.removeValue(forKey: id) }
    }
}
