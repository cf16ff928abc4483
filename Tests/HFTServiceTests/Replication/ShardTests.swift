import Foundation
import HFTReplication
import HFTVenueServer
import Testing

extension NATSSuites {
    /// Two venue shards on one NATS server, as separate USDⓈ-M and COIN-M-like venues would
    /// be: each its own symbols, accounts, stream, primary and standby. A request reaches the
    /// shard that lists its symbol (the client rule of Docs/replication.md); the other shard
    /// does not know the symbol (-1121); money deposited on one shard is not margin on the other.
    @Suite("venue shards on one NATS server", .serialized, .timeLimit(.minutes(10)),
           .enabled(if: NATSServerProcess.available, Comment(rawValue: NATSServerProcess.installHint)))
    struct ShardTests {
        @Test("each shard has its own log, symbols and accounts; its standby follows only it")
        func shardsAreSeparateVenues() async throws {
            #if NATS
            let binary = try #require(VenueProcess.binary, "hft-venue is not built next to the tests (swift build)")
            let server = try ReplicatedPrimaryTests.server()
            defer { server.remove() }
            let btc = ReplicatedPrimaryTests.names(), eth = ReplicatedPrimaryTests.names()
            let only = { (symbol: String) in { (c: inout VenueServiceConfiguration) in c.symbols = c.symbols.filter { $0.name == symbol } } }
            let btcPrimary = try VenueProcess(configure: only("BTCUSDT")), ethPrimary = try VenueProcess(configure: only("ETHUSDT"))
            let ethStandby = try VenueProcess(configure: only("ETHUSDT"))
            defer { btcPrimary.remove(); ethPrimary.remove(); ethStandby.remove() }
            try await btcPrimary.start(binary: binary, arguments: ["--replicate", server.url, "--shard", btc.shard, "--node-name", "btc-a"])
            try await ethPrimary.start(binary: binary, arguments: ["--replicate", server.url, "--shard", eth.shard, "--node-name", "eth-a"])
            try await ethStandby.start(binary: binary, arguments: ["--standby", server.url, "--shard", eth.shard, "--node-name", "eth-b"])

            // The client rule: a symbol's orders go to the shard that lists it.
            let shardOf = ["BTCUSDT": btcPrimary, "ETHUSDT": ethPrimary]
            for (symbol, price) in [("BTCUSDT", "49000.0"), ("ETHUSDT", "2900.00")] {
                let placed = try await SignedClient(shardOf[symbol]!, account: "alice").limit("BUY", "0.010", price, symbol: symbol)
                #expect(placed.status == 200, "\(placed.text)")
            }
            let misrouted = try await SignedClient(btcPrimary, account: "alice").limit("BUY", "0.010", "2900.00", symbol: "ETHUSDT")
            #expect(misrouted.object["code"] as? Int == -1121, "\(misrouted.text)")

            // Accounts are per shard: a deposit on one is not margin on the other.
            let before = try await ethPrimary.admin(.GET, "/admin/v1/account?account=alice").object["balance"] as? Int
            #expect(try await btcPrimary.admin(.POST, "/admin/v1/deposit", body: #"{"account":"alice","amount":"500.00"}"#).status == 200)
            #expect(try await ethPrimary.admin(.GET, "/admin/v1/account?account=alice").object["balance"] as? Int == before)

            // Each shard's log holds only its own commands; the ETH standby follows the ETH primary alone.
            let btcCommands = try ReplicatedPrimaryTests.commands(in: try ReplicatedPrimaryTests.readAll(server, btc))
            let ethCommands = try ReplicatedPrimaryTests.commands(in: try ReplicatedPrimaryTests.readAll(server, eth))
            let btcLast = await btcPrimary.durableSequence()
            let ethLast = try #require(await ethPrimary.durableSequence())
            #expect(btcCommands.count == btcLast && ethCommands.count == ethLast)
            #expect(await ethStandby.follow(through: ethLast) == ethLast)
            let open = try await SignedClient(ethStandby, account: "alice").send(.GET, "/fapi/v1/openOrders")
            #expect(open.array.map { $0["symbol"] as? String } == ["ETHUSDT"], "\(open.text)")
            #endif
        }
    }
}
