import HFTEngine

/// The matching engine's suites (issue targets on the project's 2-core machine):
/// `matching.liquibook` ≥ 9M orders/s and p99.9 ≤ 1 µs; `matching.mix` ≥ 10M ops/s;
/// `matching.add` median ≤ 50 ns and `matching.cancel` ≤ 40 ns in a 1M-order book;
/// `matching.sweep` (10 levels × 10 orders) median ≤ 500 ns; 0 allocations everywhere.
func matchingSuites() -> [any BenchmarkSuite] {
    [LiquibookSuite(), MixSuite(), DeepBookAddSuite(), DeepBookCancelSuite(order: .random),
     DeepBookCancelSuite(order: .randomPipelined), DeepBookCancelSuite(order: .oldestFirst), SweepSuite()]
}

/// A command of a prepared workload.
struct MatchingCommand {
    enum Kind: UInt8 { case submit, cancel, amend }
    var kind: Kind
    var request: OrderRequest
}

/// Runs prepared commands against an engine: the loop every matching suite times.
/// Returns a checksum of the events so that the work cannot be optimized away.
@_noAllocation
func runCommands(_ engine: inout MatchingEngine, _ events: inout EventBuffer,
                 _ commands: UnsafeBufferPointer<MatchingCommand>) -> Int {
    var checksum = 0
    for i in 0..<commands.count {
        let command = commands[i]
        switch command.kind {
        case .submit:
            engine.submit(command.request, into: &events)
        case .cancel:
            engine.cancel(orderId: command.request.id, into: &events)
        case .amend:
            engine.amend(orderId: command.request.id, price: command.request.price,
                         quantity: command.request.quantity, into: &events)
        }
        checksum &+= events.count
        events.removeAll()
    }
    return checksum
}

/// Cancels `commands` in order, passing the engine's lookahead hints
/// (``MatchingEngine/prefetchIndexEntry(of:)`` and the two stages after it) for the cancels
/// `distance`, 2 × `distance` and 3 × `distance` places behind the current one, as a host
/// draining a queue of commands would.
@_noAllocation
func runCancelsPipelined(_ engine: inout MatchingEngine, _ events: inout EventBuffer,
                         _ commands: UnsafeBufferPointer<MatchingCommand>, distance: Int) -> Int {
    var checksum = 0
    let n = commands.count
    for i in 0..<n {
        if i &+ 3 &* distance < n { engine.prefetchIndexEntry(of: commands[i &+ 3 &* distance].request.id) }
        if i &+ 2 &* distance < n { engine.prefetchOrder(of: commands[i &+ 2 &* distance].request.id) }
        if i &+ distance < n { engine.prefetchNeighbours(of: commands[i &+ distance].request.id) }
        engine.cancel(orderId: commands[i].request.id, into: &events)
        checksum &+= events.count
        events.removeAll()
    }
    return checksum
}

/// One command, for the latency pass.
@_noAllocation
@inline(__always)
func runCommand(_ engine: inout MatchingEngine, _ events: inout EventBuffer, _ command: MatchingCommand) -> Int {
    switch command.kind {
    case .submit:
        engine.submit(command.request, into: &events)
    case .cancel:
        engine.cancel(orderId: command.request.id, into: &events)
    case .amend:
        engine.amend(orderId: command.request.id, price: command.request.price,
                     quantity: command.request.quantity, into: &events)
    }
    let count = events.count
    events.removeAll()
    return count
}

/// Shared plumbing: an engine with one symbol, an event buffer, prepared commands.
///
/// The full-size engine is built in ``buildEngine()`` (called by each suite's `setUp`) and
/// dropped in ``dropEngine()`` (`tearDown`), so that listing or filtering suites does not
/// allocate and touch the large tables of every suite.
class MatchingSuiteBase {
    var engine: MatchingEngine
    var events = try! EventBuffer(capacity: 4_096)
    var commands: UnsafeMutableBufferPointer<MatchingCommand> = .init(start: nil, count: 0)
    let symbol = SymbolID(0)
    let configuration: EngineConfiguration
    let ladderTicks: Int

    init(maxOrders: Int, maxLevels: Int, ladderTicks: Int = 1 << 20) {
        configuration = EngineConfiguration(maxOrders: maxOrders, maxPriceLevels: maxLevels, maxSymbols: 1)
        self.ladderTicks = ladderTicks
        engine = MatchingSuiteBase.makeEngine(EngineConfiguration(maxOrders: 1, maxPriceLevels: 1, maxSymbols: 1), ladderTicks: 64)
    }

