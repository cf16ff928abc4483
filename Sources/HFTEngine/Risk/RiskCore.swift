/// The risk state of a venue: accounts, positions, symbol parameters and order
/// reservations, with the operations that change them (deposits, withdrawals, leverage,
/// halts here; pre-trade checks, clearing, margin and funding in extensions).
///
/// Single-threaded and deterministic: its state is a pure function of the calls made.
/// Money is exact: every operation moves money between balances (or between a balance
/// and position cost), so (balances including funding parked in position slots, see
/// ``balance(_:)``)
/// `Σ balances − Σ position cost = Σ deposits − Σ withdrawals` holds exactly after every
/// call (``conservationDiscrepancy()`` is 0), and `Σ balances` alone equals net deposits
/// whenever all positions are flat. (Σ balances + Σ unrealized PnL at any common price is
/// the same quantity, because positions of a symbol sum to zero.)
///
/// - Complexity: see each operation; all hot ones are O(1) except funding (O(positions of
///   the symbol)) and account margin (O(positions of the account)).
/// - Memory: the stores of ``AccountStore``, ``PositionStore``, ``OrderReservations`` and a
///   symbol table, all sized by ``RiskConfiguration`` and allocated in `init`; owned here.
public struct RiskCore: ~Copyable {
    public var accounts: AccountStore
    public var positions: PositionStore
    @usableFromInline var reservations: OrderReservations
    @usableFromInline let symbolTable: UnsafeMutablePointer<SymbolRisk>
    @usableFromInline let configured: UnsafeMutablePointer<Bool>
    /// Bracket rows of every symbol: symbol s owns rows `s × 16 ..< s × 16 + count`.
    @usableFromInline let bracketRows: UnsafeMutablePointer<MarginBracket>
    @usableFromInline let bracketCounts: UnsafeMutablePointer<Int>
    public let symbolCapacity: Int
    public let maxOpenOrdersPerAccount: Int
    /// True while `HALT ALL` is in force.
    public var globalHalt: Bool = false
    /// Σ deposits − Σ withdrawals (for the conservation invariant).
    public internal(set) var netDeposits: Int128 = 0
    /// The number of funding settlements so far (see ``balance(_:)``).
    @inlinable public var fundingEpoch: Int64 { settlements }
    @usableFromInline var settlements: Int64 = 0

    /// A core with the capacities of `configuration`, all balances zero, no symbol
    /// configured.
    ///
    /// - Throws: the first field of `configuration` out of range
    ///   (``RiskConfiguration/validate()``); nothing is allocated then.
    public init(_ configuration: RiskConfiguration) throws(RiskConfigurationError) {
        try configuration.validate()
        accounts = AccountStore(validatedUserCapacity: configuration.userCapacity)
        positions = PositionStore(validatedSymbolCapacity: configuration.symbolCapacity,
                                  perSymbolCapacity: configuration.positionsPerSymbol,
                                  defaultLeverage: configuration.defaultLeverage)
        reservations = OrderReservations(capacity: configuration.orderCapacity)
        symbolCapacity = configuration.symbolCapacity
        maxOpenOrdersPerAccount = configuration.maxOpenOrdersPerAccount
        symbolTable = .allocate(capacity: configuration.symbolCapacity)
        configured = .allocate(capacity: configuration.symbolCapacity)
        configured.initialize(repeating: false, count: configuration.symbolCapacity)
        bracketRows = .allocate(capacity: configuration.symbolCapacity * BracketTable.maxCount)
        bracketCounts = .allocate(capacity: configuration.symbolCapacity)
        bracketCounts.initialize(repeating: 0, count: configuration.symbolCapacity)
    }

    deinit {
        for i in 0..<symbolCapacity where configured[i] { (symbolTable + i).deinitialize(count: 1) }
        symbolTable.deallocate()
        configured.deallocate()
        bracketRows.deallocate()
        bracketCounts.deallocate()
    }

    // MARK: Symbols

    /// Configures (or reconfigures) symbol `symbol` with its parameters and brackets
    /// (set-up; keeps its prices and halt).
    ///
    /// - Throws: `UNKNOWN_SYMBOL` for an index outside the capacity; `BAD_AMOUNT` for a fee
    ///   rate beyond ±100% or a negative band; `BAD_QTY` unless 1 ≤ minLots ≤ maxLots.
    public mutating func configureSymbol(_ symbol: Int, _ risk: SymbolRisk, brackets: BracketTable) throws(RiskReject) {
        guard symbol >= 0 && symbol < symbolCapacity else { throw .unknownSymbol }
        guard risk.makerRate.e8.magnitude <= UInt64(Rate.one), risk.takerRate.e8.magnitude <= UInt64(Rate.one),
              risk.band.e8 >= 0 else { throw .badAmount }
        guard risk.minLots >= 1 && risk.minLots <= risk.maxLots else { throw .badQuantity }
        for i in 0..<brackets.count { bracketRows[symbol * BracketTable.maxCount + i] = brackets[i] }
        bracketCounts[symbol] = brackets.count
        positions.setDefaultLeverage(symbol, maximum: brackets[0].maxLeverage)
        if configured[symbol] {
            var updated = risk
            updated.mark = symbolTable[symbol].mark
            updated.index = symbolTable[symbol].index
            updated.lastTrade = symbolTable[symbol].lastTrade
            updated.halted = symbolTable[symbol].halted
            symbolTable[symbol] = updated
        } else {
            (symbolTable + symbol).initialize(to: risk)
            configured[symbol] = true
        }
    }

