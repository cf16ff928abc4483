#if NATS
import HFTService
import Logging

/// A primary's hold on its shard's ``LeaderLease``: it takes the lease before the node
/// starts serving and renews it every third of its time to live while it serves. When
/// another node holds it (this one stalled past its time to live and a standby took it),
/// the node must stop serving: ``run(host:feed:)`` returns why; a lapsed lease nobody took
/// is simply taken again. The log's fencing makes a late stop harmless; the lease makes the
/// replacement prompt.
///
/// - Memory: holds the lease (its connection).
public struct LeaseKeeper: ShardLeadership {
    public let lease: LeaderLease
    let logger: Logger

    public init(lease: LeaderLease, logger: Logger) {
        self.lease = lease
        self.logger = logger
    }

    /// The lease bucket's time to live (``LeaderLease/timeToLive``).
    public var timeToLive: Duration { lease.timeToLive }

    /// Why a node could not take the lease at its start.
    public struct LeaseHeld: Error, CustomStringConvertible {
        public let holder: String?
        public let waited: Duration
        public var description: String {
            "the shard's primary lease is held by \(holder ?? "another node") (waited \(waited)): start this node as a --standby, or stop the primary first"
        }
    }

    /// Takes the lease, waiting at most `patience` for it to be free (a primary that crashed
    /// a moment ago still holds it until its time to live has passed). O(1) per attempt.
    public func acquire(patience: Duration) async throws {
        let start = ContinuousClock.now
        while !(try lease.acquire()) {
            let holder = try? lease.currentHolder()
            guard ContinuousClock.now - start < patience else { throw LeaseHeld(holder: holder, waited: patience) }
            logger.notice("waiting for the primary lease", metadata: ["holder": "\(holder ?? "?")"])
            try await Task.sleep(for: timeToLive / 4)
        }
    }

    /// Renews until the task is cancelled (nil) or the lease is lost (why). A NATS error
    /// (a lost NATS node, the bucket's stream electing a new leader) is retried until NATS
    /// answers again, however long that takes: only another holder proves the lease lost.
    /// Meanwhile the entry may expire and a standby take it; the first answer then says so
    /// and the node steps down, and until then the log's fencing refuses its appends.
    public func run(host _: VenueHost, feed _: (any StandbyFeed)?) async -> ReplicationFailure? {
        var failingSince: ContinuousClock.Instant?
        while !Task.isCancelled {
            try? await Task.sleep(for: failingSince == nil ? timeToLive / 3 : min(timeToLive / 3, .milliseconds(200)))
            if Task.isCancelled { break }
            do {
                if try !lease.renew() {
                    guard try lease.acquire() else {
                        return .leaseLost("it lapsed and \(String(describing: try? lease.currentHolder())) holds it")
                    }
                    // It lapsed (a stall or an outage longer than its time to live) but nobody
                    // took it: this node is still the primary (the log's fencing would say otherwise).
                    logger.warning("the primary lease lapsed and was taken again")
                }
                if let since = failingSince {
                    logger.notice("the primary lease is renewed again", metadata: ["after": "\(ContinuousClock.now - since)"])
                    failingSince = nil
                }
            } catch {
                if failingSince == nil {
                    failingSince = .now
                    logger.warning("the primary lease could not be renewed: retrying", metadata: ["reason": "\(error)"])
                }
            }
        }
        return nil
    }

    public func resign() { lease.release() }
}
#endif
