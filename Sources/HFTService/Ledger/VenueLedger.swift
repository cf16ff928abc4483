import HFTEngine

/// The service's read model: orders, fills, trades, books, klines, tickers, prices,
/// accounts and positions, rebuilt from the venue's committed commands and their events
/// alone. The publisher thread applies each durable command with its events
/// (``apply(_:events:)``); REST handlers and stream writers read the queries and
/// ``changes`` (what the last command changed). Replaying the journal through a new
/// ledger gives the same ledger: nothing here reads a clock or the venue.
///
/// Units are the venue's: prices in ticks, quantities in lots, money in money units
/// (10^-moneyDecimals of the quote asset), times in nanoseconds of command time
/// (Binance's milliseconds are `time / 1_000_000`). Formatting is the server's.
///
/// Conventions: a new order's id is its `newOrder` command's sequence number (w0); its
/// client order id travels in the command (``VenueCommand/clientOrderId``), and an order
/// without one is named `hft-<orderId>`; orders of the liquidation engine are named
/// `autoclose-<orderId>`. Trade ids count fills over the whole venue from 1; aggregate
/// trade ids count per symbol from 1.
///
/// Orders the venue refused (`REJECTED`) and new orders that expired whole without a trade
/// because they were FOK or post-only are not recorded (Binance: "The order will not be
/// recorded in the order history"); they appear only in ``changes``.
///
/// Thread safety: none. A plain class for one writer (the publisher thread) and readers
/// that hold the same lock as the writer; `@unchecked Sendable` so that a lock can carry it.
///
/// - Complexity: ``apply(_:events:)`` is O(events) amortized (hash maps), plus
///   O(levels of the side) for a price level that appears or disappears (sorted price
///   arrays); queries are O(result) plus O(log n) searches, except those that say otherwise.
/// - Memory: bounded by ``Configuration``: closed orders, trades and fills per key, klines
///   per interval and funding records are retained up to their limits (oldest dropped);
///   open orders, price levels, accounts and positions are as many as the venue has.
public final class VenueLedger: @unchecked Sendable {
    /// Retention limits and units.
    public struct Configuration: Sendable, Equatable {
        /// The money unit is 10^-moneyDecimals of the quote asset.
        public var moneyDecimals: Int
        /// Closed orders kept (the oldest closed one is forgotten beyond this).
        public var closedOrderRetention: Int
        /// Public trades and aggregate trades kept per symbol.
        public var tradeRetention: Int
        /// Fills kept per account and symbol (`userTrades`).
        public var fillRetention: Int
        /// Klines kept per symbol and interval.
        public var klineRetention: Int
        /// Funding settlements kept per symbol.
        public var fundingRetention: Int
        /// Book diffs kept until ``VenueLedger/drainDiffs()`` (older ones are dropped and
        /// counted in ``VenueLedger/droppedDiffs``: a stream writer then resyncs its clients).
        public var pendingDiffLimit: Int

        public init(moneyDecimals: Int = 8, closedOrderRetention: Int = 1_000_000, tradeRetention: Int = 10_000,
                    fillRetention: Int = 10_000, klineRetention: Int = 1_500, fundingRetention: Int = 1_000,
                    pendingDiffLimit: Int = 1 << 20) {
            self.moneyDecimals = moneyDecimals
            self.closedOrderRetention = closedOrderRetention
            self.tradeRetention = tradeRetention
            self.fillRetention = fillRetention
            self.klineRetention = klineRetention
            self.fundingRetention = fundingRetention
            self.pendingDiffLimit = pendingDiffLimit
        }
    }

    struct AccountSymbol: Hashable { var account: Int64; var symbol: Int32 }
    struct ClientKey: Hashable { var account: Int64; var clientOrderId: String }

    /// The orders of one account and symbol in creation order (ids of forgotten orders
    /// stay until a compaction; `stale` counts them).
    struct OrderHistory {
        struct Entry { var id: Int64; var sequence: UInt64 }
        var ids: [Entry] = []
        var stale = 0
    }

    public let configuration: Configuration
    /// The service's symbols by index (names, steps).
    public internal(set) var symbols: [Int32: ServiceSymbol]
    /// Per-symbol market state (created by the symbol's `addSymbol`).
    var markets: [Int32: LedgerSymbolMarket] = [:]

    // Orders.
    var orders: [Int64: LedgerOrder] = [:]
    /// Ids of orders that rest in the ledger's book (limit orders accepted, not closed).
    var resting: Set<Int64> = []
    var openByAccount: [Int64: Set<Int64>] = [:]
    var openClientIds: [ClientKey: Int64] = [:]
    var latestClientIds: [ClientKey: Int64] = [:]
    var histories: [AccountSymbol: OrderHistory] = [:]
    /// Closed orders, oldest first, from `closedHead` on (the front is dropped lazily).
    var closedIds: [Int64] = []
    var closedHead = 0

