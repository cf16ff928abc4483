import Foundation
import Testing
@testable import HFTEngine

/// The public Swift API driven with hostile arguments: every entry point that takes a
/// caller's data (orders, cancels, amends, deposits, withdrawals, leverage, marks, index
/// prices, funding, halts, liquidation calls, decimal parsing, option maths) gets values
/// from the edges of its type (0, negative, `Int64.min`/`.max`, out-of-range accounts and
/// symbols, NaN and infinities) mixed with ordinary ones. None may trap; each returns its
/// effect or a typed error, and after every call the venue's invariants hold: money
/// conserved, positions net to zero, every live order reserved exactly once, books and
/// trigger index consistent.
@Suite("Public API fuzz")
struct PublicAPIFuzzTests {
    typealias F = RiskFixtures

    /// Edge values of `Int64` and ordinary ones near `typical`.
    static func hostile(_ rng: inout RiskRandom, typical: Int64, spread: Int64) -> Int64 {
        let edges: [Int64] = [.min, .min + 1, -1_000_000, -1, 0, 1, 2, 1 << 31, 1 << 40, 1 << 62, (1 << 62) + 1,
                              .max / 3, .max - 1, .max]
        return rng.int(0...3) == 0 ? edges[Int(rng.int(0...Int64(edges.count - 1)))]
                                   : max(1, typical + rng.int(-spread...spread))
    }

    static func hostileIndex(_ rng: inout RiskRandom, valid count: Int) -> Int {
        let edges: [Int] = [.min, -1, count, count + 1, 1 << 20, .max]
        return rng.int(0...5) == 0 ? edges[Int(rng.int(0...5))] : Int(rng.int(0...Int64(count - 1)))
    }

    @Test(arguments: [101, 202, 303] as [UInt64])
    func venueEntryPointsNeverTrap(seed: UInt64) throws {
        try Self.fuzzVenue(seed: seed)
    }

    /// The longer mode: `HFT_API_FUZZ_SEEDS=N swift test --filter PublicAPIFuzzTests` runs
    /// seeds 1 ... N as well.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["HFT_API_FUZZ_SEEDS"] != nil))
    func manySeeds() throws {
        let count = UInt64(ProcessInfo.processInfo.environment["HFT_API_FUZZ_SEEDS"] ?? "") ?? 0
        for seed in 1...max(1, count) { try Self.fuzzVenue(seed: seed) }
    }

