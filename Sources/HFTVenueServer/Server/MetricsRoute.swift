import Hummingbird
import Metrics
import Prometheus
import Synchronization

/// `GET /metrics` on the admin port: every swift-metrics figure of the process in
/// Prometheus' text format (the engine's counters and timers of ``VenueHostStatistics``,
/// the servers' own).
///
/// The Prometheus backend is bootstrapped once per process (swift-metrics allows one
/// bootstrap); later servers in the same process (tests) share it.
enum MetricsRoute {
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()

    /// Bootstraps the backend (call before any metric is created).
    static func bootstrap() { _ = registry }

    static func register(on router: Router<VenueRequestContext>, state: VenueServerState, fanout: StreamFanout) {
        let registry = registry
        let streamConnections = Gauge(label: "hft_stream_connections")
        let droppedClients = Gauge(label: "hft_stream_dropped_clients")
        let fanoutDropped = Gauge(label: "hft_stream_fanout_dropped")
        let queueDepth = Gauge(label: "hft_engine_queue_depth")
        let inFlight = Gauge(label: "hft_requests_in_flight")
        let insurance = Gauge(label: "hft_insurance_fund_money_units")
        router.get("metrics") { _, _ in
            // Gauges read at scrape time.
            streamConnections.record(state.hub.sessionCount)
            droppedClients.record(state.hub.droppedClients)
            fanoutDropped.record(fanout.droppedCommands)
            queueDepth.record(state.host.queueDepth)
            inFlight.record(state.host.inFlight)
            let fund = state.sink.insuranceFund.load(ordering: .relaxed)
            if fund >= 0 { insurance.record(fund) }
            var buffer: [UInt8] = []
            registry.emit(into: &buffer)
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                            body: .init(byteBuffer: ByteBuffer(bytes: buffer)))
        }
    }
}
