import ArgumentParser
import Foundation
import HFTReplication
import HFTService
import HFTVenueServer
import Logging

/// `hft-venue`: the venue as a network service speaking Binance USDⓈ-M Futures' API.
@main
struct HFTVenueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hft-venue",
        abstract: "The venue as a network service speaking Binance USDⓈ-M Futures' API.",
        discussion: """
            Example: swift run -c release hft-venue --config Examples/hft-venue.json
            Replicated primary: add --replicate nats://127.0.0.1:4222 --shard usdm --node-name a
            Hot standby: add --standby nats://127.0.0.1:4222 --shard usdm --node-name b (its own --config data directory)
            Standby that takes over when the primary dies: add --failover to the standby
            Read replica (market data and reads for many clients): add --replica nats://127.0.0.1:4222 --shard usdm
            """,
        version: VenueServerVersion.service)

    @Option(help: "The configuration file (JSON; see Examples/hft-venue.json).")
    var config: String

    @Option(help: "An index-price path to replay (`<seconds> <SYMBOL> <price>` lines; `hft index-feed` writes the 312 day).")
    var indexFeed: String?

    @Option(help: "Speed of the index feed: feed seconds per real second.")
    var feedSpeed: Double = 1

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    @Option(help: ArgumentHelp(
        "Run as the primary of a replicated venue: append every command to NATS JetStream before acknowledging it (comma-separated nats:// URLs of the cluster).",
        valueName: "urls"))
    var replicate: String?

    @Option(help: ArgumentHelp(
        "Run as a hot standby: apply the replicated log from NATS JetStream to this node's own journal and read model; client commands are refused (comma-separated nats:// URLs).",
        valueName: "urls"))
    var standby: String?

    @Option(help: ArgumentHelp(
        "Run as a read replica: follow the replicated log like a standby and serve market data, public REST and reads to many clients; never takes over (comma-separated nats:// URLs).",
        valueName: "urls"))
    var replica: String?

    @Option(help: ArgumentHelp(
        "A standby or replica with an empty data directory starts from the newest snapshot pair of this directory (a copy of another node's data directory) and applies only the log after it.",
        valueName: "directory"))
    var seedFrom: String?

    @Option(help: "The venue shard's name: its JetStream stream is HFT_<shard>, its subjects hft.<shard>.*.")
    var shard: String = "default"

    @Option(help: "This node's name in the log's epochs (default: host name and process id).")
    var nodeName: String?

    @Option(help: "Copies JetStream keeps of the command log (1 on one server, 3 on a 3-node cluster).")
    var streamReplicas: Int = 1

    @Option(help: "A primary appends its venue's state hash every this many commands (standbys check it; 0: never).")
    var checkpointInterval: UInt64 = 10_000

    @Flag(help: "A standby takes over as the primary when the primary's lease lapses (it stopped renewing it for --lease-ttl-ms).")
    var failover = false

    @Option(help: "The primary lease's time to live in milliseconds, set by the shard's first node: a primary renews it every third of it; a dead primary is replaced after about this long.")
    var leaseTtlMs: Int64 = 1_000

    func run() async throws {
        var logger = Logger(label: "hft-venue")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        VenueServer.bootstrapMetrics()
        let configuration = try VenueServiceConfiguration.load(path: config)
        guard feedSpeed > 0, feedSpeed.isFinite else { throw ValidationError("--feed-speed must be positive") }
        let feed = try indexFeed.map { (text: try String(contentsOfFile: $0, encoding: .utf8), speed: feedSpeed) }
        guard [replicate, standby, replica].count(where: { $0 != nil }) <= 1 else {
            throw ValidationError("--replicate, --standby and --replica exclude each other")
        }
        if failover, standby == nil { throw ValidationError("--failover is for a --standby") }
        guard (100...600_000).contains(leaseTtlMs) else { throw ValidationError("--lease-ttl-ms: 100 to 600000") }
        if let seedFrom {
            guard standby != nil || replica != nil else { throw ValidationError("--seed-from is for a --standby or --replica") }
            if let sequence = try SnapshotSeed.seed(directory: configuration.dataDirectory, from: seedFrom) {
                logger.info("seeded from a snapshot", metadata: ["from": "\(seedFrom)", "sequence": "\(sequence)"])
            } else {
                logger.info("the data directory is not empty: --seed-from not used", metadata: ["directory": "\(configuration.dataDirectory)"])
            }
        }
        var leadership: (any ShardLeadership)?
        let server: VenueServer
        do {
            var replicator: (any CommandReplicator)?
            if let replicate {
                leadership = try await primaryLease(servers: replicate, logger: logger)
                replicator = try primaryLog(servers: replicate, logger: logger)
            }
            if let following = standby ?? replica { try await waitForStream(servers: following, logger: logger) }
            if let standby, failover { leadership = try promoter(servers: standby, logger: logger) }
            let standbyFeed = try (standby ?? replica).map { try follower(servers: $0) }
            server = try await VenueServer(configuration: configuration, logger: logger, indexFeed: feed, replicator: replicator,
                                           checkpointInterval: checkpointInterval, standbyFeed: standbyFeed,
                                           leadership: leadership, readReplica: replica != nil)
        } catch {
            leadership?.resign()
            throw error
        }
        try await server.run()
    }
}
