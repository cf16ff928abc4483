import HFTEngine

// risk=on: DEPOSIT, WITHDRAW, LEVERAGE, INDEX, FUNDING, QUERY and the SYMBOL risk options.

/// A symbol's risk parameters and perpetual state in a replay (same index as the
/// session's symbols).
struct ReplayRiskSymbol {
    var risk: SymbolRisk
    var brackets: BracketTable
    /// `maxLeverage=` (default 100): the leverage of brackets that do not give their own,
    /// and the one used for the impact margin notional.
    var maxLeverage: Int64
    var markRule = MarkPriceRule.standard
    var fundingRule = FundingRateRule.standard
}

extension ReplaySession {
    /// The risk stores of a replay: 1,048,576 user accounts, 4,096 position slots per
    /// symbol (`ENGINE accounts=`/`positions=` change them; symbols and orders follow the
    /// matching engine's `symbols=`/`orders=`).
    static let defaultRiskConfiguration = RiskConfiguration(
        userCapacity: 1 << 20, symbolCapacity: ReplaySession.defaultMaxSymbols, positionsPerSymbol: 4_096,
        orderCapacity: ReplaySession.defaultMaxOrders)

    /// The tiny risk core a `risk=off` session holds (never used).
    static let idleRiskConfiguration = RiskConfiguration(
        userCapacity: 1, symbolCapacity: 1, positionsPerSymbol: 1, orderCapacity: 1)

    /// The money unit `10^-money`.
    var moneyStep: StepSize { try! StepSize.smallestUnit(decimals: moneyDecimals) }

    /// `maker=<bps> taker=<bps> maxLeverage=<n> brackets=<cap>:<mmr>[:<maxLeverage>],...
    /// fundingCap=<fraction>` of a `SYMBOL` line (the cap of the computed funding rate per
    /// interval, default 0.003). Without `brackets` the symbol has one bracket without a cap, at
    /// MMR = 1 / (2 × maxLeverage) rounded up to 10^-8 (half the initial margin rate at
    /// maximum leverage).
    func parseRiskSymbol(_ options: [String: String], scale: NotionalScale, band: Int64?) throws(LineError) -> ReplayRiskSymbol {
        func rate(bps text: String?, _ key: String) throws(LineError) -> Rate {
            guard let text else { return .zero }
            do { return try Rate(basisPoints: ExactDecimal(parsing: text)) } catch { throw LineError("bad \(key) \(text)") }
        }
        let maker = try rate(bps: options["maker"], "maker")
        let taker = try rate(bps: options["taker"], "taker")
        var maxLeverage: Int64 = 100
        if let text = options["maxLeverage"] {
            guard let n = Int64(text), n >= 1, n <= 10_000 else { throw LineError("maxLeverage must be 1...10000") }
            maxLeverage = n
        }
        var rows: [MarginBracket] = []
        if let text = options["brackets"] {
            for item in text.split(separator: ",", omittingEmptySubsequences: false) {
                let parts = item.split(separator: ":", omittingEmptySubsequences: false)
                guard parts.count == 2 || parts.count == 3 else { throw LineError("bad bracket \(item)") }
                do {
                    let cap = try moneyStep.steps(in: ExactDecimal(parsing: parts[0]))
                    let mmr = try Rate(fraction: ExactDecimal(parsing: parts[1]))
                    var leverage = maxLeverage
                    if parts.count == 3 {
                        guard let n = Int64(parts[2]), n >= 1, n <= 10_000 else { throw DecimalError.outOfRange }
                        leverage = n
                    }
                    rows.append(MarginBracket(notionalCap: Money(units: cap), maintenanceRate: mmr, maxLeverage: leverage))
                } catch {
                    throw LineError("bad bracket \(item)")
                }
            }
        }
        let brackets: BracketTable
        if rows.isEmpty {
            brackets = .single(maintenanceRate: Rate(e8: (Rate.one + 2 * maxLeverage - 1) / (2 * maxLeverage)), maxLeverage: maxLeverage)
        } else {
            do { brackets = try BracketTable(rows) } catch {
                throw LineError("brackets must have increasing caps, non-decreasing rates below 1 and leverage ≥ 1")
            }
        }
        var fundingRule = FundingRateRule.standard
        if let text = options["fundingCap"] {
            do {
                let cap = try Rate(fraction: ExactDecimal(parsing: text))
                guard cap.e8 >= 0 else { throw DecimalError.outOfRange }
                fundingRule.cap = cap
            } catch {
                throw LineError("bad fundingCap \(text)")
            }
        }
        let risk = SymbolRisk(scale: scale, makerRate: maker, takerRate: taker,
                              band: Rate(e8: (band ?? 0) * 100))
        return ReplayRiskSymbol(risk: risk, brackets: brackets, maxLeverage: maxLeverage, fundingRule: fundingRule)
    }

