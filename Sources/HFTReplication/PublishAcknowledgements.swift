#if NATS
import CNATS
import HFTService
import Synchronization

/// The primary's appends that JetStream has not acknowledged yet, and what its
/// acknowledgements say: the replicated watermark, trouble, and a final failure.
///
/// nats.c calls ``acknowledged(streamSequence:duplicate:)`` and ``failed(detail:)`` on its
/// own thread, in the order the server answered (the order of the appends); the publisher
/// thread registers each append before sending it. One lock guards the queue; the
/// watermark is an atomic the publisher reads without it.
///
/// Anything unexpected (a refused or unacknowledged append, an acknowledgement out of
/// order) is *trouble*, not yet a failure: the log may have stored the append and lost only
/// its answer, or refused it because an earlier one was lost. The publisher then
/// resynchronises from the stream itself (``JetStreamCommandLog``), which alone decides
/// whether this primary was fenced. Only a closed connection, or trouble that outlasts the
/// outage budget, is a ``failure``.
///
/// - Memory: the queue holds one entry per append in flight (bounded by nats.c's
///   `MaxPending`); it is compacted as it drains.
final class PublishAcknowledgements: @unchecked Sendable {
    struct Pending {
        /// The stream sequence this append gets if the log is as expected.
        var streamSequence: UInt64
        /// The last command sequence it carries (0: a control message).
        var lastCommand: UInt64
        /// When it was sent (``ServiceClock/monotonicNanoseconds()``).
        var sentAt: UInt64 = ServiceClock.monotonicNanoseconds()
    }

    struct State {
        var pending: [Pending] = []
        var head = 0
        var failure: ReplicationFailure?
        /// The first trouble since the last resynchronisation, and when it came.
        var trouble: (detail: String, since: UInt64)?
        var wake: (@Sendable () -> Void)?
    }

    let state = Mutex(State())
    let replicated = Atomic<UInt64>(0)

    var replicatedThrough: UInt64 { replicated.load(ordering: .acquiring) }
    var failure: ReplicationFailure? { state.withLock { $0.failure } }
    var trouble: (detail: String, since: UInt64)? { state.withLock { $0.trouble } }

    /// Fails replication once the connection has closed for good (nats.c stopped
    /// reconnecting; its per-publish timeouts no longer fire then), and marks trouble when
    /// the oldest append has waited longer than `timeout` ns. The publisher calls this
    /// whenever it is idle. O(1).
    func checkOverdue(timeout: UInt64, connectionClosed: Bool) {
        let now = ServiceClock.monotonicNanoseconds()
        let wake = state.withLock { s -> (@Sendable () -> Void)? in
            guard s.failure == nil else { return nil }
            if connectionClosed {
                s.failure = .unavailable("the NATS connection closed with \(s.pending.count - s.head) appends unacknowledged")
                return s.wake
            }
            guard s.trouble == nil, s.head < s.pending.count else { return nil }
            let waited = now &- s.pending[s.head].sentAt
            guard waited > timeout else { return nil }
            s.trouble = ("no acknowledgement from JetStream for \(waited / 1_000_000) ms (stream sequence \(s.pending[s.head].streamSequence))", now)
            return s.wake
        }
        wake?()
    }

    /// A final failure (fenced, or the outage budget spent).
    func fail(_ failure: ReplicationFailure) {
        state.withLock { $0.failure = $0.failure ?? failure }
    }

    /// After a resynchronisation: nothing is in flight, the log holds every command through
    /// `replicatedThrough`, and the trouble is over.
    func reset(replicatedThrough: UInt64) {
        state.withLock { s in
            s.pending.removeAll(keepingCapacity: true)
            s.head = 0
            s.trouble = nil
        }
        if replicatedThrough > replicated.load(ordering: .acquiring) { replicated.store(replicatedThrough, ordering: .releasing) }
    }

    /// Marks trouble (under the lock) and returns the publisher's wake-up.
    static func troubled(_ s: inout State, _ detail: String) -> (@Sendable () -> Void)? {
        if s.trouble == nil { s.trouble = (detail, ServiceClock.monotonicNanoseconds()) }
        return s.wake
    }

    func setWake(_ wake: @escaping @Sendable () -> Void, replicatedThrough: UInt64) {
        replicated.store(replicatedThrough, ordering: .releasing)
        state.withLock { $0.wake = wake }
    }

    func register(_ entry: Pending) {
        state.withLock { $0.pending.append(entry) }
    }

    /// JetStream stored an append at `streamSequence`.
    func acknowledged(streamSequence: UInt64, duplicate: Bool) {
        let wake = state.withLock { s -> (@Sendable () -> Void)? in
            guard s.failure == nil, s.trouble == nil else { return nil }
            guard s.head < s.pending.count else {
                return Self.troubled(&s, "an acknowledgement (stream sequence \(streamSequence)) for no append in flight")
            }
            let entry = s.pending[s.head]
            s.head += 1
            if s.head == s.pending.count {
                s.pending.removeAll(keepingCapacity: true)
                s.head = 0
            } else if s.head >= 1_024 {
                s.pending.removeFirst(s.head)
                s.head = 0
            }
            guard entry.streamSequence == streamSequence, !duplicate else {
                return Self.troubled(&s, "stored at stream sequence \(streamSequence)\(duplicate ? " (duplicate)" : ""), expected \(entry.streamSequence)")
            }
            if entry.lastCommand > 0 { replicated.store(entry.lastCommand, ordering: .releasing) }
            return s.wake
        }
        wake?()
    }

    /// JetStream refused an append (its expected last sequence was wrong: another primary
    /// appended, or an earlier append of this one was lost), or nats.c gave up waiting.
    func failed(detail: String) {
        let wake = state.withLock { s -> (@Sendable () -> Void)? in
            guard s.failure == nil else { return nil }
            return Self.troubled(&s, detail)
        }
        wake?()
    }
}

/// nats.c's callback for every asynchronous publish (its thread). `closure` is the
/// ``PublishAcknowledgements`` of the log, retained by it for as long as the connection lives.
let publishAcknowledged: jsPubAckHandler = { _, message, ack, error, closure in
    defer { natsMsg_Destroy(message) }
    guard let closure else { return }
    let acknowledgements = Unmanaged<PublishAcknowledgements>.fromOpaque(closure).takeUnretainedValue()
    if let ack {
        acknowledgements.acknowledged(streamSequence: ack.pointee.Sequence, duplicate: ack.pointee.Duplicate)
    } else if let error {
        let text = error.pointee.ErrText.map { String(cString: $0) } ?? String(cString: natsStatus_GetText(error.pointee.Err))
        let code = error.pointee.ErrCode.rawValue
        acknowledgements.failed(detail: code == 10_071 ? "JetStream 10071 (wrong last sequence): \(text)"
            : "append refused or not acknowledged (status \(error.pointee.Err.rawValue), JetStream \(code)): \(text)")
    }
}
#endif