    // Fills.
    public internal(set) var nextTradeId: Int64 = 1
    var fills: [AccountSymbol: LedgerRing<LedgerFill>] = [:]

    // Accounts.
    var accounts: [Int64: LedgerAccount] = [:]
    /// Size and entry cost of each position as of its last `position` event and the fills
    /// since, for the realized PnL of liquidation fills (which have no balance events).
    struct Shadow { var size: Int64; var cost: Int64 }
    var shadows: [AccountSymbol: Shadow] = [:]
    /// Positions with a self-trade since their last `position` event (not derivable).
    var unknownShadows: Set<AccountSymbol> = []
    /// Ordinary fills whose realized PnL by the shadow positions differed from the
    /// venue's balance events (0 while the shadow follows the venue's rule).
    public internal(set) var realizedPnLDiscrepancies = 0
    var positions: [Int64: [Int32: LedgerPosition]] = [:]

    // The current command.
    public internal(set) var changes = LedgerChanges()
    var balanceIndex: [Int64: Int] = [:]
    var positionIndex: [AccountSymbol: Int] = [:]
    var touchedSymbols: [Int32] = []
    var liquidationOrders: [Int64] = []
    var openAggs: [Int32: LedgerAggTrade] = [:]
    var command = VenueCommand(.liquidationScan)

    // Diffs for the stream writer.
    var pendingDiffs: [BookDiff] = []
    var pendingDiffHead = 0
    /// Diffs dropped because nobody drained them within ``Configuration/pendingDiffLimit``.
    public internal(set) var droppedDiffs = 0

    /// Commands applied, and the last one's sequence number and time.
    public internal(set) var commandCount: UInt64 = 0
    public internal(set) var lastSequence: UInt64 = 0
    public internal(set) var lastTime: Int64 = 0

    /// An empty ledger for a venue with `symbols` (the ones its `addSymbol` commands add;
    /// a symbol added without a ``ServiceSymbol`` is named `SYMBOL<index>`).
    public init(symbols: [ServiceSymbol], configuration: Configuration = Configuration()) {
        self.configuration = configuration
        self.symbols = Dictionary(symbols.map { ($0.index, $0) }, uniquingKeysWith: { a, _ in a })
    }

    // MARK: Applying

    /// Applies one durable command with every event the venue produced for it, in order.
    /// Afterwards ``changes`` describes what the command changed.
    ///
    /// - Complexity: O(events) amortized (see ``VenueLedger``).
    public func apply(_ command: VenueCommand, events: UnsafeBufferPointer<VenueEvent>) {
        self.command = command
        changes.reset(command)
        changes.reason = Self.reason(of: command.kind)
        balanceIndex.removeAll(keepingCapacity: true)
        positionIndex.removeAll(keepingCapacity: true)
        commandCount &+= 1
        lastSequence = command.sequence
        lastTime = command.timestamp
        var i = 0
        while i < events.count {
            let e = events[i]
            switch e.kind {
            case .accepted: accepted(e)
            case .rejected: rejected(e)
            case .trade: trade(e, following: events, at: i)
            case .expired: closeOrder(e.a, status: ExpireReason(rawValue: e.code) == .selfTrade ? .expiredInMatch : .expired,
                                      reason: ExpireReason(rawValue: e.code), execution: .expired)
            case .canceled: closeOrder(e.a, status: .canceled, reason: nil, execution: .canceled)
            case .amended: amended(e)
            case .commandRejected: changes.commandReject = e.commandReject
            case .balance: balance(e.account, cause: VenueEvent.BalanceCause(rawValue: e.code), amount: e.a)
            case .account: account(e)
            case .position: position(e)
            case .funding: balance(e.account, cause: .funding, amount: e.b)
            case .liquidation: liquidation(e)
            case .symbolState: symbolState(e)
            case .prices: prices(e)
            case .accountState: break
            }
            i += 1
        }
        finishCommand()
    }

    /// ``apply(_:events:)`` for events in an array (tests, tools).
    public func apply(_ command: VenueCommand, events: [VenueEvent]) {
        events.withUnsafeBufferPointer { apply(command, events: $0) }
    }

    static func reason(of kind: VenueCommandKind) -> AccountUpdateReason {
        switch kind {
        case .deposit: .deposit
        case .withdraw: .withdraw
        case .settleFunding: .fundingFee
        case .setLeverage: .marginTypeChange
        case .fundInsurance: .adjustment
        default: .order
        }
    }

