import Foundation
import HFTReplication
import HFTVenueServer
import Synchronization
import Testing

extension NATSSuites {
    /// Replication on a 3-node `nats-server` cluster (the stream and the lease with 3 copies,
    /// Raft-replicated): one NATS node is killed with SIGKILL while clients place orders on the
    /// primary. Nothing it acknowledged is lost, and it keeps acknowledging: the stream loses one
    /// copy of three and elects a new leader if the dead node led it; the primary's client
    /// reconnects to a live node and resends what the dead one never acknowledged.
    @Suite("replication on a 3-node NATS cluster", .serialized, .timeLimit(.minutes(10)),
           .enabled(if: NATSServerProcess.available, Comment(rawValue: NATSServerProcess.installHint)))
    struct ClusterReplicationTests {
        @Test("kill one NATS node under load: nothing acknowledged is lost, the primary keeps serving", arguments: [0, 1, 2])
        func killOneNode(victim: Int) async throws {
            #if NATS
            let binary = try #require(VenueProcess.binary, "hft-venue is not built next to the tests (swift build)")
            let cluster = try await NATSCluster()
            defer { cluster.remove() }
            let names = ReplicatedPrimaryTests.names()
            let primary = try VenueProcess(configure: VenueProcess.unlimited)
            defer { primary.remove() }
            try await primary.start(binary: binary, arguments: ["--replicate", cluster.urls, "--stream-replicas", "3",
                                                                "--shard", names.shard, "--node-name", "a", "--lease-ttl-ms", "5000"])
            let load = FailoverLoad(nodes: [primary], seed: victim)
            let killed = Mutex<ContinuousClock.Instant?>(nil)
            let running = Task {
                await load.run(clients: 4) {
                    guard let at = killed.withLock({ $0 }) else { return false }
                    let after = load.sent.count { ($0.acknowledgedAt ?? at) > at }
                    return after >= 200 || ContinuousClock.now - at > .seconds(30)
                }
            }
            try await Task.sleep(for: .milliseconds(1_500))
            cluster.nodes[victim].stop(crash: true)
            let death = ContinuousClock.now
            killed.withLock { $0 = death }
            await running.value

            let sent = load.sent
            let afterKill = sent.filter { ($0.acknowledgedAt ?? death) > death }
            print("cluster node n\(victim + 1) killed: \(sent.count { $0.orderId != nil }) orders acknowledged, \(afterKill.count) after the kill")
            #expect(primary.process?.isRunning == true, "the primary stopped: \(primary.log.suffix(3_000))")
            #expect(afterKill.count >= 200, "the primary acknowledged \(afterKill.count) orders after the kill")
            for order in sent where order.orderId != nil {
                let reply = try await SignedClient(primary, account: order.account)
                    .send(.GET, "/fapi/v1/order", [("symbol", "BTCUSDT"), ("origClientOrderId", order.clientOrderId)])
                #expect(reply.status == 200 && reply.object["orderId"] as? Int == order.orderId, "\(reply.text)")
            }
            // Every command the primary made durable is in the log, once and in order.
            let status = try await primary.admin(.GET, "/admin/v1/status")
            let durable = try #require(status.object["lastDurableSequence"] as? Int)
            let survivor = cluster.nodes[(victim + 1) % 3]
            // (Reading needs a consumer, which needs the cluster's meta leader: re-elected if the dead node led.)
            var messages: [CommandLogMessage]?
            for _ in 0..<20 where messages == nil {
                messages = try? ReplicatedPrimaryTests.readAll(survivor, names)
                if messages == nil { try await Task.sleep(for: .seconds(1)) }
            }
            let commands = try ReplicatedPrimaryTests.commands(in: try #require(messages))
            #expect(commands.map(\.sequence) == Array(1...UInt64(commands.count)))
            #expect(commands.count >= durable, "the log holds \(commands.count) commands, the primary \(durable)")
            #endif
        }
    }
}
