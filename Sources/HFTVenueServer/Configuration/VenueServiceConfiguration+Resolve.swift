import HFTBinance
import HFTEngine
import HFTService

/// A configuration in the venue's own units: what the service starts from.
public struct ResolvedVenueService: Sendable {
    public var venue: VenueConfiguration
    /// The money unit (10^-moneyDecimals of the quote asset).
    public var money: StepSize
    public var durability: JournalDurability
    public var symbols: [ResolvedSymbol]
    public var accounts: [ResolvedAccount]
    /// The commands a new journal starts with: every symbol (spec, brackets, first mark and
    /// index), then every account's deposit.
    public var bootstrap: [VenueCommand]
    /// The admin API's key.
    public var adminKey: [UInt8]
    /// Binance's request-weight and order-count limits.
    public var rateLimits: BinanceRateLimiter.Configuration
    /// The margin ratio of a `MARGIN_CALL` (0 < ratio ≤ 1).
    public var marginCallRatio: Rate = Rate(e8: 80_000_000)
}

/// A symbol of the configuration in the venue's units.
public struct ResolvedSymbol: Sendable {
    public var name: String
    public var baseAsset: String
    public var quoteAsset: String
    public var tick: StepSize
    public var lot: StepSize
    public var spec: VenueSymbolSpec
    public var brackets: [MarginBracket]
    /// PRICE_FILTER and LOT_SIZE bounds (ticks, lots).
    public var minPriceTicks: Int64
    public var maxPriceTicks: Int64
    public var minQuantityLots: Int64
    public var maxQuantityLots: Int64
    /// MIN_NOTIONAL in money units.
    public var minNotional: Int64
    public var initialPriceTicks: Int64
    /// The texts of the configuration, for exchangeInfo.
    public var source: VenueServiceConfiguration.Symbol

    /// The symbol as the read model and the routes know it.
    public var service: ServiceSymbol {
        ServiceSymbol(name: name, baseAsset: baseAsset, quoteAsset: quoteAsset, index: spec.index, tick: tick, lot: lot,
                      spec: spec, brackets: brackets, minPriceTicks: minPriceTicks, maxPriceTicks: maxPriceTicks,
                      minQuantityLots: minQuantityLots, maxQuantityLots: maxQuantityLots, minNotional: minNotional)
    }
}

/// An account of the configuration: its index in the venue is its position in the list.
public struct ResolvedAccount: Sendable {
    public var index: Int64
    public var name: String
    public var apiKey: String
    public var secret: [UInt8]
    public var deposit: Int64
}

