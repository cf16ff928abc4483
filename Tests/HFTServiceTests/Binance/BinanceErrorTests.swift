import Foundation
import HFTEngine
import Testing

@testable import HFTBinance

/// Every constructor of `BinanceError+Catalog.swift` against spec §3's table, and every case
/// of the engine's reason enums through the documented mappings.
@Suite("Binance error codes")
struct BinanceErrorTests {
    /// (error, code, HTTP status, exact message).
    static let catalog: [(BinanceError, Int, Int, String)] = [
        (.unknown, -1000, 500, "An unknown error occurred while processing the request."),
        (.disconnected, -1001, 500, "Internal error; unable to process your request. Please try again."),
        (.overloaded, -1008, 503, "Server is currently overloaded with other requests. Please try again in a few minutes."),
        (.tooManyOrders(limit: 1200, interval: "MINUTE"), -1015, 429, "Too many new orders; current limit is 1200 orders per MINUTE."),
        (.timestampAhead, -1021, 400, "Timestamp for this request was 1000ms ahead of the server's time."),
        (.outsideRecvWindow, -1021, 400, "Timestamp for this request is outside of the recvWindow."),
        (.badSignature, -1022, 400, "Signature for this request is not valid."),
        (.illegalCharacters, -1100, 400, "Illegal characters found in a parameter."),
        (.tooManyParameters, -1101, 400, "Too many parameters sent for this endpoint."),
        (.duplicateParameter, -1101, 400, "Duplicate values for a parameter detected."),
        (.mandatoryParameter("symbol"), -1102, 400, "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed."),
        (.unreadParameters(read: 2, sent: 3), -1104, 400, "Not all sent parameters were read; read '2' parameter(s) but was sent '3'."),
        (.precisionOverMaximum, -1111, 400, "Precision is over the maximum defined for this asset."),
        (.invalidTimeInForce, -1115, 400, "Invalid timeInForce."),
        (.invalidOrderType, -1116, 400, "Invalid orderType."),
        (.invalidSide, -1117, 400, "Invalid side."),
        (.invalidSymbol, -1121, 400, "Invalid symbol."),
        (.symbolHalted, -1122, 400, "Invalid symbol status."),
        (.listenKeyNotFound, -1125, 400, "This listenKey does not exist."),
        (.invalidParameter("recvWindow"), -1130, 400, "Data sent for parameter 'recvWindow' is not valid."),
        (.invalidJSON, -1135, 400, "Invalid JSON Request"),
        (.priceOutsideBand, -1013, 400, "Filter failure: PERCENT_PRICE"),
        (.requestTooLarge, -1000, 413, "Request too large."),
        (.newOrderRejected("Kill switch."), -2010, 400, "Kill switch."),
        (.unknownOrderCancel, -2011, 400, "Unknown order sent."),
        (.orderDoesNotExist, -2013, 400, "Order does not exist."),
        (.apiKeyFormatInvalid, -2014, 401, "API-key format invalid."),
        (.invalidApiKey, -2015, 401, "Invalid API-key, IP, or permissions for action."),
        (.marginInsufficient, -2019, 400, "Margin is insufficient."),
        (.reduceOnlyRejected, -2022, 400, "ReduceOnly Order is rejected."),
        (.maxOpenOrders, -2025, 400, "Reach max open order limit."),
        (.positionAboveLeverageCap, -2027, 400, "Exceeded the maximum allowable position at current leverage."),
        (.quantityNotPositive, -4003, 400, "Quantity less than or equal to zero."),
        (.quantityBelowMin, -4004, 400, "Quantity less than min quantity."),
        (.quantityAboveMax, -4005, 400, "Quantity greater than max quantity."),
        (.priceBelowMin, -4013, 400, "Price less than min price."),
        (.priceAboveMax, -4002, 400, "Price greater than max price."),
        (.priceOffTick, -4014, 400, "Price not increased by tick size."),
        (.clientOrderIdInvalid, -4015, 400, "Client order id is not valid."),
        (.quantityOffStep, -4023, 400, "Quantity not increased by step size."),
        (.leverageInvalid("200"), -4028, 400, "Leverage 200 is not valid"),
        (.marginTypeUnchanged, -4046, 400, "No need to change margin type."),
        (.marginTypeWithOrders, -4047, 400, "Margin type cannot be changed if there exists open orders."),
        (.marginTypeWithPosition, -4048, 400, "Margin type cannot be changed if there exists position."),
        (.duplicateClientOrderId, -4116, 400, "ClientOrderId is duplicated."),
        (.notionalTooSmall("5"), -4164, 400, "Order's notional must be no smaller than 5 (unless you choose reduce only)."),
        (.fokNotFillable, -5021, 400,
         "Due to the order could not be filled immediately, the FOK order has been rejected. The order will not be recorded in the order history"),
        (.postOnlyWouldTake, -5022, 400,
         "Due to the order could not be executed as maker, the Post Only order will be rejected. The order will not be recorded in the order history"),
    ]

