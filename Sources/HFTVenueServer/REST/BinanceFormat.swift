import HFTBinance
import HFTEngine
import HFTService

/// The read model's values in Binance's wire shapes (decimal strings, millisecond times).
enum BinanceFormat {
    static func milliseconds(_ nanoseconds: Int64) -> Int64 { nanoseconds / 1_000_000 }

    static func side(_ side: Side) -> String { side == .buy ? "BUY" : "SELL" }

    static func type(_ type: OrderType) -> String { type == .market ? "MARKET" : "LIMIT" }

    /// An average price `tickLots / lots` ticks with 5 more digits than the tick
    /// (truncated), or "0" without fills (Binance: `"0.00000"` style, ccxt parses either).
    static func averagePrice(tickLots: Int64, lots: Int64, tick: StepSize) -> String {
        guard lots > 0 else { return "0" }
        let extra = 5
        var scale: Int64 = 1
        for _ in 0..<extra { scale *= 10 }
        let steps = Int128(tickLots) * Int128(scale) / Int128(lots)
        guard let fine = try? StepSize(units: tick.units, scale: tick.scale + extra), let value = Int64(exactly: steps) else {
            return BinanceDecimal.format(tickLots / lots, step: tick)
        }
        return BinanceDecimal.format(value, step: fine)
    }

    /// A position's entry price, |cost| / |size| (cost in money units), as ``averagePrice``
    /// writes it; "0" without a position.
    static func entryPrice(cost: Int64, size: Int64, symbol: ServiceSymbol) -> String {
        guard size != 0 else { return "0" }
        let tickLots = Int64(clamping: Int128(cost.magnitude) / Int128(max(symbol.moneyPerTickLot, 1)))
        return averagePrice(tickLots: tickLots, lots: Int64(size.magnitude), tick: symbol.tick)
    }

    static func order(_ o: LedgerOrder, symbol: ServiceSymbol, moneyDecimals: Int) -> BinanceOrder {
        BinanceOrder(
            orderId: o.id, symbol: symbol.name, status: o.status.wireName, clientOrderId: o.clientOrderId,
            price: BinanceDecimal.format(o.price, step: symbol.tick),
            avgPrice: averagePrice(tickLots: o.cumulativeTickLots, lots: o.executedQuantity, tick: symbol.tick),
            origQty: BinanceDecimal.format(o.originalQuantity, step: symbol.lot),
            executedQty: BinanceDecimal.format(o.executedQuantity, step: symbol.lot),
            cumQuote: o.cumulativeQuote == 0 ? "0" : BinanceDecimal.format(money: o.cumulativeQuote, decimals: moneyDecimals),
            timeInForce: o.timeInForce.wireName, type: type(o.type), reduceOnly: o.reduceOnly, side: side(o.side),
            time: milliseconds(o.time), updateTime: milliseconds(o.updateTime), selfTradePreventionMode: "NONE")
    }
}
