import HFTEngine

// Journaling of a replay (`hft replay --journal`, `hft recover`), the state hash
// (`hft replay --hash`), and recovery of a session from a journal directory.

extension ReplaySession {
    /// Commands that change state. Each such line appends exactly one journal record,
    /// whatever the session's state: a fixed binary record when the line is a well-formed
    /// `NEW`, `CANCEL`, `AMEND`, `DEPOSIT` or `WITHDRAW` that the engine will see, otherwise
    /// a `commandLine` record with the line's text (configuration, marks, funding, halts,
    /// leverage, and lines that will only print `ERROR`/`REJECTED`). Replaying the records
    /// in order therefore rebuilds the same state, and the number of records equals the
    /// number of such lines read (which is how a crashed run resumes its input).
    public static let journaledKeywords: Set<Substring> = [
        "ENGINE", "SYMBOL", "NEW", "CANCEL", "AMEND", "DEPOSIT", "WITHDRAW", "LEVERAGE", "INDEX", "MARK",
        "FUNDING", "HALT", "RESUME",
    ]

    /// The tokens of a line (comment stripped), as ``process(line:number:)`` splits it.
    static func tokens(of line: some StringProtocol) -> [Substring] {
        uncommented(line).split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
    }

    /// True if `line` is a state-changing command (it appends one record when journaled);
    /// an over-long line only prints `ERROR` (see ``maximumLineBytes``).
    public static func isJournaled(line: some StringProtocol) -> Bool {
        guard uncommented(line).utf8.count <= maximumLineBytes, let first = tokens(of: line).first else { return false }
        return journaledKeywords.contains(first)
    }

    /// Processes one line like ``process(line:number:)``, first appending its journal
    /// record to `writer` if it changes state (write-ahead: the record is in the log before
    /// the command's events are produced). Returns the record's sequence number, or `nil`
    /// for a line that appends nothing.
    @discardableResult
    public func processJournaled(line: some StringProtocol, number: Int,
                                 writer: inout JournalWriter) throws(JournalError) -> UInt64? {
        let tokens = Self.tokens(of: line)
        guard Self.isJournaled(line: line), let keyword = tokens.first else {
            process(line: line, number: number)
            return nil
        }
        let sequence: UInt64
        if let command = binaryCommand(tokens) {
            sequence = try writer.append(command)
            process(line: line, number: number)
        } else {
            let text = tokens.joined(separator: " ")
            sequence = try writer.append(text: text)
            processTrackingConfiguration(text, keyword: keyword, number: number)
        }
        return sequence
    }

    /// Processes a state-changing text line and remembers it if it is an `ENGINE` or
    /// `SYMBOL` line that took effect.
    func processTrackingConfiguration(_ text: String, keyword: Substring, number: Int) {
        let errors = errorCount
        process(line: text, number: number)
        if (keyword == "ENGINE" || keyword == "SYMBOL") && errorCount == errors { configurationLines.append(text) }
    }

