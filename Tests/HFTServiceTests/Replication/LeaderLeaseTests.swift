import Foundation
import HFTReplication
import Testing

extension NATSSuites {
    /// The leader lease on a real `nats-server`: one holder at a time, renewal only by the
    /// holder, expiry after the TTL without renewal, and an early release.
    @Suite("leader lease on a real nats-server", .serialized, .timeLimit(.minutes(2)),
           .enabled(if: NATSServerProcess.available, Comment(rawValue: NATSServerProcess.installHint)))
    struct LeaderLeaseTests {
        @Test("one holder; only it renews; the lease lapses after its TTL and passes on; a release hands it over at once")
        func oneHolderAtATime() async throws {
            #if NATS
            let server = try ReplicatedPrimaryTests.server()
            defer { server.remove() }
            let names = ReplicatedPrimaryTests.names()
            func lease(_ holder: String) throws -> LeaderLease {
                try LeaderLease(NATSConnection.Options(servers: [server.url], name: holder), names: names, holder: holder,
                                timeToLiveMilliseconds: 3_000)
            }
            let a = try lease("node-a"), b = try lease("node-b")
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
    }
}
