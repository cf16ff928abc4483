/// The hard numeric limits of the risk core: the envelope inside which every money
/// computation is proved not to overflow 64 bits (see `Docs/hardening.md` and the README's "Limits").
///
/// - `maxNotional` (2^62 money units): the largest notional of an order (and of the
///   position it results in) the pre-trade check accepts, and of one trade
///   ``RiskCore/clearTrade(symbol:price:quantity:makerAccount:makerIsBuyer:takerAccount:)``
///   clears. A bracket table may set a lower cap; a higher one is capped here.
/// - `maxBalance` (2^62 money units): the largest wallet balance a deposit may produce,
///   and the most money the whole engine may hold (Σ deposits − Σ withdrawals over all
///   accounts). Trading can carry one balance beyond it (realized profit); then the
///   balance is still exact up to `Int64.max` and clearing refuses a trade that would go
///   further. The engine-wide cap keeps the system accounts (fees, insurance fund), which
///   collect from every user, inside 64 bits too: with a per-account cap alone, 32 users at
///   2^62 each liquidated into the fund wrapped its balance (found by the public API fuzz
///   test).
///
/// With both, a fill's new cost (< 2^62 + 2^62), realized PnL (< 2^63) and fee
/// (|rate| ≤ 100%) fit in 64 bits; the balance update is overflow-checked before anything
/// is written.
///
/// - Memory: none (a namespace of constants).
public enum RiskLimits {
    /// The largest order, position or trade notional, in money units (2^62).
    public static let maxNotional: Int64 = 1 << 62
    /// The largest balance a deposit may produce, and the most money all deposits less
    /// withdrawals may bring into the engine, in money units (2^62).
    public static let maxBalance: Int64 = 1 << 62
}
