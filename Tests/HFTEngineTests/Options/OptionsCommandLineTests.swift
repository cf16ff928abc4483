import Foundation
import Testing
@testable import HFTEngine

/// `hft options greeks|iv` end to end: runs the `hft` executable that `swift build` put
/// next to the test bundle on the inputs in `Reference/cli_*_input.csv`. Skipped (with a
/// message) when the executable has not been built.
@Suite("Options: hft options command line")
struct OptionsCommandLineTests {
    static var executable: URL? { BuiltExecutables.hft }

    static func run(_ arguments: [String], input: Data? = nil) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        let stdin = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(input) }
        try stdin.fileHandleForWriting.close()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }

    @Test(.enabled(if: executable != nil, "hft not built: run `swift build` first"))
    func greeks() throws {
        let path = ReferenceData.directory.appendingPathComponent("cli_greeks_input.csv").path
        let result = try Self.run(["options", "greeks", path])
        #expect(result.status == 1)  // three malformed rows
        let lines = result.out.split(separator: "\n").map(String.init)
        #expect(lines.first == "kind,S,K,T,r,q,sigma,price,delta,gamma,vega,theta,rho,vanna,volga")
        #expect(lines.count == 1 + 7)
        // Every number printed reads back to the double the library computes.
        let first = lines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let g = BlackScholes.greeks(kind: .call, spot: 100, strike: 100, expiry: 1, rate: 0.05, dividendYield: 0.01,
                                    volatility: 0.2)
        let expected = [g.price, g.delta, g.gamma, g.vega, g.theta, g.rho, g.vanna, g.volga]
        #expect(first.count == 15)
        for (k, value) in expected.enumerated() { #expect(Double(first[7 + k]) == value) }
        #expect(lines[4].hasSuffix(",,,,,,,,"))
        #expect(lines[5].hasSuffix(",,,,,,,,"))
        #expect(lines[6].hasSuffix(",,,,,,,,"))
        #expect(!lines[7].hasSuffix(",,,,,,,,"))
        #expect(result.err.contains("line 5:") && result.err.contains("line 6:") && result.err.contains("line 7:"))
    }

    @Test(.enabled(if: executable != nil, "hft not built: run `swift build` first"))
    func impliedVolatilityFromStandardInput() throws {
        let data = try Data(contentsOf: ReferenceData.directory.appendingPathComponent("cli_iv_input.csv"))
        let result = try Self.run(["options", "iv", "-"], input: data)
        #expect(result.status == 1)  // the row with S = x
        let rows = result.out.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(rows.first == ["kind", "S", "K", "T", "r", "q", "price", "iv", "error"])
        #expect(rows.count == 8)
        #expect(abs((Double(rows[1][7]) ?? 0) - 0.2) < 1e-12 && rows[1][8].isEmpty)
        #expect(Double(rows[2][7]) != nil && rows[2][8].isEmpty)
        #expect(rows[3][7].isEmpty && rows[3][8] == "belowIntrinsic")
        #expect(rows[4][7].isEmpty && rows[4][8] == "aboveMaximum")
        #expect(rows[5][7].isEmpty && rows[5][8] == "notFinite")
        #expect(rows[6][7].isEmpty && rows[6][8] == "invalidInput")
        #expect(rows[7][7].isEmpty && rows[7][8] == "malformedRow")
    }
}
