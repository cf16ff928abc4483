import Foundation
import HFTBinance
import Testing

/// Stream names (spec §1, §5), control frames (§5) and WebSocket API frames.
@Suite("Binance stream names, control frames and WebSocket API")
struct BinanceStreamControlTests {
    @Test("every stream form round trips")
    func streamNames() {
        var names = ["!bookTicker", "!markPrice@arr", "!markPrice@arr@1s",
                     "pqia91ma19a5s61cv6a81va65sdf19v8a65a1a5s61cv6a81va65sdf19v8a65a1", "XyZ123"]
        for speed in ["", "@0ms", "@100ms", "@500ms"] { names.append("btcusdt@depth\(speed)") }
        for levels in [5, 10, 20] {
            for speed in ["", "@100ms", "@500ms"] { names.append("ethusdt@depth\(levels)\(speed)") }
        }
        names += ["btcusdt@trade", "btcusdt@aggTrade", "btcusdt@bookTicker", "btcusdt@markPrice", "btcusdt@markPrice@1s"]
        names += BinanceStreamName.KlineInterval.allCases.map { "1000pepeusdt@kline_\($0.rawValue)" }
        for name in names {
            let parsed = BinanceStreamName(name)
            #expect(parsed?.description == name, "\(name)")
        }
        #expect(BinanceStreamName("btcusdt@depth@100ms") == .diffDepth(symbol: "BTCUSDT", speed: .fast))
        #expect(BinanceStreamName("btcusdt@kline_1M") == .kline(symbol: "BTCUSDT", interval: .oneMonth))
        #expect(BinanceStreamName("btcusdt@kline_1m") == .kline(symbol: "BTCUSDT", interval: .oneMinute))
        #expect(BinanceStreamName("btcusdt@depth20")?.symbol == "BTCUSDT")
        #expect(BinanceStreamName("!bookTicker")?.symbol == nil)
        #expect(BinanceStreamName.KlineInterval.oneHour.milliseconds == 3_600_000)
        #expect(BinanceStreamName.KlineInterval.oneMonth.milliseconds == nil)
    }

    @Test("malformed stream names are nil", arguments: [
        "", "@trade", "BTCUSDT@trade", "btcusdt@", "btcusdt@depth@250ms", "btcusdt@depth7", "btcusdt@depth5@0ms",
        "btcusdt@trade@100ms", "btcusdt@kline_2m", "btcusdt@kline", "btcusdt@markPrice@3s", "btcusdt@depth@100ms@x",
        "btc-usdt@trade", "!ticker", "key with space", "btcusdt@aggtrade",
    ])
    func badStreamNames(name: String) {
        #expect(BinanceStreamName(name) == nil)
        #expect(BinanceStreamName(String(repeating: "a", count: 200)) == nil)
    }

    static func decode(_ text: String) -> Result<BinanceStreamControl.Request, BinanceStreamControl.Failure> {
        BinanceStreamControl.decode(Array(text.utf8))
    }

