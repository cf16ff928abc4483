import Foundation
import Logging
import Synchronization
import Testing
@testable import HFTOrderManager

/// The audit log: every step is a JSON line that parses back with its fields.
@Suite("Audit log")
struct AuditLogTests {
    /// Collects the handler's lines.
    final class Lines: Sendable {
        let data = Mutex<[Data]>([])
        var objects: [[String: Any]] {
            data.withLock { $0 }.map { try! JSONSerialization.jsonObject(with: $0) as! [String: Any] }
        }
    }

    @Test func aTradingDayParsesBack() throws {
        let lines = Lines()
        let logger = Logger(label: "oms.audit") { label in JSONLinesAuditHandler(label: label) { d in lines.data.withLock { $0.append(d) } } }
        let oms = F.oms(limits: SymbolRiskLimits(maxOpenOrders: 1), logger: logger)
        let d = oms.setQuotes(symbol: F.symbol, [F.bid(4_990_000), F.bid(4_980_000)], now: 100)
        #expect(d.refused.map(\.reason) == [.tooManyOpenOrders])
        let r = oms.nextRequests(now: 110)[0]
        let o = oms.order(clientOrderId: d.placed[0])!
        oms.requestSucceeded(r.id, results: [.report(F.report(o, .new, source: .reply, time: 115))], now: 115)
        oms.apply(F.report(o, .filled, filled: 10, fill: ReportFill(tradeId: 3, quantity: 10, price: o.price), time: 120), now: 120)
        oms.requestFailed(999, .timeout, now: 121)
        oms.recordError(class: .serverError, now: 122)
        oms.reconcile(ExchangeSnapshot(symbols: [F.symbol], openOrders: [], recentOrders: [], trades: []), now: 130)

        let objects = lines.objects
        #expect(lines.data.withLock { $0 }.allSatisfy { $0.last == 0x0A && !$0.dropLast().contains(0x0A) })
        let messages = objects.map { $0["message"] as! String }
        for event in [AuditEvent.intents, .riskRefusal, .actionQueued, .request, .requestOutcome, .report, .stateChange, .fill,
                      .reconciliation] {
            #expect(messages.contains(event.rawValue), "\(event)")
        }
        #expect(objects.allSatisfy { ($0["metadata"] as? [String: Any])?["now"] != nil })
        let refusal = objects.first { $0["message"] as? String == AuditEvent.riskRefusal.rawValue }!
        let meta = refusal["metadata"] as! [String: Any]
        #expect(meta["reason"] as? String == "tooManyOpenOrders" && meta["price"] as? String == "4980000")
        #expect(refusal["level"] as? String == "notice" && refusal["label"] as? String == "oms.audit")
        let request = objects.first { $0["message"] as? String == AuditEvent.request.rawValue }!
        #expect((request["metadata"] as! [String: Any])["clientOrderIds"] as? [String] == [o.clientOrderId])
        let intents = objects.first { $0["message"] as? String == AuditEvent.intents.rawValue }!
        let firstIntent = ((intents["metadata"] as! [String: Any])["intents"] as! [[String: Any]])[0]
        #expect(firstIntent["side"] as? String == "buy" && firstIntent["price"] as? String == "4990000"
                && firstIntent["quantity"] as? String == "10")
        let states = objects.filter { $0["message"] as? String == AuditEvent.stateChange.rawValue }
            .map { ($0["metadata"] as! [String: Any])["to"] as! String }
        #expect(states == ["new", "filled"])
    }

    @Test func fileHandleSink() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("oms-audit-\(UUID().uuidString).jsonl")
        #expect(FileManager.default.createFile(atPath: url.path, contents: nil))
        let handle = try FileHandle(forWritingTo: url)
        var logger = Logger(label: "f") { JSONLinesAuditHandler(label: $0, fileHandle: handle) }
        logger[metadataKey: "session"] = "s1"
        logger.info("one", metadata: ["n": .stringConvertible(1), "nested": .dictionary(["a": .array(["x"])])])
        logger.debug("filtered out")
        try handle.close()
        let text = try String(contentsOf: url, encoding: .utf8)
        let objects = text.split(separator: "\n").map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(objects.count == 1)
        let meta = objects[0]["metadata"] as! [String: Any]
        #expect(meta["session"] as? String == "s1" && meta["n"] as? String == "1")
        #expect((meta["nested"] as? [String: Any])?["a"] as? [String] == ["x"])
        try? FileManager.default.removeItem(at: url)
    }
}