    static func makeEngine(_ configuration: EngineConfiguration, ladderTicks: Int) -> MatchingEngine {
        var engine = try! MatchingEngine(configuration: configuration)
        _ = try! engine.addSymbol(SymbolConfiguration(name: "BENCH", ladderTicks: ladderTicks))
        return engine
    }

    func buildEngine() {
        engine = MatchingSuiteBase.makeEngine(configuration, ladderTicks: ladderTicks)
    }

    func dropEngine() {
        engine = MatchingSuiteBase.makeEngine(EngineConfiguration(maxOrders: 1, maxPriceLevels: 1, maxSymbols: 1), ladderTicks: 64)
    }

    func setCommands(_ list: [MatchingCommand]) {
        commands.deallocate()
        commands = .allocate(capacity: list.count)
        _ = commands.initialize(from: list)
    }

    func runAll() -> Int {
        runCommands(&engine, &events, UnsafeBufferPointer(commands))
    }

    func timeEach(_ recorder: inout LatencyRecorder) {
        for i in 0..<commands.count {
            let command = commands[i]
            let start = recorder.start()
            let result = runCommand(&engine, &events, command)
            recorder.stop(start, after: result)
        }
    }

    func releaseCommands() {
        commands.deallocate()
        commands = .init(start: nil, count: 0)
    }
}

/// `matching.liquibook`: Liquibook's own performance workload. Limit orders only,
/// alternating buy and sell; buy price 1880 + r%10, sell price 1884 + r%10, quantity
/// (r%10 + 1) × 100, each r a fresh draw of a seeded generator; orders prepared before
/// timing. The book starts empty each batch (a freshly reset engine).
final class LiquibookSuite: MatchingSuiteBase, BenchmarkSuite {
    let name = "matching.liquibook"
    var operationsPerBatch = 0
    var timesSingleOperations: Bool { true }

    init() { super.init(maxOrders: 1 << 21, maxLevels: 1 << 12) }

    func setUp(quick: Bool) {
        buildEngine()
        operationsPerBatch = quick ? 200_000 : 1_000_000
        var rng = SplitMix64(seed: 1880)
        var list: [MatchingCommand] = []
        list.reserveCapacity(operationsPerBatch)
        for i in 0..<operationsPerBatch {
            // Two draws per order, as Liquibook's test calls rand() for price and quantity.
            let isBuy = i % 2 == 0
            let price = (isBuy ? 1880 : 1884) + Int64(rng.next() % 10)
            let quantity = (Int64(rng.next() % 10) + 1) * 100
            list.append(MatchingCommand(kind: .submit, request: .limit(
                id: Int64(i + 1), account: Int64(i % 16), symbol: symbol, side: isBuy ? .buy : .sell,
                price: Price(ticks: price), quantity: Quantity(lots: quantity))))
        }
        setCommands(list)
    }

    func prepareBatch() { engine.reset() }
    func runBatch() { blackHole(runAll()) }
    func runLatency(_ recorder: inout LatencyRecorder) { timeEach(&recorder) }
    func tearDown() {
        releaseCommands()
        dropEngine()
    }
}

/// `matching.mix`: the exchange-core benchmark mix. About 1,000 resting orders over about
/// 750 price levels; 82% amends that move an order's price, 9% new GTC, 3% IOC, 6%
/// cancels. The command stream is generated by simulating it on a scratch engine, so every
/// amend and cancel names an order that is live at that point; each batch replays it from
/// the same starting book.
final class MixSuite: MatchingSuiteBase, BenchmarkSuite {
    let name = "matching.mix"
    var operationsPerBatch = 0
    var timesSingleOperations: Bool { true }
    var startingBook: [OrderRequest] = []

    static let mid: Int64 = 100_000
    static let halfSpread: Int64 = 375
    static let targetResting = 1_000

    init() { super.init(maxOrders: 1 << 14, maxLevels: 1 << 12) }

    /// A passive price on `side`: within 375 ticks of the mid on its own side.
    static func passivePrice(_ side: Side, _ rng: inout SplitMix64) -> Int64 {
        let offset = 1 + Int64(rng.next() % UInt64(halfSpread))
        return side == .buy ? mid - offset : mid + offset
    }

