import Foundation
import HFTReplication
import Testing

extension NATSSuites {
    /// The leader lease on a real `nats-server`: one holder at a time, renewal only by the
    /// holder, expiry after the TTL without renewal, and an early release.
    @Suite("leader lease on a real nats-server", .serialized, .timeLimit(.minutes(2)),
           .enabled(if: NATSServerProcess.available, Comment(rawValue: NATSServerProcess.installHint)))
    struct LeaderLeaseTests {
        #if NATS
        /// A lease of 3 s held as `holder`, on its own connection to `server`.
        static func lease(_ server: NATSServerProcess, _ names: CommandLogNames, _ holder: String) throws -> LeaderLease {
            try LeaderLease(NATSConnection.Options(servers: [server.url], name: holder), names: names, holder: holder,
                            timeToLiveMilliseconds: 3_000)
        }
        #endif

        @Test("one holder; only it renews; the lease lapses after its TTL and passes on; a release hands it over at once")
        func oneHolderAtATime() async throws {
            #if NATS
            let server = try ReplicatedPrimaryTests.server()
            defer { server.remove() }
            let names = ReplicatedPrimaryTests.names()
            let a = try Self.lease(server, names, "node-a"), b = try Self.lease(server, names, "node-b")
            #expect(try a.acquire())
            #expect(try !b.acquire())
            #expect(try b.currentHolder() == "node-a")
            // Renewed within the TTL, the lease stays with a.
            for _ in 0..<4 {
                try await Task.sleep(for: .milliseconds(300))
                #expect(try a.renew())
            }
            #expect(try !b.acquire())
            // Not renewed, it lapses; b takes it and a can no longer renew.
            let lapsed = ContinuousClock.now
            var taken = false
            while !taken, ContinuousClock.now - lapsed < .seconds(20) {
                try await Task.sleep(for: .milliseconds(100))
                taken = try b.acquire()
            }
            let waited = ContinuousClock.now - lapsed
            #expect(taken && waited >= .milliseconds(2_700), "taken after \(waited)")
            #expect(try !a.renew())
            #expect(try a.currentHolder() == "node-b")
            // A release hands it over without waiting for the TTL.
            b.release()
            #expect(try a.acquire())
            // A holder whose lease lapsed and was taken cannot release its successor's.
            var retaken = false
            while !retaken, ContinuousClock.now - lapsed < .seconds(40) {
                try await Task.sleep(for: .milliseconds(100))
                retaken = try b.acquire()
            }
            #expect(retaken)
            a.release()
            #expect(try a.currentHolder() == "node-b", "a stale holder's release deleted its successor's lease")
            #expect(try b.renew())
            #endif
        }

        @Test("a second process of the same node name is another holder; a lost NATS server is an error, not a lost lease")
        func sameNameAndOutage() async throws {
            #if NATS
            let server = try ReplicatedPrimaryTests.server()
            defer { server.remove() }
            let names = ReplicatedPrimaryTests.names()
            let first = try Self.lease(server, names, "node-a"), restarted = try Self.lease(server, names, "node-a")
            #expect(try first.acquire())
            #expect(try !restarted.acquire(), "a restarted process of the same name took a live lease")
            #expect(try !restarted.renew())
            #expect(try first.acquire(), "taking a lease it holds again is a no-op for its holder")
            #expect(try first.renew())
            // Without a server, renewing neither succeeds nor says the lease is lost: it throws.
            server.stop(crash: true)
            #expect(throws: NATSError.self) { try first.renew() }
            #expect(first.revision > 0, "the lease was given up on a NATS error")
            #endif
        }
    }
}
