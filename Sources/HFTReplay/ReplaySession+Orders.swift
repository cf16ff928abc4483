import HFTEngine

// NEW, CANCEL, AMEND.

extension ReplaySession {
    /// `NEW <id> <account> <sym> <BUY|SELL> <LIMIT|MARKET> <price|-> <qty>
    ///  [GTC|IOC|FOK|POST_ONLY] [REDUCE_ONLY] [STP=...]`
    func newCommand(_ tokens: [Substring]) throws(LineError) {
        guard tokens.count >= 8 else {
            throw LineError("NEW needs <orderId> <account> <sym> <BUY|SELL> <LIMIT|MARKET> <price|-> <qty>")
        }
        let id = try orderId(tokens[1])
        guard let account = Int64(tokens[2]), tokens[2].first != "+" else {
            throw LineError("bad account \(tokens[2])")
        }
        let side: Side
        switch tokens[4] {
        case "BUY": side = .buy
        case "SELL": side = .sell
        default: throw LineError("side must be BUY or SELL, got \(tokens[4])")
        }
        let type: OrderType
        switch tokens[5] {
        case "LIMIT": type = .limit
        case "MARKET": type = .market
        default: throw LineError("order type must be LIMIT or MARKET, got \(tokens[5])")
        }
        var priceValue: ExactDecimal?
        if type == .market {
            guard tokens[6] == "-" else { throw LineError("a MARKET order takes - as its price") }
        } else {
            guard tokens[6] != "-" else { throw LineError("a LIMIT order needs a price") }
            priceValue = try decimal(tokens[6])
        }
        let quantityValue = try decimal(tokens[7])
        var timeInForce: TimeInForce?
        var stp: SelfTradePrevention?
        var flags = OrderFlags()
        for option in tokens.dropFirst(8) {
            switch option {
            case "GTC", "IOC", "FOK", "POST_ONLY":
                guard timeInForce == nil else { throw LineError("more than one time in force") }
                timeInForce = option == "GTC" ? .gtc : option == "IOC" ? .ioc : option == "FOK" ? .fok : .postOnly
            case "REDUCE_ONLY":
                flags = flags.union(.reduceOnly)
            default:
                guard option.hasPrefix("STP="), stp == nil else { throw LineError("unknown order option \(option)") }
                switch option.dropFirst(4) {
                case "NONE": stp = SelfTradePrevention.none
                case "EXPIRE_TAKER": stp = .expireTaker
                case "EXPIRE_MAKER": stp = .expireMaker
                case "EXPIRE_BOTH": stp = .expireBoth
                default: throw LineError("unknown STP mode \(option.dropFirst(4))")
                }
            }
        }
        guard let index = symbolsByName[String(tokens[3])] else {
            output("REJECTED \(id) \(RejectReason.unknownSymbol.wireName)")
            return
        }
        let symbol = symbols[index]
        var ticks: Int64 = 0
        if let priceValue {
            guard let t = self.ticks(priceValue, of: symbol, orderId: id) else { return }
            ticks = t
        }
        guard let lots = self.lots(quantityValue, of: symbol, orderId: id) else { return }
        let request = OrderRequest(
            id: id, account: account, symbol: symbol.id, side: side, type: type, price: Price(ticks: ticks),
            quantity: Quantity(lots: lots), timeInForce: timeInForce ?? .gtc,
            selfTradePrevention: stp ?? SelfTradePrevention.none, flags: flags)
        printOrderEvents(submit(.newOrder(request)))
    }

    /// `CANCEL <orderId>`
    func cancelCommand(_ tokens: [Substring]) throws(LineError) {
        guard tokens.count == 2 else { throw LineError("CANCEL needs <orderId>") }
        let id = try orderId(tokens[1])
        printOrderEvents(submit(.cancelOrder(id)))
    }

    /// `AMEND <orderId> <newPrice> <newRemainingQty>`
    func amendCommand(_ tokens: [Substring]) throws(LineError) {
        guard tokens.count == 4 else { throw LineError("AMEND needs <orderId> <newPrice> <newRemainingQty>") }
        let id = try orderId(tokens[1])
        let priceValue = try decimal(tokens[2])
        let quantityValue = try decimal(tokens[3])
        guard let order = venue.order(id) else {
            output("REJECTED \(id) \(RejectReason.unknownOrder.wireName)")
            return
        }
        let symbol = symbols[Int(order.symbol.index)]
        guard let ticks = self.ticks(priceValue, of: symbol, orderId: id),
              let lots = self.lots(quantityValue, of: symbol, orderId: id) else { return }
        printOrderEvents(submit(.amendOrder(id, price: Price(ticks: ticks), quantity: Quantity(lots: lots))))
    }

    /// An order id: digits only (a positive 64-bit integer; 0 is left to the engine's `BAD_ORDER_ID`).
    func orderId(_ text: Substring) throws(LineError) -> Int64 {
        guard text.allSatisfy({ $0.isASCII && $0.isNumber }), let id = Int64(text) else {
            throw LineError("bad order id \(text)")
        }
        return id
    }

    /// Whole steps of `value`, or why not.
    /// `value` in `symbol`'s ticks, or `nil` after printing `REJECTED <id> BAD_TICK` (off
    /// the tick grid) or `BAD_PRICE` (out of range).
    func ticks(_ value: ExactDecimal, of symbol: ReplaySymbol, orderId id: Int64) -> Int64? {
        switch convert(value, symbol.tick) {
        case .success(let ticks): return ticks
        case .failure(let problem):
            output("REJECTED \(id) \((problem == .offGrid ? RejectReason.badTick : .badPrice).wireName)")
            return nil
        }
    }

    /// `value` in `symbol`'s lots, or `nil` after printing `REJECTED <id> BAD_LOT` (off the
    /// lot grid) or `BAD_QTY` (out of range).
    func lots(_ value: ExactDecimal, of symbol: ReplaySymbol, orderId id: Int64) -> Int64? {
        switch convert(value, symbol.lot) {
        case .success(let lots): return lots
        case .failure(let problem):
            output("REJECTED \(id) \((problem == .offGrid ? RejectReason.badLot : .badQuantity).wireName)")
            return nil
        }
    }

    func convert(_ value: ExactDecimal, _ step: StepSize) -> Result<Int64, DecimalError> {
        do { return .success(try step.steps(in: value)) } catch { return .failure(error) }
    }
}
