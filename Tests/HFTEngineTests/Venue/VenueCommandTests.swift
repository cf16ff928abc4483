import Testing
@testable import HFTEngine

/// The venue's commands one by one: typed refusals, kill switches of each scope, the
/// circuit breaker, cancel-all, account halts, funding events and a liquidation seen
/// through the events.
@Suite("Venue commands")
struct VenueCommandTests {
    /// A venue with two symbols (BTC 0: tick 1, lot 1, 1,000 money per tick·lot; ETH 1)
    /// and accounts 0...5 funded with 10^9 money units each.
    static func makeVenue(breaker: Int64 = 0, riskEnabled: Bool = true) throws -> Venue {
        let configuration = VenueConfiguration(maxOrders: 1_024, maxPriceLevels: 1_024, maxSymbols: 4,
                                               riskEnabled: riskEnabled, userAccounts: 16, positionsPerSymbol: 32,
                                               maxOpenOrdersPerAccount: 20, eventBudget: 1_024)
        var venue = try Venue(configuration: configuration)
        var events = venue.makeEventBuffer()
        var commands: [VenueCommand] = [
            .addSymbol(VenueSymbolSpec(index: 0, moneyPerTickLot: 1_000, maxLeverage: 20, takerRate: Rate(e8: 50_000),
                                       circuitBreakerPartsPerMillion: breaker,
                                       circuitBreakerWindowNanoseconds: 10_000_000_000)),
            .addSymbol(VenueSymbolSpec(index: 1, moneyPerTickLot: 100)),
        ]
        if riskEnabled {
            for a: Int64 in 0...5 { commands.append(.deposit(account: a, amount: Money(units: 1_000_000_000))) }
            commands += [.markPrice(symbol: 0, Price(ticks: 10_000)), .markPrice(symbol: 1, Price(ticks: 1_000))]
        }
        for (i, c) in commands.enumerated() {
            venue.apply(c.stamped(sequence: UInt64(i + 1), timestamp: Int64(i + 1) * 1_000_000_000), into: &events)
            events.removeAll()
        }
        return venue
    }

    static func limit(_ id: Int64, account: Int64, symbol: Int32 = 0, _ side: Side, _ price: Int64, _ lots: Int64,
                      tif: TimeInForce = .gtc) -> VenueCommand {
        .newOrder(OrderRequest(id: id, account: account, symbol: SymbolID(symbol), side: side, type: .limit,
                               price: Price(ticks: price), quantity: Quantity(lots: lots), timeInForce: tif))
    }

    /// Applies `command` and returns a copy of its events.
    static func run(_ command: VenueCommand, _ venue: inout Venue, _ events: inout VenueEventBuffer,
                    time: Int64 = 0) -> [VenueEvent] {
        events.removeAll()
        venue.apply(command.stamped(sequence: UInt64(venue.commandCount + 1), timestamp: time), into: &events)
        return Array(events.events)
    }

    @Test func refusalsAreTypedAndChangeNothing() throws {
        var venue = try Self.makeVenue()
        var events = venue.makeEventBuffer()
        let hash = venue.stateHash.value
        let cases: [(VenueCommand, VenueReject)] = [
            (.addSymbol(VenueSymbolSpec(index: 5, moneyPerTickLot: 1)), .badSymbol),
            (.addSymbol(VenueSymbolSpec(index: 2, moneyPerTickLot: 0)), .badSymbol),
            (.addSymbol(VenueSymbolSpec(index: 2, moneyPerTickLot: 1, makerRate: Rate(e8: 200_000_000))), .badRate),
            (.deposit(account: 99, amount: Money(units: 5)), .unknownAccount),
            (.deposit(account: 1, amount: Money(units: 0)), .badAmount),
            (.withdraw(account: 1, amount: Money(units: 2_000_000_000)), .insufficientMargin),
            (.setLeverage(account: 1, symbol: 0, leverage: 500), .leverage),
            (.setLeverage(account: 1, symbol: 9, leverage: 5), .unknownSymbol),
            (.markPrice(symbol: 0, Price(ticks: 0)), .badPrice),
            (.indexPrice(symbol: 7, Price(ticks: 5)), .unknownSymbol),
            (.settleFunding(symbol: 0, rate: Rate(e8: 200_000_000)), .badRate),
            (.cancelAll(account: -1), .unknownAccount),
            (.symbolBrackets(symbol: 0, []), .badBrackets),
            (.symbolBrackets(symbol: 0, [
                MarginBracket(notionalCap: Money(units: 100), maintenanceRate: Rate(e8: 1_000_000), maxLeverage: 10),
                MarginBracket(notionalCap: Money(units: 50), maintenanceRate: Rate(e8: 2_000_000), maxLeverage: 10),
            ]), .badBrackets),
        ]
        for (command, expected) in cases {
            let out = Self.run(command, &venue, &events)
            #expect(out.count == 1 && out[0].commandReject == expected, "\(command.kind): \(out)")
        }
        var badScope = VenueCommand.halt(.venue)
        badScope.b0 = 9
        #expect(Self.run(badScope, &venue, &events).first?.commandReject == .badCommand)
        var badOrder = Self.limit(1, account: 1, .buy, 10_000, 1)
        badOrder.w4 = -1   // attributes that are no valid values
        #expect(Self.run(badOrder, &venue, &events).first?.rejectReason == .badTimeInForce)
        #expect(venue.stateHash.value != 0)
        // Only the sequence number moved (it is part of the hash): compare everything else.
        #expect(venue.restingOrderCount == 0 && venue.conservationDiscrepancy == 0)
        _ = hash
    }

