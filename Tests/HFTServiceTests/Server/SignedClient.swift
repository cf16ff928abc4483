import Foundation
import HFTBinance
import HFTVenueServer
import NIOHTTP1

/// A Binance client of the test server: signs like ccxt (form body for POST/PUT, query for
/// GET/DELETE, `timestamp` first and `recvWindow` last, signature of the raw bytes).
struct SignedClient {
    let server: any PublicEndpoint
    let key: String
    let secret: String

    init(_ server: any PublicEndpoint, account: String) {
        self.server = server
        let configured = server.configuration.accounts.first { $0.name == account }!
        key = configured.apiKey
        secret = configured.secret
    }

    /// A signed request; `timestamp` and `signature` may be overridden to test refusals.
    func send(_ method: HTTPMethod, _ path: String, _ params: [(String, String)] = [], timestamp: Int64? = nil,
              signature: String? = nil, key: String? = nil) async throws -> ServerHarness.Reply {
        var text = "timestamp=\(timestamp ?? Int64(Date().timeIntervalSince1970 * 1_000))"
        for (name, value) in params {
            text += "&\(name)=\(value.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_."))) ?? value)"
        }
        text += "&recvWindow=10000"
        text += "&signature=\(signature ?? BinanceSignature.sign(secret: secret, payload: Array(text.utf8)))"
        let headers = [("X-MBX-APIKEY", key ?? self.key)]
        if method == .POST || method == .PUT {
            return try await server.request(method, path, body: text, headers: headers, admin: false)
        }
        return try await server.request(method, path + "?" + text, body: nil, headers: headers, admin: false)
    }

    /// A NEW limit order.
    func limit(_ side: String, _ quantity: String, _ price: String, symbol: String = "BTCUSDT", tif: String = "GTC",
               clientId: String? = nil) async throws -> ServerHarness.Reply {
        var params = [("symbol", symbol), ("side", side), ("type", "LIMIT"), ("timeInForce", tif), ("quantity", quantity),
                      ("price", price)]
        if let clientId { params.append(("newClientOrderId", clientId)) }
        return try await send(.POST, "/fapi/v1/order", params)
    }
}

/// A venue the tests reach over HTTP: in this process (``ServerHarness``) or another
/// (``VenueProcess``).
protocol PublicEndpoint: Sendable {
    var configuration: VenueServiceConfiguration { get }
    /// One request to the public port (`admin: true`: the admin port, with its key).
    func request(_ method: HTTPMethod, _ path: String, body: String?, headers: [(String, String)], admin: Bool) async throws
        -> ServerHarness.Reply
}
