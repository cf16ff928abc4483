/// How a node of a replicated shard takes part in choosing its primary (issue 15): a primary
/// keeps the shard's lease while it serves; a standby with failover watches the lease and
/// promotes its host (``VenueHost/promote(replicator:)``) when the primary stops renewing it.
///
/// The lease only decides who *tries* to be the primary and makes a dead primary's
/// replacement prompt; the replicated log's fencing is what keeps two primaries from ever
/// both appending. The service runs it beside the engine; HFTReplication implements it on
/// NATS JetStream's key-value store.
public protocol ShardLeadership: Sendable {
    /// Runs while the node serves: returns nil when the task is cancelled (a graceful stop)
    /// or there is nothing more to do, or why this node must stop serving (its lease lapsed).
    /// `feed` is a standby's feed of the replicated log (nil on a primary).
    func run(host: VenueHost, feed: (any StandbyFeed)?) async -> ReplicationFailure?
    /// Gives the lease up once the engine has stopped (a graceful stop), so that a standby
    /// takes over without waiting for the lease to expire. Does nothing when not held.
    func resign()
}