    @Test func riskOffRefusesAccountCommands() throws {
        var venue = try Self.makeVenue(riskEnabled: false)
        var events = venue.makeEventBuffer()
        for command in [VenueCommand.deposit(account: 1, amount: Money(units: 5)), .cancelAll(account: 1),
                        .killSwitch(.account, account: 1), .settleFunding(symbol: 0), .indexPrice(symbol: 0, Price(ticks: 5))] {
            #expect(Self.run(command, &venue, &events).first?.commandReject == .riskOff)
        }
        // Matching alone: any account number trades.
        _ = Self.run(Self.limit(1, account: 77_777, .sell, 100, 2), &venue, &events)
        let out = Self.run(Self.limit(2, account: -5, .buy, 100, 1), &venue, &events)
        #expect(out.map(\.kind) == [.accepted, .trade])
    }

    @Test func killSwitchScopes() throws {
        var venue = try Self.makeVenue()
        var events = venue.makeEventBuffer()
        _ = Self.run(Self.limit(1, account: 1, .sell, 10_010, 1), &venue, &events)
        _ = Self.run(Self.limit(2, account: 2, .sell, 10_020, 1), &venue, &events)
        _ = Self.run(Self.limit(3, account: 1, symbol: 1, .buy, 990, 1), &venue, &events)
        // Account scope: account 1's orders on every symbol, then its new orders are HALTED.
        var out = Self.run(.killSwitch(.account, account: 1), &venue, &events)
        #expect(Set(out.filter { $0.kind == .canceled }.map(\.a)) == [1, 3])
        #expect(out.last(where: { $0.kind == .accountState })?.code == 1)
        #expect(Self.run(Self.limit(4, account: 1, .buy, 9_990, 1), &venue, &events).first?.rejectReason == .halted)
        _ = Self.run(.resume(.account, account: 1), &venue, &events)
        #expect(Self.run(Self.limit(4, account: 1, .buy, 9_990, 1), &venue, &events).first?.kind == .accepted)
        // Symbol scope: the whole book, then HALTED for everyone.
        out = Self.run(.killSwitch(.symbol, symbol: 0), &venue, &events)
        #expect(Set(out.filter { $0.kind == .canceled }.map(\.a)) == [2, 4])
        #expect(out.contains { $0.kind == .symbolState && $0.code == VenueEvent.SymbolState.killed.rawValue && $0.b == 0 })
        #expect(venue.restingOrderCount == 0)
        #expect(Self.run(Self.limit(5, account: 3, .buy, 9_990, 1), &venue, &events).first?.rejectReason == .halted)
        #expect(Self.run(Self.limit(6, account: 3, symbol: 1, .buy, 990, 1), &venue, &events).first?.kind == .accepted)
        // Venue scope: every symbol.
        out = Self.run(.killSwitch(.venue), &venue, &events)
        #expect(out.filter { $0.kind == .canceled }.map(\.a) == [6])
        #expect(Self.run(Self.limit(7, account: 3, symbol: 1, .buy, 990, 1), &venue, &events).first?.rejectReason == .halted)
        _ = Self.run(.resume(.venue), &venue, &events)
        #expect(Self.run(Self.limit(7, account: 3, symbol: 1, .buy, 990, 1), &venue, &events).first?.kind == .accepted)
        #expect(venue.invariantProblems().isEmpty)
    }

