import HFTEngine

/// The options of one `hft stress` run (see `Docs/liquidation.md`).
struct StressConfiguration: Sendable {
    var users = 200_000
    var symbols = 4
    var minLeverage: Int64 = 1
    var maxLeverage: Int64 = 125
    var scenario = StressScenario.crash312
    var tickSeconds = 1.0
    var durationSeconds = 86_400.0
    var seed: UInt64 = 312
    /// Full scan every this many ticks.
    var scanEvery = 60
    var threads = LiquidationScanner.onlineCores
    /// Insurance fund at the start, USDT.
    var fundUSDT: Int64 = 1_000_000
    /// Annualized volatility of the noise (312) or of the path (gbm).
    var volatility = 0.8
    /// Price levels per side each market maker quotes.
    var quoteLevels = 5
    /// Share of users in isolated margin.
    var isolatedShare = 0.1
    /// Ticks run before the steady state is measured.
    var warmupTicks = 60
    /// Check the invariants every this many ticks (0: at the end only); not timed.
    var checkEvery = 0

    var ticks: Int { max(1, Int((durationSeconds / tickSeconds).rounded(.down))) }
}
