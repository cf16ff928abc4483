import HFTBinance
import Testing

/// `BinanceParameters` (spec §2): form decoding, duplicates, limits, and the raw signed payload.
@Suite("Binance request parameters")
struct BinanceParametersTests {
    @Test("percent escapes and + decode; names and values in query and body")
    func decoding() throws {
        let parameters = try BinanceParameters(
            query: "symbol=BTCUSDT&newClientOrderId=x-cvBPrNm9%3Aab%2Fc&note=a+b%20c",
            body: Array("side=BUY&empty=&flag".utf8))
        #expect(parameters["symbol"] == "BTCUSDT")
        #expect(parameters["newClientOrderId"] == "x-cvBPrNm9:ab/c")
        #expect(parameters["note"] == "a b c")
        #expect(parameters["side"] == "BUY")
        #expect(parameters["empty"] == "")
        #expect(parameters["flag"] == "")
        #expect(parameters["missing"] == nil)
        #expect(parameters.count == 6)
        #expect(parameters.signature == nil)
    }

    @Test("UTF-8 escapes decode; bad escapes and invalid UTF-8 are -1100")
    func escapes() throws {
        #expect(try BinanceParameters(query: "a=%C3%A9", body: [])["a"] == "é")
        for bad in ["a=%", "a=%4", "a=%zz", "a=%FF", "%G1=1"] {
            #expect(throws: BinanceError.illegalCharacters, "\(bad)") { try BinanceParameters(query: bad, body: []) }
        }
    }

    @Test("empty pairs are skipped but stay in the signed bytes")
    func emptyPairs() throws {
        let parameters = try BinanceParameters(query: "a=1&&b=2&", body: [])
        #expect(parameters.count == 2)
        #expect(parameters.signedPayload == Array("a=1&&b=2&".utf8))
        let none = try BinanceParameters(query: "", body: [])
        #expect(none.count == 0 && none.signedPayload.isEmpty)
    }

    @Test("a name sent twice is -1101, in one part or across query and body")
    func duplicates() {
        #expect(throws: BinanceError.duplicateParameter) { try BinanceParameters(query: "a=1&a=2", body: []) }
        #expect(throws: BinanceError.duplicateParameter) { try BinanceParameters(query: "a=1", body: Array("a=1".utf8)) }
        #expect(throws: BinanceError.duplicateParameter) {
            try BinanceParameters(query: "signature=ab", body: Array("signature=ab".utf8))
        }
    }

    @Test("the signature pair is removed from the raw bytes, wherever it is")
    func signaturePair() throws {
        let inQuery = try BinanceParameters(query: "symbol=BTCUSDT&timestamp=1&signature=ABCD&recvWindow=5000", body: [])
        #expect(inQuery.signature == "ABCD")
        #expect(inQuery.signedPayload == Array("symbol=BTCUSDT&timestamp=1&recvWindow=5000".utf8))
        #expect(inQuery["signature"] == nil)
        let first = try BinanceParameters(query: "signature=ab&x=1", body: [])
        #expect(first.signedPayload == Array("x=1".utf8))
        let inBody = try BinanceParameters(query: "a=%3A", body: Array("b=c%2Fd&signature=ef".utf8))
        #expect(inBody.signature == "ef")
        #expect(inBody.signedPayload == Array("a=%3Ab=c%2Fd".utf8))
        #expect(inBody["a"] == ":" && inBody["b"] == "c/d")
    }

    @Test("size and count limits")
    func limits() throws {
        let huge = String(repeating: "a", count: BinanceParameters.maximumBytes + 1)
        #expect(throws: BinanceError.requestTooLarge) { try BinanceParameters(query: huge, body: []) }
        #expect(throws: BinanceError.requestTooLarge) {
            try BinanceParameters(query: "", body: Array(repeating: UInt8(ascii: "a"), count: BinanceParameters.maximumBytes + 1))
        }
        let many = (0 ... BinanceParameters.maximumCount).map { "p\($0)=1" }.joined(separator: "&")
        #expect(throws: BinanceError.tooManyParameters) { try BinanceParameters(query: many, body: []) }
        let most = (0 ..< BinanceParameters.maximumCount).map { "p\($0)=1" }.joined(separator: "&")
        #expect(try BinanceParameters(query: most, body: []).count == BinanceParameters.maximumCount)
    }

    @Test("typed getters: -1102 missing, -1130 malformed")
    func getters() throws {
        let parameters = try BinanceParameters(
            query: "s=x&e=&n=-42&big=9223372036854775808&f=1.5&t=true&F=FALSE&b=yes&p=%2B1", body: [])
        #expect(try parameters.requiredString("s") == "x")
        #expect(throws: BinanceError.mandatoryParameter("e")) { try parameters.requiredString("e") }
        #expect(throws: BinanceError.mandatoryParameter("zz")) { try parameters.requiredString("zz") }
        #expect(try parameters.int64("n") == -42)
        #expect(try parameters.int64("e") == nil)
        #expect(try parameters.int64("zz") == nil)
        #expect(throws: BinanceError.invalidParameter("big")) { try parameters.int64("big") }
        #expect(throws: BinanceError.invalidParameter("f")) { try parameters.int64("f") }
        #expect(throws: BinanceError.invalidParameter("p")) { try parameters.int64("p") }
        #expect(throws: BinanceError.mandatoryParameter("zz")) { try parameters.requiredInt64("zz") }
        #expect(try parameters.bool("t") == true)
        #expect(try parameters.bool("F") == false)
        #expect(try parameters.bool("zz") == nil)
        #expect(throws: BinanceError.invalidParameter("b")) { try parameters.bool("b") }
    }

    @Test("random bytes never trap")
    func randomInput() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("ab=&%+2F9signature\u{0}\u{FF}".utf8)
        for _ in 0 ..< 2000 {
            let count = Int.random(in: 0 ... 40, using: &generator)
            let bytes = (0 ..< count).map { _ in alphabet.randomElement(using: &generator)! }
            _ = try? BinanceParameters(query: String(decoding: bytes, as: UTF8.self), body: bytes)
        }
    }
}

/// `BinanceClientOrderId` (spec §4.14).
@Suite("Binance client order ids")
struct BinanceClientOrderIdTests {
    @Test("valid ids", arguments: ["x-cvBPrNm9" + String(repeating: "a1", count: 11), "a", "A.b:c/d_e-f", String(repeating: "9", count: 36)])
    func valid(id: String) throws {
        #expect(BinanceClientOrderId.isValid(id))
        #expect(try BinanceClientOrderId.validate(id) == id)
    }

    @Test("invalid ids are -4015", arguments: ["", String(repeating: "9", count: 37), "a b", "a+b", "é", "a\u{0}", "a#b", "a@b"])
    func invalid(id: String) {
        #expect(!BinanceClientOrderId.isValid(id))
        #expect(throws: BinanceError.clientOrderIdInvalid) { try BinanceClientOrderId.validate(id) }
    }
}
