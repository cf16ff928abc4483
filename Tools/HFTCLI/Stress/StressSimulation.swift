import Foundation
import HFTEngine
import AllocationCounter

/// The 200K-user liquidation stress simulation behind `hft stress`.
///
/// **Set-up** (allocates freely): one market-maker account per symbol that quotes both
/// sides, one builder account per symbol, a sponsor that seeds the insurance fund, and
/// `users` traders. Each trader gets one position in one symbol — long or short in turn,
/// so the two sides balance — of a log-uniform notional (100–20,000 USDT, one in 500 a
/// whale of 0.1–3M USDT so that partial bracket steps happen) at a leverage drawn from a
/// distribution over 1x–125x (capped by the bracket), 10% isolated; its deposit is its
/// initial margin plus 0–50%. Positions are built through the books: shorts rest at the
/// start price, longs take them with IOC orders, a builder takes the imbalance.
///
/// **Tick** (zero allocations, timed): for each symbol, index and mark from the scenario;
/// the maker requotes around the mark when it moved (books thin and spreads widen as the
/// price falls); the `markPrice` command then liquidates what the mark crossed and lets
/// the fund unwind what it took over; every `scanEvery` ticks the full scan.
///
/// Everything goes through one ``Venue`` as stamped ``VenueCommand``s (this tool is its
/// sequencer: sequence numbers count the commands, times follow the scenario's clock).
///
/// - Memory: the venue and all per-tick series are allocated in `init`; ``runTick(_:)``
///   allocates nothing.
struct StressSimulation: ~Copyable {
    let configuration: StressConfiguration
    var venue: Venue
    var events: VenueEventBuffer
    var sequence: UInt64 = 0
    /// Scenario paths: `symbols × ticks` index and mark prices.
    let indexPath: UnsafeMutablePointer<Int64>
    let markPath: UnsafeMutablePointer<Int64>
    /// Per symbol: the maker's live quote ids (`2 × quoteLevels` each), the mid it quoted at.
    let quoteIds: UnsafeMutablePointer<Int64>
    let quotedMid: UnsafeMutablePointer<Int64>
    let startPrice: UnsafeMutablePointer<Int64>
    /// Per tick: wall nanoseconds.
    let tickNanos: UnsafeMutablePointer<Int64>
    /// Per minute: mark of symbol 0, liquidations, ADL events, fund balance.
    let minutePrice: UnsafeMutablePointer<Int64>
    let minuteIndex: UnsafeMutablePointer<Int64>
    let minuteLiquidations: UnsafeMutablePointer<Int64>
    let minuteADL: UnsafeMutablePointer<Int64>
    let minuteFund: UnsafeMutablePointer<Int64>
    let minutes: Int
    var nextOrderId: Int64 = 1
    let makerBase: Int
    let builderBase: Int
    let sponsor: Int
    let symbols: Int
    let ticks: Int
    let levels: Int
    var lastLiquidationCount = 0
    var lastADL = 0
    var quoteRejects = 0

