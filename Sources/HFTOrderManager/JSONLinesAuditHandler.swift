import Foundation
import Logging

/// A swift-log `LogHandler` that writes every event as one JSON object per line, so that a
/// trading day's audit log can be parsed back and replayed.
///
/// Each line: `{"label":…, "level":…, "message":…, "metadata":{…}, "source":…}`; metadata
/// values keep their structure (strings, arrays, nested objects; string-convertible values as
/// their description). Encoding is `JSONSerialization` with sorted keys, never hand-built.
/// The OMS puts its own time (`now`, ms) into every event's metadata; the handler reads no clock.
///
/// - Complexity: O(size of the event) per line.
/// - Memory: a value type holding the sink closure; the caller owns the file handle or sink.
///   Lines are handed to the sink one at a time, each as `Data` ending in `\n`.
public struct JSONLinesAuditHandler: LogHandler {
    /// Where the lines go.
    public let sink: @Sendable (Data) -> Void
    /// The logger's label.
    public let label: String
    /// Events below this level are not written (swift-log filters before calling the handler).
    public var logLevel: Logger.Level = .info
    /// Metadata added to every line.
    public var metadata: Logger.Metadata = [:]
    /// The metadata provider, if any.
    public var metadataProvider: Logger.MetadataProvider?

    /// Creates a handler writing to a caller-supplied sink.
    public init(label: String, sink: @escaping @Sendable (Data) -> Void) {
        self.label = label
        self.sink = sink
    }

    /// Creates a handler appending to a file handle the caller owns (and closes).
    public init(label: String, fileHandle: FileHandle) {
        self.init(label: label, sink: { data in try? fileHandle.write(contentsOf: data) })
    }

    /// Gets or sets one key of the handler's metadata.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Writes one event as a JSON line.
    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let own = event.metadata { merged.merge(own) { _, new in new } }
        let object: [String: Any] = [
            "label": label,
            "level": event.level.rawValue,
            "message": event.message.description,
            "source": event.source,
            "metadata": merged.mapValues(Self.jsonValue),
        ]
        guard var data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return }
        data.append(0x0A)
        sink(data)
    }

    /// A metadata value as a JSON-serializable value.
    static func jsonValue(_ value: Logger.Metadata.Value) -> Any {
        switch value {
        case .string(let s): return s
        case .stringConvertible(let c): return c.description
        case .array(let a): return a.map(jsonValue)
        case .dictionary(let d): return d.mapValues(jsonValue)
        }
    }
}
