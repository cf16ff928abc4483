#if NATS
import CNATS
#endif

/// A failure of a NATS or JetStream call: nats.c's status, JetStream's error code (0 when
/// the server gave none) and the library's text.
public struct NATSError: Error, Sendable, Equatable, CustomStringConvertible {
    /// nats.c's `natsStatus` (0 `NATS_OK`; see `nats/status.h`).
    public var status: Int32
    /// JetStream's API error code (`jsErrCode`, e.g. 10071 wrong last sequence), 0 if none.
    public var jetStreamCode: Int32
    public var text: String

    public init(status: Int32, jetStreamCode: Int32 = 0, text: String) {
        self.status = status
        self.jetStreamCode = jetStreamCode
        self.text = text
    }

    public var description: String {
        jetStreamCode == 0 ? "NATS error \(status): \(text)" : "JetStream error \(jetStreamCode) (status \(status)): \(text)"
    }

    /// This build has no NATS client (the `NATS` trait is off because libnats was missing).
    public static let unavailable = NATSError(
        status: -1, text: "hft was built without NATS: apt-get install libnats-dev nats-server, then rebuild")

    /// JetStream's "wrong last sequence" (10071): the fencing refusal.
    public var isWrongLastSequence: Bool { jetStreamCode == 10_071 }
}

#if NATS
extension NATSError {
    /// The error of a failed call, with nats.c's thread-local last error text.
    init(_ status: natsStatus, _ code: jsErrCode = jsErrCode(rawValue: 0), context: String) {
        var text = String(cString: natsStatus_GetText(status))
        if let last = nats_GetLastError(nil) { text += ": " + String(cString: last) }
        self.init(status: Int32(status.rawValue), jetStreamCode: Int32(code.rawValue), text: "\(context): \(text)")
    }

    /// Throws unless `status` is `NATS_OK`.
    static func check(_ status: natsStatus, _ context: @autoclosure () -> String) throws(NATSError) {
        guard status != NATS_OK else { return }
        throw NATSError(status, context: context())
    }

    /// Throws unless `status` is `NATS_OK` (a JetStream call, with its error code).
    static func check(_ status: natsStatus, _ code: jsErrCode, _ context: @autoclosure () -> String) throws(NATSError) {
        guard status != NATS_OK else { return }
        throw NATSError(status, code, context: context())
    }
}
#endif