    init(_ configuration: StressConfiguration) throws {
        self.configuration = configuration
        symbols = configuration.symbols
        ticks = configuration.ticks
        levels = configuration.quoteLevels
        let users = configuration.users
        makerBase = users
        builderBase = users + symbols
        sponsor = users + 2 * symbols
        let accounts = users + 2 * symbols + 1
        let perSymbol = (users + symbols - 1) / symbols + 64
        let orders = perSymbol + 4 * symbols * configuration.quoteLevels + 1_024
        var venueConfiguration = VenueConfiguration(
            maxOrders: orders, maxPriceLevels: 1 << 16, maxSymbols: symbols, userAccounts: accounts,
            positionsPerSymbol: perSymbol, maxOpenOrdersPerAccount: 4 * configuration.quoteLevels + 64,
            eventBudget: 0, scanThreads: configuration.threads, maxLadderTicks: 1 << 21)
        venueConfiguration.eventBudget = max(1 << 20, venueConfiguration.minimumEventBudget)
        venueConfiguration.liquidationEventsPerAccount = 1 << 14
        venue = try Venue(configuration: venueConfiguration)
        events = venue.makeEventBuffer()
        indexPath = .allocate(capacity: symbols * ticks)
        markPath = .allocate(capacity: symbols * ticks)
        let paths = configuration.scenario.paths(symbols: symbols, ticks: ticks, tickSeconds: configuration.tickSeconds,
                                                 seed: configuration.seed, volatility: configuration.volatility)
        for s in 0..<symbols {
            for t in 0..<ticks {
                indexPath[s * ticks + t] = paths[s].index[t]
                markPath[s * ticks + t] = paths[s].mark[t]
            }
        }
        quoteIds = .allocate(capacity: symbols * 2 * configuration.quoteLevels)
        quoteIds.initialize(repeating: 0, count: symbols * 2 * configuration.quoteLevels)
        quotedMid = .allocate(capacity: symbols)
        quotedMid.initialize(repeating: 0, count: symbols)
        startPrice = .allocate(capacity: symbols)
        for s in 0..<symbols { startPrice[s] = paths[s].index[0] }
        tickNanos = .allocate(capacity: ticks)
        tickNanos.initialize(repeating: 0, count: ticks)
        minutes = Int((Double(ticks) * configuration.tickSeconds / 60).rounded(.up)) + 1
        minutePrice = .allocate(capacity: minutes); minutePrice.initialize(repeating: 0, count: minutes)
        minuteIndex = .allocate(capacity: minutes); minuteIndex.initialize(repeating: 0, count: minutes)
        minuteLiquidations = .allocate(capacity: minutes); minuteLiquidations.initialize(repeating: 0, count: minutes)
        minuteADL = .allocate(capacity: minutes); minuteADL.initialize(repeating: 0, count: minutes)
        minuteFund = .allocate(capacity: minutes); minuteFund.initialize(repeating: 0, count: minutes)
    }

    deinit {
        indexPath.deallocate(); markPath.deallocate(); quoteIds.deallocate(); quotedMid.deallocate()
        startPrice.deallocate(); tickNanos.deallocate(); minutePrice.deallocate(); minuteIndex.deallocate()
        minuteLiquidations.deallocate(); minuteADL.deallocate(); minuteFund.deallocate()
    }

    /// Binance's BTCUSDT brackets (REFERENCES.md), caps in USDT with 8 decimals: the first
    /// `count` rows, the last of them without a cap (a venue command carries at most 6).
    static func brackets(upTo count: Int) -> [MarginBracket] {
        let rows: [(Int64, Int64, Int64)] = [
            (50_000, 400_000, 125), (250_000, 500_000, 100), (1_000_000, 1_000_000, 50), (10_000_000, 2_500_000, 20),
            (20_000_000, 5_000_000, 10), (50_000_000, 10_000_000, 5), (100_000_000, 12_500_000, 4),
            (200_000_000, 15_000_000, 3), (300_000_000, 25_000_000, 2), (500_000_000, 50_000_000, 1),
            (5_000_000_000, 50_000_000, 1),
        ]
        var brackets = rows.prefix(count).map {
            MarginBracket(notionalCap: Money(units: $0.0 * 100_000_000), maintenanceRate: Rate(e8: $0.1), maxLeverage: $0.2)
        }
        brackets[brackets.count - 1].notionalCap = Money(units: rows[rows.count - 1].0 * 100_000_000)
        return brackets
    }

    /// The brackets as the venue holds them.
    static let bracketTable = try! BracketTable(brackets(upTo: VenueCommand.maxInlineBrackets))

    /// Stamps and applies one set-up command; throws if the venue refused it.
    mutating func send(_ command: VenueCommand) throws {
        if apply(command) { throw StressError.setUp("\(command.kind) refused: rejected") }
    }

