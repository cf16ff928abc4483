import HFTEngine

/// The liquidation engine of a replay session (risk=on), created on first use and sized
/// for the session's risk core (rebuilt if an `ENGINE` line changed the capacities).
final class ReplayLiquidation {
    var engine: LiquidationEngine
    let userCapacity: Int
    let symbolCapacity: Int
    let perSymbol: Int
    /// The accounts whose trigger a mark crossed (one symbol's two heaps hold at most
    /// `2 × perSymbol` entries).
    let crossed: UnsafeMutablePointer<Int32>
    let crossedCapacity: Int

    init(risk: borrowing RiskCore, maxOrders: Int) {
        var c = LiquidationConfiguration()
        c.scanThreads = 1
        c.positionMajorScan = false   // a replay never runs the full scan
        c.candidateCapacity = 4_096
        c.eventCapacity = ReplayLiquidation.eventCapacity(
            maxOrders: maxOrders, symbols: risk.symbolCapacity, positions: risk.symbolCapacity * risk.positions.perSymbolCapacity)
        c.matchEventCapacity = ReplaySession.eventCapacity(maxOrders: maxOrders)   // a liquidation order may meet every resting order
        c.openOrderCapacity = maxOrders
        do throws(LiquidationConfigurationError) {
            engine = try LiquidationEngine(configuration: c, risk: risk)
        } catch {
            // The replay's capacities are bounded by its ENGINE options; only an address
            // space too small for the trigger table (mapFailed) can land here.
            preconditionFailure("liquidation engine: \(error)")
        }
        userCapacity = risk.accounts.userCapacity
        symbolCapacity = risk.symbolCapacity
        perSymbol = risk.positions.perSymbolCapacity
        crossedCapacity = 2 * perSymbol
        crossed = .allocate(capacity: crossedCapacity)
    }

    deinit { crossed.deallocate() }

    /// The most liquidation events that the liquidation of one account can write (the replay
    /// prints and clears the buffer after each account, so none is ever dropped):
    /// - cancels of its orders: at most `maxOrders`;
    /// - steps (one IOC order each): at most 64 rounds × `symbols` positions; each step
    ///   writes its order, fee, at most two takeover lines and one deficit line;
    /// - fills: every maker a step meets is used up except the step's last one, so at most
    ///   `maxOrders + steps`;
    /// - ADL: each ADL line but a step's last closes the counterparty's position, which only
    ///   a fill can reopen, so at most `positions + fills + steps`.
    static func eventCapacity(maxOrders: Int, symbols: Int, positions: Int) -> Int {
        let steps = 64 * symbols
        let fills = maxOrders + steps
        return maxOrders + 5 * steps + fills + (positions + fills + steps) + 8
    }
}

/// Liquidation in `hft replay` (`ENGINE risk=on liquidation=on`; off by default so that
/// files written before it replay unchanged): after every `MARK` and `INDEX` line the trigger
/// index is brought up to date and the positions whose trigger the new mark crossed are
/// liquidated; the insurance fund then unwinds what it holds in that symbol. The steps
/// print as `CANCELED`, `LIQUIDATION`, `TRADE`, `INSURANCE` and `ADL` lines (fields in
/// `Docs/liquidation.md`).
extension ReplaySession {
    /// The session's liquidation state (created on first use).
    func liquidationState() -> ReplayLiquidation {
        if let state = liquidation, state.userCapacity == risk.accounts.userCapacity,
           state.symbolCapacity == risk.symbolCapacity, state.perSymbol == risk.positions.perSymbolCapacity {
            return state
        }
        let state = ReplayLiquidation(risk: risk, maxOrders: engineConfiguration.maxOrders)
        liquidation = state
        return state
    }

    /// Keeps the resting-order index current from the events of an order command.
    func trackOrdersForLiquidation() {
        guard riskMode == .on, liquidationEnabled, events.count > 0 else { return }
        liquidationState().engine.openOrders.track(events, from: 0, matching: engine)
    }