    /// The fixed binary record of a well-formed order or transfer line whose outcome the
    /// engine decides; `nil` when the line goes to the journal as text. Uses the same
    /// parsing helpers and checks as the command methods, so a line that would print
    /// `ERROR` or an edge `REJECTED` (unknown symbol, off-grid price) is never binary.
    func binaryCommand(_ tokens: [Substring]) -> JournalCommand? {
        do throws(LineError) {
            switch tokens[0] {
            case "NEW":
                guard tokens.count >= 8 else { return nil }
                let id = try orderId(tokens[1])
                guard let account = Int64(tokens[2]), tokens[2].first != "+" else { return nil }
                let side: Side
                switch tokens[4] { case "BUY": side = .buy; case "SELL": side = .sell; default: return nil }
                let type: OrderType
                switch tokens[5] { case "LIMIT": type = .limit; case "MARKET": type = .market; default: return nil }
                var priceValue: ExactDecimal?
                if type == .market {
                    guard tokens[6] == "-" else { return nil }
                } else {
                    guard tokens[6] != "-" else { return nil }
                    priceValue = try decimal(tokens[6])
                }
                let quantityValue = try decimal(tokens[7])
                var timeInForce: TimeInForce?
                var stp: SelfTradePrevention?
                var flags = OrderFlags()
                for option in tokens.dropFirst(8) {
                    switch option {
                    case "GTC", "IOC", "FOK", "POST_ONLY":
                        guard timeInForce == nil else { return nil }
                        timeInForce = option == "GTC" ? .gtc : option == "IOC" ? .ioc : option == "FOK" ? .fok : .postOnly
                    case "REDUCE_ONLY":
                        flags = flags.union(.reduceOnly)
                    default:
                        guard option.hasPrefix("STP="), stp == nil else { return nil }
                        switch option.dropFirst(4) {
                        case "NONE": stp = SelfTradePrevention.none
                        case "EXPIRE_TAKER": stp = .expireTaker
                        case "EXPIRE_MAKER": stp = .expireMaker
                        case "EXPIRE_BOTH": stp = .expireBoth
                        default: return nil
                        }
                    }
                }
                guard let index = symbolsByName[String(tokens[3])] else { return nil }
                let symbol = symbols[index]
                var ticks: Int64 = 0
                if let priceValue {
                    guard case .success(let t) = convert(priceValue, symbol.tick) else { return nil }
                    ticks = t
                }
                guard case .success(let lots) = convert(quantityValue, symbol.lot) else { return nil }
                return .newOrder(OrderRequest(
                    id: id, account: account, symbol: symbol.id, side: side, type: type, price: Price(ticks: ticks),
                    quantity: Quantity(lots: lots), timeInForce: timeInForce ?? .gtc,
                    selfTradePrevention: stp ?? SelfTradePrevention.none, flags: flags))
            case "CANCEL":
                guard tokens.count == 2 else { return nil }
                return .cancel(orderId: try orderId(tokens[1]))
            case "AMEND":
                guard tokens.count == 4 else { return nil }
                let id = try orderId(tokens[1])
                let priceValue = try decimal(tokens[2])
                let quantityValue = try decimal(tokens[3])
                guard let order = engine.order(id) else { return nil }
                let symbol = symbols[Int(order.symbol.index)]
                guard case .success(let ticks) = convert(priceValue, symbol.tick),
                      case .success(let lots) = convert(quantityValue, symbol.lot) else { return nil }
                return .amend(orderId: id, price: Price(ticks: ticks), quantity: Quantity(lots: lots))
            case "DEPOSIT", "WITHDRAW":
                guard riskMode == .on, tokens.count == 3 else { return nil }
                let account = try account(tokens[1])
                let amount = try money(tokens[2])
                guard account <= Int(Int32.max) else { return nil }
                return .transfer(account: account, amount: amount, deposit: tokens[0] == "DEPOSIT")
            default:
                return nil
            }
        } catch {
            return nil
        }
    }

    /// Applies one journal record (recovery): text records go through the command-file
    /// parser, fixed records through ``JournalApplier`` (the same engine calls the command
    /// methods make). Output lines go to the session's `output` as usual.
    public func apply(_ record: JournalRecordView) {
        if record.command.kind == .commandLine {
            let text = record.textString
            let keyword = Self.tokens(of: text).first ?? ""
            processTrackingConfiguration(text, keyword: keyword, number: Int(truncatingIfNeeded: record.sequence))
            return
        }
        sawCommand = true
        if record.command.kind == .newOrder || record.command.kind == .cancel || record.command.kind == .amend { sawOrder = true }
        JournalApplier.apply(record.command, riskOn: riskMode == .on, matching: &engine, risk: &risk, into: &events)
        flushEvents()
    }

