// Index and mark prices (with the premium index and the circuit breaker) and funding.

extension Venue {
    /// `indexPrice`: the mark follows the mark-price rule (REFERENCES.md, Binance's mark
    /// price: the median of P1 = index × (1 + last funding rate × time to funding /
    /// interval), P2 = index + moving average of the basis, and the last trade), a
    /// premium-index sample is taken from the impact bid and ask, then triggered
    /// liquidations run. Time to funding comes from the command's timestamp: funding falls
    /// on multiples of the interval since the epoch (00:00, 08:00, 16:00 UTC for 8 h).
    #if !DEBUG
    @_noAllocation
    #endif
    mutating func indexPrice(_ command: VenueCommand, into events: inout VenueEventBuffer) {
        guard configuration.riskEnabled else { refuse(command, .riskOff, into: &events); return }
        guard isSymbol(command.symbol) else { refuse(command, .unknownSymbol, into: &events); return }
        let index = command.w0
        guard index > 0 else { refuse(command, .badPrice, into: &events); return }
        let s = Int(command.symbol)
        let id = SymbolID(command.symbol)
        let top = matching.topOfBook(id)
        let mid = top.hasBid && top.hasAsk ? (top.bidPrice.ticks &+ top.askPrice.ticks) / 2 : 0
        let last = matching.lastTrade(id)?.price.ticks ?? 0
        let symbol = symbols + s
        let mark = symbol.pointee.markRule.update(index: index, mid: mid, lastTrade: last,
                                                  secondsToFunding: secondsToFunding(symbol.pointee.spec, at: command.timestamp))
        do throws(RiskReject) {
            try risk.setIndex(s, Price(ticks: index))
            try risk.setMark(s, Price(ticks: mark))
        } catch {
            refuse(command, .badPrice, into: &events)
            return
        }
        matching.setReferencePrice(Price(ticks: mark), for: id)
        symbol.pointee.lastPremium = 0
        if symbol.pointee.spec.impactMarginNotional > 0, let sample = premiumSample(symbol: s, index: index) {
            symbol.pointee.fundingRule.addSample(sample)
            symbol.pointee.lastPremium = sample.e8
        }
        publishPrices(symbol: s, into: &events)
        checkCircuitBreaker(symbol: s, mark: mark, time: command.timestamp, into: &events)
        liquidateAfterPrice(symbol: s, into: &events)
    }

    /// `markPrice`: sets the mark directly (the band's reference too; and the index when
    /// the command gives one), then triggered liquidations run. With risk off it sets the
    /// price band's reference only.
    #if !DEBUG
    @_noAllocation
    #endif
    mutating func markPrice(_ command: VenueCommand, into events: inout VenueEventBuffer) {
        guard isSymbol(command.symbol) else { refuse(command, .unknownSymbol, into: &events); return }
        let mark = command.w0
        guard mark > 0 else { refuse(command, .badPrice, into: &events); return }
        let s = Int(command.symbol)
        matching.setReferencePrice(Price(ticks: mark), for: SymbolID(command.symbol))
        if configuration.riskEnabled {
            guard command.w1 >= 0 else { refuse(command, .badPrice, into: &events); return }
            do throws(RiskReject) {
                if command.w1 > 0 { try risk.setIndex(s, Price(ticks: command.w1)) }
                try risk.setMark(s, Price(ticks: mark))
            } catch {
                refuse(command, .badPrice, into: &events)
                return
            }
            (symbols + s).pointee.lastPremium = 0
            publishPrices(symbol: s, into: &events)
        }
        checkCircuitBreaker(symbol: s, mark: mark, time: command.timestamp, into: &events)
        if configuration.riskEnabled { liquidateAfterPrice(symbol: s, into: &events) }
    }

    /// Seconds from `time` (ns since the epoch) to the symbol's next funding time (0 at a
    /// funding time, and for time 0).
    #if !DEBUG
    @_noAllocation
    #endif
    func secondsToFunding(_ spec: VenueSymbolSpec, at time: Int64) -> Int64 {
        let interval = spec.fundingIntervalSeconds
        let seconds = time / 1_000_000_000
        let into = ((seconds % interval) &+ interval) % interval
        return into == 0 ? 0 : interval &- into
    }

    /// The premium-index sample (impact bid and ask against the index), or `nil` when a
    /// side lacks the depth for the impact notional.
    #if !DEBUG
    @_noAllocation
    #endif
    mutating func premiumSample(symbol s: Int, index: Int64) -> Rate? {
        let spec = symbols[s].spec
        let impact = PremiumIndex.impactNotional(quote: Money(units: spec.impactMarginNotional), maxLeverage: spec.maxLeverage)
        guard let bid = impactPrice(symbol: s, side: .buy, impact: impact),
              let ask = impactPrice(symbol: s, side: .sell, impact: impact) else { return nil }
        do { return try PremiumIndex.sample(impactBid: bid, impactAsk: ask, index: index) } catch { return nil }
    }

    #if !DEBUG
    @_noAllocation
    #endif
    mutating func impactPrice(symbol s: Int, side: Side, impact: Money) -> Int64? {
        let count = matching.depth(SymbolID(Int32(s)), side: side,
                                   into: UnsafeMutableBufferPointer(start: depthLevels, count: depthCapacity))
        var i = 0
        while i < count {
            depthPrices[i] = depthLevels[i].price.ticks
            depthLots[i] = depthLevels[i].quantity.lots
            i &+= 1
        }
        return PremiumIndex.impactPrice(prices: depthPrices, lots: depthLots, count: count, impactNotional: impact,
                                        moneyPerTickLot: symbols[s].spec.moneyPerTickLot, isBid: side == .buy)
    }

