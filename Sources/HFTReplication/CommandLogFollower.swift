#if NATS
import HFTEngine
import HFTService
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A standby's feed from the replicated log: reads the shard's stream in order (an ordered
/// consumer, ``CommandLogReader``) and queues on its ``VenueHost`` every command after the
/// local journal's last, and the check of every primary checkpoint right after the command
/// it follows. The host journals and applies them with the primary's sequences, so the
/// standby's venue, journal and read model equal the primary's at every sequence; a gap or a
/// different state hash stops the host (``ReplicationFailure``).
///
/// It reads the stream from its beginning and skips what the local journal already holds
/// (the host's last durable command when the follower is made; a late node seeded from a
/// snapshot, `hft-venue --seed-from`, holds everything up to the snapshot).
///
/// - Threading: its own thread (``start()``); ``progress`` and ``failure`` from any thread.
/// - Memory: one message at a time (payloads are copied by the reader).
public final class CommandLogFollower: StandbyFeed, @unchecked Sendable {
    /// Where the follower is.
    public struct Progress: Sendable, Equatable {
        /// The last command queued on the host (the local journal's last at start).
        public var queuedThrough: UInt64
        /// The stream sequence of the last message read (0: none yet).
        public var streamSequence: UInt64 = 0
        /// The newest primary term seen in the log.
        public var epoch: PrimaryEpoch?
        /// Checkpoints queued for checking.
        public var checkpoints = 0
    }

    public let names: CommandLogNames
    let reader: CommandLogReader
    let host: VenueHost
    let state: Mutex<(progress: Progress, failure: ReplicationFailure?)>
    let stopping = Atomic<Bool>(false)
    let ended = Atomic<Bool>(false)

    /// Subscribes to the log (nothing is queued before ``start()``).
    public init(_ options: NATSConnection.Options, names: CommandLogNames, host: VenueHost) throws(NATSError) {
        self.names = names
        self.host = host
        reader = try CommandLogReader(options, names: names, from: 1)
        state = Mutex((Progress(queuedThrough: host.statistics.lastDurableSequence), nil))
    }

    public var progress: Progress { state.withLock { $0.progress } }

    public var queuedThrough: UInt64 { progress.queuedThrough }

    /// Why the follower stopped on its own (its host's failure is in the host's state).
    public var failure: ReplicationFailure? { state.withLock { $0.failure } }

    /// True once its thread has left its loop.
    public var hasEnded: Bool { ended.load(ordering: .acquiring) }

    /// Starts the follower's thread.
    public func start() throws(VenueHostError) {
        _ = try ServiceThread.start(name: "hft-follower") { [self] in
            run()
            ended.store(true, ordering: .releasing)
        }
    }

    /// Asks the thread to stop (it does within about 200 ms).
    public func stop() { stopping.store(true, ordering: .releasing) }

    func run() {
        var next = progress.queuedThrough + 1
        while !stopping.load(ordering: .acquiring) {
            let message: CommandLogMessage?
            do {
                message = try reader.next(timeoutMilliseconds: 200)
            } catch {
                fail(.unavailable("\(error)"))
                return
            }
            guard let message else { continue }
            switch message.kind {
            case .epoch:
                let epoch = message.payload.withUnsafeBytes { PrimaryEpoch($0) }
                state.withLock { $0.progress.epoch = epoch ?? $0.progress.epoch }
            case .checkpoint:
                guard let checkpoint = message.payload.withUnsafeBytes({ StateCheckpoint($0) }) else {
                    fail(.unavailable("an unreadable checkpoint at stream sequence \(message.streamSequence)"))
                    return
                }
                guard checkpoint.sequence == next - 1 else { break }
                guard queue({ host.enqueueCheckpoint(sequence: checkpoint.sequence, hash: checkpoint.hash) }) else { return }
                state.withLock { $0.progress.checkpoints += 1 }
            case .commands:
                let first = message.payload.withUnsafeBytes { CommandBatchDecoder.firstSequence($0) } ?? 0
                guard first <= next else {
                    fail(.sequenceGap(received: first, expected: next))
                    return
                }
                do {
                    // Commands the local journal already holds are skipped (`next` stays).
                    let after = try message.payload.withUnsafeBytes { payload in
                        try CommandBatchDecoder.decode(payload, expected: first) { command in
                            guard command.sequence >= next else { return }
                            guard queue({ host.enqueueReplicated(command) }) else { throw FollowerStopped() }
                        }
                    }
                    next = max(next, after)
                } catch is FollowerStopped {
                    return
                } catch {
                    fail(.unavailable("a damaged command batch at stream sequence \(message.streamSequence): \(error)"))
                    return
                }
                state.withLock { $0.progress.queuedThrough = next - 1 }
            }
            state.withLock { $0.progress.streamSequence = message.streamSequence }
        }
    }

    /// Queues one request, waiting while the host's queue is full; false once the host has stopped.
    func queue(_ enqueue: () -> VenueHost.ReplicaEnqueue) -> Bool {
        while true {
            switch enqueue() {
            case .queued: return true
            case .stopped: return false
            case .full:
                if stopping.load(ordering: .acquiring) { return false }
                usleep(50)
            }
        }
    }

    func fail(_ failure: ReplicationFailure) {
        state.withLock { $0.failure = $0.failure ?? failure }
    }

    struct FollowerStopped: Error {}
}
#endif
