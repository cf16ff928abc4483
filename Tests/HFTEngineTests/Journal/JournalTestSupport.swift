import Foundation
@testable import HFTEngine

/// A fresh temporary directory per test, removed by `cleanup()`.
struct TemporaryDirectory {
    let path: String
    init(_ name: String = #function) {
        let clean = name.filter { $0.isLetter || $0.isNumber }
        path = NSTemporaryDirectory() + "hft-journal-test-\(clean)-\(getpid())-\(UInt32.random(in: 0 ... .max))"
        try? FileManager.default.removeItem(atPath: path)
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    func cleanup() { try? FileManager.default.removeItem(atPath: path) }
    func segments() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).filter { $0.hasSuffix(".seg") }.sorted()
    }
}

enum JournalFixtures {
    /// A deterministic venue command for index `i`: new orders (every order attribute
    /// varied), cancels, amends, deposits, withdrawals and mark prices in turn, stamped with
    /// sequencer numbers far from the journal's own.
    static func command(_ i: Int) -> VenueCommand {
        let command: VenueCommand
        switch i % 6 {
        case 0:
            command = .newOrder(OrderRequest(
                id: Int64(i), account: Int64(i % 97), symbol: SymbolID(Int32(i % 3)),
                side: i % 12 == 0 ? .buy : .sell, type: i % 7 == 0 ? .market : .limit,
                price: Price(ticks: 1000 + Int64(i % 50)), quantity: Quantity(lots: 1 + Int64(i % 9)),
                timeInForce: TimeInForce.allCases[i % TimeInForce.allCases.count],
                selfTradePrevention: SelfTradePrevention.allCases[i % 4],
                flags: i % 11 == 0 ? .reduceOnly : OrderFlags()))
        case 1: command = .cancelOrder(Int64(i - 1))
        case 2: command = .amendOrder(Int64(i - 2), price: Price(ticks: 999), quantity: Quantity(lots: 3))
        case 3: command = .deposit(account: Int64(i % 97), amount: Money(units: Int64(i) * 1000))
        case 4: command = .withdraw(account: Int64(i % 97), amount: Money(units: 5))
        default: command = .markPrice(symbol: Int32(i % 3), Price(ticks: 50_000 + Int64(i)))
        }
        return command.stamped(sequence: 1_000_000 + UInt64(i), timestamp: 1_700_000_000_000_000_000 + Int64(i) * 1_000)
    }

    /// Writes the commands 0 ..< `count` as `venueCommand` records and returns the writer's
    /// acknowledged sequence.
    static func write(_ dir: String, count: Int, policy: JournalDurability = .never, segmentBytes: Int = 64 << 20,
                      first: UInt64 = 1) throws -> UInt64 {
        var writer = try JournalWriter(directory: dir, nextSequence: first, policy: policy, maxSegmentBytes: segmentBytes)
        for i in 0..<count { try writer.append(command(i)) }
        try writer.commit()
        return writer.acknowledgedSequence
    }

    /// Reads everything; returns sequences, the commands and the reader's damage.
    static func read(_ dir: String, skipThrough: UInt64 = 0) throws
        -> (sequences: [UInt64], commands: [VenueCommand], damage: JournalTailDamage?, last: UInt64) {
        var reader = try JournalReader(directory: dir, skipThrough: skipThrough)
        var sequences: [UInt64] = [], commands: [VenueCommand] = []
        while let r = try reader.next() {
            sequences.append(r.sequence)
            commands.append(r.command)
        }
        let damage = reader.damage, last = reader.lastSequence
        return (sequences, commands, damage, last)
    }

    /// Reads to the damage and truncates it; returns the segments removed.
    static func truncate(_ dir: String) throws -> Int {
        var reader = try JournalReader(directory: dir)
        while try reader.next() != nil {}
        return try reader.truncateDamage()
    }

    /// The path of the `hft` executable built next to the test binary.
    static var hftExecutable: String? { BuiltExecutables.hft?.path }
}