    /// One stream of 6,000 hostile calls against a fresh venue.
    static func fuzzVenue(seed: UInt64) throws {
        let venue = LiquidationVenue(users: 32, perSymbol: 128, threads: 1)
        var rng = RiskRandom(state: seed)
        var outcomes = [String: Int]()
        func note(_ key: String) { outcomes[key, default: 0] += 1 }
        for a in 0..<32 { venue.deposit(a, a == 0 ? "10000000" : "20000") }
        try venue.risk.setMark(F.btc, Price(ticks: F.ticks("50000")))
        try venue.risk.setMark(F.eth, Price(ticks: F.ticks("3000")))
        let typicalTicks: [Int64] = [F.ticks("50000"), F.ticks("3000")]
        var nextId: Int64 = 1
        var lastAction = ""
        for step in 0..<6_000 {
            let symbolIndex = Self.hostileIndex(&rng, valid: 2)
            let symbol = SymbolID(Int32(truncatingIfNeeded: symbolIndex))
            let typical = typicalTicks[symbolIndex == 1 ? 1 : 0]
            let account = Self.hostileIndex(&rng, valid: 32)
            venue.orderEvents.removeAll()
            let action = rng.int(0...19)
            lastAction = "action \(action) account \(account) symbol \(symbolIndex)"
            switch action {
            case 0..<9:
                let id = rng.int(0...9) == 0 ? Self.hostile(&rng, typical: nextId, spread: 5) : nextId
                nextId += 1
                let tifs: [TimeInForce] = [.gtc, .ioc, .fok, .postOnly]
                let stps: [SelfTradePrevention] = [.none, .expireTaker, .expireMaker, .expireBoth]
                let request = OrderRequest(
                    id: id, account: Int64(truncatingIfNeeded: account), symbol: symbol,
                    side: rng.int(0...1) == 0 ? .buy : .sell, type: rng.int(0...5) == 0 ? .market : .limit,
                    price: Price(ticks: Self.hostile(&rng, typical: typical, spread: typical / 50)),
                    quantity: Quantity(lots: Self.hostile(&rng, typical: 50, spread: 49)),
                    timeInForce: tifs[Int(rng.int(0...3))], selfTradePrevention: stps[Int(rng.int(0...3))],
                    flags: OrderFlags(rawValue: UInt8(truncatingIfNeeded: rng.int(0...255))))
                RiskGate.submit(request, matching: &venue.matching, risk: &venue.risk, into: &venue.orderEvents)
                venue.liquidation.afterOrderEvents(venue.orderEvents, from: 0, matching: venue.matching, risk: venue.risk)
                note(venue.orderEvents.count > 0 && venue.orderEvents[0].kind == .rejected ? "order rejected" : "order ran")
            case 9:
                RiskGate.cancel(orderId: Self.hostile(&rng, typical: nextId - 10, spread: 10),
                                matching: &venue.matching, risk: &venue.risk, into: &venue.orderEvents)
                venue.liquidation.afterOrderEvents(venue.orderEvents, from: 0, matching: venue.matching, risk: venue.risk)
            case 10:
                RiskGate.amend(orderId: Self.hostile(&rng, typical: nextId - 10, spread: 10),
                               price: Price(ticks: Self.hostile(&rng, typical: typical, spread: typical / 50)),
                               quantity: Quantity(lots: Self.hostile(&rng, typical: 50, spread: 49)),
                               matching: &venue.matching, risk: &venue.risk, into: &venue.orderEvents)
                venue.liquidation.afterOrderEvents(venue.orderEvents, from: 0, matching: venue.matching, risk: venue.risk)
            case 11:
                do throws(RiskReject) {
                    try venue.risk.deposit(account: account, amount: Money(units: Self.hostile(&rng, typical: F.usdt * 1_000, spread: F.usdt * 999)))
                    note("deposit ok")
                } catch { note("deposit \(error)") }
            case 12:
                do throws(RiskReject) {
                    try venue.risk.withdraw(account: account, amount: Money(units: Self.hostile(&rng, typical: F.usdt * 1_000, spread: F.usdt * 999)))
                    note("withdraw ok")
                } catch { note("withdraw \(error)") }
                if venue.risk.accounts.contains(account) { venue.liquidation.refresh(account: account, risk: venue.risk) }
            case 13:
                let modes: [MarginMode?] = [nil, .cross, .isolated]
                do throws(RiskReject) {
                    try venue.risk.setLeverage(account: account, symbol: symbolIndex, leverage: Self.hostile(&rng, typical: 20, spread: 19),
                                               mode: modes[Int(rng.int(0...2))])
                    note("leverage ok")
                } catch { note("leverage \(error)") }
                if venue.risk.accounts.contains(account) { venue.liquidation.refresh(account: account, risk: venue.risk) }
            case 14:
                let price = Price(ticks: Self.hostile(&rng, typical: typical, spread: typical / 10))
                do throws(RiskReject) {
                    try venue.risk.setMark(symbolIndex, price)
                    venue.matching.setReferencePrice(price, for: symbol)
                    note("mark ok")
                    _ = venue.liquidation.markUpdated(symbol: symbolIndex, matching: &venue.matching, risk: &venue.risk)
                } catch { note("mark \(error)") }
            case 15:
                do throws(RiskReject) {
                    try venue.risk.setIndex(symbolIndex, Price(ticks: Self.hostile(&rng, typical: typical, spread: typical / 10)))
                    note("index ok")
                } catch { note("index \(error)") }
            case 16:
                do throws(RiskReject) {
                    _ = try venue.risk.settleFunding(symbol: symbolIndex, rate: Rate(e8: Self.hostile(&rng, typical: 10_000, spread: 20_000) &- 10_000),
                                                     mark: Price(ticks: Self.hostile(&rng, typical: typical, spread: typical / 10)))
                    note("funding ok")
                } catch { note("funding \(error)") }
                venue.liquidation.rebuildTriggers(risk: venue.risk)
            case 17:
                let halted = rng.int(0...3) == 0
                venue.matching.setHalted(halted, for: symbol)
                do throws(RiskReject) { try venue.risk.setHalted(symbolIndex, halted) } catch { note("halt \(error)") }
            case 18:
                if venue.liquidation.liquidate(account: account, symbol: symbolIndex, matching: &venue.matching, risk: &venue.risk) {
                    note("liquidated")
                }
            default:
                _ = venue.liquidation.scanAndLiquidate(matching: &venue.matching, risk: &venue.risk)
                // Queries with hostile arguments answer "nothing" rather than trap.
                _ = venue.matching.order(Self.hostile(&rng, typical: nextId, spread: 10))
                _ = venue.matching.bestLevel(symbol, side: .buy)
                _ = venue.matching.topOfBook(symbol)
                _ = venue.matching.lastTrade(symbol)
                _ = venue.matching.configuration(of: symbol)
            }
            venue.liquidation.events.removeAll()
            let discrepancy = venue.risk.conservationDiscrepancy()
            let net = (venue.risk.positions.netSize(symbol: 0), venue.risk.positions.netSize(symbol: 1))
            let live = (venue.risk.liveOrderCount, venue.matching.restingOrderCount)
            #expect(discrepancy == 0 && net.0 == 0 && net.1 == 0 && live.0 == live.1,
                    "step \(step), seed \(seed): discrepancy \(discrepancy), net \(net), live \(live), last \(lastAction)")
            if discrepancy != 0 || net != (0, 0) || live.0 != live.1 { return }
            if step % 500 == 0 {
                venue.matching.checkInvariants()
                let triggersConsistent = venue.liquidation.triggers.checkInvariants()
                #expect(triggersConsistent, "trigger index at step \(step)")
            }
        }
        venue.matching.checkInvariants()
        // The stream must reach both sides of the validation, or it proves little.
        #expect(outcomes["order ran", default: 0] > 200 && outcomes["order rejected", default: 0] > 500, "\(outcomes)")
        #expect(outcomes["deposit ok", default: 0] > 20 && outcomes["withdraw ok", default: 0] > 20, "\(outcomes)")
        #expect(outcomes.keys.contains { $0.hasPrefix("deposit ") && $0 != "deposit ok" }, "\(outcomes)")
        #expect(outcomes["mark ok", default: 0] > 20 && outcomes["funding ok", default: 0] > 5, "\(outcomes)")
    }

    /// Decimal parsing and the option maths on hostile text and doubles.
    @Test func parsingAndOptionMathNeverTrap() {
        var rng = RiskRandom(state: 77)
        let pieces = ["0", "1", "9", ".", "-", "+", "e", "00", "99999999999999999999", "1e400", " ", "\u{0}", "٣", "NaN", ","]
        var parsed = 0, refused = 0
        for _ in 0..<20_000 {
            var text = ""
            for _ in 0..<rng.int(0...12) { text += pieces[Int(rng.int(0...Int64(pieces.count - 1)))] }
            do throws(DecimalError) {
                let value = try ExactDecimal(parsing: text)
                let step = try StepSize(parsing: text)
                _ = try step.steps(in: value)
                parsed += 1
            } catch { refused += 1 }
        }
        #expect(parsed > 100 && refused > 100)
        let doubles: [Double] = [.nan, .infinity, -.infinity, 0, -0.0, -1, 1e-300, .leastNonzeroMagnitude,
                                 .greatestFiniteMagnitude, 1e300, 100, 0.2, 1]
        func pick() -> Double { doubles[Int(rng.int(0...Int64(doubles.count - 1)))] }
        var finite = 0, invalid = 0, solved = 0
        for _ in 0..<50_000 {
            let kind: OptionKind = rng.int(0...1) == 0 ? .call : .put
            let greeks = BlackScholes.greeks(kind: kind, spot: pick(), strike: pick(), expiry: pick(),
                                             rate: pick() / 100, dividendYield: pick() / 100, volatility: pick())
            if greeks.price.isNaN { invalid += 1 } else { finite += 1 }
            do throws(ImpliedVolatilityError) {
                let inputs = (price: pick(), spot: pick(), strike: pick(), expiry: pick(), rate: pick() / 100,
                              dividendYield: pick() / 100)
                let sigma = try ImpliedVolatility.volatility(kind: kind, price: inputs.price, spot: inputs.spot,
                                                             strike: inputs.strike, expiry: inputs.expiry,
                                                             rate: inputs.rate, dividendYield: inputs.dividendYield)
                // Finite and ≥ 0; 0 where the normalised price underflows (documented).
                #expect(sigma.isFinite && sigma >= 0, "\(sigma) from \(kind) \(inputs)")
                if sigma > 0 { solved += 1 }
            } catch {}
        }
        #expect(finite > 100 && invalid > 100 && solved > 20, "\(finite) \(invalid) \(solved)")
    }
}
