import HFTEngine
import HFTService
@testable import HFTVenueServer
import Testing

@Suite("index feed (hft-venue --index-feed)")
struct IndexFeedTests {
    let symbols: [String: ServiceSymbol]

    init() throws {
        let resolved = try ServerHarness.configuration().resolved()
        symbols = Dictionary(uniqueKeysWithValues: resolved.symbols.map { ($0.name, $0.service) })
    }

    @Test("prices are rounded to the symbol's tick, half away from zero")
    func rounding() throws {
        let tick = try StepSize(parsing: "0.10")
        #expect(IndexFeed.roundedTicks("50000", tick: tick) == 500_000)
        #expect(IndexFeed.roundedTicks("50000.04", tick: tick) == 500_000)
        #expect(IndexFeed.roundedTicks("50000.05", tick: tick) == 500_001)
        #expect(IndexFeed.roundedTicks("50000.149999", tick: tick) == 500_001)
        #expect(IndexFeed.roundedTicks("-1.05", tick: tick) == -11)
        #expect(IndexFeed.roundedTicks("abc", tick: tick) == nil)
        #expect(IndexFeed.roundedTicks("1e5", tick: tick) == nil)
        #expect(IndexFeed.roundedTicks("99999999999999999999999999", tick: tick) == nil)
    }

    @Test("a feed parses into entries; bad lines are refused with their number")
    func parsing() throws {
        let feed = try IndexFeed(text: "# comment\n0 BTCUSDT 50000\n\n1.5 ETHUSDT 3000.004  # trailing\n2 BTCUSDT 49999.95\n",
                                 symbols: symbols)
        #expect(feed.entries == [
            IndexFeed.Entry(seconds: 0, symbol: 0, ticks: 500_000),
            IndexFeed.Entry(seconds: 1.5, symbol: 1, ticks: 300_000),
            IndexFeed.Entry(seconds: 2, symbol: 0, ticks: 500_000),
        ])
        for (text, line) in [("0 XRPUSDT 1", 1), ("0 BTCUSDT 1\n2 BTCUSDT\n", 2), ("5 BTCUSDT 1\n4 BTCUSDT 1", 2),
                             ("0 BTCUSDT -5", 1), ("nan BTCUSDT 5", 1), ("0 BTCUSDT 0.01", 1)] {
            #expect(throws: VenueServiceConfigurationError.self) { try IndexFeed(text: text, symbols: symbols) }
            do {
                _ = try IndexFeed(text: text, symbols: symbols)
            } catch let error as VenueServiceConfigurationError {
                #expect("\(error)".contains("line \(line)"))
            }
        }
    }
}
