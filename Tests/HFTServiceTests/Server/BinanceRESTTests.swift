import Foundation
@testable import HFTVenueServer
import Testing

@Suite("hft-venue Binance REST over loopback", .serialized)
struct BinanceRESTTests {
    @Test("public endpoints: time, exchangeInfo with its filters, depth, ticker, premium index")
    func publicEndpoints() async throws {
        let server = try await ServerHarness(ServerHarness.configuration())
        defer { server.removeData() }
        let time = try await server.request(.GET, "/fapi/v1/time")
        #expect(time.status == 200 && (time.object["serverTime"] as? Int ?? 0) > 1_700_000_000_000)
        #expect(time.headers.first(name: "X-MBX-USED-WEIGHT-1M") != nil)
        let info = try await server.request(.GET, "/fapi/v1/exchangeInfo")
        let symbols = info.object["symbols"] as? [[String: Any]] ?? []
        let btc = try #require(symbols.first { $0["symbol"] as? String == "BTCUSDT" })
        #expect(btc["contractType"] as? String == "PERPETUAL" && btc["marginAsset"] as? String == "USDT")
        let filters = btc["filters"] as? [[String: Any]] ?? []
        #expect(filters.contains { $0["filterType"] as? String == "PRICE_FILTER" && ($0["tickSize"] as? String).flatMap(Double.init) == 0.1 })
        #expect(filters.contains { $0["filterType"] as? String == "LOT_SIZE" && $0["stepSize"] as? String == "0.001" })
        #expect(filters.contains { $0["filterType"] as? String == "MIN_NOTIONAL" && $0["notional"] as? String == "5" })
        let depth = try await server.request(.GET, "/fapi/v1/depth?symbol=BTCUSDT&limit=5")
        #expect(depth.status == 200 && depth.object["lastUpdateId"] is Int)
        let bad = try await server.request(.GET, "/fapi/v1/depth?symbol=NOPE")
        #expect(bad.status == 400 && bad.object["code"] as? Int == -1121)
        let premium = try await server.request(.GET, "/fapi/v1/premiumIndex?symbol=BTCUSDT")
        #expect(premium.object["markPrice"] as? String == "50000.0")
        let unknownPath = try await server.request(.GET, "/fapi/v1/nothing")
        #expect(unknownPath.status == 404 && unknownPath.object["code"] != nil)
        try await server.stop()
    }

    @Test("orders: new, fill, query, open orders, cancel, user trades, positions, account")
    func orderLifecycle() async throws {
        let server = try await ServerHarness(ServerHarness.configuration())
        defer { server.removeData() }
        let alice = SignedClient(server, account: "alice")
        let bob = SignedClient(server, account: "bob")
        let maker = try await alice.limit("SELL", "0.010", "50100", clientId: "maker-1")
        #expect(maker.status == 200, "\(maker.text)")
        #expect(maker.object["status"] as? String == "NEW" && maker.object["clientOrderId"] as? String == "maker-1")
        let makerId = try #require(maker.object["orderId"] as? Int)
        let taker = try await bob.limit("BUY", "0.004", "50100")
        #expect(taker.object["status"] as? String == "FILLED" && taker.object["executedQty"] as? String == "0.004")
        #expect(taker.headers.first(name: "X-MBX-ORDER-COUNT-1M") != nil)
        let query = try await alice.send(.GET, "/fapi/v1/order", [("symbol", "BTCUSDT"), ("orderId", "\(makerId)")])
        #expect(query.object["status"] as? String == "PARTIALLY_FILLED" && query.object["executedQty"] as? String == "0.004")
        let open = try await alice.send(.GET, "/fapi/v1/openOrders", [("symbol", "BTCUSDT")])
        #expect(open.array.map { $0["orderId"] as? Int } == [makerId])
        let byClient = try await alice.send(.DELETE, "/fapi/v1/order", [("symbol", "BTCUSDT"), ("origClientOrderId", "maker-1")])
        #expect(byClient.object["status"] as? String == "CANCELED")
        let again = try await alice.send(.DELETE, "/fapi/v1/order", [("symbol", "BTCUSDT"), ("orderId", "\(makerId)")])
        #expect(again.status == 400 && again.object["code"] as? Int == -2011)
        let trades = try await bob.send(.GET, "/fapi/v1/userTrades", [("symbol", "BTCUSDT")])
        #expect(trades.array.count == 1 && trades.array.first?["qty"] as? String == "0.004")
        #expect(trades.array.first?["commissionAsset"] as? String == "USDT")
        let positions = try await bob.send(.GET, "/fapi/v3/positionRisk")
        let btc = try #require(positions.array.first { $0["symbol"] as? String == "BTCUSDT" })
        #expect(btc["positionAmt"] as? String == "0.004")
        #expect((btc["notional"] as? String).map { !$0.hasPrefix("-") } == true)
        let account = try await bob.send(.GET, "/fapi/v3/account")
        let usdt = try #require((account.object["assets"] as? [[String: Any]])?.first)
        #expect(usdt["asset"] as? String == "USDT" && (usdt["updateTime"] as? Int ?? 0) > 0)
        let all = try await alice.send(.GET, "/fapi/v1/allOrders", [("symbol", "BTCUSDT")])
        #expect(all.array.count == 1)
        try await server.stop()
    }

