/// The settings of a ``LiquidationEngine``, fixed at start-up.
public struct LiquidationConfiguration: Sendable {
    /// Margin-ratio tier thresholds.
    public var thresholds = RiskTierThresholds()
    /// Liquidation fee on the notional closed in the book, paid to the insurance fund
    /// (REFERENCES.md: historically 0.3–0.5%; default 0.5%).
    public var feeRate = Rate(e8: 500_000)
    /// Step down one bracket at a time before closing a whole position.
    public var partialLiquidation = true
    /// Shards of the full scan (default: as many as cores).
    public var scanThreads = LiquidationScanner.onlineCores
    /// Candidates a scan can hold.
    public var candidateCapacity = 1 << 16
    /// Liquidation events buffered between drains.
    public var eventCapacity = 1 << 16
    /// Events one liquidation order may produce in the book (≥ 2 × resting orders + 3).
    public var matchEventCapacity = 1 << 17
    /// How far beyond the mark the fund's unwinding orders may fill (fraction).
    public var unwindSlippage = Rate(e8: 2_000_000)
    /// Ids of liquidation and fund orders count up from here (keep user ids below it).
    public var orderIdBase: Int64 = 1 << 62
    /// Resting orders tracked for cancellation.
    public var openOrderCapacity = 1 << 20
    /// Scan position-major (contiguous position segments, then accounts), which needs
    /// `32 × accounts × scanThreads` bytes of accumulators; false: account-major only.
    public var positionMajorScan = true

    public init() {}

    /// Checks the settings that do not depend on the risk core's capacities.
    ///
    /// - Throws: ``LiquidationConfigurationError/eventCapacity``, `.matchEventCapacity`,
    ///   `.openOrderCapacity` (each 1 ... ``RiskConfiguration/maxSlots``), `.rate` (fee rate
    ///   0 ... 100%, slippage 0 ..< 100%), `.orderIdBase` (> 0).
    public func validate() throws(LiquidationConfigurationError) {
        let slots = 1...RiskConfiguration.maxSlots
        guard slots.contains(eventCapacity) else { throw .eventCapacity }
        guard slots.contains(matchEventCapacity) else { throw .matchEventCapacity }
        guard slots.contains(openOrderCapacity) else { throw .openOrderCapacity }
        guard feeRate.e8 >= 0 && feeRate.e8 <= Rate.one, unwindSlippage.e8 >= 0 && unwindSlippage.e8 < Rate.one
        else { throw .rate }
        guard orderIdBase > 0 else { throw .orderIdBase }
    }
}

/// What the liquidation engine has done so far (counters, money in units).
///
/// - Memory: a small value, trivially copyable.
@frozen
public struct LiquidationStatistics: Sendable, BitwiseCopyable, Hashable {
    /// Accounts (or isolated positions) liquidated until their positions were closed.
    public var fullLiquidations = 0
    /// Liquidations that ended after a bracket step restored the margin.
    public var partialLiquidations = 0
    /// Liquidation IOC orders sent to the books.
    public var liquidationOrders = 0
    /// Lots filled by liquidation orders in the books.
    public var bookFilledLots: Int64 = 0
    /// Takeovers of a remainder by the insurance fund.
    public var takeovers = 0
    /// Counterparty positions closed by auto-deleveraging.
    public var adlEvents = 0
    /// Accounts whose equity at mark was already below zero when liquidated.
    public var bankruptAccounts = 0
    /// Accounts left with negative equity because the fund could not pay (and ADL had no
    /// counterparty).
    public var uncoveredAccounts = 0
    /// Σ money the fund could not pay.
    public var uncoveredLoss: Int64 = 0
    /// Σ liquidation fees paid to the fund.
    public var feesCollected: Int64 = 0
    /// Candidates checked exactly (from triggers and scans).
    public var verified = 0
    /// Candidates that were not below maintenance margin on the exact check.
    public var falseAlarms = 0
    /// Liquidations avoided by cancelling the account's orders.
    public var rescuedByCancel = 0
    /// Accounts found by trigger crossings.
    public var triggered = 0
    /// Full scans run.
    public var scans = 0
    /// Events dropped because the buffer was full.
    public var droppedEvents = 0

    public init() {}
}

