import HFTEngine

/// The venue's suites (issue 12 targets on the project's 2-core machine, 0 allocations per
/// op in both): `venue.order.rest` ≤ 150 ns, `venue.order.fill` ≤ 300 ns. Both drive a
/// whole ``Venue`` through ``Venue/apply(_:into:)`` exactly as a host does: stamp the
/// command, append it to the journal's in-memory buffer, apply it, read its events and
/// clear the buffer.
func venueSuites() -> [any BenchmarkSuite] {
    [VenueOrderRestSuite(), VenueOrderFillSuite()]
}

/// The benchmark exchange: 65,536 user accounts, four BTC-like symbols (tick 0.01, lot
/// 0.001, USDT with 8 decimals: 1,000 money units per tick·lot, maker −1 bp, taker 4 bp,
/// band 5%, the first six of Binance's BTCUSDT brackets, mark 50,000), risk and
/// liquidation on; 64 random accounts with 1M USDT each take part. Orders go to symbol 0.
/// The venue, its event buffer and the journal buffer live here (a class: set-up code);
/// the timed loops take them `inout` once per batch.
final class VenueBench {
    static let users = 1 << 16
    static let symbols: Int32 = 4
    static let mark: Int64 = 5_000_000
    static let activeAccounts = 64

    static let configuration = VenueConfiguration(
        maxOrders: 1 << 17, maxPriceLevels: 1 << 14, maxSymbols: Int(symbols), userAccounts: users,
        positionsPerSymbol: 1 << 12, maxOpenOrdersPerAccount: 1_024, eventBudget: 3 * (1 << 12) + 16)

    var venue: Venue
    var events: VenueEventBuffer
    var journal: JournalBuffer
    let crc = CRC32C()
    /// The active accounts.
    let accounts: [Int64]
    var sequence: UInt64 = 0
    var time: Int64 = 1_700_000_000_000_000_000

    init() {
        venue = try! Venue(configuration: Self.configuration)
        events = venue.makeEventBuffer()
        // 1 MiB, as JournalWriter's default buffer; emptied when full (see `journalAppend`).
        journal = JournalBuffer(capacity: 1 << 20)
        var rng = SplitMix64(seed: 12)
        var all = Array(0..<Int64(Self.users))
        all.shuffle(using: &rng)
        accounts = Array(all.prefix(Self.activeAccounts))
        let rows: [(Int64, Int64, Int64)] = [
            (50_000, 400_000, 125), (250_000, 500_000, 100), (1_000_000, 1_000_000, 50), (10_000_000, 2_500_000, 20),
            (20_000_000, 5_000_000, 10), (50_000_000, 10_000_000, 5),
        ]
        let brackets = rows.map {
            MarginBracket(notionalCap: Money(units: $0.0 * 100_000_000), maintenanceRate: Rate(e8: $0.1), maxLeverage: $0.2)
        }
        for s in 0..<Self.symbols {
            setUpApply(.addSymbol(VenueSymbolSpec(
                index: s, moneyPerTickLot: 1_000, bandPartsPerMillion: 50_000, maxLeverage: 125,
                makerRate: Rate(basisPoints: -1), takerRate: Rate(basisPoints: 4))))
            setUpApply(.symbolBrackets(symbol: s, brackets))
            setUpApply(.markPrice(symbol: s, Price(ticks: Self.mark)))
        }
        for a in accounts { setUpApply(.deposit(account: a, amount: Money(units: 1_000_000 * 100_000_000))) }
    }

    /// The next stamp of the sequencer.
    @inline(__always)
    func stamp(_ command: VenueCommand) -> VenueCommand {
        sequence &+= 1
        time &+= 1_000
        return command.stamped(sequence: sequence, timestamp: time)
    }

    /// Applies a command outside the timed region (set-up, book building, clean-up) and
    /// returns the number of events with `kind`.
    @discardableResult
    func setUpApply(_ command: VenueCommand, counting kind: VenueEvent.Kind = .commandRejected) -> Int {
        venue.apply(stamp(command), into: &events)
        var n = 0
        for i in 0..<events.count where events[i].kind == kind { n += 1 }
        precondition(kind != .commandRejected || n == 0, "venue bench: \(command.kind) refused: \(events[0])")
        events.removeAll()
        return n
    }

    /// The resting book of both suites (untimed): 1,000 bids and 1,000 asks (ids 1 ... 2,000)
    /// of the active accounts, 1–10 lots, on 100 levels a side from `nearest` ticks off the mark.
    func placeBook(nearest: Int64, _ rng: inout SplitMix64) {
        for i in 0..<2_000 {
            let buy = i % 2 == 0
            let offset = nearest + Int64(rng.next() % 100)
            setUpApply(Self.limit(
                id: Int64(i + 1), account: accounts[i % Self.activeAccounts], side: buy ? .buy : .sell,
                price: buy ? Self.mark - offset : Self.mark + offset, lots: 1 + Int64(rng.next() % 10)))
        }
    }