    @Test func killSwitchOfALargeBookTakesSeveralCommands() throws {
        var venue = try Self.makeVenue()
        var events = venue.makeEventBuffer()
        // The budget lets one kill switch cancel 1,024 / 4 = 256 orders (16 accounts × 20 orders rest).
        for a: Int64 in 6...15 { _ = Self.run(.deposit(account: a, amount: Money(units: 1_000_000_000)), &venue, &events) }
        for i in 0..<300 { _ = Self.run(Self.limit(Int64(100 + i), account: Int64(i % 16), .sell, 10_001 + Int64(i), 1), &venue, &events) }
        #expect(venue.restingOrderCount == 300)
        var out = Self.run(.killSwitch(.symbol, symbol: 0), &venue, &events)
        #expect(out.filter { $0.kind == .canceled }.count == 256)
        #expect(out.last { $0.kind == .symbolState }?.b == 1)
        out = Self.run(.killSwitch(.symbol, symbol: 0), &venue, &events)
        #expect(out.filter { $0.kind == .canceled }.count == 44)
        #expect(out.last { $0.kind == .symbolState }?.b == 0)
        #expect(venue.restingOrderCount == 0 && venue.invariantProblems().isEmpty)
    }

    @Test func circuitBreakerHaltsOnAFastMoveAndAResumeReopens() throws {
        var venue = try Self.makeVenue(breaker: 50_000)
        var events = venue.makeEventBuffer()   // 5% within 10 s
        var t: Int64 = 100_000_000_000
        func mark(_ ticks: Int64, after seconds: Int64) -> [VenueEvent] {
            t += seconds * 1_000_000_000
            return Self.run(.markPrice(symbol: 0, Price(ticks: ticks)), &venue, &events, time: t)
        }
        #expect(!mark(10_000, after: 1).contains { $0.kind == .symbolState })
        #expect(!mark(10_400, after: 3).contains { $0.kind == .symbolState })   // 4%
        #expect(!mark(10_900, after: 20).contains { $0.kind == .symbolState })  // 4.8% from 10,400, older marks out of the window
        let tripped = mark(10_300, after: 2)                                     // 5.5% down from 10,900 within 2 s
        let state = tripped.first { $0.kind == .symbolState }
        #expect(state?.code == VenueEvent.SymbolState.circuitBreaker.rawValue && state?.a == 10_300 && state?.b == 10_900)
        #expect(venue.prices(of: 0)?.halted == true)
        #expect(Self.run(Self.limit(1, account: 1, .buy, 10_000, 1), &venue, &events).first?.rejectReason == .halted)
        _ = Self.run(.resume(.symbol, symbol: 0), &venue, &events, time: t)
        #expect(Self.run(Self.limit(1, account: 1, .buy, 10_000, 1), &venue, &events).first?.kind == .accepted)
    }

    @Test func cancelAllOfOneSymbolOrEvery() throws {
        var venue = try Self.makeVenue()
        var events = venue.makeEventBuffer()
        _ = Self.run(Self.limit(1, account: 2, .buy, 9_900, 1), &venue, &events)
        _ = Self.run(Self.limit(2, account: 2, .buy, 9_800, 1), &venue, &events)
        _ = Self.run(Self.limit(3, account: 2, symbol: 1, .buy, 900, 1), &venue, &events)
        _ = Self.run(Self.limit(4, account: 3, .buy, 9_900, 1), &venue, &events)
        var out = Self.run(.cancelAll(account: 2, symbol: 0), &venue, &events)
        #expect(Set(out.filter { $0.kind == .canceled }.map(\.a)) == [1, 2])
        let account = out.last { $0.kind == .account && $0.account == 2 }
        #expect(account?.d == 1 && account?.b == venue.account(2)?.reserved)
        out = Self.run(.cancelAll(account: 2), &venue, &events)
        #expect(out.filter { $0.kind == .canceled }.map(\.a) == [3])
        #expect(venue.account(2)?.reserved == 0 && venue.order(4) != nil)
    }

