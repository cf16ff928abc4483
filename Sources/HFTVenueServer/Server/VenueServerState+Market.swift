import HFTBinance
import HFTEngine
import HFTService

extension BinanceFormat {
    /// A rate (e8) as Binance writes funding rates: 8 decimals.
    static func rate(_ rate: Rate) -> String { BinanceDecimal.format(money: rate.e8, decimals: 8) }
}

/// The read model's market values in Binance's shapes.
extension VenueServerState {
    func exchangeInfo() -> BinanceExchangeInfo {
        let limits = resolved.rateLimits
        let quoteAssets = Array(Set(symbols.map(\.quoteAsset))).sorted()
        return BinanceExchangeInfo(
            serverTime: nowMilliseconds,
            rateLimits: [
                BinanceRateLimit(rateLimitType: "REQUEST_WEIGHT", interval: "MINUTE", intervalNum: 1, limit: limits.weightPerMinute),
                BinanceRateLimit(rateLimitType: "ORDERS", interval: "MINUTE", intervalNum: 1, limit: limits.ordersPerMinute),
                BinanceRateLimit(rateLimitType: "ORDERS", interval: "SECOND", intervalNum: 10, limit: limits.ordersPer10Seconds),
            ],
            assets: quoteAssets.map { BinanceExchangeInfo.Asset(asset: $0) },
            symbols: symbols.map { s in
                let halted = sink.read { $0.prices(symbol: s.index) } == nil
                return BinanceExchangeInfo.Symbol(
                    symbol: s.name, status: halted ? "PENDING_TRADING" : "TRADING", baseAsset: s.baseAsset,
                    quoteAsset: s.quoteAsset, pricePrecision: s.pricePrecision, quantityPrecision: s.quantityPrecision,
                    filters: [
                        .priceFilter(minPrice: BinanceDecimal.format(s.minPriceTicks, step: s.tick),
                                     maxPrice: BinanceDecimal.format(s.maxPriceTicks, step: s.tick), tickSize: BinanceDecimal.format(1, step: s.tick)),
                        .lotSize(minQty: BinanceDecimal.format(s.minQuantityLots, step: s.lot),
                                 maxQty: BinanceDecimal.format(s.maxQuantityLots, step: s.lot), stepSize: BinanceDecimal.format(1, step: s.lot)),
                        .marketLotSize(minQty: BinanceDecimal.format(s.minQuantityLots, step: s.lot),
                                       maxQty: BinanceDecimal.format(s.marketMaxQuantityLots, step: s.lot), stepSize: BinanceDecimal.format(1, step: s.lot)),
                        .maxNumOrders(limit: resolved.venue.maxOpenOrdersPerAccount),
                        .minNotional(notional: BinanceDecimal.format(money: s.minNotional, decimals: moneyDecimals).trimmedDecimal),
                    ],
                    orderTypes: NewOrder.orderTypes)
            })
    }

    func klineRow(_ k: Kline, symbol: ServiceSymbol) -> BinanceKlineRow {
        BinanceKlineRow(
            openTime: BinanceFormat.milliseconds(k.openTime), open: BinanceDecimal.format(k.open, step: symbol.tick),
            high: BinanceDecimal.format(k.high, step: symbol.tick), low: BinanceDecimal.format(k.low, step: symbol.tick),
            close: BinanceDecimal.format(k.close, step: symbol.tick), volume: BinanceDecimal.format(k.volume, step: symbol.lot),
            closeTime: BinanceFormat.milliseconds(k.closeTime),
            quoteVolume: BinanceDecimal.format(money: k.quoteVolume, decimals: moneyDecimals), trades: k.tradeCount,
            takerBuyVolume: BinanceDecimal.format(k.takerBuyVolume, step: symbol.lot),
            takerBuyQuoteVolume: BinanceDecimal.format(money: k.takerBuyQuoteVolume, decimals: moneyDecimals))
    }

    /// The 24-hour ticker (zeros before the first trade).
    func ticker(_ t: Ticker24h?, symbol: ServiceSymbol, now: Int64) -> BinanceTicker24h {
        let price = { (ticks: Int64) in BinanceDecimal.format(ticks, step: symbol.tick) }
        guard let t else {
            let ms = BinanceFormat.milliseconds(now)
            return BinanceTicker24h(symbol: symbol.name, priceChange: "0", priceChangePercent: "0", weightedAvgPrice: "0",
                                    lastPrice: "0", lastQty: "0", openPrice: "0", highPrice: "0", lowPrice: "0", volume: "0",
                                    quoteVolume: "0", openTime: ms - 86_400_000, closeTime: ms, firstId: -1, lastId: -1, count: 0)
        }
        // Percent with 3 decimals, and the volume-weighted average price, from exact integers.
        let percent = t.openPrice == 0 ? 0 : Int64(Int128(t.priceChange) * 100_000 / Int128(t.openPrice))
        let vwap = t.volume == 0 ? "0" : BinanceFormat.averagePrice(
            tickLots: Int64(clamping: Int128(t.quoteVolume) / Int128(max(symbol.moneyPerTickLot, 1))), lots: t.volume, tick: symbol.tick)
        return BinanceTicker24h(
            symbol: symbol.name, priceChange: price(t.priceChange), priceChangePercent: BinanceDecimal.format(money: percent, decimals: 3),
            weightedAvgPrice: vwap, lastPrice: price(t.lastPrice), lastQty: BinanceDecimal.format(t.lastQuantity, step: symbol.lot),
            openPrice: price(t.openPrice), highPrice: price(t.highPrice), lowPrice: price(t.lowPrice),
            volume: BinanceDecimal.format(t.volume, step: symbol.lot),
            quoteVolume: BinanceDecimal.format(money: t.quoteVolume, decimals: moneyDecimals),
            openTime: BinanceFormat.milliseconds(t.openTime), closeTime: BinanceFormat.milliseconds(t.closeTime),
            firstId: t.firstTradeId, lastId: t.lastTradeId, count: t.count)
    }

    func bookTicker(_ b: BookTicker?, symbol: ServiceSymbol) -> BinanceBookTicker {
        BinanceBookTicker(
            symbol: symbol.name, bidPrice: BinanceDecimal.format(b?.bidPrice ?? 0, step: symbol.tick),
            bidQty: BinanceDecimal.format(b?.bidQuantity ?? 0, step: symbol.lot),
            askPrice: BinanceDecimal.format(b?.askPrice ?? 0, step: symbol.tick),
            askQty: BinanceDecimal.format(b?.askQuantity ?? 0, step: symbol.lot),
            time: BinanceFormat.milliseconds(b?.time ?? 0), lastUpdateId: b?.updateId ?? 0)
    }

    func premiumIndex(_ symbol: ServiceSymbol) -> BinancePremiumIndex {
        let prices = sink.read { $0.prices(symbol: symbol.index) }
        return BinancePremiumIndex(
            symbol: symbol.name, markPrice: BinanceDecimal.format(prices?.markPrice ?? 0, step: symbol.tick),
            indexPrice: BinanceDecimal.format(prices?.indexPrice ?? 0, step: symbol.tick),
            estimatedSettlePrice: BinanceDecimal.format(prices?.indexPrice ?? 0, step: symbol.tick),
            lastFundingRate: BinanceFormat.rate(prices?.lastFundingRate ?? .zero), interestRate: "0.00010000",
            nextFundingTime: BinanceFormat.milliseconds(prices?.nextFundingTime ?? 0),
            time: BinanceFormat.milliseconds(prices?.time ?? 0))
    }
}
