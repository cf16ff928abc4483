import Foundation
import HFTGateway
import HFTOrderManager
import HFTStrategy
import HFTVenueServer
import Testing

extension NATSSuites {
    /// The gateway's node list against real `hft-venue` processes on a real `nats-server`:
    /// a standby's -1001 moves every client of a session to the primary without placing an
    /// order twice; and a market-making session whose primary is killed with SIGKILL follows
    /// the `--failover` standby when it takes over, keeps trading there, places no client
    /// order id twice, and after reconciliation holds the venue's open orders and position.
    @Suite("gateway failover: a trading session follows the shard's primary", .serialized, .timeLimit(.minutes(5)),
           .enabled(if: NATSServerProcess.available, Comment(rawValue: NATSServerProcess.installHint)))
    struct GatewayFailoverProcessTests {
        /// The gateway's configuration of `account` for a shard of `nodes`, in that order.
        static func gateway(_ nodes: [VenueProcess], account: String) -> GatewayConfiguration {
            let configured = nodes[0].configuration.accounts.first { $0.name == account }!
            return GatewayConfiguration(nodes: nodes.map { GatewayNode(host: "127.0.0.1", port: $0.configuration.listen.port) },
                                        apiKey: configured.apiKey, secret: configured.secret)
        }

        static func order(_ id: String, price: String) -> NewOrderRequest {
            NewOrderRequest(symbol: "BTCUSDT", side: "BUY", quantity: "0.001", price: price, clientOrderId: id)
        }

        #if NATS
        /// A `nats-server`, a primary `hft-venue --replicate` (node a) and a standby
        /// `--standby` (node b, `--failover` when asked) of one shard; ``remove()`` ends them.
        final class Shard {
            let server: NATSServerProcess
            let primary: VenueProcess
            let standby: VenueProcess

            init(failover: Bool, leaseMilliseconds: Int) async throws {
                let binary = try #require(VenueProcess.binary, "hft-venue is not built next to the tests (swift build)")
                server = try ReplicatedPrimaryTests.server()
                primary = try VenueProcess(configure: VenueProcess.unlimited)
                standby = try VenueProcess(configure: VenueProcess.unlimited)
                let shard = ["--shard", ReplicatedPrimaryTests.names().shard, "--lease-ttl-ms", "\(leaseMilliseconds)"]
                do {
                    try await primary.start(binary: binary, arguments: ["--replicate", server.url, "--node-name", "a"] + shard)
                    try await standby.start(binary: binary, arguments: ["--standby", server.url, "--node-name", "b"]
                                                + (failover ? ["--failover"] : []) + shard)
                } catch {
                    remove()
                    throw error
                }
            }

            /// SIGKILL first: a graceful stop would wait for the connections of a session that a
            /// failed test left open, in this very process.
            func remove() {
                primary.kill9()
                standby.kill9()
                primary.remove()
                standby.remove()
                server.remove()
            }
        }
        #endif

        /// How many of `account`'s orders on `node` carry `clientOrderId`.
        static func count(_ clientOrderId: String, on node: VenueProcess, account: String = "alice") async throws -> Int {
            let reply = try await SignedClient(node, account: account).send(.GET, "/fapi/v1/allOrders", [("symbol", "BTCUSDT")])
            return reply.array.count { $0["clientOrderId"] as? String == clientOrderId }
        }