    /// After `MARK <sym>` / `INDEX <sym>`: liquidations triggered by the new mark.
    func liquidateAfterPrice(_ tokens: [Substring]) {
        guard riskMode == .on, liquidationEnabled, tokens.count >= 2,
              let position = symbolsByName[String(tokens[1])] else { return }
        let index = Int(symbols[position].id.index)
        guard risk.isConfigured(index) else { return }
        let state = liquidationState()
        // Deposits, withdrawals, leverage, funding and trades since the last mark all move
        // triggers; a replay is small, so the index is rebuilt here rather than tracked.
        state.engine.rebuildTriggers(risk: risk)
        // `LiquidationEngine.markUpdated` one account at a time, printing after each, so that
        // the event buffer only ever holds one account's events (see `eventCapacity`).
        let mark = risk.valuationPrice(index)
        if state.engine.triggers.isCrossed(symbol: index, mark: mark) {
            let found = state.engine.triggers.collectCrossed(symbol: index, mark: mark, into: state.crossed,
                                                             capacity: state.crossedCapacity)
            for i in 0..<min(found, state.crossedCapacity) {
                state.engine.liquidate(account: Int(state.crossed[i]), symbol: index, matching: &engine, risk: &risk)
                printLiquidationEvents(state)
            }
        }
        state.engine.unwindFund(symbol: index, matching: &engine, risk: &risk)
        printLiquidationEvents(state)
    }

    /// Prints and clears the liquidation engine's events.
    func printLiquidationEvents(_ state: ReplayLiquidation) {
        precondition(state.engine.events.droppedCount == 0, "liquidation event buffer smaller than its proven bound")
        for i in 0..<state.engine.events.count {
            output(liquidationLine(state.engine.events[i]))
        }
        state.engine.events.removeAll()
    }

    /// The output line of one liquidation step.
    func liquidationLine(_ e: LiquidationEvent) -> String {
        let symbol = e.symbol >= 0 && Int(e.symbol) < symbols.count ? symbols[Int(e.symbol)] : nil
        let name = symbol?.name ?? "-"
        func price(_ ticks: Int64) -> String { symbol.map { $0.tick.format(steps: ticks) } ?? String(ticks) }
        func quantity(_ lots: Int64) -> String { symbol.map { $0.lot.format(steps: lots) } ?? String(lots) }
        let side = e.side == .buy ? "BUY" : "SELL"
        let fund = "fund=\(formatMoney(e.fundBalance))"
        switch (e.kind, e.step) {
        case (_, .cancel):
            return "CANCELED \(e.amount) \(quantity(e.quantity))"
        case (_, .fill):
            return "TRADE \(name) \(e.amount) \(e.filled) \(price(e.price)) \(quantity(e.quantity))"
        case (_, .order):
            return "LIQUIDATION account=\(e.account) sym=\(name) side=\(side) qty=\(quantity(e.quantity)) "
                + "filled=\(quantity(e.filled)) price=\(price(e.price)) mark=\(price(e.mark)) "
                + "mode=\(e.isolated ? "ISOLATED" : "CROSS") partial=\(e.partial ? 1 : 0) order=\(e.amount)"
        case (_, .fee):
            return "INSURANCE kind=FEE account=\(e.account) sym=\(name) qty=\(quantity(e.quantity)) "
                + "amount=\(formatMoney(e.amount)) \(fund)"
        case (_, .takeover):
            return "INSURANCE kind=TAKEOVER account=\(e.account) sym=\(name) side=\(side) qty=\(quantity(e.quantity)) "
                + "price=\(price(e.price)) mark=\(price(e.mark)) loss=\(formatMoney(e.amount)) \(fund)"
        case (_, .deficit):
            return "INSURANCE kind=DEFICIT account=\(e.account) paid=\(formatMoney(e.amount)) "
                + "uncovered=\(formatMoney(e.uncovered)) \(fund)"
        case (_, .unwind):
            return "INSURANCE kind=UNWIND sym=\(name) side=\(side) qty=\(quantity(e.quantity)) filled=\(quantity(e.filled)) "
                + "limit=\(price(e.price)) mark=\(price(e.mark)) pnl=\(formatMoney(e.amount)) \(fund)"
        case (_, .adl):
            return "ADL account=\(e.account) sym=\(name) side=\(side) qty=\(quantity(e.quantity)) price=\(price(e.price)) "
                + "mark=\(price(e.mark)) liquidated=\(e.counterAccount) rank=\(e.amount)"
        }
    }
}
