#if NATS
import HFTService
import Logging

/// Keeps a primary's lease: renews it every third of its TTL; when a renewal fails (the
/// lease lapsed and another node took it) the primary must stop, which ``run()`` reports by
/// returning. The log's fencing makes a late stop harmless; the lease makes it prompt.
public struct LeaseKeeper: Sendable {
    public let lease: LeaderLease
    public let timeToLive: Duration
    let logger: Logger

    public init(lease: LeaderLease, timeToLive: Duration, logger: Logger) {
        self.lease = lease
        self.timeToLive = timeToLive
        self.logger = logger
    }

    /// Waits until the lease is free and takes it (a primary's start). O(1) per attempt.
    public func acquire() async throws {
        while !(try lease.acquire()) {
            logger.notice("waiting for the primary lease", metadata: ["holder": "\(String(describing: try? lease.currentHolder()))"])
            try await Task.sleep(for: timeToLive / 4)
        }
    }

    /// Renews until the task is cancelled (returns normally) or the lease is lost (returns
    /// the reason). A NATS error is retried until the TTL has passed since the last renewal.
    public func run() async -> String? {
        var renewed = ContinuousClock.now
        while !Task.isCancelled {
            try? await Task.sleep(for: timeToLive / 3)
            do {
                if try lease.renew() { renewed = .now } else { return "the lease was taken by \(String(describing: try? lease.currentHolder()))" }
            } catch {
                if ContinuousClock.now - renewed > timeToLive { return "the lease could not be renewed: \(error)" }
            }
        }
        lease.release()
        return nil
    }
}

/// A standby's failover: when the shard's lease lapses (nobody renewed it for its TTL) and
/// this standby has applied the whole log, it takes the lease, stops its feed, waits until
/// every command it queued is durable, and promotes its host with a new
/// ``JetStreamCommandLog`` (whose epoch fences the old primary).
public struct StandbyPromoter: Sendable {
    public let lease: LeaderLease
    public let follower: CommandLogFollower
    public let host: VenueHost
    public let timeToLive: Duration
    let makeLog: @Sendable () throws -> JetStreamCommandLog
    let logger: Logger

    public init(lease: LeaderLease, follower: CommandLogFollower, host: VenueHost, timeToLive: Duration, logger: Logger,
                makeLog: @escaping @Sendable () throws -> JetStreamCommandLog) {
        self.lease = lease
        self.follower = follower
        self.host = host
        self.timeToLive = timeToLive
        self.makeLog = makeLog
        self.logger = logger
    }

    /// Watches until this standby is promoted (returns its log) or the task is cancelled (nil).
    public func run() async throws -> JetStreamCommandLog? {
        let log = try makeLog()
        while !Task.isCancelled {
            try? await Task.sleep(for: timeToLive / 4)
            guard host.currentState == .running, follower.failure == nil else { return nil }
            guard try lease.currentHolder() == nil else { continue }
            let inLog = try log.lastCommandInLog()
            guard follower.progress.queuedThrough >= inLog, host.statistics.lastDurableSequence >= inLog else { continue }
            guard try lease.acquire() else { continue }
            logger.notice("the primary lease lapsed: taking over", metadata: ["lastCommand": "\(inLog)"])
            follower.stop()
            while !follower.hasEnded { try await Task.sleep(for: .milliseconds(5)) }
            while host.statistics.lastDurableSequence < follower.progress.queuedThrough {
                try await Task.sleep(for: .milliseconds(1))
            }
            do {
                try await host.promote(replicator: log)
            } catch {
                lease.release()
                throw error
            }
            logger.notice("promoted to primary", metadata: ["epoch": "\(log.epoch?.epoch ?? 0)",
                                                            "nextSequence": "\(log.epoch?.nextSequence ?? 0)"])
            return log
        }
        return nil
    }
}
#endif
