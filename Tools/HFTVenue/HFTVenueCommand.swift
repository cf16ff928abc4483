import ArgumentParser
import HFTVenueServer
import Logging

/// `hft-venue`: the venue as a network service speaking Binance USDⓈ-M Futures' API.
@main
struct HFTVenueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hft-venue",
        abstract: "The venue as a network service speaking Binance USDⓈ-M Futures' API.",
        discussion: "Example: swift run -c release hft-venue --config Examples/hft-venue.json",
        version: VenueServerVersion.service)

    @Option(help: "The configuration file (JSON; see Examples/hft-venue.json).")
    var config: String

    @Option(help: "An index-price path to replay (`<seconds> <SYMBOL> <price>` lines; `hft index-feed` writes the 312 day).")
    var indexFeed: String?

    @Option(help: "Speed of the index feed: feed seconds per real second.")
    var feedSpeed: Double = 1

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    func run() async throws {
        var logger = Logger(label: "hft-venue")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        VenueServer.bootstrapMetrics()
        let configuration = try VenueServiceConfiguration.load(path: config)
        guard feedSpeed > 0, feedSpeed.isFinite else { throw ValidationError("--feed-speed must be positive") }
        let feed = try indexFeed.map { (text: try String(contentsOfFile: $0, encoding: .utf8), speed: feedSpeed) }
        let server = try await VenueServer(configuration: configuration, logger: logger, indexFeed: feed)
        try await server.run()
    }
}
