import ArgumentParser
import Foundation
import HFTEngine

/// `hft venue-apply [options] <commands.bin>`: applies a file of raw 128-byte
/// ``VenueCommand`` records (the journal's encoding, and the C ABI's `hft_venue_command`
/// on a little-endian host) to a new ``Venue`` through the Swift API, and prints
/// ```
/// EVENT <sequence> <timestamp> <kind> <code> <side> <flags> <symbol> <account> <a> <b> <c> <d> <e> <f> <g>
/// INVALID <record index>          (a record whose kind byte is not a command kind: skipped)
/// HASH <hex>                      (Venue.stateHash after the last record)
/// ```
/// with raw values for kind, code and side. The options are the C ABI's `hft_venue_config`
/// (defaults: `hft_venue_config_default()`); Tests/CABI/run.sh checks the C ABI against it.
struct VenueApplyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "venue-apply",
        abstract: "Apply raw 128-byte venue command records; print every event and the state hash."
    )

    @Option var maxOrders = 1 << 16
    @Option var maxPriceLevels = 1 << 14
    @Option var maxSymbols = 16
    @Option var maxLadderTicks = 1 << 20
    @Option var userAccounts = 1024
    @Option var positionsPerSymbol = 1024
    @Option var maxOpenOrders = 200
    @Option var eventBudget = 4096
    @Option(help: "Liquidation fee rate × 10^8.") var liquidationFeeE8: Int64 = 500_000
    @Option(help: "0: the default.") var liquidationEventsPerAccount = 0
    @Option(help: "1: risk on, 0: matching alone.") var risk = 1
    @Option(help: "1: liquidation on.") var liquidation = 1
    @Option(help: "1: rebuild the trigger index before every price command.") var rebuildTriggers = 0

    @Argument(help: "The file of 128-byte command records.")
    var input: String

    func run() throws {
        let configuration = VenueConfiguration(
            maxOrders: maxOrders, maxPriceLevels: maxPriceLevels, maxSymbols: maxSymbols, riskEnabled: risk == 1,
            liquidationEnabled: liquidation == 1, userAccounts: userAccounts, positionsPerSymbol: positionsPerSymbol,
            maxOpenOrdersPerAccount: maxOpenOrders, eventBudget: eventBudget, rebuildTriggersOnPrice: rebuildTriggers == 1,
            scanThreads: 1, liquidationFeeRate: Rate(e8: liquidationFeeE8),
            liquidationEventsPerAccount: liquidationEventsPerAccount == 0 ? nil : liquidationEventsPerAccount,
            maxLadderTicks: maxLadderTicks)
        var venue = try Venue(configuration: configuration)
        var events = venue.makeEventBuffer()
        let data = try Data(contentsOf: URL(fileURLWithPath: input))
        guard data.count % VenueCommand.byteCount == 0 else {
            throw ValidationError("\(input): \(data.count) bytes is not a whole number of 128-byte records")
        }
        var out = ""
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            for i in 0..<(raw.count / VenueCommand.byteCount) {
                guard let command = VenueCommand.load(from: raw.baseAddress! + i * VenueCommand.byteCount) else {
                    out += "INVALID \(i)\n"
                    continue
                }
                events.removeAll()
                venue.apply(command, into: &events)
                for e in events.events {
                    let words = [Int64(bitPattern: e.sequence), e.timestamp, Int64(e.kind.rawValue), Int64(e.code),
                                 Int64(e.side.rawValue), Int64(e.flags), Int64(e.symbol), e.account,
                                 e.a, e.b, e.c, e.d, e.e, e.f, e.g]
                    out += "EVENT " + words.map { String($0) }.joined(separator: " ") + "\n"
                }
            }
        }
        out += "HASH \(venue.stateHash.hex)\n"
        FileHandle.standardOutput.write(Data(out.utf8))
    }
}
