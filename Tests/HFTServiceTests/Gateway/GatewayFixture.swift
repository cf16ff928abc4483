import HFTGateway
@testable import HFTVenueServer
import Logging

extension ServerHarness {
    /// The gateway's configuration for one of the example accounts of this server.
    func gatewayConfiguration(account: String) -> GatewayConfiguration {
        let configured = configuration.accounts.first { $0.name == account }!
        return GatewayConfiguration(host: "127.0.0.1", port: publicPort, apiKey: configured.apiKey, secret: configured.secret)
    }

    /// A REST client of the gateway for `account`.
    func gatewayREST(account: String, onUsage: @escaping @Sendable (ExchangeUsage) -> Void = { _ in }) -> RESTClient {
        var logger = Logger(label: "gateway-test")
        logger.logLevel = .warning
        return RESTClient(configuration: gatewayConfiguration(account: account), logger: logger, onUsage: onUsage)
    }
}

extension ServerHarness {
    /// Waits until `account`'s user data has a subscribed connection (at most 10 s): a
    /// stream opened by a test is in place before the test trades, however slow the machine.
    func waitForUserDataSubscriber(account: String) async -> Bool {
        guard let index = server.state.accountsByName[account]?.index else { return false }
        let end = ContinuousClock.now + .seconds(10)
        while !server.state.hub.hasSubscribers(account: index), ContinuousClock.now < end {
            try? await Task.sleep(for: .milliseconds(5))
        }
        return server.state.hub.hasSubscribers(account: index)
    }
}
