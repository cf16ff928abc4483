import Foundation
import HFTGateway
@testable import HFTVenueServer
import Testing

@Suite("gateway against hft-venue's injected faults", .serialized)
struct GatewayFaultTests {
    /// Waits until the plan in force has injected its first fault (at most 10 s), so that the
    /// test clears it only after it happened, however slow the machine.
    static func injected(_ faults: FaultInjector, beyond before: Int = 0) async -> Bool {
        func total() -> Int { faults.injected.values.reduce(0, +) }
        let end = ContinuousClock.now + .seconds(10)
        while total() <= before, ContinuousClock.now < end { try? await Task.sleep(for: .milliseconds(1)) }
        return total() > before
    }

    static func open(_ rest: RESTClient, _ symbol: String = "BTCUSDT") async throws -> [String] {
        try await rest.openOrders(symbol: symbol).map(\.clientOrderId).sorted()
    }

    @Test("REST faults reach the client as Binance sends them, and the venue acted only where it says")
    func restFaults() async throws {
        let server = try await ServerHarness(ServerHarness.configuration())
        defer { server.removeData() }
        let alice = SignedClient(server, account: "alice")
        let faults = server.server.state.faults
        faults.set(FaultPlan(rest: .init(tooManyRequests: 1)))
        let limited = try await alice.limit("BUY", "0.001", "49000", clientId: "f-1")
        #expect(limited.status == 429 && limited.headers.first(name: "Retry-After") == "1" && limited.object["code"] as? Int == -1003)
        faults.set(FaultPlan(rest: .init(serverErrorBefore: 1)))
        #expect(try await alice.limit("BUY", "0.001", "49000", clientId: "f-2").status == 500)
        faults.set(FaultPlan(rest: .init(serverErrorAfter: 1)))
        #expect(try await alice.limit("BUY", "0.001", "49000", clientId: "f-3").status == 503)
        faults.set(FaultPlan(rest: .init(slowReplyAfter: 1, slowReplyMilliseconds: 300)))
        let start = ContinuousClock.now
        #expect(try await alice.limit("BUY", "0.001", "49000", clientId: "f-4").status == 200)
        #expect(ContinuousClock.now - start >= .milliseconds(300))
        #expect(faults.injected == ["rest.tooManyRequests": 1, "rest.serverErrorBefore": 1, "rest.serverErrorAfter": 1,
                                    "rest.slowReplyAfter": 1])
        let admin = try await server.request(.PUT, "/admin/v1/faults", body: "{}", admin: true)
        #expect(admin.status == 200 && admin.object["plan"] == nil)
        let rest = server.gatewayREST(account: "alice")
        #expect(try await Self.open(rest) == ["f-3", "f-4"])
        try await rest.shutdown()
        try await server.stop()
    }

    @Test("a NEW whose outcome is unknown (503 after acting, or a reply past the timeout) is found by its client id, never placed twice")
    func unknownOutcomeNeverPlacesTwice() async throws {
        let server = try await ServerHarness(ServerHarness.configuration())
        defer { server.removeData() }
        var configuration = server.gatewayConfiguration(account: "alice")
        configuration.requestTimeout = .milliseconds(250)
        let rest = RESTClient(configuration: configuration)
        let faults = server.server.state.faults
        for (i, plan) in [FaultPlan(rest: .init(serverErrorAfter: 1)),
                          FaultPlan(rest: .init(slowReplyAfter: 1, slowReplyMilliseconds: 600))].enumerated() {
            // Only the first request (the NEW) meets the fault; the query that follows does not.
            let before = faults.injected.values.reduce(0, +)
            faults.set(plan)
            let task = Task {
                try await rest.place(NewOrderRequest(symbol: "BTCUSDT", side: "BUY", quantity: "0.001",
                                                     price: "4900\(i).0", clientOrderId: "once-\(i)"))
            }
            #expect(await Self.injected(faults, beyond: before))
            faults.set(nil)
            let placed = try await task.value
            #expect(placed.clientOrderId == "once-\(i)" && placed.status == "NEW")
        }
        try await Task.sleep(for: .milliseconds(700))
        let all = try await rest.allOrders(symbol: "BTCUSDT")
        #expect(all.map(\.clientOrderId).sorted() == ["once-0", "once-1"])
        try await rest.shutdown()
        try await server.stop()
    }

    @Test("user-data faults: every message duplicated; the connection cut instead of a message, then re-established")
    func userDataFaults() async throws {
        let server = try await ServerHarness(ServerHarness.configuration())
        defer { server.removeData() }
        let rest = server.gatewayREST(account: "alice")
        let stream = UserDataStream(rest: rest, logger: GatewayStreamTests.logger)
        stream.start()
        var events = stream.events.makeAsyncIterator()
        #expect(await GatewayStreamTests.next(&events) { if case .connected = $0 { true } else { false } } != nil)
        let faults = server.server.state.faults
        faults.set(FaultPlan(userData: .init(duplicate: 1)))
        _ = try await rest.place(NewOrderRequest(symbol: "BTCUSDT", side: "BUY", quantity: "0.001", price: "49000.0",
                                                 clientOrderId: "dup"))
        var copies = 0
        while copies < 2, await GatewayStreamTests.next(&events, timeout: .seconds(3), where: {
            if case .orderUpdate(let u) = $0 { u.order.clientOrderId == "dup" } else { false }
        }) != nil { copies += 1 }
        #expect(copies == 2)
        faults.set(FaultPlan(userData: .init(disconnect: 1)))
        _ = try await rest.cancel(symbol: "BTCUSDT", clientOrderId: "dup")
        #expect(await GatewayStreamTests.next(&events) { if case .disconnected = $0 { true } else { false } } != nil)
        faults.set(nil)
        #expect(await GatewayStreamTests.next(&events) { if case .connected = $0 { true } else { false } } != nil)
        await stream.stop()
        try await rest.shutdown()
        try await server.stop()
    }

    @Test("the WebSocket API's connection dropped after acting: place retries through order.status and finds the order")
    func orderAPIDrop() async throws {
        let server = try await ServerHarness(ServerHarness.configuration())
        defer { server.removeData() }
        let rest = server.gatewayREST(account: "alice")
        let orders = WebSocketOrderClient(configuration: server.gatewayConfiguration(account: "alice"), clock: rest.clock,
                                          logger: GatewayStreamTests.logger)
        orders.start()
        #expect(await orders.waitConnected())
        let faults = server.server.state.faults
        faults.set(FaultPlan(orderAPI: .init(dropConnection: 1)))
        let task = Task {
            try await orders.place(NewOrderRequest(symbol: "BTCUSDT", side: "SELL", quantity: "0.002", price: "51000.0",
                                                   clientOrderId: "ws-drop"))
        }
        #expect(await Self.injected(faults))
        faults.set(nil)
        let placed = try await task.value
        #expect(placed.clientOrderId == "ws-drop" && orders.connections >= 2)
        #expect(try await Self.open(rest) == ["ws-drop"])
        await orders.stop()
        try await rest.shutdown()
        try await server.stop()
    }
}
