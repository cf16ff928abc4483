import HFTBinance
import HFTEngine
import HFTService
import Synchronization

/// Pushes Binance's `MARGIN_CALL` to an account's user-data stream when its margin ratio
/// reaches the configured level (``ResolvedVenueService/marginCallRatio``, 0.8 by default;
/// the venue liquidates at 1).
///
/// Margin ratio, as Binance defines it: maintenance margin / margin balance. For the cross
/// positions of an account that is Σ their maintenance margins over the cross equity
/// (wallet − isolated margins + cross unrealized PnL); for an isolated position, its
/// maintenance margin over its isolated margin plus its unrealized PnL. The figures come
/// from the engine's account read (``VenueHost/account(_:)``), so they are the engine's own;
/// each position's maintenance margin is its bracket's at the mark
/// (``VenueServerState/maintenanceMargin(_:symbol:)``).
///
/// When: after every command that moved a price of a symbol in which a subscribed account
/// holds a position, or changed a subscribed account's balance or positions. Only accounts
/// with a user-data subscriber are checked (nobody else can receive the event). A call is
/// sent when a position enters danger, not again while it stays there; it is sent anew
/// after the ratio has fallen back below the level and risen again.
///
/// Threads: ``watch(_:_:)`` runs on the publisher thread and only records which accounts to
/// check; the engine reads happen in one task at a time, off that thread, coalescing the
/// accounts that changed meanwhile.
///
/// - Complexity: O(subscribed accounts) per command with a price or account change; one
///   engine read per account to check.
/// - Memory: the set of accounts to check and, per account in danger, the positions called.
final class MarginCallMonitor: Sendable {
    /// A position called: its symbol and margin mode.
    struct CalledPosition: Hashable {
        var symbol: Int32
        var isolated: Bool
    }

    struct State {
        var pending: Set<Int64> = []
        var running = false
        var called: [Int64: Set<CalledPosition>] = [:]
    }

    let state: VenueServerState
    let ratio: Rate
    let tables = Mutex(State())

    init(state: VenueServerState) {
        self.state = state
        ratio = state.resolved.marginCallRatio
    }

    /// Records the accounts a committed command may have put in danger (publisher thread).
    func watch(_ command: VenueCommand, _ changes: LedgerChanges) {
        guard !changes.priceSymbols.isEmpty || !changes.positions.isEmpty || !changes.balances.isEmpty else { return }
        let subscribed = state.hub.subscribedAccounts()
        guard !subscribed.isEmpty else { return }
        var accounts = Set(changes.positions.map(\.account)).union(changes.balances.map(\.account))
        if !changes.priceSymbols.isEmpty {
            state.sink.read { ledger in
                for account in subscribed
                where changes.priceSymbols.contains(where: { (ledger.position(account: account, symbol: $0)?.size ?? 0) != 0 }) {
                    accounts.insert(account)
                }
            }
        }
        accounts.formIntersection(subscribed)
        guard !accounts.isEmpty else { return }
        let start = tables.withLock { t in
            t.pending.formUnion(accounts)
            defer { t.running = true }
            return !t.running
        }
        if start { Task { await drain() } }
    }

    /// Checks the pending accounts until none is left.
    func drain() async {
        while true {
            let next = tables.withLock { t -> Set<Int64> in
                let taken = t.pending
                t.pending = []
                if taken.isEmpty { t.running = false }
                return taken
            }
            if next.isEmpty { return }
            for account in next.sorted() { await check(account) }
        }
    }

    /// Reads `account` from the engine and sends a call for the positions newly in danger.
    func check(_ account: Int64) async {
        guard let (figures, positions) = try? await state.engineAccount(account) else { return }
        let (danger, message) = marginCall(figures, positions)
        let send = tables.withLock { t in
            let before = t.called[account] ?? []
            t.called[account] = danger.isEmpty ? nil : danger
            return !danger.isSubset(of: before)
        }
        if send, let message { state.hub.publish(account: account, message: message) }
    }

    /// The positions in danger and the `MARGIN_CALL` that names them (nil when none is).
    func marginCall(_ a: VenueAccount, _ positions: [VenuePosition]) -> (Set<CalledPosition>, String?) {
        var called: [(VenuePosition, maintenance: Int64)] = []
        let open = positions.filter { $0.size != 0 && $0.symbol >= 0 && Int($0.symbol) < state.symbols.count }
        let cross = open.filter { $0.mode != .isolated }.map { ($0, maintenance: maintenance($0)) }
        if !cross.isEmpty, reaches(cross.reduce(0) { $0 &+ $1.maintenance }, marginBalance: a.crossEquity) {
            called += cross
        }
        for p in open where p.mode == .isolated {
            let mm = maintenance(p)
            if reaches(mm, marginBalance: p.margin &+ p.unrealizedPnL) { called.append((p, mm)) }
        }
        guard !called.isEmpty else { return ([], nil) }
        let items = called.map { p, mm in
            let s = state.symbols[Int(p.symbol)]
            let mark = state.sink.read { $0.prices(symbol: s.index)?.markPrice } ?? 0
            return BinanceMarginCall.Position(
                symbol: s.name, positionAmount: BinanceDecimal.format(p.size, step: s.lot),
                marginType: p.mode == .isolated ? "ISOLATED" : "CROSSED",
                isolatedWallet: p.mode == .isolated ? state.money(p.margin) : "0",
                markPrice: BinanceDecimal.format(mark, step: s.tick), unrealizedProfit: state.money(p.unrealizedPnL),
                maintenanceMargin: state.money(mm))
        }
        let message = BinanceMarginCall(eventTime: state.nowMilliseconds, crossWalletBalance: state.money(a.balance),
                                        positions: items)
        return (Set(called.map { CalledPosition(symbol: $0.0.symbol, isolated: $0.0.mode == .isolated) }),
                String(decoding: BinanceJSON.encode(message), as: UTF8.self))
    }

    func maintenance(_ p: VenuePosition) -> Int64 { state.maintenanceMargin(p, symbol: state.symbols[Int(p.symbol)]) }

    /// maintenance / marginBalance ≥ ratio (exact, in 128 bits); a margin balance at or
    /// below zero always reaches it.
    func reaches(_ maintenance: Int64, marginBalance: Int64) -> Bool {
        guard maintenance > 0 else { return false }
        guard marginBalance > 0 else { return true }
        return Int128(maintenance) * Int128(Rate.one) >= Int128(ratio.e8) * Int128(marginBalance)
    }
}
