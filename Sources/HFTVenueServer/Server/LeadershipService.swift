import HFTService
import Logging
import ServiceLifecycle

/// The shard's leadership (``ShardLeadership``: the primary's lease, or a standby's
/// failover) as a lifecycle service. It is the group's first service, so a graceful stop
/// reaches it last: after the engine has stopped and its last commands are in the log, it
/// gives the lease up. When the lease is lost it ends the group with
/// ``ReplicationStepDown`` (`hft-venue` exits non-zero and clients move to the new primary).
struct LeadershipService: Service {
    let leadership: any ShardLeadership
    let host: VenueHost
    let feed: (any StandbyFeed)?
    let logger: Logger

    func run() async throws {
        let leadership = leadership, host = host, feed = feed
        if let failure = await cancelWhenGracefulShutdown({ await leadership.run(host: host, feed: feed) }) {
            logger.critical("the primary lease was lost: stepping down", metadata: ["reason": "\(failure)"])
            throw ReplicationStepDown(failure: failure)
        }
        try? await gracefulShutdown()
        leadership.resign()
    }
}
