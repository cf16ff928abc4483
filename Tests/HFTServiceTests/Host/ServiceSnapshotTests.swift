import Foundation
import HFTEngine
@testable import HFTService
import Testing

@Suite("VenueHost snapshots: venue and read model at one sequence, recovery from a pair and the log after it")
struct ServiceSnapshotTests {
    /// Orders that rest, cross (trades, klines, positions), get cancelled and amended, and
    /// mark-price changes; returns the ids of the orders placed.
    @discardableResult
    static func drive(_ host: VenueHost, commands: Int, seed: UInt64) async throws -> [Int64] {
        var generator = SplitMix64(seed: seed)
        var placed: [Int64] = []
        for _ in 0..<commands {
            let roll = Int.random(in: 0..<20, using: &generator)
            if roll == 0 {
                _ = try await host.submit(.markPrice(symbol: 0, Price(ticks: Int64.random(in: 9_990...10_010, using: &generator))))
            } else if roll < 3, let id = placed.randomElement(using: &generator) {
                _ = try await host.submit(.cancelOrder(id))
            } else if roll == 3, let id = placed.randomElement(using: &generator) {
                _ = try await host.submit(.amendOrder(id, price: Price(ticks: Int64.random(in: 9_990...10_010, using: &generator)),
                                                      quantity: Quantity(lots: Int64.random(in: 1...5, using: &generator))))
            } else {
                let side: Side = Bool.random(using: &generator) ? .buy : .sell
                let outcome = try await host.submit(HostFixture.order(
                    account: Int64.random(in: 0..<8, using: &generator), side,
                    Int64.random(in: 9_990...10_010, using: &generator), lots: Int64.random(in: 1...5, using: &generator)))
                placed.append(Int64(outcome.sequence))
            }
        }
        return placed
    }

    /// The venue and read model that recovery builds from `directory`.
    static func recover(_ directory: String) throws -> (hash: UInt64, sink: LedgerSink, recovery: VenueHost.Recovery) {
        var venue = try Venue(configuration: HostFixture.venue)
        let sink = LedgerSink()
        let recovery = try VenueHostRecovery.replay(directory: directory, into: &venue, sink: sink)
        return (venue.stateHash.value, sink, recovery)
    }

    /// A copy of `directory` without its snapshots: recovery there replays the whole log.
    static func withoutSnapshots(_ directory: String) throws -> String {
        let copy = HostFixture.directory("full-replay")
        try FileManager.default.removeItem(atPath: copy)
        try FileManager.default.copyItem(atPath: directory, toPath: copy)
        for name in try FileManager.default.contentsOfDirectory(atPath: copy)
        where name.hasSuffix(".snap") || name.hasSuffix(".readmodel") {
            try FileManager.default.removeItem(atPath: copy + "/" + name)
        }
        return copy
    }

    /// What REST serves from the ledger: open orders, order history, fills, trades, klines,
    /// depth with its update id, accounts and positions.
    static func served(_ ledger: VenueLedger) -> String {
        var lines: [String] = []
        for account in Int64(0)..<8 {
            lines.append("open \(account) \(ledger.openOrders(account: account).sorted { $0.id < $1.id })")
            lines.append("all \(account) \(ledger.allOrders(account: account, symbol: 0, limit: 1_000))")
            lines.append("fills \(account) \(ledger.retainedFills(account: account, symbol: 0))")
            lines.append("account \(String(describing: ledger.account(account))) \(ledger.positions(of: account))")
        }
        lines.append("trades \(ledger.trades(symbol: 0, limit: 1_000))")
        lines.append("aggTrades \(ledger.aggTrades(symbol: 0, limit: 1_000))")
        for interval in KlineInterval.allCases { lines.append("klines \(ledger.klines(symbol: 0, interval: interval))") }
        lines.append("depth \(String(describing: ledger.depth(symbol: 0)))")
        lines.append("bookTicker \(String(describing: ledger.bookTicker(symbol: 0)))")
        lines.append("prices \(String(describing: ledger.prices(symbol: 0)))")
        lines.append("sequence \(ledger.lastSequence) commands \(ledger.commandCount) tradeId \(ledger.nextTradeId)")
        return lines.joined(separator: "\n")
    }

