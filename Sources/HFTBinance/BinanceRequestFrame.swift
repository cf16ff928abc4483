import Foundation

/// The typed reading of a well-formed WebSocket API request frame
/// (`{"id":..,"method":"..","params":{"name":scalar,...}}`), the fast path of
/// ``BinanceWebSocketAPI/decode(_:)``.
///
/// ``BinanceJSONValue`` decodes any JSON by trying each type in turn, and every failed try
/// throws a `DecodingError` that builds its coding path and message: about ten throws per
/// order frame, most of the cost of an `order.place` on the service. This shape asks for
/// the expected types directly and tries a parameter as a string first (what clients send
/// for nearly every parameter), so a frame of string parameters decodes without a single
/// throw and a numeric `timestamp` costs one.
///
/// It accepts exactly the frames that the generic reading accepts and reads the same texts
/// (a parameter's text is ``BinanceJSONValue/parameterText``'s); anything else makes it
/// fail, and the caller falls back to the generic reading, which names the refusal.
///
/// - Complexity: O(frame size). Memory: the decoded strings.
struct BinanceRequestFrame: Decodable {
    /// The `id` (`null` when absent).
    var id: BinanceRequestID
    /// The non-empty `method`.
    var method: String
    /// The parameters' texts, by name (empty when `params` is absent or `null`).
    var params: [(name: String, text: String)]

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }

        static let id = Key(stringValue: "id")
        static let method = Key(stringValue: "method")
        static let params = Key(stringValue: "params")
    }

    /// Refusal of the fast path: the caller reads the frame the generic way.
    private struct NotFast: Error {}

    init(from decoder: any Decoder) throws {
        let frame = try decoder.container(keyedBy: Key.self)
        if try !frame.contains(.id) || frame.decodeNil(forKey: .id) {
            id = .null
        } else {
            if let number = try? frame.decode(Int64.self, forKey: .id) {
                id = .number(number)
            } else if let text = try? frame.decode(String.self, forKey: .id), text.utf8.count <= 64 {
                id = .string(text)
            } else {
                throw NotFast()
            }
        }
        method = try frame.decode(String.self, forKey: .method)
        guard !method.isEmpty else { throw NotFast() }
        params = []
        if frame.contains(.params), !(try frame.decodeNil(forKey: .params)) {
            let values = try frame.nestedContainer(keyedBy: Key.self, forKey: .params)
            params.reserveCapacity(values.allKeys.count)
            for key in values.allKeys {
                guard let text = try values.decode(Scalar.self, forKey: key).value.parameterText else { throw NotFast() }
                params.append((key.stringValue, text))
            }
        }
    }

    /// A scalar value, tried as the types clients most often send: string, integer,
    /// boolean, then any number.
    private struct Scalar: Decodable {
        var value: BinanceJSONValue

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) {
                value = .string(text)
            } else if let number = try? container.decode(Int64.self) {
                value = .integer(number)
            } else if let flag = try? container.decode(Bool.self) {
                value = .bool(flag)
            } else {
                value = .number(try container.decode(Decimal.self))
            }
        }
    }

    /// Reads `bytes` as a well-formed request, or `nil` (not JSON, a shape the generic
    /// reading must judge, or larger than ``BinanceJSONValue/maximumFrameBytes``).
    static func decode(_ bytes: [UInt8]) -> BinanceRequestFrame? {
        guard bytes.count <= BinanceJSONValue.maximumFrameBytes else { return nil }
        return try? JSONDecoder().decode(BinanceRequestFrame.self, from: Data(bytes))
    }
}
