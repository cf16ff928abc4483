/// The rule that every input line of a command file ends as its effect, a `REJECTED` line
/// or an `ERROR` line (fuzzing, ``CommandFileFuzzChecker``): given a line's tokens and
/// exactly the lines it printed, says what is wrong, or `nil`.
///
/// - A line without tokens (blank, comment) prints nothing.
/// - A line that prints `ERROR` prints exactly one line, `ERROR <its number> <message>`.
/// - `NEW <id>` prints `ACCEPTED <id>` first (then only events of its own matching) or
///   exactly one `REJECTED <id> <REASON>`; its trades name it as the taker.
/// - `CANCEL <id>` prints exactly one `CANCELED <id> <qty>` or `REJECTED <id> <REASON>`.
/// - `AMEND <id>` prints `AMENDED <id> ...` first (then its matching) or one `REJECTED`.
/// - `DEPOSIT`/`WITHDRAW`/`LEVERAGE` are silent or print one `REJECTED <KEYWORD> <account> <REASON>`.
/// - `ENGINE`, `SYMBOL`, `HALT`, `RESUME` are silent; `MARK`/`INDEX` print only
///   liquidation lines; `FUNDING` only `FUNDING` lines; `BOOK` levels then `END`;
///   `QUERY` an `ACCOUNT` line then `POSITION` lines, or one `REJECTED QUERY`.
/// - Any other keyword is an `ERROR`.
///
/// - Complexity: O(output lines of the line).
enum ReplayLineAccounting {
    static func problem(tokens: [Substring], output: [String], number: Int) -> String? {
        guard let keyword = tokens.first else { return output.isEmpty ? nil : "a line without a command printed" }
        if let first = output.first, first.hasPrefix("ERROR") {
            guard output.count == 1 else { return "an ERROR line with other output" }
            return first.hasPrefix("ERROR \(number) ") ? nil : "ERROR with the wrong line number"
        }
        if output.contains(where: { $0.hasPrefix("ERROR") }) { return "ERROR after other output" }
        let id = tokens.count > 1 ? Int64(tokens[1]).map { String($0) } ?? String(tokens[1]) : ""
        switch keyword {
        case "NEW":
            return orderProblem(output, first: "ACCEPTED \(id)", rejected: "REJECTED \(id) ", taker: id)
        case "AMEND":
            return orderProblem(output, first: "AMENDED \(id) ", rejected: "REJECTED \(id) ", taker: nil)
        case "CANCEL":
            guard output.count == 1, output[0].hasPrefix("CANCELED \(id) ") || output[0].hasPrefix("REJECTED \(id) ")
            else { return "CANCEL must print one CANCELED or REJECTED line for its id" }
            return nil
        case "DEPOSIT", "WITHDRAW", "LEVERAGE":
            guard output.isEmpty || (output.count == 1 && output[0].hasPrefix("REJECTED \(keyword) \(id) "))
            else { return "\(keyword) must be silent or print one REJECTED \(keyword) line" }
            return nil
        case "ENGINE", "SYMBOL", "HALT", "RESUME":
            return output.isEmpty ? nil : "\(keyword) must be silent"
        case "MARK", "INDEX":
            let allowed = ["CANCELED ", "LIQUIDATION ", "TRADE ", "INSURANCE ", "ADL "]
            return output.allSatisfy({ line in allowed.contains { line.hasPrefix($0) } }) ? nil
                : "\(keyword) printed something other than liquidation steps"
        case "FUNDING":
            return output.allSatisfy({ $0.hasPrefix("FUNDING \(id) ") }) ? nil : "FUNDING printed a non-FUNDING line"
        case "BOOK":
            guard output.last == "END", output.dropLast().allSatisfy({ $0.hasPrefix("BID \(id) ") || $0.hasPrefix("ASK \(id) ") })
            else { return "BOOK must print its levels and END" }
            return nil
        case "QUERY":
            if output.count == 1 && output[0].hasPrefix("REJECTED QUERY \(id) ") { return nil }
            guard output.first?.hasPrefix("ACCOUNT \(id) ") == true,
                  output.dropFirst().allSatisfy({ $0.hasPrefix("POSITION \(id) ") })
            else { return "QUERY must print ACCOUNT and POSITION lines or one REJECTED QUERY" }
            return nil
        default:
            return "unknown command \(keyword) did not print ERROR"
        }
    }

    /// `NEW` and `AMEND`: the first line accepts (then only matching events of this order)
    /// or rejects alone.
    static func orderProblem(_ output: [String], first: String, rejected: String, taker: String?) -> String? {
        guard let head = output.first else { return "an order command printed nothing" }
        if head.hasPrefix(rejected) { return output.count == 1 ? nil : "a REJECTED order printed more lines" }
        guard head == first || (first.hasSuffix(" ") && head.hasPrefix(first)) else { return "the first line must be \(first)… or \(rejected)…" }
        let allowed = ["TRADE ", "EXPIRED "]
        for line in output.dropFirst() {
            guard allowed.contains(where: { line.hasPrefix($0) }) else { return "unexpected line after \(first)" }
            if let taker, line.hasPrefix("TRADE "), line.split(separator: " ").dropFirst(3).first.map(String.init) != taker {
                return "a TRADE of NEW \(taker) names another taker"
            }
        }
        return nil
    }
}
