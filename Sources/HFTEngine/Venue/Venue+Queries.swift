/// One account as ``Venue/account(_:)`` reports it (money units).
///
/// - Memory: a small value, trivially copyable.
@frozen
public struct VenueAccount: Sendable, BitwiseCopyable, Equatable {
    /// Wallet balance (deposits − withdrawals + realized PnL − fees ± funding).
    public var balance: Int64
    /// Reserved for open orders.
    public var reserved: Int64
    /// Initial margin of the positions.
    public var positionMargin: Int64
    /// Open orders.
    public var openOrders: Int64
    /// Σ unrealized PnL at the valuation prices.
    public var unrealizedPnL: Int64
    /// Σ maintenance margin.
    public var maintenanceMargin: Int64
    /// balance − reserved − position margin.
    public var available: Int64
    /// What an opening order and a withdrawal may use: ``available`` plus the cross
    /// unrealized loss at the valuation prices (profit not counted;
    /// ``RiskCore/availableAfterLoss(_:)``). The service reports it as Binance's
    /// `availableBalance` and (at least 0) `maxWithdrawAmount`.
    public var availableAfterLoss: Int64
    /// Position margin plus money reserved for orders.
    public var initialMargin: Int64
    /// Equity of the cross part: balance − isolated margins + cross unrealized PnL.
    public var crossEquity: Int64
    /// True while halted by an account-scope halt or kill switch.
    public var halted: Bool

    /// balance + Σ unrealized PnL.
    @inlinable public var equity: Int64 { balance &+ unrealizedPnL }
}

/// One position as ``Venue/positions(of:into:)`` reports it.
///
/// - Memory: a small value, trivially copyable.
@frozen
public struct VenuePosition: Sendable, BitwiseCopyable, Equatable {
    public var symbol: Int32
    public var mode: MarginMode
    /// Signed size in lots (short < 0).
    public var size: Int64
    /// Entry cost in money units (|cost| / |size| / money per tick·lot is the entry price).
    public var cost: Int64
    /// Initial margin (cross) or isolated margin.
    public var margin: Int64
    public var leverage: Int64
    /// Unrealized PnL at the valuation price.
    public var unrealizedPnL: Int64
    /// Liquidation price in ticks (`nil`: none).
    public var liquidationPrice: Int64?
}

/// A symbol's prices and perpetual state (``Venue/prices(of:)``).
///
/// - Memory: a small value, trivially copyable.
@frozen
public struct VenuePrices: Sendable, BitwiseCopyable, Equatable {
    public var index: Int64
    public var mark: Int64
    public var lastTrade: Int64
    /// The funding rate of the last settlement.
    public var lastFundingRate: Rate
    /// The rate the premium samples of the current interval give (the next settlement's).
    public var estimatedFundingRate: Rate
    /// Premium samples in the current interval.
    public var premiumSamples: Int64
    public var halted: Bool
}

// Read-only queries: O(1) or O(what they return); they write into caller buffers and
// allocate nothing.
extension Venue {
    /// The account's balances and margin, or `nil` for an index that is not an account
    /// (user accounts, then the fee account and the insurance fund). Risk on only.
    ///
    /// - Complexity: O(positions of the account).
    #if !DEBUG
    @_noAllocation
    #endif
    public func account(_ account: Int) -> VenueAccount? {
        guard configuration.riskEnabled, risk.accounts.contains(account) else { return nil }
        let m = risk.accountMargin(account)
        return VenueAccount(
            balance: risk.balance(account).units, reserved: risk.accounts.reserved(account).units,
            positionMargin: risk.accounts.marginInUse(account).units, openOrders: Int64(risk.accounts.openOrders(account)),
            unrealizedPnL: m.unrealizedPnL, maintenanceMargin: m.maintenanceMargin, available: m.available,
            availableAfterLoss: risk.availableAfterLoss(account), initialMargin: m.initialMargin, crossEquity: m.crossEquity, halted: account < configuration.userAccounts && accountHalted[account])
    }

    /// The account's positions (slots with a size or settings) into `output`, in symbol
    /// order of the account's list; returns how many were written (at most `output.count`).
    ///
    /// - Complexity: O(positions of the account).
    #if !DEBUG
    @_noAllocation
    #endif
    public func positions(of account: Int, into output: UnsafeMutableBufferPointer<VenuePosition>) -> Int {
        guard configuration.riskEnabled, risk.accounts.contains(account) else { return 0 }
        let m = risk.accountMargin(account)
        var n = 0
        var slot = risk.accounts.firstPosition(account)
        while slot >= 0 && n < output.count {
            let s = risk.positions.symbol(slot)
            output[n] = VenuePosition(
                symbol: Int32(s), mode: risk.positions.mode(slot), size: risk.positions.size(slot),
                cost: risk.positions.cost(slot), margin: risk.positions.margin(slot), leverage: risk.positions.leverage(slot),
                unrealizedPnL: risk.unrealizedPnL(slot: slot, ticks: risk.valuationPrice(s)),
                liquidationPrice: risk.liquidationPrice(slot: slot, margin: m)?.ticks)
            n &+= 1
            slot = risk.positions.nextSlot(ofAccount: slot)
        }
        return n
    }

