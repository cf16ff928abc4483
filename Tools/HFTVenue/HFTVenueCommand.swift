import ArgumentParser
import HFTVenueServer

/// `hft-venue`: the venue as a network service speaking Binance USDⓈ-M Futures' API.
@main
struct HFTVenueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hft-venue",
        abstract: "The venue as a network service speaking Binance USDⓈ-M Futures' API.",
        version: VenueServerVersion.service)

    func run() async throws {
        print("hft-venue \(VenueServerVersion.service)")
    }
}
