import Testing
@testable import HFTEngine
@testable import HFTReplay

/// Inputs that `hft fuzz` or its review found to break a rule, kept as regression tests.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    /// A cross account with a 17 BTC long is liquidated into a wall of 17,000 bids of
    /// 0.001: one mark, 17,000 fills. The liquidation event buffer held 16,384 events and
    /// dropped the rest silently (no TRADE lines for the last 617 fills, no INSURANCE line).
    @Test func aLiquidationIntoTenThousandsOfMakersPrintsEveryFill() {
        var lines = [
            "ENGINE risk=on orders=24000 levels=8192 symbols=4 accounts=64 positions=64 openOrders=20000",
            "SYMBOL BTC tick=0.5 lot=0.001 maxLeverage=50 ladder=262144",
            "MARK BTC 50000", "DEPOSIT 1 100000000", "DEPOSIT 2 100000000", "DEPOSIT 3 20000", "LEVERAGE 3 BTC 50",
            "NEW 1 1 BTC SELL LIMIT 50000 17", "NEW 2 3 BTC BUY LIMIT 50000 17",
        ]
        for id in 3...17_002 { lines.append("NEW \(id) 2 BTC BUY LIMIT 49000 0.001") }
        lines.append("MARK BTC 48900")
        var printed: [String] = []
        let session = ReplaySession { printed.append($0) }
        session.run(lines.joined(separator: "\n"))
        let afterMark = printed.drop { !$0.hasPrefix("LIQUIDATION") && !$0.hasPrefix("TRADE BTC 3 ") }
        #expect(afterMark.filter { $0.hasPrefix("TRADE BTC ") }.count == 17_000)
        #expect(afterMark.contains { $0.hasPrefix("LIQUIDATION account=3 sym=BTC side=SELL qty=17 filled=17 ") })
        #expect(afterMark.contains { $0.hasPrefix("INSURANCE kind=FEE account=3 ") })
        #expect(session.venue.restingOrderCount == 0)
        #expect(session.venue.conservationDiscrepancy == 0)
    }

    /// `ENGINE orders=67108864 levels=16777216 symbols=4096 accounts=16777216 positions=4096`
    /// (each value within its own limit) allocated about 8 GB (7.7 GB resident, 41 s) and
    /// would have asked for 256 GB of trigger locations at the first mark. Now an `ERROR`
    /// that changes nothing; ordinary large configurations still run.
    @Test func absurdCapacitiesAreAnErrorNotAnAllocation() {
        var printed: [String] = []
        let session = ReplaySession { printed.append($0) }
        session.run("ENGINE orders=67108864 levels=16777216 symbols=4096 accounts=16777216 positions=4096\nENGINE symbols=4096 positions=4096")
        #expect(printed.count == 2 && printed.allSatisfy { $0.contains("MiB of memory") }, "\(printed)")
        #expect(session.configuration.maxOrders == ReplaySession.defaultMaxOrders)
        let (lines, errors) = ReplaySession.run("ENGINE orders=1000000 accounts=100000 symbols=8\nSYMBOL X tick=1 lot=1\nQUERY 1")
        #expect(errors == 0 && lines.first?.hasPrefix("ACCOUNT 1 ") == true, "\(lines)")
        // 4,096 symbols with the largest ladder would be a terabyte: the budget stops them.
        let full = EngineConfiguration(maxOrders: 1_000, maxPriceLevels: 1_000, maxSymbols: 4_096)
        let ladders = ReplayMemoryBudget.bytes(full, risk: nil, liquidation: false, ladders: Array(repeating: 1 << 26, count: 4_096))
        #expect(ladders > ReplayMemoryBudget.limitBytes)
        #expect(ReplayMemoryBudget.bytes(full, risk: nil, liquidation: false, ladders: [1 << 26]) < ReplayMemoryBudget.limitBytes)
    }

    /// A 70,000-byte `MARK` line made `hft replay --journal` stop with `recordTooLarge` (its
    /// text record did not fit). Lines longer than 8,192 bytes are now an `ERROR` and are not
    /// journaled; long comments and blank lines stay ignored.
    @Test func overLongLinesAreAnErrorAndAreNotJournaled() throws {
        let long = "MARK X " + String(repeating: "A", count: 70_000)
        let text = "ENGINE risk=off\nSYMBOL X tick=1 lot=1\n\(long)\n# \(long)\n\(String(repeating: " ", count: 9_000))\nBOOK X"
        let (lines, errors) = ReplaySession.run(text)
        #expect(lines == ["ERROR 3 line longer than 8192 bytes", "END"])
        #expect(errors == 1)
        let dir = TemporaryDirectory()
        defer { dir.cleanup() }
        var printed: [String] = []
        let session = ReplaySession { printed.append($0) }
        let journal = try ReplayJournal(directory: dir.path, session: session, policy: .never)
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            try session.processJournaled(line: line, number: i + 1, journal: journal)
        }
        // One record: the SYMBOL line's addSymbol (the over-long MARK appends nothing).
        #expect(journal.lastSequence == 1 && printed == lines)
    }

    /// `hft fuzz` seed 1012: `FUNDING BTC rate=-92233720368.54775808` (a rate of Int64.min
    /// 10^-8 units) with open positions trapped on negating the clamped payment. Rates are now
    /// limited to -1...1, and payments that do not fit in 2^62 money units (a huge mark)
    /// are an `ERROR` before anything is settled (the engine would clamp them, or overflow
    /// `Int128` computing mark × scale × rate).
    @Test func extremeFundingIsAnErrorNotATrap() {
        let (lines, errors) = ReplaySession.run("""
            ENGINE risk=on liquidation=off
            SYMBOL X tick=1 lot=1
            MARK X 100
            DEPOSIT 1 100000
            DEPOSIT 2 100000
            NEW 1 1 X SELL LIMIT 100 1
            NEW 2 2 X BUY LIMIT 100 1
            FUNDING X rate=-92233720368.54775808
            FUNDING X rate=1.00000001
            MARK X 9223372036854775807
            FUNDING X rate=1
            FUNDING X rate=-0.00000001
            MARK X 100
            FUNDING X rate=1
            """)
        #expect(errors == 4)
        #expect(Array(lines.dropFirst(3).prefix(4)) == [
            "ERROR 8 funding rate must be between -1 and 1", "ERROR 9 funding rate must be between -1 and 1",
            "ERROR 11 funding payments at this rate and mark do not fit in 64 bits",
            "ERROR 12 funding payments at this rate and mark do not fit in 64 bits",
        ])
        #expect(lines.suffix(2) == ["FUNDING X account=1 size=-1 mark=100 rate=1 amount=100",
                                    "FUNDING X account=2 size=1 mark=100 rate=1 amount=-100"])
    }

    /// `hft fuzz` seed 2019 (600-second run): `DEPOSIT 1 92233720368.54775807` (Int64.max
    /// money units) was accepted; the account's first maker rebate wrapped its balance to
    /// −92233720368.04775809 and money was no longer conserved (discrepancy −2^64). Deposits
    /// may now bring at most 2^62 units into the engine (`RiskLimits.maxBalance`, per
    /// balance and in total), and fills are overflow-checked, so the rebate is exact.
    @Test func aDepositNearInt64MaxIsRejectedAndRebatesCannotWrap() {
        var printed: [String] = []
        let session = ReplaySession { printed.append($0) }
        session.run("""
            ENGINE risk=on
            SYMBOL BTC tick=0.5 lot=0.001 maker=-1 taker=4
            MARK BTC 50000
            DEPOSIT 1 92233720368.54775807
            DEPOSIT 2 100000
            DEPOSIT 1 46116760184.27387904
            DEPOSIT 3 0.00000001
            NEW 1 1 BTC SELL LIMIT 50000 0.1
            NEW 2 2 BTC BUY MARKET - 0.1
            QUERY 1
            """)
        #expect(printed.first == "REJECTED DEPOSIT 1 BAD_AMOUNT")
        #expect(printed.filter { $0.hasPrefix("REJECTED DEPOSIT 1") }.count == 1, "2^62 units in total exactly is allowed")
        #expect(printed.contains("REJECTED DEPOSIT 3 BAD_AMOUNT"), "the cap (2^62 units, reached exactly) counts every account's money")
        #expect(printed.contains { $0.hasPrefix("ACCOUNT 1 balance=46116760184.77387904 ") }, "\(printed)")
        #expect(session.venue.conservationDiscrepancy == 0)
    }
}