    /// A limit order of active account `account` on symbol 0.
    static func limit(id: Int64, account: Int64, side: Side, price: Int64, lots: Int64) -> VenueCommand {
        .newOrder(.limit(id: id, account: account, symbol: SymbolID(0), side: side, price: Price(ticks: price),
                         quantity: Quantity(lots: lots)))
    }

    /// Stamps, journals and applies `count` commands of `commands` (the loop both suites
    /// time); returns a checksum of the events so that nothing can be optimized away.
    func run(_ commands: UnsafeBufferPointer<VenueCommand>, count: Int) -> Int {
        let first = sequence &+ 1
        sequence &+= UInt64(count)
        defer { time &+= Int64(count) &* 1_000 }
        return Self.run(&venue, &events, &journal, crc, commands, count: count,
                        firstSequence: first, firstTime: time &+ 1_000)
    }

    #if !DEBUG
    @_noAllocation
    #endif
    static func run(_ venue: inout Venue, _ events: inout VenueEventBuffer, _ journal: inout JournalBuffer,
                    _ crc: borrowing CRC32C, _ commands: UnsafeBufferPointer<VenueCommand>, count: Int, firstSequence: UInt64, firstTime: Int64) -> Int {
        var checksum = 0
        var i = 0
        while i < count {
            // The sequencer's stamp, the write-ahead journal record, then apply.
            let command = commands[i].stamped(sequence: firstSequence &+ UInt64(i), timestamp: firstTime &+ Int64(i) &* 1_000)
            checksum &+= journalAppend(command, &journal, crc) ? 1 : 0
            venue.apply(command, into: &events)
            checksum &+= events.count
            events.removeAll()
            i &+= 1
        }
        return checksum
    }

    /// Appends `command` to the journal's in-memory buffer as one `venueCommand` record
    /// (24-byte header + the command's 128 bytes = 152 bytes, CRC-32C over 148), and
    /// empties the buffer when it is full, as a group commit would after handing the bytes
    /// to `write` (the write itself is not part of this in-memory path).
    #if !DEBUG
    @_noAllocation
    #endif
    @inline(__always)
    static func journalAppend(_ command: VenueCommand, _ journal: inout JournalBuffer, _ crc: borrowing CRC32C) -> Bool {
        if journal.freeBytes < JournalRecordLayout.venueCommandSize { journal.reset() }
        return journal.append(command, sequence: command.sequence, crc: crc)
    }

    /// Times each command of `commands` with `recorder`.
    func timeEach(_ commands: UnsafeBufferPointer<VenueCommand>, _ recorder: inout LatencyRecorder) {
        for i in 0..<commands.count {
            let start = recorder.start()
            let r = run(UnsafeBufferPointer(rebasing: commands[i...]), count: 1)
            recorder.stop(start, after: r)
        }
    }
}

/// `venue.order.rest`: one op is one new GTC limit order that rests, through the whole
/// venue: the sequencer's stamp, the command journaled into the in-memory journal buffer
/// (152-byte record with CRC-32C), then `apply`: validation, account-halt check, the
/// pre-trade check and reservation, the book (a new level or the back of an existing one,
/// bids 1–100 ticks below the mark and asks 1–100 above, never crossing), the open-order
/// index, and the events (accepted, then the account's position and account state), which
/// the loop reads and clears. Orders of 64 accounts on a book of 2,000 resting orders. The
/// batch's orders are canceled between batches through the venue, untimed, so every batch
/// starts from the same book.
final class VenueOrderRestSuite: BenchmarkSuite {
    let name = "venue.order.rest"
    var operationsPerBatch = 0
    var timesSingleOperations: Bool { true }
    var bench: VenueBench?
    var orders: UnsafeMutableBufferPointer<VenueCommand> = .init(start: nil, count: 0)
    var cancels: UnsafeMutableBufferPointer<VenueCommand> = .init(start: nil, count: 0)