    /// Configures symbol `index` of the session in the risk core.
    func configureRiskSymbol(_ index: Int) throws(LineError) {
        do throws(RiskReject) {
            try risk.configureSymbol(Int(symbols[index].id.index), riskSymbols[index].risk, brackets: riskSymbols[index].brackets)
        } catch {
            throw LineError("too many symbols for the risk layer")
        }
    }

    /// Dispatches the risk=on account and price commands.
    func riskCommand(_ keyword: Substring, _ tokens: [Substring]) throws(LineError) {
        switch keyword {
        case "DEPOSIT", "WITHDRAW": try moneyCommand(tokens, deposit: keyword == "DEPOSIT")
        case "LEVERAGE": try leverageCommand(tokens)
        case "INDEX": try indexCommand(tokens)
        case "FUNDING": try fundingCommand(tokens)
        default: try queryCommand(tokens)
        }
    }

    func account(_ text: Substring) throws(LineError) -> Int {
        guard text.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(text) else { throw LineError("bad account \(text)") }
        return n
    }

    func money(_ text: Substring) throws(LineError) -> Money {
        do { return Money(units: try moneyStep.steps(in: ExactDecimal(parsing: text))) } catch {
            throw LineError("amount \(text) is not a whole number of money units (money=\(moneyDecimals))")
        }
    }

    func formatMoney(_ units: Int64) -> String {
        try! Money(units: units).formatted(decimals: moneyDecimals)  // a StepSize scale: in ExactDecimal.scaleRange
    }

    /// `DEPOSIT <account> <amount>` / `WITHDRAW <account> <amount>`: silent on success;
    /// `REJECTED DEPOSIT|WITHDRAW <account> <REASON>` otherwise (`UNKNOWN_ACCOUNT`,
    /// `BAD_AMOUNT`, `INSUFFICIENT_MARGIN` when more than the available balance).
    func moneyCommand(_ tokens: [Substring], deposit: Bool) throws(LineError) {
        guard tokens.count == 3 else { throw LineError("\(tokens[0]) needs <account> <amount>") }
        let account = try account(tokens[1])
        let amount = try money(tokens[2])
        do throws(RiskReject) {
            if deposit { try risk.deposit(account: account, amount: amount) } else { try risk.withdraw(account: account, amount: amount) }
        } catch {
            output("REJECTED \(tokens[0]) \(account) \(error.code)")
        }
    }

    /// `LEVERAGE <account> <sym> <n> [CROSS|ISOLATED]`: silent on success;
    /// `REJECTED LEVERAGE <account> <REASON>` otherwise.
    func leverageCommand(_ tokens: [Substring]) throws(LineError) {
        guard tokens.count == 4 || tokens.count == 5 else { throw LineError("LEVERAGE needs <account> <sym> <n> [CROSS|ISOLATED]") }
        let account = try account(tokens[1])
        let symbol = try knownSymbol(tokens[2])
        let leverage = try positiveInt(tokens[3], "leverage")
        var mode: MarginMode?
        if tokens.count == 5 {
            switch tokens[4] {
            case "CROSS": mode = .cross
            case "ISOLATED": mode = .isolated
            default: throw LineError("margin mode must be CROSS or ISOLATED")
            }
        }
        do throws(RiskReject) {
            try risk.setLeverage(account: account, symbol: Int(symbol.id.index), leverage: Int64(leverage), mode: mode)
        } catch {
            output("REJECTED LEVERAGE \(account) \(error.code)")
        }
    }

