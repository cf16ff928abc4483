import Foundation

/// The one JSON encoder configuration of every Binance reply and stream message (spec §3–§6):
/// Foundation's `JSONEncoder` with `/` not escaped (Binance writes paths plainly) and sorted
/// keys. Clients do not depend on key order, but Foundation on Linux writes an object's keys
/// in hash order, which differs from one encoding to the next; sorting makes every message
/// deterministic (the same event gives the same bytes, for tests, logs and shared encodings).
/// Decimals are already strings in the shapes, so no number formatting strategy is involved.
///
/// - Complexity: O(size of the value). Memory: allocates the returned bytes.
public enum BinanceJSON {
    /// The shared encoder: configured once, never mutated afterwards, so concurrent use is safe.
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        return encoder
    }()

    /// The JSON bytes of `value`. Encoding the service's plain shapes cannot fail; should it
    /// ever, the reply is Binance's internal error body rather than a trap.
    public static func encode(_ value: some Encodable) -> [UInt8] {
        guard let data = try? encoder.encode(value) else {
            return Array(#"{"code":-1000,"msg":"An unknown error occurred while processing the request."}"#.utf8)
        }
        return [UInt8](data)
    }
}

/// A `{"code":..,"msg":..}` body: every error (§3), and the success replies
/// `{"code":200,"msg":"success"}` (`POST /fapi/v1/marginType`, §4.13) and
/// `{"code":200,"msg":"The operation of cancel all open order is done."}` (§4.19).
public struct BinanceCodeMessage: Encodable, Sendable, Equatable {
    /// Binance's code: negative for errors, 200 for the success replies.
    public var code: Int
    /// The message text.
    public var msg: String

    /// A body with `code` and `msg`.
    public init(code: Int, msg: String) {
        self.code = code
        self.msg = msg
    }

    /// `{"code":200,"msg":"success"}` (§4.13).
    public static let success = BinanceCodeMessage(code: 200, msg: "success")

    /// The reply of `DELETE /fapi/v1/allOpenOrders` (§4.19).
    public static let allOpenOrdersCanceled = BinanceCodeMessage(
        code: 200, msg: "The operation of cancel all open order is done.")
}

/// `{}`: the reply of `GET /fapi/v1/ping` and `DELETE /fapi/v1/listenKey` (§4).
public struct BinanceEmptyObject: Encodable, Sendable, Equatable {
    /// The empty object.
    public init() {}
}