    func setUp(quick: Bool) {
        operationsPerBatch = quick ? 5_120 : 20_480
        let bench = VenueBench()
        var rng = SplitMix64(seed: 121)
        bench.placeBook(nearest: 1, &rng)
        orders = .allocate(capacity: operationsPerBatch)
        cancels = .allocate(capacity: operationsPerBatch)
        for i in 0..<operationsPerBatch {
            let buy = rng.next() & 1 == 0
            let offset = 1 + Int64(rng.next() % 100)
            let id = 1_000_000 + Int64(i)
            orders[i] = VenueBench.limit(
                id: id, account: bench.accounts[Int(rng.next() % UInt64(VenueBench.activeAccounts))],
                side: buy ? .buy : .sell, price: buy ? VenueBench.mark - offset : VenueBench.mark + offset,
                lots: 1 + Int64(rng.next() % 10))
            cancels[i] = .cancelOrder(id)
        }
        self.bench = bench
    }

    /// Cancels the previous batch's orders (untimed; before the first batch there are none).
    func prepareBatch() {
        let bench = bench!
        blackHole(bench.run(UnsafeBufferPointer(cancels), count: operationsPerBatch))
    }

    func runBatch() {
        let bench = bench!
        blackHole(bench.run(UnsafeBufferPointer(orders), count: operationsPerBatch))
        precondition(bench.venue.restingOrderCount == 2_000 + operationsPerBatch, "venue.order.rest: an order did not rest")
    }

    func runLatency(_ recorder: inout LatencyRecorder) { bench!.timeEach(UnsafeBufferPointer(orders), &recorder) }

    func tearDown() {
        bench = nil
        orders.deallocate()
        cancels.deallocate()
    }
}

/// `venue.order.fill`: one op is one limit order that crosses exactly one resting maker
/// order and fills completely (stamp, journal record, `apply`): the pre-trade check, the
/// match, clearing both sides (positions, realized PnL, maker rebate and taker fee to and
/// from the fee account), the open-order index, both accounts' liquidation triggers
/// refreshed, and the events (accepted, trade, balance changes, both positions, the
/// taker's, the maker's and the fee account's state), read and cleared by the loop.
/// 32 pairs of the 64 accounts (a taker and a maker each) trade in turn, 1–5 lots per
/// pair; each pair alternates buying at the ask and selling at the bid, so positions are
/// opened and closed in turn (realized PnL on every second fill). The makers (one per op,
/// in the order the takers meet them) are placed between batches through the venue,
/// untimed, on a book with 200 more levels behind them.
final class VenueOrderFillSuite: BenchmarkSuite {
    let name = "venue.order.fill"
    var operationsPerBatch = 0
    var timesSingleOperations: Bool { true }
    var bench: VenueBench?
    var makers: UnsafeMutableBufferPointer<VenueCommand> = .init(start: nil, count: 0)
    var takers: UnsafeMutableBufferPointer<VenueCommand> = .init(start: nil, count: 0)
    static let pairs = 32

    func setUp(quick: Bool) {
        // A multiple of 2 × pairs: every pair ends a batch flat.
        operationsPerBatch = quick ? 5_120 : 20_480
        let bench = VenueBench()
        var rng = SplitMix64(seed: 122)
        let bid = VenueBench.mark - 1, ask = VenueBench.mark + 1
        // Depth behind the makers, 2 ticks and more from the mark.
        bench.placeBook(nearest: 2, &rng)
        makers = .allocate(capacity: operationsPerBatch)
        takers = .allocate(capacity: operationsPerBatch)
        for i in 0..<operationsPerBatch {
            let pair = i % Self.pairs
            let takerBuys = (i / Self.pairs) % 2 == 0
            let taker = bench.accounts[2 * pair], maker = bench.accounts[2 * pair + 1]
            let lots = 1 + Int64(pair % 5)
            let price = takerBuys ? ask : bid
            makers[i] = VenueBench.limit(id: 1_000_000 + Int64(i), account: maker, side: takerBuys ? .sell : .buy,
                                         price: price, lots: lots)
            takers[i] = VenueBench.limit(id: 2_000_000 + Int64(i), account: taker, side: takerBuys ? .buy : .sell,
                                         price: price, lots: lots)
        }
        self.bench = bench
    }

    /// Places the batch's makers (untimed), in the order the takers meet them.
    func prepareBatch() {
        let bench = bench!
        blackHole(bench.run(UnsafeBufferPointer(makers), count: operationsPerBatch))
        precondition(bench.venue.restingOrderCount == 2_000 + operationsPerBatch, "venue.order.fill: a maker did not rest")
    }

    func runBatch() {
        let bench = bench!
        blackHole(bench.run(UnsafeBufferPointer(takers), count: operationsPerBatch))
        precondition(bench.venue.restingOrderCount == 2_000, "venue.order.fill: a taker did not fill")
    }

    func runLatency(_ recorder: inout LatencyRecorder) { bench!.timeEach(UnsafeBufferPointer(takers), &recorder) }

    func tearDown() {
        bench = nil
        makers.deallocate()
        takers.deallocate()
    }
}