    /// Stamps and applies one command; true if it (or its order) was refused. (A `Bool`, not
    /// a reason string: ending a `String?`'s lifetime fails the release build's
    /// `@_noAllocation` check.)
    #if !DEBUG
    @_noAllocation
    #endif
    @discardableResult
    mutating func apply(_ command: VenueCommand) -> Bool {
        sequence &+= 1
        events.removeAll()
        venue.apply(command.stamped(sequence: sequence, timestamp: Int64(sequence)), into: &events)
        var i = 0
        while i < events.count {
            let kind = events.events[i].kind
            if kind == .rejected || kind == .commandRejected { return true }
            i &+= 1
        }
        return false
    }

    static let usdt: Int64 = 100_000_000

    // MARK: Set-up

    /// The leverage distribution over 1x–125x, restricted to [min, max].
    static func drawLeverage(_ rng: inout SplitMix64, min: Int64, max: Int64) -> Int64 {
        let table: [(Int64, UInt64)] = [(1, 5), (2, 8), (3, 6), (5, 12), (10, 20), (20, 18), (25, 8), (50, 10),
                                        (75, 5), (100, 5), (125, 3)]
        let allowed = table.filter { $0.0 >= min && $0.0 <= max }
        if allowed.isEmpty { return Swift.max(1, min) }
        let total = allowed.reduce(0) { $0 + $1.1 }
        var r = rng.next() % total
        for (leverage, weight) in allowed {
            if r < weight { return leverage }
            r -= weight
        }
        return allowed.last!.0
    }

    mutating func submit(_ request: OrderRequest) -> Bool { !apply(.newOrder(request)) }