    @Test("every constructor: code, status, message and JSON body")
    func catalogRows() throws {
        for (error, code, status, message) in Self.catalog {
            #expect(error.code == code, "\(message)")
            #expect(error.status == status, "\(message)")
            #expect(error.message == message)
            #expect(error.retryAfter == nil)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(error.json)) as? [String: Any])
            #expect(Set(object.keys) == ["code", "msg"])
            #expect(object["code"] as? Int == code)
            #expect(object["msg"] as? String == message)
        }
    }

    @Test("429 and 418 carry Retry-After")
    func rateLimitErrors() {
        let limited = BinanceError.tooManyRequests(retryAfter: 17, limit: 2400, ip: "127.0.0.1")
        #expect(limited.code == -1003 && limited.status == 429 && limited.retryAfter == 17)
        #expect(limited.message == "Too many requests; current limit of IP(127.0.0.1) is 2400 requests per minute. Please use the websocket for live updates to avoid polling the API.")
        #expect(BinanceError.tooManyRequests(retryAfter: 1).message.hasPrefix("Too many requests; current limit is 2400 requests per minute."))
        let banned = BinanceError.banned(retryAfter: 120, untilMilliseconds: 1_700_000_120_000, ip: "10.0.0.1")
        #expect(banned.code == -1003 && banned.status == 418 && banned.retryAfter == 120)
        #expect(banned.message == "Way too many requests; IP(10.0.0.1) banned until 1700000120000. Please use the websocket for live updates to avoid bans.")
        #expect(BinanceError.tooManyOrders(limit: 300, interval: "10 SECOND", retryAfter: 3).retryAfter == 3)
    }

    @Test("order rejects map to Binance codes", arguments: RejectReason.allCases)
    func orderReasons(reason: RejectReason) {
        let expected: [RejectReason: Int] = [
            .badTick: -4014, .badLot: -4023, .badQuantity: -4003, .badPrice: -4013, .priceBand: -1013,
            .unknownSymbol: -1121, .duplicateOrderId: -4116, .unknownOrder: -2011, .capacity: -1008,
            .maxNotional: -4005, .badOrderId: -1130, .badTimeInForce: -1115, .halted: -1122,
            .insufficientMargin: -2019, .reduceOnly: -2022, .tooManyOrders: -2025, .leverage: -2027,
            .unknownAccount: -2015,
        ]
        let error = BinanceError(order: reason)
        #expect(error.code == expected[reason], "\(reason.wireName)")
        #expect(error.code < 0 && !error.message.isEmpty)
    }

    @Test("venue rejects map to Binance codes", arguments: VenueReject.allCases)
    func venueRejects(reject: VenueReject) throws {
        let expected: [VenueReject: (Int, Int)] = [
            .badCommand: (-1000, 500), .unknownSymbol: (-1121, 400), .badSymbol: (-1000, 500), .tooManySymbols: (-1000, 500),
            .unknownAccount: (-2015, 401), .badAmount: (-1130, 400), .insufficientMargin: (-2019, 400),
            .leverage: (-4028, 400), .marginMode: (-4048, 400), .badPrice: (-1130, 400), .badRate: (-1130, 400),
            .badBrackets: (-1130, 400), .noMark: (-1000, 400), .fundingOverflow: (-1000, 500), .capacity: (-1008, 503),
            .riskOff: (-1000, 500), .badQuantity: (-4003, 400), .halted: (-1122, 400), .priceBand: (-1013, 400),
            .reduceOnly: (-2022, 400), .tooManyOrders: (-2025, 400), .duplicateOrderId: (-4116, 400),
        ]
        let error = BinanceError(reject)
        let (code, status) = try #require(expected[reject], "\(reject.code) has no expectation")
        #expect(error.code == code, "\(reject.code)")
        #expect(error.status == status, "\(reject.code)")
    }

    @Test("FOK and post-only expiries are errors; the other expiries are not", arguments: ExpireReason.allCases)
    func expiries(reason: ExpireReason) {
        let error = BinanceError(expire: reason)
        switch reason {
        case .fok: #expect(error?.code == -5021)
        case .postOnly: #expect(error?.code == -5022)
        case .ioc, .market, .selfTrade: #expect(error == nil)
        }
    }

    @Test("success code bodies")
    func successBodies() throws {
        let success = try #require(try JSONSerialization.jsonObject(with: Data(BinanceJSON.encode(BinanceCodeMessage.success))) as? [String: Any])
        #expect(success["code"] as? Int == 200 && success["msg"] as? String == "success")
        let cancel = try #require(try JSONSerialization.jsonObject(
            with: Data(BinanceJSON.encode(BinanceCodeMessage.allOpenOrdersCanceled))) as? [String: Any])
        #expect(cancel["msg"] as? String == "The operation of cancel all open order is done.")
        #expect(BinanceJSON.encode(BinanceEmptyObject()) == Array("{}".utf8))
    }
}
