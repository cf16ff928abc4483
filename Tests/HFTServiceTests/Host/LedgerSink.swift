import HFTEngine
import HFTService
import Synchronization

/// A sink with the service's read model (a ``VenueLedger``), saved and loaded with the
/// host's snapshots, as the server's sink does: the host tests' stand-in for it.
final class LedgerSink: CommittedCommandSink, @unchecked Sendable {
    let ledger = VenueLedger(symbols: [])
    let lock = Mutex<Void>(())

    func committed(_ command: VenueCommand, events: UnsafeBufferPointer<VenueEvent>, replaying: Bool) {
        lock.withLock { _ in
            ledger.apply(command, events: events)
            _ = ledger.drainDiffs()
        }
    }

    func batchCommitted(through sequence: UInt64) {}

    func saveReadModel(through sequence: UInt64) -> [UInt8] {
        lock.withLock { _ in ledger.snapshotBytes() }
    }

    func loadReadModel(_ bytes: [UInt8], through sequence: UInt64) throws(JournalError) {
        try lock.withLock { (_) throws(JournalError) in try ledger.loadSnapshot(bytes, sequence: sequence) }
    }

    /// The ledger's snapshot bytes: equal bytes, equal contents (containers are saved in key order).
    var contents: [UInt8] { saveReadModel(through: 0) }
}