    func setUp(quick: Bool) {
        buildEngine()
        operationsPerBatch = quick ? 500_000 : 3_000_000
        var rng = SplitMix64(seed: 82)
        var nextId: Int64 = 1
        // The starting book: 1,000 passive orders.
        startingBook = (0..<Self.targetResting).map { i in
            let side: Side = i % 2 == 0 ? .buy : .sell
            defer { nextId += 1 }
            return .limit(id: nextId, account: Int64(i % 32), symbol: symbol, side: side,
                          price: Price(ticks: Self.passivePrice(side, &rng)),
                          quantity: Quantity(lots: 1 + Int64(rng.next() % 10)))
        }
        // Simulate the stream on a scratch engine, tracking live ids from the events.
        var scratch = try! MatchingEngine(configuration: EngineConfiguration(maxOrders: 1 << 14, maxPriceLevels: 1 << 12, maxSymbols: 1))
        _ = try! scratch.addSymbol(SymbolConfiguration(name: "SCRATCH", ladderTicks: 1 << 20))
        var scratchEvents = try! EventBuffer(capacity: 1 << 14)
        var live: [Int64] = []
        var position: [Int64: Int] = [:]
        func track(_ events: inout EventBuffer, submitted: OrderRequest?) {
            func drop(_ id: Int64) {
                guard let p = position.removeValue(forKey: id) else { return }
                let last = live.removeLast()
                if p < live.count { live[p] = last; position[last] = p }
            }
            for i in 0..<events.count {
                let e = events[i]
                switch e.kind {
                case .trade: if e.leaves.lots == 0 { drop(e.makerOrderId) }
                case .canceled, .expired: drop(e.orderId)
                default: break
                }
            }
            if let submitted, scratch.order(submitted.id) != nil, position[submitted.id] == nil {
                position[submitted.id] = live.count
                live.append(submitted.id)
            }
            // An amended order that crossed may have filled completely.
            events.removeAll()
        }
        for request in startingBook {
            scratch.submit(request, into: &scratchEvents)
            track(&scratchEvents, submitted: request)
        }
        var list: [MatchingCommand] = []
        list.reserveCapacity(operationsPerBatch)
        while list.count < operationsPerBatch {
            let roll = rng.next() % 100
            let side: Side = rng.next() % 2 == 0 ? .buy : .sell
            var command: MatchingCommand
            if (roll < 82 || (roll >= 94 && live.count > Self.targetResting)) && !live.isEmpty {
                if roll >= 94 || live.count < Self.targetResting / 2 {
                    // Cancel (6%).
                    let id = live[Int(rng.next() % UInt64(live.count))]
                    command = MatchingCommand(kind: .cancel, request: .limit(
                        id: id, account: 0, symbol: symbol, side: .buy, price: Price(ticks: 1), quantity: Quantity(lots: 1)))
                } else {
                    // Amend that moves the price (82%), on the order's own side.
                    let id = live[Int(rng.next() % UInt64(live.count))]
                    let order = scratch.order(id)!
                    var price = Self.passivePrice(order.side, &rng)
                    if price == order.price { price += order.side == .buy ? -1 : 1 }
                    command = MatchingCommand(kind: .amend, request: .limit(
                        id: id, account: order.account, symbol: symbol, side: order.side, price: Price(ticks: price),
                        quantity: Quantity(lots: order.remaining)))
                }
            } else if roll < 91 || roll >= 94 {
                // New GTC (9%).
                command = MatchingCommand(kind: .submit, request: .limit(
                    id: nextId, account: Int64(nextId % 32), symbol: symbol, side: side,
                    price: Price(ticks: Self.passivePrice(side, &rng)), quantity: Quantity(lots: 1 + Int64(rng.next() % 10))))
                nextId += 1
            } else {
                // IOC (3%) at the mid: takes what is near the top of the other side.
                command = MatchingCommand(kind: .submit, request: .limit(
                    id: nextId, account: Int64(nextId % 32), symbol: symbol, side: side,
                    price: Price(ticks: side == .buy ? Self.mid + 20 : Self.mid - 20),
                    quantity: Quantity(lots: 1 + Int64(rng.next() % 10)), timeInForce: .ioc))
                nextId += 1
            }
            let c = command
            switch c.kind {
            case .submit: scratch.submit(c.request, into: &scratchEvents)
            case .cancel: scratch.cancel(orderId: c.request.id, into: &scratchEvents)
            case .amend: scratch.amend(orderId: c.request.id, price: c.request.price, quantity: c.request.quantity,
                                       into: &scratchEvents)
            }
            track(&scratchEvents, submitted: c.kind == .submit ? c.request : nil)
            list.append(c)
        }
        setCommands(list)
    }

