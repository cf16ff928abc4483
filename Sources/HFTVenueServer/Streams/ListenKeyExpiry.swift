import HFTBinance
import ServiceLifecycle

/// Expires listen keys every 10 seconds: each expired key's connections get
/// `listenKeyExpired` and are closed, so that clients reconnect with a new key (spec §6).
struct ListenKeyExpiry: Service {
    let state: VenueServerState

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            // Graceful shutdown ends the wait at once (a plain sleep held every stop for up to 10 s).
            _ = try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(10)) }
            guard !Task.isShuttingDownGracefully && !Task.isCancelled else { return }
            let now = state.nowMilliseconds
            for (key, account) in state.listenKeys.expire(now: now) {
                let message = String(decoding: BinanceJSON.encode(BinanceListenKeyExpired(eventTime: now, listenKey: key)),
                                     as: UTF8.self)
                state.hub.publish(account: account, message: message)
                state.hub.closeAccount(account)
            }
        }
    }
}
