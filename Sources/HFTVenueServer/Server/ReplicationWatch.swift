import HFTService
import Logging
import ServiceLifecycle

/// Why a replicated primary stopped serving: its host stopped because replication failed
/// (``ReplicationFailure``: fenced by a newer primary, or the log lost). `hft-venue` exits
/// with it (non-zero), so that clients reconnect to the new primary.
public struct ReplicationStepDown: Error, CustomStringConvertible {
    public let failure: ReplicationFailure
    public var description: String { "stepped down: \(failure)" }
}

/// Watches a replicated host (every 50 ms) and ends the service group when replication has
/// failed: a primary's appends, or a standby's feed or state check. On graceful shutdown it
/// stops a standby's feed first (the group stops it before the engine). O(1) per check.
struct ReplicationWatch: Service {
    let host: VenueHost
    let feed: (any StandbyFeed)?
    let logger: Logger

    func run() async throws {
        defer { feed?.stop() }
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            if case .replicationFailed(let failure) = host.currentState {
                logger.critical("replication failed: stepping down", metadata: ["reason": "\(failure)"])
                throw ReplicationStepDown(failure: failure)
            }
            if let failure = feed?.failure {
                logger.critical("the replicated log failed: stopping the standby", metadata: ["reason": "\(failure)"])
                throw ReplicationStepDown(failure: failure)
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
        feed?.stop()
        while let feed, !feed.hasEnded { try? await Task.sleep(for: .milliseconds(20)) }
    }
}
