import Foundation
import Testing

@Suite("hft-venue killed with SIGKILL under load", .serialized)
struct KillRecoveryTests {
    /// One acknowledged deposit.
    struct Ack: Sendable {
        var sequence: Int
        var account: String
        var units: Int64
    }

    @Test("every acknowledged state change survives kill -9; a snapshot taken under load is recovered from",
          arguments: [1, 2, 3])
    func acknowledgedSurvivesKill(seed: Int) async throws {
        let binary = try #require(VenueProcess.binary, "hft-venue is not built next to the tests (swift build)")
        let venue = try VenueProcess()
        defer { venue.remove() }
        try await venue.start(binary: binary)
        let before = try await balances(venue)
        var snapshotSequence = 0

        // Eight clients deposit as fast as they can; each records what was acknowledged.
        let acks = try await withThrowingTaskGroup(of: [Ack].self) { group in
            for client in 0..<8 {
                group.addTask {
                    var mine: [Ack] = []
                    var generator = SystemRandomNumberGenerator()
                    let account = client % 2 == 0 ? "alice" : "bob"
                    while true {
                        let cents = Int64.random(in: 1...9_999, using: &generator)
                        let body = #"{"account":"\#(account)","amount":"\#(cents / 100).\#(String(format: "%02d", cents % 100))"}"#
                        guard let reply = try? await venue.admin(.POST, "/admin/v1/deposit", body: body), reply.status == 200,
                              let sequence = reply.object["sequence"] as? Int else { break }
                        mine.append(Ack(sequence: sequence, account: account, units: cents * 1_000_000))
                    }
                    return mine
                }
            }
            // A snapshot under load, then the kill after a seed-dependent moment, mid-flight.
            try await Task.sleep(for: .milliseconds(200))
            let snapshot = try await venue.admin(.POST, "/admin/v1/snapshot")
            #expect(snapshot.status == 200, "\(snapshot.text)")
            snapshotSequence = snapshot.object["sequence"] as? Int ?? 0
            try await Task.sleep(for: .milliseconds(200 + 300 * seed))
            venue.kill9()
            return try await group.reduce(into: [Ack]()) { $0 += $1 }
        }
        #expect(acks.count > 20, "too few acknowledgements before the kill: \(acks.count)")

        try await venue.start(binary: binary)
        let status = try await venue.admin(.GET, "/admin/v1/status")
        let durable = try #require(status.object["lastDurableSequence"] as? Int)
        #expect(durable >= acks.map(\.sequence).max() ?? 0, "an acknowledged command is missing from the recovered log")
        // Recovery started from the snapshot and replayed only the log after it.
        #expect(snapshotSequence > 0 && status.object["lastSnapshotSequence"] as? Int == snapshotSequence)
        #expect(status.object["recoveredCommands"] as? Int == durable - snapshotSequence)
        let after = try await balances(venue)
        for name in ["alice", "bob"] {
            let acknowledged = acks.filter { $0.account == name }.reduce(Int64(0)) { $0 + $1.units }
            let gained = after[name]! - before[name]!
            // Every acknowledged deposit is there; at most the 4 in flight per account at the kill may be too.
            #expect(gained >= acknowledged, "\(name): recovered \(gained) < acknowledged \(acknowledged)")
            #expect(gained <= acknowledged + 4 * 9_999 * 1_000_000)
        }
        venue.terminate()
    }

    func balances(_ venue: VenueProcess) async throws -> [String: Int64] {
        var result: [String: Int64] = [:]
        for name in ["alice", "bob"] {
            let reply = try await venue.admin(.GET, "/admin/v1/account?account=\(name)")
            result[name] = try #require(reply.object["balance"] as? Int).int64
        }
        return result
    }
}

extension Int {
    var int64: Int64 { Int64(self) }
}