        @Test("a standby first in the list answers -1001: REST and the WebSocket order API move to the primary, each order placed once")
        func standbyIsSkipped() async throws {
            #if NATS
            let shard = try await Shard(failover: false, leaseMilliseconds: 3_000)
            defer { shard.remove() }
            let (primary, standby) = (shard.primary, shard.standby)
            let gateway = Self.gateway([standby, primary], account: "alice")

            // REST: the standby refuses with -1001 (HTTP 500, an unknown outcome): the retry
            // looks the order up on the primary (-2013), then places it there.
            let rest = RESTClient(configuration: gateway)
            let viaREST = try await rest.place(Self.order("rot-rest", price: "49000.0"))
            #expect(viaREST.status == "NEW" && rest.primary.index == 1 && rest.primary.moves == 1)
            #expect(try await Self.count("rot-rest", on: primary) == 1)

            // A batch the standby refuses item by item (HTTP 200, every item -1001): nothing was
            // placed, so it goes to the primary; so does a batch cancel.
            let batcher = RESTClient(configuration: gateway)
            let batch = try await batcher.placeBatch([Self.order("rot-batch-1", price: "49000.2"), Self.order("rot-batch-2", price: "49000.3")])
            #expect(batch.map { $0.refusal == nil } == [true, true] && batcher.primary.index == 1)
            for id in ["rot-batch-1", "rot-batch-2"] { #expect(try await Self.count(id, on: primary) == 1, "\(id)") }
            let canceler = RESTClient(configuration: gateway)
            let canceledBatch = try await canceler.cancelBatch(symbol: "BTCUSDT", clientOrderIds: ["rot-batch-1", "rot-batch-2"])
            #expect(canceledBatch.allSatisfy { if case .order(let o) = $0 { o.status == "CANCELED" } else { false } }
                    && canceler.primary.index == 1)

            // The WebSocket order API, connected to the standby first: -1001 moves the belief,
            // the connection follows it to the primary, the order is placed there once.
            let shared = ShardPrimary(nodes: gateway.nodes)
            let orders = WebSocketOrderClient(configuration: gateway, clock: ServerClock(), primary: shared)
            orders.start()
            #expect(await orders.waitConnected())
            let viaWebSocket = try await orders.place(Self.order("rot-ws", price: "49000.1"))
            #expect(viaWebSocket.status == "NEW" && shared.index == 1 && shared.moves == 1 && orders.connections == 2)
            #expect(try await Self.count("rot-ws", on: primary) == 1)

            // A REST client sharing that belief goes to the primary at once: no move.
            let follower = RESTClient(configuration: gateway, primary: shared)
            let canceled = try await follower.cancel(symbol: "BTCUSDT", clientOrderId: "rot-ws")
            #expect(canceled.status == "CANCELED" && shared.moves == 1)
            await orders.stop()
            try await rest.shutdown()
            try await follower.shutdown()
            try await batcher.shutdown()
            try await canceler.shutdown()
            #endif
        }

        @Test("kill -9 of the primary under a market maker: the session trades on the promoted standby, nothing placed twice, its view equals the venue's")
        func sessionFollowsFailover() async throws {
            #if NATS
            let shard = try await Shard(failover: true, leaseMilliseconds: 1_000)
            defer { shard.remove() }
            let (primary, standby) = (shard.primary, shard.standby)

            let session = try SessionFixture.session(gateway: Self.gateway([primary, standby], account: "alice"), prefix: "fo")
            try await session.start()
            var parameters = MarketMaker.Parameters(symbol: "BTCUSDT")
            parameters.maxInventorySteps = 6
            let maker = MarketMaker(session: session, rules: SessionFixture.btc, parameters: parameters)
            // The maker's loop without its closing kill switch (the test compares open orders).
            let quoting = Task {
                while !Task.isCancelled {
                    let position = await session.withManager { $0.position(symbol: "BTCUSDT") }
                    await session.setQuotes(symbol: "BTCUSDT", maker.quotes(fair: 500_000, position: position))
                    try? await Task.sleep(for: .milliseconds(100))
                }
            }
            // bob takes liquidity through his own gateway client of the same shard.
            let bob = RESTClient(configuration: Self.gateway([primary, standby], account: "bob"))
            let taking = SessionFixture.taker(bob)

            #expect(await SessionFixture.eventually(.seconds(20)) { await session.acknowledgements >= 10 })
            // A NEW of bob's that the primary acknowledged but whose reply never came back.
            let lost = try await SignedClient(primary, account: "bob").limit("BUY", "0.001", "49000.0", clientId: "lost-reply")
            let lostId = try #require(lost.object["orderId"] as? Int, "\(lost.text)")
            primary.kill9()
            let killedAt = ServerClock.localMilliseconds()
            // Sent again through the gateway at once: the dead primary's unknown outcome makes it
            // look the order up on the standby, which has it from the log: found, not placed again.
            let resender = RESTClient(configuration: Self.gateway([primary, standby], account: "bob"))
            let found = try await resender.place(NewOrderRequest(symbol: "BTCUSDT", side: "BUY", quantity: "0.001", price: "49000.0",
                                                                 clientOrderId: "lost-reply"))
            #expect(found.orderId == Int64(lostId) && found.status == "NEW")
            try await resender.shutdown()
            let before = await session.acknowledgements
            let trading = await SessionFixture.eventually(.seconds(30)) { await session.acknowledgements >= before + 10 }
            #expect(trading, "no new acknowledged orders after the kill: \(standby.log.suffix(2_000))")
            let resumed = ServerClock.localMilliseconds()
            // Fills on the new primary too (the taker goes on until there is one after the kill).
            let alice = RESTClient(configuration: Self.gateway([standby], account: "alice"))
            #expect(await SessionFixture.eventually(.seconds(20)) {
                let trades = (try? await alice.userTrades(symbol: "BTCUSDT")) ?? []
                return trades.contains { $0.time >= killedAt }
            })
            quoting.cancel()
            taking.cancel()
            _ = await (quoting.value, taking.value)
            #expect(session.rest.primary.index == 1 && session.orders.primary === session.rest.primary)

