#if NATS
import HFTService
import Logging

/// A standby's failover (`hft-venue --standby … --failover`): when the shard's lease lapses
/// (its primary stopped renewing it for a time to live) and this standby has applied the
/// whole log, it takes the lease and fences the log with its epoch (the old primary, if it
/// is only stalled, can append no more), applies what the log holds before the epoch, stops
/// its feed, and promotes its host with that ``JetStreamCommandLog``. From then on it keeps
/// the lease as a primary does (``LeaseKeeper``).
///
/// - Memory: holds the lease; the log is made (connected) when the watch starts.
public struct StandbyPromoter: ShardLeadership {
    public let keeper: LeaseKeeper
    let makeLog: @Sendable () throws -> JetStreamCommandLog
    let logger: Logger

    public init(lease: LeaderLease, logger: Logger, makeLog: @escaping @Sendable () throws -> JetStreamCommandLog) {
        keeper = LeaseKeeper(lease: lease, logger: logger)
        self.makeLog = makeLog
        self.logger = logger
    }

    public func run(host: VenueHost, feed: (any StandbyFeed)?) async -> ReplicationFailure? {
        guard let feed else { return nil }
        do {
            guard try await promote(host: host, feed: feed) != nil else { return nil }
        } catch {
            // The feed has stopped: this node can be neither standby nor primary any more.
            return .unavailable("failover failed after the feed stopped: \(error)")
        }
        return await keeper.run(host: host, feed: nil)
    }

    public func resign() { keeper.resign() }

    /// Watches the lease every quarter of its time to live until this standby is promoted
    /// (returns its log), the task is cancelled, or the host or feed stopped (nil). A NATS
    /// error while watching is logged and retried; one after the feed was stopped throws.
    public func promote(host: VenueHost, feed: any StandbyFeed) async throws -> JetStreamCommandLog? {
        let lease = keeper.lease
        var log: JetStreamCommandLog?
        while !Task.isCancelled {
            try? await Task.sleep(for: log == nil ? .milliseconds(100) : keeper.timeToLive / 4)
            guard host.currentState == .running, feed.failure == nil else { return nil }
            let ready: (log: JetStreamCommandLog, epoch: PrimaryEpoch)
            do {
                guard let taken = try takeLease(lease, log: &log, host: host, feed: feed) else { continue }
                ready = taken
            } catch {
                logger.warning("failover watch: the log or the lease could not be read", metadata: ["reason": "\(error)"])
                continue
            }
            logger.notice("the primary lease lapsed: taking over", metadata: ["epoch": "\(ready.epoch.epoch)",
                                                                               "lastCommand": "\(ready.epoch.nextSequence - 1)"])
            // The old primary is fenced from here on: apply what it appended, then stop following.
            let last = ready.epoch.nextSequence - 1
            while feed.queuedThrough < last {
                if let failure = feed.failure { throw failure }
                try await Task.sleep(for: .milliseconds(1))
            }
            feed.stop()
            while !feed.hasEnded { try await Task.sleep(for: .milliseconds(5)) }
            while host.statistics.lastDurableSequence < feed.queuedThrough {
                guard host.currentState == .running else { throw VenueHostError.replication("the host stopped during failover") }
                try await Task.sleep(for: .milliseconds(1))
            }
            do {
                try await host.promote(replicator: ready.log)
            } catch {
                lease.release()
                throw error
            }
            logger.notice("promoted to primary", metadata: ["epoch": "\(ready.log.epoch?.epoch ?? 0)",
                                                            "nextSequence": "\(ready.log.epoch?.nextSequence ?? 0)"])
            return ready.log
        }
        return nil
    }

    /// Takes the lease when nobody holds it and this standby has queued and made durable the
    /// log's last command, then fences the log (appends this node's epoch): the log and the
    /// epoch, or nil (not yet; a failed fence gives the lease back).
    func takeLease(_ lease: LeaderLease, log: inout JetStreamCommandLog?, host: VenueHost, feed: any StandbyFeed)
        throws -> (log: JetStreamCommandLog, epoch: PrimaryEpoch)? {
        let current = try log ?? makeLog()
        log = current
        guard try lease.currentHolder() == nil else { return nil }
        let inLog = try current.lastCommandInLog()
        guard feed.queuedThrough >= inLog, host.statistics.lastDurableSequence >= inLog, try lease.acquire() else { return nil }
        do {
            return (current, try current.fence())
        } catch {
            lease.release()
            throw error
        }
    }
}
#endif
