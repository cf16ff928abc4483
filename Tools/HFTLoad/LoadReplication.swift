import HFTReplication
import HFTService

/// The command log of `--mode host --replicate`: a JetStream stream on `servers` with
/// `replicas` copies, under a new random shard name for every run (a run starts from an
/// empty log, deleted by ``remove(_:)`` after the run). Needs a build with the `NATS` trait.
struct LoadReplication: Sendable {
    let servers: [String]
    let replicas: Int

    /// Connects, creates the run's stream and returns its primary's log (attached by the host).
    ///
    /// - Throws: `NATSError.unavailable` when this build has no NATS client (install
    ///   libnats-dev and rebuild), or the connection's or stream's failure.
    func makeLog() throws -> any CommandReplicator {
        #if NATS
        let names = CommandLogNames(shard: "load\(UInt32.random(in: 0 ... .max))")!
        return try JetStreamCommandLog(.init(connection: .init(servers: servers, name: "hft-load"), names: names,
                                             stream: .init(replicas: Int64(replicas)), holder: "hft-load"))
        #else
        throw NATSError.unavailable
        #endif
    }

    /// Deletes the run's stream from the servers.
    func remove(_ log: any CommandReplicator) throws {
        #if NATS
        guard let log = log as? JetStreamCommandLog else { return }
        try CommandLogStream.delete(log.configuration.names,
                                    on: NATSConnection(.init(servers: servers, name: "hft-load clean-up")))
        #endif
    }

    /// Messages and commands a log appended (how well it batched), or nil for another replicator.
    static func appended(by log: any CommandReplicator) -> (messages: Int, commands: Int)? {
        #if NATS
        guard let log = log as? JetStreamCommandLog else { return nil }
        return (log.messagesSent, log.commandsSent)
        #else
        return nil
        #endif
    }
}
