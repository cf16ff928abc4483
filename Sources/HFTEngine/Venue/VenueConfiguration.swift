/// The capacities and switches of a ``Venue``, fixed when it is built: every store the
/// venue owns is allocated from these numbers in `init`, and nothing grows later.
///
/// - Memory: a small value.
public struct VenueConfiguration: Sendable, Equatable {
    /// Resting orders over all symbols (and the order-id index).
    public var maxOrders: Int
    /// Non-empty price levels over all symbols.
    public var maxPriceLevels: Int
    /// Symbols.
    public var maxSymbols: Int
    /// The largest price ladder of a symbol (``VenueSymbolSpec/ladderTicks``): the venue
    /// reserves address space for `maxSymbols` ladders of this size at start-up (pages are
    /// touched only as prices are used), so that adding a symbol allocates nothing.
    public var maxLadderTicks: Int
    /// Accounts, margin, fees, funding and liquidation (`true`), or matching alone (`false`:
    /// any account number may trade; account commands are refused with `RISK_OFF`).
    public var riskEnabled: Bool
    /// Liquidate accounts below maintenance margin after price commands and scans.
    public var liquidationEnabled: Bool
    /// User accounts (0 ..< userAccounts).
    public var userAccounts: Int
    /// Position slots per symbol.
    public var positionsPerSymbol: Int
    /// Live orders per account.
    public var maxOpenOrdersPerAccount: Int
    /// Room (events) the caller's buffer must have left at every ``Venue/apply(_:into:)``:
    /// the bound on one command's events. An order command may meet at most
    /// `eventBudget / 8` resting orders (more: `CAPACITY`); a kill switch cancels at most
    /// `eventBudget / 4` orders per command (repeat it for the rest); a funding
    /// settlement needs `3 × positionsPerSymbol + 16` (a funding event, a position and an
    /// account event per position).
    public var eventBudget: Int
    /// Rebuild the whole liquidation trigger index before every price command (`true`:
    /// exact for cross accounts whose other symbols' marks moved, O(positions) per price
    /// command, what `hft replay` uses), or keep it current incrementally (`false`: O(1) per
    /// trade and account command; stale cross triggers are found by ``VenueCommandKind/liquidationScan``).
    public var rebuildTriggersOnPrice: Bool
    /// Threads of the full liquidation scan.
    public var scanThreads: Int
    /// The liquidation fee on the notional closed in the book.
    public var liquidationFeeRate: Rate
    /// The most steps (cancels, orders, fills, fees, takeovers, ADL) the liquidation of one
    /// account may report; further steps are counted as dropped (``Venue/invariantProblems()``
    /// reports them). A price command liquidates one more account only while the event
    /// buffer has room for `5 ×` this plus 16 (each step changes at most two accounts and
    /// positions); the budget must hold that plus 64 events of the command's own.
    public var liquidationEventsPerAccount: Int

    /// A venue of the given capacities (defaults: 2^20 orders, 2^16 levels, 16 symbols,
    /// 2^16 accounts, 2^16 positions per symbol, 200 orders per account, 2^18 events per
    /// command, 4,096 liquidation steps per account (at most a fifth of the budget), risk and liquidation on, incremental
    /// triggers, one scan thread).
    public init(maxOrders: Int = 1 << 20, maxPriceLevels: Int = 1 << 16, maxSymbols: Int = 16,
                riskEnabled: Bool = true, liquidationEnabled: Bool = true, userAccounts: Int = 1 << 16,
                positionsPerSymbol: Int = 1 << 16, maxOpenOrdersPerAccount: Int = 200, eventBudget: Int = 1 << 18,
                rebuildTriggersOnPrice: Bool = false, scanThreads: Int = 1,
                liquidationFeeRate: Rate = Rate(e8: 500_000), liquidationEventsPerAccount: Int? = nil,
                maxLadderTicks: Int = 1 << 20) {
        self.maxOrders = maxOrders
        self.maxPriceLevels = maxPriceLevels
        self.maxSymbols = maxSymbols
        self.maxLadderTicks = maxLadderTicks
        self.riskEnabled = riskEnabled
        self.liquidationEnabled = liquidationEnabled
        self.userAccounts = userAccounts
        self.positionsPerSymbol = positionsPerSymbol
        self.maxOpenOrdersPerAccount = maxOpenOrdersPerAccount
        self.eventBudget = eventBudget
        self.rebuildTriggersOnPrice = rebuildTriggersOnPrice
        self.scanThreads = scanThreads
        self.liquidationFeeRate = liquidationFeeRate
        self.liquidationEventsPerAccount = liquidationEventsPerAccount ?? min(4_096, max(16, (eventBudget - 80) / 5))
    }

