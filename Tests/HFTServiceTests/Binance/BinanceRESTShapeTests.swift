import Foundation
import HFTBinance
import Testing

/// The REST reply shapes, decoded back: exactly Binance's keys, with Binance's JSON types
/// (decimals as strings, ids and times as integers, flags as booleans; spec §4).
@Suite("Binance REST JSON shapes")
struct BinanceRESTShapeTests {
    @Test("order (§4.15), with and without time")
    func order() throws {
        var order = BinanceOrder(
            orderId: 22_542_179, symbol: "BTCUSDT", status: "NEW", clientOrderId: "x-cvBPrNm9abc", price: "49500",
            avgPrice: "0.00", origQty: "0.006", executedQty: "0", cumQuote: "0", timeInForce: "GTC", type: "LIMIT",
            reduceOnly: false, side: "BUY", time: 1_700_000_000_000, updateTime: 1_700_000_000_001)
        let strings = keys("symbol status clientOrderId price avgPrice origQty executedQty cumQty cumQuote timeInForce type side positionSide stopPrice workingType origType priceMatch selfTradePreventionMode", .string)
        let full = shape(strings, keys("orderId goodTillDate time updateTime", .number), keys("reduceOnly closePosition priceProtect", .bool))
        expectShape(try jsonObject(BinanceJSON.encode(order)), full)
        order.time = nil
        var withoutTime = full
        withoutTime["time"] = nil
        let object = try jsonObject(BinanceJSON.encode(order))
        expectShape(object, withoutTime)
        let dictionary = try #require(object as? [String: Any])
        #expect(dictionary["orderId"] as? Int == 22_542_179)
        #expect(dictionary["price"] as? String == "49500")
        #expect(dictionary["code"] == nil)
    }

    @Test("user trade (§4.20): no m, isBuyerMaker, isMaker")
    func userTrade() throws {
        let trade = BinanceUserTrade(id: 698_759, orderId: 25_851_813, symbol: "BTCUSDT", side: "SELL", price: "7819.01",
                                     qty: "0.002", quoteQty: "15.63802", commission: "-0.07819010", commissionAsset: "USDT",
                                     realizedPnl: "-0.91539999", maker: false, time: 1_569_514_978_020)
        expectShape(try jsonObject(BinanceJSON.encode(trade)), shape(
            keys("commission commissionAsset price qty quoteQty realizedPnl side positionSide symbol marginAsset", .string),
            keys("id orderId time", .number), keys("buyer maker", .bool)))
    }