    /// The deterministic hash of the whole session state: engine (books, orders, accounts,
    /// positions, reservations, marks, halts — ``EngineStateHash``) plus the replay's own
    /// state (mode, money decimals, symbol table, mark-price and funding rules).
    public var stateHash: StateHasher {
        var h = riskMode == .on ? EngineStateHash.hash(matching: engine, risk: risk) : EngineStateHash.hash(matching: engine)
        h.combine(riskMode == .on)
        h.combine(Int64(moneyDecimals))
        h.combine(sawOrder); h.combine(sawCommand)
        h.combine(Int64(symbols.count))
        for (i, s) in symbols.enumerated() {
            h.combine(s.name); h.combine(Int64(s.id.index))
            h.combine(s.tick.units); h.combine(Int64(s.tick.scale)); h.combine(s.lot.units); h.combine(Int64(s.lot.scale))
            if riskMode == .on && i < riskSymbols.count {
                let r = riskSymbols[i]
                h.combine(r.maxLeverage)
                r.markRule.stateHash(into: &h)
                r.fundingRule.stateHash(into: &h)
            }
        }
        return h
    }
}

extension ReplaySession {
    /// Saves (or loads) the whole session state in a snapshot buffer: the configuration
    /// lines (replayed on load to rebuild engine, symbols and rules), the replay's own
    /// flags and perpetual rules, then the engine's and risk core's stores and the liquidation
    /// engine's carried state.
    func visitSnapshot(_ s: SnapshotBuffer) throws(JournalError) {
        try s.check(2)   // replay section version (2: the liquidation engine's state)
        var lines = configurationLines
        try s.strings(&lines)
        if s.isLoading {
            let errors = errorCount
            for line in lines { processTrackingConfiguration(line, keyword: Self.tokens(of: line).first ?? "", number: 0) }
            guard errorCount == errors, configurationLines == lines else { throw .corruptSnapshot }
        }
        try s.value(&sawOrder)
        try s.value(&sawCommand)
        try s.check(riskSymbols.count)
        for i in riskSymbols.indices {
            try s.value(&riskSymbols[i].markRule)
            try s.value(&riskSymbols[i].fundingRule)
        }
        try engine.visitSnapshot(s)
        if riskMode == .on { try risk.visitSnapshot(s) }
        if riskMode == .on && liquidationEnabled { try liquidationState().engine.visitSnapshot(s) }
        if s.isLoading && !s.isAtEnd { throw .corruptSnapshot }
    }

    /// Writes a snapshot of the current state as of journal record `sequence` (the caller
    /// has committed the log through it), keeps the newest 3 snapshots and removes the log
    /// segments that the oldest of them already covers. Returns the file size, the engine pause (the
    /// time the state is being copied, in ns) and the time to write and sync the file.
    @discardableResult
    public func writeSnapshot(directory: String, sequence: UInt64) throws(JournalError)
        -> (bytes: Int, pauseNanoseconds: UInt64, writeNanoseconds: UInt64) {
        let start = JournalFiles.monotonicNanoseconds()
        let buffer = SnapshotBuffer()
        try visitSnapshot(buffer)
        let copied = JournalFiles.monotonicNanoseconds()
        let size = try JournalSnapshotFile.write(directory: directory, sequence: sequence, payload: buffer.bytes)
        // Log retention: what the oldest snapshot kept already holds is not needed.
        if let oldest = try JournalFiles.list(directory, suffix: JournalFiles.snapshotSuffix).first {
            try JournalFiles.pruneSegments(directory, through: oldest)
        }
        return (size, copied - start, JournalFiles.monotonicNanoseconds() - copied)
    }
}

