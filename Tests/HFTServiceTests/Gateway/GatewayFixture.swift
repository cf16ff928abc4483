import HFTGateway
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
