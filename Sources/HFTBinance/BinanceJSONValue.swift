import Foundation

/// Any JSON value, as decoded from a client's frame (market-stream control frames and
/// WebSocket API requests). Booleans and numbers stay apart (Foundation's strict decoder
/// refuses a number for a `Bool`), integers are exact `Int64`, other numbers keep their
/// decimal text through `Decimal`.
///
/// - Complexity: O(size of the frame). Memory: the decoded tree.
enum BinanceJSONValue: Decodable, Sendable, Equatable {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Decimal)
    case string(String)
    case array([BinanceJSONValue])
    case object([String: BinanceJSONValue])

    /// The largest client frame decoded.
    static let maximumFrameBytes = 65_536

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Decimal.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([BinanceJSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: BinanceJSONValue].self))
        }
    }

    /// Decodes a frame; `nil` if it is not JSON (or larger than ``maximumFrameBytes``).
    static func decode(_ bytes: [UInt8]) -> BinanceJSONValue? {
        guard bytes.count <= maximumFrameBytes else { return nil }
        return try? JSONDecoder().decode(BinanceJSONValue.self, from: Data(bytes))
    }

    /// The text a signing client wrote for a scalar parameter (`true`, `12`, `0.001`, the string itself).
    var parameterText: String? {
        switch self {
        case let .string(text): text
        case let .integer(number): String(number)
        case let .number(number): number.description
        case let .bool(flag): flag ? "true" : "false"
        case .null, .array, .object: nil
        }
    }
}

/// The `id` of a client's request frame: Binance accepts an integer, a string or `null` and
/// echoes it unchanged in the reply (spec §5).
public enum BinanceRequestID: Hashable, Sendable, Encodable {
    /// A JSON integer.
    case number(Int64)
    /// A JSON string.
    case string(String)
    /// JSON `null` (or absent).
    case null

    /// Encodes the id as received.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case let .number(number): try container.encode(number)
        case let .string(text): try container.encode(text)
        case .null: try container.encodeNil()
        }
    }

    /// The id of a decoded value, or `nil` if the value cannot be an id.
    init?(_ value: BinanceJSONValue?) {
        switch value {
        case nil, .null?: self = .null
        case let .integer(number)?: self = .number(number)
        case let .string(text)? where text.utf8.count <= 64: self = .string(text)
        default: return nil
        }
    }
}