    func prepareBatch() {
        engine.reset()
        for request in startingBook {
            engine.submit(request, into: &events)
            events.removeAll()
        }
    }

    func runBatch() { blackHole(runAll()) }
    func runLatency(_ recorder: inout LatencyRecorder) { timeEach(&recorder) }
    func tearDown() {
        releaseCommands()
        dropEngine()
    }
}

/// The deep book of `matching.add` / `matching.cancel`: 1M resting orders, 100 per level
/// on 5,000 bid and 5,000 ask levels around a mid of 100,000 ticks, in random order.
enum DeepBook {
    static let orders = 1 << 20
    static let mid: Int64 = 100_000
    static let levelsPerSide: Int64 = 5_000

    static func request(id: Int64, _ rng: inout SplitMix64, symbol: SymbolID) -> OrderRequest {
        let side: Side = rng.next() % 2 == 0 ? .buy : .sell
        let offset = 1 + Int64(rng.next() % UInt64(levelsPerSide))
        return .limit(id: id, account: id % 64, symbol: symbol, side: side,
                      price: Price(ticks: side == .buy ? mid - offset : mid + offset),
                      quantity: Quantity(lots: 1 + Int64(rng.next() % 10)))
    }
}

extension MatchingSuiteBase {
    /// Fills the engine with the deep book (order ids 1 ... `DeepBook.orders`) and returns
    /// the requests it submitted, in order, if `keeping` (else an empty array: a discarded
    /// 1M-request array measurably changed the memory the add suite's batches then touch).
    func fillDeepBook(_ rng: inout SplitMix64, keeping: Bool) -> [OrderRequest] {
        var requests: [OrderRequest] = []
        if keeping { requests.reserveCapacity(DeepBook.orders) }
        for id in 1...Int64(DeepBook.orders) {
            let request = DeepBook.request(id: id, &rng, symbol: symbol)
            if keeping { requests.append(request) }
            engine.submit(request, into: &events)
            events.removeAll()
        }
        return requests
    }
}

/// `matching.add`: a passive GTC limit order added to a book of 1M resting orders (new
/// level or back of an existing one, both sides). The added orders are canceled between
/// batches, untimed.
final class DeepBookAddSuite: MatchingSuiteBase, BenchmarkSuite {
    let name = "matching.add"
    var operationsPerBatch = 0
    var timesSingleOperations: Bool { true }
    var cancels: UnsafeMutableBufferPointer<MatchingCommand> = .init(start: nil, count: 0)

    init() { super.init(maxOrders: DeepBook.orders + (1 << 18), maxLevels: 1 << 15) }

    func setUp(quick: Bool) {
        buildEngine()
        operationsPerBatch = quick ? 50_000 : 200_000
        var rng = SplitMix64(seed: 50)
        _ = fillDeepBook(&rng, keeping: false)
        let first = Int64(DeepBook.orders) + 1
        setCommands((0..<operationsPerBatch).map { i in
            MatchingCommand(kind: .submit, request: DeepBook.request(id: first + Int64(i), &rng, symbol: symbol))
        })
        cancels = .allocate(capacity: operationsPerBatch)
        for i in 0..<operationsPerBatch {
            cancels[i] = MatchingCommand(kind: .cancel, request: commands[i].request)
        }
    }

    func prepareBatch() {
        blackHole(runCommands(&engine, &events, UnsafeBufferPointer(cancels)))
    }

    func runBatch() { blackHole(runAll()) }
    func runLatency(_ recorder: inout LatencyRecorder) { timeEach(&recorder) }

    func tearDown() {
        releaseCommands()
        cancels.deallocate()
        dropEngine()
    }
}

