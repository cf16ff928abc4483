import Foundation
import HFTEngine
import HFTService
import Logging
import ServiceLifecycle

/// An index-price path replayed into the venue (`hft-venue --index-feed FILE`), such as
/// the 312 crash day written by `hft index-feed`.
///
/// Format: text, one price per line, `<seconds after start> <SYMBOL> <price>`; blank lines
/// and `#` comments are skipped; seconds never decrease. A price is rounded to the
/// symbol's tick (half away from zero). Each line becomes an `indexPrice` command at
/// start + seconds / speed, journaled like any other command (so a restart does not
/// replay the feed again by itself: the journal already holds what was applied).
struct IndexFeed: Sendable {
    struct Entry: Sendable, Equatable {
        var seconds: Double
        var symbol: Int32
        var ticks: Int64
    }

    let entries: [Entry]

    /// Parses `text` against the service's symbols; the first bad line is thrown with its number.
    init(text: String, symbols: [String: ServiceSymbol]) throws {
        var entries: [Entry] = []
        var last = 0.0
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
            if words.isEmpty { continue }
            func bad(_ why: String) -> VenueServiceConfigurationError { .invalid(field: "index feed line \(n + 1)", reason: why) }
            guard words.count == 3, let seconds = Double(words[0]), seconds.isFinite, seconds >= last else {
                throw bad("expected <seconds> <SYMBOL> <price> with non-decreasing seconds")
            }
            guard let symbol = symbols[String(words[1])] else { throw bad("unknown symbol \(words[1])") }
            guard let ticks = Self.roundedTicks(words[2], tick: symbol.tick), ticks > 0 else { throw bad("bad price \(words[2])") }
            last = seconds
            entries.append(Entry(seconds: seconds, symbol: symbol.spec.index, ticks: ticks))
        }
        self.entries = entries
    }

    /// `text` in ticks of `tick`, rounded half away from zero; nil if it is not a decimal
    /// or out of range.
    static func roundedTicks(_ text: some StringProtocol, tick: StepSize) -> Int64? {
        guard let value = try? ExactDecimal(parsing: text) else { return nil }
        // value / tick = significand × 10^(tick.scale − value.scale) / tick.units.
        var numerator = value.significand
        var denominator = Int128(tick.units)
        let shift = tick.scale - value.scale
        for _ in 0..<abs(shift) {
            if shift > 0 {
                let (m, o) = numerator.multipliedReportingOverflow(by: 10)
                if o { return nil }
                numerator = m
            } else {
                let (m, o) = denominator.multipliedReportingOverflow(by: 10)
                if o { return nil }
                denominator = m
            }
        }
        let (q, r) = numerator.quotientAndRemainder(dividingBy: denominator)
        let rounded = r.magnitude * 2 >= denominator.magnitude ? q + (numerator < 0 ? -1 : 1) : q
        return Int64(exactly: rounded)
    }
}

/// Replays an ``IndexFeed`` as a lifecycle service; ends at the end of the feed or at
/// graceful shutdown.
struct IndexFeedService: Service {
    let feed: IndexFeed
    let speed: Double
    let host: VenueHost
    let logger: Logger

    func run() async throws {
        let clock = ContinuousClock()
        let start = clock.now
        var applied = 0, refused = 0
        for entry in feed.entries {
            let due = start + .nanoseconds(Int64(entry.seconds / speed * 1e9))
            try? await clock.sleep(until: due)
            if Task.isCancelled || Task.isShuttingDownGracefully { break }
            do {
                let outcome = try await host.submit(.indexPrice(symbol: entry.symbol, Price(ticks: entry.ticks)))
                if outcome.commandReject == nil { applied += 1 } else { refused += 1 }
            } catch {
                break
            }
        }
        logger.info("index feed done", metadata: ["applied": "\(applied)", "refused": "\(refused)"])
        // Stay until shutdown, so that the end of the feed does not end the service group.
        try? await gracefulShutdown()
    }
}
