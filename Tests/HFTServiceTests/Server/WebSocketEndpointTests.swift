@testable import HFTVenueServer
import Testing

@Suite("WebSocket URL forms and listen keys")
struct WebSocketEndpointTests {
    @Test("every URL form of the clients maps to its endpoint")
    func urlForms() {
        func e(_ path: String) -> WebSocketEndpoint? { WebSocketEndpoint(path: path) }
        #expect(e("/ws") == WebSocketEndpoint(kind: .streams, combined: false, names: []))
        #expect(e("/ws/btcusdt@depth") == WebSocketEndpoint(kind: .streams, combined: false, names: ["btcusdt@depth"]))
        #expect(e("/public/ws/3") == WebSocketEndpoint(kind: .streams, combined: false, names: []))
        #expect(e("/market/ws") == WebSocketEndpoint(kind: .streams, combined: false, names: []))
        #expect(e("/private/ws?listenKey=abc") == WebSocketEndpoint(kind: .streams, combined: false, names: ["abc"]))
        #expect(e("/stream?streams=btcusdt@trade/ethusdt@depth@100ms")
                == WebSocketEndpoint(kind: .streams, combined: true, names: ["btcusdt@trade", "ethusdt@depth@100ms"]))
        #expect(e("/public/stream?streams=btcusdt@trade") == WebSocketEndpoint(kind: .streams, combined: true, names: ["btcusdt@trade"]))
        #expect(e("/ws-fapi/v1") == WebSocketEndpoint(kind: .orderAPI, combined: false, names: []))
        #expect(e("/") == nil)
        #expect(e("/fapi/v1/order") == nil)
        #expect(e("/ws-fapi/v2") == nil)
    }

    @Test("listen keys: one per account, extended on create and keep-alive, expire after 60 minutes")
    func listenKeys() {
        let keys = ListenKeys()
        let a = keys.create(account: 1, now: 0)
        #expect(a.count == 64)
        #expect(keys.create(account: 1, now: 1_000) == a)
        let b = keys.create(account: 2, now: 0)
        #expect(b != a)
        #expect(keys.account(of: a, now: 60 * 60 * 1_000) == 1)   // extended at 1 s
        #expect(keys.keepAlive(a, account: 2, now: 10) == false)  // another account's key
        #expect(keys.keepAlive(a, account: 1, now: 30 * 60 * 1_000))
        #expect(keys.expire(now: 61 * 60 * 1_000).map(\.account) == [2])
        #expect(keys.account(of: b, now: 61 * 60 * 1_000) == nil)
        #expect(keys.close(a, account: 1))
        #expect(keys.account(of: a, now: 0) == nil)
        #expect(keys.create(account: 1, now: 0) != a)
    }
}