    /// A `prices` event: index, mark, the premium sample just taken, the last funding rate.
    #if !DEBUG
    @_noAllocation
    #endif
    func publishPrices(symbol s: Int, into events: inout VenueEventBuffer) {
        let r = risk.symbolRisk(s)
        events.append(VenueEvent(.prices, symbol: Int32(s), a: r.index, b: r.mark, c: symbols[s].lastPremium,
                                 d: symbols[s].markRule.lastFundingRate.e8))
    }

    /// Halts the symbol (and says so) when the new mark is more than the breaker's fraction
    /// away from a mark of the breaker's window.
    #if !DEBUG
    @_noAllocation
    #endif
    mutating func checkCircuitBreaker(symbol s: Int, mark: Int64, time: Int64, into events: inout VenueEventBuffer) {
        let symbol = symbols + s
        let ppm = symbol.pointee.spec.circuitBreakerPartsPerMillion
        let window = symbol.pointee.spec.circuitBreakerWindowNanoseconds
        guard ppm > 0 && window > 0 else { return }
        if let reference = symbol.pointee.breaker.record(mark: mark, time: time, ppm: ppm, window: window),
           !matching.isHalted(SymbolID(Int32(s))) {
            setHalted(true, symbol: s, state: .circuitBreaker, mark: mark, reference: reference, into: &events)
        }
    }

    /// `settleFunding`: one funding payment for every open position of the symbol at its
    /// mark, at the given rate or the rate of the interval's premium samples (which then
    /// start over); a `funding` event per position (amount credited: negative when it
    /// pays), the rounding remainder to the insurance fund, and the state of every
    /// account and position it changed (isolated margins pay their funding).
    #if !DEBUG
    @_noAllocation
    #endif
    mutating func settleFunding(_ command: VenueCommand, into events: inout VenueEventBuffer) {
        guard configuration.riskEnabled else { refuse(command, .riskOff, into: &events); return }
        guard isSymbol(command.symbol) else { refuse(command, .unknownSymbol, into: &events); return }
        let s = Int(command.symbol)
        let symbol = symbols + s
        let rate = command.b0 == 1 ? Rate(e8: command.w0) : symbol.pointee.fundingRule.rate
        guard rate.e8.magnitude <= UInt64(Rate.one) else { refuse(command, .badRate, into: &events); return }
        let mark = risk.symbolRisk(s).mark
        guard mark > 0 else { refuse(command, .noMark, into: &events); return }
        guard fundingFits(symbol: s, rate: rate, mark: mark) else { refuse(command, .fundingOverflow, into: &events); return }
        let start = risk.positions.segmentStart(s)
        var slot = start
        while slot < start &+ risk.positions.count(s) {
            let size = risk.positions.size(slot)
            if size != 0 {
                events.append(VenueEvent(.funding, symbol: Int32(s), account: Int64(risk.positions.account(slot)), a: size,
                                         b: 0 &- risk.fundingDue(slot: slot, rate: rate, mark: Price(ticks: mark)),
                                         c: rate.e8, d: mark))
                touch(Int64(risk.positions.account(slot)), symbol: s)
            }
            slot &+= 1
        }
        let summary: FundingSummary
        do throws(RiskReject) { summary = try risk.settleFunding(symbol: s, rate: rate, mark: Price(ticks: mark)) } catch {
            // Unreachable after `fundingFits`; nothing was settled then.
            refuse(command, .fundingOverflow, into: &events)
            return
        }
        symbol.pointee.fundingRule.reset()
        symbol.pointee.markRule.lastFundingRate = rate
        if summary.remainder != 0 {
            events.append(VenueEvent(.balance, code: VenueEvent.BalanceCause.funding.rawValue, symbol: Int32(s),
                                     account: Int64(risk.accounts.insuranceFund), a: summary.remainder))
            touch(Int64(risk.accounts.insuranceFund), symbol: -1)
        }
        publishPrices(symbol: s, into: &events)
        if configuration.liquidationEnabled { liquidation.rebuildTriggers(risk: risk) }
    }

    /// True if every payment and their sum stay within 2^62 money units, where the
    /// settlement is exact (beyond that money would no longer add up).
    #if !DEBUG
    @_noAllocation
    #endif
    func fundingFits(symbol s: Int, rate: Rate, mark: Int64) -> Bool {
        let limit = Int128(1) << 62
        let (perLotE8, overflow) = (Int128(mark) * Int128(risk.moneyPerTickLot(s))).multipliedReportingOverflow(by: Int128(rate.e8))
        if overflow { return false }
        var total: Int128 = 0
        let start = risk.positions.segmentStart(s)
        var slot = start
        while slot < start &+ risk.positions.count(s) {
            let size = risk.positions.size(slot)
            if size != 0 {
                let (due, wide) = Int128(size).multipliedReportingOverflow(by: perLotE8)
                let payment = ExactDivision.ceilingE8(due).magnitude
                if wide || payment > limit.magnitude { return false }
                total &+= Int128(payment)
                if total > limit { return false }
            }
            slot &+= 1
        }
        return true
    }
}
