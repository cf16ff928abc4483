import Foundation
import HFTEngine
@testable import HFTService
import HFTReplication
import Logging
import Testing

extension NATSSuites {
    /// Failover in one process against a real `nats-server`: the primary holds the lease and
    /// stops renewing it (as a dead primary does); the standby, caught up, takes the lease and
    /// is promoted; every command the old primary acknowledged is in the new primary's state;
    /// the new primary acknowledges orders; the old one is fenced.
    @Suite("failover on a real nats-server", .serialized, .timeLimit(.minutes(2)),
           .enabled(if: NATSServerProcess.available, Comment(rawValue: NATSServerProcess.installHint)))
    struct FailoverTests {
        @Test("the standby takes over when the primary's lease lapses; nothing acknowledged is lost; the old primary is fenced")
        func standbyTakesOver() async throws {
            #if NATS
            let server = try ReplicatedPrimaryTests.server()
            defer { server.remove() }
            let names = ReplicatedPrimaryTests.names()
            let options = { (name: String) in NATSConnection.Options(servers: [server.url], name: name) }
            let logger = Logger(label: "failover-test")
            let primaryDirectory = HostFixture.directory("primary"), standbyDirectory = HostFixture.directory("standby")
            defer { for d in [primaryDirectory, standbyDirectory] { try? FileManager.default.removeItem(atPath: d) } }

            let primaryLease = try LeaderLease(options("a"), names: names, holder: "node-a", timeToLiveMilliseconds: 3_000)
            #expect(try primaryLease.acquire())
            let primarySink = RecordingSink()
            let primary = try await ReplicatedStandbyTests.primary(server, names, directory: primaryDirectory, sink: primarySink)
            let keeping = Task { await LeaseKeeper(lease: primaryLease, logger: logger).run(host: primary, feed: nil) }
            let standbySink = RecordingSink()
            let standby = try VenueHost.start(HostFixture.configuration(standbyDirectory), sink: standbySink, role: .standby)
            let follower = try ReplicatedStandbyTests.follower(server, names, host: standby)
            let standbyLease = try LeaderLease(options("b"), names: names, holder: "node-b", timeToLiveMilliseconds: 3_000)
            let logOptions = options("b-log")
            let promoter = StandbyPromoter(lease: standbyLease, logger: logger) {
                try JetStreamCommandLog(.init(connection: logOptions, names: names, holder: "node-b"))
            }
            let promotion = Task { try await promoter.promote(host: standby, feed: follower) }

            // Clients trade on the primary; it keeps its lease while they do.
            try await ReplicatedStandbyTests.orders(primary, count: 200)
            #expect(try primaryLease.currentHolder() == "node-a")
            await #expect(throws: EngineFailure.notPrimary) {
                _ = try await standby.submit(HostFixture.order(account: 0, .buy, 9_990, lots: 1))
            }
            let acknowledged = primary.statistics.lastDurableSequence

            // The primary dies: it renews no more. The standby takes over after the TTL.
            keeping.cancel()
            #expect(await keeping.value == nil)
            let died = ContinuousClock.now
            let log = try #require(try await promotion.value)
            #expect(standby.role == .primary && log.epoch?.epoch == 2 && log.epoch?.nextSequence == acknowledged + 1)
            let outcome = try await standby.submit(HostFixture.order(account: 1, .sell, 10_000, lots: 1))
            let failover = ContinuousClock.now - died
            #expect(outcome.command.sequence == acknowledged + 1)
            #expect(failover < .seconds(10), "failover took \(failover)")
            // Everything the old primary acknowledged is in the new primary's state, event for event.
            let old = primarySink.all.map { "\($0.command) \($0.events)" }
            #expect(Array(standbySink.all.map { "\($0.command) \($0.events)" }.prefix(old.count)) == old)
            // The old primary, if it were still alive, is fenced.
            await #expect(throws: EngineFailure.replicationFailed) {
                _ = try await primary.submit(HostFixture.order(account: 0, .buy, 9_990, lots: 1))
            }
            await primary.shutdown()
            await standby.shutdown()
            #endif
        }
    }
}
