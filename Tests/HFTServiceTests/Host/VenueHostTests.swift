import AllocationCounter
import Foundation
import HFTEngine
import HFTService
import Testing

@Suite("VenueHost: the engine thread, durability and recovery")
struct VenueHostTests {
    @Test("commands are stamped in order, new orders get their sequence as id, and trades clear")
    func sequencingAndMatching() async throws {
        let directory = HostFixture.directory("sequence")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let sink = RecordingSink()
        let host = try VenueHost.start(HostFixture.configuration(directory), sink: sink)
        for command in HostFixture.setUp {
            let outcome = try await host.submit(command)
            #expect(outcome.commandReject == nil)
        }
        let maker = try await host.submit(HostFixture.order(account: 1, .sell, 10_010, lots: 5))
        #expect(maker.command.w0 == Int64(maker.sequence))
        #expect(maker.events.contains { $0.kind == .accepted && $0.a == Int64(maker.sequence) })
        let taker = try await host.submit(HostFixture.order(account: 2, .buy, 10_010, lots: 3))
        let trade = try #require(taker.events.first { $0.kind == .trade })
        #expect(trade.a == Int64(taker.sequence) && trade.b == Int64(maker.sequence) && trade.e == 3)
        #expect(taker.sequence == maker.sequence + 1)
        #expect(taker.command.timestamp >= maker.command.timestamp)

        let (account, positions) = try await host.account(2)
        #expect(account != nil)
        #expect(positions.first { $0.symbol == 0 }?.size == 3)

        await host.shutdown()
        let entries = sink.all
        #expect(entries.count == HostFixture.setUp.count + 2)
        #expect(entries.map(\.command.sequence) == (1...UInt64(entries.count)).map { $0 })
        #expect(entries.allSatisfy { !$0.replaying })
        await #expect(throws: EngineFailure.stopped) { _ = try await host.submit(HostFixture.order(account: 1, .buy, 9_000, lots: 1)) }
    }

    @Test("a restart replays the journal: the same commands and events reach the sink, and the sequence continues")
    func recoveryReplaysTheLog() async throws {
        let directory = HostFixture.directory("recovery")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = RecordingSink()
        let host = try VenueHost.start(HostFixture.configuration(directory), sink: first)
        for command in HostFixture.setUp { _ = try await host.submit(command) }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let side: Side = Bool.random(using: &generator) ? .buy : .sell
            _ = try await host.submit(HostFixture.order(account: Int64.random(in: 0..<8, using: &generator), side,
                                                        Int64.random(in: 9_990...10_010, using: &generator),
                                                        lots: Int64.random(in: 1...5, using: &generator)))
        }
        await host.shutdown()

        let second = RecordingSink()
        let again = try VenueHost.start(HostFixture.configuration(directory), sink: second)
        #expect(again.recovery.commands == first.all.count)
        #expect(again.recovery.lastSequence == UInt64(first.all.count))
        let replayed = second.all
        #expect(replayed.allSatisfy { $0.replaying })
        #expect(replayed.map(\.command) == first.all.map(\.command))
        #expect(replayed.map(\.events) == first.all.map(\.events))
        let next = try await again.submit(HostFixture.order(account: 3, .buy, 9_000, lots: 1))
        #expect(next.sequence == UInt64(first.all.count) + 1)
        await again.shutdown()
    }

    @Test("a second host on the same directory is refused until the first has stopped")
    func directoryLock() async throws {
        let directory = HostFixture.directory("lock")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let host = try VenueHost.start(HostFixture.configuration(directory), sink: RecordingSink())
        _ = try await host.submit(HostFixture.setUp[0])
        let refusal = #expect(throws: VenueHostError.self) { _ = try VenueHost.start(HostFixture.configuration(directory), sink: RecordingSink()) }
        guard case .directoryInUse = refusal else {
            Issue.record("expected directoryInUse, got \(String(describing: refusal))")
            return
        }
        await host.shutdown()
        let again = try VenueHost.start(HostFixture.configuration(directory), sink: RecordingSink())
        #expect(again.recovery.lastSequence == 1)
        await again.shutdown()
    }

    @Test("concurrent submitters: every command is answered once, sequences are dense and unique")
    func concurrentSubmitters() async throws {
        let directory = HostFixture.directory("concurrent")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let host = try VenueHost.start(HostFixture.configuration(directory, durability: .never), sink: RecordingSink())
        for command in HostFixture.setUp { _ = try await host.submit(command) }
        let base = UInt64(HostFixture.setUp.count)
        let sequences = try await withThrowingTaskGroup(of: [UInt64].self) { group in
            for task in 0..<8 {
                group.addTask {
                    var mine: [UInt64] = []
                    for i in 0..<250 {
                        let side: Side = (i + task) % 2 == 0 ? .buy : .sell
                        let price: Int64 = side == .buy ? 9_990 - Int64(i % 5) : 10_010 + Int64(i % 5)
                        mine.append(try await host.submit(HostFixture.order(account: Int64(task), side, price, lots: 1)).sequence)
                    }
                    return mine
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(sequences.count == 2_000)
        #expect(Set(sequences).count == 2_000)
        #expect(sequences.min() == base + 1 && sequences.max() == base + 2_000)
        #expect(host.inFlight == 0)
        await host.shutdown()
    }

    /// Runs only where jemalloc is linked (skipped, with the install command, elsewhere:
    /// the sanitizer runs of CI leave jemalloc out).
    @Test("the engine thread allocates nothing while it sequences, journals and applies orders under load",
          .enabled(if: AllocationCounter.isAvailable, Comment(rawValue: AllocationCounter.unavailableMessage)))
    func engineThreadAllocatesNothing() async throws {
        let directory = HostFixture.directory("allocation")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let host = try VenueHost.start(HostFixture.configuration(directory), sink: RecordingSink())
        for command in HostFixture.setUp { _ = try await host.submit(command) }
        // Warm-up: every path the measured load takes (resting, crossing, cancels, reads).
        try await Self.load(host, rounds: 200)
        let before = try #require(try await host.engineAllocatedBytes())
        try await Self.load(host, rounds: 2_000)
        let after = try #require(try await host.engineAllocatedBytes())
        #expect(after - before == 0, "the engine thread allocated \(after - before) bytes")
        await host.shutdown()
    }

    /// Four concurrent clients: resting orders, crossing orders, cancels and account reads.
    static func load(_ host: VenueHost, rounds: Int) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for client in 0..<4 {
                group.addTask {
                    for i in 0..<rounds {
                        let account = Int64(client)
                        let resting = try await host.submit(HostFixture.order(account: account, .buy, 9_900 + Int64(i % 50), lots: 1))
                        _ = try await host.submit(.cancelOrder(Int64(resting.sequence)))
                        let side: Side = (i + client) % 2 == 0 ? .buy : .sell
                        _ = try await host.submit(HostFixture.order(account: account, side, 10_000, lots: 1))
                        if i % 10 == 0 { _ = try await host.account(account) }
                    }
                }
            }
            try await group.waitForAll()
        }
    }
}
