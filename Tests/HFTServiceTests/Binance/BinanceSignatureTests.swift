import HFTBinance
import Testing

/// HMAC-SHA256 signing (spec §2) and `BinanceAuthenticator`'s checks.
@Suite("Binance signatures and authentication")
struct BinanceSignatureTests {
    static let secret = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j"
    static let payload = "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559"
    static let signature = "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71"

    @Test("Binance's documented example vector")
    func documentedVector() {
        #expect(BinanceSignature.sign(secret: Self.secret, payload: Array(Self.payload.utf8)) == Self.signature)
        #expect(BinanceSignature.sign(secret: Array(Self.secret.utf8), payload: Array(Self.payload.utf8)) == Self.signature)
        #expect(BinanceSignature.verify(signature: Self.signature, secret: Array(Self.secret.utf8), payload: Array(Self.payload.utf8)))
        #expect(BinanceSignature.verify(signature: Self.signature.uppercased(), secret: Array(Self.secret.utf8), payload: Array(Self.payload.utf8)))
    }

    @Test("the documented query + body example: signature over the concatenation")
    func queryAndBody() throws {
        // Binance's example 3: query "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC" and body
        // "quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559" sign "...GTCquantity=1...".
        let query = "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC"
        let body = "quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559"
        let signed = BinanceSignature.sign(secret: Self.secret, payload: Array((query + body).utf8))
        #expect(signed == "0fd168b8ddb4876a0358a8d14d0c9f3da0e9b20c5d52b2a00fcf7d1c602f9a77")
        let parameters = try BinanceParameters(query: query, body: Array((body + "&signature=" + signed).utf8))
        #expect(parameters.signedPayload == Array((query + body).utf8))
        #expect(BinanceSignature.verify(signature: parameters.signature!, secret: Array(Self.secret.utf8), payload: parameters.signedPayload))
    }

    @Test("wrong, short, odd and non-hex signatures are false")
    func badSignatures() {
        let payload = Array(Self.payload.utf8)
        let secret = Array(Self.secret.utf8)
        var flipped = Array(Self.signature)
        flipped[0] = flipped[0] == "c" ? "d" : "c"
        for bad in [String(flipped), String(Self.signature.dropLast()), Self.signature + "0", "", "zz" + Self.signature.dropFirst(2)] {
            #expect(!BinanceSignature.verify(signature: bad, secret: secret, payload: payload), "\(bad)")
        }
        #expect(!BinanceSignature.verify(signature: Self.signature, secret: Array("other".utf8), payload: payload))
    }

    static let apiKey = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A"
    static let authenticator = BinanceAuthenticator(keys: [apiKey: (account: 7, secret: Array(secret.utf8))])
    static let now: Int64 = 1_700_000_000_000

    /// A request signed the way a client does: `query` and `body` raw, signature appended to whichever is non-empty.
    static func signed(query: String, body: String = "") throws(BinanceError) -> BinanceParameters {
        let signature = BinanceSignature.sign(secret: secret, payload: Array((query + body).utf8))
        if body.isEmpty { return try BinanceParameters(query: query + "&signature=" + signature, body: []) }
        return try BinanceParameters(query: query, body: Array((body + "&signature=" + signature).utf8))
    }

    @Test("ccxt (encodes : and /) and python-binance (does not) both verify")
    func clientStyles() throws {
        let ccxt = try Self.signed(query: "", body: "timestamp=\(Self.now)&symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=0.006&price=49500&timeInForce=GTC&newClientOrderId=x-cvBPrNm9%3Aa%2Fb&recvWindow=10000")
        #expect(try Self.authenticator.authenticate(apiKey: Self.apiKey, parameters: ccxt, serverTimeMilliseconds: Self.now) == 7)
        #expect(ccxt["newClientOrderId"] == "x-cvBPrNm9:a/b")
        let python = try Self.signed(query: "newClientOrderId=x:a/b&price=49500&quantity=0.006&side=BUY&symbol=BTCUSDT&timeInForce=GTC&timestamp=\(Self.now)&type=LIMIT")
        #expect(try Self.authenticator.authenticate(apiKey: Self.apiKey, parameters: python, serverTimeMilliseconds: Self.now) == 7)
        #expect(python["newClientOrderId"] == "x:a/b")
        // The official connector: POST parameters in the query, empty body.
        let connector = try Self.signed(query: "symbol=BTCUSDT&timestamp=\(Self.now)")
        #expect(try Self.authenticator.authenticate(apiKey: Self.apiKey, parameters: connector, serverTimeMilliseconds: Self.now) == 7)
    }

