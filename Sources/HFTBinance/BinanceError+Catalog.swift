/// Binance's refusals, one constructor per row of `spec/binance-usdm.md` §3 (codes, HTTP
/// statuses and message texts as Binance sends them), plus the few general codes the service
/// needs (-1000, -1008, -1100, -1101, -1104, -1122, -1135, -2010, -2025, -2027, -1013).
///
/// Each constructor is the only place its code and text are written; the tests check every one.
extension BinanceError {
    // MARK: 10xx: general server or network issues (§3 rows "internal", "weight limit", "order rate")

    /// -1000, HTTP 500: an internal fault (§3 "internal").
    public static var unknown: BinanceError {
        BinanceError(code: -1000, message: "An unknown error occurred while processing the request.", status: 500)
    }

    /// -1001, HTTP 500: the engine could not be reached (§3 "internal", Binance's DISCONNECTED).
    public static var disconnected: BinanceError {
        BinanceError(code: -1001, message: "Internal error; unable to process your request. Please try again.", status: 500)
    }

    /// -1003, HTTP 429: the IP used more request weight than its limit this minute (§2, §3).
    /// `retryAfter` is the `Retry-After` header in seconds (to the end of the window).
    public static func tooManyRequests(retryAfter: Int, limit: Int = 2400, ip: String? = nil) -> BinanceError {
        let who = ip.map { "current limit of IP(\($0)) is" } ?? "current limit is"
        var error = BinanceError(
            code: -1003,
            message: "Too many requests; \(who) \(limit) requests per minute. Please use the websocket for live updates to avoid polling the API.",
            status: 429)
        error.retryAfter = retryAfter
        return error
    }

    /// -1003, HTTP 418: the IP kept sending while rate-limited and is banned for `retryAfter`
    /// seconds (§2 "repeat offenders HTTP 418"). `untilMilliseconds` is the ban's end (Unix ms).
    public static func banned(retryAfter: Int, untilMilliseconds: Int64? = nil, ip: String? = nil) -> BinanceError {
        let who = ip.map { "IP(\($0))" } ?? "IP"
        let until = untilMilliseconds.map { " until \($0)" } ?? ""
        var error = BinanceError(
            code: -1003,
            message: "Way too many requests; \(who) banned\(until). Please use the websocket for live updates to avoid bans.",
            status: 418)
        error.retryAfter = retryAfter
        return error
    }

    /// -1008, HTTP 503: the engine's command queue is full (Binance's SERVER_BUSY); retry later.
    public static var overloaded: BinanceError {
        BinanceError(code: -1008, message: "Server is currently overloaded with other requests. Please try again in a few minutes.", status: 503)
    }

    /// -1015, HTTP 429: the account placed too many orders in `interval` ("10 SECOND", "MINUTE").
    public static func tooManyOrders(limit: Int, interval: String, retryAfter: Int? = nil) -> BinanceError {
        var error = BinanceError(code: -1015, message: "Too many new orders; current limit is \(limit) orders per \(interval).", status: 429)
        error.retryAfter = retryAfter
        return error
    }

    /// -1021: `timestamp` more than 1000 ms ahead of the server's clock (§2 "Timing").
    public static var timestampAhead: BinanceError {
        BinanceError(code: -1021, message: "Timestamp for this request was 1000ms ahead of the server's time.")
    }

    /// -1021: `timestamp` older than `recvWindow` (§2 "Timing").
    public static var outsideRecvWindow: BinanceError {
        BinanceError(code: -1021, message: "Timestamp for this request is outside of the recvWindow.")
    }

    /// -1022: the HMAC-SHA256 signature does not match (§2, §3 "bad signature").
    public static var badSignature: BinanceError {
        BinanceError(code: -1022, message: "Signature for this request is not valid.")
    }

    // MARK: 11xx: request issues

    /// -1100: a parameter holds bytes that are not valid percent-encoded UTF-8.
    public static var illegalCharacters: BinanceError {
        BinanceError(code: -1100, message: "Illegal characters found in a parameter.")
    }

