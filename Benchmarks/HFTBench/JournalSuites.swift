import CCycleCounter
import Foundation
import HFTEngine

/// The journal's suites, all on 152-byte `venueCommand` records (0 allocations per op in
/// every one):
/// - `journal.append`: encode + CRC-32C of one record into the in-memory buffer (issue 7:
///   ≥ 20M records/s);
/// - `journal.append.disk.<policy>`: the same through ``JournalWriter`` to a segment file
///   with group commit, per policy (records:1, records:64, us:1000, never); records/s, and
///   in the latency columns the commit latency (appends that performed a group commit);
/// - `journal.replay`: read + length/CRC-32C/sequence check + in-place decode of one record
///   of the `venue.replay` log, without applying it: the log's own share of a venue's
///   recovery;
/// - `journal.snapshot` / `journal.restore`: copy out / load back the whole state of a venue
///   with 200,000 funded accounts and 1M resting orders (``Venue/visitSnapshot(_:scratch:)``;
///   size, file write and read printed);
/// - `journal.recover`: recovery of an on-disk venue journal of 1M mixed commands (200,000
///   with `--quick`): segments read, every record checked and applied to a fresh venue by
///   ``Venue/replayJournal(_:firstSequence:events:)``, the replay step of ``Venue/recover(directory:truncateDamaged:)``;
/// - `venue.replay`: decode + CRC-check + ``Venue/apply(_:into:)`` of one record of a mixed
///   command flow (issue 12: ≥ 5M commands/s).
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

final class JournalAppendMemorySuite: BenchmarkSuite {
    let name = "journal.append"
    var operationsPerBatch = 0
    var timesSingleOperations: Bool { true }
    var buffer: JournalBufferBox?
    var commands: [VenueCommand] = []

    final class JournalBufferBox {
        var buffer: JournalBuffer
        let crc = CRC32C()
        init(_ bytes: Int) { buffer = JournalBuffer(capacity: bytes) }
    }