    @Test("market data: depth, aggTrades, trades, tickers, premiumIndex, fundingRate, klines")
    func marketData() throws {
        let depth = BinanceDepth(lastUpdateId: 1_027_024, messageTime: 2, transactionTime: 1,
                                 bids: [BinanceLevel(price: "4.00", quantity: "431.000")], asks: [])
        let object = try #require(try jsonObject(BinanceJSON.encode(depth)) as? [String: Any])
        expectShape(object, shape(keys("lastUpdateId E T", .number), keys("bids asks", .array)))
        #expect((object["bids"] as? [[String]]) == [["4.00", "431.000"]])

        expectShape(try jsonObject(BinanceJSON.encode(BinanceAggregateTrade(
            id: 26129, price: "0.01633102", quantity: "4.70443515", firstTradeId: 27781, lastTradeId: 27781, time: 1_498_793_709_153,
            buyerIsMaker: true))), shape(keys("a f l T", .number), keys("p q", .string), keys("m", .bool)))
        expectShape(try jsonObject(BinanceJSON.encode(BinanceTrade(id: 1, price: "1", qty: "2", quoteQty: "2", time: 3, isBuyerMaker: false))),
                    shape(keys("id time", .number), keys("price qty quoteQty", .string), keys("isBuyerMaker", .bool)))
        expectShape(try jsonObject(BinanceJSON.encode(BinanceTicker24h(
            symbol: "BTCUSDT", priceChange: "1", priceChangePercent: "0.1", weightedAvgPrice: "1", lastPrice: "1", lastQty: "1",
            openPrice: "1", highPrice: "1", lowPrice: "1", volume: "1", quoteVolume: "1", openTime: 1, closeTime: 2, firstId: 3,
            lastId: 4, count: 2))), shape(
                keys("symbol priceChange priceChangePercent weightedAvgPrice lastPrice lastQty openPrice highPrice lowPrice volume quoteVolume", .string),
                keys("openTime closeTime firstId lastId count", .number)))
        expectShape(try jsonObject(BinanceJSON.encode(BinanceTickerPrice(symbol: "BTCUSDT", price: "1", time: 1))),
                    shape(keys("symbol price", .string), keys("time", .number)))
        expectShape(try jsonObject(BinanceJSON.encode(BinanceBookTicker(
            symbol: "BTCUSDT", bidPrice: "1", bidQty: "2", askPrice: "3", askQty: "4", time: 5, lastUpdateId: 6))),
                    shape(keys("symbol bidPrice bidQty askPrice askQty", .string), keys("time lastUpdateId", .number)))
        expectShape(try jsonObject(BinanceJSON.encode(BinancePremiumIndex(
            symbol: "BTCUSDT", markPrice: "1", indexPrice: "1", estimatedSettlePrice: "1", lastFundingRate: "0.0001",
            interestRate: "0.0001", nextFundingTime: 1, time: 2))), shape(
                keys("symbol markPrice indexPrice estimatedSettlePrice lastFundingRate interestRate", .string),
                keys("nextFundingTime time", .number)))
        expectShape(try jsonObject(BinanceJSON.encode(BinanceFundingRate(symbol: "BTCUSDT", fundingRate: "0.0001", fundingTime: 1, markPrice: "1"))),
                    shape(keys("symbol fundingRate markPrice", .string), keys("fundingTime", .number)))
        let row = try #require(try jsonObject(BinanceJSON.encode(BinanceKlineRow(
            openTime: 1, open: "1", high: "2", low: "0.5", close: "1.5", volume: "10", closeTime: 59_999, quoteVolume: "15",
            trades: 3, takerBuyVolume: "4", takerBuyQuoteVolume: "6"))) as? [Any])
        #expect(row.map { JSONKind($0) } == [.number, .string, .string, .string, .string, .string, .number, .string, .number, .string, .string, .string])
    }

    @Test("exchangeInfo with symbol, filters and rate limits (§4.2)")
    func exchangeInfo() throws {
        let symbol = BinanceExchangeInfo.Symbol(
            symbol: "BTCUSDT", status: "TRADING", baseAsset: "BTC", quoteAsset: "USDT", pricePrecision: 2, quantityPrecision: 3,
            filters: [
                .priceFilter(minPrice: "0.10", maxPrice: "4529764", tickSize: "0.10"),
                .lotSize(minQty: "0.001", maxQty: "1000", stepSize: "0.001"),
                .marketLotSize(minQty: "0.001", maxQty: "120", stepSize: "0.001"),
                .minNotional(notional: "5"), .maxNumOrders(limit: 200),
                .percentPrice(multiplierUp: "1.0500", multiplierDown: "0.9500", multiplierDecimal: "4"),
            ])
        let info = BinanceExchangeInfo(serverTime: 1, rateLimits: BinanceRateLimiter.Configuration().exchangeInfoRateLimits,
                                       assets: [.init(asset: "USDT")], symbols: [symbol])
        let object = try #require(try jsonObject(BinanceJSON.encode(info)) as? [String: Any])
        expectShape(object, shape(keys("timezone futuresType", .string), keys("serverTime", .number),
                                  keys("rateLimits exchangeFilters assets symbols", .array)))
        let limits = try #require(object["rateLimits"] as? [[String: Any]])
        #expect(limits.count == 3)
        expectShape(limits[0], shape(keys("rateLimitType interval", .string), keys("intervalNum limit", .number)))
        #expect(limits[0]["limit"] as? Int == 2400 && limits[2]["intervalNum"] as? Int == 10 && limits[2]["limit"] as? Int == 300)
        expectShape((object["assets"] as? [Any])?.first, shape(keys("asset autoAssetExchange", .string), keys("marginAvailable", .bool)))
        let first = try #require((object["symbols"] as? [[String: Any]])?.first)
        expectShape(first, shape(
            keys("symbol pair contractType status maintMarginPercent requiredMarginPercent baseAsset quoteAsset marginAsset underlyingType triggerProtect liquidationFee marketTakeBound", .string),
            keys("deliveryDate onboardDate pricePrecision quantityPrecision baseAssetPrecision quotePrecision", .number),
            keys("underlyingSubType filters orderTypes timeInForce", .array)))
        #expect(first["underlying"] == nil && first["tradability"] == nil)
        #expect(first["marginAsset"] as? String == "USDT" && first["contractType"] as? String == "PERPETUAL")
        let filters = try #require(first["filters"] as? [[String: Any]])
        expectShape(filters[0], keys("filterType minPrice maxPrice tickSize", .string))
        expectShape(filters[1], keys("filterType minQty maxQty stepSize", .string))
        expectShape(filters[2], keys("filterType minQty maxQty stepSize", .string))
        expectShape(filters[3], keys("filterType notional", .string))
        expectShape(filters[4], shape(keys("filterType", .string), keys("limit", .number)))
        expectShape(filters[5], keys("filterType multiplierUp multiplierDown multiplierDecimal", .string))
        #expect(filters.map { $0["filterType"] as? String } == ["PRICE_FILTER", "LOT_SIZE", "MARKET_LOT_SIZE", "MIN_NOTIONAL", "MAX_NUM_ORDERS", "PERCENT_PRICE"])
    }

    static let accountTotals = "totalInitialMargin totalMaintMargin totalWalletBalance totalUnrealizedProfit totalMarginBalance totalPositionInitialMargin totalOpenOrderInitialMargin totalCrossWalletBalance totalCrossUnPnl availableBalance maxWithdrawAmount"
    static let assetStrings = "asset walletBalance unrealizedProfit marginBalance maintMargin initialMargin positionInitialMargin openOrderInitialMargin crossWalletBalance crossUnPnl availableBalance maxWithdrawAmount"
    static let positionStrings = "symbol positionSide positionAmt unrealizedProfit isolatedMargin notional isolatedWallet initialMargin maintMargin positionInitialMargin openOrderInitialMargin"

    func account(version: Int) -> BinanceAccount {
        let asset = BinanceAccount.Asset(
            asset: "USDT", walletBalance: "1", unrealizedProfit: "0", marginBalance: "1", maintMargin: "0", initialMargin: "0",
            positionInitialMargin: "0", openOrderInitialMargin: "0", crossWalletBalance: "1", crossUnPnl: "0",
            availableBalance: "1", maxWithdrawAmount: "1", updateTime: 5, version: version)
        let position = BinanceAccount.Position(
            symbol: "BTCUSDT", positionAmt: "0.006", unrealizedProfit: "3", isolatedMargin: "0", notional: "297",
            isolatedWallet: "0", initialMargin: "14.85", maintMargin: "1.188", positionInitialMargin: "14.85",
            openOrderInitialMargin: "0", updateTime: 5,
            leverage: version == 2 ? "20" : nil, isolated: version == 2 ? false : nil,
            entryPrice: version == 2 ? "49500" : nil, maxNotional: version == 2 ? "1000000" : nil)
        return BinanceAccount(
            totalInitialMargin: "0", totalMaintMargin: "0", totalWalletBalance: "1", totalUnrealizedProfit: "0",
            totalMarginBalance: "1", totalPositionInitialMargin: "0", totalOpenOrderInitialMargin: "0",
            totalCrossWalletBalance: "1", totalCrossUnPnl: "0", availableBalance: "1", maxWithdrawAmount: "1",
            assets: [asset], positions: [position], version: version)
    }

    @Test("account v3 and v2 (§4.9)")
    func accounts() throws {
        let v3 = try #require(try jsonObject(BinanceJSON.encode(account(version: 3))) as? [String: Any])
        expectShape(v3, shape(keys(Self.accountTotals, .string), keys("assets positions", .array)))
        expectShape((v3["assets"] as? [Any])?.first, shape(keys(Self.assetStrings, .string), keys("updateTime", .number)))
        expectShape((v3["positions"] as? [Any])?.first, shape(keys(Self.positionStrings, .string), keys("updateTime", .number)))
        let v2 = try #require(try jsonObject(BinanceJSON.encode(account(version: 2))) as? [String: Any])
        expectShape(v2, shape(keys(Self.accountTotals, .string), keys("assets positions", .array), keys("feeTier updateTime", .number),
                              keys("canTrade canDeposit canWithdraw multiAssetsMargin", .bool)))
        expectShape((v2["assets"] as? [Any])?.first, shape(keys(Self.assetStrings, .string), keys("updateTime", .number), keys("marginAvailable", .bool)))
        expectShape((v2["positions"] as? [Any])?.first, shape(
            keys(Self.positionStrings + " leverage entryPrice maxNotional", .string), keys("updateTime", .number), keys("isolated", .bool)))
    }

    @Test("balance, positionRisk v3/v2, leverageBracket, leverage, listenKey, time")
    func accountReplies() throws {
        expectShape(try jsonObject(BinanceJSON.encode(BinanceBalance(
            accountAlias: "SgsR", asset: "USDT", balance: "1", crossWalletBalance: "1", crossUnPnl: "0", availableBalance: "1",
            maxWithdrawAmount: "1", updateTime: 1))), shape(
                keys("accountAlias asset balance crossWalletBalance crossUnPnl availableBalance maxWithdrawAmount", .string),
                keys("updateTime", .number), keys("marginAvailable", .bool)))
        var risk = BinancePositionRisk(
            symbol: "BTCUSDT", positionAmt: "0.006", entryPrice: "49500", breakEvenPrice: "49520", markPrice: "50000",
            unRealizedProfit: "3", liquidationPrice: "0", isolatedMargin: "0", notional: "300", marginAsset: "USDT",
            isolatedWallet: "0", initialMargin: "15", maintMargin: "1.2", positionInitialMargin: "15", openOrderInitialMargin: "0",
            adl: 0, bidNotional: "0", askNotional: "0", updateTime: 1)
        let riskStrings = "symbol positionSide positionAmt entryPrice breakEvenPrice markPrice unRealizedProfit liquidationPrice isolatedMargin notional isolatedWallet"
        expectShape(try jsonObject(BinanceJSON.encode(risk)), shape(
            keys(riskStrings + " marginAsset initialMargin maintMargin positionInitialMargin openOrderInitialMargin bidNotional askNotional", .string),
            keys("adl updateTime", .number)))
        risk.marginAsset = nil; risk.initialMargin = nil; risk.maintMargin = nil; risk.positionInitialMargin = nil
        risk.openOrderInitialMargin = nil; risk.adl = nil; risk.bidNotional = nil; risk.askNotional = nil
        risk.leverage = "20"; risk.maxNotionalValue = "1000000"; risk.marginType = "cross"; risk.isAutoAddMargin = "false"
        expectShape(try jsonObject(BinanceJSON.encode(risk)), shape(
            keys(riskStrings + " leverage maxNotionalValue marginType isAutoAddMargin", .string), keys("updateTime", .number)))

        let bracket = try #require(try jsonObject(BinanceJSON.encode([BinanceLeverageBracket(symbol: "BTCUSDT", brackets: [
            .init(bracket: 1, initialLeverage: 125, notionalCap: 50000, notionalFloor: 0, maintMarginRatio: 0.004, cum: 0),
        ])])) as? [[String: Any]])
        expectShape(bracket[0], shape(keys("symbol", .string), keys("notionalCoef", .number), keys("brackets", .array)))
        expectShape((bracket[0]["brackets"] as? [Any])?.first,
                    keys("bracket initialLeverage notionalCap notionalFloor maintMarginRatio cum", .number))
        #expect(((bracket[0]["brackets"] as? [[String: Any]])?.first?["maintMarginRatio"] as? Double) == 0.004)

        expectShape(try jsonObject(BinanceJSON.encode(BinanceLeverageReply(leverage: 21, maxNotionalValue: "1000000", symbol: "BTCUSDT"))),
                    shape(keys("leverage", .number), keys("maxNotionalValue symbol", .string)))
        expectShape(try jsonObject(BinanceJSON.encode(BinanceListenKeyReply(listenKey: "abc"))), keys("listenKey", .string))
        expectShape(try jsonObject(BinanceJSON.encode(BinanceServerTime(serverTime: 1_700_000_000_000))), keys("serverTime", .number))
    }

    @Test("the shared encoder gives the same bytes from concurrent tasks")
    func concurrentEncoding() async {
        let value = BinanceTickerPrice(symbol: "BTCUSDT", price: "49500.10", time: 1)
        let expected = BinanceJSON.encode(value)
        let serial = (0 ..< 200).map { _ in String(decoding: BinanceJSON.encode(value), as: UTF8.self) }
        #expect(Set(serial).count == 1, "\(Set(serial))")
        let results = await withTaskGroup(of: Bool.self) { group in
            for _ in 0 ..< 8 {
                group.addTask { (0 ..< 200).allSatisfy { _ in BinanceJSON.encode(value) == expected } }
            }
            return await group.reduce(true) { $0 && $1 }
        }
        #expect(results)
    }
}
