import HFTEngine

/// Who receives the venue's durable output: the read model and the stream writers.
///
/// The publisher thread (and, before it starts, recovery) calls these methods in sequence
/// order, one command at a time, and only for commands that are durable: a consumer never
/// sees a command that a crash could take back. Calls come from one thread at a time.
public protocol CommittedCommandSink: AnyObject, Sendable {
    /// A durable command as the venue applied it (stamped), with every event it produced.
    /// `replaying` is true during recovery (the events were published before the restart:
    /// rebuild state, send nothing to clients).
    func committed(_ command: VenueCommand, events: UnsafeBufferPointer<VenueEvent>, replaying: Bool)

    /// Every command up to `sequence` has been passed to ``committed(_:events:replaying:)``:
    /// a good moment to flush stream messages built from them.
    func batchCommitted(through sequence: UInt64)

    /// The read model as bytes, as of journal sequence `sequence`: every command up to it
    /// and none after it has been passed to ``committed(_:events:replaying:)``. Called on
    /// the publisher thread for a snapshot (``VenueHost/snapshot()``); the publisher holds
    /// every later command meanwhile. The bytes become the snapshot's `.readmodel` twin.
    func saveReadModel(through sequence: UInt64) -> [UInt8]

    /// Replaces the read model with one saved by ``saveReadModel(through:)`` at `sequence`,
    /// during recovery and before the journal after `sequence` is replayed into it. All or
    /// nothing: on a throw the read model must be unchanged (recovery then tries an older
    /// snapshot, or replays the whole log).
    func loadReadModel(_ bytes: [UInt8], through sequence: UInt64) throws(JournalError)
}

extension CommittedCommandSink {
    /// A sink without a read model saves nothing.
    public func saveReadModel(through sequence: UInt64) -> [UInt8] { [] }

    /// A sink without a read model accepts only an empty one.
    public func loadReadModel(_ bytes: [UInt8], through sequence: UInt64) throws(JournalError) {
        guard bytes.isEmpty else { throw .incompatibleSnapshot }
    }
}
