import Foundation
import HFTReplication
import Testing

extension NATSSuites {
    /// A standby that starts late, from a copy of another node's snapshot plus the log.
    @Suite("a late standby seeded from a snapshot", .serialized, .timeLimit(.minutes(10)),
           .enabled(if: NATSServerProcess.available, Comment(rawValue: NATSServerProcess.installHint)))
    struct SeededStandbyTests {
        @Test("hft-venue --standby --seed-from: recovers the snapshot, applies only the log after it, equals the primary")
        func lateStandbyCatchesUpFromASnapshot() async throws {
            #if NATS
            let binary = try #require(VenueProcess.binary, "hft-venue is not built next to the tests (swift build)")
            let server = try ReplicatedPrimaryTests.server()
            defer { server.remove() }
            let names = ReplicatedPrimaryTests.names()
            let primary = try VenueProcess(), late = try VenueProcess()
            defer { primary.remove(); late.remove() }
            try await primary.start(binary: binary, arguments: ["--replicate", server.url, "--shard", names.shard, "--node-name", "a"])
            for i in 0..<20 {
                #expect(try await primary.admin(.POST, "/admin/v1/deposit", body: #"{"account":"alice","amount":"1.\#(i + 10)"}"#).status == 200)
            }
            let snapshot = try await primary.admin(.POST, "/admin/v1/snapshot")
            let sequence = try #require(snapshot.object["sequence"] as? Int, "\(snapshot.text)")
            for i in 0..<15 {
                #expect(try await primary.admin(.POST, "/admin/v1/deposit", body: #"{"account":"bob","amount":"2.\#(i + 10)"}"#).status == 200)
            }
            try await late.start(binary: binary, arguments: ["--standby", server.url, "--shard", names.shard, "--node-name", "c",
                                                             "--seed-from", primary.configuration.dataDirectory])
            let target = try #require(await primary.durableSequence())
            #expect(await late.follow(through: target) == target)
            let status = try await late.admin(.GET, "/admin/v1/status")
            #expect(status.object["lastSnapshotSequence"] as? Int == sequence && status.object["recoveredCommands"] as? Int == 0,
                    "\(status.text)")
            #expect(status.object["publishedCommands"] as? Int == target - sequence, "it applied only the log after the snapshot")
            for account in ["alice", "bob"] {
                let mine = try await primary.admin(.GET, "/admin/v1/account?account=\(account)")
                let theirs = try await late.admin(.GET, "/admin/v1/account?account=\(account)")
                #expect(mine.status == 200 && (theirs.json as? NSDictionary) == (mine.json as? NSDictionary))
            }
            #endif
        }
    }
}
