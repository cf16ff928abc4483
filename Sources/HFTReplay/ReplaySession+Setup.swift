import HFTEngine

// ENGINE, SYMBOL, MARK, HALT/RESUME, BOOK.

extension ReplaySession {
    /// `ENGINE [risk=on|off] [money=<decimals>] [orders=<n>] [levels=<n>] [symbols=<n>]
    /// [accounts=<n>] [positions=<n>] [openOrders=<n>] [liquidation=on|off]` (accounts,
    /// positions and openOrders size the risk stores: user accounts, position slots per
    /// symbol, live orders per account; with `risk=on`, accounts below maintenance margin are
    /// liquidated after MARK and INDEX unless `liquidation=off`, see
    /// `ReplaySession+Liquidation.swift`). A line with any bad option changes nothing.
    func engineCommand(_ tokens: [Substring]) throws(LineError) {
        if sawOrder { throw LineError("ENGINE must come before the first order") }
        var mode = riskMode
        var money = moneyDecimals
        var configuration = engineConfiguration
        var riskOptions = riskConfiguration
        var liquidates = liquidationEnabled
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
                configuration.maxOrders = try positiveInt(option.value, "orders", atMost: 1 << 26)
            case "levels":
                configuration.maxPriceLevels = try positiveInt(option.value, "levels", atMost: 1 << 24)
            case "symbols":
                configuration.maxSymbols = try positiveInt(option.value, "symbols", atMost: 4_096)
            case "accounts":
                riskOptions.userCapacity = try positiveInt(option.value, "accounts", atMost: 1 << 24)
            case "positions":
                riskOptions.positionsPerSymbol = try positiveInt(option.value, "positions", atMost: 1 << 22)
            case "openOrders":
                riskOptions.maxOpenOrdersPerAccount = try positiveInt(option.value, "openOrders", atMost: 1 << 20)
            case "liquidation":
                guard option.value == "on" || option.value == "off" else { throw LineError("liquidation must be on or off") }
                liquidates = option.value == "on"
            default:
                throw LineError("unknown ENGINE option \(option.key)")
            }
        }
        if symbols.count > configuration.maxSymbols { throw LineError("more symbols defined than symbols=") }
        if mode == .on && configuration.maxSymbols * riskOptions.positionsPerSymbol > 1 << 24 {
            throw LineError("symbols × positions must be at most 16777216")
        }
        let need = ReplayMemoryBudget.bytes(configuration, risk: mode == .on ? riskOptions : nil,
                                            liquidation: mode == .on && liquidates,
                                            ladders: symbols.map(\.configuration.ladderTicks))
        if need > ReplayMemoryBudget.limitBytes { throw LineError(ReplayMemoryBudget.message("ENGINE capacities", bytes: need)) }
        riskMode = mode
        liquidationEnabled = liquidates
        let moneyChanged = money != moneyDecimals
        moneyDecimals = money
        engineConfiguration = configuration
        // Rebuild the engine with the new capacities and the symbols defined so far.
        // The option limits above keep every number inside the engine's ranges.
        engine = try! MatchingEngine(configuration: configuration)
        events = try! EventBuffer(capacity: ReplaySession.eventCapacity(maxOrders: configuration.maxOrders))
        riskOptions.symbolCapacity = configuration.maxSymbols
        riskOptions.orderCapacity = configuration.maxOrders
        riskConfiguration = riskOptions
        do throws(RiskConfigurationError) {
            risk = try RiskCore(mode == .on ? riskOptions : ReplaySession.idleRiskConfiguration)
        } catch {
            throw LineError("risk configuration out of range: \(error)")
        }
        liquidation = nil
        for i in symbols.indices {
            if moneyChanged {
                symbols[i].configuration.notionalScale = notionalScale(tick: symbols[i].tick, lot: symbols[i].lot)
            }
            do {
                symbols[i].id = try engine.addSymbol(symbols[i].configuration)
            } catch {
                throw LineError("cannot re-add symbol \(symbols[i].name)")
            }
            if mode == .on {
                if moneyChanged { riskSymbols[i].risk.scale = symbols[i].configuration.notionalScale }
                try configureRiskSymbol(i)
            }
        }
    }

    /// `SYMBOL <sym> tick=<dec> lot=<dec> [band=<percent>] [maker=<bps>] [taker=<bps>]
    /// [maxLeverage=<n>] [brackets=...] [ladder=<ticks>] [maxNotional=<dec>]`
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
        var configuration = SymbolConfiguration(
            name: name, ladderTicks: ladder, notionalScale: notionalScale(tick: tick, lot: lot),
            bandPartsPerMillion: band)
        if let maxNotional {
            do {
                let unit = try StepSize.smallestUnit(decimals: moneyDecimals)
                configuration.maxNotional = Money(units: try unit.steps(in: maxNotional))
            } catch {
                throw LineError("bad maxNotional \(maxNotional)")
            }
        }
        let riskSymbol = try parseRiskSymbol(riskOptions, scale: configuration.notionalScale, band: band)
        let need = ReplayMemoryBudget.bytes(engineConfiguration, risk: riskMode == .on ? riskConfiguration : nil,
                                            liquidation: riskMode == .on && liquidationEnabled,
                                            ladders: symbols.map(\.configuration.ladderTicks) + [ladder])
        if need > ReplayMemoryBudget.limitBytes { throw LineError(ReplayMemoryBudget.message("symbol \(name)", bytes: need)) }
        let id: SymbolID
        do {
            id = try engine.addSymbol(configuration)
        } catch {
            throw LineError("cannot add symbol \(name): \(error == .capacityExhausted ? "too many symbols" : "bad configuration")")
        }
        symbolsByName[name] = symbols.count
        symbols.append(ReplaySymbol(name: name, id: id, tick: tick, lot: lot, configuration: configuration))
        riskSymbols.append(riskSymbol)
        if riskMode == .on { try configureRiskSymbol(symbols.count - 1) }
    }

    /// Money per tick·lot; where the grids do not settle exactly in the money unit (only
    /// possible with unusual grids), the notional is counted in tick·lots.
    func notionalScale(tick: StepSize, lot: StepSize) -> NotionalScale {
        let money = try! StepSize.smallestUnit(decimals: moneyDecimals)
        if let scale = try? NotionalScale(tick: tick, lot: lot, money: money) { return scale }
        return try! NotionalScale(moneyPerTickLot: 1)
    }

    /// `MARK <sym> <price>`: the reference price of the symbol's band; with risk=on also
    /// the mark price used for margin, PnL and funding.
    func markCommand(_ tokens: [Substring]) throws(LineError) {
        guard tokens.count == 3 else { throw LineError("MARK needs <sym> <price>") }
        let symbol = try knownSymbol(tokens[1])
        let value = try decimal(tokens[2])
        let ticks: Int64
        do { ticks = try symbol.tick.steps(in: value) } catch { throw LineError("mark price \(tokens[2]) is not on the tick grid") }
        guard ticks > 0 else { throw LineError("mark price must be positive") }
        engine.setReferencePrice(Price(ticks: ticks), for: symbol.id)
        if riskMode == .on {
            do throws(RiskReject) { try risk.setMark(Int(symbol.id.index), Price(ticks: ticks)) } catch {
                throw LineError("MARK refused: \(error.code)")
            }
        }
    }

    /// `HALT <sym|ALL>` / `RESUME <sym|ALL>`.
    func haltCommand(_ tokens: [Substring], halted: Bool) throws(LineError) {
        guard tokens.count == 2 else { throw LineError("\(tokens[0]) needs <sym|ALL>") }
        if tokens[1] == "ALL" {
            for symbol in symbols { engine.setHalted(halted, for: symbol.id) }
            if riskMode == .on {
                risk.globalHalt = halted
                for symbol in symbols { try? risk.setHalted(Int(symbol.id.index), halted) }
            }
        } else {
            let symbol = try knownSymbol(tokens[1])
            engine.setHalted(halted, for: symbol.id)
            if riskMode == .on { try? risk.setHalted(Int(symbol.id.index), halted) }
        }
    }

    /// `BOOK <sym> [levels]`: bids best first, then asks best first, then `END`.
    func bookCommand(_ tokens: [Substring]) throws(LineError) {
        guard tokens.count == 2 || tokens.count == 3 else { throw LineError("BOOK needs <sym> [levels]") }
        let symbol = try knownSymbol(tokens[1])
        let limit = tokens.count == 3 ? try positiveInt(tokens[2], "levels") : Int.max
        let capacity = min(limit, max(engine.priceLevelCount, 1))
        let buffer = UnsafeMutableBufferPointer<BookLevel>.allocate(capacity: capacity)
        defer { buffer.deallocate() }
        for side in [Side.buy, .sell] {
            let count = engine.depth(symbol.id, side: side, into: buffer)
            for i in 0..<count {
                let level = buffer[i]
                output("\(side == .buy ? "BID" : "ASK") \(symbol.name) \(symbol.tick.format(steps: level.price.ticks)) "
                       + "\(symbol.lot.format(steps: level.quantity.lots)) \(level.orderCount)")
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