    /// Symbols; deposits, leverages and positions of every account; the insurance fund; first quotes.
    mutating func setUp(progress: (String) -> Void) throws {
        let c = configuration
        var rng = SplitMix64(seed: c.seed)
        // Tick 0.01 × lot 0.001 in USDT with 8 decimals: 1,000 money units per tick·lot.
        for s in 0..<symbols {
            try send(.addSymbol(VenueSymbolSpec(index: Int32(s), moneyPerTickLot: 1_000, ladderTicks: 1 << 21,
                                                maxLeverage: 125, makerRate: Rate(basisPoints: -1),
                                                takerRate: Rate(basisPoints: 4), maxQuantityLots: 1 << 40)))
            try send(.symbolBrackets(symbol: Int32(s), Self.brackets(upTo: VenueCommand.maxInlineBrackets)))
        }
        for s in 0..<symbols {
            for account in [makerBase + s, builderBase + s] {
                try send(.deposit(account: Int64(account), amount: Money(units: 4_000_000_000 * Self.usdt)))
                try send(.setLeverage(account: Int64(account), symbol: Int32(s), leverage: 1))
            }
            let p = Price(ticks: startPrice[s])
            try send(.markPrice(symbol: Int32(s), p, index: p))
        }
        try send(.deposit(account: Int64(sponsor), amount: Money(units: max(1, c.fundUSDT) * Self.usdt)))
        if c.fundUSDT > 0 { try send(.fundInsurance(account: Int64(sponsor), amount: Money(units: c.fundUSDT * Self.usdt))) }
        // Traders: positions of each symbol, shorts first (resting), then longs (taking).
        var lots = [Int64](repeating: 0, count: c.users)
        for a in 0..<c.users {
            let s = a % symbols
            let p = startPrice[s]
            let whale = rng.next() % 500 == 0
            let lo = whale ? 100_000.0 : 100.0, hi = whale ? 3_000_000.0 : 20_000.0
            let u = Double(rng.next() >> 11) / Double(1 << 53)
            let notionalUSDT = lo * pow(hi / lo, u)
            let perLotUSDT = Double(p) / 100 * 0.001
            let n = max(1, Int64(notionalUSDT / perLotUSDT))
            lots[a] = n
            let notional = n * p * 1_000
            var leverage = Self.drawLeverage(&rng, min: c.minLeverage, max: c.maxLeverage)
            let maxLeverage = Self.bracketTable.maxLeverage(at: Money(units: notional))
            leverage = max(1, min(leverage, maxLeverage))
            let isolated = Double(rng.next() >> 11) / Double(1 << 53) < c.isolatedShare
            let im = (notional + leverage - 1) / leverage
            let buffer = Int64(Double(im) * 0.5 * Double(rng.next() >> 11) / Double(1 << 53))
            let fee = notional / 1_000 + 1
            try send(.deposit(account: Int64(a), amount: Money(units: im + buffer + fee)))
            try send(.setLeverage(account: Int64(a), symbol: Int32(s), leverage: leverage, mode: isolated ? .isolated : .cross))
        }
        progress("accounts funded")
        for s in 0..<symbols {
            let p = Price(ticks: startPrice[s])
            var longLots: Int64 = 0, shortLots: Int64 = 0
            var a = s
            var k = 0
            while a < c.users {
                if k % 2 == 0 { longLots += lots[a] } else { shortLots += lots[a] }
                a += symbols; k += 1
            }
            let sym = SymbolID(Int32(s))
            if longLots > shortLots {
                let id = nextOrderId; nextOrderId += 1
                _ = submit(.limit(id: id, account: Int64(builderBase + s), symbol: sym, side: .sell, price: p,
                                  quantity: Quantity(lots: longLots - shortLots)))
            }
            a = s; k = 0
            while a < c.users {
                if k % 2 == 1 {
                    let id = nextOrderId; nextOrderId += 1
                    if !submit(.limit(id: id, account: Int64(a), symbol: sym, side: .sell, price: p, quantity: Quantity(lots: lots[a]))) {
                        throw StressError.setUp("short of account \(a) rejected")
                    }
                }
                a += symbols; k += 1
            }
            a = s; k = 0
            while a < c.users {
                if k % 2 == 0 {
                    let id = nextOrderId; nextOrderId += 1
                    if !submit(.limit(id: id, account: Int64(a), symbol: sym, side: .buy, price: p, quantity: Quantity(lots: lots[a]),
                                      timeInForce: .ioc)) {
                        throw StressError.setUp("long of account \(a) rejected")
                    }
                }
                a += symbols; k += 1
            }
            if shortLots > longLots {
                let id = nextOrderId; nextOrderId += 1
                _ = submit(.limit(id: id, account: Int64(builderBase + s), symbol: sym, side: .buy, price: p,
                                  quantity: Quantity(lots: shortLots - longLots), timeInForce: .ioc))
            }
            progress("positions of symbol \(s) built")
        }
        guard venue.restingOrderCount == 0 else { throw StressError.setUp("books not empty after building positions") }
        for s in 0..<symbols { requote(s, mid: startPrice[s]) }
    }

    // MARK: The tick

    /// The maker of `symbol` cancels its quotes and quotes `levels` levels each side
    /// around `mid`: spacing 5 bp × (start / mid)², depth 400,000 USDT per level at the
    /// start, thinning as (mid / start)³ — books thin out as the price falls.
    #if !DEBUG
    @_noAllocation
    #endif
    mutating func requote(_ symbol: Int, mid: Int64) {
        let base = symbol &* 2 &* levels
        var i = 0
        while i < 2 &* levels {
            let id = quoteIds[base &+ i]
            if id != 0 {
                apply(.cancelOrder(id))
                quoteIds[base &+ i] = 0
            }
            i &+= 1
        }
        let start = Double(startPrice[symbol])
        let ratio = Double(mid) / start
        let stepBps = 5.0 / (ratio * ratio)
        let depthUSDT = 400_000.0 * ratio * ratio * ratio
        let lots = max(1, Int64(depthUSDT / (Double(mid) / 100 * 0.001)))
        let sym = SymbolID(Int32(truncatingIfNeeded: symbol))
        var level = 1
        while level <= levels {
            let offset = max(1, Int64(Double(mid) * stepBps * Double(level) / 10_000))
            var side = 0
            while side < 2 {
                let price = side == 0 ? mid &- offset : mid &+ offset
                if price > 0 {
                    let id = nextOrderId
                    nextOrderId &+= 1
                    apply(.newOrder(.limit(id: id, account: Int64(makerBase &+ symbol), symbol: sym,
                                           side: side == 0 ? .buy : .sell, price: Price(ticks: price),
                                           quantity: Quantity(lots: lots))))
                    if venue.order(id) != nil {
                        quoteIds[base &+ (level &- 1) &* 2 &+ side] = id
                    } else {
                        quoteRejects &+= 1
                    }
                }
                side &+= 1
            }
            level &+= 1
        }
        quotedMid[symbol] = mid
    }

