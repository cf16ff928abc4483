import Foundation

/// What `--mode host` measured: the in-process host without replication (the baseline)
/// and, with `--replicate`, the same load with every command in the JetStream log before
/// its acknowledgement. The added latency is the replicated run's percentile minus the
/// baseline's (µs).
struct HostReport: Codable {
    /// The replicated run and what it adds to the baseline.
    struct Replicated: Codable {
        var servers: [String]
        var streamReplicas: Int
        var run: LoadReport
        /// JetStream messages appended, and the commands they carried (the log's batching).
        var messages: Int?
        var commands: Int?
        var addedP50Microseconds: Double
        var addedP99Microseconds: Double

        init(servers: [String], streamReplicas: Int, run: LoadReport, baseline: LoadReport,
             appended: (messages: Int, commands: Int)?) {
            self.servers = servers
            self.streamReplicas = streamReplicas
            self.run = run
            messages = appended?.messages
            commands = appended?.commands
            addedP50Microseconds = run.p50Microseconds - baseline.p50Microseconds
            addedP99Microseconds = run.p99Microseconds - baseline.p99Microseconds
        }
    }

    var mode = "host"
    var inFlight: Int
    /// Commands per second the load was paced at (0: as fast as the host acknowledges).
    var rate: Int
    var durability: String
    var baseline: LoadReport
    var replicated: Replicated?

    var text: String {
        let pace = rate == 0 ? "unpaced" : "paced at \(rate) commands/s"
        var s = "in-process venue host, \(inFlight) commands in flight, \(pace), durability \(durability)\n" + baseline.text
        guard let replicated else { return s }
        s += "\n" + replicated.run.text
        if let messages = replicated.messages, let commands = replicated.commands, messages > 0 {
            s += String(format: "\nJetStream: %d messages for %d commands (%.1f commands/message)", messages, commands,
                        Double(commands) / Double(messages))
        }
        s += String(format: "\nadded by replication (R%d) to the ack latency µs: p50 %+.0f  p99 %+.0f", replicated.streamReplicas,
                    replicated.addedP50Microseconds, replicated.addedP99Microseconds)
        return s
    }
}
