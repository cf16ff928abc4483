import HFTEngine

/// A symbol as the service presents it: the Binance names and decimal steps around the
/// venue's index and ``VenueSymbolSpec`` (which carry only the venue's units). What
/// `exchangeInfo` shows and what the ledger names its symbols with.
///
/// Units: prices in ticks of ``tick``, quantities in lots of ``lot``, money in the
/// ledger's money unit (10^-moneyDecimals of ``quoteAsset``, the margin asset).
///
/// - Memory: a small value (three strings).
public struct ServiceSymbol: Sendable, Equatable {
    /// Binance's symbol name (`"BTCUSDT"`); its lowercase is the stream prefix.
    public var name: String
    public var baseAsset: String
    /// The quote asset, which is also the margin asset (`marginAsset`).
    public var quoteAsset: String
    /// The venue's symbol index.
    public var index: Int32
    /// Price step (PRICE_FILTER `tickSize`): one tick.
    public var tick: StepSize
    /// Quantity step (LOT_SIZE `stepSize`): one lot.
    public var lot: StepSize
    /// What the venue's `addSymbol` command carries (fees, funding interval, ...).
    public var spec: VenueSymbolSpec
    /// Maintenance-margin brackets (leverageBracket); empty: the venue's default bracket.
    public var brackets: [MarginBracket]
    /// PRICE_FILTER bounds, ticks.
    public var minPriceTicks: Int64
    public var maxPriceTicks: Int64
    /// LOT_SIZE bounds, lots.
    public var minQuantityLots: Int64
    public var maxQuantityLots: Int64
    /// MARKET_LOT_SIZE upper bound, lots.
    public var marketMaxQuantityLots: Int64
    /// MIN_NOTIONAL, money units.
    public var minNotional: Int64
    /// Onboard date in nanoseconds since the epoch (exchangeInfo `onboardDate`, ms there).
    public var onboardTime: Int64

    public init(name: String, baseAsset: String, quoteAsset: String, index: Int32, tick: StepSize, lot: StepSize,
                spec: VenueSymbolSpec, brackets: [MarginBracket] = [], minPriceTicks: Int64 = 1,
                maxPriceTicks: Int64 = 1 << 40, minQuantityLots: Int64 = 1, maxQuantityLots: Int64? = nil,
                marketMaxQuantityLots: Int64? = nil, minNotional: Int64 = 0, onboardTime: Int64 = 0) {
        self.name = name
        self.baseAsset = baseAsset
        self.quoteAsset = quoteAsset
        self.index = index
        self.tick = tick
        self.lot = lot
        self.spec = spec
        self.brackets = brackets
        self.minPriceTicks = minPriceTicks
        self.maxPriceTicks = maxPriceTicks
        self.minQuantityLots = minQuantityLots
        self.maxQuantityLots = maxQuantityLots ?? spec.maxQuantityLots
        self.marketMaxQuantityLots = marketMaxQuantityLots ?? self.maxQuantityLots
        self.minNotional = minNotional
        self.onboardTime = onboardTime
    }

    /// The margin (settle) asset: the quote asset.
    public var marginAsset: String { quoteAsset }
    /// Decimals of a price (`pricePrecision`).
    public var pricePrecision: Int { tick.scale }
    /// Decimals of a quantity (`quantityPrecision`).
    public var quantityPrecision: Int { lot.scale }
    /// Money units per tick × lot (price × quantity × this = notional in money units).
    public var moneyPerTickLot: Int64 { spec.moneyPerTickLot }
}