            #expect(session.userData.connections >= 2)    // a new listen key, on the new primary
            print("gateway failover: \(before) orders acknowledged before the kill, 10 more by the new primary "
                  + "\(resumed - killedAt) ms after it; belief moved \(session.rest.primary.moves) times, "
                  + "user-data connections \(session.userData.connections), order-API connections \(session.orders.connections)")

            // Nothing the session sent was refused on the way (a standby's -1001 is not a
            // refusal of the order; a second placement would be -4116).
            let errors = await session.withManager { $0.counters.errors }
            #expect(errors[.rejected] == nil, "\(errors)")

            // After a reconciliation the manager's open orders and position are the venue's.
            #expect(await SessionWait.quiet(session, timeout: .seconds(10)))
            await session.reconcile()
            let open = try await alice.openOrders(symbol: "BTCUSDT")
            let mine = await session.withManager { $0.openOrders(symbol: "BTCUSDT").map(\.clientOrderId) }
            #expect(!open.isEmpty && Set(mine) == Set(open.map(\.clientOrderId)))
            let position = await session.withManager { $0.position(symbol: "BTCUSDT") }
            #expect(try await Int64(FailoverProcessTests.position(standby, "alice")) == position)

            // The kill switch's cancels reach the new primary.
            await session.killSwitch()
            #expect(try await SessionFixture.eventually { try await alice.openOrders(symbol: "BTCUSDT").isEmpty })

            // The new primary holds the orders placed after the kill, each ended (filled, or
            // canceled there), and no client order id twice.
            let all = try await alice.allOrders(symbol: "BTCUSDT", limit: 1_000)
            #expect(try await Self.count("lost-reply", on: standby, account: "bob") == 1)
            let ids = all.map(\.clientOrderId)
            #expect(Set(ids).count == ids.count, "placed twice: \(Dictionary(grouping: ids) { $0 }.filter { $0.value.count > 1 }.keys.sorted())")
            let placedAfter = all.filter { ($0.time ?? 0) >= killedAt }
            #expect(placedAfter.count >= 5 && placedAfter.allSatisfy { $0.clientOrderId.hasPrefix("fo") })
            #expect(placedAfter.allSatisfy { ["FILLED", "CANCELED", "EXPIRED"].contains($0.status) })
            #expect(placedAfter.contains { $0.status == "CANCELED" })
            await session.stop()
            try await alice.shutdown()
            try await bob.shutdown()
            #endif
        }
    }
}
