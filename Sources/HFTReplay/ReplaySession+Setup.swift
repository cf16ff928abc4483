import HFTEngine

// ENGINE, SYMBOL, MARK, HALT/RESUME, BOOK.

extension ReplaySession {
    /// `ENGINE [risk=on|off] [money=<decimals>] [orders=<n>] [levels=<n>] [symbols=<n>]
    /// [accounts=<n>] [positions=<n>] [openOrders=<n>] [liquidation=on|off]` (accounts,
    /// positions and openOrders size the risk stores: user accounts, position slots per
    /// symbol, live orders per account; with `risk=on`, accounts below maintenance margin are
    /// liquidated after MARK and INDEX unless `liquidation=off`). A line with any bad option
    /// changes nothing. The venue is rebuilt with the new capacities and the symbols
    /// defined so far (anything else before the line is forgotten).
    func engineCommand(_ tokens: [Substring]) throws(LineError) {
        if sawOrder { throw LineError("ENGINE must come before the first order") }
        var mode = riskMode
        var money = moneyDecimals
        var orders = configuration.maxOrders, levels = configuration.maxPriceLevels, symbolLimit = configuration.maxSymbols
        var accounts = configuration.userAccounts
        var positions = configuration.positionsPerSymbol
        var openOrders = configuration.maxOpenOrdersPerAccount
        var liquidates = liquidationOption
        for option in try keyValues(tokens.dropFirst()) {
            switch option.key {
            case "risk":
                switch option.value {
                case "on": mode = .on
                case "off": mode = .off
                default: throw LineError("risk must be on or off")
                }
            case "money":
                guard let n = Int(option.value), n >= 0, n <= 18 else { throw LineError("money must be 0...18") }
                money = n
            case "orders":
                orders = try positiveInt(option.value, "orders", atMost: 1 << 26)
            case "levels":
                levels = try positiveInt(option.value, "levels", atMost: 1 << 24)
            case "symbols":
                symbolLimit = try positiveInt(option.value, "symbols", atMost: 4_096)
            case "accounts":
                accounts = try positiveInt(option.value, "accounts", atMost: 1 << 24)
            case "positions":
                positions = try positiveInt(option.value, "positions", atMost: 1 << 22)
            case "openOrders":
                openOrders = try positiveInt(option.value, "openOrders", atMost: 1 << 20)
            case "liquidation":
                guard option.value == "on" || option.value == "off" else { throw LineError("liquidation must be on or off") }
                liquidates = option.value == "on"
            default:
                throw LineError("unknown ENGINE option \(option.key)")
            }
        }
        if symbols.count > symbolLimit { throw LineError("more symbols defined than symbols=") }
        if mode == .on && symbolLimit * positions > 1 << 24 {
            throw LineError("symbols × positions must be at most 16777216")
        }
        let engine = EngineConfiguration(maxOrders: orders, maxPriceLevels: levels, maxSymbols: symbolLimit)
        let riskOptions = RiskConfiguration(userCapacity: accounts, symbolCapacity: symbolLimit, positionsPerSymbol: positions,
                                            orderCapacity: orders, maxOpenOrdersPerAccount: openOrders)
        let need = ReplayMemoryBudget.bytes(engine, risk: mode == .on ? riskOptions : nil,
                                            liquidation: mode == .on && liquidates,
                                            ladders: symbols.map { Int($0.spec.ladderTicks) })
        if need > ReplayMemoryBudget.limitBytes { throw LineError(ReplayMemoryBudget.message("ENGINE capacities", bytes: need)) }
        let next = ReplaySession.venueConfiguration(
            risk: mode, liquidation: liquidates, maxOrders: orders, maxPriceLevels: levels, maxSymbols: symbolLimit,
            accounts: accounts, positions: positions, openOrders: openOrders)
        let rebuilt: Venue
        do { rebuilt = try Venue(configuration: next) } catch {
            throw LineError("configuration out of range: \(error)")
        }
        riskMode = mode
        liquidationOption = liquidates
        moneyDecimals = money
        configuration = next
        venue = rebuilt
        events = venue.makeEventBuffer()
        // Re-add the symbols defined so far, in the new money unit.
        var commands: [VenueCommand] = []
        for i in symbols.indices {
            let scale = notionalScale(tick: symbols[i].tick, lot: symbols[i].lot)
            symbols[i].spec.moneyPerTickLot = scale.moneyPerTickLot
            symbols[i].spec.impactMarginNotional = impactMarginNotional
            commands += symbolCommands(symbols[i])
        }
        if let onRebuild {
            do { try onRebuild(next, commands.map { $0.stamped(sequence: UInt64(lineNumber), timestamp: clock) }) } catch {
                journalFailure = error
                return
            }
        }
        let hook = beforeApply
        beforeApply = nil
        defer { beforeApply = hook }
        for command in commands {
            let events = submit(command)
            guard commandReject(events) == nil else { throw LineError("cannot re-add symbols") }
        }
    }

