import HFTBinance
import HFTEngine
import HFTService

/// Account figures in Binance's shapes, from the engine's account query (money units →
/// decimal strings of the quote asset; sizes in lots; prices in ticks).
extension VenueServerState {
    func money(_ units: Int64) -> String { BinanceDecimal.format(money: units, decimals: moneyDecimals) }

    /// The account and positions as of every command before this request.
    func engineAccount(_ account: Int64) async throws -> (VenueAccount, [VenuePosition]) {
        let read: (account: VenueAccount?, positions: [VenuePosition])
        do {
            read = try await host.account(account)
        } catch EngineFailure.overloaded {
            throw BinanceError.overloaded
        } catch {
            throw BinanceError.unknown
        }
        guard let found = read.account else { throw BinanceError.invalidApiKey }
        return (found, read.positions)
    }

    /// The update time of the account's balance in ms (never 0: ccxt drops assets whose
    /// `updateTime` is 0, spec §4.9).
    func accountUpdateTime(_ account: Int64) -> Int64 {
        let time = sink.read { $0.account(account)?.updateTime } ?? 0
        return time > 0 ? BinanceFormat.milliseconds(time) : nowMilliseconds
    }

    func accountReply(_ account: Int64, version: Int) async throws -> BinanceAccount {
        let (a, positions) = try await engineAccount(account)
        let asset = symbols.first?.quoteAsset ?? "USDT"
        let updated = accountUpdateTime(account)
        let assets = [BinanceAccount.Asset(
            asset: asset, walletBalance: money(a.balance), unrealizedProfit: money(a.unrealizedPnL),
            marginBalance: money(a.equity), maintMargin: money(a.maintenanceMargin), initialMargin: money(a.initialMargin),
            positionInitialMargin: money(a.positionMargin), openOrderInitialMargin: money(a.reserved),
            crossWalletBalance: money(a.balance), crossUnPnl: money(a.unrealizedPnL), availableBalance: money(a.availableAfterLoss),
            maxWithdrawAmount: money(max(a.availableAfterLoss, 0)), updateTime: updated, version: version)]
        let items = positions.compactMap { p -> BinanceAccount.Position? in
            guard p.symbol >= 0, Int(p.symbol) < symbols.count else { return nil }
            let s = symbols[Int(p.symbol)]
            let notional = notionalMoney(p, symbol: s)
            return BinanceAccount.Position(
                symbol: s.name, positionAmt: BinanceDecimal.format(p.size, step: s.lot), unrealizedProfit: money(p.unrealizedPnL),
                isolatedMargin: p.mode == .isolated ? money(p.margin) : money(0), notional: money(notional),
                isolatedWallet: p.mode == .isolated ? money(p.margin) : money(0), initialMargin: money(p.margin),
                maintMargin: money(maintenanceMargin(p, symbol: s)), positionInitialMargin: money(p.margin),
                openOrderInitialMargin: money(0), updateTime: updated,
                leverage: version == 2 ? "\(p.leverage)" : nil, isolated: version == 2 ? p.mode == .isolated : nil,
                entryPrice: version == 2 ? entryPrice(p, symbol: s) : nil,
                maxNotional: version == 2 ? maxNotional(s, leverage: p.leverage) : nil)
        }
        return BinanceAccount(
            totalInitialMargin: money(a.initialMargin), totalMaintMargin: money(a.maintenanceMargin),
            totalWalletBalance: money(a.balance), totalUnrealizedProfit: money(a.unrealizedPnL),
            totalMarginBalance: money(a.equity), totalPositionInitialMargin: money(a.positionMargin),
            totalOpenOrderInitialMargin: money(a.reserved), totalCrossWalletBalance: money(a.balance),
            totalCrossUnPnl: money(a.unrealizedPnL), availableBalance: money(a.availableAfterLoss),
            maxWithdrawAmount: money(max(a.availableAfterLoss, 0)), assets: assets, positions: items, version: version)
    }

    func balanceReply(_ account: Int64) async throws -> [BinanceBalance] {
        let (a, _) = try await engineAccount(account)
        let asset = symbols.first?.quoteAsset ?? "USDT"
        return [BinanceBalance(accountAlias: "hft\(account)", asset: asset, balance: money(a.balance),
                               crossWalletBalance: money(a.balance), crossUnPnl: money(a.unrealizedPnL),
                               availableBalance: money(a.availableAfterLoss), maxWithdrawAmount: money(max(a.availableAfterLoss, 0)),
                               updateTime: accountUpdateTime(account))]
    }