    /// True if `symbol` is configured.
    @inlinable @inline(__always)
    public func isConfigured(_ symbol: Int) -> Bool {
        UInt(bitPattern: symbol) < UInt(bitPattern: symbolCapacity) && configured[symbol]
    }

    /// The parameters and prices of a configured symbol.
    ///
    /// Precondition (programmer error, like an out-of-range subscript): `symbol` is
    /// configured; a caller holding an index from outside checks ``isConfigured(_:)``.
    @inlinable @inline(__always)
    public func symbolRisk(_ symbol: Int) -> SymbolRisk {
        precondition(isConfigured(symbol), "symbol not configured")
        return symbolTable[symbol]
    }

    /// The bracket rows of a configured symbol (a view into the core's own copy).
    @inlinable @inline(__always)
    public func brackets(_ symbol: Int) -> BracketView {
        BracketView(rows: UnsafePointer(bracketRows + symbol &* BracketTable.maxCount), count: bracketCounts[symbol])
    }

    /// The valuation price of a configured symbol: its mark, else its last trade, else 0.
    @inlinable @inline(__always)
    public func valuationPrice(_ symbol: Int) -> Int64 {
        let mark = symbolTable[symbol].mark
        return mark > 0 ? mark : symbolTable[symbol].lastTrade
    }

    /// Money units per tick·lot of a configured symbol.
    @inlinable @inline(__always)
    public func moneyPerTickLot(_ symbol: Int) -> Int64 { symbolTable[symbol].scale.moneyPerTickLot }

    /// Sets the mark price (`MARK`, or the mark-price rule's output); 0 clears it.
    ///
    /// - Throws: `UNKNOWN_SYMBOL` for a symbol that is not configured, `BAD_QTY` for a
    ///   negative price; nothing changes then.
    #if !DEBUG
    @_noAllocation
    #endif
    @inlinable @inline(__always)
    public mutating func setMark(_ symbol: Int, _ price: Price) throws(RiskReject) {
        guard isConfigured(symbol) else { throw .unknownSymbol }
        guard price.ticks >= 0 else { throw .badQuantity }
        symbolTable[symbol].mark = price.ticks
    }

    /// Sets the index price (`INDEX`); 0 clears it.
    ///
    /// - Throws: `UNKNOWN_SYMBOL` for a symbol that is not configured, `BAD_QTY` for a
    ///   negative price; nothing changes then.
    #if !DEBUG
    @_noAllocation
    #endif
    @inlinable @inline(__always)
    public mutating func setIndex(_ symbol: Int, _ price: Price) throws(RiskReject) {
        guard isConfigured(symbol) else { throw .unknownSymbol }
        guard price.ticks >= 0 else { throw .badQuantity }
        symbolTable[symbol].index = price.ticks
    }

    /// Halts or resumes one symbol (`HALT <sym>` / `RESUME <sym>`).
    public mutating func setHalted(_ symbol: Int, _ halted: Bool) throws(RiskReject) {
        guard isConfigured(symbol) else { throw .unknownSymbol }
        symbolTable[symbol].halted = halted
    }

    // MARK: Accounts

    /// Funding settled to the account's position slots and not yet moved into its balance
    /// column: 0 without a walk when the account has been folded since the last settlement,
    /// else O(its positions).
    @inlinable @inline(__always)
    public func parkedFunding(_ account: Int) -> Int64 {
        if accounts.foldedEpochColumn[account] == fundingEpoch { return 0 }
        var sum: Int64 = 0
        var slot = Int(accounts.firstPositionColumn[account])
        while slot >= 0 {
            sum &+= positions.fundingColumn[slot]
            slot = Int(positions.nextOfAccount[slot])
        }
        return sum
    }

    /// The wallet balance: the balance column plus funding parked in the position slots.
    @inlinable @inline(__always)
    public func balance(_ account: Int) -> Money {
        Money(units: accounts.balance(account).units &+ parkedFunding(account))
    }

    /// What new orders and withdrawals may use: wallet balance − reserved − margin in use.
    @inlinable @inline(__always)
    public func available(_ account: Int) -> Money {
        Money(units: accounts.available(account).units &+ parkedFunding(account))
    }