    /// `INDEX <sym> <price>`: a new index price. Takes a basis sample (book mid − index;
    /// the mid is rounded down to a tick) and a premium-index sample (impact bid/ask at
    /// the impact margin notional 200 × maxLeverage, when both sides have the depth), and
    /// sets the mark to the mark-price rule's median. A replay has no clock: each `INDEX`
    /// line is one sample, and P1 uses no time to funding (P1 = index).
    func indexCommand(_ tokens: [Substring]) throws(LineError) {
        guard tokens.count == 3 else { throw LineError("INDEX needs <sym> <price>") }
        let symbol = try knownSymbol(tokens[1])
        let index = try symbolIndex(tokens[1])
        let ticks: Int64
        do { ticks = try symbol.tick.steps(in: decimal(tokens[2])) } catch { throw LineError("index price \(tokens[2]) is not on the tick grid") }
        guard ticks > 0 else { throw LineError("index price must be positive") }
        let id = symbol.id
        let top = engine.topOfBook(id)
        let mid = top.hasBid && top.hasAsk ? (top.bidPrice.ticks + top.askPrice.ticks) / 2 : 0
        let last = engine.lastTrade(id)?.price.ticks ?? 0
        let mark = riskSymbols[index].markRule.update(index: ticks, mid: mid, lastTrade: last, secondsToFunding: 0)
        do throws(RiskReject) {
            try risk.setIndex(Int(id.index), Price(ticks: ticks))
            try risk.setMark(Int(id.index), Price(ticks: mark))
        } catch {
            throw LineError("INDEX refused: \(error.code)")
        }
        engine.setReferencePrice(Price(ticks: mark), for: id)
        // Premium-index sample from the book's depth.
        let unitsPerQuote = (try? moneyStep.steps(in: ExactDecimal(significand: 1, scale: 0))) ?? 1
        let impact = PremiumIndex.impactNotional(quote: Money(units: 200 * unitsPerQuote), maxLeverage: riskSymbols[index].maxLeverage)
        let k = symbol.configuration.notionalScale.moneyPerTickLot
        let bid = impactPrice(id, side: .buy, impact: impact, k: k)
        let ask = impactPrice(id, side: .sell, impact: impact, k: k)
        if let bid, let ask, let sample = try? PremiumIndex.sample(impactBid: bid, impactAsk: ask, index: ticks) {
            riskSymbols[index].fundingRule.addSample(sample)
        }
    }

    func impactPrice(_ id: SymbolID, side: Side, impact: Money, k: Int64) -> Int64? {
        let capacity = max(engine.priceLevelCount, 1)
        let levels = UnsafeMutableBufferPointer<BookLevel>.allocate(capacity: capacity)
        defer { levels.deallocate() }
        let count = engine.depth(id, side: side, into: levels)
        let prices = (0..<count).map { levels[$0].price.ticks }
        let lots = (0..<count).map { levels[$0].quantity.lots }
        return prices.withUnsafeBufferPointer { p in
            lots.withUnsafeBufferPointer { q in
                guard let pb = p.baseAddress, let qb = q.baseAddress else { return nil }
                return PremiumIndex.impactPrice(prices: pb, lots: qb, count: count, impactNotional: impact,
                                                moneyPerTickLot: k, isBid: side == .buy)
            }
        }
    }

    func symbolIndex(_ name: Substring) throws(LineError) -> Int {
        guard let index = symbolsByName[String(name)] else { throw LineError("unknown symbol \(name)") }
        return index
    }

    /// `FUNDING <sym> [rate=<dec>]`: settles one funding payment at the mark price, at the
    /// given rate or at the rate computed from the premium samples since the last
    /// settlement (which are then cleared; the rate becomes the mark rule's last rate).
    /// Prints one line per open position in account order,
    /// `FUNDING <sym> account=<n> size=<dec> mark=<dec> rate=<dec> amount=<dec>`
    /// (`amount` credited to the account: negative when it pays), then, if the rounding
    /// left a remainder, `FUNDING <sym> account=insurance amount=<dec>`.
    func fundingCommand(_ tokens: [Substring]) throws(LineError) {
        guard tokens.count == 2 || tokens.count == 3 else { throw LineError("FUNDING needs <sym> [rate=<dec>]") }
        let symbol = try knownSymbol(tokens[1])
        let index = try symbolIndex(tokens[1])
        let s = Int(symbol.id.index)
        var rate = riskSymbols[index].fundingRule.rate
        if tokens.count == 3 {
            let option = try keyValues(tokens.dropFirst(2))
            guard option.count == 1, option[0].key == "rate" else { throw LineError("unknown FUNDING option \(tokens[2])") }
            do { rate = try Rate(fraction: ExactDecimal(parsing: option[0].value)) } catch {
                throw LineError("rate must be a decimal with at most 8 digits after the point")
            }
        }
        guard rate.e8.magnitude <= Rate.one else { throw LineError("funding rate must be between -1 and 1") }
        let mark = risk.symbolRisk(s).mark
        guard mark > 0 else { throw LineError("FUNDING needs a mark price for \(symbol.name) (MARK or INDEX)") }
        let payments = try fundingPayments(symbol: s, rate: rate, mark: mark)
        let summary: FundingSummary
        do throws(RiskReject) {
            summary = try risk.settleFunding(symbol: s, rate: rate, mark: Price(ticks: mark))
        } catch {
            throw LineError("FUNDING refused: \(error.code) (|rate| at most 1, dues within 64 bits)")
        }
        riskSymbols[index].fundingRule.reset()
        riskSymbols[index].markRule.lastFundingRate = rate
        for p in payments.sorted(by: { $0.account < $1.account }) {
            output("FUNDING \(symbol.name) account=\(p.account) size=\(symbol.lot.format(steps: p.size)) "
                   + "mark=\(symbol.tick.format(steps: mark)) rate=\(rate.fractionText) amount=\(formatMoney(p.amount))")
        }
        if summary.remainder != 0 {
            output("FUNDING \(symbol.name) account=insurance amount=\(formatMoney(summary.remainder))")
        }
    }

