import HFTEngine

/// One request to the engine thread, as the network side puts it into the ``CommandQueue``:
/// a command to sequence, journal and apply, or a read of the venue that must see every
/// command before it.
///
/// - Memory: 144 bytes, trivially copyable; queued by value.
@frozen
public struct EngineRequest: Sendable, BitwiseCopyable {
    /// What the engine thread does with the request.
    @frozen
    public enum Kind: UInt8, Sendable, BitwiseCopyable {
        /// Stamp `command` (sequence, time; a new order's id is its sequence), journal it,
        /// apply it and publish its events.
        case command = 1
        /// Copy account `command.w0` and its positions into the ticket's result slot.
        case account
        /// Read the engine thread's own allocation counter into the ticket's result slot
        /// (the allocation test of the engine thread under load).
        case allocationProbe
        /// Commit what is pending and leave the loop.
        case stop
        /// Snapshot the service: after the batch's group commit (so the snapshot's sequence
        /// is durable) the engine copies the venue out and sends a `snapshotTaken` record;
        /// the publisher adds the read model at that sequence and answers the ticket.
        case snapshot
        /// A standby's command from the replicated log, already stamped by the primary: the
        /// engine checks that its sequence is the next one, journals and applies it as it is
        /// (same sequence, time and order id). A gap stops the engine (`failed`, reason
        /// ``EngineStopReason/sequenceGap``).
        case replicated
        /// A standby's check of the primary's state hash: `command.w0` = sequence, `command.w1`
        /// = hash (``StateCheckpoint``). When the engine is exactly at that sequence it hashes
        /// its venue; a different hash stops it (`failed`, reason ``EngineStopReason/stateDiverged``).
        case verifyCheckpoint
    }

    public var command: VenueCommand
    /// The requester's slot in the ``TicketBook`` (``TicketBook/none`` for fire-and-forget).
    public var ticket: UInt32
    public var kind: Kind

    @inlinable
    public init(_ kind: Kind, command: VenueCommand = VenueCommand(.liquidationScan), ticket: UInt32) {
        self.command = command
        self.ticket = ticket
        self.kind = kind
    }
}

/// One record from the engine thread to the publisher, in the order of the commands.
///
/// A `command` record is followed by exactly `eventCount` events in the event ring. Nothing
/// of a command may be acknowledged or published before a `durable` record whose
/// `sequence` is at least the command's: the publisher holds them until then.
///
/// - Memory: 144 bytes, trivially copyable.
@frozen
public struct EngineRecord: Sendable, BitwiseCopyable {
    @frozen
    public enum Kind: UInt8, Sendable, BitwiseCopyable {
        /// `command` was applied (stamped as journaled); `eventCount` events follow.
        case command = 1
        /// The read of ticket `ticket` is in its result slot.
        case readDone
        /// Every command up to `sequence` is durable under the journal's policy.
        case durable
        /// The journal failed (`command.w0` = errno or 0): the engine stopped; nothing after
        /// the last `durable` record may be acknowledged.
        case failed
        /// The engine left its loop after a `stop` request.
        case stopped
        /// The venue's copy for the snapshot of ticket `ticket` is in the ``SnapshotHandoff``,
        /// as of `sequence` (durable: a `durable` record for it came first); `command.w1`
        /// is the engine's pause (ns).
        case snapshotTaken
        /// The primary's venue hashed to `command.w0` after command `sequence` (every
        /// ``VenueHost/Configuration/checkpointInterval`` commands): the publisher hands it
        /// to the replicator in order, as a ``StateCheckpoint`` of the log.
        case checkpoint
    }

    public var command: VenueCommand
    public var sequence: UInt64
    public var ticket: UInt32
    public var eventCount: UInt32
    public var kind: Kind

    @inlinable
    public init(_ kind: Kind, sequence: UInt64, ticket: UInt32 = TicketBook.none, eventCount: UInt32 = 0,
                command: VenueCommand = VenueCommand(.liquidationScan)) {
        self.command = command
        self.sequence = sequence
        self.ticket = ticket
        self.eventCount = eventCount
        self.kind = kind
    }
}

/// Why the engine left its loop on its own (`failed` record, `command.w1`).
@frozen
public enum EngineStopReason: Int64, Sendable {
    /// The journal failed (`command.w0`: errno or 0).
    case journal = 0
    /// A replicated command's sequence was not the next one (`command.w2`: its sequence,
    /// `command.w3`: the one expected).
    case sequenceGap = 1
    /// The venue's hash differed from the primary's checkpoint (`command.w2`: sequence,
    /// `command.w3`: the primary's hash, `command.w4`: this venue's).
    case stateDiverged = 2
}