    /// Moves the funding parked in the account's position slots into its balance column.
    @inlinable @inline(__always)
    public mutating func foldFunding(_ account: Int) {
        if accounts.foldedEpochColumn[account] == fundingEpoch { return }
        var slot = Int(accounts.firstPositionColumn[account])
        while slot >= 0 {
            accounts.balances.add(positions.fundingColumn[slot], at: account)
            positions.fundingColumn[slot] = 0
            slot = Int(positions.nextOfAccount[slot])
        }
        accounts.foldedEpochColumn[account] = fundingEpoch
    }

    /// Σ wallet balances of all accounts (balance columns plus parked funding; O(n)).
    public func totalBalance() -> Int128 {
        accounts.totalBalance() + positions.totalFunding()
    }

    /// Credits `amount` (> 0) to a user account (`DEPOSIT`).
    ///
    /// - Throws: `UNKNOWN_ACCOUNT` for an index that is not a user account; `BAD_AMOUNT`
    ///   for a non-positive amount, or one that would take the wallet balance or the money
    ///   held by the whole engine (Σ deposits − Σ withdrawals) above
    ///   ``RiskLimits/maxBalance``. Nothing changes then.
    public mutating func deposit(account: Int, amount: Money) throws(RiskReject) {
        guard accounts.isUser(account) else { throw .unknownAccount }
        foldFunding(account)
        let (sum, overflow) = accounts.balances[account].addingReportingOverflow(amount.units)
        guard amount.units > 0, !overflow, sum <= RiskLimits.maxBalance,
              netDeposits + Int128(amount.units) <= Int128(RiskLimits.maxBalance) else { throw .badAmount }
        accounts.addBalance(account, amount.units)
        netDeposits += Int128(amount.units)
    }

    /// Debits `amount` (> 0) from a user account if it is available (`WITHDRAW`).
    ///
    /// - Throws: `UNKNOWN_ACCOUNT`; `BAD_AMOUNT` for a non-positive amount;
    ///   `INSUFFICIENT_MARGIN` for more than ``available(_:)`` less the cross unrealized loss
    ///   (``availableAfterLoss(_:)``). Nothing changes then.
    public mutating func withdraw(account: Int, amount: Money) throws(RiskReject) {
        guard accounts.isUser(account) else { throw .unknownAccount }
        guard amount.units > 0 else { throw .badAmount }
        foldFunding(account)
        guard amount.units <= availableAfterLoss(account) else { throw .insufficientMargin }
        accounts.addBalance(account, -amount.units)
        netDeposits -= Int128(amount.units)
    }

    /// Sets the leverage (and optionally the margin mode) of `account` in `symbol`
    /// (`LEVERAGE`).
    ///
    /// The leverage must be 1 ... the bracket maximum for the position's current notional
    /// (`LEVERAGE`). The mode may change only while the account has neither a position nor
    /// live orders in the symbol (`MARGIN_MODE`). A cross position's initial margin is
    /// recomputed at the new leverage and must stay within the balance (`INSUFFICIENT_MARGIN`,
    /// nothing changes then); an isolated position keeps its isolated margin.
    public mutating func setLeverage(account: Int, symbol: Int, leverage: Int64, mode: MarginMode? = nil) throws(RiskReject) {
        guard isConfigured(symbol) else { throw .unknownSymbol }
        guard accounts.isUser(account) else { throw .unknownAccount }
        guard leverage >= 1 && leverage <= Int64(Int32.max) else { throw .leverage }
        foldFunding(account)
        let existing = positions.slot(account: account, symbol: symbol)
        let cost = existing.map { positions.cost($0) } ?? 0
        let maxLeverage = brackets(symbol).maxLeverage(at: Money(units: cost.magnitude > UInt64(Int64.max) ? Int64.max : Int64(cost.magnitude)))
        guard leverage <= maxLeverage else { throw .leverage }
        if let mode, let s = existing, mode != positions.mode(s),
           positions.size(s) != 0 || positions.orders(s) != 0 { throw .marginMode }
        let slot: Int
        do throws(CapacityError) {
            slot = try positions.acquireSlot(account: account, symbol: symbol, accounts: &accounts)
        } catch { throw .capacity }
        let oldMargin = positions.marginColumn[slot]
        var newMargin = oldMargin
        if (mode ?? positions.mode(slot)) == .cross {
            newMargin = ExactDivision.ceiling(Int64(cost.magnitude), leverage)
            let delta = newMargin - oldMargin
            if delta > 0 && delta > availableAfterLoss(account) {
                positions.releaseIfIdle(slot, accounts: &accounts)
                throw .insufficientMargin
            }
        }
        positions.leverageColumn[slot] = Int32(leverage)
        if let mode { positions.setMode(slot, mode) }
        positions.marginColumn[slot] = newMargin
        accounts.marginColumn.add(newMargin &- oldMargin, at: account)
        positions.releaseIfIdle(slot, accounts: &accounts)
    }

    // MARK: Invariants

    /// `(Σ wallet balances − Σ position cost) − net deposits`: exactly 0 unless money was
    /// created or lost. O(accounts + positions); for tests and audits.
    public func conservationDiscrepancy() -> Int128 {
        totalBalance() - positions.totalCost() - netDeposits
    }
}
