import Testing
@testable import HFTEngine
@testable import HFTReplay

/// Random risk=on command lines (valid and malformed, with deposits, withdrawals,
/// leverage, index and mark prices, funding, queries, halts and orders) never trap, and
/// the risk state stays exact: money conserved, positions net to zero, every reservation
/// matched by a resting order.
@Suite("Risk replay fuzz")
struct RiskReplayFuzzTests {
    @Test(arguments: [41, 42] as [UInt64])
    func randomRiskLinesNeverTrap(seed: UInt64) {
        var rng = RiskRandom(state: seed)
        func pick(_ choices: [String]) -> String { choices[Int(rng.int(0...Int64(choices.count - 1)))] }
        let accounts = ["1", "2", "3", "4", "0", "5000", "x", "-1"]
        let amounts = ["100", "2500.5", "0", "-5", "0.000000001", "99999999999999999999", "1e3", "10000"]
        let prices = ["100", "100.5", "101", "99.5", "98", "0", "-5", "abc", "102.25"]
        let quantities = ["1", "0.5", "2", "3.5", "0", "-2", "0.25", "40"]
        var text = """
            ENGINE risk=on accounts=4096 positions=64 orders=200 levels=64 symbols=4 openOrders=6
            SYMBOL X tick=0.25 lot=0.5 maker=-1 taker=5 band=10 brackets=1000:0.01:50,5000:0.02:20,100000:0.1:5
            SYMBOL Y tick=1 lot=1 taker=2.5 maxLeverage=10 fundingCap=0.001

            """
        var nextId = 1
        func recentId() -> String { String(max(1, nextId - Int(rng.int(1...12)))) }
        for _ in 0..<3_000 {
            let line: String
            switch rng.int(0...24) {
            case 0..<12:
                nextId += 1
                let id = rng.int(0...30) == 0 ? pick(["0", "x", recentId()]) : String(nextId)
                let buy = rng.int(0...1) == 0
                let price = rng.int(0...9) == 0 ? pick(prices) : (buy ? pick(["100", "100.5", "101", "99.75"]) : pick(["99.5", "100", "100.25", "101"]))
                line = "NEW \(id) \(pick(["1", "2", "3", "4", "1", "2", "3", "4", "5000", "x"])) \(pick(["X", "X", "Y", "Z"])) "
                    + "\(buy ? "BUY" : "SELL") \(pick(["LIMIT", "LIMIT", "LIMIT", "MARKET"])) \(price) "
                    + "\(pick(quantities)) \(pick(["", "GTC", "IOC", "FOK", "POST_ONLY"])) \(pick(["", "", "", "REDUCE_ONLY"]))"
            case 12, 13: line = "CANCEL \(recentId())"
            case 14: line = "AMEND \(recentId()) \(pick(prices)) \(pick(quantities))"
            case 15, 16: line = "DEPOSIT \(pick(accounts)) \(pick(amounts))"
            case 17: line = "WITHDRAW \(pick(accounts)) \(pick(amounts))"
            case 18: line = "LEVERAGE \(pick(accounts)) \(pick(["X", "Y", "Z"])) \(pick(["1", "5", "20", "60", "0", "x"])) \(pick(["", "CROSS", "ISOLATED", "BOTH"]))"
            case 19: line = "INDEX \(pick(["X", "Y", "Z"])) \(pick(prices))"
            case 20: line = "MARK \(pick(["X", "Y"])) \(pick(prices))"
            case 21: line = "FUNDING \(pick(["X", "Y", "Z"])) \(pick(["", "rate=0.0001", "rate=-0.00025", "rate=x", "rate=0.000000001", "foo=1"]))"
            case 22: line = "QUERY \(pick(accounts))"
            case 23: line = rng.int(0...3) == 0 ? "\(pick(["HALT", "RESUME"])) \(pick(["X", "Y", "ALL", "Z"]))" : "RESUME ALL"
            default: line = "BOOK \(pick(["X", "Y"]))"
            }
            text += line + "\n"
        }
        var trades = 0
        var payments = 0
        let session = ReplaySession { line in
            if line.hasPrefix("TRADE") { trades += 1 }
            if line.hasPrefix("FUNDING") { payments += 1 }
        }
        session.run(text)
        #expect(trades > 40 && payments > 20, "the stream trades (\(trades)) and pays funding (\(payments))")
        #expect(session.venue.conservationDiscrepancy == 0)
        #expect(session.venue.netPosition(symbol: 0) == 0 && session.venue.netPosition(symbol: 1) == 0)
        #expect(session.venue.invariantProblems().isEmpty)
    }
}
