import HFTEngine
import Synchronization

/// Hands the venue's snapshot copy from the engine thread to the publisher thread, by
/// ticket: the engine deposits it before it sends the `snapshotTaken` record, the
/// publisher takes it when it reaches that record.
///
/// - Memory: holds each copy (a ``SnapshotBuffer``, O(live venue state)) only between the
///   two threads; one entry per snapshot request in flight.
final class SnapshotHandoff: @unchecked Sendable {
    /// The engine's copy of the venue, or why there is none.
    final class Capture: @unchecked Sendable {
        let result: Result<SnapshotBuffer, JournalError>
        let pauseNanoseconds: UInt64

        init(result: Result<SnapshotBuffer, JournalError>, pauseNanoseconds: UInt64) {
            self.result = result
            self.pauseNanoseconds = pauseNanoseconds
        }
    }

    let entries = Mutex<[UInt32: Capture]>([:])

    /// Engine thread: leaves `capture` for `ticket`.
    func deposit(_ capture: Capture, for ticket: UInt32) {
        entries.withLock { $0[ticket] = capture }
    }

    /// Publisher thread: takes the capture of `ticket`.
    func take(_ ticket: UInt32) -> Capture? {
        entries.withLock { $0.removeValue(forKey: ticket) }
    }
}
