import Foundation
import Testing
@testable import HFTReplay
import HFTEngine

/// Every `Scenarios/<name>.txt` replays to exactly `Scenarios/<name>.expected`.
@Suite struct MatchingScenarioTests {
    static var names: [String] { ScenarioFiles.names() }

    @Test func scenariosExist() {
        #expect(Self.names.count >= 8)
    }

    @Test(arguments: MatchingScenarioTests.names)
    func scenario(_ name: String) throws {
        let errors = try ScenarioFiles.expectReplayMatchesExpected(name)
        #expect((errors > 0) == (name == "errors"), "ERROR lines only in errors.txt")
    }

    @Test func missingEngineLineRunsWithRisk() {
        // risk=on is the default: an account without money cannot margin an order.
        let (lines, errors) = ReplaySession.run("SYMBOL X tick=1 lot=1\nNEW 1 1 X BUY LIMIT 10 1\nDEPOSIT 1 1\nNEW 2 1 X BUY LIMIT 10 1\nBOOK X\n")
        #expect(errors == 0)
        #expect(lines == ["REJECTED 1 INSUFFICIENT_MARGIN", "ACCEPTED 2", "BID X 10 1 1", "END"])
    }

    @Test func riskCommandsNeedRiskOn() {
        let (lines, errors) = ReplaySession.run("ENGINE risk=off\nDEPOSIT 1 100\n")
        #expect(errors == 1)
        #expect(lines.first?.hasPrefix("ERROR 2 ") == true)
    }

    @Test func canonicalNumbers() {
        let (lines, _) = ReplaySession.run("""
            ENGINE risk=off money=8
            SYMBOL X tick=0.0010 lot=0.50
            NEW 1 1 X SELL LIMIT 100.5000 1.0
            NEW 2 2 X BUY LIMIT 100.5 0.5
            """)
        #expect(lines == ["ACCEPTED 1", "ACCEPTED 2", "TRADE X 1 2 100.5 0.5"])
    }
}

/// Replay never traps on input: random lines from a vocabulary of valid and broken
/// tokens either run or print `ERROR`, and the engine's invariants hold afterwards.
@Suite struct MatchingReplayFuzzTests {
    @Test func randomLinesNeverTrap() {
        let vocabulary: [[String]] = [
            ["NEW", "CANCEL", "AMEND", "BOOK", "SYMBOL", "ENGINE", "MARK", "HALT", "RESUME", "QUERY", "#", "", "new"],
            ["1", "2", "3", "0", "-1", "x", "99999999999999999999", "4", "5"],
            ["1", "2", "X", "Y", "Z", "-3", "tick=1", "lot=0.5", "risk=off", "orders=0"],
            ["X", "Y", "BUY", "SELL", "tick=0.5", "lot=1", "ALL", "1.5"],
            ["BUY", "SELL", "LIMIT", "MARKET", "100", "0.25", "lot=0.01", "band=5"],
            ["LIMIT", "MARKET", "STOP", "100", "-", "1e3", "100.0000000000000000000000000000001"],
            ["100", "100.5", "100.25", "-", "0", "-5", "abc", "99999999999999999999999999"],
            ["1", "0.5", "0", "-2", "2.25", "10", "1."],
            ["GTC", "IOC", "FOK", "POST_ONLY", "REDUCE_ONLY", "STP=EXPIRE_TAKER", "STP=EXPIRE_MAKER",
             "STP=EXPIRE_BOTH", "STP=NONE", "STP=", "ladder=64", "maxNotional=5", ""],
            ["GTC", "IOC", "STP=EXPIRE_BOTH", "", "", ""],
        ]
        var rng = SplitMix64(seed: 2024)
        func pick(_ choices: [String]) -> String { choices[rng.below(choices.count)] }
        let ids = ["1", "2", "3", "4", "5", "6", "7", "8", "0", "x", "99999999999999999999"]
        let prices = ["100", "100.5", "101", "99.5", "100.25", "0", "-5", "abc", "1e3", "99999999999999999999999999"]
        let quantities = ["1", "0.5", "2", "3.5", "0", "-2", "0.25", "1."]
        var text = "ENGINE risk=off orders=50 levels=20\nSYMBOL X tick=0.5 lot=0.5 ladder=64\nSYMBOL Y tick=1 lot=1\n"
        for _ in 0..<4_000 {
            var line: String
            switch rng.below(10) {
            case 0..<5:
                let type = rng.chance(85) ? "LIMIT" : pick(["MARKET", "STOP"])
                line = "NEW \(pick(ids)) \(pick(["1", "2", "3", "-1", "q"])) \(pick(["X", "X", "Y", "Z"])) "
                    + "\(pick(["BUY", "SELL", "HOLD"])) \(type) \(type == "MARKET" ? pick(["-", "-", "100"]) : pick(prices)) "
                    + "\(pick(quantities)) \(pick(["", "GTC", "IOC", "FOK", "POST_ONLY", "GTD"])) "
                    + "\(pick(["", "", "REDUCE_ONLY"])) \(pick(["", "STP=EXPIRE_TAKER", "STP=EXPIRE_MAKER", "STP=EXPIRE_BOTH", "STP=NO"]))"
            case 5..<7:
                line = "CANCEL \(pick(ids))\(rng.chance(5) ? " extra" : "")"
            case 7..<9:
                line = "AMEND \(pick(ids)) \(pick(prices)) \(pick(quantities))"
            default:
                let words = ["BOOK", "X", "Y", "MARK", "HALT", "RESUME", "ALL", "100", "ENGINE", "SYMBOL",
                             "tick=1", "lot=x", "QUERY", "#", "orders=0", "levels=99999999999", "ladder=1"]
                line = (0..<(1 + rng.below(4))).map { _ in pick(words) }.joined(separator: rng.chance(20) ? "\t" : " ")
            }
            text += line + "\n"
        }
        text += "BOOK X\nBOOK Y\n"
        var lines: [String] = []
        let session = ReplaySession { lines.append($0) }
        session.run(text)
        #expect(session.venue.invariantProblems().isEmpty)
        let errors = session.errorCount
        #expect(errors > 0)
        #expect(lines.contains { $0.hasPrefix("ACCEPTED") })
        #expect(lines.contains { $0.hasPrefix("TRADE") })
        #expect(lines.last == "END")
    }
}
