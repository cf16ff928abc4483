import ArgumentParser
import Foundation
import HFTGateway
import HFTVenueServer
import Histogram

/// `hft-load`: a load generator for `hft-venue` that signs like a real client.
///
/// Modes:
/// - `ws-api`: orders over the WebSocket API (`order.place` on `/ws-fapi/v1`), pipelined
///   on each connection up to `--in-flight` requests;
/// - `rest`: signed `POST /fapi/v1/order` over keep-alive connections;
/// - `oms`: intent to acknowledged order through the order manager, session and gateway
///   (WebSocket order API), closed loop, one order at a time; `--node` repeated gives it a
///   replicated venue's shard, whose failover it follows;
/// - `streams`: `--subscribers` market-stream connections (diff depth and trades) while
///   `ws-api` order flow runs at `--rate`; reports the delivery lag (receive time − the
///   event's `E`);
/// - `host`: no network: venue commands straight to an in-process engine host on a new
///   journal, `--in-flight` in all, first without replication, then (with `--replicate`)
///   with the command log on NATS JetStream; reports both and the latency replication adds.
///
/// The order flow alternates a limit BUY of one account and a limit SELL of the other at
/// the same price, so that orders rest and fill and positions stay near flat. Figures:
/// orders/s acknowledged, and the acknowledgement latency (send → reply) as percentiles.
@main
struct LoadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hft-load",
        abstract: "Load generator for hft-venue: signed orders over the WebSocket API or REST, stream subscribers, or an in-process host with and without replication.")

    @Option(help: "The venue's configuration file (its first two accounts place the orders).")
    var config: String = "Examples/hft-venue.json"
    @Option(help: "Host of the venue (its port comes from the configuration unless --port).")
    var host = "127.0.0.1"
    @Option(help: "Port of the public API (default: the configuration's).") var port: Int?
    @Option(name: [.customLong("node"), .customLong("nodes")],
            help: ArgumentHelp("oms: a node of the venue's shard (repeat, or comma-separated; replaces --host/--port): the gateway follows a failover between them.",
                               valueName: "host:port"))
    var nodes: [String] = []
    @Option(help: "ws-api, rest, streams, oms or host.") var mode = "ws-api"
    @Option(help: "Orders per second in all (0: as fast as the venue answers).") var rate = 0
    @Option(help: "Seconds of load.") var duration = 10.0
    @Option(help: "Connections placing orders.") var connections = 4
    @Option(help: "Requests in flight per connection (host: in all).") var inFlight = 64
    @Option(help: "Stream subscribers (streams mode).") var subscribers = 1_000
    @Option(help: "Symbol.") var symbol = "BTCUSDT"
    @Option(help: "Write the result as JSON to this file.") var json: String?
    @Option(help: ArgumentHelp("host: also run with the command log replicated to NATS JetStream (comma-separated nats:// URLs).",
                               valueName: "urls"))
    var replicate: String?
    @Option(help: "host: copies JetStream keeps of the command log (1 on one server, 3 on a 3-node cluster).")
    var streamReplicas = 1
    @Option(help: "host: the replicated primary appends its state hash every this many commands (0: never).")
    var checkpointInterval: UInt64 = 10_000

    func run() async throws {
        let venue = try VenueServiceConfiguration.load(path: config)
        guard venue.accounts.count >= 2, let spec = venue.symbols.first(where: { $0.name == symbol }) else {
            throw ValidationError("the configuration needs two accounts and symbol \(symbol)")
        }
        guard connections >= 1, inFlight >= 1, duration > 0, rate >= 0 else { throw ValidationError("bad load parameters") }
        if mode == "host" {
            Self.watchdog(seconds: 2 * duration + 60)
            let report = try await runHost(venue)
            print(report.text)
            try write(report)
            return
        }
        let flow = OrderFlow(symbol: symbol, price: spec.initialPrice, quantity: spec.minQty ?? spec.stepSize,
                             accounts: venue.accounts.prefix(2).map { ($0.apiKey, $0.secret) })
        let probe = EngineProbe(configuration: venue)
        let before = await probe.read()
        Self.watchdog(seconds: duration + (mode == "streams" ? 120 : 40))
        let report = try await load(venue, flow: flow)
        let after = await probe.read()
        var final = report
        final.mode = mode
        final.engine = EngineProbe.delta(before, after)
        print(final.text)
        try write(final)
    }

    /// Writes `report` as JSON to the `--json` file, if there is one.
    func write(_ report: some Encodable) throws {
        guard let json else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(report).write(to: URL(fileURLWithPath: json))
    }

    /// Runs the mode's load and returns its figures.
    func load(_ venue: VenueServiceConfiguration, flow: OrderFlow) async throws -> LoadReport {
        let port = port ?? venue.listen.port
        let perConnectionRate = rate == 0 ? 0 : max(1, rate / connections)
        var report: LoadReport
        var lag: LoadReport.Lag?
        switch mode {
        case "ws-api":
            report = try await WebSocketOrderLoad(host: host, port: port, flow: flow).run(
                connections: connections, inFlight: inFlight, rate: perConnectionRate, duration: duration)
        case "rest":
            report = try await RESTOrderLoad(host: host, port: port, flow: flow).run(
                connections: connections, inFlight: inFlight, rate: perConnectionRate, duration: duration)
        case "oms":
            let first = venue.accounts[0]
            guard let shard = GatewayNode.list(nodes, orHost: host, port: port) else { throw ValidationError("--node is host:port") }
            report = try await OrderManagerLoad(nodes: shard, account: (first.apiKey, first.secret), symbol: symbol)
                .run(duration: duration)
        case "streams":
            let watchers = StreamSubscribers(host: host, port: port, symbol: symbol)
            try await watchers.connect(count: subscribers)
            report = try await WebSocketOrderLoad(host: host, port: port, flow: flow).run(
                connections: connections, inFlight: inFlight, rate: perConnectionRate, duration: duration)
            lag = await watchers.stop()
        default:
            throw ValidationError("--mode is ws-api, rest, streams, oms or host")
        }
        report.lag = lag
        return report
    }

    /// Ends the process with status 2 after `seconds` (a venue that stops answering in the
    /// middle of a run must not hang the load forever; a task group would wait for its
    /// children however they ignore cancellation, so the watchdog exits instead).
    static func watchdog(seconds: Double) {
        Task.detached {
            try await Task.sleep(for: .milliseconds(Int64(seconds * 1_000)))
            FileHandle.standardError.write(Data("hft-load: no result within \(Int(seconds)) s: is the venue running?\n".utf8))
            Foundation.exit(2)
        }
    }
}