    /// -1101: more parameters than the service reads in one request.
    public static var tooManyParameters: BinanceError {
        BinanceError(code: -1101, message: "Too many parameters sent for this endpoint.")
    }

    /// -1101: the same parameter name twice in one request (Binance's text for that case).
    public static var duplicateParameter: BinanceError {
        BinanceError(code: -1101, message: "Duplicate values for a parameter detected.")
    }

    /// -1102: a mandatory parameter is missing or empty (§3 "missing param").
    public static func mandatoryParameter(_ name: String) -> BinanceError {
        BinanceError(code: -1102, message: "Mandatory parameter '\(name)' was not sent, was empty/null, or malformed.")
    }

    /// -1104: parameters the endpoint does not read.
    public static func unreadParameters(read: Int, sent: Int) -> BinanceError {
        BinanceError(code: -1104, message: "Not all sent parameters were read; read '\(read)' parameter(s) but was sent '\(sent)'.")
    }

    /// -1111: a decimal with more digits after the point than the tick or step allows (§3).
    public static var precisionOverMaximum: BinanceError {
        BinanceError(code: -1111, message: "Precision is over the maximum defined for this asset.")
    }

    /// -1115 (§3 "bad timeInForce").
    public static var invalidTimeInForce: BinanceError { BinanceError(code: -1115, message: "Invalid timeInForce.") }

    /// -1116 (§3 "bad type").
    public static var invalidOrderType: BinanceError { BinanceError(code: -1116, message: "Invalid orderType.") }

    /// -1117 (§3 "bad side").
    public static var invalidSide: BinanceError { BinanceError(code: -1117, message: "Invalid side.") }

    /// -1121 (§3 "unknown symbol").
    public static var invalidSymbol: BinanceError { BinanceError(code: -1121, message: "Invalid symbol.") }

    /// -1122: the symbol is halted (an admin halt or the kill switch); Binance's INVALID_SYMBOL_STATUS.
    public static var symbolHalted: BinanceError { BinanceError(code: -1122, message: "Invalid symbol status.") }

    /// -1125 (§3 "listenKey unknown").
    public static var listenKeyNotFound: BinanceError { BinanceError(code: -1125, message: "This listenKey does not exist.") }

    /// -1130: a parameter's value is not valid (§3 "bad value").
    public static func invalidParameter(_ name: String) -> BinanceError {
        BinanceError(code: -1130, message: "Data sent for parameter '\(name)' is not valid.")
    }

    /// -1135: a WebSocket API frame that is not a JSON request object.
    public static var invalidJSON: BinanceError { BinanceError(code: -1135, message: "Invalid JSON Request") }

    /// -1013: a price outside the symbol's band (Binance's filter-failure code and text).
    public static var priceOutsideBand: BinanceError { BinanceError(code: -1013, message: "Filter failure: PERCENT_PRICE") }

    /// HTTP 413 with -1000: the request's query and body exceed the service's size limit.
    public static var requestTooLarge: BinanceError {
        BinanceError(code: -1000, message: "Request too large.", status: 413)
    }

    // MARK: 20xx: processing issues

    /// -2010: the venue refused a new order for a reason Binance has no code of its own for.
    public static func newOrderRejected(_ reason: String) -> BinanceError {
        BinanceError(code: -2010, message: reason)
    }

    /// -2011 (§3 "cancel unknown/closed order").
    public static var unknownOrderCancel: BinanceError { BinanceError(code: -2011, message: "Unknown order sent.") }

    /// -2013 (§3 "query unknown order").
    public static var orderDoesNotExist: BinanceError { BinanceError(code: -2013, message: "Order does not exist.") }

    /// -2014, HTTP 401 (§3 "no / malformed API key").
    public static var apiKeyFormatInvalid: BinanceError {
        BinanceError(code: -2014, message: "API-key format invalid.", status: 401)
    }

    /// -2015, HTTP 401 (§3 "unknown key / no permission").
    public static var invalidApiKey: BinanceError {
        BinanceError(code: -2015, message: "Invalid API-key, IP, or permissions for action.", status: 401)
    }