/// `matching.cancel`: cancel of a random resting order in a book of 1M (anywhere in its
/// level's queue): every cancel misses the caches (index, order, neighbours).
/// `matching.cancel.pipelined`: the same random cancels from a host that passes the
/// engine's lookahead hints for the cancels queued behind the current one
/// (``runCancelsPipelined(_:_:_:distance:)``), so that their cache misses overlap; a
/// throughput figure (no per-cancel latency).
/// `matching.cancel.oldest`: the same book, cancels in order of arrival (a market maker
/// pulling its oldest quotes), so consecutive cancels touch neighbouring memory.
/// The canceled orders are added back between batches, untimed.
final class DeepBookCancelSuite: MatchingSuiteBase, BenchmarkSuite {
    enum Order { case random, randomPipelined, oldestFirst }
    let name: String
    let order: Order
    var operationsPerBatch = 0
    var timesSingleOperations: Bool { order != .randomPipelined }
    var readds: UnsafeMutableBufferPointer<MatchingCommand> = .init(start: nil, count: 0)

    init(order: Order) {
        self.order = order
        name = switch order {
        case .random: "matching.cancel"
        case .randomPipelined: "matching.cancel.pipelined"
        case .oldestFirst: "matching.cancel.oldest"
        }
        super.init(maxOrders: DeepBook.orders + 1, maxLevels: 1 << 15)
    }

    func setUp(quick: Bool) {
        buildEngine()
        operationsPerBatch = quick ? 50_000 : 200_000
        var rng = SplitMix64(seed: 40)
        var requests = fillDeepBook(&rng, keeping: true)
        if order != .oldestFirst { requests.shuffle(using: &rng) }
        let chosen = requests.prefix(operationsPerBatch)
        setCommands(chosen.map { MatchingCommand(kind: .cancel, request: $0) })
        readds = .allocate(capacity: operationsPerBatch)
        for (i, request) in chosen.enumerated() { readds[i] = MatchingCommand(kind: .submit, request: request) }
        // Start each batch with the chosen orders resting: cancel them now, re-add in prepareBatch.
        blackHole(runAll())
    }

    func prepareBatch() {
        blackHole(runCommands(&engine, &events, UnsafeBufferPointer(readds)))
    }

    func runBatch() {
        if order == .randomPipelined {
            blackHole(runCancelsPipelined(&engine, &events, UnsafeBufferPointer(commands), distance: DeepBookCancelSuite.distance))
        } else {
            blackHole(runAll())
        }
    }
    func runLatency(_ recorder: inout LatencyRecorder) { timeEach(&recorder) }

    /// Commands between the stages of the pipelined cancels: 2 was the fastest of 1, 2, 3,
    /// 4 and 6 on the project's AMD EPYC (about 100 ns per cancel: each stage has ~200 ns
    /// to bring its lines in, two DRAM latencies).
    static let distance = 2

    func tearDown() {
        releaseCommands()
        readds.deallocate()
        dropEngine()
    }
}

/// `matching.sweep`: one market sell that sweeps 10 bid levels of 10 orders (100 trades).
/// The book holds 1,000 such 10-level slices, rebuilt between batches, untimed.
final class SweepSuite: MatchingSuiteBase, BenchmarkSuite {
    let name = "matching.sweep"
    var operationsPerBatch = 0
    var timesSingleOperations: Bool { true }
    var book: UnsafeMutableBufferPointer<MatchingCommand> = .init(start: nil, count: 0)

    init() { super.init(maxOrders: 1 << 18, maxLevels: 1 << 15) }

    func setUp(quick: Bool) {
        buildEngine()
        operationsPerBatch = quick ? 1_000 : 2_000
        let levels = operationsPerBatch * 10
        book = .allocate(capacity: levels * 10)
        var id: Int64 = 1
        for level in 0..<levels {
            for _ in 0..<10 {
                book[Int(id) - 1] = MatchingCommand(kind: .submit, request: .limit(
                    id: id, account: id % 64, symbol: symbol, side: .buy,
                    price: Price(ticks: 1_000_000 - Int64(level)), quantity: Quantity(lots: 1)))
                id += 1
            }
        }
        let firstTaker = id
        setCommands((0..<operationsPerBatch).map { i in
            MatchingCommand(kind: .submit, request: .market(
                id: firstTaker + Int64(i), account: 1_000, symbol: symbol, side: .sell, quantity: Quantity(lots: 100)))
        })
    }

    func prepareBatch() {
        engine.reset()
        blackHole(runCommands(&engine, &events, UnsafeBufferPointer(book)))
    }

    func runBatch() { blackHole(runAll()) }
    func runLatency(_ recorder: inout LatencyRecorder) { timeEach(&recorder) }

    func tearDown() {
        releaseCommands()
        book.deallocate()
        dropEngine()
    }
}
