import HFTService
import Logging
import ServiceLifecycle

/// Writes a snapshot of the venue and read model every `intervalSeconds`
/// (`snapshotIntervalSeconds` of the configuration), skipping an interval in which nothing
/// was committed. A failed snapshot is logged and the next interval tries again; the
/// service keeps running either way.
///
/// - Memory: none of its own; each snapshot's bytes live until they are written.
struct SnapshotSchedule: Service {
    static let defaultIntervalSeconds = 300

    let host: VenueHost
    let intervalSeconds: Int
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            _ = try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(intervalSeconds)) }
            guard !Task.isShuttingDownGracefully && !Task.isCancelled else { return }
            await Self.snapshotIfChanged(host, logger: logger, reason: "schedule")
        }
    }

    /// Writes a snapshot when the journal has grown since the newest pair; logs the result.
    static func snapshotIfChanged(_ host: VenueHost, logger: Logger, reason: String) async {
        guard host.currentState == .running,
              host.statistics.lastDurableSequence > host.lastSnapshotSequence else { return }
        do {
            let report = try await host.snapshot()
            logger.info("snapshot written", metadata: [
                "reason": "\(reason)", "sequence": "\(report.sequence)", "bytes": "\(report.bytes)",
                "venuePauseMicroseconds": "\(report.venuePauseNanoseconds / 1_000)",
                "readModelPauseMicroseconds": "\(report.readModelPauseNanoseconds / 1_000)",
                "writeMicroseconds": "\(report.writeNanoseconds / 1_000)", "segmentsPruned": "\(report.segmentsPruned)",
            ])
        } catch {
            logger.error("snapshot failed", metadata: ["reason": "\(reason)", "error": "\(error)"])
        }
    }
}