/// The liquidation engine: risk tiers and the sharded full scan (``LiquidationScanner``),
/// the price-triggered index (``TriggerIndex``), and the liquidation process — exact
/// verification, cancel of open orders, IOC orders through the book at the bankruptcy
/// price (partially where stepping down a bracket restores the margin), the liquidation
/// fee to the insurance fund, takeover of the remainder by the fund at the bankruptcy
/// price and auto-deleveraging when the fund cannot cover the loss (REFERENCES.md,
/// "Liquidation and deleveraging").
///
/// The caller owns the ``MatchingEngine`` and ``RiskCore`` and passes them `inout`; every
/// step is written as a ``LiquidationEvent`` into ``events``. Single-threaded except for
/// the scan's read-only fan-out.
///
/// **Keeping the triggers current.** After anything that changes an account's positions,
/// balance or margin, call ``refresh(account:risk:)`` (or ``afterOrderEvents(_:from:matching:risk:)``
/// for the events of an order command, which also tracks resting orders). Cross triggers
/// go stale when another symbol's mark moves; the periodic full scan
/// (``scanAndLiquidate(matching:risk:)``) catches those accounts.
///
/// - Complexity: a mark update that crosses nothing is O(1); with `k` crossings, O(k)
///   verifications plus the liquidations' own work.
/// - Memory: all buffers are allocated in `init` from the configuration and the risk
///   core's capacities, and freed in `deinit`.
public struct LiquidationEngine: ~Copyable {
    public let configuration: LiquidationConfiguration
    public var triggers: TriggerIndex
    public var openOrders: OpenOrderIndex
    public var scanner: LiquidationScanner
    /// Liquidation events since the caller last drained them.
    public var events: LiquidationEventBuffer
    public internal(set) var statistics = LiquidationStatistics()
    /// The lowest insurance-fund balance seen after a liquidation step.
    public internal(set) var fundMinimum: Int64 = .max
    @usableFromInline var matchEvents: EventBuffer
    @usableFromInline let crossed: UnsafeMutablePointer<Int32>
    @usableFromInline let crossedCapacity: Int
    @usableFromInline let rankAccounts: UnsafeMutablePointer<Int32>
    @usableFromInline let rankScores: UnsafeMutablePointer<Double>
    @usableFromInline let rankCapacity: Int
    @usableFromInline var nextOrderId: Int64
    @usableFromInline let symbolCapacity: Int
    @usableFromInline let userCapacity: Int

    /// An engine sized for `risk`'s capacities.
    ///
    /// - Throws: the first setting of `configuration` out of range
    ///   (``LiquidationConfigurationError``), or ``LiquidationConfigurationError/mapFailed``;
    ///   nothing is allocated then.
    public init(configuration: LiquidationConfiguration = LiquidationConfiguration(),
                risk: borrowing RiskCore) throws(LiquidationConfigurationError) {
        try configuration.validate()
        try LiquidationScanner.validate(threads: configuration.scanThreads, symbolCapacity: risk.symbolCapacity,
                                        candidateCapacity: configuration.candidateCapacity,
                                        accountCapacity: configuration.positionMajorScan ? risk.accounts.userCapacity : 0)
        let locations = try TriggerIndex.mapLocations(symbolCapacity: risk.symbolCapacity,
                                                      accountCapacity: risk.accounts.userCapacity,
                                                      perSymbolCapacity: risk.positions.perSymbolCapacity)
        self.configuration = configuration
        symbolCapacity = risk.symbolCapacity
        userCapacity = risk.accounts.userCapacity
        triggers = TriggerIndex(symbolCapacity: risk.symbolCapacity, accountCapacity: risk.accounts.userCapacity,
                                perSymbolCapacity: risk.positions.perSymbolCapacity, locations: locations)
        openOrders = OpenOrderIndex(validatedCapacity: configuration.openOrderCapacity, accountCapacity: risk.accounts.capacity)
        scanner = LiquidationScanner(validatedThreads: configuration.scanThreads, symbolCapacity: risk.symbolCapacity,
                                     candidateCapacity: configuration.candidateCapacity,
                                     accountCapacity: configuration.positionMajorScan ? risk.accounts.userCapacity : 0,
                                     thresholds: configuration.thresholds)
        events = LiquidationEventBuffer(validatedCapacity: configuration.eventCapacity)
        // In range: validate() bounds it by RiskConfiguration.maxSlots < EventBuffer.capacityRange's top.
        matchEvents = try! EventBuffer(capacity: configuration.matchEventCapacity)
        crossedCapacity = risk.positions.perSymbolCapacity * 2
        crossed = LargeAllocation.allocate(Int32.self, capacity: crossedCapacity)
        rankCapacity = risk.positions.perSymbolCapacity
        rankAccounts = LargeAllocation.allocate(Int32.self, capacity: rankCapacity)
        rankScores = LargeAllocation.allocate(Double.self, capacity: rankCapacity)
        nextOrderId = configuration.orderIdBase
    }

    deinit {
        crossed.deallocate(); rankAccounts.deallocate(); rankScores.deallocate()
    }

    // MARK: Keeping the trigger index current

    /// Recomputes the triggers of every position of user `account` (and drops the entries
    /// of symbols it no longer holds). O(positions × log n), plus O(symbols) when the
    /// account has an entry in a symbol where it holds nothing now.
    ///
    /// One walk of the account's positions sets or removes each one's trigger and counts
    /// the entries it leaves; only if the index holds more entries for the account (a
    /// trigger in a symbol whose slot is gone) does the probe of every symbol run. Each
    /// heap (one symbol and side) receives the same operations as when every symbol was
    /// probed first, one per account per refresh, so the heaps' layout, and the order in
    /// which crossed triggers are found, is unchanged.
    #if !DEBUG
    @_noAllocation
    #endif
    public mutating func refresh(account: Int, risk: borrowing RiskCore) {
        guard account >= 0 && account < userCapacity else { return }
        let margin = risk.accountMargin(account)
        var kept = 0
        var slot = risk.accounts.firstPosition(account)
        while slot >= 0 {
            let size = risk.positions.size(slot)
            let symbol = risk.positions.symbol(slot)
            if size != 0, let lp = risk.liquidationPrice(slot: slot, margin: margin) {
                if triggers.update(symbol: symbol, account: account, isLong: size > 0, trigger: lp.ticks) { kept &+= 1 }
            } else {
                triggers.remove(symbol: symbol, account: account)
            }
            slot = risk.positions.nextSlot(ofAccount: slot)
        }
        if triggers.entries(account: account) != kept { dropStaleTriggers(account: account, risk: risk) }
    }

