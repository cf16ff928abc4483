import HFTBinance
import HFTEngine
import HFTService
import HTTPTypes
import Hummingbird

extension VenueServerState {
    static let apiKeyHeader = HTTPField.Name("X-MBX-APIKEY")!

    /// Binance's server time: milliseconds since the Unix epoch.
    var nowMilliseconds: Int64 { ServiceClock.wallNanoseconds() / 1_000_000 }

    /// The parameters of `request` exactly as received (query and form body).
    func parameters(_ request: Request, context: VenueRequestContext) async throws -> BinanceParameters {
        var request = request
        let body = try await request.collectBody(upTo: BinanceParameters.maximumBytes + 1)
        return try BinanceParameters(query: request.uri.query ?? "", body: Array(buffer: body))
    }

    /// The parameters and account of a SIGNED request (API key, signature, time window).
    func signed(_ request: Request, context: VenueRequestContext) async throws -> (BinanceParameters, Int64) {
        let p = try await parameters(request, context: context)
        let account = try authenticator.authenticate(apiKey: request.headers[Self.apiKeyHeader], parameters: p,
                                                     serverTimeMilliseconds: nowMilliseconds)
        return (p, account)
    }

    /// The account of a USER_STREAM request (API key only).
    func apiKeyOnly(_ request: Request) throws -> Int64 {
        try authenticator.apiKeyOnly(apiKey: request.headers[Self.apiKeyHeader])
    }

    /// The symbol named `name`, or -1121.
    func symbol(_ name: String) throws(BinanceError) -> ServiceSymbol {
        guard let symbol = symbolsByName[name] else { throw .invalidSymbol }
        return symbol
    }

    /// Submits a command; the engine's refusals become Binance's.
    func submit(_ command: VenueCommand) async throws -> CommandOutcome {
        do {
            return try await host.submit(command)
        } catch EngineFailure.overloaded {
            throw BinanceError.overloaded
        } catch EngineFailure.notPrimary {
            throw BinanceError.disconnected
        } catch {
            throw BinanceError.unknown
        }
    }
}
