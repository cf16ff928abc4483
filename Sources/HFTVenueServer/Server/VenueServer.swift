import Foundation
import HFTEngine
import HummingbirdCore
import HummingbirdWebSocket
import HFTService
import Hummingbird
import Logging
import Metrics
import NIOCore
import Prometheus
import ServiceLifecycle

/// `hft-venue`: the venue behind Binance USDⓈ-M Futures' API.
///
/// Starting it recovers the journal (or, for a new one, applies the configuration's
/// symbols and deposits as ordinary journaled commands), then serves the public API
/// (REST and WebSocket on one port) and the admin API (its own port and key) until a
/// graceful shutdown (SIGTERM, SIGINT, or ``stop()``): the servers stop accepting, the
/// engine applies and commits what was queued, and both threads end.
///
/// - Memory: owns the engine host, the read model and the two Hummingbird applications.
public final class VenueServer: Sendable {
    public let configuration: VenueServiceConfiguration
    let state: VenueServerState
    let logger: Logger
    let group: ServiceGroup
    let ports: PortsBox

    /// The ports the public and admin servers listen on, once they are running (useful with
    /// port 0 in tests).
    public func boundPorts() async -> (public: Int, admin: Int) { await ports.wait() }

    /// Recovers or creates the venue and prepares both servers (nothing listens before
    /// ``run()``).
    ///
    /// With a `replicator` (`hft-venue --replicate`, issue 15) this server is the primary of a
    /// replicated venue: every command is in the replicated log before it is acknowledged,
    /// and when replication fails (a newer primary fenced this one, or the log is lost) the
    /// server steps down: ``run()`` ends with ``ReplicationStepDown``.
    ///
    /// With a `standbyFeed` (`hft-venue --standby`) it is a standby: the host applies only the
    /// replicated log (made by the closure once the host has recovered), client commands are
    /// refused (-1001), and the read model and market data follow the primary's; a
    /// `readReplica` is such a standby that is never promoted (its status says `replica`). A primary
    /// appends its state hash every `checkpointInterval` commands (0: never).
    ///
    /// With a `leadership` the node takes part in choosing the shard's primary: a primary
    /// keeps the lease while it serves (and steps down when it loses it), a standby with
    /// failover is promoted when the lease lapses and then serves clients as the primary.
    public init(configuration: VenueServiceConfiguration, logger: Logger, indexFeed: (text: String, speed: Double)? = nil,
                replicator: (any CommandReplicator)? = nil, checkpointInterval: UInt64 = 10_000,
                standbyFeed: ((VenueHost) throws -> any StandbyFeed)? = nil,
                leadership: (any ShardLeadership)? = nil, readReplica: Bool = false) async throws {
        self.configuration = configuration
        self.logger = logger
        let resolved = try configuration.resolved()
        let ledger = VenueLedger(symbols: resolved.symbols.map(\.service),
                                 configuration: VenueLedger.Configuration(moneyDecimals: resolved.money.scale))
        let sink = VenueServiceSink(ledger: ledger)
        var hostConfiguration = VenueHost.Configuration(venue: resolved.venue, directory: configuration.dataDirectory,
                                                        durability: resolved.durability)
        // A standby that may be promoted hashes too, so that its checkpoints go on once it is the primary.
        hostConfiguration.checkpointInterval = replicator == nil && leadership == nil ? 0 : checkpointInterval
        let host = try VenueHost.start(hostConfiguration, sink: sink, replicator: replicator,
                                       role: standbyFeed == nil ? .primary : .standby)
        for rejected in host.recovery.rejectedSnapshots {
            logger.warning("snapshot not used", metadata: ["sequence": "\(rejected.sequence)", "reason": "\(rejected.reason)"])
        }
        logger.info("journal recovered", metadata: [
            "directory": "\(configuration.dataDirectory)", "snapshotSequence": "\(host.recovery.snapshotSequence)",
            "commands": "\(host.recovery.commands)", "lastSequence": "\(host.recovery.lastSequence)",
            "tornBytesCut": "\(host.recovery.tornBytesCut)",
        ])
        var feed: (any StandbyFeed)?
        if let standbyFeed {
            do {
                let started = try standbyFeed(host)
                try started.start()
                feed = started
            } catch {
                await host.shutdown()
                throw error
            }
            logger.info("standby: following the replicated log", metadata: ["from": "\(host.recovery.lastSequence + 1)"])
        } else if host.recovery.lastSequence == 0 {
            do {
                try await Self.bootstrap(resolved, host: host)
            } catch {
                await host.shutdown()
                throw error
            }
        }
        let state = VenueServerState(configuration: configuration, resolved: resolved, host: host, sink: sink,
                                     readReplica: readReplica && feed != nil)
        self.state = state
        let ports = PortsBox()
        self.ports = ports

        let publicRouter = Router(context: VenueRequestContext.self)
        publicRouter.add(middleware: FaultMiddleware(faults: state.faults))
        publicRouter.add(middleware: RateLimitMiddleware(limiter: state.rateLimiter) { state.nowMilliseconds })
        MarketRoutes(state: state).register(on: publicRouter)
        OrderRoutes(state: state).register(on: publicRouter)
        AccountRoutes(state: state).register(on: publicRouter)
        let fanout = StreamFanout(publisher: StreamPublisher(state: state))
        _ = sink.subscribe { command, changes in fanout.enqueue(command, changes) }
        let marginCalls = MarginCallMonitor(state: state)
        _ = sink.subscribe { command, changes in marginCalls.watch(command, changes) }
        let connections = configuration.connections
        let publicApp = Application(
            router: publicRouter,
            server: .http1WebSocketUpgrade(configuration: .init(
                http1: .init(idleTimeout: .seconds(Int64(connections?.idleSeconds ?? 300))),
                ws: .init(maxFrameSize: 1 << 16, autoPing: .enabled(timePeriod: .seconds(180))))) { request, channel, _ in
                guard let endpoint = WebSocketEndpoint(path: request.path ?? "") else { return .dontUpgrade }
                let handler: any WebSocketMessageHandler = endpoint.kind == .orderAPI
                    ? WebSocketOrderAPI(state: state) : MarketStreamHandler(state: state)
                let connection = WebSocketConnection(hub: state.hub, handler: handler, endpoint: endpoint, maxMessageSize: 1 << 16)
                return .upgrade([:]) { inbound, outbound, _ in
                    try await connection.run(inbound: inbound, outbound: outbound, channel: channel)
                }
            },
            configuration: .init(address: .hostname(configuration.listen.host, port: configuration.listen.port),
                                 serverName: "hft-venue/\(VenueServerVersion.service)",
                                 availableConnectionsDelegate: MaximumAvailableConnections(connections?.maxConnections ?? 4_096)),
            onServerRunning: { channel in await ports.set(public: channel.localAddress?.port ?? 0) },
            logger: logger)

        let adminRouter = Router(context: VenueRequestContext.self)
        AdminRoutes(state: state).register(on: adminRouter)
        MetricsRoute.register(on: adminRouter, state: state, fanout: fanout)
        let adminApp = Application(
            router: adminRouter,
            configuration: .init(address: .hostname(configuration.admin.host, port: configuration.admin.port),
                                 serverName: "hft-venue-admin/\(VenueServerVersion.service)"),
            onServerRunning: { channel in await ports.set(admin: channel.localAddress?.port ?? 0) },
            logger: logger)

        // ServiceGroup shuts services down in reverse order: the servers first, then the engine,
        // then the shard's leadership (inserted first below), which gives the lease up.
        var services: [any Service] = [EngineService(host: host, sink: sink, logger: logger), fanout, publicApp, adminApp,
                                       ListenKeyExpiry(state: state)]
        let interval = configuration.snapshotIntervalSeconds ?? SnapshotSchedule.defaultIntervalSeconds
        if interval > 0 { services.append(SnapshotSchedule(host: host, intervalSeconds: interval, logger: logger)) }
        if replicator != nil || feed != nil { services.append(ReplicationWatch(host: host, feed: feed, logger: logger)) }
        if let leadership { services.insert(LeadershipService(leadership: leadership, host: host, feed: feed, logger: logger), at: 0) }
        if let indexFeed {
            let feed = try IndexFeed(text: indexFeed.text, symbols: state.symbolsByName)
            services.append(IndexFeedService(feed: feed, speed: indexFeed.speed, host: host, logger: logger))
        }
        group = ServiceGroup(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
    }

    /// Serves until a graceful shutdown.
    public func run() async throws {
        try await group.run()
    }

    /// Starts a graceful shutdown (as SIGTERM does).
    public func stop() async {
        await group.triggerGracefulShutdown()
    }

    /// Applies the configuration's symbols and deposits to a new journal.
    public static func bootstrap(_ resolved: ResolvedVenueService, host: VenueHost) async throws {
        for command in resolved.bootstrap {
            let outcome = try await host.submit(command)
            if let reject = outcome.commandReject {
                throw VenueServiceConfigurationError.invalid(
                    field: "symbols/accounts", reason: "the venue refused the set-up command \(command.kind): \(reject.code)")
            }
        }
    }
}

/// The engine host as a lifecycle service: it runs until graceful shutdown, then writes a
/// snapshot (when anything was committed since the last one) and stops the engine after
/// the requests already queued. The servers, which the group stops first, send nothing new.
struct EngineService: Service {
    let host: VenueHost
    let sink: VenueServiceSink
    let logger: Logger

