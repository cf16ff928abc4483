/// The control frames of a market-stream connection (spec §5): requests
/// `{"method":"SUBSCRIBE","params":["btcusdt@depth@100ms"],"id":1}` and Binance's replies
/// `{"result":null,"id":1}`, `{"result":[...],"id":1}` and `{"error":{"code":2,"msg":"..."},"id":1}`.
///
/// Binance's error codes for these frames: 0 unknown property, 1 invalid value type,
/// 2 invalid request (bad method, params or id), 3 invalid JSON.
///
/// - Complexity: O(frame size). Memory: the decoded request.
public enum BinanceStreamControl {
    /// The properties of `SET_PROPERTY`/`GET_PROPERTY` (Binance has one: `combined`).
    public static let properties: Set<String> = ["combined"]
    /// The most stream names in one request (Binance: 200 streams per connection).
    public static let maximumParameters = 200

    /// A decoded control request.
    public enum Request: Equatable, Sendable {
        /// `SUBSCRIBE` the names (not yet validated as ``BinanceStreamName``: the server answers
        /// an unknown name with ``Failure/invalidRequest(_:id:)``).
        case subscribe([String], id: BinanceRequestID)
        /// `UNSUBSCRIBE` the names.
        case unsubscribe([String], id: BinanceRequestID)
        /// `LIST_SUBSCRIPTIONS`.
        case listSubscriptions(id: BinanceRequestID)
        /// `SET_PROPERTY [name, value]`.
        case setProperty(String, Bool, id: BinanceRequestID)
        /// `GET_PROPERTY [name]`.
        case getProperty(String, id: BinanceRequestID)

        /// The request's id.
        public var id: BinanceRequestID {
            switch self {
            case let .subscribe(_, id), let .unsubscribe(_, id), let .listSubscriptions(id), let .setProperty(_, _, id),
                 let .getProperty(_, id):
                id
            }
        }
    }

    /// A refused control frame, encoded by ``json``.
    public struct Failure: Error, Equatable, Sendable {
        /// Binance's stream error code (0 ... 3).
        public var code: Int
        /// The message.
        public var msg: String
        /// The request's id (`null` when it could not be read).
        public var id: BinanceRequestID

        /// Code 0: `SET_PROPERTY`/`GET_PROPERTY` of an unknown property.
        public static func unknownProperty(id: BinanceRequestID) -> Failure {
            Failure(code: 0, msg: "Unknown property", id: id)
        }

        /// Code 1: a property value of the wrong type.
        public static func invalidValueType(id: BinanceRequestID) -> Failure {
            Failure(code: 1, msg: "Invalid value type: expected Boolean", id: id)
        }

        /// Code 2: `Invalid request: <detail>`.
        public static func invalidRequest(_ detail: String, id: BinanceRequestID) -> Failure {
            Failure(code: 2, msg: "Invalid request: \(detail)", id: id)
        }

        /// Code 3: the frame is not JSON.
        public static var invalidJSON: Failure {
            Failure(code: 3, msg: "Invalid JSON: expected value at line 1 column 1", id: .null)
        }

        /// `{"error":{"code":..,"msg":..},"id":..}`.
        public var json: [UInt8] {
            BinanceJSON.encode(ErrorFrame(error: BinanceCodeMessage(code: code, msg: msg), id: id))
        }
    }

    /// Decodes a text frame of a client.
    public static func decode(_ frame: [UInt8]) -> Result<Request, Failure> {
        guard let value = BinanceJSONValue.decode(frame) else { return .failure(.invalidJSON) }
        guard case let .object(object) = value else {
            return .failure(.invalidRequest("expected an object", id: .null))
        }
        guard let id = BinanceRequestID(object["id"]) else {
            return .failure(.invalidRequest("request ID must be an unsigned integer, a string or null", id: .null))
        }
        guard case let .string(method)? = object["method"] else {
            return .failure(.invalidRequest("missing field `method`", id: id))
        }
        let parameters: [BinanceJSONValue]
        switch object["params"] {
        case nil, .null?: parameters = []
        case let .array(values)?: parameters = values
        default: return .failure(.invalidRequest("invalid type: expected a sequence for `params`", id: id))
        }
        guard parameters.count <= maximumParameters else {
            return .failure(.invalidRequest("too many parameters", id: id))
        }
        switch method {
        case "SUBSCRIBE", "UNSUBSCRIBE":
            var names: [String] = []
            for parameter in parameters {
                guard case let .string(name) = parameter else {
                    return .failure(.invalidRequest("invalid type: expected a string stream name", id: id))
                }
                names.append(name)
            }
            guard !names.isEmpty else { return .failure(.invalidRequest("missing stream names", id: id)) }
            return .success(method == "SUBSCRIBE" ? .subscribe(names, id: id) : .unsubscribe(names, id: id))
        case "LIST_SUBSCRIPTIONS":
            return .success(.listSubscriptions(id: id))
        case "SET_PROPERTY", "GET_PROPERTY":
            guard case let .string(name)? = parameters.first else {
                return .failure(.invalidRequest("property name must be a string", id: id))
            }
            guard properties.contains(name) else { return .failure(.unknownProperty(id: id)) }
            if method == "GET_PROPERTY" { return .success(.getProperty(name, id: id)) }
            guard parameters.count == 2, case let .bool(flag) = parameters[1] else {
                return .failure(.invalidValueType(id: id))
            }
            return .success(.setProperty(name, flag, id: id))
        default:
            return .failure(.invalidRequest(
                "unknown variant `\(method.prefix(64))`, expected one of `SUBSCRIBE`, `UNSUBSCRIBE`, `LIST_SUBSCRIPTIONS`, `SET_PROPERTY`, `GET_PROPERTY`",
                id: id))
        }
    }

    /// `{"result":null,"id":..}`: the acknowledgement of SUBSCRIBE, UNSUBSCRIBE and SET_PROPERTY.
    public static func acknowledgement(id: BinanceRequestID) -> [UInt8] {
        BinanceJSON.encode(ResultFrame<[String]>(result: nil, id: id))
    }

    /// `{"result":["btcusdt@depth@100ms",...],"id":..}`: the reply of LIST_SUBSCRIPTIONS.
    public static func subscriptions(_ names: [String], id: BinanceRequestID) -> [UInt8] {
        BinanceJSON.encode(ResultFrame(result: names, id: id))
    }

    /// `{"result":true,"id":..}`: the reply of GET_PROPERTY.
    public static func property(_ value: Bool, id: BinanceRequestID) -> [UInt8] {
        BinanceJSON.encode(ResultFrame(result: value, id: id))
    }

    private struct ResultFrame<Result: Encodable>: Encodable {
        var result: Result?
        var id: BinanceRequestID

        enum CodingKeys: String, CodingKey { case result, id }

        func encode(to encoder: any Encoder) throws {
            var object = encoder.container(keyedBy: CodingKeys.self)
            if let result { try object.encode(result, forKey: .result) } else { try object.encodeNil(forKey: .result) }
            try object.encode(id, forKey: .id)
        }
    }

    private struct ErrorFrame: Encodable {
        var error: BinanceCodeMessage
        var id: BinanceRequestID
    }
}
