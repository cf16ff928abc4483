import HFTEngine

/// The standby's way in: commands the primary already sequenced, from the replicated log.
extension VenueHost {
    /// What queueing a request from the replicated log found.
    public enum ReplicaEnqueue: Sendable, Equatable {
        case queued
        /// The queue is full: try again shortly (the engine is behind).
        case full
        /// The host has stopped (or failed): nothing more is applied.
        case stopped
    }

    /// Queues a stamped command from the replicated log: the engine journals and applies it
    /// with the primary's sequence, time and order id, and stops on a gap
    /// (``ReplicationFailure/sequenceGap(received:expected:)``). Nobody awaits it: its
    /// effects reach the sink (read model) when durable, like the primary's. O(1).
    public func enqueueReplicated(_ command: VenueCommand) -> ReplicaEnqueue {
        enqueue(EngineRequest(.replicated, command: command, ticket: TicketBook.none))
    }

    /// Queues the check of a primary's checkpoint, right after the command it follows: the
    /// engine hashes its venue there and stops on a difference
    /// (``ReplicationFailure/stateDiverged(sequence:primary:local:)``). O(1) to queue.
    public func enqueueCheckpoint(sequence: UInt64, hash: UInt64) -> ReplicaEnqueue {
        var command = VenueCommand(.liquidationScan)
        command.w0 = Int64(bitPattern: sequence)
        command.w1 = Int64(bitPattern: hash)
        return enqueue(EngineRequest(.verifyCheckpoint, command: command, ticket: TicketBook.none))
    }

    func enqueue(_ request: EngineRequest) -> ReplicaEnqueue {
        guard currentState == .running else { return .stopped }
        if queue.push(request) { return .queued }
        return currentState == .running ? .full : .stopped
    }
}
