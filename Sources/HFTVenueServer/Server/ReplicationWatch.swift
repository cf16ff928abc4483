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

/// Watches a replicated primary's host (every 50 ms) and ends the service group when
/// replication has failed. O(1) per check.
struct ReplicationWatch: Service {
    let host: VenueHost
    let logger: Logger

    func run() async throws {
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            if case .replicationFailed(let failure) = host.currentState {
                logger.critical("replication failed: stepping down", metadata: ["reason": "\(failure)"])
                throw ReplicationStepDown(failure: failure)
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
    }
}
