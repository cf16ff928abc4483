import CCycleCounter
import Foundation
import HFTEngine

/// The journal's suites (issue 7 targets on the project's 2-core machine):
/// - `journal.append`: encode + CRC-32C of one 64-byte record into the in-memory buffer,
///   ≥ 20M records/s, 0 allocations;
/// - `journal.append.disk.<policy>`: the same through ``JournalWriter`` to a segment file
///   with group commit, per policy (records:1, records:64, us:1000, never); records/s, and
///   in the latency columns the commit latency (appends that performed a group commit);
/// - `journal.replay`: decode + apply a recorded order flow (matching and risk), ≥ 5M/s;
/// - `journal.snapshot` / `journal.restore`: copy out / load back the whole state of an
///   engine with 200,000 funded accounts and 1M resting orders (size printed);
/// - `journal.recover`: read, check and apply a 10M-command log (1M with `--quick`) into
///   a fresh engine, ≤ 3 s;
/// - `venue.replay`: decode + CRC-check + ``Venue/apply(_:into:)`` of one 152-byte
///   `venueCommand` record of a mixed command flow (issue 12: ≥ 5M commands/s, 0 allocs).
func journalSuites() -> [any BenchmarkSuite] {
    [
        JournalAppendMemorySuite(),
        JournalAppendDiskSuite(policy: .everyRecords(1)), JournalAppendDiskSuite(policy: .everyRecords(64)),
        JournalAppendDiskSuite(policy: .everyMicroseconds(1_000)), JournalAppendDiskSuite(policy: .never),
        JournalReplaySuite(), JournalSnapshotSuite(restore: false), JournalSnapshotSuite(restore: true),
        JournalRecoverSuite(), VenueReplaySuite(),
    ]
}