    /// The smallest ``eventBudget``: room for one order meeting 32 makers, and with risk on
    /// for a funding settlement of a full symbol (3 events per position) and a cancel of an account's orders.
    public var minimumEventBudget: Int {
        riskEnabled ? max(256, 3 * positionsPerSymbol + 16, 4 * maxOpenOrdersPerAccount + 16) : 256
    }

    /// Resting orders one order command may meet (``eventBudget`` / 8).
    @inlinable public var orderEventCapacity: Int { eventBudget / 8 }

    /// The matching engine's part.
    public var engineConfiguration: EngineConfiguration {
        EngineConfiguration(maxOrders: maxOrders, maxPriceLevels: maxPriceLevels, maxSymbols: maxSymbols,
                            maxLadderTicks: maxLadderTicks)
    }

    /// The risk core's part (with risk off: the smallest core, never used).
    public var riskConfiguration: RiskConfiguration {
        riskEnabled
            ? RiskConfiguration(userCapacity: userAccounts, symbolCapacity: maxSymbols, positionsPerSymbol: positionsPerSymbol,
                                orderCapacity: maxOrders, maxOpenOrdersPerAccount: maxOpenOrdersPerAccount)
            : RiskConfiguration(userCapacity: 1, symbolCapacity: 1, positionsPerSymbol: 1, orderCapacity: 1)
    }

    /// The liquidation engine's part.
    var liquidationConfiguration: LiquidationConfiguration {
        var c = LiquidationConfiguration()
        c.scanThreads = scanThreads
        c.positionMajorScan = false
        c.feeRate = liquidationFeeRate
        c.candidateCapacity = riskEnabled ? max(16, min(1 << 16, userAccounts)) : 1
        c.eventCapacity = liquidationEventsPerAccount   // Venue.liquidationRoom relies on this
        c.matchEventCapacity = max(16, eventBudget / 8)
        c.openOrderCapacity = riskEnabled ? maxOrders : 1
        return c
    }

    /// Throws the first setting out of range (the parts' own checks, and
    /// ``eventBudget`` ≥ ``minimumEventBudget``).
    public func validate() throws(VenueConfigurationError) {
        do { try engineConfiguration.validate() } catch { throw .matching(error) }
        do { try riskConfiguration.validate() } catch { throw .risk(error) }
        do { try liquidationConfiguration.validate() } catch { throw .liquidation(error) }
        guard eventBudget >= minimumEventBudget && eventBudget <= 1 << 28 else {
            throw .eventBudget(eventBudget, minimum: minimumEventBudget)
        }
        guard liquidationEventsPerAccount >= 16 && 5 * liquidationEventsPerAccount + 80 <= eventBudget else {
            throw .liquidationEventsPerAccount(liquidationEventsPerAccount, maximum: (eventBudget - 80) / 5)
        }
    }
}

/// Why a ``VenueConfiguration`` cannot be built.
public enum VenueConfigurationError: Error, Sendable, Equatable {
    case matching(ConfigurationError)
    case risk(RiskConfigurationError)
    case liquidation(LiquidationConfigurationError)
    /// ``VenueConfiguration/eventBudget`` below its minimum or above 2^28.
    case eventBudget(Int, minimum: Int)
    /// ``VenueConfiguration/liquidationEventsPerAccount`` below 16, or above what the event
    /// budget holds five times over.
    case liquidationEventsPerAccount(Int, maximum: Int)
}
