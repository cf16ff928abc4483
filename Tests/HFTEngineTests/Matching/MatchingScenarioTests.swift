import Foundation
import Testing
import HFTReplay

/// Every `Scenarios/<name>.txt` replays to exactly `Scenarios/<name>.expected`.
@Suite struct MatchingScenarioTests {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Scenarios")

    static var names: [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { $0.hasSuffix(".txt") }.map { String($0.dropLast(4)) }.sorted()
    }

    @Test func scenariosExist() {
        #expect(Self.names.count >= 8)
    }

    @Test(arguments: MatchingScenarioTests.names)
    func scenario(_ name: String) throws {
        let input = try String(contentsOf: Self.directory.appendingPathComponent("\(name).txt"), encoding: .utf8)
        let expected = try String(contentsOf: Self.directory.appendingPathComponent("\(name).expected"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let (lines, errors) = ReplaySession.run(input)
        let expectedLines = expected.last == "" ? Array(expected.dropLast()) : expected
        for i in 0..<max(lines.count, expectedLines.count) {
            let got = i < lines.count ? lines[i] : "<missing>"
            let want = i < expectedLines.count ? expectedLines[i] : "<missing>"
            #expect(got == want, "\(name).expected line \(i + 1)")
            if got != want { break }
        }
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