    func finishCommand() {
        // Liquidation orders are IOC: what did not fill expires.
        for id in liquidationOrders {
            if let o = orders[id], o.status.isOpen {
                closeOrder(id, status: .expired, reason: .ioc, execution: .expired)
            }
        }
        liquidationOrders.removeAll(keepingCapacity: true)
        for (_, agg) in openAggs.sorted(by: { $0.key < $1.key }) { finishAgg(agg) }
        openAggs.removeAll(keepingCapacity: true)
        finishBooks()
    }

    // MARK: Accounts, positions, prices

    func balance(_ account: Int64, cause: VenueEvent.BalanceCause?, amount: Int64) {
        guard let cause else { return }
        let i = balanceSlot(account)
        if let j = changes.balances[i].causes.firstIndex(where: { $0.cause == cause }) {
            changes.balances[i].causes[j].amount &+= amount
        } else {
            changes.balances[i].causes.append((cause, amount))
        }
    }

    func balanceSlot(_ account: Int64) -> Int {
        if let i = balanceIndex[account] { return i }
        let state = accounts[account] ?? LedgerAccount(account: account, balance: 0, reserved: 0, positionMargin: 0,
                                                      openOrders: 0, updateTime: 0)
        changes.balances.append(BalanceChange(account: account, state: state, causes: []))
        balanceIndex[account] = changes.balances.count - 1
        return changes.balances.count - 1
    }

    func account(_ e: VenueEvent) {
        let state = LedgerAccount(account: e.account, balance: e.a, reserved: e.b, positionMargin: e.c, openOrders: e.d,
                                  updateTime: e.timestamp)
        accounts[e.account] = state
        changes.balances[balanceSlot(e.account)].state = state
    }

    func position(_ e: VenueEvent) {
        let p = LedgerPosition(account: e.account, symbol: e.symbol, size: e.a, cost: e.b, margin: e.c, leverage: e.d,
                               mode: MarginMode(rawValue: e.code) ?? .cross, updateTime: e.timestamp)
        let gone = e.a == 0 && e.b == 0 && e.c == 0 && e.d == 0
        if gone {
            positions[e.account]?[e.symbol] = nil
            if positions[e.account]?.isEmpty == true { positions[e.account] = nil }
        } else {
            positions[e.account, default: [:]][e.symbol] = p
        }
        let key = AccountSymbol(account: e.account, symbol: e.symbol)
        shadows[key] = gone || e.a == 0 && e.b == 0 ? nil : Shadow(size: e.a, cost: e.b)
        unknownShadows.remove(key)
        if let i = positionIndex[key] {
            changes.positions[i] = p
        } else {
            changes.positions.append(p)
            positionIndex[key] = changes.positions.count - 1
        }
    }

    func symbolState(_ e: VenueEvent) {
        guard VenueEvent.SymbolState(rawValue: e.code) == .added, command.kind == .addSymbol else { return }
        let spec = command.symbolSpec
        let market = markets[e.symbol] ?? LedgerSymbolMarket(symbol: e.symbol, spec: spec, configuration: configuration)
        market.spec = spec
        markets[e.symbol] = market
        nameIfUnknown(e.symbol, spec: spec)
    }

    /// Names a symbol the service was not told about (`SYMBOL<index>`, unit steps).
    func nameIfUnknown(_ symbol: Int32, spec: VenueSymbolSpec) {
        guard symbols[symbol] == nil else { return }
        symbols[symbol] = ServiceSymbol(
            name: "SYMBOL\(symbol)", baseAsset: "BASE\(symbol)", quoteAsset: "QUOTE", index: symbol,
            tick: try! StepSize(units: 1, scale: 0), lot: try! StepSize(units: 1, scale: 0), spec: spec)
    }

    func prices(_ e: VenueEvent) {
        guard let market = markets[e.symbol] else { return }
        let interval = max(1, market.spec.fundingIntervalSeconds) &* 1_000_000_000
        let t = e.timestamp
        market.prices = SymbolPrices(
            symbol: e.symbol, markPrice: e.b, indexPrice: e.a, lastFundingRate: Rate(e8: e.d), lastPremium: Rate(e8: e.c),
            nextFundingTime: KlineInterval.floor(t, interval) &* interval &+ interval, time: t)
        changes.priceSymbols.append(e.symbol)
        if command.kind == .settleFunding && command.symbol == e.symbol {
            let record = FundingRateRecord(symbol: e.symbol, rate: Rate(e8: e.d), fundingTime: t, markPrice: e.b)
            market.funding.append(record)
            changes.funding.append(record)
            changes.reason = .fundingFee
        }
    }
}
