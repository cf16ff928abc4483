#if NATS
import CNATS
import HFTService
import Synchronization

/// The primary's appends that JetStream has not acknowledged yet, and what its
/// acknowledgements say: the replicated watermark and the first failure.
///
/// nats.c calls ``acknowledged(streamSequence:duplicate:)`` and ``failed(fenced:detail:)`` on its own
/// thread, in the order the server answered (the order of the appends); the publisher
/// thread registers each append before sending it. One lock guards the queue; the
/// watermark is an atomic the publisher reads without it.
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
        var wake: (@Sendable () -> Void)?
    }

    let state = Mutex(State())
    let replicated = Atomic<UInt64>(0)

    var replicatedThrough: UInt64 { replicated.load(ordering: .acquiring) }
    var failure: ReplicationFailure? { state.withLock { $0.failure } }

    /// Fails replication when the oldest append has waited longer than `timeout` ns for its
    /// acknowledgement (nats.c's own per-publish timeout does not fire once the connection
    /// has closed, so the publisher checks this whenever it is idle). O(1).
    func checkOverdue(timeout: UInt64, connectionClosed: Bool) {
        let now = ServiceClock.monotonicNanoseconds()
        let wake = state.withLock { s -> (@Sendable () -> Void)? in
            guard s.failure == nil, s.head < s.pending.count else { return nil }
            let waited = now &- s.pending[s.head].sentAt
            if connectionClosed {
                s.failure = .unavailable("the NATS connection closed with \(s.pending.count - s.head) appends unacknowledged")
            } else if waited > timeout {
                s.failure = .unavailable("no acknowledgement from JetStream for \(waited / 1_000_000) ms (stream sequence \(s.pending[s.head].streamSequence))")
            } else {
                return nil
            }
            return s.wake
        }
        wake?()
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
            guard s.failure == nil else { return nil }
            guard s.head < s.pending.count else {
                s.failure = .unavailable("an acknowledgement (stream sequence \(streamSequence)) for no append in flight")
                return s.wake
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
            guard entry.streamSequence == streamSequence else {
                // A resent append the log already held answers as a duplicate with its first
                // sequence; anything else means the log is not the one this primary writes.
                s.failure = .fenced(expectedLastSequence: entry.streamSequence - 1,
                                    detail: "stored at stream sequence \(streamSequence)\(duplicate ? " (duplicate)" : ""), expected \(entry.streamSequence)")
                return s.wake
            }
            if entry.lastCommand > 0 { replicated.store(entry.lastCommand, ordering: .releasing) }
            return s.wake
        }
        wake?()
    }

    /// JetStream refused an append (`fenced`: its expected last sequence was wrong), or
    /// nats.c gave up waiting for its acknowledgement.
    func failed(fenced: Bool, detail: String) {
        let wake = state.withLock { s -> (@Sendable () -> Void)? in
            guard s.failure == nil else { return nil }
            let expected = s.head < s.pending.count ? s.pending[s.head].streamSequence - 1 : 0
            s.failure = fenced ? .fenced(expectedLastSequence: expected, detail: detail) : .unavailable(detail)
            return s.wake
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
        acknowledgements.failed(fenced: code == 10_071, detail: code == 10_071 ? "JetStream 10071: \(text)"
            : "append refused or not acknowledged (status \(error.pointee.Err.rawValue), JetStream \(code)): \(text)")
    }
}
#endif
