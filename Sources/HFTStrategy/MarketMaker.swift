import HFTGateway
import HFTOrderManager

/// The example market maker of `hft mm`: every ``Parameters/interval`` it reads a fair
/// price, and asks the order manager for `levels` quotes a side around it, skewed against
/// its inventory (long: both sides lower, so it sells more readily and buys less; short:
/// higher). Beyond `maxInventory` it quotes only the side that reduces the position. It
/// records a ``Sample`` per step for the chart.
///
/// Quote of level i (0-based), in ticks:
///   skew = ⌊position × skewTicks / skewUnit⌋
///   bid_i = fair − spread − i × spacing − skew,   ask_i = fair + spread + i × spacing − skew
/// (Avellaneda and Stoikov 2008 derive a reservation price shifted against inventory; this
/// is its linear, fixed-spread form.)
///
/// Not thread-safe on its own: run one ``run(for:fairPrice:)`` at a time.
public final class MarketMaker: Sendable {
    public struct Parameters: Sendable {
        public var symbol: String
        public var levels = 3
        /// Distance of the first level from the fair price, in ticks.
        public var spreadTicks: Int64 = 5
        /// Distance between levels, in ticks.
        public var spacingTicks: Int64 = 5
        /// Size of each quote, in steps.
        public var quantitySteps: Int64 = 2
        /// Ticks of skew per `skewUnitSteps` of position.
        public var skewTicks: Int64 = 2
        public var skewUnitSteps: Int64 = 1
        /// Largest position (steps, either way) at which both sides are quoted.
        public var maxInventorySteps: Int64 = 20
        public var interval: Duration = .milliseconds(200)

        public init(symbol: String) { self.symbol = symbol }
    }

    /// One step of the run.
    public struct Sample: Sendable, Equatable {
        /// Seconds since the start.
        public var time: Double
        /// Fair price, best own bid and ask (price units; nil: no quote).
        public var fair: Int64
        public var bid: Int64?
        public var ask: Int64?
        /// Position in steps.
        public var position: Int64
        /// Realized plus unrealized PnL at the fair price, in price × quantity units.
        public var pnl: Int128
    }

    public let session: TradingSession
    public let parameters: Parameters
    public let rules: SymbolRules

    public init(session: TradingSession, rules: SymbolRules, parameters: Parameters) {
        self.session = session
        self.rules = rules
        self.parameters = parameters
    }

    /// The quotes for `fair` and `position` (prices in price units, sizes in quantity units).
    public func quotes(fair: Int64, position: Int64) -> [QuoteIntent] {
        let p = parameters
        let tick = rules.tickSize
        let step = rules.stepSize
        let skew = (position / step) * p.skewTicks / max(p.skewUnitSteps, 1) * tick
        var intents: [QuoteIntent] = []
        let centre = fair / tick * tick
        for level in 0..<Int64(p.levels) {
            let offset = (p.spreadTicks + level * p.spacingTicks) * tick
            if position / step < p.maxInventorySteps {
                intents.append(QuoteIntent(side: .buy, price: centre - offset - skew, quantity: p.quantitySteps * step, tag: "L\(level)"))
            }
            if position / step > -p.maxInventorySteps {
                intents.append(QuoteIntent(side: .sell, price: centre + offset - skew, quantity: p.quantitySteps * step, tag: "L\(level)"))
            }
        }
        return intents
    }

    /// Quotes for `duration`, reading the fair price from `fairPrice` each step (a step is
    /// skipped while it returns nil); cancels everything at the end. Returns the samples.
    public func run(for duration: Duration, fairPrice: @Sendable () async -> Int64?) async -> [Sample] {
        let symbol = parameters.symbol
        let start = ContinuousClock.now
        var samples: [Sample] = []
        while ContinuousClock.now - start < duration, !Task.isCancelled {
            if let fair = await fairPrice() {
                await session.setReferencePrice(symbol: symbol, price: fair)
                let position = await session.withManager { $0.position(symbol: symbol) }
                await session.setQuotes(symbol: symbol, quotes(fair: fair, position: position))
                samples.append(await sample(fair: fair, since: start))
            }
            try? await Task.sleep(for: parameters.interval)
        }
        await session.killSwitch()
        return samples
    }

    func sample(fair: Int64, since start: ContinuousClock.Instant) async -> Sample {
        let symbol = parameters.symbol
        let (position, realized, entry, open) = await session.withManager { m in
            let ledger = m.ledger(symbol: symbol) ?? PositionLedger()
            return (ledger.quantity, ledger.realizedPnL, ledger.entryNotional, m.openOrders(symbol: symbol).map { ($0.side, $0.price) })
        }
        // Unrealized at the fair price: position × fair − the open position's entry notional.
        let unrealized = position >= 0 ? Int128(position) * Int128(fair) - entry : entry - Int128(-position) * Int128(fair)
        let elapsed = ContinuousClock.now - start
        return Sample(time: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18, fair: fair,
                      bid: open.filter { $0.0 == .buy }.map(\.1).max(), ask: open.filter { $0.0 == .sell }.map(\.1).min(),
                      position: position / rules.stepSize, pnl: realized + unrealized)
    }
}
