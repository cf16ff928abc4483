import Foundation
import HFTEngine
import HFTService
import Hummingbird

/// What every route of the service shares: the engine host, the configuration in venue
/// units with its look-up tables, and the read model (``VenueServiceSink``).
///
/// - Memory: created once at start; immutable apart from the sink's locked state.
final class VenueServerState: Sendable {
    let configuration: VenueServiceConfiguration
    let resolved: ResolvedVenueService
    let host: VenueHost
    let sink: VenueServiceSink
    let symbolsByName: [String: ResolvedSymbol]
    let accountsByName: [String: ResolvedAccount]
    let accountsByKey: [String: ResolvedAccount]

    init(configuration: VenueServiceConfiguration, resolved: ResolvedVenueService, host: VenueHost, sink: VenueServiceSink) {
        self.configuration = configuration
        self.resolved = resolved
        self.host = host
        self.sink = sink
        symbolsByName = Dictionary(uniqueKeysWithValues: resolved.symbols.map { ($0.name, $0) })
        accountsByName = Dictionary(uniqueKeysWithValues: resolved.accounts.map { ($0.name, $0) })
        accountsByKey = Dictionary(uniqueKeysWithValues: resolved.accounts.map { ($0.apiKey, $0) })
    }

    /// `value` as a JSON response (Foundation's encoder).
    func json(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws -> Response {
        let data = try JSONEncoder().encode(value)
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