extension VenueServiceConfiguration {
    /// Converts every decimal into the venue's units and checks every rule; the first
    /// problem is thrown with the field that has it.
    public func resolved() throws(VenueServiceConfigurationError) -> ResolvedVenueService {
        func invalid(_ field: String, _ reason: String) -> VenueServiceConfigurationError { .invalid(field: field, reason: reason) }
        let decimals = moneyDecimals ?? 8
        guard (0...12).contains(decimals), let money = try? StepSize.smallestUnit(decimals: decimals) else {
            throw invalid("moneyDecimals", "must be 0 ... 12")
        }
        if let seconds = snapshotIntervalSeconds, seconds < 0 { throw invalid("snapshotIntervalSeconds", "0 (off) or more") }
        guard let policy = JournalDurability(parsing: durability ?? "us:1000") else {
            throw invalid("durability", "records:<n>, us:<m> or never")
        }
        guard !symbols.isEmpty, symbols.count <= 64 else { throw invalid("symbols", "1 ... 64 symbols") }
        guard !accounts.isEmpty else { throw invalid("accounts", "at least one account") }
        guard Set(symbols.map(\.name)).count == symbols.count else { throw invalid("symbols", "names must be unique") }
        guard Set(accounts.map(\.apiKey)).count == accounts.count else { throw invalid("accounts", "API keys must be unique") }
        guard listen.port != admin.port || listen.port == 0 else { throw invalid("admin.port", "must differ from listen.port") }
        guard admin.apiKey.count >= 16 else { throw invalid("admin.apiKey", "at least 16 characters") }

        var resolvedSymbols: [ResolvedSymbol] = []
        var bootstrap: [VenueCommand] = []
        for (i, symbol) in symbols.enumerated() {
            let resolved = try symbol.resolved(index: Int32(i), money: money, field: "symbols[\(i)]")
            resolvedSymbols.append(resolved)
            bootstrap.append(.addSymbol(resolved.spec))
            if !resolved.brackets.isEmpty {
                bootstrap.append(.symbolBrackets(symbol: Int32(i), resolved.brackets))
            }
            bootstrap.append(.markPrice(symbol: Int32(i), Price(ticks: resolved.initialPriceTicks),
                                        index: Price(ticks: resolved.initialPriceTicks)))
        }
        var resolvedAccounts: [ResolvedAccount] = []
        for (i, account) in accounts.enumerated() {
            guard account.apiKey.count >= 16, account.secret.count >= 16 else {
                throw invalid("accounts[\(i)]", "apiKey and secret need at least 16 characters")
            }
            let deposit: Int64
            do {
                deposit = try money.steps(parsing: account.deposit ?? "0")
            } catch {
                throw invalid("accounts[\(i)].deposit", "\(error)")
            }
            guard deposit >= 0 else { throw invalid("accounts[\(i)].deposit", "must not be negative") }
            resolvedAccounts.append(ResolvedAccount(index: Int64(i), name: account.name, apiKey: account.apiKey,
                                                    secret: Array(account.secret.utf8), deposit: deposit))
            if deposit > 0 { bootstrap.append(.deposit(account: Int64(i), amount: Money(units: deposit))) }
        }
        var limits = BinanceRateLimiter.Configuration()
        if let r = rateLimits {
            limits.weightPerMinute = r.requestWeightPerMinute ?? limits.weightPerMinute
            limits.ordersPer10Seconds = r.ordersPer10Seconds ?? limits.ordersPer10Seconds
            limits.ordersPerMinute = r.ordersPerMinute ?? limits.ordersPerMinute
            guard limits.weightPerMinute > 0, limits.ordersPer10Seconds > 0, limits.ordersPerMinute > 0 else {
                throw invalid("rateLimits", "limits must be positive")
            }
        }
        let c = capacity
        let venue = VenueConfiguration(
            maxOrders: c?.maxOrders ?? 1 << 20, maxPriceLevels: c?.maxPriceLevels ?? 1 << 16,
            maxSymbols: max(symbols.count, 1), userAccounts: accounts.count + (c?.spareAccounts ?? 64),
            positionsPerSymbol: c?.positionsPerSymbol ?? 1 << 12, maxOpenOrdersPerAccount: c?.maxOpenOrdersPerAccount ?? 200,
            maxLadderTicks: resolvedSymbols.map { Int($0.spec.ladderTicks) }.max() ?? 1 << 20)
        var service = ResolvedVenueService(venue: venue, money: money, durability: policy, symbols: resolvedSymbols,
                                           accounts: resolvedAccounts, bootstrap: bootstrap,
                                           adminKey: Array(admin.apiKey.utf8), rateLimits: limits)
        if let marginCallRatio {
            let ratio: Rate
            do { ratio = try Rate(fraction: ExactDecimal(parsing: marginCallRatio)) } catch {
                throw invalid("marginCallRatio", "\(error)")
            }
            guard ratio.e8 > 0, ratio.e8 <= Rate.one else { throw invalid("marginCallRatio", "0 < ratio ≤ 1") }
            service.marginCallRatio = ratio
        }
        return service
    }
}

