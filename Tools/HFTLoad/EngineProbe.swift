import AsyncHTTPClient
import Foundation
import HFTVenueServer

/// Reads the venue's admin status (`GET /admin/v1/status`) around a load: how many commands
/// the engine published and how many bytes the engine thread allocated meanwhile, the
/// service's proof that its engine thread allocates nothing per command under network load.
struct EngineProbe {
    struct Status: Decodable {
        var publishedCommands: UInt64
        var engineThreadAllocatedBytes: UInt64?
    }

    let url: String
    let key: String

    init(configuration: VenueServiceConfiguration) {
        url = "http://\(configuration.admin.host):\(configuration.admin.port)/admin/v1/status"
        key = configuration.admin.apiKey
    }

    /// The status now, or nil when the admin API does not answer (the load still runs).
    func read() async -> Status? {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "X-HFT-ADMIN-KEY", value: key)
        guard let response = try? await HTTPClient.shared.execute(request, timeout: .seconds(10)),
              response.status == .ok,
              let body = try? await response.body.collect(upTo: 1 << 20) else { return nil }
        return try? JSONDecoder().decode(Status.self, from: Data(buffer: body))
    }

    /// The engine's figures between two readings.
    static func delta(_ before: Status?, _ after: Status?) -> LoadReport.Engine? {
        guard let before, let after else { return nil }
        let bytes: UInt64? = if let b = before.engineThreadAllocatedBytes, let a = after.engineThreadAllocatedBytes { a &- b } else { nil }
        return LoadReport.Engine(commands: after.publishedCommands &- before.publishedCommands, allocatedBytes: bytes)
    }
}
