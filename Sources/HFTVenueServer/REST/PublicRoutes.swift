import Foundation
import HFTEngine
import Hummingbird

/// Binance USDⓈ-M Futures' public REST endpoints (spec §4, "Public").
struct PublicRoutes {
    let state: VenueServerState

    func register(on router: Router<VenueRequestContext>) {
        router.get("fapi/v1/ping") { _, _ in try state.json([String: String]()) }
        router.get("fapi/v1/time") { _, _ in try state.json(["serverTime": ServiceClockMilliseconds.now()]) }
    }
}

/// Binance's times: milliseconds since the Unix epoch.
enum ServiceClockMilliseconds {
    static func now() -> Int64 { Int64((Date().timeIntervalSince1970 * 1_000).rounded(.down)) }
}
