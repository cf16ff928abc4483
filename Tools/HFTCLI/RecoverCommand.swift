import ArgumentParser
import Foundation
import HFTEngine
import HFTReplay

/// `hft recover [--truncate-damaged] <dir>`: rebuilds the state from a journal directory
/// (newest valid snapshot, then the log after it), truncates a torn tail, and prints what it
/// found:
/// ```
/// SNAPSHOT seq=<n>|none [rejected=<n>,...]
/// REPLAYED <records> last=<sequence>
/// TRUNCATED none | TRUNCATED reason=<torn|checksum|bad-length|sequence-gap|bad-segment-header> bytes=<n> segmentsRemoved=<n>
///                  [segment=<file> offset=<n> droppedRecords=<n>]
/// TIME <seconds>
/// HASH <hex>
/// ```
/// A damaged record that intact records follow (not a torn tail) is refused: nothing on disk
/// changes, standard error gets `ERROR journal <dir>: <JournalDamage>; nothing was changed
/// (...)` and the exit status is ``damagedExitCode`` (65). With `--truncate-damaged` the log
/// is cut there anyway and the `TRUNCATED` line adds where and how many records were dropped.
struct RecoverCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recover",
        abstract: "Recover the engine state from a journal directory and print its hash."
    )

    /// The exit status when the log is damaged in the middle (sysexits' `EX_DATAERR`).
    static let damagedExitCode: Int32 = 65

    @Flag(help: "Also cut the log at a damaged record that intact records follow, dropping them.")
    var truncateDamaged = false

    @Argument(help: "The journal directory.")
    var directory: String

    /// Prints why a journal damaged in the middle is not recovered (standard error) and
    /// returns the exit status to throw; shared with `hft replay --resume`.
    static func refuse(_ damage: JournalDamage, directory: String) -> ExitCode {
        FileHandle.standardError.write(Data(("ERROR journal \(directory): \(damage); nothing was changed "
            + "(hft recover --truncate-damaged \(directory) cuts the log there and drops them)\n").utf8))
        return ExitCode(damagedExitCode)
    }

    func run() throws {
        let start = JournalFiles.monotonicNanoseconds()
        let lines: [String]
        let hash: String
        do throws(JournalError) {
            if (try? ReplayEdgeFile.read(directory: directory)) != nil {
                // A command-file replay's journal: the translator's names and grids too.
                let result = try ReplaySession.recover(directory: directory, truncateDamaged: truncateDamaged)
                (lines, hash) = (result.report.lines, result.session.stateHash.hex)
            } else {
                // A venue journal (a host's or the service's).
                let recovery = try Venue.recover(directory: directory, truncateDamaged: truncateDamaged)
                let report = recovery.report
                let venue = recovery.takeVenue()
                (lines, hash) = (report.lines, venue.stateHash.hex)
            }
        } catch .damagedRecord(let damage) {
            throw Self.refuse(damage, directory: directory)
        } catch .configurationMismatch {
            // Only a replay's journal gets here (a venue journal has one configuration file).
            print("ERROR configurationMismatch: replay.edge configures another venue than the log: a run was killed "
                  + "inside an ENGINE line's restart of the log, which supersedes it; hft replay --resume writes it again "
                  + "from the first line")
            throw ExitCode(1)
        } catch {
            print("ERROR \(error)")
            throw ExitCode(1)
        }
        let seconds = Double(JournalFiles.monotonicNanoseconds() - start) / 1e9
        for line in lines { print(line) }
        print("TIME \(String(format: "%.3f", seconds))")
        print("HASH \(hash)")
    }
}
