import HFTEngine

/// Runs a command file (`spec/replay-format.md`) against a ``MatchingEngine`` and produces
/// its output lines. Edge code: it parses text and formats numbers (allocating freely);
/// the engine it drives does not allocate.
///
/// Use ``process(line:number:)`` for each input line (the output goes to the `output`
/// closure given at `init`), or ``run(_:)`` for a whole text. ``errorCount`` counts the
/// `ERROR` lines; a non-zero count means a non-zero exit status for `hft replay`.
///
/// Commands are dispatched in ``execute(_:number:)``: a new command is one more `case`
/// there and one method in an extension (see `ReplaySession+Orders.swift`).
public final class ReplaySession {
    /// What an `ENGINE` line chose.
    public enum RiskMode: Sendable {
        /// Matching alone: no accounts, margin or fees.
        case off
        /// Matching behind the risk layer: accounts, margin, fees, marks and funding
        /// (see `ReplaySession+Risk.swift`).
        case on
    }

    /// The mode of a file without an `ENGINE` line: the spec's default, `risk=on`.
    public static let defaultRiskMode: RiskMode = .on

    /// Replay defaults (the `ENGINE` line can change the capacities).
    public static let defaultMaxOrders = 100_000
    public static let defaultMaxPriceLevels = 100_000
    public static let defaultMaxSymbols = 64
    public static let defaultLadderTicks = 1 << 22
    /// The largest `SYMBOL ladder=`; the engine reserves (address space only) ladders of
    /// this size for all its symbols, so that any symbol line can be added later.
    public static let maxLadderTicks = 1 << 26

    public internal(set) var riskMode: RiskMode = ReplaySession.defaultRiskMode
    /// Decimals of the settlement asset (`ENGINE money=`).
    public internal(set) var moneyDecimals = 8
    public internal(set) var errorCount = 0

    var engineConfiguration = EngineConfiguration(
        maxOrders: ReplaySession.defaultMaxOrders, maxPriceLevels: ReplaySession.defaultMaxPriceLevels,
        maxSymbols: ReplaySession.defaultMaxSymbols, maxLadderTicks: ReplaySession.maxLadderTicks)
    var engine: MatchingEngine
    var events: EventBuffer
    var symbols: [ReplaySymbol] = []
    /// The risk layer (risk=on): its store capacities come from the `ENGINE` line.
    var riskConfiguration = ReplaySession.defaultRiskConfiguration
    var risk: RiskCore
    /// Per symbol (same index as `symbols`): risk parameters and perpetual state.
    var riskSymbols: [ReplayRiskSymbol] = []
    var symbolsByName: [String: Int] = [:]
    /// The liquidation engine (on with `risk=on` unless `ENGINE liquidation=off`; see
    /// `ReplaySession+Liquidation.swift`).
    var liquidation: ReplayLiquidation?
    var liquidationEnabled = true
    /// True once an order command (NEW, CANCEL, AMEND) has run.
    var sawOrder = false
    /// True once any command other than ENGINE has run.
    var sawCommand = false
    /// The `ENGINE` and `SYMBOL` lines that took effect, in order (journal snapshots
    /// rebuild the configuration from them; see `ReplaySession+Journal.swift`).
    var configurationLines: [String] = []
    let output: (String) -> Void

    /// A session that hands every output line to `output`.
    public init(output: @escaping (String) -> Void) {
        self.output = output
        // The default configurations are valid by construction.
        engine = try! MatchingEngine(configuration: engineConfiguration)
        events = try! EventBuffer(capacity: ReplaySession.eventCapacity(maxOrders: engineConfiguration.maxOrders))
        do throws(RiskConfigurationError) {
            risk = try RiskCore(ReplaySession.defaultRiskMode == .on ? riskConfiguration : ReplaySession.idleRiskConfiguration)
        } catch {
            preconditionFailure("the default risk configurations are valid by construction")
        }
    }

    /// Replays a whole text and returns its output lines and the number of `ERROR` lines.
    public static func run(_ text: String) -> (lines: [String], errorCount: Int) {
        var lines: [String] = []
        let session = ReplaySession { lines.append($0) }
        session.run(text)
        return (lines, session.errorCount)
    }

