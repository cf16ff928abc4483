import Foundation
import HFTEngine
import HFTReplication
import HFTService
import Testing

/// `hft-venue --replicate` as a real process against a real `nats-server`: its
/// acknowledgements are in the log, a node whose journal is behind the log cannot start as
/// the primary, and a newer primary's epoch makes it step down (exit non-zero).
@Suite("hft-venue --replicate against a real nats-server", .serialized, .timeLimit(.minutes(3)),
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

        // A second node with an empty directory: its journal is behind the log.
        let second = try VenueProcess()
        defer { second.remove() }
        do {
            try await second.start(binary: binary, arguments: arguments + ["--node-name", "node-b"])
            Issue.record("a node behind the log started as the primary")
        } catch VenueProcessError.exited(let log) {
            #expect(log.contains("start it as a standby"), "\(log)")
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
        #endif
    }
}
