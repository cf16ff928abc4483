import Testing
@testable import HFTEngine

private typealias F = RiskFixtures

/// Limits of the risk core at their extremes: configuration ranges, the notional and
/// balance limits (``RiskLimits``), overflow-checked clearing, and every fixed-capacity
/// store filled to capacity and freed again. After each refusal the state is unchanged:
/// money is conserved exactly and every symbol's positions net to zero.
@Suite struct RiskLimitTests {
    /// A core with one symbol "BIG" (index 0) of 1 money unit per tick·lot, no bracket
    /// limit below `Int64.max`, quantities up to `Int64.max`, and the given fee rates.
    static func bigCore(users: Int = 8, perSymbol: Int = 16, orders: Int = 64, maker: Rate = .zero,
                        taker: Rate = .zero) -> RiskCore {
        var core = try! RiskCore(RiskConfiguration(userCapacity: users, symbolCapacity: 1, positionsPerSymbol: perSymbol,
                                                   orderCapacity: orders))
        let brackets = try! BracketTable([MarginBracket(notionalCap: Money(units: .max), maintenanceRate: Rate(e8: 100_000),
                                                        maxLeverage: 100)])
        try! core.configureSymbol(0, SymbolRisk(scale: try! NotionalScale(moneyPerTickLot: 1), makerRate: maker,
                                                takerRate: taker, minLots: 1, maxLots: .max), brackets: brackets)
        return core
    }

    static func expectBalanced(_ core: borrowing RiskCore, symbols: Int = 1) {
        #expect(core.conservationDiscrepancy() == 0)
        for s in 0..<symbols { #expect(core.netPositionSize(symbol: s) == 0) }
    }

    /// Clears `lots` at `ticks` in symbol 0 with `taker` buying (or selling) from `maker`.
    static func trade(_ core: inout RiskCore, taker: Int, buys: Bool, maker: Int, ticks: Int64, lots: Int64 = 1)
        throws(RiskReject) {
        _ = try core.clearTrade(symbol: 0, price: Price(ticks: ticks), quantity: Quantity(lots: lots), makerAccount: maker,
                                makerIsBuyer: !buys, takerAccount: taker)
    }

    static func order(_ id: Int64, account: Int, buy: Bool = true, ticks: Int64, lots: Int64) -> PreTradeOrder {
        PreTradeOrder(orderId: id, account: account, symbol: 0, isBuy: buy, price: Price(ticks: ticks),
                      quantity: Quantity(lots: lots))
    }

    // MARK: Configuration

    @Test func everyConfigurationFieldIsRangeChecked() {
        func refused(_ change: (inout RiskConfiguration) -> Void) -> RiskConfigurationError? {
            var c = RiskConfiguration(userCapacity: 4, symbolCapacity: 2, positionsPerSymbol: 4, orderCapacity: 8)
            change(&c)
            do throws(RiskConfigurationError) { _ = try RiskCore(c); return nil } catch { return error }
        }
        #expect(refused { _ in } == nil)
        #expect(refused { $0.userCapacity = 0 } == .userCapacity)
        #expect(refused { $0.userCapacity = Int(Int32.max) } == .userCapacity)
        #expect(refused { $0.symbolCapacity = 0 } == .symbolCapacity)
        #expect(refused { $0.symbolCapacity = RiskConfiguration.maxSymbols + 1 } == .symbolCapacity)
        #expect(refused { $0.positionsPerSymbol = 0 } == .positionCapacity)
        #expect(refused { $0.positionsPerSymbol = Int.max } == .positionCapacity)   // product overflows
        #expect(refused { $0.positionsPerSymbol = RiskConfiguration.maxSlots / 2 + 1 } == .positionCapacity)
        #expect(refused { $0.orderCapacity = 0 } == .orderCapacity)
        #expect(refused { $0.orderCapacity = RiskConfiguration.maxSlots + 1 } == .orderCapacity)
        #expect(refused { $0.maxOpenOrdersPerAccount = 0 } == .maxOpenOrdersPerAccount)
        #expect(refused { $0.maxOpenOrdersPerAccount = Int(Int32.max) + 1 } == .maxOpenOrdersPerAccount)
        #expect(refused { $0.defaultLeverage = 0 } == .defaultLeverage)
        #expect(refused { $0.defaultLeverage = Int64(Int32.max) + 1 } == .defaultLeverage)
        #expect(throws: RiskConfigurationError.userCapacity) { _ = try AccountStore(userCapacity: -1) }
        #expect(throws: RiskConfigurationError.positionCapacity) {
            _ = try PositionStore(symbolCapacity: 2, perSymbolCapacity: Int.max / 2)
        }
    }

