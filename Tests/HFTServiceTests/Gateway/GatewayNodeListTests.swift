import Foundation
@testable import HFTGateway
import HFTOrderManager
import HFTStrategy
import Testing

/// The gateway's node list (issue 15's client rule): which node is believed to be the
/// primary, when the belief moves, how long a request keeps trying, and a real session on
/// an in-process venue whose first node is dead. (The -1001 of a real standby and a real
/// failover are in `GatewayFailoverProcessTests`, which need nats-server.)
@Suite("gateway: a shard's node list and the client rule")
struct GatewayNodeListTests {
    static func configuration(nodes: Int, patience: Duration = .seconds(5)) -> GatewayConfiguration {
        var configuration = GatewayConfiguration(nodes: (1...nodes).map { GatewayNode(host: "127.0.0.1", port: $0) },
                                                 apiKey: "k", secret: "s")
        configuration.failoverPatience = patience
        return configuration
    }

    @Test("host:port lists: repeated and comma-separated, --host/--port when none, nil on a bad one")
    func nodeLists() {
        let nodes = GatewayNode.list(["127.0.0.1:8080,venue-b:8081", " venue-c:8082"], orHost: "x", port: 1)
        #expect(nodes?.map(\.restBaseURL) == ["http://127.0.0.1:8080", "http://venue-b:8081", "http://venue-c:8082"])
        #expect(nodes?.last?.webSocketAPIURL == "ws://venue-c:8082/ws-fapi/v1")
        #expect(GatewayNode.list([], orHost: "h", port: 9) == [GatewayNode(host: "h", port: 9)])
        for bad in ["venue", "venue:", ":8080", "venue:http", "venue:70000"] {
            #expect(GatewayNode.list([bad], orHost: "h", port: 9) == nil, "\(bad)")
        }
    }

    @Test("the belief moves round the list once per failed node; one node never moves")
    func primaryBelief() {
        let shard = ShardPrimary(nodes: Self.configuration(nodes: 3).nodes)
        #expect(shard.index == 0 && shard.current.node.restBaseURL == "http://127.0.0.1:1")
        shard.moveOn(from: 0)
        shard.moveOn(from: 0)             // a second request that failed on node 0: already moved
        #expect(shard.index == 1 && shard.moves == 1)
        shard.moveOn(from: 1)
        shard.moveOn(from: 2)
        #expect(shard.index == 0 && shard.moves == 3)
        let single = ShardPrimary(nodes: Self.configuration(nodes: 1).nodes)
        single.moveOn(from: 0)
        #expect(single.index == 0 && single.moves == 0 && !single.canFailOver)
    }

    @Test("the retry schedule: retryDelays, then with several nodes every last delay within failoverPatience, for 'not the primary' errors only")
    func schedule() {
        let notPrimary: [GatewayError] = [.transport("refused"), .timeout, .serverError(httpStatus: 500),
                                          .exchange(code: -1001, message: "standby", httpStatus: 500)]
        for error in notPrimary {
            #expect(error.suggestsAnotherNode && error.isRetryable, "\(error)")
            // One node: the four delays, then the error.
            var single = RetrySchedule(Self.configuration(nodes: 1), rotating: true)
            #expect((0..<4).map { _ in single.next(after: error) } == [.milliseconds(30), .milliseconds(100), .milliseconds(300), nil])
            // Two nodes: every 300 ms while the patience lasts.
            var shard = RetrySchedule(Self.configuration(nodes: 2), rotating: true)
            #expect((0..<8).map { _ in shard.next(after: error) }
                        == [.milliseconds(30), .milliseconds(100), .milliseconds(300)] + Array(repeating: .milliseconds(300), count: 5))
            // A request pinned to one node (a listen key's) does not rotate; no patience left: the error.
            var pinned = RetrySchedule(Self.configuration(nodes: 2), rotating: false)
            var impatient = RetrySchedule(Self.configuration(nodes: 2, patience: .zero), rotating: true)
            #expect((0..<4).map { _ in pinned.next(after: error) }.last == .some(nil))
            #expect((0..<4).map { _ in impatient.next(after: error) }.last == .some(nil))
        }
        // A clock skew is retried on the delays only; a refusal at once.
        var skew = RetrySchedule(Self.configuration(nodes: 2), rotating: true)
        #expect((0..<4).map { _ in skew.next(after: .exchange(code: -1021, message: "", httpStatus: 400)) }.last == .some(nil))
        var refused = RetrySchedule(Self.configuration(nodes: 2), rotating: true)
        #expect(refused.next(after: .exchange(code: -2010, message: "", httpStatus: 400)) == nil)
        #expect(!GatewayError.exchange(code: -2010, message: "", httpStatus: 400).suggestsAnotherNode)
        // An unknown outcome is remembered through a standby's -1001 (the NEW must be looked up first).
        var place = RetrySchedule(Self.configuration(nodes: 2), rotating: true)
        #expect(!place.attempt.outcomeUnknown)
        _ = place.next(after: .timeout)
        _ = place.next(after: .exchange(code: -1001, message: "standby", httpStatus: 500))
        #expect(place.attempt.outcomeUnknown && place.attempt.number == 2)
    }

    @Test("reconnection waits double while nothing connects, up to the last retry delay; a connection resets it")
    func backoff() {
        var backoff = ReconnectBackoff(Self.configuration(nodes: 2))
        let failing = (0..<5).map { _ in backoff.delay(connected: false) }
        #expect(failing == [.milliseconds(100), .milliseconds(200), .milliseconds(300), .milliseconds(300), .milliseconds(300)])
        #expect(backoff.delay(connected: true) == .milliseconds(50))
    }

    @Test("a first node that refuses connections is skipped by every client of the session, which trades on the next")
    func deadFirstNode() async throws {
        let server = try await ServerHarness(ServerHarness.configuration())
        defer { server.removeData() }
        var gateway = server.gatewayConfiguration(account: "alice")
        gateway.nodes.insert(GatewayNode(host: "127.0.0.1", port: try VenueProcess.freePort()), at: 0)
        let session = try SessionFixture.session(gateway: gateway)
        try await session.start()
        // The clock's first request found node 0 dead; the order client and the user-data
        // stream share the belief and went to node 1 directly.
        #expect(session.rest.primary.index == 1 && session.rest.primary.moves == 1 && session.orders.primary === session.rest.primary)
        #expect(await SessionFixture.eventually { session.userData.connections == 1 && session.orders.connections == 1 })
        await session.setQuotes(symbol: "BTCUSDT", [QuoteIntent(side: .buy, price: 499_000, quantity: 1)])
        #expect(await SessionFixture.eventually { await session.acknowledgements == 1 })
        let alice = server.gatewayREST(account: "alice")
        let open = try await alice.openOrders(symbol: "BTCUSDT")
        #expect(open.map(\.price) == ["49900.0"] && open.first.map { $0.clientOrderId.hasPrefix("mm") } == true)

        // A depth stream with its own belief (starting at the dead node) moves it itself.
        let rest = RESTClient(configuration: gateway)
        let depth = DepthStream(rest: rest, symbol: "BTCUSDT", priceDecimals: 1, quantityDecimals: 3)
        depth.start()
        #expect(await SessionFixture.eventually { depth.book?.bestBid?.price == 499_000 })
        #expect(rest.primary.index == 1 && rest.primary.moves == 1 && depth.connections == 1)
        await depth.stop()

        await session.killSwitch()
        #expect(try await SessionFixture.eventually { try await alice.openOrders(symbol: "BTCUSDT").isEmpty })
        await session.stop()
        try await rest.shutdown()
        try await alice.shutdown()
        try await server.stop()
    }
}
