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
}