    /// `TIME <seconds>`: the clock stamped on the following commands, in seconds since the
    /// Unix epoch with up to 9 decimals (the funding schedule's time to funding and the
    /// circuit breakers' windows read it). A file without `TIME` runs at time 0.
    func timeCommand(_ tokens: [Substring]) throws(LineError) {
        guard tokens.count == 2 else { throw LineError("TIME needs <seconds>") }
        do {
            let value = try ExactDecimal(parsing: tokens[1])
            let nanoseconds = try StepSize(units: 1, scale: 9).steps(in: value)
            guard nanoseconds >= 0 else { throw DecimalError.outOfRange }
            clock = nanoseconds
        } catch {
            throw LineError("TIME must be seconds since the epoch, at most 9 decimals")
        }
    }

    /// The 200-quote-unit impact margin of the premium index, in money units (Binance:
    /// impact margin notional = 200 USDT × max leverage).
    var impactMarginNotional: Int64 {
        (try? moneyStep.steps(in: ExactDecimal(significand: 200, scale: 0))) ?? 200
    }

    /// The commands that add `symbol` to the venue: `addSymbol`, then `symbolBrackets`
    /// when the line gave brackets.
    func symbolCommands(_ symbol: ReplaySymbol) -> [VenueCommand] {
        var commands = [VenueCommand.addSymbol(symbol.spec)]
        if !symbol.brackets.isEmpty { commands.append(.symbolBrackets(symbol: symbol.spec.index, symbol.brackets)) }
        return commands
    }

    /// `SYMBOL <sym> tick=<dec> lot=<dec> [band=<percent>] [maker=<bps>] [taker=<bps>]
    /// [maxLeverage=<n>] [brackets=...] [ladder=<ticks>] [maxNotional=<dec>] [fundingCap=<fraction>]`
    func symbolCommand(_ tokens: [Substring]) throws(LineError) {
        guard tokens.count >= 2 else { throw LineError("SYMBOL needs a name") }
        let name = String(tokens[1])
        guard symbolsByName[name] == nil else { throw LineError("symbol \(name) is already defined") }
        var tick: StepSize?
        var lot: StepSize?
        var band: Int64?
        var ladder = ReplaySession.defaultLadderTicks
        var maxNotional: ExactDecimal?
        var riskOptions: [String: String] = [:]
        for option in try keyValues(tokens.dropFirst(2)) {
            switch option.key {
            case "tick":
                do { tick = try StepSize(parsing: option.value) } catch { throw LineError("bad tick \(option.value)") }
            case "lot":
                do { lot = try StepSize(parsing: option.value) } catch { throw LineError("bad lot \(option.value)") }
            case "band":
                // Percent → parts per million: exact, at most 4 decimals.
                do {
                    let percent = try ExactDecimal(parsing: option.value)
                    let ppm = try StepSize(units: 1, scale: 4).steps(in: percent)
                    guard ppm >= 0 else { throw DecimalError.outOfRange }
                    band = ppm
                } catch {
                    throw LineError("bad band \(option.value)")
                }
            case "maker", "taker", "maxLeverage", "brackets", "fundingCap":
                riskOptions[String(option.key)] = String(option.value)
            case "ladder":
                let n = try positiveInt(option.value, "ladder")
                guard n >= 64 && n <= ReplaySession.maxLadderTicks else { throw LineError("ladder must be 64...67108864") }
                ladder = n
            case "maxNotional":
                do { maxNotional = try ExactDecimal(parsing: option.value) } catch {
                    throw LineError("bad maxNotional \(option.value)")
                }
            default:
                throw LineError("unknown SYMBOL option \(option.key)")
            }
        }
        guard let tick, let lot else { throw LineError("SYMBOL needs tick= and lot=") }
        var maxNotionalUnits = Int64.max
        if let maxNotional {
            do {
                let unit = try StepSize.smallestUnit(decimals: moneyDecimals)
                maxNotionalUnits = try unit.steps(in: maxNotional)
            } catch {
                throw LineError("bad maxNotional \(maxNotional)")
            }
        }
        let scale = notionalScale(tick: tick, lot: lot)
        let rules = try parseRiskSymbol(riskOptions)
        let need = ReplayMemoryBudget.bytes(
            EngineConfiguration(maxOrders: configuration.maxOrders, maxPriceLevels: configuration.maxPriceLevels,
                                maxSymbols: configuration.maxSymbols),
            risk: riskMode == .on ? configuration.riskConfiguration : nil,
            liquidation: riskMode == .on && configuration.liquidationEnabled,
            ladders: symbols.map { Int($0.spec.ladderTicks) } + [ladder])
        if need > ReplayMemoryBudget.limitBytes { throw LineError(ReplayMemoryBudget.message("symbol \(name)", bytes: need)) }
        let spec = VenueSymbolSpec(
            index: Int32(symbols.count), moneyPerTickLot: scale.moneyPerTickLot, maxNotional: maxNotionalUnits,
            bandPartsPerMillion: band ?? -1, ladderTicks: Int64(ladder), maxLeverage: rules.maxLeverage,
            makerRate: rules.maker, takerRate: rules.taker, fundingCap: rules.fundingCap,
            impactMarginNotional: impactMarginNotional)
        let symbol = ReplaySymbol(name: name, id: SymbolID(spec.index), tick: tick, lot: lot, spec: spec,
                                  brackets: rules.brackets)
        for command in symbolCommands(symbol) {
            if let reject = commandReject(submit(command)) {
                throw LineError("cannot add symbol \(name): \(reject == .tooManySymbols ? "too many symbols" : "bad configuration")")
            }
        }
        symbolsByName[name] = symbols.count
        symbols.append(symbol)
    }