    @Test func symbolParametersAreRangeChecked() throws {
        var core = Self.bigCore()
        let scale = try NotionalScale(moneyPerTickLot: 1)
        let brackets = F.ethBrackets()
        #expect(throws: RiskReject.badAmount) {
            try core.configureSymbol(0, SymbolRisk(scale: scale, takerRate: Rate(e8: Rate.one + 1)), brackets: brackets)
        }
        #expect(throws: RiskReject.badAmount) {
            try core.configureSymbol(0, SymbolRisk(scale: scale, makerRate: Rate(e8: -Rate.one - 1)), brackets: brackets)
        }
        #expect(throws: RiskReject.badAmount) {
            try core.configureSymbol(0, SymbolRisk(scale: scale, band: Rate(e8: -1)), brackets: brackets)
        }
        #expect(throws: RiskReject.badQuantity) {
            try core.configureSymbol(0, SymbolRisk(scale: scale, minLots: 10, maxLots: 9), brackets: brackets)
        }
        #expect(throws: RiskReject.unknownSymbol) { try core.configureSymbol(1, SymbolRisk(scale: scale), brackets: brackets) }
        #expect(throws: RiskReject.unknownSymbol) { try core.setMark(-1, Price(ticks: 1)) }
        #expect(throws: RiskReject.unknownSymbol) { try core.setIndex(Int.max, Price(ticks: 1)) }
        #expect(throws: RiskReject.badQuantity) { try core.setMark(0, Price(ticks: -1)) }
        // Rates at ±100% are accepted.
        try core.configureSymbol(0, SymbolRisk(scale: scale, makerRate: Rate(e8: -Rate.one), takerRate: Rate(e8: Rate.one),
                                               maxLots: .max), brackets: brackets)
    }

    // MARK: Deposits and withdrawals

    @Test func depositsStopAtTheBalanceLimitAndWithdrawalsAtAvailable() throws {
        var core = Self.bigCore()
        try core.deposit(account: 0, amount: Money(units: RiskLimits.maxBalance))
        #expect(throws: RiskReject.badAmount) { try core.deposit(account: 0, amount: Money(units: 1)) }
        #expect(throws: RiskReject.badAmount) { try core.deposit(account: 1, amount: Money(units: .max)) }
        #expect(throws: RiskReject.badAmount) { try core.deposit(account: 1, amount: Money(units: 0)) }
        #expect(throws: RiskReject.badAmount) { try core.deposit(account: 1, amount: Money(units: .min)) }
        for account in [-1, 8, 9, 10, Int.max, Int.min] {
            // 8 and 9 are the fee account and the insurance fund: not user accounts.
            #expect(throws: RiskReject.unknownAccount) { try core.deposit(account: account, amount: Money(units: 1)) }
            #expect(throws: RiskReject.unknownAccount) { try core.withdraw(account: account, amount: Money(units: 1)) }
        }
        #expect(throws: RiskReject.insufficientMargin) {
            try core.withdraw(account: 0, amount: Money(units: RiskLimits.maxBalance + 1))
        }
        #expect(throws: RiskReject.badAmount) { try core.withdraw(account: 0, amount: Money(units: -5)) }
        #expect(core.balance(0).units == RiskLimits.maxBalance)
        try core.withdraw(account: 0, amount: Money(units: RiskLimits.maxBalance))
        #expect(core.balance(0).units == 0)
        // Freed: the whole limit can be deposited again.
        try core.deposit(account: 0, amount: Money(units: RiskLimits.maxBalance))
        Self.expectBalanced(core)
    }

    // MARK: Notional

    @Test func ordersAboveTheNotionalLimitAreRejected() throws {
        var core = Self.bigCore()
        try core.deposit(account: 0, amount: Money(units: RiskLimits.maxBalance))
        // Just below the limit at 100x: accepted (margin 2^62 / 100).
        let below = try core.check(Self.order(1, account: 0, ticks: RiskLimits.maxNotional - 1, lots: 1))
        #expect(below.reservation.units == ExactDivision.ceiling(RiskLimits.maxNotional - 1, 20))
        // At the limit, and far beyond it (products that overflow 64 bits): LEVERAGE, no trap.
        for (ticks, lots) in [(RiskLimits.maxNotional, Int64(1)), (Int64.max, 1), (Int64.max, Int64.max), (2, Int64.max / 2 + 1),
                              (1 << 31, 1 << 31)] {
            #expect(throws: RiskReject.leverage) { try core.check(Self.order(2, account: 0, ticks: ticks, lots: lots)) }
        }
        // Trades beyond the limit are refused by clearing too, and nothing changes.
        for (ticks, lots) in [(RiskLimits.maxNotional, Int64(1)), (Int64.max, Int64.max)] {
            #expect(throws: RiskReject.badQuantity) {
                try core.clearTrade(symbol: 0, price: Price(ticks: ticks), quantity: Quantity(lots: lots), makerAccount: 0,
                                    makerIsBuyer: true, takerAccount: 1)
            }
        }
        #expect(core.positions.count(0) == 0)
        Self.expectBalanced(core)
    }

    @Test func feesAtOneHundredPercentOfTheLargestNotionalAreExact() throws {
        var core = Self.bigCore(maker: Rate(e8: -Rate.one), taker: Rate(e8: Rate.one))
        let notional = RiskLimits.maxNotional - 1
        let (maker, taker) = try core.clearTrade(symbol: 0, price: Price(ticks: notional), quantity: Quantity(lots: 1),
                                                 makerAccount: 0, makerIsBuyer: true, takerAccount: 1)
        #expect(taker.fee == notional)
        #expect(maker.fee == -notional)
        #expect(core.balance(1).units == -notional)
        #expect(core.balance(0).units == notional)
        #expect(core.balance(core.accounts.feeAccount).units == 0)
        Self.expectBalanced(core)
    }

    // MARK: Overflow-checked clearing

    /// Realized profit that would carry a balance beyond `Int64.max` is refused with
    /// `BAD_AMOUNT` and nothing changes; after a withdrawal the same trade clears.
    @Test func aProfitThatWouldOverflowABalanceIsRefusedWholly() throws {
        var core = Self.bigCore()
        // The engine holds at most 2^62 units of deposits: account 1 trades on credit
        // (`clearTrade` is below the pre-trade check) and its balance goes negative.
        try core.deposit(account: 0, amount: Money(units: RiskLimits.maxBalance))
        #expect(throws: RiskReject.badAmount) { try core.deposit(account: 1, amount: Money(units: 1)) }
        let high = RiskLimits.maxNotional - 1
        // Round 1: account 0 buys 1 lot at 1 tick and sells it at 2^62 − 1: profit 2^62 − 2.
        try Self.trade(&core, taker: 0, buys: true, maker: 1, ticks: 1)
        try Self.trade(&core, taker: 0, buys: false, maker: 1, ticks: high)
        #expect(core.balance(0).units == Int64.max - 1)
        #expect(core.balance(1).units == -(high - 1))
        // Round 2: open at 1, close at 3: a profit of 2 would overflow.
        try Self.trade(&core, taker: 0, buys: true, maker: 1, ticks: 1)
        let before = (core.balance(0).units, core.balance(1).units, F.position(core, 0, 0)!, F.position(core, 1, 0)!,
                      core.accounts.marginInUse(0).units, core.accounts.marginInUse(1).units)
        #expect(throws: RiskReject.badAmount) {
            try Self.trade(&core, taker: 0, buys: false, maker: 1, ticks: 3)
        }
        let after = (core.balance(0).units, core.balance(1).units, F.position(core, 0, 0)!, F.position(core, 1, 0)!,
                     core.accounts.marginInUse(0).units, core.accounts.marginInUse(1).units)
        #expect(before.0 == after.0 && before.1 == after.1 && before.4 == after.4 && before.5 == after.5)
        #expect(before.2 == after.2 && before.3 == after.3)
        #expect(core.symbolRisk(0).lastTrade == 1)
        Self.expectBalanced(core)
        // Freeing room: withdraw, then the same trade clears.
        try core.withdraw(account: 0, amount: Money(units: RiskLimits.maxBalance))
        try Self.trade(&core, taker: 0, buys: false, maker: 1, ticks: 3)
        #expect(F.position(core, 0, 0) == nil && F.position(core, 1, 0) == nil)
        Self.expectBalanced(core)
    }

    /// A self-trade applies one side, then plans the other on the result; when the second
    /// side does not fit the first is restored exactly.
    @Test func aSelfTradeThatWouldOverflowIsRestored() throws {
        var core = Self.bigCore()
        try core.deposit(account: 0, amount: Money(units: RiskLimits.maxBalance))
        let high = RiskLimits.maxNotional - 1
        // Account 0 goes long 1 lot at 1 tick against account 1, then earns 2^62 − 2 closing
        // half of a 2-lot position, leaving 1 lot at a cost of 1.
        try Self.trade(&core, taker: 0, buys: true, maker: 1, ticks: 1, lots: 2)
        try Self.trade(&core, taker: 0, buys: false, maker: 1, ticks: high)
        #expect(core.balance(0).units == Int64.max - 1)
        let position = F.position(core, 0, 0)!
        let balance = core.balance(0).units
        let margin = core.accounts.marginInUse(0).units
        // Self-trade of 1 lot at 2^62 − 1: the buy side raises the cost; the sell side would
        // realize ≈ 2^62 of profit on a balance of 2^63 − 2.
        #expect(throws: RiskReject.badAmount) {
            try Self.trade(&core, taker: 0, buys: false, maker: 0, ticks: high)
        }
        #expect(F.position(core, 0, 0)! == position)
        #expect(core.balance(0).units == balance)
        #expect(core.accounts.marginInUse(0).units == margin)
        Self.expectBalanced(core)
    }

    // MARK: Capacity

    /// A full symbol segment refuses a new account's order and trade with `CAPACITY`;
    /// closing a position frees its slot for the next account.
    @Test func positionStoreFullAndFreedAgain() throws {
        var core = F.core(users: 8, perSymbol: 2)
        for a in 0..<4 { try core.deposit(account: a, amount: Money(units: 1_000_000 * F.usdt)) }
        F.trade(&core, F.btc, account: 0, counterparty: 1, lots: 10, price: "50000")
        #expect(core.positions.count(F.btc) == 2)
        let order = PreTradeOrder(orderId: 7, account: 2, symbol: F.btc, isBuy: true, price: Price(ticks: F.ticks("50000")),
                                  quantity: Quantity(lots: 1))
        #expect(throws: RiskReject.capacity) { try core.admit(order) }
        #expect(throws: RiskReject.capacity) {
            try core.clearTrade(symbol: F.btc, price: Price(ticks: F.ticks("50000")), quantity: Quantity(lots: 1),
                                makerAccount: 0, makerIsBuyer: false, takerAccount: 2)
        }
        #expect(throws: RiskReject.capacity) { try core.setLeverage(account: 3, symbol: F.btc, leverage: 5) }
        #expect(core.liveOrderCount == 0 && core.accounts.openOrders(2) == 0 && core.accounts.reserved(2).units == 0)
        Self.expectBalanced(core, symbols: 2)
        // The other symbol is unaffected.
        _ = try core.admit(PreTradeOrder(orderId: 8, account: 2, symbol: F.eth, isBuy: true,
                                         price: Price(ticks: F.ticks("3000")), quantity: Quantity(lots: 1)))
        core.orderEnded(8)
        // Closing frees both slots.
        F.trade(&core, F.btc, account: 0, counterparty: 1, lots: -10, price: "50000")
        #expect(core.positions.count(F.btc) == 0)
        _ = try core.admit(order)
        #expect(core.positions.count(F.btc) == 1)
        core.orderEnded(7)
        #expect(core.positions.count(F.btc) == 0)
        Self.expectBalanced(core, symbols: 2)
    }

    @Test func openOrderLimitPerAccountAndReservationStore() throws {
        var core = F.core(users: 8, orders: 3, maxOpenOrders: 2)
        for a in 0..<3 { try core.deposit(account: a, amount: Money(units: 1_000_000 * F.usdt)) }
        func order(_ id: Int64, _ account: Int) -> PreTradeOrder {
            PreTradeOrder(orderId: id, account: account, symbol: F.btc, isBuy: true, price: Price(ticks: F.ticks("50000")),
                          quantity: Quantity(lots: 1))
        }
        _ = try core.admit(order(1, 0))
        _ = try core.admit(order(2, 0))
        #expect(throws: RiskReject.tooManyOrders) { try core.admit(order(3, 0)) }
        #expect(throws: RiskReject.duplicateOrderId) { try core.admit(order(2, 1)) }
        _ = try core.admit(order(4, 1))
        // Three live orders fill the reservation store.
        #expect(throws: RiskReject.capacity) { try core.admit(order(5, 2)) }
        #expect(core.accounts.reserved(2).units == 0 && core.accounts.openOrders(2) == 0)
        #expect(core.positions.slot(account: 2, symbol: F.btc) == nil)
        // Ending orders frees both limits.
        core.orderEnded(1)
        _ = try core.admit(order(3, 0))
        core.orderEnded(4)
        _ = try core.admit(order(5, 2))
        #expect(core.liveOrderCount == 3)
        for id: Int64 in [2, 3, 5] { core.orderEnded(id) }
        #expect(core.liveOrderCount == 0)
        for a in 0..<3 { #expect(core.accounts.reserved(a).units == 0 && core.accounts.openOrders(a) == 0) }
        #expect(core.positions.count(F.btc) == 0)
        Self.expectBalanced(core, symbols: 2)
    }

    /// Many positions at the largest notional: margin and PnL sums over the account stay
    /// exact (they are formed from 64-bit terms below 2^62 each and compared in 128 bits).
    @Test func sumsOfManyLargePositionsStayExact() throws {
        var core = Self.bigCore(users: 64, perSymbol: 64)
        let high = RiskLimits.maxNotional / 64
        for a in 0..<32 {
            _ = try core.clearTrade(symbol: 0, price: Price(ticks: high), quantity: Quantity(lots: 1), makerAccount: 32 + a,
                                    makerIsBuyer: false, takerAccount: a)
        }
        #expect(core.positions.totalCost() == 0)
        #expect(core.positions.count(0) == 64)
        var grossCost: Int128 = 0
        for s in 0..<core.positions.count(0) { grossCost += Int128(core.positions.cost(s).magnitude) }
        #expect(grossCost == 64 * Int128(high))
        // The mark moves to the largest price a lot may have: every uPnL and margin is exact.
        try core.setMark(0, Price(ticks: RiskLimits.maxNotional - 1))
        let long = core.accountMargin(0)
        #expect(long.unrealizedPnL == RiskLimits.maxNotional - 1 - high)
        let short = core.accountMargin(32)
        #expect(short.unrealizedPnL == -(RiskLimits.maxNotional - 1 - high))
        Self.expectBalanced(core)
    }
}