extension VenueServiceConfiguration.Symbol {
    func resolved(index: Int32, money: StepSize, field: String) throws(VenueServiceConfigurationError) -> ResolvedSymbol {
        func invalid(_ name: String, _ reason: String) -> VenueServiceConfigurationError {
            .invalid(field: "\(field).\(name)", reason: reason)
        }
        func step(_ name: String, _ text: String) throws(VenueServiceConfigurationError) -> StepSize {
            do { return try StepSize(parsing: text) } catch { throw invalid(name, "\(error)") }
        }
        func steps(_ name: String, _ text: String, of unit: StepSize) throws(VenueServiceConfigurationError) -> Int64 {
            do { return try unit.steps(parsing: text) } catch { throw invalid(name, "\(error) (\(text) in steps of \(unit))") }
        }
        func rate(_ name: String, _ text: String?) throws(VenueServiceConfigurationError) -> Rate {
            guard let text else { return .zero }
            do { return try Rate(fraction: ExactDecimal(parsing: text)) } catch { throw invalid(name, "\(error)") }
        }
        guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber) }) else {
            throw invalid("name", "upper-case letters and digits")
        }
        let tick = try step("tickSize", tickSize)
        let lot = try step("stepSize", stepSize)
        let scale: NotionalScale
        do { scale = try NotionalScale(tick: tick, lot: lot, money: money) } catch {
            throw invalid("tickSize", "tick × step must be a whole number of money units (\(error))")
        }
        let initial = try steps("initialPrice", initialPrice, of: tick)
        guard initial > 0 else { throw invalid("initialPrice", "must be positive") }
        let ladder = Int64(ladderTicks ?? 1 << 20)
        let minPrice = try minPrice.map { t throws(VenueServiceConfigurationError) in try steps("minPrice", t, of: tick) } ?? 1
        let maxPrice = try maxPrice.map { t throws(VenueServiceConfigurationError) in try steps("maxPrice", t, of: tick) } ?? ladder - 1
        let minQty = try minQty.map { t throws(VenueServiceConfigurationError) in try steps("minQty", t, of: lot) } ?? 1
        let maxQty = try maxQty.map { t throws(VenueServiceConfigurationError) in try steps("maxQty", t, of: lot) } ?? 1 << 40
        guard minPrice >= 1, maxPrice >= minPrice, maxPrice < ladder else { throw invalid("maxPrice", "1 ≤ minPrice ≤ maxPrice < ladderTicks") }
        guard minQty >= 1, maxQty >= minQty else { throw invalid("maxQty", "1 ≤ minQty ≤ maxQty") }
        let minNotional = try steps("minNotional", minNotional ?? "5", of: money)
        let band: Int64
        if let priceBand {
            do { band = try Rate(fraction: ExactDecimal(parsing: priceBand)).e8 / 100 } catch { throw invalid("priceBand", "\(error)") }
        } else {
            band = -1
        }
        let breaker: Int64
        if let circuitBreaker {
            do { breaker = try Rate(fraction: ExactDecimal(parsing: circuitBreaker)).e8 / 100 } catch {
                throw invalid("circuitBreaker", "\(error)")
            }
        } else {
            breaker = 0
        }
        let maxLeverage = Int64(maxLeverage ?? 125)
        let spec = VenueSymbolSpec(
            index: index, moneyPerTickLot: scale.moneyPerTickLot, bandPartsPerMillion: band, ladderTicks: ladder,
            maxLeverage: maxLeverage, makerRate: try rate("makerFee", makerFee), takerRate: try rate("takerFee", takerFee),
            fundingIntervalSeconds: Int64(fundingIntervalHours ?? 8) * 3_600,
            circuitBreakerPartsPerMillion: breaker,
            circuitBreakerWindowNanoseconds: Int64(circuitBreakerSeconds ?? 0) * 1_000_000_000,
            impactMarginNotional: (try? money.steps(parsing: "200")) ?? 0, maxQuantityLots: maxQty)
        if let problem = spec.problem { throw invalid("name", "the venue refuses this symbol: \(problem)") }
        var rows: [MarginBracket] = []
        for (i, bracket) in (brackets ?? []).enumerated() {
            let cap = try steps("brackets[\(i)].notionalCap", bracket.notionalCap, of: money)
            let mmr = try rate("brackets[\(i)].maintenanceMarginRate", bracket.maintenanceMarginRate)
            rows.append(MarginBracket(notionalCap: Money(units: cap), maintenanceRate: mmr, maxLeverage: Int64(bracket.maxLeverage)))
        }
        guard rows.count <= VenueCommand.maxInlineBrackets else { throw invalid("brackets", "at most \(VenueCommand.maxInlineBrackets) rows") }
        return ResolvedSymbol(name: name, baseAsset: baseAsset, quoteAsset: quoteAsset, tick: tick, lot: lot, spec: spec,
                              brackets: rows, minPriceTicks: minPrice, maxPriceTicks: maxPrice, minQuantityLots: minQty,
                              maxQuantityLots: maxQty, minNotional: minNotional, initialPriceTicks: initial, source: self)
    }
}
