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

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    func run() async throws {
        var logger = Logger(label: "hft-venue")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        VenueServer.bootstrapMetrics()
        let configuration = try VenueServiceConfiguration.load(path: config)
        let server = try await VenueServer(configuration: configuration, logger: logger)
        try await server.run()
    }
}