    func setUp(quick: Bool) {
        operationsPerBatch = quick ? 100_000 : 1_000_000
        buffer = JournalBufferBox(operationsPerBatch * JournalRecordLayout.venueCommandSize)
        commands = VenueReplaySuite.flow(count: 1_024, seed: 71)
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
    var commands: [VenueCommand] = []

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
        // One segment for the whole run (up to ~550 MB): a roll allocates its file name.
        writer = WriterHolder(try! JournalWriter(directory: directory, policy: policy, maxSegmentBytes: 1 << 30))
        commands = VenueReplaySuite.flow(count: 1_024, seed: 72)
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

/// The log's own share of a venue's recovery: the `venue.replay` log (2M records, 200,000
/// with `--quick`, in memory), each record read, checked (length, CRC-32C over 148 bytes,
/// sequence, kind) and its command decoded in place
/// (``JournalReader/decodeVenueCommand(_:at:expected:crc:into:)``, what
/// ``JournalReader/nextVenueCommand(into:)`` runs per record), nothing applied.
final class JournalReplaySuite: BenchmarkSuite {
    let name = "journal.replay"
    var operationsPerBatch = 0
    var log: JournalAppendMemorySuite.JournalBufferBox?
    var digest: Int64 = 0

    func setUp(quick: Bool) {
        operationsPerBatch = quick ? 200_000 : 2_000_000
        let flow = VenueReplaySuite.flow(count: operationsPerBatch, seed: 75)
        let box = JournalAppendMemorySuite.JournalBufferBox(operationsPerBatch * JournalRecordLayout.venueCommandSize)
        for (i, c) in flow.enumerated() { _ = box.buffer.append(c, sequence: UInt64(i + 1), crc: box.crc) }
        log = box
        digest = flow.reduce(0) { $0 &+ $1.w0 }
        // The same on the first 10,000 records (1.5 MB, cache-resident), 100 times (best of 3).
        var cached = UInt64.max
        for _ in 0..<3 {
            let t0 = hft_monotonic_ns()
            for _ in 0..<100 { blackHole(decodeVenueRecords(box.buffer.bytes, count: 10_000, crc: box.crc)) }
            cached = min(cached, hft_monotonic_ns() &- t0)
        }
        print("  journal.replay: \(operationsPerBatch) records, \(box.buffer.count / 1_000_000) MB in memory; "
              + String(format: "%.1f", Double(cached) / 1_000_000) + " ns/record when the records are in cache")
    }
    func runBatch() {
        let box = log!
        let d = decodeVenueRecords(box.buffer.bytes, count: operationsPerBatch, crc: box.crc)
        precondition(d == digest, "journal.replay: a record did not decode")
        blackHole(d)
    }
    func tearDown() { log = nil }
}

/// 200,000 funded accounts and 1M resting orders (20,000 with `--quick`) in a venue with
/// risk and liquidation on, then one snapshot copy (the venue's pause) or one load into a
/// new venue per operation, through ``Venue/visitSnapshot(_:scratch:)`` (what
/// ``Venue/writeSnapshot(directory:journalSequence:)`` and recovery run).
final class JournalSnapshotSuite: BenchmarkSuite {
    let name: String
    let restore: Bool
    var operationsPerBatch = 1
    var source: VenueHolder?
    var target: VenueHolder?
    var saved: SnapshotBuffer?
    static let accounts = 200_000

    /// A venue and an event buffer (a class: set-up code).
    final class VenueHolder {
        var venue: Venue
        var events: VenueEventBuffer
        init(_ configuration: VenueConfiguration) {
            venue = try! Venue(configuration: configuration)
            events = venue.makeEventBuffer()
        }
        func apply(_ command: VenueCommand) {
            venue.apply(command, into: &events)
            events.removeAll()
        }
    }

    init(restore: Bool) {
        self.restore = restore
        name = restore ? "journal.restore" : "journal.snapshot"
    }

    var configuration = VenueConfiguration()

    func setUp(quick: Bool) {
        let resting = quick ? 20_000 : 1_000_000
        configuration = VenueConfiguration(maxOrders: resting + 1_024, maxPriceLevels: 1 << 16, maxSymbols: 1,
                                           userAccounts: Self.accounts, positionsPerSymbol: Self.accounts,
                                           maxOpenOrdersPerAccount: 64)
        configuration.eventBudget = configuration.minimumEventBudget
        let v = VenueHolder(configuration)
        var sequence: UInt64 = 0
        func apply(_ c: VenueCommand) {
            sequence += 1
            v.apply(c.stamped(sequence: sequence, timestamp: 1_700_000_000_000_000_000 + Int64(sequence) * 1_000))
        }
        apply(.addSymbol(VenueSymbolSpec(index: 0, moneyPerTickLot: 1_000, ladderTicks: 1 << 16,
                                         makerRate: Rate(basisPoints: -1), takerRate: Rate(basisPoints: 4))))
        apply(.markPrice(symbol: 0, Price(ticks: 5_000_000)))
        for a in 0..<Int64(Self.accounts) { apply(.deposit(account: a, amount: Money(units: 1_000_000_000_000))) }
        // Resting orders on both sides, 2,000 levels, no crossing.
        for i in 0..<resting {
            let buy = i & 1 == 0
            let offset = Int64(i % 1_000) + 1
            apply(.newOrder(.limit(id: Int64(i + 1), account: Int64(i % Self.accounts), symbol: SymbolID(0),
                                   side: buy ? .buy : .sell, price: Price(ticks: buy ? 5_000_000 - offset : 5_000_000 + offset),
                                   quantity: Quantity(lots: 1))))
        }
        precondition(v.venue.restingOrderCount == resting, "\(name): orders were rejected")
        source = v
        let s = SnapshotBuffer()
        try! v.venue.visitSnapshot(s, scratch: &v.events)
        saved = s
        print("  \(name): \(Self.accounts) accounts, \(resting) resting orders, snapshot \(s.count / 1_000_000) MB")
        if !restore {
            // One file written as a host does (copy out, write, fsync, rename, directory
            // fsync) and read back with its checksums verified.
            let dir = benchDirectory("snapshot")
            let written = try! v.venue.writeSnapshot(directory: dir, journalSequence: sequence)
            let t0 = hft_monotonic_ns()
            let back = try! JournalSnapshotFile.read(directory: dir, sequence: sequence)
            let t1 = hft_monotonic_ns()
            print("  \(name): writeSnapshot: pause \(written.pauseNanoseconds / 1_000_000) ms, file write+fsync "
                  + "\(written.writeNanoseconds / 1_000_000) ms; read+verify \((t1 - t0) / 1_000_000) ms (\(back.count / 1_000_000) MB)")
            try? FileManager.default.removeItem(atPath: dir)
        }
    }
    /// Saving: the buffer rewound. Loading: the buffer rewound and a new venue (a venue
    /// loads a snapshot only when new), both untimed.
    func prepareBatch() {
        if restore {
            target = nil
            target = VenueHolder(configuration)
            saved!.startLoading()
        } else {
            saved!.startSaving()
        }
    }
    func runBatch() {
        let s = saved!
        if restore {
            let t = target!
            try! t.venue.visitSnapshot(s, scratch: &t.events)
            blackHole(t.venue.restingOrderCount)
        } else {
            let v = source!
            try! v.venue.visitSnapshot(s, scratch: &v.events)
            blackHole(s.count)
        }
    }
    func tearDown() { source = nil; target = nil; saved = nil }
}

/// Recovery of an on-disk venue journal: `venue.config` and 1M commands (200,000 with
/// `--quick`: the `venue.replay` flow after its set-up of two symbols and 10,000 funded
/// accounts) in 64 MiB segments, no snapshot. One operation = one whole recovery: every
/// segment read, every record checked and applied to a fresh venue by
/// ``Venue/replayJournal(_:firstSequence:events:)`` (the replay step of
/// ``Venue/recover(directory:truncateDamaged:)``). Untimed, in `prepareBatch`: the
/// configuration file read, the empty venue built and the reader opened (these allocate);
/// `setUp` prints one whole `Venue.recover` for comparison.
final class JournalRecoverSuite: BenchmarkSuite {
    let name = "journal.recover"
    var operationsPerBatch = 1
    var directory = ""
    var commands = 0
    var box: RecoverBox?

    final class RecoverBox {
        var venue: Venue
        var events: VenueEventBuffer
        var reader: JournalReader
        init(directory: String) {
            venue = try! Venue(configuration: try! VenueConfigurationFile.read(directory: directory))
            events = venue.makeEventBuffer()
            reader = try! JournalReader(directory: directory)
        }
    }

    func setUp(quick: Bool) {
        let flowCount = quick ? 200_000 : 1_000_000
        directory = benchDirectory("recover")
        let venue = VenueReplaySuite.VenueBox(applySetup: false)
        var writer = try! venue.venue.openJournal(directory: directory, policy: .never, bufferBytes: 4 << 20)
        let all = VenueReplaySuite.setupCommands() + VenueReplaySuite.flow(count: flowCount, seed: 74)
        for (i, c) in all.enumerated() {
            try! writer.append(c.stamped(sequence: UInt64(i + 1), timestamp: 1_700_000_000_000_000_000 + Int64(i) * 1_000))
        }
        try! writer.commit()
        commands = all.count
        let t0 = hft_monotonic_ns()
        let recovered = try! Venue.recover(directory: directory)
        let t1 = hft_monotonic_ns()
        precondition(recovered.report.recordsReplayed == commands && recovered.report.damage == nil,
                     "journal.recover: log incomplete")
        print("  journal.recover: \(commands) commands, \(commands * JournalRecordLayout.venueCommandSize / 1_000_000) MB "
              + "of segments; one whole Venue.recover: \((t1 - t0) / 1_000_000) ms")
    }
    func prepareBatch() {
        box = nil
        box = RecoverBox(directory: directory)
    }
    func runBatch() {
        let b = box!
        let replayed = try! b.venue.replayJournal(&b.reader, firstSequence: 1, events: &b.events)
        precondition(replayed.applied == commands && !replayed.gap && b.reader.damage == nil, "journal.recover: log incomplete")
        blackHole(replayed.applied)
    }
    func tearDown() {
        box = nil
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
        init(applySetup: Bool = true) {
            venue = try! Venue(configuration: VenueConfiguration(
                maxOrders: 1 << 20, maxPriceLevels: 1 << 16, maxSymbols: 2, userAccounts: VenueReplaySuite.accounts,
                positionsPerSymbol: VenueReplaySuite.accounts, maxOpenOrdersPerAccount: 1_000, eventBudget: 1 << 15))
            events = venue.makeEventBuffer()
            guard applySetup else { return }
            for c in VenueReplaySuite.setupCommands() { venue.apply(c, into: &events); events.removeAll() }
        }
    }

    /// The set-up the flow runs on: both symbols with their marks, then a deposit into
    /// every account.
    static func setupCommands() -> [VenueCommand] {
        var setup: [VenueCommand] = []
        for (i, mid) in mids.enumerated() {
            setup.append(.addSymbol(VenueSymbolSpec(index: Int32(i), moneyPerTickLot: 1, ladderTicks: 1 << 16,
                                                    makerRate: Rate(e8: -10_000), takerRate: Rate(e8: 40_000))))
            setup.append(.markPrice(symbol: Int32(i), Price(ticks: mid)))
        }
        for a in 0..<Int64(accounts) { setup.append(.deposit(account: a, amount: Money(units: 1 << 40))) }
        return setup
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
        print("  venue.replay: ops/s is commands/s (target ≥ 5M/s); the log's own share (read + CRC + decode) is journal.replay")
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

/// Reads, checks and decodes the `count` records of `bytes` without applying them
/// (`journal.replay`: the log's own share of `venue.replay`); returns a digest of the
/// commands.
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