    /// Money per tick·lot; where the grids do not settle exactly in the money unit (only
    /// possible with unusual grids), the notional is counted in tick·lots.
    func notionalScale(tick: StepSize, lot: StepSize) -> NotionalScale {
        let money = try! StepSize.smallestUnit(decimals: moneyDecimals)
        if let scale = try? NotionalScale(tick: tick, lot: lot, money: money) { return scale }
        return try! NotionalScale(moneyPerTickLot: 1)
    }

    /// `MARK <sym> <price>`: the reference price of the symbol's band; with risk=on also
    /// the mark price used for margin, PnL and funding, after which the accounts whose
    /// liquidation price it crossed are liquidated (printed as liquidation steps).
    func markCommand(_ tokens: [Substring]) throws(LineError) {
        guard tokens.count == 3 else { throw LineError("MARK needs <sym> <price>") }
        let symbol = try knownSymbol(tokens[1])
        let value = try decimal(tokens[2])
        let ticks: Int64
        do { ticks = try symbol.tick.steps(in: value) } catch { throw LineError("mark price \(tokens[2]) is not on the tick grid") }
        guard ticks > 0 else { throw LineError("mark price must be positive") }
        let events = submit(.markPrice(symbol: symbol.id.index, Price(ticks: ticks)))
        if let reject = commandReject(events) { throw LineError("MARK refused: \(reject.code)") }
        printLiquidationEvents(events)
    }

    /// `HALT <sym|ALL>` / `RESUME <sym|ALL>`.
    func haltCommand(_ tokens: [Substring], halted: Bool) throws(LineError) {
        guard tokens.count == 2 else { throw LineError("\(tokens[0]) needs <sym|ALL>") }
        if tokens[1] == "ALL" {
            submit(halted ? .halt(.venue) : .resume(.venue))
        } else {
            let symbol = try knownSymbol(tokens[1])
            submit(halted ? .halt(.symbol, symbol: symbol.id.index) : .resume(.symbol, symbol: symbol.id.index))
        }
    }

    /// `BOOK <sym> [levels]`: bids best first, then asks best first, then `END`.
    func bookCommand(_ tokens: [Substring]) throws(LineError) {
        guard tokens.count == 2 || tokens.count == 3 else { throw LineError("BOOK needs <sym> [levels]") }
        let symbol = try knownSymbol(tokens[1])
        let limit = tokens.count == 3 ? try positiveInt(tokens[2], "levels") : Int.max
        let capacity = min(limit, max(venue.priceLevelCount, 1))
        let buffer = UnsafeMutableBufferPointer<BookLevel>.allocate(capacity: capacity)
        defer { buffer.deallocate() }
        for side in [Side.buy, .sell] {
            let count = venue.depth(symbol.id.index, side: side, into: buffer)
            for i in 0..<count {
                let level = buffer[i]
                output("\(side == .buy ? "BID" : "ASK") \(symbol.name) \(symbol.price(level.price.ticks)) "
                       + "\(symbol.quantity(level.quantity.lots)) \(level.orderCount)")
            }
        }
        output("END")
    }

    // MARK: Token helpers

    func keyValues(_ tokens: ArraySlice<Substring>) throws(LineError) -> [(key: Substring, value: Substring)] {
        var result: [(key: Substring, value: Substring)] = []
        for token in tokens {
            guard let eq = token.firstIndex(of: "="), eq != token.startIndex,
                  token.index(after: eq) != token.endIndex
            else { throw LineError("expected key=value, got \(token)") }
            result.append((token[..<eq], token[token.index(after: eq)...]))
        }
        return result
    }

    func positiveInt(_ text: Substring, _ what: String, atMost limit: Int = .max) throws(LineError) -> Int {
        guard text.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(text), n > 0 else {
            throw LineError("\(what) must be a positive integer")
        }
        guard n <= limit else { throw LineError("\(what) must be at most \(limit)") }
        return n
    }

    func decimal(_ text: Substring) throws(LineError) -> ExactDecimal {
        do { return try ExactDecimal(parsing: text) } catch { throw LineError("bad number \(text)") }
    }

    func knownSymbol(_ name: Substring) throws(LineError) -> ReplaySymbol {
        guard let index = symbolsByName[String(name)] else { throw LineError("unknown symbol \(name)") }
        return symbols[index]
    }
}
