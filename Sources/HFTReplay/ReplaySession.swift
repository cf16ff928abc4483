import HFTEngine

/// The command-file translator (`spec/replay-format.md`): each line is parsed into
/// ``VenueCommand``s, applied to a ``Venue``, and the venue's events are printed as the
/// format's output lines. Edge code: it parses text and formats numbers (allocating
/// freely); the venue it drives does not allocate.
///
/// The file's own order stamps the commands: a command's sequence number is its line
/// number, and its time is the clock of the last `TIME` line (0 before any).
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
        /// Matching behind the risk layer: accounts, margin, fees, marks and funding.
        case on
    }

    /// The mode of a file without an `ENGINE` line: the spec's default, `risk=on`.
    public static let defaultRiskMode: RiskMode = .on

    /// Replay defaults (the `ENGINE` line can change the capacities).
    public static let defaultMaxOrders = 100_000
    public static let defaultMaxPriceLevels = 100_000
    public static let defaultMaxSymbols = 64
    public static let defaultLadderTicks = 1 << 22
    /// User accounts, position slots per symbol and live orders per account of a replay.
    public static let defaultAccounts = 1 << 20
    public static let defaultPositionsPerSymbol = 4_096
    public static let defaultOpenOrdersPerAccount = 200
    /// The largest `SYMBOL ladder=`; the venue reserves (address space only) ladders of
    /// this size for all its symbols, so that any symbol line can be added later.
    public static let maxLadderTicks = 1 << 26

    public internal(set) var riskMode: RiskMode = ReplaySession.defaultRiskMode
    /// Decimals of the settlement asset (`ENGINE money=`).
    public internal(set) var moneyDecimals = 8
    public internal(set) var errorCount = 0
    /// The venue's capacities and switches (what the `ENGINE` line chose).
    public internal(set) var configuration: VenueConfiguration
    /// The venue the file drives.
    public internal(set) var venue: Venue
    var events: VenueEventBuffer
    public internal(set) var symbols: [ReplaySymbol] = []
    var symbolsByName: [String: Int] = [:]
    /// `ENGINE liquidation=` (kept while risk is off, for a later `risk=on`).
    var liquidationOption = true
    /// True once an order command (NEW, CANCEL, AMEND) has run.
    var sawOrder = false
    /// True once any command other than ENGINE has run.
    var sawCommand = false
    /// The `ENGINE` and `SYMBOL` lines that took effect, in order (journaled runs: the edge
    /// file, ``ReplayEdgeFile``).
    var configurationLines: [String] = []
    /// The time stamped on commands, nanoseconds since the epoch (`TIME`).
    public internal(set) var clock: Int64 = 0
    /// The line being processed (the sequence number of its commands).
    var lineNumber = 0
    /// Called with every command before it is applied (write-ahead journaling); a throw
    /// stops the line: the command is not applied and the error reaches the caller of
    /// ``process(line:number:)`` through ``journalFailure``.
    public var beforeApply: ((VenueCommand) throws -> Void)?
    /// The first error `beforeApply` threw (the session stops applying commands then).
    public internal(set) var journalFailure: (any Error)?
    /// Called when an `ENGINE` line rebuilt the venue, with the commands that re-added the
    /// symbols (a journal starts over from them).
    public var onRebuild: ((VenueConfiguration, [VenueCommand]) throws -> Void)?
    let output: (String) -> Void

    /// A session that hands every output line to `output`.
    public init(output: @escaping (String) -> Void) {
        self.output = output
        configuration = ReplaySession.venueConfiguration(
            risk: ReplaySession.defaultRiskMode, liquidation: true, maxOrders: ReplaySession.defaultMaxOrders,
            maxPriceLevels: ReplaySession.defaultMaxPriceLevels, maxSymbols: ReplaySession.defaultMaxSymbols,
            accounts: ReplaySession.defaultAccounts, positions: ReplaySession.defaultPositionsPerSymbol,
            openOrders: ReplaySession.defaultOpenOrdersPerAccount)
        // The default configuration is valid by construction.
        venue = try! Venue(configuration: configuration)
        events = venue.makeEventBuffer()
    }

    /// The venue configuration of a replay: the `ENGINE` options, the liquidation trigger
    /// index rebuilt before every price line (exact for cross accounts), one scan thread,
    /// and an event budget that lets one order meet every resting order (`16 × orders`,
    /// capped at 2^21 events, at least the venue's minimum), an eighth of it for the steps
    /// of one account's liquidation.
    public static func venueConfiguration(risk: RiskMode, liquidation: Bool, maxOrders: Int, maxPriceLevels: Int,
                                          maxSymbols: Int, accounts: Int, positions: Int, openOrders: Int) -> VenueConfiguration {
        var c = VenueConfiguration(
            maxOrders: maxOrders, maxPriceLevels: maxPriceLevels, maxSymbols: maxSymbols, riskEnabled: risk == .on,
            liquidationEnabled: risk == .on && liquidation, userAccounts: accounts, positionsPerSymbol: positions,
            maxOpenOrdersPerAccount: openOrders, eventBudget: 0, rebuildTriggersOnPrice: true, scanThreads: 1,
            maxLadderTicks: ReplaySession.maxLadderTicks)
        c.eventBudget = max(c.minimumEventBudget, min(16 * maxOrders + 64, 1 << 21))
        c.liquidationEventsPerAccount = max(16, c.eventBudget / 8)
        return c
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

    /// Processes one input line (1-based `number`: the sequence number of its commands and
    /// the number in `ERROR` lines).
    public func process(line: some StringProtocol, number: Int) {
        let text = Self.uncommented(line)
        let tokens = Self.tokens(of: line)
        guard !tokens.isEmpty, journalFailure == nil else { return }
        lineNumber = number
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
    /// file may hold; a longer line prints `ERROR <n> line longer than 8192 bytes`.
    public static let maximumLineBytes = 8_192

    /// A line without its comment.
    static func uncommented(_ line: some StringProtocol) -> Substring {
        let text = Substring(line)
        guard let hash = text.firstIndex(of: "#") else { return text }
        return text[..<hash]
    }

    /// The tokens of a line (comment stripped).
    public static func tokens(of line: some StringProtocol) -> [Substring] {
        uncommented(line).split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
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
        case "TIME":
            try timeCommand(tokens)
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
        case "HALT", "RESUME":
            sawCommand = true
            try haltCommand(tokens, halted: keyword == "HALT")
        case "DEPOSIT", "WITHDRAW", "LEVERAGE", "INDEX", "FUNDING", "QUERY":
            sawCommand = true
            guard riskMode == .on else { throw LineError("\(keyword) needs ENGINE risk=on") }
            try riskCommand(keyword, tokens)
        default:
            throw LineError("unknown command \(keyword)")
        }
    }

    /// Stamps `command` with the line number and the clock, hands it to ``beforeApply``,
    /// applies it and returns its events (valid until the next command).
    @discardableResult
    func submit(_ command: VenueCommand) -> UnsafeBufferPointer<VenueEvent> {
        let stamped = command.stamped(sequence: UInt64(lineNumber), timestamp: clock)
        events.removeAll()
        if let beforeApply, journalFailure == nil {
            do { try beforeApply(stamped) } catch {
                journalFailure = error
            }
        }
        guard journalFailure == nil else { return UnsafeBufferPointer(start: nil, count: 0) }
        venue.apply(stamped, into: &events)
        precondition(events.droppedCount == 0, "replay event buffer smaller than the venue's budget")
        return events.events
    }

    /// The symbol of an event (`nil` for −1 or an index the file never named).
    func symbol(of event: VenueEvent) -> ReplaySymbol? {
        event.symbol >= 0 && Int(event.symbol) < symbols.count ? symbols[Int(event.symbol)] : nil
    }

    /// Prints the order events of the last command (the `ACCEPTED` ... `AMENDED` lines).
    func printOrderEvents(_ events: UnsafeBufferPointer<VenueEvent>) {
        for event in events {
            if let line = ReplayFormat.orderLine(event, symbol: symbol(of: event)) { output(line) }
        }
    }

    /// Prints the liquidation steps of the last command.
    func printLiquidationEvents(_ events: UnsafeBufferPointer<VenueEvent>) {
        for event in events where event.kind == .liquidation {
            output(ReplayFormat.liquidationLine(event, symbol: symbol(of: event), money: formatMoney))
        }
    }

    /// The reject of the last command, if it was refused.
    func commandReject(_ events: UnsafeBufferPointer<VenueEvent>) -> VenueReject? {
        events.first { $0.kind == .commandRejected }?.commandReject
    }
}
