import Foundation
import HFTBinance
import Testing

/// Market-stream and user-data-stream payloads (spec §5, §6), decoded back.
@Suite("Binance stream JSON shapes")
struct BinanceStreamShapeTests {
    @Test("depthUpdate (diff and partial), trade, aggTrade, bookTicker, markPriceUpdate, kline")
    func marketStreams() throws {
        let depth = BinanceDepthUpdate(eventTime: 2, transactionTime: 1, symbol: "BTCUSDT", firstUpdateId: 11, finalUpdateId: 12,
                                       previousFinalUpdateId: 10, bids: [BinanceLevel(price: "7403.89", quantity: "0.002")],
                                       asks: [BinanceLevel(price: "7405.96", quantity: "0")])
        let object = try #require(try jsonObject(BinanceJSON.encode(depth)) as? [String: Any])
        expectShape(object, shape(keys("e s", .string), keys("E T U u pu", .number), keys("b a", .array)))
        #expect(object["e"] as? String == "depthUpdate")
        #expect(object["pu"] as? Int == 10 && object["U"] as? Int == 11 && object["u"] as? Int == 12)
        #expect(object["a"] as? [[String]] == [["7405.96", "0"]])

        let trade = try #require(try jsonObject(BinanceJSON.encode(BinanceTradeEvent(
            eventTime: 2, tradeTime: 1, symbol: "BTCUSDT", tradeId: 123, price: "0.001", quantity: "100", buyerIsMaker: true))) as? [String: Any])
        expectShape(trade, shape(keys("e s p q X", .string), keys("E T t", .number), keys("m", .bool)))
        #expect(trade["e"] as? String == "trade" && trade["X"] as? String == "MARKET")

        let aggregate = try #require(try jsonObject(BinanceJSON.encode(BinanceAggregateTradeEvent(
            eventTime: 2, symbol: "BTCUSDT", aggregateId: 5, price: "1", quantity: "2", firstTradeId: 100, lastTradeId: 105,
            tradeTime: 1, buyerIsMaker: false))) as? [String: Any])
        expectShape(aggregate, shape(keys("e s p q", .string), keys("E a f l T", .number), keys("m", .bool)))
        #expect(aggregate["e"] as? String == "aggTrade")

        let book = try #require(try jsonObject(BinanceJSON.encode(BinanceBookTickerEvent(
            updateId: 400_900_217, eventTime: 2, transactionTime: 1, symbol: "BNBUSDT", bidPrice: "25.35", bidQuantity: "31.21",
            askPrice: "25.36", askQuantity: "40.66"))) as? [String: Any])
        expectShape(book, shape(keys("e s b B a A", .string), keys("u E T", .number)))
        #expect(book["B"] as? String == "31.21" && book["b"] as? String == "25.35")

        let mark = try #require(try jsonObject(BinanceJSON.encode(BinanceMarkPriceEvent(
            eventTime: 1, symbol: "BTCUSDT", markPrice: "11794.15", indexPrice: "11784.62", estimatedSettlePrice: "11784.25",
            fundingRate: "0.00038167", nextFundingTime: 1_562_306_400_000))) as? [String: Any])
        expectShape(mark, shape(keys("e s p i P r", .string), keys("E T", .number)))
        #expect(mark["e"] as? String == "markPriceUpdate")

        let kline = try #require(try jsonObject(BinanceJSON.encode(BinanceKlineEvent(eventTime: 1, symbol: "BTCUSDT", kline: .init(
            openTime: 0, closeTime: 59_999, symbol: "BTCUSDT", interval: "1m", firstTradeId: 1, lastTradeId: 2, open: "1", close: "2",
            high: "3", low: "0.5", volume: "10", trades: 2, closed: false, quoteVolume: "15", takerBuyVolume: "4",
            takerBuyQuoteVolume: "6")))) as? [String: Any])
        expectShape(kline, shape(keys("e s", .string), keys("E", .number), keys("k", .object)))
        expectShape(kline["k"], shape(keys("s i o c h l v q V Q B", .string), keys("t T f L n", .number), keys("x", .bool)))
    }

    @Test("combined frame: generic and pre-encoded wrapping agree")
    func combined() throws {
        let trade = BinanceTradeEvent(eventTime: 2, tradeTime: 1, symbol: "BTCUSDT", tradeId: 1, price: "1", quantity: "1", buyerIsMaker: true)
        let wrapped = BinanceJSON.combined(stream: "btcusdt@trade", encodedData: BinanceJSON.encode(trade))
        let object = try #require(try jsonObject(wrapped) as? [String: Any])
        expectShape(object, shape(keys("stream", .string), keys("data", .object)))
        #expect(object["stream"] as? String == "btcusdt@trade")
        let generic = try jsonObject(BinanceJSON.encode(BinanceCombinedFrame(stream: "btcusdt@trade", data: trade)))
        #expect(try JSONSerialization.data(withJSONObject: generic, options: .sortedKeys)
            == JSONSerialization.data(withJSONObject: object, options: .sortedKeys))
        #expect(String(decoding: wrapped, as: UTF8.self).hasPrefix(#"{"stream":"btcusdt@trade","data":{"#))
    }

    @Test("ORDER_TRADE_UPDATE, ACCOUNT_UPDATE, MARGIN_CALL, listenKeyExpired (§6)")
    func userStream() throws {
        let update = try #require(try jsonObject(BinanceJSON.encode(BinanceOrderTradeUpdate(eventTime: 2, transactionTime: 1, order: .init(
            symbol: "BTCUSDT", clientOrderId: "x-cvBPrNm9", side: "BUY", orderType: "LIMIT", timeInForce: "GTC",
            originalQuantity: "0.006", price: "49500", averagePrice: "49500", executionType: "TRADE", status: "FILLED",
            orderId: 22_542_179, lastFilledQuantity: "0.006", filledQuantity: "0.006", lastFilledPrice: "49500",
            commissionAsset: "USDT", commission: "0.0594", tradeTime: 1, tradeId: 1001, bidsNotional: "0", asksNotional: "0",
            isMaker: true, reduceOnly: false, realizedProfit: "0")))) as? [String: Any])
        expectShape(update, shape(keys("e", .string), keys("E T", .number), keys("o", .object)))
        #expect(update["e"] as? String == "ORDER_TRADE_UPDATE")
        expectShape(update["o"], shape(
            keys("s c S o f q p ap sp x X l z L N n b a wt ot ps rp V pm", .string),
            keys("i T t si ss gtd", .number), keys("m R cp pP", .bool)))

        let account = try #require(try jsonObject(BinanceJSON.encode(BinanceAccountUpdate(eventTime: 2, transactionTime: 1, update: .init(
            reason: "ORDER",
            balances: [.init(asset: "USDT", walletBalance: "122624.12", crossWalletBalance: "100.12", balanceChange: "50.12")],
            positions: [.init(symbol: "BTCUSDT", positionAmount: "0.006", entryPrice: "49500", breakEvenPrice: "49500",
                              accumulatedRealized: "0", unrealizedProfit: "3.0", marginType: "cross", isolatedWallet: "0")])))) as? [String: Any])
        expectShape(account, shape(keys("e", .string), keys("E T", .number), keys("a", .object)))
        let content = try #require(account["a"] as? [String: Any])
        expectShape(content, shape(keys("m", .string), keys("B P", .array)))
        expectShape((content["B"] as? [Any])?.first, keys("a wb cw bc", .string))
        expectShape((content["P"] as? [Any])?.first, keys("s pa ep bep cr up mt iw ps", .string))

        let call = try #require(try jsonObject(BinanceJSON.encode(BinanceMarginCall(eventTime: 1, crossWalletBalance: "3.16", positions: [
            .init(symbol: "ETHUSDT", positionAmount: "1.327", marginType: "CROSSED", isolatedWallet: "0", markPrice: "187.17",
                  unrealizedProfit: "-1.16", maintenanceMargin: "1.61"),
        ]))) as? [String: Any])
        expectShape(call, shape(keys("e cw", .string), keys("E", .number), keys("p", .array)))
        expectShape((call["p"] as? [Any])?.first, keys("s ps pa mt iw mp up mm", .string))

        let expired = try #require(try jsonObject(BinanceJSON.encode(BinanceListenKeyExpired(eventTime: 1, listenKey: "k"))) as? [String: Any])
        expectShape(expired, shape(keys("e listenKey", .string), keys("E", .number)))
        #expect(expired["e"] as? String == "listenKeyExpired")
    }
}
