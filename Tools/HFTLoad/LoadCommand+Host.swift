import ArgumentParser
import HFTVenueServer

extension LoadCommand {
    /// `--mode host`: the baseline run on an in-process venue host, then, with `--replicate`,
    /// the same load with the command log replicated to JetStream (a new stream of
    /// `--stream-replicas` copies).
    func runHost(_ venue: VenueServiceConfiguration) async throws -> HostReport {
        let resolved = try venue.resolved()
        guard let flow = HostOrderFlow(resolved, symbol: symbol) else {
            throw ValidationError("the configuration needs two accounts and symbol \(symbol)")
        }
        guard (1...5).contains(streamReplicas) else { throw ValidationError("--stream-replicas: 1 to 5") }
        let replication = replicate.map {
            LoadReplication(servers: $0.split(separator: ",").map { String($0) }, replicas: streamReplicas)
        }
        let load = HostLoad(resolved: resolved, flow: flow, checkpointInterval: checkpointInterval)
        var baseline = try await load.run(replicator: nil, inFlight: inFlight, rate: rate, duration: duration)
        baseline.mode = "baseline"
        var report = HostReport(inFlight: inFlight, rate: rate, durability: "\(resolved.durability)", baseline: baseline)
        if let replication {
            let log = try replication.makeLog()
            var run = try await load.run(replicator: log, inFlight: inFlight, rate: rate, duration: duration)
            run.mode = "replicated R\(streamReplicas)"
            report.replicated = .init(servers: replication.servers, streamReplicas: streamReplicas, run: run, baseline: baseline,
                                      appended: LoadReplication.appended(by: log))
            try replication.remove(log)
        }
        return report
    }
}