    @Test func aFillPublishesFeesPositionsAndBalances() throws {
        var venue = try Self.makeVenue()
        var events = venue.makeEventBuffer()
        _ = Self.run(Self.limit(1, account: 1, .sell, 10_000, 3), &venue, &events)
        let out = Self.run(Self.limit(2, account: 2, .buy, 10_000, 2), &venue, &events)
        #expect(out.map(\.kind).prefix(2) == [.accepted, .trade])
        // Taker fee 5 bp of 2 × 10,000 × 1,000 = 20,000,000 notional: 10,000; maker pays none.
        let fee = out.first { $0.kind == .balance && $0.account == 2 }
        #expect(fee?.code == VenueEvent.BalanceCause.fee.rawValue && fee?.a == -10_000)
        let taker = out.first { $0.kind == .position && $0.account == 2 }
        let maker = out.first { $0.kind == .position && $0.account == 1 }
        #expect(taker?.a == 2 && taker?.b == 20_000_000 && maker?.a == -2 && maker?.b == -20_000_000)
        let feeAccount = out.first { $0.kind == .account && $0.account == Int64(venue.feeAccount) }
        #expect(feeAccount?.a == 10_000)
        #expect(out.allSatisfy { $0.sequence == UInt64(venue.commandCount) })
    }

    @Test func fundingPaysEveryPositionAndSaysSo() throws {
        var venue = try Self.makeVenue()
        var events = venue.makeEventBuffer()
        _ = Self.run(Self.limit(1, account: 1, .sell, 10_000, 3), &venue, &events)
        _ = Self.run(Self.limit(2, account: 2, .buy, 10_000, 3), &venue, &events)
        let before1 = venue.account(1)!.balance, before2 = venue.account(2)!.balance
        let out = Self.run(.settleFunding(symbol: 0, rate: Rate(e8: 10_000)), &venue, &events)   // 0.01%
        let payments = out.filter { $0.kind == .funding }
        #expect(payments.count == 2)
        // 3 lots × 10,000 × 1,000 × 0.0001 = 3,000: the long pays, the short receives.
        #expect(payments.first { $0.account == 2 }?.b == -3_000 && payments.first { $0.account == 1 }?.b == 3_000)
        #expect(venue.account(1)!.balance == before1 + 3_000 && venue.account(2)!.balance == before2 - 3_000)
        #expect(venue.prices(of: 0)?.lastFundingRate == Rate(e8: 10_000))
    }

    @Test func aMarkThatCrossesALiquidationPriceLiquidatesThroughTheBook() throws {
        var venue = try Self.makeVenue()
        var events = venue.makeEventBuffer()
        // Account 4 goes long 100 lots at 20x with only its margin; account 5 makes the market.
        _ = Self.run(.withdraw(account: 4, amount: Money(units: 940_000_000)), &venue, &events)
        _ = Self.run(.setLeverage(account: 4, symbol: 0, leverage: 20), &venue, &events)
        _ = Self.run(Self.limit(1, account: 5, .sell, 10_000, 100), &venue, &events)
        _ = Self.run(Self.limit(2, account: 4, .buy, 10_000, 100), &venue, &events)
        _ = Self.run(Self.limit(3, account: 5, .buy, 9_500, 200), &venue, &events)
        let out = Self.run(.markPrice(symbol: 0, Price(ticks: 9_600)), &venue, &events)
        let steps = out.filter { $0.kind == .liquidation }
        #expect(steps.contains { $0.code == LiquidationEvent.Step.order.rawValue && $0.account == 4 })
        #expect(steps.contains { $0.code == LiquidationEvent.Step.fill.rawValue })
        #expect(venue.position(of: 4, symbol: 0)?.size ?? 0 < 100)
        #expect(out.contains { $0.kind == .position && $0.account == 4 })
        #expect(venue.invariantProblems().isEmpty)
    }

    @Test func aSmallBufferIsACapacityRefusal() throws {
        var venue = try Self.makeVenue()
        var small = try VenueEventBuffer(capacity: 10)
        venue.apply(Self.limit(1, account: 1, .sell, 10_000, 1), into: &small)
        #expect(small.count == 1 && small[0].commandReject == .capacity && venue.restingOrderCount == 0)
    }
}
