import Foundation
import HFTEngine
@testable import HFTService
import HFTReplication
import Testing

extension NATSSuites {
    /// Standbys against a real `nats-server`: a standby that follows the primary's log holds
    /// the same commands and events at the same sequences and passes every state checkpoint;
    /// it resumes after a restart from its own journal; one whose state differs stops at the
    /// first checkpoint instead of serving a state the primary never had.
    @Suite("replicated standby on a real nats-server", .serialized, .timeLimit(.minutes(10)),
           .enabled(if: NATSServerProcess.available, Comment(rawValue: NATSServerProcess.installHint)))
    struct ReplicatedStandbyTests {
        #if NATS
        static func follower(_ server: NATSServerProcess, _ names: CommandLogNames, host: VenueHost) throws -> CommandLogFollower {
            let follower = try CommandLogFollower(NATSConnection.Options(servers: [server.url], name: "standby"), names: names,
                                                  host: host)
            try follower.start()
            return follower
        }

        static func orders(_ host: VenueHost, count: Int, clients: Int = 4) async throws {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for client in 0..<clients {
                    group.addTask {
                        for i in 0..<count / clients {
                            _ = try await host.submit(HostFixture.order(account: Int64(client), i % 2 == 0 ? .buy : .sell,
                                                                        9_990 + Int64((i * 7) % 20), lots: 1 + Int64(i % 3)))
                        }
                    }
                }
                try await group.waitForAll()
            }
        }

        /// A primary (checkpoints every 25 commands) with the fixture's set-up applied.
        static func primary(_ server: NATSServerProcess, _ names: CommandLogNames, directory: String,
                            sink: RecordingSink = RecordingSink()) async throws -> VenueHost {
            var configuration = HostFixture.configuration(directory)
            configuration.checkpointInterval = 25
            let primary = try VenueHost.start(configuration, sink: sink,
                                              replicator: try ReplicatedPrimaryTests.log(server, names, holder: "node-a"))
            for command in HostFixture.setUp { _ = try await primary.submit(command) }
            return primary
        }
        #endif

        @Test("a standby holds the primary's commands and events at the same sequences, passes every checkpoint, and resumes after a restart")
        func standbyFollowsThePrimary() async throws {
            #if NATS
            let server = try ReplicatedPrimaryTests.server()
            defer { server.remove() }
            let names = ReplicatedPrimaryTests.names()
            let primaryDirectory = HostFixture.directory("primary"), standbyDirectory = HostFixture.directory("standby")
            defer { for d in [primaryDirectory, standbyDirectory] { try? FileManager.default.removeItem(atPath: d) } }
            let primarySink = RecordingSink()
            let primary = try await Self.primary(server, names, directory: primaryDirectory, sink: primarySink)

            var standbySink = RecordingSink()
            var standby = try VenueHost.start(HostFixture.configuration(standbyDirectory), sink: standbySink)
            var follower = try Self.follower(server, names, host: standby)
            try await Self.orders(primary, count: 300)
            let last = primary.statistics.lastDurableSequence
            #expect(await SessionFixture.eventually(.seconds(15)) { standby.statistics.lastDurableSequence == last },
                    "standby at \(standby.statistics.lastDurableSequence) of \(last): \(standby.currentState), \(String(describing: follower.failure))")
            #expect(standby.currentState == .running && follower.failure == nil)
            let checked = follower.progress.checkpoints
            #expect(checked == Int(last / 25), "checkpoints checked: \(checked) of \(last / 25)")
            #expect(follower.progress.epoch?.holder == "node-a")
            let primaryEntries = primarySink.all.map { "\($0.command) \($0.events)" }
            #expect(standbySink.all.map { "\($0.command) \($0.events)" } == primaryEntries)

            // Restart the standby: it recovers its own journal and follows on from there.
            follower.stop()
            #expect(await SessionFixture.eventually(.seconds(15)) { follower.hasEnded })
            await standby.shutdown()
            try await Self.orders(primary, count: 120)
            let later = primary.statistics.lastDurableSequence
            standbySink = RecordingSink()
            standby = try VenueHost.start(HostFixture.configuration(standbyDirectory), sink: standbySink)
            #expect(standby.recovery.lastSequence == last)
            follower = try Self.follower(server, names, host: standby)
            #expect(await SessionFixture.eventually(.seconds(15)) { standby.statistics.lastDurableSequence == later },
                    "standby at \(standby.statistics.lastDurableSequence) of \(later): \(standby.currentState), \(String(describing: follower.failure))")
            let tail = primarySink.all.filter { $0.command.sequence > last }.map { "\($0.command) \($0.events)" }
            #expect(standbySink.all.filter { !$0.replaying }.map { "\($0.command) \($0.events)" } == tail)
            #expect(standby.currentState == .running && follower.failure == nil)
            follower.stop()
            await standby.shutdown()
            await primary.shutdown()
            #endif
        }

        @Test("a standby whose state differs from the primary's stops at the first checkpoint")
        func divergedStandbyStops() async throws {
            #if NATS
            let server = try ReplicatedPrimaryTests.server()
            defer { server.remove() }
            let names = ReplicatedPrimaryTests.names()
            let primaryDirectory = HostFixture.directory("primary"), standbyDirectory = HostFixture.directory("standby")
            defer { for d in [primaryDirectory, standbyDirectory] { try? FileManager.default.removeItem(atPath: d) } }
            let primary = try await Self.primary(server, names, directory: primaryDirectory)
            // The standby's journal starts with a command the primary never had.
            let standby = try VenueHost.start(HostFixture.configuration(standbyDirectory), sink: RecordingSink())
            _ = try await standby.submit(.deposit(account: 3, amount: Money(units: 5)))
            let follower = try Self.follower(server, names, host: standby)
            try await Self.orders(primary, count: 60)
            #expect(await SessionFixture.eventually(.seconds(15)) { standby.currentState != .running })
            guard case .replicationFailed(.stateDiverged(let sequence, let theirs, let ours)) = standby.currentState else {
                Issue.record("the standby is \(standby.currentState), not stopped for a diverged state")
                return
            }
            #expect(sequence == 25 && theirs != ours)
            #expect(standby.statistics.lastDurableSequence <= 25)      // nothing after the failed check
            follower.stop()
            await primary.shutdown()
            #endif
        }
    }
}
