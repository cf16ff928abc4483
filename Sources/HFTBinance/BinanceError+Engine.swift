import HFTEngine

/// The Binance refusal for each of the engine's reasons (spec §3).
///
/// | engine reason | Binance |
/// |---|---|
/// | `RejectReason.badTick` | -4014 price off tick |
/// | `.badLot` | -4023 quantity off step |
/// | `.badQuantity` | -4003 quantity ≤ 0 |
/// | `.badPrice` | -4013 price less than min price |
/// | `.priceBand` | -1013 `Filter failure: PERCENT_PRICE` |
/// | `.unknownSymbol` | -1121 invalid symbol |
/// | `.duplicateOrderId` | -4116 client order id duplicated |
/// | `.unknownOrder` | -2011 unknown order sent (cancel, amend) |
/// | `.capacity` | -1008 overloaded, HTTP 503 (retry later) |
/// | `.maxNotional` | -4005 quantity greater than max quantity |
/// | `.badOrderId` | -1130 parameter `orderId` |
/// | `.badTimeInForce` | -1115 invalid timeInForce |
/// | `.halted` | -1122 invalid symbol status |
/// | `.insufficientMargin` | -2019 margin is insufficient |
/// | `.reduceOnly` | -2022 ReduceOnly order is rejected |
/// | `.tooManyOrders` | -2025 reach max open order limit |
/// | `.leverage` | -2027 exceeded the maximum allowable position at current leverage |
/// | `.unknownAccount` | -2015 invalid API-key (HTTP 401) |
///
/// | `VenueReject` | Binance |
/// |---|---|
/// | `.unknownSymbol` | -1121 |
/// | `.unknownAccount` | -2015 (HTTP 401) |
/// | `.badAmount` | -1130 parameter `amount` |
/// | `.insufficientMargin` | -2019 |
/// | `.leverage` | -4028 `Leverage is not valid` (no value): prefer ``leverageInvalid(_:)`` with the value sent |
/// | `.marginMode` | -4048 (with position); the server picks -4047 when it knows only orders are open |
/// | `.badPrice` | -1130 parameter `price` |
/// | `.badRate` | -1130 parameter `rate` |
/// | `.badBrackets` | -1130 parameter `brackets` |
/// | `.badQuantity` | -4003 |
/// | `.halted` | -1122 |
/// | `.priceBand` | -1013 |
/// | `.reduceOnly` | -2022 |
/// | `.tooManyOrders` | -2025 |
/// | `.duplicateOrderId` | -4116 |
/// | `.capacity` | -1008 (HTTP 503) |
/// | `.noMark` | -1000 (HTTP 400) `Symbol has no mark price yet.` |
/// | engine-internal: `.badCommand`, `.badSymbol`, `.tooManySymbols`, `.fundingOverflow`, `.riskOff` | -1000 (HTTP 500) |
///
/// `ExpireReason.fok` is -5021 and `.postOnly` -5022 (the order leaves nothing behind); the
/// other expiries (IOC, market remainder, self-trade prevention) are not errors: the order
/// comes back `EXPIRED` (§3).
extension BinanceError {
    /// The Binance refusal of an order refused by the book or the risk layer (table above).
    public init(order reason: RejectReason) {
        switch reason {
        case .badTick: self = .priceOffTick
        case .badLot: self = .quantityOffStep
        case .badQuantity: self = .quantityNotPositive
        case .badPrice: self = .priceBelowMin
        case .priceBand: self = .priceOutsideBand
        case .unknownSymbol: self = .invalidSymbol
        case .duplicateOrderId: self = .duplicateClientOrderId
        case .unknownOrder: self = .unknownOrderCancel
        case .capacity: self = .overloaded
        case .maxNotional: self = .quantityAboveMax
        case .badOrderId: self = .invalidParameter("orderId")
        case .badTimeInForce: self = .invalidTimeInForce
        case .halted: self = .symbolHalted
        case .insufficientMargin: self = .marginInsufficient
        case .reduceOnly: self = .reduceOnlyRejected
        case .tooManyOrders: self = .maxOpenOrders
        case .leverage: self = .positionAboveLeverageCap
        case .unknownAccount: self = .invalidApiKey
        }
    }

    /// The Binance refusal of a command that is not an order command (table above).
    public init(_ reject: VenueReject) {
        switch reject {
        case .unknownSymbol: self = .invalidSymbol
        case .unknownAccount: self = .invalidApiKey
        case .badAmount: self = .invalidParameter("amount")
        case .insufficientMargin: self = .marginInsufficient
        case .leverage: self = BinanceError(code: -4028, message: "Leverage is not valid")
        case .marginMode: self = .marginTypeWithPosition
        case .badPrice: self = .invalidParameter("price")
        case .badRate: self = .invalidParameter("rate")
        case .badBrackets: self = .invalidParameter("brackets")
        case .badQuantity: self = .quantityNotPositive
        case .halted: self = .symbolHalted
        case .priceBand: self = .priceOutsideBand
        case .reduceOnly: self = .reduceOnlyRejected
        case .tooManyOrders: self = .maxOpenOrders
        case .duplicateOrderId: self = .duplicateClientOrderId
        case .capacity: self = .overloaded
        case .noMark: self = BinanceError(code: -1000, message: "Symbol has no mark price yet.")
        case .badCommand, .badSymbol, .tooManySymbols, .fundingOverflow, .riskOff: self = .unknown
        }
    }

    /// The refusal for an order that expired without trading because of its time in force
    /// (FOK -5021, post-only -5022), or `nil` when the expiry is not an error (table above).
    public init?(expire reason: ExpireReason) {
        switch reason {
        case .fok: self = .fokNotFillable
        case .postOnly: self = .postOnlyWouldTake
        case .ioc, .market, .selfTrade: return nil
        }
    }
}
