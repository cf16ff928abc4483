import HFTEngine
import HFTService
import HFTVenueServer

/// The in-process host's sink in `--mode host`: the service's read model (``VenueLedger``),
/// applied on the publisher thread as `hft-venue`'s sink applies it, so that the publisher
/// does the service's work per command. Book diffs are dropped (no stream subscribers
/// here); no snapshots are taken of a load's throw-away journal.
final class ReadModelSink: CommittedCommandSink {
    let ledger: VenueLedger

    init(_ resolved: ResolvedVenueService) {
        ledger = VenueLedger(symbols: resolved.symbols.map(\.service),
                             configuration: VenueLedger.Configuration(moneyDecimals: resolved.money.scale))
    }

    func committed(_ command: VenueCommand, events: UnsafeBufferPointer<VenueEvent>, replaying: Bool) {
        ledger.apply(command, events: events)
        _ = ledger.drainDiffs()
    }

    func batchCommitted(through sequence: UInt64) {}
}
