import HFTEngine

// Journaling of a replay (`hft replay --journal`, `hft recover`), the state hash
// (`hft replay --hash`), and recovery of a session from a journal directory.
//
// The journal holds venue commands only (``Venue/openJournal(directory:nextSequence:policy:maxSegmentBytes:bufferBytes:)``):
// each command of a line is appended before it is applied (write-ahead), stamped with the
// line number. What the venue does not know, the translator's own state (the `ENGINE` and
// `SYMBOL` lines that took effect: names, grids, money decimals), is kept beside the log
// in `replay.edge` (``ReplayEdgeFile``), written before the first command of such a line.

extension ReplaySession {
    /// The deterministic hash of the whole session state: the venue's
    /// (``Venue/stateHash``) plus the translator's own state (mode, money decimals, symbol
    /// names and grids).
    public var stateHash: StateHasher {
        var h = venue.stateHash
        h.combine(riskMode == .on)
        h.combine(Int64(moneyDecimals))
        h.combine(sawOrder)
        h.combine(Int64(symbols.count))
        for s in symbols {
            h.combine(s.name); h.combine(Int64(s.id.index))
            h.combine(s.tick.units); h.combine(Int64(s.tick.scale)); h.combine(s.lot.units); h.combine(Int64(s.lot.scale))
        }
        return h
    }

    /// Processes one line like ``process(line:number:)``, appending each of its venue
    /// commands to `journal` before applying it. Returns the journal sequence number of the
    /// line's last record, or `nil` for a line that appended none.
    ///
    /// - Throws: the journal's error (the command that failed to append was not applied;
    ///   the session stops there).
    @discardableResult
    public func processJournaled(line: some StringProtocol, number: Int, journal: ReplayJournal) throws -> UInt64? {
        let before = journal.lastSequence
        let tokens = Self.tokens(of: line)
        if let keyword = tokens.first, Self.edgeKeywords.contains(keyword) || (!sawOrder && Self.orderKeywords.contains(keyword)) {
            // The edge state this line may create is on disk before its first command.
            try journal.writeEdge(pendingEdge(adding: line, number: number, keyword: keyword))
        }
        beforeApply = { command in try journal.append(command) }
        onRebuild = { configuration, commands in try journal.restart(configuration: configuration, commands: commands) }
        defer { beforeApply = nil; onRebuild = nil }
        let errors = errorCount
        process(line: line, number: number)
        if let failure = journalFailure { throw failure }
        if let keyword = tokens.first, Self.edgeKeywords.contains(keyword) {
            if errorCount == errors { configurationLines.append(Self.uncommented(line).trimmingSpaces) }
            try journal.writeEdge(edge)
        }
        return journal.lastSequence > before ? journal.lastSequence : nil
    }

    /// Lines whose effect the edge file records.
    static let edgeKeywords: Set<Substring> = ["ENGINE", "SYMBOL"]
    static let orderKeywords: Set<Substring> = ["NEW", "CANCEL", "AMEND"]

    /// The translator's state as the edge file holds it.
    var edge: ReplayEdgeFile {
        ReplayEdgeFile(sawOrder: sawOrder, lines: configurationLines)
    }

    /// The edge state if `line` takes effect (an `ENGINE`/`SYMBOL` line, or the first order).
    func pendingEdge(adding line: some StringProtocol, number: Int, keyword: Substring) -> ReplayEdgeFile {
        var file = edge
        if Self.orderKeywords.contains(keyword) { file.sawOrder = true }
        if Self.edgeKeywords.contains(keyword) { file.lines.append(Self.uncommented(line).trimmingSpaces) }
        return file
    }

    /// Writes a snapshot of the venue as of journal record `journalSequence` (the caller has
    /// committed the log through it): see ``Venue/writeSnapshot(directory:journalSequence:)``.
    @discardableResult
    public func writeSnapshot(directory: String, journalSequence: UInt64) throws(JournalError)
        -> (bytes: Int, pauseNanoseconds: UInt64, writeNanoseconds: UInt64) {
        try venue.writeSnapshot(directory: directory, journalSequence: journalSequence)
    }

    /// Rebuilds a session from a journal directory: the translator's state from
    /// `replay.edge` (its `ENGINE` and `SYMBOL` lines, replayed silently), the venue from
    /// ``Venue/recover(directory:truncateDamaged:)`` (newest valid snapshot + the log; a
    /// torn tail is cut, damage in the middle of the log is refused unless
    /// `truncateDamaged`). The clock continues from the last command's time.
    ///
    /// - Throws: the journal's errors; `configurationMismatch` when the edge file's lines
    ///   configure another venue than the log's: an `ENGINE` line whose restart of the log
    ///   (``ReplayJournal``) was cut short, since the edge file takes the line first.
    public static func recover(directory: String, truncateDamaged: Bool = false,
                               output: @escaping (String) -> Void = { _ in }) throws(JournalError)
        -> (session: ReplaySession, report: VenueRecoveryReport) {
        let edge = try ReplayEdgeFile.read(directory: directory)
        let session = ReplaySession(output: output)
        var number = 0
        for line in edge.lines {
            number += 1
            session.process(line: line, number: number)
        }
        let recovery = try Venue.recover(directory: directory, truncateDamaged: truncateDamaged)
        let report = recovery.report
        guard recovery.venue.configuration == session.configuration else { throw .configurationMismatch }
        session.venue = recovery.takeVenue()
        session.events = session.venue.makeEventBuffer()
        // A SYMBOL line whose commands never reached the log did not take effect.
        let known = session.venue.symbolCount
        if session.symbols.count > known {
            for dropped in session.symbols[known...] { session.symbolsByName[dropped.name] = nil }
            session.symbols.removeSubrange(known...)
        }
        session.configurationLines = edge.lines
        session.sawOrder = edge.sawOrder
        session.sawCommand = true
        session.clock = session.venue.lastTimestamp
        session.errorCount = 0
        return (session, report)
    }
}

extension Substring {
    /// The text without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" || $0 == "\r" }.reversed())
    }
}
