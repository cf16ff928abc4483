import HFTEngine
import HFTReplay

/// What one fuzz input did, and what went wrong.
public struct CommandFileFuzzResult: Sendable {
    /// Input lines (as `hft replay` splits them) and the lines among them with a command.
    public var lines = 0
    public var commands = 0
    /// Output lines by kind.
    public var outputLines = 0
    public var rejects = 0
    public var errors = 0
    public var trades = 0
    public var liquidations = 0
    /// Broken rules: a line whose output does not account for it, or an invariant that
    /// does not hold after the run. Empty when the input passed.
    public var failures: [String] = []

    public init() {}

    /// Adds the counts of `other` (failures are not merged).
    public mutating func add(_ other: CommandFileFuzzResult) {
        lines += other.lines; commands += other.commands; outputLines += other.outputLines
        rejects += other.rejects; errors += other.errors; trades += other.trades; liquidations += other.liquidations
    }
}

/// Runs one command file through a ``ReplaySession`` line by line, as `hft replay` does
/// (the bytes decoded as UTF-8 with replacement characters, lines split at `\n`), and
/// checks that
///
/// - every line with a command is accounted for by its own output (``ReplayLineAccounting``):
///   its effect, a `REJECTED` line or one `ERROR <its line number>` line, and blank or
///   comment lines print nothing;
/// - an order command prints at most `maxOrders + 4` lines (the bound that sizes the
///   session's event buffer, `ReplaySession.eventCapacity`);
/// - the `ERROR` count of the session equals the `ERROR` lines printed;
/// - afterwards the books are consistent (``MatchingEngine/checkInvariants()`` traps if
///   not), money is conserved exactly, every symbol's positions net to zero, each live
///   order holds exactly one risk reservation, the trigger index is a valid heap and no
///   liquidation event was dropped.
///
/// A trap inside the engine ends the process: callers print the seed first.
///
/// - Complexity: O(input lines + output lines + the size of the books).
public enum CommandFileFuzzChecker {
    /// Runs and checks `bytes`.
    public static func check(_ bytes: [UInt8]) -> CommandFileFuzzResult {
        var result = CommandFileFuzzResult()
        var printed: [String] = []
        let session = ReplaySession { printed.append($0) }
        let text = String(decoding: bytes, as: UTF8.self)
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            result.lines += 1
            printed.removeAll(keepingCapacity: true)
            session.process(line: line, number: result.lines)
            let tokens = ReplaySession.tokens(of: line)
            if !tokens.isEmpty { result.commands += 1 }
            count(printed, into: &result)
            if let keyword = tokens.first, ["NEW", "AMEND", "CANCEL"].contains(keyword),
               printed.count > session.configuration.maxOrders + 4 {
                result.failures.append("line \(result.lines): \(printed.count) events, more than maxOrders + 4")
            }
            if let problem = ReplayLineAccounting.problem(tokens: tokens, output: printed, number: result.lines),
               result.failures.count < 20 {
                let shown = line.count > 120 ? String(line.prefix(120)) + "…" : String(line)
                result.failures.append("line \(result.lines) `\(shown)`: \(problem) (printed \(printed.prefix(4)))")
            }
        }
        if session.errorCount != result.errors {
            result.failures.append("errorCount \(session.errorCount) but \(result.errors) ERROR lines")
        }
        result.failures += invariantProblems(session)
        return result
    }

    static func count(_ printed: [String], into result: inout CommandFileFuzzResult) {
        result.outputLines += printed.count
        for line in printed {
            if line.hasPrefix("REJECTED ") { result.rejects += 1 }
            else if line.hasPrefix("ERROR ") { result.errors += 1 }
            else if line.hasPrefix("TRADE ") { result.trades += 1 }
            else if line.hasPrefix("LIQUIDATION ") { result.liquidations += 1 }
        }
    }

    /// The venue-wide invariants that do not hold (the book check traps instead).
    static func invariantProblems(_ session: ReplaySession) -> [String] {
        session.venue.invariantProblems()
    }
}