    /// The payment of every open position of symbol `s` (credited to its account: negative
    /// when it pays), computed exactly; an `ERROR` if a payment or their sum would not fit
    /// comfortably in 64 bits (at most 2^62 money units each and in total), where the
    /// engine's settlement would have to clamp and money would no longer add up.
    func fundingPayments(symbol s: Int, rate: Rate, mark: Int64) throws(LineError) -> [(account: Int, size: Int64, amount: Int64)] {
        let limit = Int128(1) << 62
        let tooLarge = LineError("funding payments at this rate and mark do not fit in 64 bits")
        let (perLotE8, overflow) = (Int128(mark) * Int128(risk.moneyPerTickLot(s))).multipliedReportingOverflow(by: Int128(rate.e8))
        guard !overflow else { throw tooLarge }
        var payments: [(account: Int, size: Int64, amount: Int64)] = []
        var total: Int128 = 0
        let start = risk.positions.segmentStart(s)
        for slot in start..<(start + risk.positions.count(s)) where risk.positions.size(slot) != 0 {
            let (due, wide) = Int128(risk.positions.size(slot)).multipliedReportingOverflow(by: perLotE8)
            let payment = ExactDivision.ceilingE8(due).magnitude
            guard !wide, payment <= limit.magnitude else { throw tooLarge }
            total += Int128(payment)
            guard total <= limit else { throw tooLarge }
            payments.append((risk.positions.account(slot), risk.positions.size(slot),
                             -risk.fundingDue(slot: slot, rate: rate, mark: Price(ticks: mark))))
        }
        return payments
    }

    /// `QUERY <account>`: `ACCOUNT <account> balance= equity= available= im= mm=` and one
    /// `POSITION <account> <sym> size= entry= upnl= liq= mode= leverage= margin=` line per
    /// open position, in symbol order.
    func queryCommand(_ tokens: [Substring]) throws(LineError) {
        guard tokens.count == 2 else { throw LineError("QUERY needs <account>") }
        let account = try account(tokens[1])
        guard risk.accounts.isUser(account) else {
            output("REJECTED QUERY \(account) \(RiskReject.unknownAccount.code)")
            return
        }
        let m = risk.accountMargin(account)
        output("ACCOUNT \(account) balance=\(formatMoney(m.balance)) equity=\(formatMoney(m.equity)) "
               + "available=\(formatMoney(m.available)) im=\(formatMoney(m.initialMargin)) mm=\(formatMoney(m.maintenanceMargin))")
        for (i, symbol) in symbols.enumerated() {
            let s = Int(symbol.id.index)
            guard let slot = risk.positions.slot(account: account, symbol: s), risk.positions.size(slot) != 0 else { continue }
            _ = i
            let size = risk.positions.size(slot)
            let k = symbol.configuration.notionalScale.moneyPerTickLot
            let pnl = risk.unrealizedPnL(slot: slot, ticks: risk.valuationPrice(s))
            let liq = risk.liquidationPrice(slot: slot, margin: m).map { symbol.tick.format(steps: $0.ticks) } ?? "-"
            output("POSITION \(account) \(symbol.name) size=\(symbol.lot.format(steps: size)) "
                   + "entry=\(entryPrice(cost: risk.positions.cost(slot), size: size, k: k, tick: symbol.tick)) "
                   + "upnl=\(formatMoney(pnl)) liq=\(liq) "
                   + "mode=\(risk.positions.mode(slot) == .isolated ? "isolated" : "cross") "
                   + "leverage=\(risk.positions.leverage(slot)) margin=\(formatMoney(risk.positions.margin(slot)))")
        }
    }

    /// The entry price |cost| / (|size| × k) in the tick's decimals plus 4, rounded to
    /// nearest (halves away from zero).
    func entryPrice(cost: Int64, size: Int64, k: Int64, tick: StepSize) -> String {
        let ticksE4 = ExactDivision.nearest(Int128(cost).magnitude > 0 ? Int128(abs(cost)) * 10_000 : 0,
                                            Int128(abs(size)) * Int128(k))
        // tick.scale ≤ ExactDecimal.maxScale (30), so scale + 4 is in ExactDecimal.scaleRange (≤ 38).
        return try! ExactDecimal(significand: ticksE4 * Int128(tick.units), scale: tick.scale + 4).description
    }
}
