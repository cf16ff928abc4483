import HFTEngine

/// Where the primary's sequenced commands are replicated before they are acknowledged
/// (issue 15: the command log on NATS JetStream, `HFTReplication.JetStreamCommandLog`).
///
/// The publisher thread hands every stamped command to ``append(_:)`` as soon as the engine
/// has applied it, in sequence order, before it is durable on the local disk: replication
/// and the local group commit overlap. It acknowledges a command (reply, stream messages,
/// read model) only when both the local journal and ``replicatedThrough`` cover it, so an
/// acknowledgement means durable on this machine *and* in the replicated log.
///
/// - Threading: ``append(_:)`` and ``flush()`` are called on the publisher thread only;
///   ``replicatedThrough`` and ``failure`` are read there and written by the replicator's
///   own threads (atomics or a lock). The replicator rings ``attach(wake:)``'s doorbell when
///   either changes, so that the publisher releases without waiting for its next park.
public protocol CommandReplicator: AnyObject, Sendable {
    /// Called once when the host starts, before the first command, with the last sequence
    /// of the local journal (recovery's) and a closure that wakes the publisher. A throw
    /// (the log does not continue the local journal, another primary holds it) refuses the
    /// start: ``VenueHostError/replication(_:)``.
    func attach(lastSequence: UInt64, wake: @escaping @Sendable () -> Void) throws

    /// Buffers one stamped command (sequence order, no gaps); may send a full buffer.
    func append(_ command: VenueCommand)

    /// Sends what is buffered (the publisher calls it when the engine's output runs dry).
    func flush()

    /// The venue hashed to `hash` after command `sequence` (every
    /// ``VenueHost/Configuration/checkpointInterval`` commands); appended after that command.
    func checkpoint(sequence: UInt64, hash: UInt64)

    /// Every command through this sequence is stored in the replicated log. Monotonic.
    var replicatedThrough: UInt64 { get }

    /// Set once the log refused or lost an append (a newer primary fenced this one, or the
    /// connection failed beyond its retries): nothing after ``replicatedThrough`` will ever
    /// be acknowledged, and the host stops.
    var failure: ReplicationFailure? { get }
}

/// Why replication stopped (the host then stops: fail-stop, like a journal failure).
public enum ReplicationFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The log's last sequence was not the one this primary expected: another primary has
    /// appended since (this one was deposed). Its later commands are never acknowledged.
    case fenced(expectedLastSequence: UInt64, detail: String)
    /// The log could not store an append (server error, timeout, connection lost for longer
    /// than the reconnect budget).
    case unavailable(String)
    /// A standby received a command whose sequence was not its next one (a hole in the log,
    /// or a local journal that does not match it).
    case sequenceGap(received: UInt64, expected: UInt64)
    /// A standby's venue hashed differently from the primary's checkpoint: same commands,
    /// different state. It stops rather than serve a state the primary never had.
    case stateDiverged(sequence: UInt64, primary: UInt64, local: UInt64)
    /// This primary's lease lapsed (it could not renew it within its time to live) and
    /// another node may be taking over: it stops serving before that node's epoch fences it.
    case leaseLost(String)

    public var description: String {
        switch self {
        case .fenced(let expected, let detail):
            "fenced: the command log moved past stream sequence \(expected) (another primary appended): \(detail)"
        case .unavailable(let detail): "the command log is unavailable: \(detail)"
        case .sequenceGap(let received, let expected):
            "the command log skipped: received command \(received), expected \(expected)"
        case .stateDiverged(let sequence, let primary, let local):
            "state diverged at command \(sequence): the primary's hash \(hex(primary)), this venue's \(hex(local))"
        case .leaseLost(let detail): "the primary lease was lost: \(detail)"
        }
    }
}

extension CommandReplicator {
    /// A replicator without state checks ignores checkpoints.
    public func checkpoint(sequence: UInt64, hash: UInt64) {}
}

/// 16 hexadecimal digits.
func hex(_ value: UInt64) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: max(0, 16 - digits.count)) + digits
}

/// A standby's feed of the replicated log into its host (`HFTReplication.CommandLogFollower`):
/// started once the host has recovered, stopped before the host shuts down.
public protocol StandbyFeed: AnyObject, Sendable {
    func start() throws(VenueHostError)
    /// Asks the feed to stop; ``hasEnded`` turns true when it has.
    func stop()
    var hasEnded: Bool { get }
    /// Why the feed stopped on its own (the log unreadable or lost); nil while it runs.
    var failure: ReplicationFailure? { get }
    /// The last command the feed has queued on the host.
    var queuedThrough: UInt64 { get }
}