    /// The position of `account` in `symbol` (`nil`: no slot).
    #if !DEBUG
    @_noAllocation
    #endif
    public func position(of account: Int, symbol: Int32) -> VenuePosition? {
        guard configuration.riskEnabled, risk.accounts.contains(account), isSymbol(symbol),
              let slot = risk.positions.slot(account: account, symbol: Int(symbol)) else { return nil }
        let s = Int(symbol)
        return VenuePosition(
            symbol: symbol, mode: risk.positions.mode(slot), size: risk.positions.size(slot), cost: risk.positions.cost(slot),
            margin: risk.positions.margin(slot), leverage: risk.positions.leverage(slot),
            unrealizedPnL: risk.unrealizedPnL(slot: slot, ticks: risk.valuationPrice(s)),
            liquidationPrice: risk.liquidationPrice(slot: slot, margin: risk.accountMargin(account))?.ticks)
    }

    /// The account's open orders into `output` (through the per-account order list, no
    /// scan of the books); returns how many were written. Risk on only.
    ///
    /// - Complexity: O(open orders of the account).
    #if !DEBUG
    @_noAllocation
    #endif
    public func openOrders(of account: Int, into output: UnsafeMutableBufferPointer<OrderRecord>) -> Int {
        guard configuration.riskEnabled else { return 0 }
        var n = 0
        var node = liquidation.openOrders.firstNode(account: account)
        while node >= 0 && n < output.count {
            if let record = matching.order(liquidation.openOrders.orderId(node)) {
                output[n] = record
                n &+= 1
            }
            node = liquidation.openOrders.nextNode(node)
        }
        return n
    }

    /// The live order `id`, or `nil`.
    #if !DEBUG
    @_noAllocation
    #endif
    @inlinable
    public func order(_ id: Int64) -> OrderRecord? { matching.order(id) }

    /// Levels of one side of a book, best first, into `output`; returns how many.
    #if !DEBUG
    @_noAllocation
    #endif
    public func depth(_ symbol: Int32, side: Side, into output: UnsafeMutableBufferPointer<BookLevel>) -> Int {
        matching.depth(SymbolID(symbol), side: side, into: output)
    }

    /// Best bid and offer (zeros for an unknown symbol or an empty side).
    #if !DEBUG
    @_noAllocation
    #endif
    public func topOfBook(_ symbol: Int32) -> TopOfBook { matching.topOfBook(SymbolID(symbol)) }

    /// The symbol's last trade, or `nil`.
    #if !DEBUG
    @_noAllocation
    #endif
    public func lastTrade(_ symbol: Int32) -> LastTrade? { matching.lastTrade(SymbolID(symbol)) }

    /// Index, mark, last trade and funding state of a symbol, or `nil` for an unknown one.
    #if !DEBUG
    @_noAllocation
    #endif
    public func prices(of symbol: Int32) -> VenuePrices? {
        guard isSymbol(symbol) else { return nil }
        let s = Int(symbol)
        let venueSymbol = symbols[s]
        let r = configuration.riskEnabled ? risk.symbolRisk(s) : nil
        return VenuePrices(
            index: r?.index ?? 0, mark: r?.mark ?? (matching.referencePrice(of: SymbolID(symbol))?.ticks ?? 0),
            lastTrade: matching.lastTrade(SymbolID(symbol))?.price.ticks ?? 0,
            lastFundingRate: venueSymbol.markRule.lastFundingRate, estimatedFundingRate: venueSymbol.fundingRule.rate,
            premiumSamples: venueSymbol.fundingRule.samples, halted: matching.isHalted(SymbolID(symbol)))
    }

    /// The specification a symbol was added with, or `nil`.
    public func symbolSpec(_ symbol: Int32) -> VenueSymbolSpec? { isSymbol(symbol) ? symbols[Int(symbol)].spec : nil }

    /// The insurance fund's balance.
    @inlinable
    public var insuranceFund: Int64 { configuration.riskEnabled ? risk.balance(risk.accounts.insuranceFund).units : 0 }

    /// The fee account's and the insurance fund's account numbers.
    public var feeAccount: Int { risk.accounts.feeAccount }
    public var insuranceFundAccount: Int { risk.accounts.insuranceFund }

    /// Resting orders over all symbols.
    @inlinable
    public var restingOrderCount: Int { matching.restingOrderCount }

    /// Non-empty price levels over all symbols.
    public var priceLevelCount: Int { matching.priceLevelCount }

    /// True if `account` is a user account (not the fee account or the insurance fund).
    public func isUserAccount(_ account: Int) -> Bool { configuration.riskEnabled && risk.accounts.isUser(account) }

    /// What the liquidation engine has done so far.
    @inlinable
    public var liquidationStatistics: LiquidationStatistics { liquidation.statistics }

    /// The lowest insurance-fund balance seen after a liquidation step (`Int64.max`: none yet).
    public var insuranceFundMinimum: Int64 { liquidation.fundMinimum }

    /// Accounts the last full scan put in `tier`.
    public func scannedAccounts(in tier: RiskTier) -> Int { liquidation.scanner.count(of: tier) }

    /// Candidates the last full scan could not hold (found again by the next scan).
    public var droppedScanCandidates: Int { liquidation.scanner.droppedCandidates }

    /// Σ balances − Σ position cost − (Σ deposits − Σ withdrawals): 0 while money is conserved.
    public var conservationDiscrepancy: Int128 { configuration.riskEnabled ? risk.conservationDiscrepancy() : 0 }

    /// Σ signed position sizes of a symbol: 0 while positions net to zero.
    public func netPosition(symbol: Int32) -> Int128 {
        configuration.riskEnabled && isSymbol(symbol) ? risk.netPositionSize(symbol: Int(symbol)) : 0
    }
}
