#if NATS
import HFTService
import Logging

/// A primary's hold on its shard's ``LeaderLease``: it takes the lease before the node
/// starts serving and renews it every third of its time to live while it serves. When
/// another node holds it (this one stalled past its time to live and a standby took it), or
/// it could not be renewed for a whole time to live, the node must stop serving:
/// ``run(host:feed:)`` returns why; a lapsed lease nobody took is simply taken again. The log's fencing makes
/// a late stop harmless; the lease makes the replacement prompt.
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

    /// Renews until the task is cancelled (nil) or the lease is lost (why). A NATS error is
    /// retried until a whole time to live has passed since the last renewal.
    public func run(host: VenueHost, feed: (any StandbyFeed)?) async -> ReplicationFailure? {
        var renewed = ContinuousClock.now
        while !Task.isCancelled {
            try? await Task.sleep(for: timeToLive / 3)
            if Task.isCancelled { break }
            do {
                if try lease.renew() {
                    renewed = .now
                } else if try lease.acquire() {
                    // It lapsed (a stall longer than its time to live) but nobody took it:
                    // this node is still the primary (the log's fencing would say otherwise).
                    logger.warning("the primary lease lapsed and was taken again")
                    renewed = .now
                } else {
                    return .leaseLost("it lapsed and \(String(describing: try? lease.currentHolder())) holds it")
                }
            } catch {
                if ContinuousClock.now - renewed > timeToLive { return .leaseLost("not renewed for \(timeToLive): \(error)") }
            }
        }
        return nil
    }

    public func resign() { lease.release() }
}
#endif