/// What ``ReplaySession/recover(directory:truncateDamaged:output:)`` found and did.
public struct ReplayRecoveryReport: Sendable {
    /// The sequence number of the snapshot the state was loaded from (nil: none).
    public var snapshotSequence: UInt64?
    /// Snapshots skipped because they were damaged (newest first).
    public var rejectedSnapshots: [UInt64] = []
    /// Records applied after the snapshot.
    public var recordsReplayed = 0
    /// The last sequence number in the state (the next record gets this + 1).
    public var lastSequence: UInt64 = 0
    /// The damage at the end of the log, if any, and what was cut.
    public var damage: JournalTailDamage?
    /// Bytes cut: from the damaged record to the end of its segment, plus later segments.
    public var damagedBytes = 0
    public var segmentsRemoved = 0
    /// Damage in the middle of the log that was cut on request (`truncateDamaged`), with
    /// the intact records dropped after it; `nil` for a torn tail.
    public var cutMidLogDamage: JournalDamage?

    /// The lines `hft recover` prints before `HASH`.
    public var lines: [String] {
        var out: [String] = []
        out.append("SNAPSHOT " + (snapshotSequence.map { "seq=\($0)" } ?? "none")
                   + (rejectedSnapshots.isEmpty ? "" : " rejected=" + rejectedSnapshots.map { String($0) }.joined(separator: ",")))
        out.append("REPLAYED \(recordsReplayed) last=\(lastSequence)")
        if let damage {
            out.append("TRUNCATED reason=\(damage) bytes=\(damagedBytes) segmentsRemoved=\(segmentsRemoved)"
                       + (cutMidLogDamage.map { " segment=\($0.segmentFile) offset=\($0.offset) droppedRecords=\($0.intactRecordsAfter)" } ?? ""))
        } else {
            out.append("TRUNCATED none")
        }
        return out
    }
}

extension ReplaySession {
    /// Rebuilds a session from a journal directory: replays every record in order, reports
    /// and truncates a torn tail. Damage followed by intact records throws
    /// ``JournalError/damagedRecord(_:)`` and changes no file, unless `truncateDamaged`: then
    /// the log is cut there as well (``JournalReader/repairDamage(truncateDamaged:)``).
    /// Output lines of the replayed commands go to `output`.
    public static func recover(directory: String, truncateDamaged: Bool = false,
                               output: @escaping (String) -> Void = { _ in })
        throws(JournalError) -> (session: ReplaySession, report: ReplayRecoveryReport) {
        var session = ReplaySession(output: output)
        var report = ReplayRecoveryReport()
        // The newest snapshot that loads; damaged ones are skipped (older ones remain).
        for sequence in try JournalFiles.list(directory, suffix: JournalFiles.snapshotSuffix).reversed() {
            do throws(JournalError) {
                let payload = try JournalSnapshotFile.read(directory: directory, sequence: sequence)
                let candidate = ReplaySession(output: output)
                let buffer = payload.withUnsafeBytes { SnapshotBuffer(loading: $0) }
                try candidate.visitSnapshot(buffer)
                session = candidate
                report.snapshotSequence = sequence
                break
            } catch {
                report.rejectedSnapshots.append(sequence)
            }
        }
        let start = report.snapshotSequence ?? 0
        var reader = try JournalReader(directory: directory, skipThrough: start)
        var expected = start + 1
        while let record = try reader.next() {
            guard record.sequence == expected else {
                // The log does not continue the snapshot (segments missing): stop there.
                report.damage = .sequenceGap
                report.lastSequence = expected - 1
                return (session, report)
            }
            session.apply(record)
            report.recordsReplayed += 1
            expected += 1
        }
        report.lastSequence = max(reader.lastSequence, start)
        if let repair = try reader.repairDamage(truncateDamaged: truncateDamaged) {
            report.damage = repair.damage.reason
            report.damagedBytes = repair.damage.bytesAfter
            report.segmentsRemoved = repair.segmentsRemoved
            if !repair.damage.isTornTail { report.cutMidLogDamage = repair.damage }
        }
        return (session, report)
    }
}

extension ReplaySession {
    /// Loads a snapshot payload into this (fresh) session; for tests of damaged payloads.
    public func loadSnapshotForTesting(_ buffer: SnapshotBuffer) throws(JournalError) {
        try visitSnapshot(buffer)
    }
}
