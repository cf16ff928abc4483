import HFTBinance
import HTTPTypes
import Hummingbird
import NIOCore

/// Successful and refused Binance replies.
enum BinanceReply {
    /// `value` as JSON (the wire-format structs of ``BinanceJSON``).
    static func json(_ value: some Encodable, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(status: .ok, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: BinanceJSON.encode(value))))
    }

    /// A refusal as Binance sends it: its HTTP status, `{"code":..,"msg":..}`, and
    /// `Retry-After` for 429 and 418.
    static func error(_ error: BinanceError, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json"
        if let retryAfter = error.retryAfter { fields[.retryAfter] = "\(retryAfter)" }
        return Response(status: HTTPResponse.Status(code: error.status), headers: fields,
                        body: .init(byteBuffer: ByteBuffer(bytes: error.json)))
    }
}
