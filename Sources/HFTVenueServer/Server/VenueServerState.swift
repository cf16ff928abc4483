import Foundation
import HFTBinance
import HFTEngine
import HFTService
import Hummingbird

/// What every route of the service shares: the engine host, the configuration in venue
/// units with its look-up tables, the read model (``VenueServiceSink``), authentication,
/// rate limits, listen keys and the stream hub.
///
/// - Memory: created once at start; immutable apart from the locked state of its parts.
final class VenueServerState: Sendable {
    let configuration: VenueServiceConfiguration
    let resolved: ResolvedVenueService
    let host: VenueHost
    let sink: VenueServiceSink
    let symbols: [ServiceSymbol]
    let symbolsByName: [String: ServiceSymbol]
    /// Each symbol's maintenance-margin brackets as the venue applies them, by symbol index
    /// (built once: ``bracketTable(_:)``).
    let bracketTables: [BracketTable]
    let accountsByName: [String: ResolvedAccount]
    let authenticator: BinanceAuthenticator
    let rateLimiter: BinanceRateLimiter
    let clientOrderIds = ClientOrderIds()
    let listenKeys = ListenKeys()
    let hub: StreamHub
    /// Faults injected on purpose (``FaultPlan``); none unless configured.
    let faults: FaultInjector
    /// A read replica (`hft-venue --replica`): it follows the replicated log like a standby
    /// but never takes over; it serves market data and reads.
    let readReplica: Bool

    init(configuration: VenueServiceConfiguration, resolved: ResolvedVenueService, host: VenueHost, sink: VenueServiceSink,
         readReplica: Bool = false) {
        self.readReplica = readReplica
        self.configuration = configuration
        self.resolved = resolved
        self.host = host
        self.sink = sink
        symbols = resolved.symbols.map(\.service)
        symbolsByName = Dictionary(uniqueKeysWithValues: symbols.map { ($0.name, $0) })
        bracketTables = symbols.map(Self.brackets)
        accountsByName = Dictionary(uniqueKeysWithValues: resolved.accounts.map { ($0.name, $0) })
        authenticator = BinanceAuthenticator(keys: Dictionary(uniqueKeysWithValues: resolved.accounts.map {
            ($0.apiKey, BinanceAuthenticator.Key(account: $0.index, secret: $0.secret))
        }))
        rateLimiter = BinanceRateLimiter(configuration: resolved.rateLimits)
        faults = FaultInjector(plan: configuration.faults)
        hub = StreamHub(maxPending: configuration.connections?.maxPendingStreamMessages ?? 4_096, faults: faults)
    }

    /// Decimals of the money unit.
    var moneyDecimals: Int { resolved.money.scale }

    /// `value` as a JSON response (Foundation's encoder; the admin API).
    func json(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws -> Response {
        let data = try JSONEncoder().encode(value)
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