    @Test("refusals carry Binance's codes: signature, time window, key, filters, duplicates, FOK, post-only, margin")
    func refusals() async throws {
        let server = try await ServerHarness(ServerHarness.configuration())
        defer { server.removeData() }
        let alice = SignedClient(server, account: "alice")
        func code(_ reply: ServerHarness.Reply) -> Int? { reply.object["code"] as? Int }
        #expect(code(try await alice.send(.GET, "/fapi/v3/account", signature: String(repeating: "0", count: 64))) == -1022)
        #expect(code(try await alice.send(.GET, "/fapi/v3/account", timestamp: 1_000)) == -1021)
        #expect(code(try await alice.send(.GET, "/fapi/v3/account", timestamp: Int64(Date().timeIntervalSince1970 * 1_000) + 5_000)) == -1021)
        let noKey = try await alice.send(.GET, "/fapi/v3/account", key: "unknown-key-0000000000")
        #expect(noKey.status == 401 && code(noKey) == -2015)
        #expect(code(try await alice.limit("BUY", "0.001", "50000.05")) == -1111)   // more decimals than the tick
        #expect(code(try await alice.limit("BUY", "0.0001", "50000")) == -1111)
        #expect(code(try await alice.limit("BUY", "0.001", "49999.9", symbol: "XRPUSDT")) == -1121)
        #expect(code(try await alice.limit("BUY", "0.0001", "50000.0") ) == -1111)
        #expect(code(try await alice.limit("BUY", "0.00", "50000")) == -4003)
        #expect(code(try await alice.limit("BUY", "0.001", "100")) == -4164)          // notional under 5 USDT
        #expect(code(try await alice.limit("BUY", "2000", "50000")) == -4005)
        #expect(code(try await alice.limit("BUY", "0.001", "49000", tif: "XYZ")) == -1115)
        #expect(code(try await alice.limit("BUY", "0.001", "49000", clientId: "bad id!")) == -4015)
        let first = try await alice.limit("BUY", "0.001", "49000", clientId: "dup-1")
        #expect(first.status == 200)
        #expect(code(try await alice.limit("BUY", "0.001", "49000", clientId: "dup-1")) == -4116)
        let fok = try await alice.limit("BUY", "0.001", "49000", tif: "FOK")
        #expect(code(fok) == -5021, "\(fok.text)")
        let bob = SignedClient(server, account: "bob")
        #expect(try await bob.limit("SELL", "0.001", "49500").status == 200)
        let gtx = try await alice.limit("BUY", "0.001", "49500", tif: "GTX")
        #expect(code(gtx) == -5022, "\(gtx.text)")
        let margin = try await alice.limit("BUY", "100", "49000")
        #expect(code(margin) == -2019, "\(margin.text)")
        #expect(code(try await alice.send(.GET, "/fapi/v1/order", [("symbol", "BTCUSDT"), ("orderId", "999999")])) == -2013)
        let missing = try await alice.send(.POST, "/fapi/v1/order", [("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "LIMIT")])
        #expect(code(missing) == -1102)
        try await server.stop()
    }

    @Test("request weight: over the limit 429 with Retry-After, then 418 while it keeps sending")
    func rateLimits() async throws {
        var configuration = try ServerHarness.configuration()
        configuration.rateLimits = .init(requestWeightPerMinute: 30, ordersPer10Seconds: 300, ordersPerMinute: 1_200)
        let server = try await ServerHarness(configuration)
        defer { server.removeData() }
        var statuses: [Int] = []
        for _ in 0..<60 { statuses.append(try await server.request(.GET, "/fapi/v1/time").status) }
        #expect(statuses.prefix(30).allSatisfy { $0 == 200 })
        #expect(statuses.contains(429))
        #expect(statuses.last == 418)
        let limited = try await server.request(.GET, "/fapi/v1/time")
        #expect(limited.headers.first(name: "Retry-After") != nil)
        #expect(limited.object["code"] as? Int == -1003)
        try await server.stop()
    }
}