    @Test("control requests: methods and id kinds")
    func controlRequests() {
        #expect(Self.decode(#"{"method":"SUBSCRIBE","params":["btcusdt@depth@100ms"],"id":1}"#)
            == .success(.subscribe(["btcusdt@depth@100ms"], id: .number(1))))
        #expect(Self.decode(#"{"method":"UNSUBSCRIBE","params":["a","b"],"id":"x1"}"#) == .success(.unsubscribe(["a", "b"], id: .string("x1"))))
        #expect(Self.decode(#"{"method":"LIST_SUBSCRIPTIONS","id":null}"#) == .success(.listSubscriptions(id: .null)))
        #expect(Self.decode(#"{"method":"LIST_SUBSCRIPTIONS"}"#) == .success(.listSubscriptions(id: .null)))
        #expect(Self.decode(#"{"method":"SET_PROPERTY","params":["combined",true],"id":5}"#) == .success(.setProperty("combined", true, id: .number(5))))
        #expect(Self.decode(#"{"method":"GET_PROPERTY","params":["combined"],"id":6}"#) == .success(.getProperty("combined", id: .number(6))))
    }

    @Test("control errors: codes 0 to 3")
    func controlErrors() throws {
        let cases: [(String, Int, BinanceRequestID)] = [
            ("not json", 3, .null), ("{", 3, .null), ("", 3, .null),
            ("[1]", 2, .null), (#"{"method":"SUBSCRIBE","params":["a"],"id":true}"#, 2, .null),
            (#"{"method":"SUBSCRIBE","params":["a"],"id":1.5}"#, 2, .null),
            (#"{"params":["a"],"id":3}"#, 2, .number(3)),
            (#"{"method":"FOO","id":3}"#, 2, .number(3)),
            (#"{"method":"SUBSCRIBE","params":"a","id":3}"#, 2, .number(3)),
            (#"{"method":"SUBSCRIBE","params":[1],"id":3}"#, 2, .number(3)),
            (#"{"method":"SUBSCRIBE","params":[],"id":3}"#, 2, .number(3)),
            (#"{"method":"SET_PROPERTY","params":["other",true],"id":4}"#, 0, .number(4)),
            (#"{"method":"SET_PROPERTY","params":["combined","yes"],"id":4}"#, 1, .number(4)),
            (#"{"method":"SET_PROPERTY","params":["combined",1],"id":4}"#, 1, .number(4)),
            (#"{"method":"GET_PROPERTY","params":[],"id":4}"#, 2, .number(4)),
        ]
        for (text, code, id) in cases {
            guard case let .failure(failure) = Self.decode(text) else {
                Issue.record("accepted: \(text)")
                continue
            }
            #expect(failure.code == code, "\(text)")
            #expect(failure.id == id, "\(text)")
            let object = try #require(try jsonObject(failure.json) as? [String: Any])
            #expect(Set(object.keys) == ["error", "id"])
            expectShape(object["error"], shape(keys("code", .number), keys("msg", .string)))
        }
        let tooMany = "{\"method\":\"SUBSCRIBE\",\"params\":[" + (0 ... 200).map { "\"s\($0)\"" }.joined(separator: ",") + "],\"id\":1}"
        #expect(throws: Never.self) { _ = Self.decode(tooMany) }
        if case let .failure(failure) = Self.decode(tooMany) { #expect(failure.code == 2) } else { Issue.record("201 streams accepted") }
        #expect(Self.decode(#"{"method":"FOO","id":1}"#).failureMessage?.hasPrefix("Invalid request: unknown variant") == true)
    }

    @Test("control replies: Binance's objects (key order is free in JSON)")
    func controlReplies() throws {
        func same(_ bytes: [UInt8], _ expected: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
            let canonical = { (data: [UInt8]) throws -> Data in
                try JSONSerialization.data(withJSONObject: try jsonObject(data), options: [.sortedKeys, .fragmentsAllowed])
            }
            #expect(try canonical(bytes) == canonical(Array(expected.utf8)), "\(String(decoding: bytes, as: UTF8.self))",
                    sourceLocation: sourceLocation)
        }
        try same(BinanceStreamControl.acknowledgement(id: .number(1)), #"{"result":null,"id":1}"#)
        try same(BinanceStreamControl.acknowledgement(id: .string("a")), #"{"result":null,"id":"a"}"#)
        try same(BinanceStreamControl.acknowledgement(id: .null), #"{"result":null,"id":null}"#)
        try same(BinanceStreamControl.subscriptions(["btcusdt@depth@100ms"], id: .number(3)), #"{"result":["btcusdt@depth@100ms"],"id":3}"#)
        try same(BinanceStreamControl.property(true, id: .number(2)), #"{"result":true,"id":2}"#)
        try same(BinanceStreamControl.Failure.unknownProperty(id: .number(9)).json, #"{"error":{"code":0,"msg":"Unknown property"},"id":9}"#)
        // `result` is present as null, not omitted (ccxt waits for this exact acknowledgement).
        let ack = try #require(try jsonObject(BinanceStreamControl.acknowledgement(id: .number(1))) as? [String: Any])
        #expect(ack.keys.sorted() == ["id", "result"] && ack["result"] is NSNull)
    }

    @Test("WebSocket API: decode, sorted signature payload, authentication, replies")
    func webSocketAPI() throws {
        let secret = BinanceSignatureTests.secret
        let now: Int64 = 1_700_000_000_000
        var params: [String: String] = [
            "apiKey": BinanceSignatureTests.apiKey, "symbol": "BTCUSDT", "side": "BUY", "type": "LIMIT", "timeInForce": "GTC",
            "quantity": "0.006", "price": "49500", "newClientOrderId": "x:a/b", "timestamp": String(now),
        ]
        let payload = BinanceWebSocketAPI.signaturePayload(params)
        #expect(String(decoding: payload, as: UTF8.self).hasPrefix("apiKey=\(BinanceSignatureTests.apiKey)&newClientOrderId=x:a/b&price=49500"))
        params["signature"] = BinanceSignature.sign(secret: secret, payload: payload)
        // The client writes timestamp as a JSON number and reduceOnly as a boolean: both sign as their text.
        var object: [String: Any] = params
        object["timestamp"] = now
        object["reduceOnly"] = false
        var unsigned = params
        unsigned["signature"] = nil
        unsigned["reduceOnly"] = "false"
        object["signature"] = BinanceSignature.sign(secret: secret, payload: BinanceWebSocketAPI.signaturePayload(unsigned))
        let frame = try JSONSerialization.data(withJSONObject: ["id": "a1b2", "method": "order.place", "params": object] as [String: Any])
        guard case let .success(request) = BinanceWebSocketAPI.decode(Array(frame)) else {
            Issue.record("refused")
            return
        }
        #expect(request.id == .string("a1b2") && request.method == "order.place")
        #expect(request.apiKey == BinanceSignatureTests.apiKey)
        #expect(request.parameters["reduceOnly"] == "false" && request.parameters["timestamp"] == String(now))
        #expect(try BinanceSignatureTests.authenticator.authenticate(
            apiKey: request.apiKey, parameters: request.parameters, serverTimeMilliseconds: now) == 7)

        let usage = [BinanceWebSocketAPI.RateLimitUsage(rateLimitType: "REQUEST_WEIGHT", interval: "MINUTE", intervalNum: 1, limit: 2400, count: 1)]
        let reply = try #require(try jsonObject(BinanceWebSocketAPI.result(BinanceListenKeyReply(listenKey: "k"), id: request.id, rateLimits: usage)) as? [String: Any])
        expectShape(reply, shape(keys("id", .string), keys("status", .number), keys("result", .object), keys("rateLimits", .array)))
        expectShape((reply["rateLimits"] as? [Any])?.first, shape(keys("rateLimitType interval", .string), keys("intervalNum limit count", .number)))
        let failure = try #require(try jsonObject(BinanceWebSocketAPI.error(.badSignature, id: .number(7))) as? [String: Any])
        expectShape(failure, shape(keys("id status", .number), keys("error", .object), keys("rateLimits", .array)))
        #expect(failure["status"] as? Int == 400)
        #expect((failure["error"] as? [String: Any])?["code"] as? Int == -1022)
    }

    @Test("WebSocket API: malformed frames")
    func webSocketAPIErrors() {
        let cases: [(String, Int)] = [
            ("nope", -1135), ("[]", -1135), (#"{"id":1,"params":{}}"#, -1102), (#"{"id":true,"method":"order.place"}"#, -1130),
            (#"{"id":1,"method":"order.place","params":[1]}"#, -1135),
            (#"{"id":1,"method":"order.place","params":{"a":[1]}}"#, -1130),
            (#"{"id":1,"method":"order.place","params":{"a":"1","signature":{"x":1}}}"#, -1130),
        ]
        for (text, code) in cases {
            guard case let .failure(failure) = BinanceWebSocketAPI.decode(Array(text.utf8)) else {
                Issue.record("accepted: \(text)")
                continue
            }
            #expect(failure.error.code == code, "\(text)")
            #expect((try? jsonObject(failure.json)) != nil)
        }
        let many = "{\"id\":1,\"method\":\"x\",\"params\":{" + (0 ... 64).map { "\"p\($0)\":1" }.joined(separator: ",") + "}}"
        if case let .failure(failure) = BinanceWebSocketAPI.decode(Array(many.utf8)) {
            #expect(failure.error == .tooManyParameters)
        } else {
            Issue.record("65 parameters accepted")
        }
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array(#"{}[]":,1a.e-"#.utf8)
        for _ in 0 ..< 3000 {
            let bytes = (0 ..< Int.random(in: 0 ... 40, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            _ = BinanceWebSocketAPI.decode(bytes)
            _ = BinanceStreamControl.decode(bytes)
        }
    }
}

extension Result where Failure == BinanceStreamControl.Failure {
    var failureMessage: String? {
        if case let .failure(failure) = self { failure.msg } else { nil }
    }
}
