import Foundation
import HFTGateway
import Synchronization
import Testing

@Suite("gateway: REST against hft-venue", .serialized)
struct GatewayRESTTests {
    @Test("order life cycle through the gateway: place, query, modify, fill, user trades, cancel, all orders")
    func lifecycle() async throws {
        let server = try await ServerHarness(ServerHarness.configuration())
        defer { server.removeData() }
        let usage = Mutex<[ExchangeUsage]>([])
        let alice = server.gatewayREST(account: "alice") { u in usage.withLock { $0.append(u) } }
        let bob = server.gatewayREST(account: "bob")
        try await alice.synchroniseClock()
        #expect(alice.clock.measurements == 1 && abs(alice.clock.offsetMilliseconds) < 1_000)

        let placed = try await alice.place(NewOrderRequest(symbol: "BTCUSDT", side: "SELL", quantity: "0.010", price: "50100.0",
                                                           clientOrderId: "gw-maker-1"))
        #expect(placed.status == "NEW" && placed.clientOrderId == "gw-maker-1" && DecimalText.parse(placed.executedQty, decimals: 3) == 0)
        let queried = try await alice.query(symbol: "BTCUSDT", clientOrderId: "gw-maker-1")
        #expect(queried?.orderId == placed.orderId)
        #expect(try await alice.query(symbol: "BTCUSDT", clientOrderId: "gw-nobody") == nil)

        let modified = try await alice.modify(ModifyOrderRequest(symbol: "BTCUSDT", side: "SELL", clientOrderId: "gw-maker-1",
                                                                 quantity: "0.008", price: "50090.0"))
        #expect(modified.origQty == "0.008" && DecimalText.parse(modified.price, decimals: 1) == 500_900)

        let taker = try await bob.place(NewOrderRequest(symbol: "BTCUSDT", side: "BUY", quantity: "0.003", price: "50090.0",
                                                        clientOrderId: "gw-taker-1"))
        #expect(taker.status == "FILLED" && taker.executedQty == "0.003")
        #expect(DecimalText.parse(taker.cumQuote ?? "", decimals: 8) == DecimalText.parse("150.27", decimals: 8))
        let trades = try await alice.userTrades(symbol: "BTCUSDT")
        #expect(trades.count == 1 && trades.first?.orderId == placed.orderId && trades.first?.qty == "0.003")
        let open = try await alice.openOrders(symbol: "BTCUSDT")
        #expect(open.map(\.clientOrderId) == ["gw-maker-1"] && open.first?.status == "PARTIALLY_FILLED")

        let canceled = try await alice.cancel(symbol: "BTCUSDT", clientOrderId: "gw-maker-1")
        #expect(canceled.status == "CANCELED" && canceled.executedQty == "0.003")
        do {
            _ = try await alice.cancel(symbol: "BTCUSDT", clientOrderId: "gw-maker-1")
            Issue.record("a second cancel succeeded")
        } catch {
            #expect(error.errorClass == .unknownOrder)
        }
        let all = try await alice.allOrders(symbol: "BTCUSDT")
        #expect(all.map(\.status) == ["CANCELED"])
        #expect(usage.withLock { $0.contains { $0.usedWeight1m != nil } && $0.contains { $0.orderCount10s != nil } })
        try await alice.shutdown()
        try await bob.shutdown()
        try await server.stop()
    }

    @Test("batches: place 5 (one refused in place), modify, cancel by client ids")
    func batches() async throws {
        let server = try await ServerHarness(ServerHarness.configuration())
        defer { server.removeData() }
        let alice = server.gatewayREST(account: "alice")
        let orders = (0..<5).map { i in
            NewOrderRequest(symbol: "BTCUSDT", side: "BUY", quantity: i == 3 ? "0.0001" : "0.001",
                            price: DecimalText.format(499_000 - Int64(i) * 10, decimals: 1), clientOrderId: "gw-b\(i)")
        }
        let replies = try await alice.placeBatch(orders)
        #expect(replies.count == 5)
        for (i, reply) in replies.enumerated() {
            switch reply {
            case .order(let order): #expect(i != 3 && order.clientOrderId == "gw-b\(i)" && order.status == "NEW")
            case .error(let error): #expect(i == 3 && error.errorClass == .rejected, "\(error)")
            }
        }
        let changes = [ModifyOrderRequest(symbol: "BTCUSDT", side: "BUY", clientOrderId: "gw-b0", quantity: "0.002", price: "49899.0"),
                       ModifyOrderRequest(symbol: "BTCUSDT", side: "BUY", clientOrderId: "gw-none", quantity: "0.002", price: "49899.0")]
        let modified = try await alice.modifyBatch(changes)
        guard case .order(let first) = modified.first, case .error(let missing) = modified.last else {
            Issue.record("unexpected batch modify reply \(modified)")
            return
        }
        #expect(first.origQty == "0.002" && missing.errorClass != .outcomeUnknown)
        let canceled = try await alice.cancelBatch(symbol: "BTCUSDT", clientOrderIds: ["gw-b0", "gw-b1", "gw-b3", "gw-b4"])
        let statuses = canceled.map { item -> String in
            if case .order(let order) = item { return order.status }
            if case .error(let error) = item { return "\(error.errorClass)" }
            return ""
        }
        #expect(statuses == ["CANCELED", "CANCELED", "unknownOrder", "CANCELED"])
        #expect(try await alice.openOrders(symbol: "BTCUSDT").map(\.clientOrderId) == ["gw-b2"])
        try await alice.shutdown()
        try await server.stop()
    }

    @Test("error classes: refusals are not retried, -1021 resynchronises the clock, transport errors are retried then reported")
    func errorClasses() async throws {
        let server = try await ServerHarness(ServerHarness.configuration())
        defer { server.removeData() }
        var configuration = server.gatewayConfiguration(account: "alice")
        // A clock 30 s ahead: the first signed request earns -1021; the gateway measures
        // the server's time and the retry succeeds.
        let clock = ServerClock()
        clock.record(serverTime: ServerClock.localMilliseconds() + 30_000, sent: ServerClock.localMilliseconds(),
                     received: ServerClock.localMilliseconds())
        let skewed = RESTClient(configuration: configuration, clock: clock)
        let open = try await skewed.openOrders(symbol: "BTCUSDT")
        #expect(open.isEmpty && clock.measurements == 2 && abs(clock.offsetMilliseconds) < 1_000)
        do {
            _ = try await skewed.place(NewOrderRequest(symbol: "BTCUSDT", side: "BUY", quantity: "0.001", price: "1.05",
                                                       clientOrderId: "gw-bad-tick"))
            Issue.record("an order off the tick was accepted")
        } catch {
            #expect(error.errorClass == .rejected && !error.isRetryable)
        }
        try await skewed.shutdown()
        // Nothing listens on this port: every attempt fails to connect; four attempts, then the error.
        configuration.restBaseURL = "http://127.0.0.1:9"
        configuration.requestTimeout = .milliseconds(200)
        let nowhere = RESTClient(configuration: configuration)
        let start = ContinuousClock.now
        do {
            _ = try await nowhere.openOrders(symbol: "BTCUSDT")
            Issue.record("a request to a closed port succeeded")
        } catch {
            #expect(error.errorClass == .outcomeUnknown)
        }
        #expect(ContinuousClock.now - start >= .milliseconds(430))   // 0 + 30 + 100 + 300 ms of waits
        try await nowhere.shutdown()
        try await server.stop()
    }
}
