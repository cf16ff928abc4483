import Foundation
import HFTEngine
import HFTService

/// A small venue for the host tests: one symbol, accounts 0 ..< 8 funded, in a fresh
/// temporary journal directory.
enum HostFixture {
    static let venue = VenueConfiguration(
        maxOrders: 1 << 14, maxPriceLevels: 4_096, maxSymbols: 4, userAccounts: 16, positionsPerSymbol: 64,
        maxOpenOrdersPerAccount: 1_000, eventBudget: 4_096)

    static func directory(_ name: String) -> String {
        let path = NSTemporaryDirectory() + "hft-host-\(name)-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func configuration(_ directory: String, durability: JournalDurability = .everyMicroseconds(1_000)) -> VenueHost.Configuration {
        VenueHost.Configuration(venue: venue, directory: directory, durability: durability, tickets: 1_024)
    }

    static let setUp: [VenueCommand] = {
        var commands: [VenueCommand] = [
            .addSymbol(VenueSymbolSpec(index: 0, moneyPerTickLot: 1_000, ladderTicks: 1 << 16, maxLeverage: 50,
                                       makerRate: Rate(e8: 20_000), takerRate: Rate(e8: 40_000))),
            .markPrice(symbol: 0, Price(ticks: 10_000)),
        ]
        for a in 0..<Int64(8) { commands.append(.deposit(account: a, amount: Money(units: 1_000_000_000_000))) }
        return commands
    }()

    /// A limit order; the host replaces the id with the command's sequence number.
    static func order(account: Int64, _ side: Side, _ price: Int64, lots: Int64) -> VenueCommand {
        .newOrder(.limit(id: 0, account: account, symbol: SymbolID(0), side: side, price: Price(ticks: price),
                         quantity: Quantity(lots: lots)))
    }
}
