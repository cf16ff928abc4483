// Liquidations after a price command and after a full scan, published as venue events.

extension Venue {
    /// The room one account's liquidation needs: each of its steps is one event and
    /// changes at most two accounts and two positions.
    @inline(__always)
    var liquidationRoom: Int { 5 &* configuration.liquidationEventsPerAccount &+ 16 }

    /// After a new mark of symbol `s`: liquidates the positions whose trigger it crossed,
    /// one account at a time while the event buffer has room for one more (the others
    /// stay crossed and are taken by the next price command or scan), then lets the
    /// insurance fund unwind what it holds in `s`.
    #if !DEBUG
    @_noAllocation
    #endif
    mutating func liquidateAfterPrice(symbol s: Int, into events: inout VenueEventBuffer) {
        guard configuration.liquidationEnabled, risk.isConfigured(s) else { return }
        if configuration.rebuildTriggersOnPrice { liquidation.rebuildTriggers(risk: risk) }
        let mark = risk.valuationPrice(s)
        if liquidation.triggers.isCrossed(symbol: s, mark: mark) {
            let found = liquidation.triggers.collectCrossed(symbol: s, mark: mark, into: crossed, capacity: crossedCapacity)
            liquidation.statistics.triggered &+= min(found, crossedCapacity)
            var i = 0
            while i < min(found, crossedCapacity) && events.remainingCapacity >= liquidationRoom {
                liquidation.liquidate(account: Int(crossed[i]), symbol: s, matching: &matching, risk: &risk)
                publishLiquidationEvents(into: &events)
                i &+= 1
            }
        }
        if events.remainingCapacity >= liquidationRoom {
            liquidation.unwindFund(symbol: s, matching: &matching, risk: &risk)
            publishLiquidationEvents(into: &events)
        }
    }

    /// `liquidationScan`: the full scan; every candidate is liquidated while the buffer has
    /// room (the rest are found again by the next scan).
    #if !DEBUG
    @_noAllocation
    #endif
    mutating func liquidationScan(into events: inout VenueEventBuffer) {
        guard configuration.riskEnabled && configuration.liquidationEnabled else { return }
        let n = liquidation.scanner.scan(risk)
        liquidation.statistics.scans &+= 1
        var i = 0
        while i < n && events.remainingCapacity >= liquidationRoom {
            let candidate = liquidation.scanner.candidates[i]
            liquidation.liquidate(account: Int(candidate.account), symbol: Int(candidate.symbol), matching: &matching, risk: &risk)
            publishLiquidationEvents(into: &events)
            i &+= 1
        }
    }

    /// Publishes and clears the liquidation engine's events: each step as a `liquidation`
    /// event, the fee and the fund's payments also as `balance` events, and the state of
    /// every account and position the steps changed.
    #if !DEBUG
    @_noAllocation
    #endif
    mutating func publishLiquidationEvents(into events: inout VenueEventBuffer) {
        let fund = Int64(risk.accounts.insuranceFund)
        var i = 0
        while i < liquidation.events.count {
            let step = liquidation.events[i]
            events.append(VenueEvent(step))
            let symbol = Int(step.symbol)
            touch(step.account, symbol: symbol)
            switch step.step {
            case .fill:
                touch(step.counterAccount, symbol: symbol)
                touch(Int64(risk.accounts.feeAccount), symbol: -1)
            case .fee:
                events.append(VenueEvent(.balance, code: VenueEvent.BalanceCause.liquidationFee.rawValue,
                                         symbol: step.symbol, account: step.account, a: 0 &- step.amount))
                events.append(VenueEvent(.balance, code: VenueEvent.BalanceCause.liquidationFee.rawValue,
                                         symbol: step.symbol, account: fund, a: step.amount))
                touch(fund, symbol: -1)
            case .deficit:
                events.append(VenueEvent(.balance, code: VenueEvent.BalanceCause.insurance.rawValue,
                                         account: step.account, a: step.amount))
                events.append(VenueEvent(.balance, code: VenueEvent.BalanceCause.insurance.rawValue,
                                         account: fund, a: 0 &- step.amount))
                touch(fund, symbol: -1)
            case .takeover, .unwind:
                touch(fund, symbol: symbol)
            case .adl:
                touch(step.counterAccount, symbol: symbol)
            case .order, .cancel:
                break
            }
            i &+= 1
        }
        liquidation.events.removeAll()
        publishTouched(into: &events)
    }
}
