import HFTEngine

// risk=on: DEPOSIT, WITHDRAW, LEVERAGE, INDEX, FUNDING, QUERY and the SYMBOL risk options.

/// The risk options of a `SYMBOL` line.
struct ReplayRiskRules {
    var maker: Rate
    var taker: Rate
    /// `maxLeverage=` (default 100): the leverage of brackets that do not give their own,
    /// of the default bracket, and the one used for the impact margin notional.
    var maxLeverage: Int64
    /// `brackets=` rows (empty: the venue's default single bracket).
    var brackets: [MarginBracket]
    var fundingCap: Rate
}

extension ReplaySession {
    /// The money unit `10^-money`.
    var moneyStep: StepSize { try! StepSize.smallestUnit(decimals: moneyDecimals) }

    /// `maker=<bps> taker=<bps> maxLeverage=<n> brackets=<cap>:<mmr>[:<maxLeverage>],...
    /// fundingCap=<fraction>` of a `SYMBOL` line (the cap of the computed funding rate per
    /// interval, default 0.003). Without `brackets` the symbol has one bracket without a cap, at
    /// MMR = 1 / (2 × maxLeverage) rounded up to 10^-8 (half the initial margin rate at
    /// maximum leverage). At most ``VenueCommand/maxInlineBrackets`` brackets.
    func parseRiskSymbol(_ options: [String: String]) throws(LineError) -> ReplayRiskRules {
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
            do { _ = try BracketTable(rows) } catch {
                throw LineError("brackets must have increasing caps, non-decreasing rates below 1 and leverage ≥ 1")
            }
            guard rows.count <= VenueCommand.maxInlineBrackets else {
                throw LineError("at most \(VenueCommand.maxInlineBrackets) brackets")
            }
        }
        var fundingCap = FundingRateRule.standard.cap
        if let text = options["fundingCap"] {
            do {
                let cap = try Rate(fraction: ExactDecimal(parsing: text))
                guard cap.e8 >= 0 else { throw DecimalError.outOfRange }
                fundingCap = cap
            } catch {
                throw LineError("bad fundingCap \(text)")
            }
        }
        return ReplayRiskRules(maker: maker, taker: taker, maxLeverage: maxLeverage, brackets: rows, fundingCap: fundingCap)
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
        guard account < configuration.userAccounts else {
            output("REJECTED \(tokens[0]) \(account) \(RiskReject.unknownAccount.code)")
            return
        }
        let command: VenueCommand = deposit ? .deposit(account: Int64(account), amount: amount)
            : .withdraw(account: Int64(account), amount: amount)
        if let reject = commandReject(submit(command)) { output("REJECTED \(tokens[0]) \(account) \(reject.code)") }
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
        guard account < configuration.userAccounts else {
            output("REJECTED LEVERAGE \(account) \(RiskReject.unknownAccount.code)")
            return
        }
        let events = submit(.setLeverage(account: Int64(account), symbol: symbol.id.index,
                                         leverage: Int64(clamping: leverage), mode: mode))
        if let reject = commandReject(events) { output("REJECTED LEVERAGE \(account) \(reject.code)") }
    }

    /// `INDEX <sym> <price>`: a new index price. The venue takes a basis sample (book mid −
    /// index; the mid is rounded down to a tick) and a premium-index sample (impact bid/ask
    /// at the impact margin notional 200 × maxLeverage, when both sides have the depth),
    /// sets the mark to the mark-price rule's median, and liquidates what the new mark
    /// crossed. Time to funding comes from the clock (`TIME`; at time 0 it is 0, P1 = index).
    func indexCommand(_ tokens: [Substring]) throws(LineError) {
        guard tokens.count == 3 else { throw LineError("INDEX needs <sym> <price>") }
        let symbol = try knownSymbol(tokens[1])
        let ticks: Int64
        do { ticks = try symbol.tick.steps(in: decimal(tokens[2])) } catch { throw LineError("index price \(tokens[2]) is not on the tick grid") }
        guard ticks > 0 else { throw LineError("index price must be positive") }
        let events = submit(.indexPrice(symbol: symbol.id.index, Price(ticks: ticks)))
        if let reject = commandReject(events) { throw LineError("INDEX refused: \(reject.code)") }
        printLiquidationEvents(events)
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
        var rate: Rate?
        if tokens.count == 3 {
            let option = try keyValues(tokens.dropFirst(2))
            guard option.count == 1, option[0].key == "rate" else { throw LineError("unknown FUNDING option \(tokens[2])") }
            do { rate = try Rate(fraction: ExactDecimal(parsing: option[0].value)) } catch {
                throw LineError("rate must be a decimal with at most 8 digits after the point")
            }
        }
        let prices = venue.prices(of: symbol.id.index)
        let effective = rate ?? prices?.estimatedFundingRate ?? .zero
        guard effective.e8.magnitude <= Rate.one else { throw LineError("funding rate must be between -1 and 1") }
        guard let mark = prices?.mark, mark > 0 else {
            throw LineError("FUNDING needs a mark price for \(symbol.name) (MARK or INDEX)")
        }
        let events = submit(.settleFunding(symbol: symbol.id.index, rate: rate))
        switch commandReject(events) {
        case nil: break
        case .fundingOverflow: throw LineError("funding payments at this rate and mark do not fit in 64 bits")
        case .badRate: throw LineError("funding rate must be between -1 and 1")
        case let reject?: throw LineError("FUNDING refused: \(reject.code) (|rate| at most 1, dues within 64 bits)")
        }
        let payments = events.filter { $0.kind == .funding }.sorted { $0.account < $1.account }
        for p in payments {
            output("FUNDING \(symbol.name) account=\(p.account) size=\(symbol.quantity(p.a)) "
                   + "mark=\(symbol.price(p.d)) rate=\(Rate(e8: p.c).fractionText) amount=\(formatMoney(p.b))")
        }
        let fund = Int64(venue.insuranceFundAccount)
        for e in events where e.kind == .balance && e.account == fund && e.code == VenueEvent.BalanceCause.funding.rawValue {
            output("FUNDING \(symbol.name) account=insurance amount=\(formatMoney(e.a))")
        }
    }

    /// `QUERY <account>`: `ACCOUNT <account> balance= equity= available= im= mm=` and one
    /// `POSITION <account> <sym> size= entry= upnl= liq= mode= leverage= margin=` line per
    /// open position, in symbol order.
    func queryCommand(_ tokens: [Substring]) throws(LineError) {
        guard tokens.count == 2 else { throw LineError("QUERY needs <account>") }
        let account = try account(tokens[1])
        guard venue.isUserAccount(account), let m = venue.account(account) else {
            output("REJECTED QUERY \(account) \(RiskReject.unknownAccount.code)")
            return
        }
        output("ACCOUNT \(account) balance=\(formatMoney(m.balance)) equity=\(formatMoney(m.equity)) "
               + "available=\(formatMoney(m.available)) im=\(formatMoney(m.initialMargin)) mm=\(formatMoney(m.maintenanceMargin))")
        for symbol in symbols {
            guard let p = venue.position(of: account, symbol: symbol.id.index), p.size != 0 else { continue }
            let liq = p.liquidationPrice.map { symbol.price($0) } ?? "-"
            output("POSITION \(account) \(symbol.name) size=\(symbol.quantity(p.size)) "
                   + "entry=\(entryPrice(cost: p.cost, size: p.size, k: symbol.spec.moneyPerTickLot, tick: symbol.tick)) "
                   + "upnl=\(formatMoney(p.unrealizedPnL)) liq=\(liq) "
                   + "mode=\(p.mode == .isolated ? "isolated" : "cross") "
                   + "leverage=\(p.leverage) margin=\(formatMoney(p.margin))")
        }
    }

    /// The entry price |cost| / (|size| × k) in the tick's decimals plus 4, rounded to
    /// nearest (halves away from zero).
    func entryPrice(cost: Int64, size: Int64, k: Int64, tick: StepSize) -> String {
        let ticksE4 = ExactDivision.nearest(Int128(cost.magnitude) * 10_000, Int128(size.magnitude) * Int128(k))
        // tick.scale ≤ ExactDecimal.maxScale (30), so scale + 4 is in ExactDecimal.scaleRange (≤ 38).
        return try! ExactDecimal(significand: ticksE4 * Int128(tick.units), scale: tick.scale + 4).description
    }
}
