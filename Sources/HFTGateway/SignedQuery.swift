import Foundation
import HFTBinance

/// The text of a Binance request's parameters: `name=value` pairs joined by `&`, values
/// percent-encoded (RFC 3986 unreserved characters kept), and, for a signed request,
/// `timestamp` and `recvWindow` appended and then `signature`, the HMAC-SHA256 of all the
/// text before it (Binance, "SIGNED endpoint security"; spec §2). The same text goes in
/// the query string (GET, DELETE) or the form body (POST, PUT).
public enum SignedQuery {
    /// The characters a value keeps unencoded (RFC 3986 §2.3).
    static let unreserved = CharacterSet(charactersIn:
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// `name=value&...` of `parameters`, in the given order.
    public static func encode(_ parameters: [(String, String)]) -> String {
        parameters.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: unreserved) ?? $0.1)" }
            .joined(separator: "&")
    }

    /// The signed text of `parameters` at exchange time `timestamp`.
    public static func signed(_ parameters: [(String, String)], timestamp: Int64, recvWindow: Int64, secret: String) -> String {
        var text = encode(parameters + [("timestamp", String(timestamp)), ("recvWindow", String(recvWindow))])
        text += "&signature=" + BinanceSignature.sign(secret: secret, payload: Array(text.utf8))
        return text
    }
}