    /// Replays every line of `text`.
    public func run(_ text: String) {
        var number = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            process(line: line, number: number)
        }
    }

    /// Processes one input line (1-based `number`, for `ERROR` lines).
    public func process(line: some StringProtocol, number: Int) {
        let text = Self.uncommented(line)
        let tokens = Self.tokens(of: text)
        guard !tokens.isEmpty else { return }
        if text.utf8.count > Self.maximumLineBytes {
            reportError(number, "line longer than \(Self.maximumLineBytes) bytes")
            return
        }
        do {
            try execute(tokens, number: number)
        } catch let failure {
            reportError(number, failure.message)
        }
    }

    /// The longest command (the part of a line before any `#`, in UTF-8 bytes) a command
    /// file may hold; a longer line prints `ERROR <n> line longer than 8192 bytes` and is not
    /// journaled (a journal text record holds at most 65,512 bytes).
    public static let maximumLineBytes = 8_192

    /// A line without its comment.
    static func uncommented(_ line: some StringProtocol) -> Substring {
        let text = Substring(line)
        guard let hash = text.firstIndex(of: "#") else { return text }
        return text[..<hash]
    }

    /// A line that cannot be parsed.
    struct LineError: Error {
        var message: String
        init(_ message: String) { self.message = message }
    }

    func reportError(_ number: Int, _ message: String) {
        errorCount += 1
        output("ERROR \(number) \(message)")
    }

    /// Dispatches one command.
    func execute(_ tokens: [Substring], number: Int) throws(LineError) {
        let keyword = tokens[0]
        switch keyword {
        case "ENGINE":
            try engineCommand(tokens)
        case "SYMBOL":
            sawCommand = true
            try symbolCommand(tokens)
        case "NEW":
            sawCommand = true
            sawOrder = true
            try newCommand(tokens)
        case "CANCEL":
            sawCommand = true
            sawOrder = true
            try cancelCommand(tokens)
        case "AMEND":
            sawCommand = true
            sawOrder = true
            try amendCommand(tokens)
        case "BOOK":
            sawCommand = true
            try bookCommand(tokens)
        case "MARK":
            sawCommand = true
            try markCommand(tokens)
            liquidateAfterPrice(tokens)
        case "HALT", "RESUME":
            sawCommand = true
            try haltCommand(tokens, halted: keyword == "HALT")
        case "DEPOSIT", "WITHDRAW", "LEVERAGE", "INDEX", "FUNDING", "QUERY":
            sawCommand = true
            guard riskMode == .on else { throw LineError("\(keyword) needs ENGINE risk=on") }
            try riskCommand(keyword, tokens)
            if keyword == "INDEX" { liquidateAfterPrice(tokens) }
        default:
            throw LineError("unknown command \(keyword)")
        }
    }

    /// The events one command can write, with room to spare, so that the event buffer never
    /// drops one: a `NEW` or `AMEND` writes its `ACCEPTED`/`AMENDED` (or one `REJECTED`),
    /// at most one event per resting order it meets (a `TRADE`, or an `EXPIRED ... STP` for a
    /// maker removed by self-trade prevention; a maker left partly filled ends the matching)
    /// and at most one `EXPIRED` of its own remainder; a `CANCEL` writes one event. The risk
    /// gate only replaces a command's events by one `REJECTED`. So a command writes at most
    /// `maxOrders + 3` events; the buffer holds `2 × maxOrders + 8`.
    static func eventCapacity(maxOrders: Int) -> Int { 2 * maxOrders + 8 }

    /// Writes and clears the events of the last engine command.
    func flushEvents() {
        trackOrdersForLiquidation()
        for i in 0..<events.count {
            let event = events[i]
            let symbol = event.symbol.index >= 0 && Int(event.symbol.index) < symbols.count
                ? symbols[Int(event.symbol.index)] : nil
            output(ReplayFormat.line(event, symbol: symbol))
        }
        precondition(!events.overflowed, "replay event buffer smaller than its proven bound (eventCapacity)")
        events.removeAll()
    }
}
