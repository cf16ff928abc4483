import ArgumentParser
import Foundation
import HFTEngine
import HFTReplay

/// `hft recover <dir>`: rebuilds the state from a journal directory (newest valid snapshot,
/// then the log after it), truncates a damaged tail, and prints what it found:
/// ```
/// SNAPSHOT seq=<n>|none [rejected=<n>,...]
/// REPLAYED <records> last=<sequence>
/// TRUNCATED none | TRUNCATED reason=<torn|checksum|bad-length|sequence-gap|bad-segment-header> bytes=<n> segmentsRemoved=<n>
/// TIME <seconds>
/// HASH <hex>
/// ```
struct RecoverCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recover",
        abstract: "Recover the engine state from a journal directory and print its hash."
    )

    @Argument(help: "The journal directory.")
    var directory: String

    func run() throws {
        let start = JournalFiles.monotonicNanoseconds()
        let result: (session: ReplaySession, report: ReplayRecoveryReport)
        do {
            result = try ReplaySession.recover(directory: directory)
        } catch {
            print("ERROR \(error)")
            throw ExitCode(1)
        }
        let seconds = Double(JournalFiles.monotonicNanoseconds() - start) / 1e9
        for line in result.report.lines { print(line) }
        print("TIME \(String(format: "%.3f", seconds))")
        print("HASH \(result.session.stateHash.hex)")
    }
}
