// Symbols: adding one, its brackets, halts, resumes and kill switches.

extension Venue {
    #if !DEBUG
    @_noAllocation
    #endif
    mutating func addSymbol(_ command: VenueCommand, into events: inout VenueEventBuffer) {
        let spec = command.symbolSpec
        if let problem = spec.problem { refuse(command, problem, into: &events); return }
        guard symbolCount < configuration.maxSymbols else { refuse(command, .tooManySymbols, into: &events); return }
        guard Int(spec.index) == symbolCount else { refuse(command, .badSymbol, into: &events); return }
        let scale: NotionalScale
        do { scale = try NotionalScale(moneyPerTickLot: spec.moneyPerTickLot) } catch {
            refuse(command, .badSymbol, into: &events)
            return
        }
        var markRule: MarkPriceRule
        do { markRule = try MarkPriceRule(fundingIntervalSeconds: spec.fundingIntervalSeconds) } catch {
            refuse(command, .badSymbol, into: &events)
            return
        }
        markRule.lastFundingRate = .zero
        var fundingRule = FundingRateRule.standard
        fundingRule.cap = spec.fundingCap
        fundingRule.intervalHours = max(1, spec.fundingIntervalSeconds / 3_600)
        let brackets: BracketTable
        do { brackets = try Venue.defaultBrackets(maxLeverage: spec.maxLeverage) } catch {
            refuse(command, .leverage, into: &events)
            return
        }
        let band: Int64? = spec.bandPartsPerMillion < 0 ? nil : spec.bandPartsPerMillion
        if configuration.riskEnabled {
            // Checked before the book is added, so that a refusal changes nothing.
            let symbolRisk = SymbolRisk(scale: scale, makerRate: spec.makerRate, takerRate: spec.takerRate,
                                        band: Rate(e8: (band ?? 0) &* 100), maxLots: spec.maxQuantityLots)
            do throws(RiskReject) {
                try risk.configureSymbol(symbolCount, symbolRisk, brackets: brackets)
            } catch {
                refuse(command, .badSymbol, into: &events)
                return
            }
        }
        guard Int(spec.ladderTicks) <= configuration.maxLadderTicks,
              matching.addBook(ladderTicks: Int(spec.ladderTicks), notionalScale: scale,
                               maxNotional: Money(units: spec.maxNotional), bandPartsPerMillion: band) != nil
        else {
            refuse(command, .badSymbol, into: &events)
            return
        }
        (symbols + symbolCount).initialize(to: VenueSymbol(spec: spec, markRule: markRule, fundingRule: fundingRule))
        symbolCount = symbolCount &+ 1
        events.append(VenueEvent(.symbolState, code: VenueEvent.SymbolState.added.rawValue, symbol: spec.index))
    }

    /// One bracket without a notional limit at MMR = 1 / (2 × maxLeverage) rounded up to
    /// 10^-8 (half the initial margin rate at the maximum leverage): a symbol's brackets
    /// until a `symbolBrackets` command sets them.
    #if !DEBUG
    @_noAllocation
    #endif
    public static func defaultBrackets(maxLeverage: Int64) throws(BracketError) -> BracketTable {
        var rows = InlineArray<16, MarginBracket>(repeating: MarginBracket(
            notionalCap: .zero, maintenanceRate: .zero, maxLeverage: 1))
        rows[0] = MarginBracket(notionalCap: Money(units: 1 << 62),
                                maintenanceRate: Rate(e8: (Rate.one &+ 2 &* maxLeverage &- 1) / (2 &* maxLeverage)),
                                maxLeverage: maxLeverage)
        return try BracketTable(rows: rows, count: 1)
    }

    #if !DEBUG
    @_noAllocation
    #endif
    mutating func setBrackets(_ command: VenueCommand, into events: inout VenueEventBuffer) {
        guard configuration.riskEnabled else { refuse(command, .riskOff, into: &events); return }
        guard isSymbol(command.symbol) else { refuse(command, .unknownSymbol, into: &events); return }
        let count = Int(command.b0)
        guard count >= 1 && count <= VenueCommand.maxInlineBrackets else { refuse(command, .badBrackets, into: &events); return }
        var rows = InlineArray<16, MarginBracket>(repeating: MarginBracket(
            notionalCap: .zero, maintenanceRate: .zero, maxLeverage: 1))
        var i = 0
        while i < count {
            let (cap, packed) = command.bracketWords(i)
            rows[i] = MarginBracket(notionalCap: Money(units: cap), maintenanceRate: Rate(e8: packed >> 16),
                                    maxLeverage: packed & 0xFFFF)
            i &+= 1
        }
        let table: BracketTable
        do { table = try BracketTable(rows: rows, count: count) } catch {
            refuse(command, .badBrackets, into: &events)
            return
        }
        let s = Int(command.symbol)
        do throws(RiskReject) { try risk.configureSymbol(s, risk.symbolRisk(s), brackets: table) } catch {
            refuse(command, .badBrackets, into: &events)
            return
        }
        events.append(VenueEvent(.symbolState, code: VenueEvent.SymbolState.brackets.rawValue, symbol: command.symbol,
                                 a: Int64(count)))
        if configuration.liquidationEnabled { liquidation.rebuildTriggers(risk: risk) }
    }