    @Test("API key checks: -2014 missing or malformed, -2015 unknown")
    func apiKeys() throws {
        let parameters = try Self.signed(query: "timestamp=\(Self.now)")
        for bad: String? in [nil, "", "has space", String(repeating: "k", count: 129), "tab\t"] {
            #expect(throws: BinanceError.apiKeyFormatInvalid) {
                try Self.authenticator.authenticate(apiKey: bad, parameters: parameters, serverTimeMilliseconds: Self.now)
            }
            #expect(throws: BinanceError.apiKeyFormatInvalid) { try Self.authenticator.apiKeyOnly(apiKey: bad) }
        }
        #expect(throws: BinanceError.invalidApiKey) {
            try Self.authenticator.authenticate(apiKey: "unknown", parameters: parameters, serverTimeMilliseconds: Self.now)
        }
        #expect(throws: BinanceError.invalidApiKey) { try Self.authenticator.apiKeyOnly(apiKey: "unknown") }
        #expect(try Self.authenticator.apiKeyOnly(apiKey: Self.apiKey) == 7)
    }

    @Test("mandatory timestamp and signature, recvWindow bounds, bad signature")
    func mandatoryParameters() throws {
        let check = { (parameters: BinanceParameters) throws(BinanceError) -> Int64 in
            try Self.authenticator.authenticate(apiKey: Self.apiKey, parameters: parameters, serverTimeMilliseconds: Self.now)
        }
        #expect(throws: BinanceError.mandatoryParameter("signature")) { try check(try BinanceParameters(query: "timestamp=1", body: [])) }
        #expect(throws: BinanceError.mandatoryParameter("timestamp")) { try check(try Self.signed(query: "symbol=BTCUSDT")) }
        #expect(throws: BinanceError.invalidParameter("timestamp")) { try check(try Self.signed(query: "timestamp=soon")) }
        for window in ["0", "-1", "60001", "abc"] {
            #expect(throws: BinanceError.invalidParameter("recvWindow")) {
                try check(try Self.signed(query: "timestamp=\(Self.now)&recvWindow=\(window)"))
            }
        }
        #expect(try check(try Self.signed(query: "timestamp=\(Self.now - 60000)&recvWindow=60000")) == 7)
        let tampered = try BinanceParameters(
            query: "timestamp=\(Self.now)&signature=" + BinanceSignature.sign(secret: Self.secret, payload: Array("timestamp=1".utf8)), body: [])
        #expect(throws: BinanceError.badSignature) { try check(tampered) }
    }

    @Test("time window edges: 1000 ms ahead, recvWindow behind")
    func timeWindow() throws {
        let check = { (timestamp: Int64, window: Int64?) throws(BinanceError) -> Int64 in
            let query = "timestamp=\(timestamp)" + (window.map { "&recvWindow=\($0)" } ?? "")
            return try Self.authenticator.authenticate(apiKey: Self.apiKey, parameters: try Self.signed(query: query),
                                                       serverTimeMilliseconds: Self.now)
        }
        #expect(try check(Self.now + 1000, nil) == 7)
        #expect(throws: BinanceError.timestampAhead) { try check(Self.now + 1001, nil) }
        #expect(try check(Self.now - 5000, nil) == 7)
        #expect(throws: BinanceError.outsideRecvWindow) { try check(Self.now - 5001, nil) }
        #expect(try check(Self.now - 10000, 10000) == 7)
        #expect(throws: BinanceError.outsideRecvWindow) { try check(Self.now - 10001, 10000) }
        #expect(throws: BinanceError.outsideRecvWindow) { try check(Int64.min, nil) }
        #expect(throws: BinanceError.timestampAhead) { try check(Int64.max, nil) }
    }
}