    @Test("restart from the newest pair and the log after it equals a full replay (venue state hash and read model)")
    func snapshotPlusTailEqualsFullReplay() async throws {
        let directory = HostFixture.directory("snapshot")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let sink = LedgerSink()
        let host = try VenueHost.start(HostFixture.configuration(directory), sink: sink)
        for command in HostFixture.setUp { _ = try await host.submit(command) }
        try await Self.drive(host, commands: 300, seed: 1)
        let first = try await host.snapshot()
        try await Self.drive(host, commands: 200, seed: 2)
        let second = try await host.snapshot()
        #expect(second.sequence == host.statistics.lastDurableSequence)
        #expect(first.sequence < second.sequence && second.venueBytes > 64 && second.readModelBytes > 64)
        let atSnapshot = sink.contents
        try await Self.drive(host, commands: 150, seed: 3)
        let live = sink.contents
        let liveServed = sink.lock.withLock { _ in Self.served(sink.ledger) }
        await host.shutdown()

        let restored = try Self.recover(directory)
        #expect(restored.recovery.snapshotSequence == second.sequence)
        #expect(restored.recovery.commands == 150)
        #expect(restored.recovery.rejectedSnapshots.isEmpty)
        let fullDirectory = try Self.withoutSnapshots(directory)
        defer { try? FileManager.default.removeItem(atPath: fullDirectory) }
        let full = try Self.recover(fullDirectory)
        #expect(full.recovery.snapshotSequence == 0)
        #expect(full.recovery.commands == Int(restored.recovery.lastSequence))

        #expect(restored.hash == full.hash)
        #expect(restored.sink.contents == full.sink.contents)
        #expect(restored.sink.contents == live)
        #expect(atSnapshot != live, "the tail after the snapshot changed the read model")
        #expect(Self.served(restored.sink.ledger) == Self.served(full.sink.ledger))
        #expect(Self.served(restored.sink.ledger) == liveServed)
        #expect(!restored.sink.ledger.trades(symbol: 0).isEmpty && restored.sink.ledger.bookUpdateId(symbol: 0)! > 0)
    }