    func run() async throws {
        try? await gracefulShutdown()
        await SnapshotSchedule.snapshotIfChanged(host, logger: logger, reason: "shutdown")
        await host.shutdown()
        sink.unsubscribeAll()
        logger.info("engine stopped", metadata: ["lastSequence": "\(host.statistics.lastDurableSequence)"])
    }
}

/// The bound ports, set by the servers when they run.
actor PortsBox {
    var publicPort: Int?
    var adminPort: Int?
    var waiters: [CheckedContinuation<(public: Int, admin: Int), Never>] = []

    func set(public port: Int) { publicPort = port; wake() }
    func set(admin port: Int) { adminPort = port; wake() }

    func wait() async -> (public: Int, admin: Int) {
        if let publicPort, let adminPort { return (publicPort, adminPort) }
        return await withCheckedContinuation { waiters.append($0) }
    }

    func wake() {
        guard let publicPort, let adminPort else { return }
        for waiter in waiters { waiter.resume(returning: (publicPort, adminPort)) }
        waiters.removeAll()
    }
}

extension VenueServer {
    /// Installs the Prometheus backend of swift-metrics (once per process), before any
    /// metric is created; `hft-venue` calls it first thing.
    public static func bootstrapMetrics() { MetricsRoute.bootstrap() }
}