    /// -2019 (§3 "insufficient margin").
    public static var marginInsufficient: BinanceError { BinanceError(code: -2019, message: "Margin is insufficient.") }

    /// -2022 (§3 "reduceOnly would not reduce").
    public static var reduceOnlyRejected: BinanceError { BinanceError(code: -2022, message: "ReduceOnly Order is rejected.") }

    /// -2025: the account holds its maximum of open orders.
    public static var maxOpenOrders: BinanceError { BinanceError(code: -2025, message: "Reach max open order limit.") }

    /// -2027: the resulting position is beyond the current leverage's bracket.
    public static var positionAboveLeverageCap: BinanceError {
        BinanceError(code: -2027, message: "Exceeded the maximum allowable position at current leverage.")
    }

    // MARK: 40xx, 41xx, 50xx: filters and order rules (§3)

    /// -4003 (§3 "qty ≤ 0").
    public static var quantityNotPositive: BinanceError { BinanceError(code: -4003, message: "Quantity less than or equal to zero.") }
    /// -4004 (§3 "qty < minQty").
    public static var quantityBelowMin: BinanceError { BinanceError(code: -4004, message: "Quantity less than min quantity.") }
    /// -4005 (§3 "qty > maxQty").
    public static var quantityAboveMax: BinanceError { BinanceError(code: -4005, message: "Quantity greater than max quantity.") }
    /// -4013 (§3 "price < minPrice").
    public static var priceBelowMin: BinanceError { BinanceError(code: -4013, message: "Price less than min price.") }
    /// -4002 (§3 "price > maxPrice").
    public static var priceAboveMax: BinanceError { BinanceError(code: -4002, message: "Price greater than max price.") }
    /// -4014 (§3 "price off tick").
    public static var priceOffTick: BinanceError { BinanceError(code: -4014, message: "Price not increased by tick size.") }
    /// -4015 (§3 "bad client id").
    public static var clientOrderIdInvalid: BinanceError { BinanceError(code: -4015, message: "Client order id is not valid.") }
    /// -4023 (§3 "qty off step").
    public static var quantityOffStep: BinanceError { BinanceError(code: -4023, message: "Quantity not increased by step size.") }

    /// -4028 (§3 "bad leverage"): `Leverage <value> is not valid` (Binance's text has no period).
    public static func leverageInvalid(_ value: String) -> BinanceError {
        BinanceError(code: -4028, message: "Leverage \(value) is not valid")
    }

    /// -4046: exact text; ccxt raises MarginModeAlreadySet on it (§3).
    public static var marginTypeUnchanged: BinanceError { BinanceError(code: -4046, message: "No need to change margin type.") }
    /// -4047 (§3 "margin type with orders").
    public static var marginTypeWithOrders: BinanceError {
        BinanceError(code: -4047, message: "Margin type cannot be changed if there exists open orders.")
    }
    /// -4048 (§3 "margin type with position").
    public static var marginTypeWithPosition: BinanceError {
        BinanceError(code: -4048, message: "Margin type cannot be changed if there exists position.")
    }
    /// -4116 (§3 "duplicate newClientOrderId").
    public static var duplicateClientOrderId: BinanceError { BinanceError(code: -4116, message: "ClientOrderId is duplicated.") }

    /// -4164 (§3 "notional < MIN_NOTIONAL"); `min` is the filter's notional as text ("5", "100").
    public static func notionalTooSmall(_ min: String) -> BinanceError {
        BinanceError(code: -4164, message: "Order's notional must be no smaller than \(min) (unless you choose reduce only).")
    }

    /// -5021 (§3 "FOK not fully fillable"): no order is left behind.
    public static var fokNotFillable: BinanceError {
        BinanceError(code: -5021, message: "Due to the order could not be filled immediately, the FOK order has been rejected. The order will not be recorded in the order history")
    }

    /// -5022 (§3 "GTX would take"): no order is left behind.
    public static var postOnlyWouldTake: BinanceError {
        BinanceError(code: -5022, message: "Due to the order could not be executed as maker, the Post Only order will be rejected. The order will not be recorded in the order history")
    }
}
