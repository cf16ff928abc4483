import Foundation
import HFTReplication
import HFTVenueServer
import Synchronization
import Testing

extension NATSSuites {
    /// Failover of real `hft-venue` processes on a real `nats-server`: the primary is killed with
    /// SIGKILL while clients place orders; the `--failover` standby takes over; every order the
    /// old primary acknowledged is in the new primary's state; the clients' own ledger matches
    /// the final positions; the standby matched every state hash of the old primary; a third
    /// node that replays the whole log (both primaries' terms) reaches the same state.
    @Suite("hft-venue failover: kill -9 the primary under load", .serialized, .timeLimit(.minutes(10)),
           .enabled(if: NATSServerProcess.available, Comment(rawValue: NATSServerProcess.installHint)))
    struct FailoverProcessTests {
        static let checkpointInterval = 25

        @Test("a standby takes over from a killed primary; nothing acknowledged is lost", arguments: [1, 2, 3, 4, 5])
        func killThePrimaryUnderLoad(seed: Int) async throws {
            #if NATS
            let binary = try #require(VenueProcess.binary, "hft-venue is not built next to the tests (swift build)")
            let server = try ReplicatedPrimaryTests.server()
            defer { server.remove() }
            let names = ReplicatedPrimaryTests.names()
            let shard = ["--shard", names.shard, "--lease-ttl-ms", "1000"]
            let primary = try VenueProcess(configure: VenueProcess.unlimited)
            let standby = try VenueProcess(configure: VenueProcess.unlimited)
            defer { primary.remove(); standby.remove() }
            try await primary.start(binary: binary, arguments: ["--replicate", server.url, "--node-name", "a",
                                                                "--checkpoint-interval", "\(Self.checkpointInterval)"] + shard)
            try await standby.start(binary: binary, arguments: ["--standby", server.url, "--node-name", "b", "--failover"] + shard)

            // Four clients place orders; the primary dies at a seed-dependent moment.
            let load = FailoverLoad(nodes: [primary, standby], seed: seed)
            // Clients give up on a request after 750 ms and try the other node (AsyncHTTPClient
            // retries a refused connection until the request's deadline).
            for node in [primary, standby] { node.requestTimeout = .milliseconds(750) }
            let killed = Mutex<ContinuousClock.Instant?>(nil)
            let running = Task {
                await load.run(clients: 4) {
                    guard let at = killed.withLock({ $0 }) else { return false }
                    return load.acknowledged(by: 1) >= 40 || ContinuousClock.now - at > .seconds(30)
                }
            }
            // At a seed-dependent moment, once the primary has acknowledged enough for two checkpoints.
            try await Task.sleep(for: .milliseconds(800 + 250 * seed))
            #expect(await SessionFixture.eventually(.seconds(30)) { load.acknowledged(by: 0) >= 2 * Self.checkpointInterval })
            let beforeKill = load.acknowledged(by: 0)
            primary.kill9()
            let death = ContinuousClock.now
            killed.withLock { $0 = death }
            await running.value
            standby.requestTimeout = .seconds(10)

            let sent = load.sent
            let acknowledged = sent.filter { $0.orderId != nil }
            #expect(load.refusals.withLock { $0 }.isEmpty, "orders refused: \(load.refusals.withLock { $0.prefix(3) })")
            #expect(beforeKill >= 2 * Self.checkpointInterval, "too few orders before the kill: \(beforeKill)")
            let firstOnStandby = try #require(acknowledged.filter { $0.node == 1 }.compactMap(\.acknowledgedAt).min(),
                                              "the standby never acknowledged an order: \(standby.log)")
            let failover = firstOnStandby - death
            print("failover seed \(seed): \(failover.milliseconds) ms from SIGKILL to the new primary's first acknowledged order; "
                  + "\(load.acknowledged(by: 0)) orders acknowledged by the old primary, \(load.acknowledged(by: 1)) by the new")
            #expect(failover < .seconds(15), "failover took \(failover)")

            // Every acknowledged order is in the new primary's state with its order id; an
            // unanswered one may be there or not; each account's position is what its orders filled.
            var position = ["alice": 0, "bob": 0]
            for order in sent {
                let reply = try await SignedClient(standby, account: order.account)
                    .send(.GET, "/fapi/v1/order", [("symbol", "BTCUSDT"), ("origClientOrderId", order.clientOrderId)])
                if let orderId = order.orderId {
                    #expect(reply.status == 200 && reply.object["orderId"] as? Int == orderId,
                            "acknowledged order \(order.clientOrderId) (id \(orderId)) is not in the new primary: \(reply.text)")
                } else if reply.status != 200 {
                    #expect(reply.object["code"] as? Int == -2013, "\(reply.text)")
                    continue
                }
                let filled = Int(((Double(reply.object["executedQty"] as? String ?? "") ?? .nan) * 1_000).rounded())
                position[order.account]! += order.side == "BUY" ? filled : -filled
            }
            for account in ["alice", "bob"] {
                #expect(try await Self.position(standby, account) == position[account], "\(account)'s position")
            }
            #expect(position["alice"]! + position["bob"]! == 0)

            // The standby matched the old primary's state hash at every checkpoint it received.
            let messages = try ReplicatedPrimaryTests.readAll(server, names)
            let epochs = messages.filter { $0.kind == .epoch }.compactMap { m in m.payload.withUnsafeBytes { PrimaryEpoch($0) } }
            // (A start retried after a port clash appends a's epoch again.)
            #expect(epochs.last?.holder == "b" && epochs.dropLast().allSatisfy { $0.holder == "a" } && epochs.count >= 2)
            let takeover = Int(epochs.last?.nextSequence ?? 1) - 1
            let status = try await standby.admin(.GET, "/admin/v1/status")
            #expect(status.object["role"] as? String == "primary", "\(status.text)")
            let verified = try #require(status.object["verifiedCheckpoints"] as? Int)
            // (Only the last checkpoint before the kill may be missing: the primary appends it after its command.)
            let expected = takeover / Self.checkpointInterval
            #expect(verified >= max(expected - 1, 1) && verified <= expected, "\(verified) checkpoints verified of \(expected)")

            // A node that starts late replays both terms from the log and reaches the same state.
            let late = try VenueProcess(configure: VenueProcess.unlimited)
            defer { late.remove() }
            try await late.start(binary: binary, arguments: ["--standby", server.url, "--node-name", "c"] + shard)
            let target = try #require(await standby.durableSequence())
            let followed = await late.follow(through: target)
            #expect(followed == target, "the late node reached \(followed) of \(target)")
            for account in ["alice", "bob"] {
                let mine = try await standby.admin(.GET, "/admin/v1/account?account=\(account)")
                let theirs = try await late.admin(.GET, "/admin/v1/account?account=\(account)")
                #expect(mine.status == 200 && (theirs.json as? NSDictionary) == (mine.json as? NSDictionary), "\(theirs.text) != \(mine.text)")
            }
            #endif
        }

        /// The account's BTCUSDT position in lots of 0.001.
        static func position(_ node: VenueProcess, _ account: String) async throws -> Int {
            let reply = try await SignedClient(node, account: account).send(.GET, "/fapi/v2/positionRisk", [("symbol", "BTCUSDT")])
            let amount = reply.array.first?["positionAmt"] as? String ?? "0"
            return Int(((Double(amount) ?? .nan) * 1_000).rounded())
        }
    }
}

extension Duration {
    var milliseconds: Int64 { components.seconds * 1_000 + components.attoseconds / 1_000_000_000_000_000 }
}
