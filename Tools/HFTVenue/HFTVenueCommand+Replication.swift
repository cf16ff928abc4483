import ArgumentParser
import Foundation
import HFTReplication
import HFTService
import Logging

/// How `hft-venue`'s replication flags become the shard's log, feed and leadership (issue 15).
extension HFTVenueCommand {
    var names: CommandLogNames {
        get throws {
            guard let names = CommandLogNames(shard: shard) else { throw ValidationError("--shard: 1 to 32 letters, digits, '-' or '_'") }
            return names
        }
    }

    var node: String { nodeName ?? "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)" }

    static func urls(_ servers: String) -> [String] {
        servers.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
    }
}

#if NATS
extension HFTVenueCommand {
    /// How a standby makes its feed once its host has recovered.
    func follower(servers: String) throws -> (VenueHost) throws -> any StandbyFeed {
        let names = try names, urls = Self.urls(servers), node = node
        return { host in
            try CommandLogFollower(.init(servers: urls, name: "hft-venue standby \(node)"), names: names, host: host)
        }
    }

    /// A standby or replica started before its shard's first primary waits for the stream
    /// (logging once, then every minute) instead of failing at its start.
    func waitForStream(servers: String, logger: Logger) async throws {
        let connection = try NATSConnection(.init(servers: Self.urls(servers), name: "hft-venue stream probe \(node)"))
        let names = try names
        var waiting = 0
        while try !CommandLogStream.exists(names, on: connection) {
            if waiting % 120 == 0 {
                logger.notice("waiting for the shard's stream: start its primary (--replicate)", metadata: ["stream": "\(names.stream)"])
            }
            waiting += 1
            try await Task.sleep(for: .milliseconds(500))
        }
    }

    /// The command log this node appends to as the primary.
    func primaryLog(servers: String, logger: Logger) throws -> any CommandReplicator {
        let names = try names
        guard (1...5).contains(streamReplicas) else { throw ValidationError("--stream-replicas: 1 to 5") }
        let urls = Self.urls(servers)
        let log = try commandLog(urls)
        logger.info("replicating the command log", metadata: ["stream": "\(names.stream)", "servers": "\(urls)", "node": "\(node)"])
        return log
    }

    func commandLog(_ urls: [String]) throws -> JetStreamCommandLog {
        try JetStreamCommandLog(.init(connection: .init(servers: urls, name: "hft-venue \(node)"), names: names,
                                      stream: .init(replicas: Int64(streamReplicas)), holder: node))
    }

    func lease(_ urls: [String], role: String) throws -> LeaderLease {
        try LeaderLease(.init(servers: urls, name: "hft-venue \(role) lease \(node)"), names: names, holder: node,
                        timeToLiveMilliseconds: leaseTtlMs, replicas: Int32(streamReplicas))
    }

    /// A primary takes the shard's lease before it serves (waiting up to three times its time
    /// to live for a crashed primary's lease to lapse) and keeps it while it serves.
    func primaryLease(servers: String, logger: Logger) async throws -> any ShardLeadership {
        let keeper = LeaseKeeper(lease: try lease(Self.urls(servers), role: "primary"), logger: logger)
        try await keeper.acquire(patience: keeper.timeToLive * 3)
        logger.info("holding the primary lease", metadata: ["bucket": "\(keeper.lease.names.leaseBucket)", "node": "\(node)"])
        return keeper
    }

    /// A standby's failover: it watches the lease and, when it lapses, promotes itself with
    /// a command log of its own.
    func promoter(servers: String, logger: Logger) throws -> any ShardLeadership {
        let urls = Self.urls(servers)
        let command = self
        return StandbyPromoter(lease: try lease(urls, role: "standby"), logger: logger) {
            try command.commandLog(urls)
        }
    }
}
#else
extension HFTVenueCommand {
    func follower(servers: String) throws -> (VenueHost) throws -> any StandbyFeed { throw NATSError.unavailable }
    func waitForStream(servers: String, logger: Logger) async throws { throw NATSError.unavailable }
    func primaryLog(servers: String, logger: Logger) throws -> any CommandReplicator { throw NATSError.unavailable }
    func primaryLease(servers: String, logger: Logger) async throws -> any ShardLeadership { throw NATSError.unavailable }
    func promoter(servers: String, logger: Logger) throws -> any ShardLeadership { throw NATSError.unavailable }
}
#endif