    /// Removes `account`'s entries in the symbols where it has no position slot or a flat
    /// one, in symbol order. O(symbols).
    #if !DEBUG
    @_noAllocation
    #endif
    @inline(never)
    mutating func dropStaleTriggers(account: Int, risk: borrowing RiskCore) {
        var s = 0
        while s < symbolCapacity {
            if triggers.contains(symbol: s, account: account) {
                if let slot = risk.positions.slot(account: account, symbol: s), risk.positions.size(slot) != 0 {} else {
                    triggers.remove(symbol: s, account: account)
                }
            }
            s &+= 1
        }
    }

    /// Rebuilds the whole trigger index from the risk state (after funding, or at start).
    /// O(positions × log n).
    public mutating func rebuildTriggers(risk: borrowing RiskCore) {
        triggers.removeAll()
        for account in 0..<userCapacity where risk.accounts.firstPosition(account) >= 0 {
            refresh(account: account, risk: risk)
        }
    }

    /// Applies the events `start ..< events.count` of one order command (already applied to
    /// the risk state by ``RiskGate``): tracks resting orders and refreshes the triggers of
    /// every account that traded.
    #if !DEBUG
    @_noAllocation
    #endif
    public mutating func afterOrderEvents(_ orderEvents: borrowing EventBuffer, from start: Int,
                                          matching: borrowing MatchingEngine, risk: borrowing RiskCore) {
        openOrders.track(orderEvents, from: start, matching: matching)
        refreshTraders(orderEvents, from: start, risk: risk)
    }

    /// Refreshes the triggers of every account that traded in the events
    /// `start ..< events.count` of one order command, each account once.
    ///
    /// Every refresh reads the risk state after the whole command, and a second refresh of
    /// an account whose state did not change in between changes nothing (same keys: no
    /// heap move; entries already removed), so skipping the repeats leaves the index
    /// exactly as refreshing after every trade did. The taker of a sweep is refreshed once,
    /// a maker met again in a row once.
    #if !DEBUG
    @_noAllocation
    #endif
    public mutating func refreshTraders(_ orderEvents: borrowing EventBuffer, from start: Int, risk: borrowing RiskCore) {
        var taker: Int64 = -1, maker: Int64 = -1
        var i = start
        while i < orderEvents.count {
            let event = orderEvents.events[i]
            if event.kind == .trade {
                if event.account != taker {
                    taker = event.account
                    refresh(account: Int(truncatingIfNeeded: taker), risk: risk)
                }
                if event.counterAccount != maker && event.counterAccount != taker {
                    maker = event.counterAccount
                    refresh(account: Int(truncatingIfNeeded: maker), risk: risk)
                }
            }
            i &+= 1
        }
    }

    // MARK: Entry points

    /// After the mark of `symbol` changed (``RiskCore/setMark(_:_:)``): liquidates the
    /// positions whose trigger the new mark crossed. Returns the number of crossings.
    ///
    /// - Complexity: O(1) when nothing is crossed.
    #if !DEBUG
    @_noAllocation
    #endif
    @discardableResult
    public mutating func markUpdated(symbol: Int, matching: inout MatchingEngine, risk: inout RiskCore) -> Int {
        let mark = risk.valuationPrice(symbol)
        if !triggers.isCrossed(symbol: symbol, mark: mark) { return 0 }
        let found = triggers.collectCrossed(symbol: symbol, mark: mark, into: crossed, capacity: crossedCapacity)
        let n = min(found, crossedCapacity)
        statistics.triggered &+= n
        var i = 0
        while i < n {
            liquidate(account: Int(crossed[i]), symbol: symbol, matching: &matching, risk: &risk)
            i &+= 1
        }
        return found
    }

    /// Runs the full scan and liquidates every candidate it found (cross accounts whose
    /// triggers went stale, isolated positions). Returns the number of candidates.
    #if !DEBUG
    @_noAllocation
    #endif
    @discardableResult
    public mutating func scanAndLiquidate(matching: inout MatchingEngine, risk: inout RiskCore) -> Int {
        let n = scanner.scan(risk)
        statistics.scans &+= 1
        var i = 0
        while i < n {
            let c = scanner.candidates[i]
            liquidate(account: Int(c.account), symbol: Int(c.symbol), matching: &matching, risk: &risk)
            i &+= 1
        }
        return n
    }
}