    /// One tick: quotes, marks (each mark command liquidates what it crossed and lets the
    /// fund unwind), the periodic scan.
    #if !DEBUG
    @_noAllocation
    #endif
    mutating func runTick(_ t: Int) {
        var s = 0
        let before = venue.liquidationStatistics
        let liquidationsBefore = before.fullLiquidations &+ before.partialLiquidations
        while s < symbols {
            let index = indexPath[s &* ticks &+ t]
            let mark = markPath[s &* ticks &+ t]
            let quoted = quotedMid[s]
            // Requote when the mark moved ≥ 1 bp, or after liquidations ate into the book.
            if (mark &- quoted).magnitude &* 10_000 >= UInt64(quoted) || venue.liquidationStatistics.liquidationOrders != lastLiquidationCount {
                requote(s, mid: mark)
            }
            apply(.markPrice(symbol: Int32(truncatingIfNeeded: s), Price(ticks: mark), index: Price(ticks: index)))
            s &+= 1
        }
        lastLiquidationCount = venue.liquidationStatistics.liquidationOrders
        if configuration.scanEvery > 0 && t % configuration.scanEvery == configuration.scanEvery &- 1 {
            apply(.liquidationScan)
        }
        // Per-minute series.
        let after = venue.liquidationStatistics
        let minute = Int(Double(t) * configuration.tickSeconds / 60)
        if minute < minutes {
            minutePrice[minute] = markPath[t]
            minuteIndex[minute] = indexPath[t]
            // `x = x &+ y` rather than `x &+= y`: Swift 6.3's ThreadSanitizer build cannot
            // compile the latter here (see HFTEngine's UnsafeMutablePointer+Column.swift).
            minuteLiquidations[minute] = minuteLiquidations[minute] &+ Int64(after.fullLiquidations
                &+ after.partialLiquidations &- liquidationsBefore)
            minuteADL[minute] = minuteADL[minute] &+ Int64(after.adlEvents &- lastADL)
            // A read of one balance; the checker cannot see into HFTEngine's non-inlinable query.
            minuteFund[minute] = _unsafePerformance { venue.insuranceFund }
        }
        lastADL = after.adlEvents
    }

    // MARK: Checks

    /// Money conserved exactly (balances, fee account, insurance fund).
    func moneyConserved() -> Bool { venue.conservationDiscrepancy == 0 }

    /// Every symbol's positions, the fund's included, sum to zero.
    func positionsNetZero() -> Bool {
        (0..<symbols).allSatisfy { venue.netPosition(symbol: Int32($0)) == 0 }
    }

    /// Users with negative equity (cross equity, or an isolated position's) at the marks.
    func negativeEquityAccounts() -> Int {
        var n = 0
        for a in 0..<configuration.users where (venue.account(a)?.crossEquity ?? 0) < 0 { n += 1 }
        return n
    }
}

/// Why `hft stress` could not set its venue up (an option combination the venue cannot
/// hold, such as more traders than one builder can balance).
enum StressError: Error, CustomStringConvertible {
    case setUp(String)
    var description: String {
        switch self { case .setUp(let m): "stress set-up failed: \(m)" }
    }
}