    @Test("a damaged or twinless newest pair is passed over for the older one; no pair at all: a full replay")
    func fallsBackToAnOlderPair() async throws {
        let directory = HostFixture.directory("fallback")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let host = try VenueHost.start(HostFixture.configuration(directory), sink: LedgerSink())
        for command in HostFixture.setUp { _ = try await host.submit(command) }
        try await Self.drive(host, commands: 120, seed: 4)
        let older = try await host.snapshot()
        try await Self.drive(host, commands: 80, seed: 5)
        let newer = try await host.snapshot()
        try await Self.drive(host, commands: 40, seed: 6)
        await host.shutdown()
        let reference = try Self.recover(directory)
        #expect(reference.recovery.snapshotSequence == newer.sequence)

        // A flipped byte in the newest read model: its CRC fails, the older pair is used.
        let twin = ReadModelSnapshotFile.path(directory: directory, sequence: newer.sequence)
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: twin)))
        bytes[bytes.count / 2] ^= 0x40
        try Data(bytes).write(to: URL(fileURLWithPath: twin))
        let damaged = try Self.recover(directory)
        #expect(damaged.recovery.snapshotSequence == older.sequence)
        #expect(damaged.recovery.rejectedSnapshots.map(\.sequence) == [newer.sequence])
        #expect(damaged.hash == reference.hash && damaged.sink.contents == reference.sink.contents)

        // The newest venue snapshot without its twin is not used either.
        try FileManager.default.removeItem(atPath: twin)
        let twinless = try Self.recover(directory)
        #expect(twinless.recovery.snapshotSequence == older.sequence)
        #expect(twinless.recovery.rejectedSnapshots.first?.reason == "no read-model twin")
        #expect(twinless.hash == reference.hash && twinless.sink.contents == reference.sink.contents)

        // A truncated older venue snapshot: nothing usable, the whole log is replayed.
        let venueFile = JournalFiles.path(directory, older.sequence, JournalFiles.snapshotSuffix)
        try Data(try Data(contentsOf: URL(fileURLWithPath: venueFile)).prefix(100)).write(to: URL(fileURLWithPath: venueFile))
        let none = try Self.recover(directory)
        #expect(none.recovery.snapshotSequence == 0)
        #expect(none.hash == reference.hash && none.sink.contents == reference.sink.contents)
    }

    @Test("after pruning, a restart still serves the orders of the pruned segments; without the snapshots it refuses")
    func prunedLogStillServesOldOrders() async throws {
        let directory = HostFixture.directory("pruned")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let configuration = HostFixture.configuration(directory)
        var sink = LedgerSink()
        var host = try VenueHost.start(configuration, sink: sink)
        for command in HostFixture.setUp { _ = try await host.submit(command) }
        let early = try await Self.drive(host, commands: 60, seed: 7)
        // Each restart recovers from the newest pair and opens a new log segment, so that the
        // oldest kept pair covers whole segments.
        var pruned = 0
        for round in 0..<4 {
            try await Self.drive(host, commands: 60, seed: 8 + UInt64(round))
            pruned += try await host.snapshot().segmentsPruned
            await host.shutdown()
            sink = LedgerSink()
            host = try VenueHost.start(configuration, sink: sink)
            #expect(host.recovery.snapshotSequence == host.recovery.lastSequence)
        }
        try await Self.drive(host, commands: 30, seed: 20)
        let live = sink.contents
        await host.shutdown()
        #expect(pruned > 0)
        let segments = try JournalFiles.list(directory, suffix: JournalFiles.segmentSuffix)
        #expect(segments.first! > UInt64(early.last!), "the segments of the early orders are gone")
        #expect(try ServiceSnapshotStore.pairs(directory: directory).count == ServiceSnapshotStore.keep)

        let restored = try Self.recover(directory)
        #expect(restored.sink.contents == live)
        let oldest = early[0]
        let order = try #require(restored.sink.ledger.order(id: oldest))
        #expect(order.createdSequence == UInt64(oldest))
        #expect(restored.sink.ledger.allOrders(account: order.account, symbol: 0, limit: 1_000).contains { $0.id == oldest })

        // The host starts from the pair and continues the sequence.
        let again = try VenueHost.start(configuration, sink: LedgerSink())
        #expect(again.recovery.snapshotSequence > 0)
        let next = try await again.submit(HostFixture.order(account: 1, .buy, 9_000, lots: 1))
        #expect(next.sequence == restored.recovery.lastSequence + 1)
        await again.shutdown()

        // Without any snapshot the pruned log cannot be replayed: a clear refusal, no crash.
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) where name.hasSuffix(".snap") {
            try FileManager.default.removeItem(atPath: directory + "/" + name)
        }
        let refusal = #expect(throws: VenueHostError.self) { _ = try VenueHost.start(configuration, sink: LedgerSink()) }
        guard case .logPruned(_, let first) = refusal else {
            Issue.record("expected logPruned, got \(String(describing: refusal))")
            return
        }
        #expect(first == segments.first)
    }

    @Test("a snapshot of an idle host and concurrent snapshots with commands: every pair matches its sequence")
    func concurrentSnapshots() async throws {
        let directory = HostFixture.directory("concurrent-snapshots")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let host = try VenueHost.start(HostFixture.configuration(directory), sink: LedgerSink())
        for command in HostFixture.setUp { _ = try await host.submit(command) }
        let idle = try await host.snapshot()
        #expect(idle.sequence == UInt64(HostFixture.setUp.count))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await Self.drive(host, commands: 200, seed: 30) }
            group.addTask {
                for _ in 0..<5 {
                    let report = try await host.snapshot()
                    // The read model twin is the ledger after exactly that sequence.
                    let twin = try ReadModelSnapshotFile.read(directory: directory, sequence: report.sequence)
                    let ledger = VenueLedger(symbols: [])
                    try ledger.loadSnapshot(twin, sequence: report.sequence)
                    #expect(ledger.lastSequence == report.sequence)
                }
            }
            try await group.waitForAll()
        }
        await host.shutdown()
        let restored = try Self.recover(directory)
        let fullDirectory = try Self.withoutSnapshots(directory)
        defer { try? FileManager.default.removeItem(atPath: fullDirectory) }
        let full = try Self.recover(fullDirectory)
        #expect(restored.recovery.snapshotSequence > idle.sequence)
        #expect(restored.hash == full.hash && restored.sink.contents == full.sink.contents)
    }
}
