import AsyncHTTPClient
import Foundation
import HFTBinance
import NIOCore

/// Signed `POST /fapi/v1/order` requests over keep-alive connections: `inFlight` requests
/// per connection at a time, form bodies signed as ccxt signs them.
struct RESTOrderLoad {
    let host: String
    let port: Int
    let flow: OrderFlow

    func run(connections: Int, inFlight: Int, rate: Int, duration: Double) async throws -> LoadReport {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: connections)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let recorder = LoadRecorder()
        let workers = connections * inFlight
        let perWorkerRate = rate == 0 ? 0 : max(1, rate * connections / workers)
        let elapsed = await ClosedLoop.run(workers: workers, rate: perWorkerRate, duration: duration) { n in
            let (params, account) = flow.order(n)
            var body = params.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
            body += "&timestamp=\(OrderFlow.nowMilliseconds())&recvWindow=10000"
            body += "&signature=" + BinanceSignature.sign(secret: account.secret, payload: Array(body.utf8))
            var request = HTTPClientRequest(url: "http://\(host):\(port)/fapi/v1/order")
            request.method = .POST
            request.headers.add(name: "X-MBX-APIKEY", value: account.key)
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(ByteBuffer(string: body))
            let sent = ContinuousClock.now
            do {
                let response = try await client.execute(request, timeout: .seconds(30))
                _ = try await response.body.collect(upTo: 1 << 20)
                let elapsed = ContinuousClock.now - sent
                recorder.acknowledged(nanoseconds: elapsed.loadNanoseconds, refused: response.status.code != 200)
            } catch {
                recorder.error()
            }
            return true
        }
        try await client.shutdown()
        return recorder.report(seconds: elapsed.loadSeconds)
    }
}