/// A temporary directory for a suite's files.
func benchDirectory(_ name: String) -> String {
    let path = NSTemporaryDirectory() + "hft-bench-\(name)-\(getpid())"
    try? FileManager.default.removeItem(atPath: path)
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// A prepared, realistic command: limit orders around the mid, cancels and amends of
/// recent orders, marketable IOC orders (the mix of `journal.replay` and `journal.recover`).
func journalOrderFlow(count: Int, accounts: Int, seed: UInt64) -> [JournalCommand] {
    var rng = SplitMix64(seed: seed)
    var commands: [JournalCommand] = []
    commands.reserveCapacity(count)
    var nextId: Int64 = 1
    let mid: Int64 = 5_000_000
    for _ in 0..<count {
        let roll = Int(rng.next() % 100)
        let account = Int64(rng.next() % UInt64(accounts))
        let buy = rng.next() & 1 == 0
        if roll < 55 {
            let offset = Int64(rng.next() % 50) + 1
            commands.append(.newOrder(.limit(id: nextId, account: account, symbol: SymbolID(0), side: buy ? .buy : .sell,
                                             price: Price(ticks: buy ? mid - offset : mid + offset),
                                             quantity: Quantity(lots: Int64(rng.next() % 10) + 1))))
            nextId += 1
        } else if roll < 60 {
            commands.append(.newOrder(.limit(id: nextId, account: account, symbol: SymbolID(0), side: buy ? .buy : .sell,
                                             price: Price(ticks: buy ? mid + 20 : mid - 20),
                                             quantity: Quantity(lots: Int64(rng.next() % 5) + 1), timeInForce: .ioc)))
            nextId += 1
        } else if roll < 90 {
            commands.append(.cancel(orderId: max(1, nextId - 1 - Int64(rng.next() % 200))))
        } else {
            let offset = Int64(rng.next() % 50) + 1
            commands.append(.amend(orderId: max(1, nextId - 1 - Int64(rng.next() % 200)),
                                   price: Price(ticks: buy ? mid - offset : mid + offset),
                                   quantity: Quantity(lots: Int64(rng.next() % 10) + 1)))
        }
    }
    return commands
}

/// A matching engine + risk core + event buffer for the replay suites: one BTC-like symbol
/// (1,000 money units per tick·lot, taker 4 bp, maker −1 bp), `accounts` funded accounts.
final class JournalBenchEngine {
    var matching: MatchingEngine
    var risk: RiskCore
    var events: EventBuffer

    init(accounts: Int, orders: Int, deposit: Int64 = 1_000_000_000_000) {
        matching = try! MatchingEngine(configuration: EngineConfiguration(maxOrders: orders, maxPriceLevels: 1 << 16, maxSymbols: 1))
        risk = try! RiskCore(RiskConfiguration(userCapacity: accounts, symbolCapacity: 1, positionsPerSymbol: accounts,
                                          orderCapacity: orders, maxOpenOrdersPerAccount: 1 << 20))
        events = try! EventBuffer(capacity: 1 << 16)
        let scale = try! NotionalScale(moneyPerTickLot: 1_000)
        _ = try! matching.addSymbol(SymbolConfiguration(name: "BTC", ladderTicks: 1 << 16, notionalScale: scale))
        try! risk.configureSymbol(0, SymbolRisk(scale: scale, makerRate: Rate(basisPoints: -1), takerRate: Rate(basisPoints: 4),
                                                band: Rate(e8: 0), minLots: 1, maxLots: 1_000_000_000),
                                  brackets: .single(maintenanceRate: Rate(e8: 500_000), maxLeverage: 100))
        try! risk.setMark(0, Price(ticks: 5_000_000))
        for a in 0..<accounts { try! risk.deposit(account: a, amount: Money(units: deposit)) }
    }
}

/// Applies every fixed record of `bytes` (a buffer of 64-byte records) to the engine.
/// The engine's parts are passed `inout` once for the whole loop (one exclusivity check,
/// not one per command).
#if !DEBUG
@_noAllocation
#endif
@inline(never)
func replayRecords(_ bytes: UnsafeRawBufferPointer, crc: borrowing CRC32C, matching: inout MatchingEngine,
                   risk: inout RiskCore, events: inout EventBuffer) -> Int {
    var offset = 0
    var expected: UInt64 = 1
    var checksum = 0
    while offset < bytes.count {
        let decoded = JournalReader.decode(bytes, at: offset, expected: expected, crc: crc)
        guard let view = decoded.0 else { break }
        JournalApplier.apply(view.command, riskOn: true, matching: &matching, risk: &risk, into: &events)
        checksum &+= events.count
        events.removeAll()
        offset &+= decoded.2
        expected &+= 1
    }
    return checksum
}

/// Reads every record of `reader` and applies it (`journal.recover`); returns the count.
@inline(never)
func recoverRecords(_ reader: inout JournalReader, matching: inout MatchingEngine, risk: inout RiskCore,
                    events: inout EventBuffer) -> Int {
    var applied = 0
    while let record = try? reader.next() {
        JournalApplier.apply(record.command, riskOn: true, matching: &matching, risk: &risk, into: &events)
        events.removeAll()
        applied += 1
    }
    return applied
}

final class JournalAppendMemorySuite: BenchmarkSuite {
    let name = "journal.append"
    var operationsPerBatch = 0
    var timesSingleOperations: Bool { true }
    var buffer: JournalBufferBox?
    var commands: [JournalCommand] = []

    final class JournalBufferBox {
        var buffer: JournalBuffer
        let crc = CRC32C()
        init(_ bytes: Int) { buffer = JournalBuffer(capacity: bytes) }
    }

    func setUp(quick: Bool) {
        operationsPerBatch = quick ? 100_000 : 1_000_000
        buffer = JournalBufferBox(operationsPerBatch * 64)
        commands = journalOrderFlow(count: 1_024, accounts: 1_000, seed: 71)
    }
    func prepareBatch() { buffer!.buffer.reset() }
    func runBatch() {
        let box = buffer!
        commands.withUnsafeBufferPointer { c in
            for i in 0..<operationsPerBatch {
                _ = box.buffer.append(c[i & 1023], sequence: UInt64(i &+ 1), crc: box.crc)
            }
        }
        blackHole(box.buffer.count)
    }
    func runLatency(_ recorder: inout LatencyRecorder) {
        let box = buffer!
        for i in 0..<min(operationsPerBatch, 200_000) {
            let start = recorder.start()
            let ok = box.buffer.append(commands[i & 1023], sequence: UInt64(i &+ 1), crc: box.crc)
            recorder.stop(start, after: ok ? 1 : 0)
        }
    }
    func tearDown() { buffer = nil }
}

final class JournalAppendDiskSuite: BenchmarkSuite {
    let name: String
    let policy: JournalDurability
    var operationsPerBatch = 0
    var timesSingleOperations: Bool { true }
    var directory = ""
    var writer: WriterHolder?
    var commands: [JournalCommand] = []

    final class WriterHolder {
        var writer: JournalWriter
        init(_ writer: consuming JournalWriter) { self.writer = writer }
    }

    init(policy: JournalDurability) {
        self.policy = policy
        let tag: String
        switch policy {
        case .everyRecords(let n): tag = "records:\(n)"
        case .everyMicroseconds(let m): tag = "us:\(m)"
        case .never: tag = "never"
        }
        name = "journal.append.disk.\(tag)"
    }

    func setUp(quick: Bool) {
        if case .everyRecords(1) = policy { operationsPerBatch = quick ? 200 : 2_000 }
        else { operationsPerBatch = quick ? 20_000 : 200_000 }
        directory = benchDirectory(name.replacingOccurrences(of: ":", with: "-"))
        writer = WriterHolder(try! JournalWriter(directory: directory, policy: policy, maxSegmentBytes: 256 << 20))
        commands = journalOrderFlow(count: 1_024, accounts: 1_000, seed: 72)
    }
    func runBatch() {
        let box = writer!
        var failures = 0
        for i in 0..<operationsPerBatch {
            do { try box.writer.append(commands[i & 1023]) } catch { failures += 1 }
        }
        do { try box.writer.commit() } catch { failures += 1 }
        blackHole(failures)
    }
    /// Records only the appends that performed a group commit (the writer's commit count
    /// moved), so the latency columns are the commit latency (write + fdatasync) of the
    /// policy, seen by the appending thread. Runs until 2,000 commits (or 1M appends).
    func runLatency(_ recorder: inout LatencyRecorder) {
        let box = writer!
        var commits = 0
        var i = 0
        while commits < 2_000 && i < 1_000_000 {
            let before = box.writer.commitCount
            let start = hft_cycles()
            let sequence = (try? box.writer.append(commands[i & 1023])) ?? 0
            if box.writer.commitCount != before {
                recorder.stop(start, after: Int(truncatingIfNeeded: sequence))
                commits += 1
            }
            i += 1
        }
        try? box.writer.commit()
    }
    func tearDown() {
        writer = nil
        try? FileManager.default.removeItem(atPath: directory)
    }
}

final class JournalReplaySuite: BenchmarkSuite {
    let name = "journal.replay"
    var operationsPerBatch = 0
    var engine: JournalBenchEngine?
    var log: JournalAppendMemorySuite.JournalBufferBox?

    func setUp(quick: Bool) {
        operationsPerBatch = quick ? 200_000 : 2_000_000
        let flow = journalOrderFlow(count: operationsPerBatch, accounts: 10_000, seed: 73)
        log = JournalAppendMemorySuite.JournalBufferBox(operationsPerBatch * 64)
        for (i, c) in flow.enumerated() { _ = log!.buffer.append(c, sequence: UInt64(i + 1), crc: log!.crc) }
    }
    func prepareBatch() { engine = JournalBenchEngine(accounts: 10_000, orders: 1 << 20) }
    func runBatch() {
        let box = log!
        let e = engine!
        blackHole(replayRecords(box.buffer.bytes, crc: box.crc, matching: &e.matching, risk: &e.risk, events: &e.events))
    }
    func tearDown() { engine = nil; log = nil }
}

/// 200,000 funded accounts and 1M resting orders (20,000 with `--quick`), then one
/// snapshot copy (the engine pause) or one load per operation.
final class JournalSnapshotSuite: BenchmarkSuite {
    let name: String
    let restore: Bool
    var operationsPerBatch = 1
    var engine: JournalBenchEngine?
    var saved: SnapshotBuffer?
    var target: JournalBenchEngine?

    init(restore: Bool) {
        self.restore = restore
        name = restore ? "journal.restore" : "journal.snapshot"
    }

    func setUp(quick: Bool) {
        let accounts = 200_000
        let resting = quick ? 20_000 : 1_000_000
        let e = JournalBenchEngine(accounts: accounts, orders: resting + 1_024)
        // Resting orders on both sides, 2,000 levels, no crossing.
        for i in 0..<resting {
            let buy = i & 1 == 0
            let offset = Int64(i % 1_000) + 1
            RiskGate.submit(.limit(id: Int64(i + 1), account: Int64(i % accounts), symbol: SymbolID(0), side: buy ? .buy : .sell,
                                   price: Price(ticks: buy ? 5_000_000 - offset : 5_000_000 + offset), quantity: Quantity(lots: 1)),
                            matching: &e.matching, risk: &e.risk, into: &e.events)
            e.events.removeAll()
        }
        precondition(e.matching.restingOrderCount == resting, "journal.snapshot: orders were rejected")
        engine = e
        let s = SnapshotBuffer()
        try! e.matching.visitSnapshot(s)
        try! e.risk.visitSnapshot(s)
        saved = s
        print("  \(name): \(accounts) accounts, \(resting) resting orders, snapshot \(s.count / 1_000_000) MB")
        if !restore {
            // One file write (+ fsync, rename, directory fsync) and one read + verify.
            let dir = benchDirectory("snapshot")
            let t0 = hft_monotonic_ns()
            _ = try! JournalSnapshotFile.write(directory: dir, sequence: 1, payload: s.bytes)
            let t1 = hft_monotonic_ns()
            let back = try! JournalSnapshotFile.read(directory: dir, sequence: 1)
            let t2 = hft_monotonic_ns()
            print("  \(name): file write+fsync \((t1 - t0) / 1_000_000) ms, read+verify \((t2 - t1) / 1_000_000) ms (\(back.count / 1_000_000) MB)")
            try? FileManager.default.removeItem(atPath: dir)
        }
        if restore { target = JournalBenchEngine(accounts: accounts, orders: resting + 1_024) }
    }
    func prepareBatch() {
        if restore { saved!.startLoading() } else { saved!.startSaving() }
    }
    func runBatch() {
        let s = saved!
        if restore {
            try! target!.matching.visitSnapshot(s)
            try! target!.risk.visitSnapshot(s)
            blackHole(target!.matching.restingOrderCount)
        } else {
            try! engine!.matching.visitSnapshot(s)
            try! engine!.risk.visitSnapshot(s)
            blackHole(s.count)
        }
    }
    func tearDown() { engine = nil; saved = nil; target = nil }
}

/// Recovery of a 10M-command log (1M with `--quick`) from disk: list and read the segments,
/// check every record's CRC and sequence, apply it (matching and risk) to a fresh engine.
final class JournalRecoverSuite: BenchmarkSuite {
    let name = "journal.recover"
    var operationsPerBatch = 1
    var directory = ""
    var commands = 0
    var engine: JournalBenchEngine?
    var reader: ReaderHolder?

    final class ReaderHolder {
        var reader: JournalReader
        init(_ reader: consuming JournalReader) { self.reader = reader }
    }

    func setUp(quick: Bool) {
        commands = quick ? 1_000_000 : 10_000_000
        directory = benchDirectory("recover")
        var writer = try! JournalWriter(directory: directory, policy: .never, maxSegmentBytes: 64 << 20, bufferBytes: 4 << 20)
        let flow = journalOrderFlow(count: 1 << 20, accounts: 10_000, seed: 74)
        // The flow repeats every 1M commands with ids shifted, so ids stay unique.
        for i in 0..<commands {
            var c = flow[i & ((1 << 20) - 1)]
            c.w0 &+= Int64(i >> 20) << 32
            try! writer.append(c)
        }
        try! writer.commit()
        print("  journal.recover: \(commands) commands, \(commands * 64 / 1_000_000) MB of segments")
    }
    /// Untimed: a fresh engine, and the reader opened (directory listed, buffer sized).
    func prepareBatch() {
        engine = JournalBenchEngine(accounts: 10_000, orders: 1 << 20)
        reader = ReaderHolder(try! JournalReader(directory: directory))
    }
    func runBatch() {
        let e = engine!
        let box = reader!
        let applied = recoverRecords(&box.reader, matching: &e.matching, risk: &e.risk, events: &e.events)
        precondition(applied == commands && box.reader.damage == nil, "journal.recover: log incomplete")
        blackHole(applied)
    }
    func tearDown() {
        engine = nil
        reader = nil
        try? FileManager.default.removeItem(atPath: directory)
    }
}

/// A venue's recovery throughput: a binary journal of mixed ``VenueCommand``s (built in
/// memory in `setUp`: orders, cancels, amends, transfers, leverage, marks, index prices,
/// cancel-alls, funding), replayed into a fresh venue (two symbols, 10,000 funded
/// accounts, set up untimed in `prepareBatch`). One operation = read the record from the
/// buffer, check its length, CRC-32C and sequence, decode the command, `venue.apply` it.
final class VenueReplaySuite: BenchmarkSuite {
    let name = "venue.replay"
    var operationsPerBatch = 0
    var log: JournalAppendMemorySuite.JournalBufferBox?
    var box: VenueBox?
    static let accounts = 10_000
    static let mids: [Int64] = [5_000_000, 200_000]

    /// The venue and its event buffer (a class: suites hold their state in objects).
    final class VenueBox {
        var venue: Venue
        var events: VenueEventBuffer
        init() {
            venue = try! Venue(configuration: VenueConfiguration(
                maxOrders: 1 << 20, maxPriceLevels: 1 << 16, maxSymbols: 2, userAccounts: VenueReplaySuite.accounts,
                positionsPerSymbol: VenueReplaySuite.accounts, maxOpenOrdersPerAccount: 1_000, eventBudget: 1 << 15))
            events = venue.makeEventBuffer()
            var setup: [VenueCommand] = []
            for (i, mid) in VenueReplaySuite.mids.enumerated() {
                setup.append(.addSymbol(VenueSymbolSpec(index: Int32(i), moneyPerTickLot: 1, ladderTicks: 1 << 16,
                                                        makerRate: Rate(e8: -10_000), takerRate: Rate(e8: 40_000))))
                setup.append(.markPrice(symbol: Int32(i), Price(ticks: mid)))
            }
            for a in 0..<Int64(VenueReplaySuite.accounts) { setup.append(.deposit(account: a, amount: Money(units: 1 << 40))) }
            for c in setup { venue.apply(c, into: &events); events.removeAll() }
        }
    }

    func setUp(quick: Bool) {
        operationsPerBatch = quick ? 200_000 : 2_000_000
        let flow = Self.flow(count: operationsPerBatch, seed: 75)
        let box = JournalAppendMemorySuite.JournalBufferBox(operationsPerBatch * JournalRecordLayout.venueCommandSize)
        for (i, c) in flow.enumerated() { _ = box.buffer.append(c, sequence: UInt64(i + 1), crc: box.crc) }
        log = box
        // One untimed pass to say what the flow does to the venue.
        let dry = VenueBox()
        var kinds = [Int](repeating: 0, count: 64)
        var events = 0
        for c in flow {
            dry.venue.apply(c, into: &dry.events)
            events += dry.events.count
            for i in 0..<dry.events.count { kinds[Int(dry.events[i].kind.rawValue)] += 1 }
            dry.events.removeAll()
        }
        let perCommand = String(format: "%.1f", Double(events) / Double(flow.count))
        let trades = kinds[Int(VenueEvent.Kind.trade.rawValue)]
        let rejects = kinds[Int(VenueEvent.Kind.commandRejected.rawValue)] + kinds[Int(VenueEvent.Kind.rejected.rawValue)]
        print("  venue.replay: \(operationsPerBatch) commands, \(box.buffer.count / 1_000_000) MB of 152-byte records in memory; "
              + "\(perCommand) events/command, \(trades) trades, \(rejects) rejects, "
              + "\(dry.venue.restingOrderCount) orders resting at the end")
        // The log's own share: the same read + check + decode without apply (best of 3).
        var best = UInt64.max
        for _ in 0..<3 {
            let t0 = hft_monotonic_ns()
            blackHole(decodeVenueRecords(box.buffer.bytes, count: operationsPerBatch, crc: box.crc))
            best = min(best, hft_monotonic_ns() &- t0)
        }
        // The same on the first 10,000 records (1.5 MB, cache-resident), 100 times.
        var cached = UInt64.max
        for _ in 0..<3 {
            let t0 = hft_monotonic_ns()
            for _ in 0..<100 { blackHole(decodeVenueRecords(box.buffer.bytes, count: 10_000, crc: box.crc)) }
            cached = min(cached, hft_monotonic_ns() &- t0)
        }
        print("  venue.replay: ops/s is commands/s (target ≥ 5M/s); read + CRC + decode alone: "
              + String(format: "%.1f", Double(best) / Double(operationsPerBatch)) + " ns/command ("
              + String(format: "%.1f", Double(cached) / 1_000_000) + " ns when the records are in cache)")
    }
    func prepareBatch() { box = VenueBox() }
    func runBatch() {
        let b = box!
        let applied = replayVenueRecords(log!.buffer.bytes, count: operationsPerBatch, crc: log!.crc,
                                         venue: &b.venue, events: &b.events)
        precondition(applied >= 0, "venue.replay: a record did not decode")
        blackHole(applied)
    }
    func tearDown() { log = nil; box = nil }

    /// `count` commands stamped 1 µs apart: 50% resting limit orders within 50 ticks of the
    /// mid, 5% marketable IOC orders, 27% cancels and 10% amends of recent orders, 3%
    /// deposits and withdrawals, 2% mark and 1.5% index prices, 1% leverage changes, 0.5%
    /// cancel-alls; every 250,000th command settles funding. 80% of the order flow is on
    /// symbol 0.
    static func flow(count: Int, seed: UInt64) -> [VenueCommand] {
        var rng = SplitMix64(seed: seed)
        var commands: [VenueCommand] = []
        commands.reserveCapacity(count)
        var nextId: Int64 = 1
        func draw(_ n: Int64) -> Int64 { Int64(rng.next() % UInt64(n)) }
        for i in 0..<count {
            let symbol: Int32 = draw(10) < 8 ? 0 : 1
            let mid = mids[Int(symbol)]
            let account = draw(Int64(accounts))
            let side: Side = draw(2) == 0 ? .buy : .sell
            let offset = (side == .buy ? -1 : 1) * (1 + draw(50))
            let recent = max(1, nextId - 1 - draw(200))
            let roll = draw(1_000)
            var c: VenueCommand
            if i > 0 && i % 250_000 == 0 {
                c = .settleFunding(symbol: symbol, rate: Rate(e8: 10_000 - draw(20_000)))
            } else if roll < 550 {
                let crossing = roll >= 500
                c = .newOrder(.limit(id: nextId, account: account, symbol: SymbolID(symbol), side: side,
                                     price: Price(ticks: crossing ? mid - offset / 2 : mid + offset),
                                     quantity: Quantity(lots: 1 + draw(10)), timeInForce: crossing ? .ioc : .gtc))
                nextId += 1
            } else if roll < 820 {
                c = .cancelOrder(recent)
            } else if roll < 920 {
                c = .amendOrder(recent, price: Price(ticks: mid + offset), quantity: Quantity(lots: 1 + draw(10)))
            } else if roll < 950 {
                c = roll < 940 ? .deposit(account: account, amount: Money(units: 1 + draw(1_000_000)))
                    : .withdraw(account: account, amount: Money(units: 1 + draw(1_000_000)))
            } else if roll < 970 {
                c = .markPrice(symbol: symbol, Price(ticks: mid + draw(21) - 10))
            } else if roll < 985 {
                c = .indexPrice(symbol: symbol, Price(ticks: mid + draw(21) - 10))
            } else if roll < 995 {
                c = .setLeverage(account: account, symbol: symbol, leverage: 5 + draw(46))
            } else {
                c = .cancelAll(account: account, symbol: symbol)
            }
            commands.append(c.stamped(sequence: UInt64(i + 1), timestamp: 1_700_000_000_000_000_000 + Int64(i) * 1_000))
        }
        return commands
    }
}

/// Reads, checks and applies the `count` 152-byte `venueCommand` records of `bytes`;
/// returns the number of events (−1 if a record does not decode). The venue and the
/// buffer are passed `inout` once for the whole loop.
#if !DEBUG
@_noAllocation
#endif
@inline(never)
func replayVenueRecords(_ bytes: UnsafeRawBufferPointer, count: Int, crc: borrowing CRC32C, venue: inout Venue,
                        events: inout VenueEventBuffer) -> Int {
    var total = 0
    var command = VenueCommand(.liquidationScan)
    for i in 0..<count {
        let damage = JournalReader.decodeVenueCommand(bytes, at: i &* JournalRecordLayout.venueCommandSize,
                                                      expected: UInt64(truncatingIfNeeded: i &+ 1), crc: crc, into: &command)
        guard damage == nil else { return -1 }
        venue.apply(command, into: &events)
        total &+= events.count
        events.removeAll()
    }
    return total
}

/// Reads, checks and decodes the `count` records of `bytes` without applying them (the
/// log's own share of `venue.replay`); returns a digest of the commands.
#if !DEBUG
@_noAllocation
#endif
@inline(never)
func decodeVenueRecords(_ bytes: UnsafeRawBufferPointer, count: Int, crc: borrowing CRC32C) -> Int64 {
    var digest: Int64 = 0
    var command = VenueCommand(.liquidationScan)
    for i in 0..<count {
        let damage = JournalReader.decodeVenueCommand(bytes, at: i &* JournalRecordLayout.venueCommandSize,
                                                      expected: UInt64(truncatingIfNeeded: i &+ 1), crc: crc, into: &command)
        digest &+= damage == nil ? command.w0 : -1
    }
    return digest
}
