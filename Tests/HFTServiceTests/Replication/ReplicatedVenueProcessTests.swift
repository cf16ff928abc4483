import Foundation
import HFTEngine
import HFTReplication
import HFTService
import Testing

extension NATSSuites {
    /// `hft-venue --replicate` as a real process against a real `nats-server`: its
    /// acknowledgements are in the log, a node whose journal is behind the log cannot start as
    /// the primary, and a newer primary's epoch makes it step down (exit non-zero).
    @Suite("hft-venue --replicate against a real nats-server", .serialized, .timeLimit(.minutes(10)),
           .enabled(if: NATSServerProcess.available, Comment(rawValue: NATSServerProcess.installHint)))
    struct ReplicatedVenueProcessTests {
        @Test("acknowledged in the log; a node behind the log refuses to be primary; a fenced primary steps down")
        func replicatedPrimaryProcess() async throws {
            #if NATS
            let binary = try #require(VenueProcess.binary, "hft-venue is not built next to the tests (swift build)")
            let server = try ReplicatedPrimaryTests.server()
            defer { server.remove() }
            let names = ReplicatedPrimaryTests.names()
            let arguments = ["--replicate", server.url, "--shard", names.shard]
            let venue = try VenueProcess()
            defer { venue.remove() }
            try await venue.start(binary: binary, arguments: arguments + ["--node-name", "node-a"])
            var acknowledged: [Int] = []
            for i in 0..<20 {
                let reply = try await venue.admin(.POST, "/admin/v1/deposit", body: #"{"account":"alice","amount":"1.\#(i + 10)"}"#)
                #expect(reply.status == 200, "\(reply.text)")
                if let sequence = reply.object["sequence"] as? Int { acknowledged.append(sequence) }
            }
            let messages = try ReplicatedPrimaryTests.readAll(server, names)
            let commands = try ReplicatedPrimaryTests.commands(in: messages)
            #expect(commands.map(\.sequence) == Array(1...UInt64(commands.count)))
            #expect(acknowledged.count == 20 && UInt64(acknowledged.max() ?? .max) <= commands.last?.sequence ?? 0)
            #expect(messages.first.flatMap { m in m.payload.withUnsafeBytes { PrimaryEpoch($0) } }?.holder == "node-a")
            // The journal's group commits are counted as such, not once per replication release:
            // together they hold every command the primary made durable.
            let metrics = try await venue.admin(.GET, "/metrics").text
            func metric(_ name: String) -> Double? {
                metrics.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { Double($0.split(separator: " ").last ?? "") }
            }
            let durable = try #require(await venue.durableSequence())
            #expect(metric("hft_group_commit_commands_sum") == Double(durable), "\(metrics)")
            let commits = try #require(metric("hft_group_commits_total"), "\(metrics)")
            #expect(commits >= 1 && commits <= Double(durable))

            // A second node cannot be the primary while the first holds the shard's lease.
            let second = try VenueProcess()
            defer { second.remove() }
            do {
                try await second.start(binary: binary, arguments: arguments + ["--node-name", "node-b"])
                Issue.record("a second primary started while the first held the lease")
            } catch VenueProcessError.exited(let log) {
                #expect(log.contains("lease is held by node-a"), "\(log)")
            }

            // A newer primary takes the log over; the old one's next command is refused and it exits.
            let newer = try ReplicatedPrimaryTests.log(server, names, holder: "node-c")
            let last = try newer.lastCommandInLog()
            #expect(try newer.takeOver(lastSequence: last).epoch == 2)
            let refused = try? await venue.admin(.POST, "/admin/v1/deposit", body: #"{"account":"alice","amount":"2.00"}"#)
            #expect(refused?.status != 200)
            let process = try #require(venue.process)
            for _ in 0..<100 where process.isRunning { try await Task.sleep(for: .milliseconds(100)) }
            #expect(!process.isRunning && process.terminationStatus != 0, "the fenced primary is still running")
            #expect(venue.log.contains("stepping down"), "\(venue.log)")
            #expect(try newer.lastCommandInLog() == last)

            // The fenced primary gave its lease up as it stopped; a node with an empty directory
            // now gets the lease but its journal is behind the log: it must start as a standby.
            do {
                try await second.start(binary: binary, arguments: arguments + ["--node-name", "node-b"])
                Issue.record("a node behind the log started as the primary")
            } catch VenueProcessError.exited(let log) {
                #expect(log.contains("start it as a standby"), "\(log)")
            }
            #endif
        }

        @Test("hft-venue --standby started first waits for the stream, then follows a primary process: same sequence, same accounts; it refuses client commands")
        func standbyProcessFollowsThePrimary() async throws {
            #if NATS
            let binary = try #require(VenueProcess.binary, "hft-venue is not built next to the tests (swift build)")
            let server = try ReplicatedPrimaryTests.server()
            defer { server.remove() }
            let names = ReplicatedPrimaryTests.names()
            let primary = try VenueProcess(), standby = try VenueProcess()
            defer { primary.remove(); standby.remove() }
            // Started before its shard's first primary, the standby waits for the stream.
            async let standbyStarted: Void = standby.start(binary: binary, arguments: ["--standby", server.url, "--shard", names.shard,
                                                                                      "--node-name", "b"])
            try await Task.sleep(for: .seconds(1))
            #expect(standby.process?.isRunning == true, "a standby started before the stream exists stopped: \(standby.log)")
            try await primary.start(binary: binary, arguments: ["--replicate", server.url, "--shard", names.shard, "--node-name", "a",
                                                                "--checkpoint-interval", "5"])
            try await standbyStarted
            for i in 0..<30 {
                let account = i % 2 == 0 ? "alice" : "bob"
                let reply = try await primary.admin(.POST, "/admin/v1/deposit", body: #"{"account":"\#(account)","amount":"3.\#(i + 10)"}"#)
                #expect(reply.status == 200, "\(reply.text)")
            }
            let target = try #require(await primary.durableSequence())
            let followed = await standby.follow(through: target)
            #expect(followed == target, "the standby reached \(followed) of \(target)")
            let status = try await standby.admin(.GET, "/admin/v1/status")
            #expect(status.object["role"] as? String == "standby", "\(status.text)")
            for name in ["alice", "bob"] {
                let mine = try await primary.admin(.GET, "/admin/v1/account?account=\(name)")
                let theirs = try await standby.admin(.GET, "/admin/v1/account?account=\(name)")
                #expect(mine.object["balance"] as? Int == theirs.object["balance"] as? Int && mine.object["balance"] != nil)
            }
            let refused = try await standby.admin(.POST, "/admin/v1/deposit", body: #"{"account":"alice","amount":"1.00"}"#)
            #expect(refused.status != 200, "a standby accepted a client command: \(refused.text)")
            // Only the primary may say that an order does not exist (a standby may be behind).
            let lookup: [(String, String)] = [("symbol", "BTCUSDT"), ("origClientOrderId", "never-sent")]
            let onStandby = try await SignedClient(standby, account: "alice").send(.GET, "/fapi/v1/order", lookup)
            #expect(onStandby.object["code"] as? Int == -1001, "\(onStandby.text)")
            let onPrimary = try await SignedClient(primary, account: "alice").send(.GET, "/fapi/v1/order", lookup)
            #expect(onPrimary.object["code"] as? Int == -2013, "\(onPrimary.text)")
            #expect(try #require(await standby.durableSequence()) == target)
            // The primary's state hashes were in the log and the standby passed them all (it would have stopped).
            let checkpoints = try ReplicatedPrimaryTests.readAll(server, names).filter { $0.kind == .checkpoint }
            #expect(checkpoints.count == target / 5)
            #expect(standby.process?.isRunning == true, "\(standby.log)")
            #endif
        }

        @Test("hft-venue --replica serves the primary's book, trades and market streams; it refuses orders and never takes over")
        func readReplicaServesMarketData() async throws {
            #if NATS
            let binary = try #require(VenueProcess.binary, "hft-venue is not built next to the tests (swift build)")
            let server = try ReplicatedPrimaryTests.server()
            defer { server.remove() }
            let names = ReplicatedPrimaryTests.names()
            let primary = try VenueProcess(), replica = try VenueProcess()
            defer { primary.remove(); replica.remove() }
            try await primary.start(binary: binary, arguments: ["--replicate", server.url, "--shard", names.shard, "--node-name", "a"])
            try await replica.start(binary: binary, arguments: ["--replica", server.url, "--shard", names.shard, "--node-name", "r"])
            let stream = StreamRecorder(url: "ws://127.0.0.1:\(replica.configuration.listen.port)/stream?streams=btcusdt@trade")
            defer { stream.close() }
            try await Task.sleep(for: .milliseconds(300))

            let alice = SignedClient(primary, account: "alice"), bob = SignedClient(primary, account: "bob")
            for (i, price) in ["49990", "49980", "49970"].enumerated() {
                #expect(try await alice.limit("BUY", "0.00\(i + 1)", price).status == 200)
            }
            #expect(try await bob.limit("SELL", "0.004", "50020").status == 200)
            #expect(try await bob.limit("SELL", "0.001", "49990").status == 200)      // trades with alice's best bid
            let trade = try await stream.wait { ($0["data"] as? [String: Any])?["e"] as? String == "trade" }
            #expect((trade["data"] as? [String: Any])?["p"] as? String == "49990.0")

            let depth = "/fapi/v1/depth?symbol=BTCUSDT&limit=5"
            let expected = try await primary.request(.GET, depth, body: nil, headers: [], admin: false)
            var mirrored = try await replica.request(.GET, depth, body: nil, headers: [], admin: false)
            for _ in 0..<100 where mirrored.object["lastUpdateId"] as? Int != expected.object["lastUpdateId"] as? Int {
                try await Task.sleep(for: .milliseconds(50))
                mirrored = try await replica.request(.GET, depth, body: nil, headers: [], admin: false)
            }
            #expect(mirrored.object["bids"] as? [[String]] == expected.object["bids"] as? [[String]] && expected.status == 200)
            #expect(mirrored.object["asks"] as? [[String]] == expected.object["asks"] as? [[String]], "\(mirrored.text)")
            let trades = "/fapi/v1/trades?symbol=BTCUSDT"
            #expect(try await replica.request(.GET, trades, body: nil, headers: [], admin: false).array.count == 1)

            let refused = try await SignedClient(replica, account: "alice").limit("BUY", "0.001", "49000")
            #expect(refused.object["code"] as? Int == -1001, "\(refused.text)")
            #expect(try await replica.admin(.GET, "/admin/v1/status").object["role"] as? String == "replica")
            #expect(try await SignedClient(replica, account: "alice").send(.GET, "/fapi/v1/openOrders").array.count == 2)
            #endif
        }
    }
}
