import Foundation
@testable import HFTBinance
import Testing

/// The typed fast path of the WebSocket API's frame reading must agree with the generic
/// reading on every frame: the same request (id, method, parameters, signature, signed
/// payload) or the same refusal.
@Suite("WebSocket API frame fast path")
struct BinanceRequestFrameTests {
    /// JSON texts of values of every kind a client might put in a frame.
    static let values = [
        #""BTCUSDT""#, #""""#, #""a\"b\\u00e9""#, "12", "-7", "1700000000000", "0.0010", "1e3", "-0.5",
        "true", "false", "null", "[1]", "[]", #"{"x":1}"#, "{}", "9223372036854775808",
    ]
    static let ids = ["1", "-3", #""a1b2""#, "null", "true", "1.5", #""\#(String(repeating: "x", count: 65))""#, "[]"]
    static let methods = [#""order.place""#, #""""#, "1", "null", #""session.status""#]

    @Test("fast and generic readings agree on random frames")
    func agreement() {
        var generator = SystemRandomNumberGenerator()
        var accepted = 0
        for _ in 0 ..< 4000 {
            var members: [String] = []
            if Int.random(in: 0 ..< 8, using: &generator) > 0 { members.append(#""id":"# + Self.ids.randomElement(using: &generator)!) }
            if Int.random(in: 0 ..< 8, using: &generator) > 0 { members.append(#""method":"# + Self.methods.randomElement(using: &generator)!) }
            switch Int.random(in: 0 ..< 10, using: &generator) {
            case 0: members.append(#""params":null"#)
            case 1: members.append(#""params":[1]"#)
            case 2: break
            default:
                let count = Int.random(in: 0 ... 6, using: &generator)
                let names = ["symbol", "side", "timestamp", "signature", "apiKey", "price", "quantity", "reduceOnly"]
                let params = (0 ..< count).map { _ in
                    "\"\(names.randomElement(using: &generator)!)\":\(Self.values.randomElement(using: &generator)!)"
                }
                members.append(#""params":{"# + params.joined(separator: ",") + "}")
            }
            let frame = Array(("{" + members.shuffled(using: &generator).joined(separator: ",") + "}").utf8)
            let fast = BinanceWebSocketAPI.decode(frame)
            let generic = BinanceWebSocketAPI.decodeGeneric(frame)
            switch (fast, generic) {
            case let (.success(a), .success(b)):
                accepted += 1
                #expect(a.id == b.id && a.method == b.method, "\(String(decoding: frame, as: UTF8.self))")
                #expect(a.parameters.pairs.map(\.name) == b.parameters.pairs.map(\.name))
                #expect(a.parameters.pairs.map(\.value) == b.parameters.pairs.map(\.value))
                #expect(a.parameters.signature == b.parameters.signature)
                #expect(a.parameters.signedPayload == b.parameters.signedPayload)
            case let (.failure(a), .failure(b)):
                #expect(a == b, "\(String(decoding: frame, as: UTF8.self))")
            default:
                Issue.record("readings differ on \(String(decoding: frame, as: UTF8.self)): \(fast) vs \(generic)")
            }
        }
        #expect(accepted > 200)
    }

    @Test("a frame of string parameters takes the fast path")
    func fastPathTaken() throws {
        let text = #"{"id":7,"method":"order.place","params":{"symbol":"BTCUSDT","timestamp":1700000000000,"reduceOnly":false,"signature":"ab"}}"#
        let frame = try #require(BinanceRequestFrame.decode(Array(text.utf8)))
        #expect(frame.id == .number(7) && frame.method == "order.place")
        #expect(frame.params.sorted { $0.name < $1.name }.map { "\($0.name)=\($0.text)" }
            == ["reduceOnly=false", "signature=ab", "symbol=BTCUSDT", "timestamp=1700000000000"])
        #expect(BinanceRequestFrame.decode(Array(#"{"id":1,"method":"x","params":{"a":null}}"#.utf8)) == nil)
    }
}
