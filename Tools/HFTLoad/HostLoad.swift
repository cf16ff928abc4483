import Foundation
import HFTEngine
import HFTService
import HFTVenueServer

/// `--mode host`: orders submitted straight to an in-process ``VenueHost`` (engine thread,
/// journal with group commit, publisher, read model; no network), `inFlight` at a time, on
/// a new journal in a temporary directory set up with the configuration's symbols and
/// deposits. With a replicator every command is also in the replicated log before it is
/// acknowledged, so a run with one and a run without measure what replication adds.
/// Latency: `submit` → outcome.
struct HostLoad {
    /// The host stopped during the run (journal or replication failure): its figures mean nothing.
    struct Stopped: Error, CustomStringConvertible {
        let state: VenueHost.State
        var description: String { "the venue host stopped during the load: \(state)" }
    }

    let resolved: ResolvedVenueService
    let flow: HostOrderFlow
    /// The primary's state hash every this many commands when replicating (0: never).
    let checkpointInterval: UInt64

    func run(replicator: (any CommandReplicator)?, inFlight: Int, rate: Int, duration: Double) async throws -> LoadReport {
        let directory = NSTemporaryDirectory() + "hft-load-host-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var configuration = VenueHost.Configuration(venue: resolved.venue, directory: directory, durability: resolved.durability)
        configuration.checkpointInterval = replicator == nil ? 0 : checkpointInterval
        let host = try VenueHost.start(configuration, sink: ReadModelSink(resolved), replicator: replicator)
        do {
            try await VenueServer.bootstrap(resolved, host: host)
        } catch {
            await host.shutdown()
            throw error
        }
        let recorder = LoadRecorder()
        let elapsed = await ClosedLoop.run(workers: inFlight, rate: rate == 0 ? 0 : max(1, rate / inFlight),
                                           duration: duration) { n in
            let command = flow.order(n)
            let sent = ContinuousClock.now
            do {
                let outcome = try await host.submit(command)
                let elapsed = ContinuousClock.now - sent
                recorder.acknowledged(nanoseconds: elapsed.loadNanoseconds, refused: Self.refused(outcome))
            } catch {
                recorder.error()
                return host.currentState == .running
            }
            return true
        }
        let state = host.currentState
        await host.shutdown()
        guard state == .running else { throw Stopped(state: state) }
        return recorder.report(seconds: elapsed.loadSeconds)
    }

    /// True when the venue refused the order (or the whole command).
    static func refused(_ outcome: CommandOutcome) -> Bool {
        outcome.commandReject != nil || outcome.events.contains { $0.kind == .rejected }
    }
}