    #if !DEBUG
    @_noAllocation
    #endif
    mutating func haltOrResume(_ command: VenueCommand, into events: inout VenueEventBuffer) {
        let halted = command.kind == .halt
        guard let scope = command.scope else { refuse(command, .badCommand, into: &events); return }
        switch scope {
        case .venue:
            if configuration.riskEnabled { risk.globalHalt = halted }
            var s = 0
            while s < symbolCount {
                setHalted(halted, symbol: s, state: halted ? .halted : .resumed, into: &events)
                s &+= 1
            }
        case .symbol:
            guard isSymbol(command.symbol) else { refuse(command, .unknownSymbol, into: &events); return }
            setHalted(halted, symbol: Int(command.symbol), state: halted ? .halted : .resumed, into: &events)
        case .account:
            guard userAccount(of: command, into: &events) != nil else { return }
            accountHalted[Int(command.w0)] = halted
            events.append(VenueEvent(.accountState, code: halted ? 1 : 0, account: command.w0))
        }
    }

    /// Halts or resumes one symbol in the book and the risk core, and says so.
    #if !DEBUG
    @_noAllocation
    #endif
    mutating func setHalted(_ halted: Bool, symbol s: Int, state: VenueEvent.SymbolState, mark: Int64 = 0,
                            reference: Int64 = 0, into events: inout VenueEventBuffer) {
        matching.setHalted(halted, for: SymbolID(Int32(s)))
        if configuration.riskEnabled { try? risk.setHalted(s, halted) }
        events.append(VenueEvent(.symbolState, code: state.rawValue, symbol: Int32(s), a: mark, b: reference))
    }

    /// Cancels every order in the scope and halts it. A symbol's book is cancelled from its
    /// best orders on, at most ``VenueConfiguration/eventBudget`` / 4 orders per command;
    /// the `killed` event's `b` is 1 when orders are left (send the kill switch again).
    #if !DEBUG
    @_noAllocation
    #endif
    mutating func killSwitch(_ command: VenueCommand, into events: inout VenueEventBuffer) {
        guard let scope = command.scope else { refuse(command, .badCommand, into: &events); return }
        var budget = configuration.eventBudget / 4
        switch scope {
        case .venue:
            if configuration.riskEnabled { risk.globalHalt = true }
            var s = 0
            while s < symbolCount {
                killBook(symbol: s, budget: &budget, into: &events)
                s &+= 1
            }
        case .symbol:
            guard isSymbol(command.symbol) else { refuse(command, .unknownSymbol, into: &events); return }
            killBook(symbol: Int(command.symbol), budget: &budget, into: &events)
        case .account:
            guard userAccount(of: command, into: &events) != nil else { return }
            accountHalted[Int(command.w0)] = true
            cancelOrders(ofAccount: Int(command.w0), symbol: -1, into: &events)
            events.append(VenueEvent(.accountState, code: 1, account: command.w0))
        }
    }

    #if !DEBUG
    @_noAllocation
    #endif
    mutating func killBook(symbol s: Int, budget: inout Int, into events: inout VenueEventBuffer) {
        let id = SymbolID(Int32(s))
        matching.setHalted(true, for: id)
        if configuration.riskEnabled { try? risk.setHalted(s, true) }
        while budget > 0, let order = matching.firstOrderId(id, side: .buy) ?? matching.firstOrderId(id, side: .sell) {
            cancel(orderId: order)
            publishOrderEvents(into: &events)
            budget = budget &- 1
        }
        let left = matching.firstOrderId(id, side: .buy) != nil || matching.firstOrderId(id, side: .sell) != nil
        events.append(VenueEvent(.symbolState, code: VenueEvent.SymbolState.killed.rawValue, symbol: Int32(s),
                                 b: left ? 1 : 0))
    }
}
