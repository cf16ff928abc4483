import Foundation
import HFTReplay
import Testing

/// The command files in `Tests/HFTEngineTests/Scenarios`: `<name>.txt` and the exact output
/// it must print, `<name>.expected`.
enum ScenarioFiles {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Scenarios")

    /// The scenario names (without `.txt`) that start with `prefix`, sorted.
    static func names(prefix: String = "") -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { $0.hasPrefix(prefix) && $0.hasSuffix(".txt") }.map { String($0.dropLast(4)) }.sorted()
    }

    /// Replays `<name>.txt` and expects its output to equal `<name>.expected` line by line
    /// (the first differing line is reported); returns the number of `ERROR` lines.
    static func expectReplayMatchesExpected(
        _ name: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Int {
        let input = try String(contentsOf: directory.appendingPathComponent("\(name).txt"), encoding: .utf8)
        let expected = try String(contentsOf: directory.appendingPathComponent("\(name).expected"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let (lines, errors) = ReplaySession.run(input)
        let expectedLines = expected.last == "" ? Array(expected.dropLast()) : expected
        for i in 0..<max(lines.count, expectedLines.count) {
            let got = i < lines.count ? lines[i] : "<missing>"
            let want = i < expectedLines.count ? expectedLines[i] : "<missing>"
            #expect(got == want, "\(name).expected line \(i + 1)", sourceLocation: sourceLocation)
            if got != want { break }
        }
        return errors
    }
}
