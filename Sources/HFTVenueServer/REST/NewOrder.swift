import HFTBinance
import HFTEngine
import HFTService

/// A Binance NEW order (`POST /fapi/v1/order`, `batchOrders` items, `order.place` of the
/// WebSocket API) checked against the symbol's filters and turned into a venue command
/// (spec §4.14).
///
/// Accepted: `symbol`, `side` (BUY, SELL), `type` (LIMIT, MARKET), `timeInForce` (GTC,
/// IOC, FOK, GTX = post-only; required for LIMIT), `quantity`, `price` (LIMIT),
/// `reduceOnly`, `newClientOrderId`, `selfTradePreventionMode` (NONE, EXPIRE_TAKER,
/// EXPIRE_MAKER, EXPIRE_BOTH), `positionSide` (BOTH only: one-way mode),
/// `newOrderRespType` (ACK, RESULT: both answer the order after matching). Ignored as
/// Binance clients send them: `priceMatch=NONE`, `goodTillDate`, `workingType`,
/// `priceProtect`, `recvWindow`, `timestamp`.
struct NewOrder {
    var command: VenueCommand
    var symbol: ServiceSymbol
    var clientOrderId: String

    /// Order types this venue trades; the others are -1116 (exchangeInfo lists these).
    static let orderTypes = ["LIMIT", "MARKET"]

    init(_ p: BinanceParameters, account: Int64, symbols: [String: ServiceSymbol], markTicks: (Int32) -> Int64?) throws(BinanceError) {
        guard let symbol = symbols[try p.requiredString("symbol")] else { throw .invalidSymbol }
        self.symbol = symbol
        let side: Side
        switch try p.requiredString("side") {
        case "BUY": side = .buy
        case "SELL": side = .sell
        default: throw .invalidSide
        }
        let type: OrderType
        switch try p.requiredString("type") {
        case "LIMIT": type = .limit
        case "MARKET": type = .market
        default: throw .invalidOrderType
        }
        if let positionSide = p["positionSide"], positionSide != "BOTH" {
            throw BinanceError(code: -4061, message: "Order's position side does not match user's setting.")
        }
        if try p.bool("closePosition") == true { throw .invalidParameter("closePosition") }
        var timeInForce = TimeInForce.gtc
        if type == .limit || p["timeInForce"] != nil {
            switch type == .market ? "GTC" : try p.requiredString("timeInForce") {
            case "GTC": timeInForce = .gtc
            case "IOC": timeInForce = .ioc
            case "FOK": timeInForce = .fok
            case "GTX": timeInForce = .postOnly
            default: throw .invalidTimeInForce
            }
        }
        let stp: SelfTradePrevention
        switch p["selfTradePreventionMode"] ?? "NONE" {
        case "NONE": stp = .none
        case "EXPIRE_TAKER": stp = .expireTaker
        case "EXPIRE_MAKER": stp = .expireMaker
        case "EXPIRE_BOTH": stp = .expireBoth
        default: throw .invalidParameter("selfTradePreventionMode")
        }
        if let priceMatch = p["priceMatch"], priceMatch != "NONE" { throw .invalidParameter("priceMatch") }
        let reduceOnly = try p.bool("reduceOnly") ?? false

        let lots = try BinanceDecimal.parse(try p.requiredString("quantity"), step: symbol.lot, field: .quantity)
        guard lots >= symbol.minQuantityLots else { throw .quantityBelowMin }
        guard lots <= (type == .market ? symbol.marketMaxQuantityLots : symbol.maxQuantityLots) else { throw .quantityAboveMax }
        var ticks: Int64 = 0
        if type == .limit {
            ticks = try BinanceDecimal.parse(try p.requiredString("price"), step: symbol.tick, field: .price)
            guard ticks >= symbol.minPriceTicks else { throw .priceBelowMin }
            guard ticks <= symbol.maxPriceTicks else { throw .priceAboveMax }
        }
        // MIN_NOTIONAL (unless reduce-only): a market order is valued at the mark.
        if !reduceOnly, symbol.minNotional > 0 {
            let reference = type == .limit ? ticks : (markTicks(symbol.index) ?? 0)
            let notional = Int128(reference) * Int128(lots) * Int128(symbol.moneyPerTickLot)
            if notional < Int128(symbol.minNotional) {
                throw .notionalTooSmall(BinanceDecimal.format(money: symbol.minNotional, decimals: 8).trimmedDecimal)
            }
        }
        let request = OrderRequest(id: 0, account: account, symbol: SymbolID(symbol.index), side: side, type: type,
                                   price: Price(ticks: ticks), quantity: Quantity(lots: lots), timeInForce: timeInForce,
                                   selfTradePrevention: stp, flags: reduceOnly ? .reduceOnly : .none)
        command = .newOrder(request)
        if let clientId = p["newClientOrderId"] {
            guard command.setClientOrderId(clientId) else { throw .clientOrderIdInvalid }
            clientOrderId = clientId
        } else {
            clientOrderId = ""
        }
    }
}

extension String {
    /// A decimal without trailing zeros ("5.00000000" → "5").
    var trimmedDecimal: String {
        guard contains(".") else { return self }
        var s = self
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }
}
