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

    static func register(on router: Router<VenueRequestContext>) {
        let registry = registry
        router.get("metrics") { _, _ in
            var buffer: [UInt8] = []
            registry.emit(into: &buffer)
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                            body: .init(byteBuffer: ByteBuffer(bytes: buffer)))
        }
    }
}
