import HFTEngine
import HFTService
import Synchronization

/// A sink that records every committed command with its events, and whether it came from
/// recovery.
final class RecordingSink: CommittedCommandSink {
    struct Entry: Equatable {
        var command: VenueCommand
        var events: [VenueEvent]
        var replaying: Bool
    }

    let entries = Mutex<[Entry]>([])
    let batches = Mutex<[UInt64]>([])

    func committed(_ command: VenueCommand, events: UnsafeBufferPointer<VenueEvent>, replaying: Bool) {
        entries.withLock { $0.append(Entry(command: command, events: Array(events), replaying: replaying)) }
    }

    func batchCommitted(through sequence: UInt64) {
        batches.withLock { $0.append(sequence) }
    }

    var all: [Entry] { entries.withLock { $0 } }
}