    /// Positions that are open (size ≠ 0), as Binance lists them.
    func positionRiskReply(_ account: Int64, symbol only: ServiceSymbol?, version: Int) async throws -> [BinancePositionRisk] {
        let (_, positions) = try await engineAccount(account)
        let updated = accountUpdateTime(account)
        return positions.compactMap { p in
            guard p.size != 0, p.symbol >= 0, Int(p.symbol) < symbols.count else { return nil }
            let s = symbols[Int(p.symbol)]
            if let only, only.index != s.index { return nil }
            let mark = sink.read { $0.prices(symbol: s.index)?.markPrice } ?? 0
            var item = BinancePositionRisk(
                symbol: s.name, positionAmt: BinanceDecimal.format(p.size, step: s.lot), entryPrice: entryPrice(p, symbol: s),
                breakEvenPrice: entryPrice(p, symbol: s), markPrice: BinanceDecimal.format(mark, step: s.tick),
                unRealizedProfit: money(p.unrealizedPnL),
                liquidationPrice: BinanceDecimal.format(p.liquidationPrice ?? 0, step: s.tick),
                isolatedMargin: p.mode == .isolated ? money(p.margin) : money(0),
                notional: money(notionalMoney(p, symbol: s)), marginAsset: s.quoteAsset,
                isolatedWallet: p.mode == .isolated ? money(p.margin) : money(0), initialMargin: money(p.margin),
                maintMargin: money(maintenanceMargin(p, symbol: s)), positionInitialMargin: money(p.margin),
                openOrderInitialMargin: money(0), adl: 0,
                bidNotional: money(0), askNotional: money(0), updateTime: updated)
            if version == 2 {
                item.leverage = "\(p.leverage)"
                item.maxNotionalValue = maxNotional(s, leverage: p.leverage)
                item.marginType = p.mode == .isolated ? "isolated" : "cross"
                item.isAutoAddMargin = "false"
                item.marginAsset = nil
                item.initialMargin = nil
                item.maintMargin = nil
                item.positionInitialMargin = nil
                item.openOrderInitialMargin = nil
                item.adl = nil
                item.bidNotional = nil
                item.askNotional = nil
            }
            return item
        }
    }

    /// The signed notional at the mark, money units (sign = the position's side, which
    /// ccxt reads, spec §4.10).
    func notionalMoney(_ p: VenuePosition, symbol s: ServiceSymbol) -> Int64 {
        let mark = sink.read { $0.prices(symbol: s.index)?.markPrice } ?? 0
        return Int64(clamping: Int128(p.size) * Int128(mark) * Int128(s.moneyPerTickLot))
    }

    /// The symbol's maintenance-margin brackets as the venue applies them: the configured
    /// rows, or the venue's default single bracket (``Venue/defaultBrackets(maxLeverage:)``).
    static func brackets(_ s: ServiceSymbol) -> BracketTable {
        if !s.brackets.isEmpty, let table = try? BracketTable(s.brackets) { return table }
        return (try? Venue.defaultBrackets(maxLeverage: s.spec.maxLeverage))
            ?? BracketTable.single(maintenanceRate: Rate(e8: Rate.one / 2), maxLeverage: 1)
    }

    /// ``brackets(_:)`` of `s`, built once at start.
    func bracketTable(_ s: ServiceSymbol) -> BracketTable { bracketTables[Int(s.index)] }

    /// The position's maintenance margin at the mark (money units): |notional| × MMR − cum
    /// of its bracket, rounded up, as the venue's risk core computes it.
    func maintenanceMargin(_ p: VenuePosition, symbol s: ServiceSymbol) -> Int64 {
        let notional = notionalMoney(p, symbol: s)
        return bracketTable(s).maintenanceMargin(notional: Money(units: Int64(clamping: notional.magnitude))).units
    }

    /// The entry price of a venue position (``BinanceFormat/entryPrice(cost:size:symbol:)``).
    func entryPrice(_ p: VenuePosition, symbol s: ServiceSymbol) -> String {
        BinanceFormat.entryPrice(cost: p.cost, size: p.size, symbol: s)
    }

    /// The largest position notional at `leverage` under the symbol's brackets.
    func maxNotional(_ s: ServiceSymbol, leverage: Int64) -> String {
        let cap = s.brackets.last(where: { $0.maxLeverage >= leverage })?.notionalCap.units ?? s.spec.maxNotional
        return money(cap).trimmedDecimal
    }

    func leverageBracket(_ s: ServiceSymbol) -> BinanceLeverageBracket {
        var floor = 0.0
        let table = bracketTable(s)
        var rows = (0 ..< table.count).map { table[$0] }
        // The default bracket has no limit: Binance shows the symbol's largest notional.
        if s.brackets.isEmpty { rows[0].notionalCap = Money(units: s.spec.maxNotional) }
        var scale = 1.0
        for _ in 0..<moneyDecimals { scale *= 10 }
        return BinanceLeverageBracket(symbol: s.name, brackets: rows.enumerated().map { i, row in
            let cap = Double(row.notionalCap.units) / scale
            defer { floor = cap }
            return .init(bracket: i + 1, initialLeverage: Int(row.maxLeverage), notionalCap: cap, notionalFloor: floor,
                         maintMarginRatio: Double(row.maintenanceRate.e8) / Double(Rate.one),
                         cum: Double(row.cumulativeE8) / Double(Rate.one) / scale)
        })
    }

    func userTrade(_ f: LedgerFill, symbol s: ServiceSymbol) -> BinanceUserTrade {
        BinanceUserTrade(
            id: f.tradeId, orderId: f.orderId, symbol: s.name, side: BinanceFormat.side(f.side),
            price: BinanceDecimal.format(f.price, step: s.tick), qty: BinanceDecimal.format(f.quantity, step: s.lot),
            quoteQty: money(f.quoteQuantity), commission: money(f.commission), commissionAsset: s.quoteAsset,
            realizedPnl: money(f.realizedPnL), maker: f.isMaker, time: BinanceFormat.milliseconds(f.time))
    }
}
