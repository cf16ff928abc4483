import Foundation
import HFTBinance
import Testing

/// The JSON type of a value decoded by `JSONSerialization` (Linux gives booleans as
/// `__NSCFBoolean`, numbers as `NSNumber`).
enum JSONKind: Equatable, CustomStringConvertible {
    case string, number, bool, array, object, null

    init(_ value: Any) {
        if String(describing: type(of: value)).contains("Boolean") {
            self = .bool
        } else if value is String {
            self = .string
        } else if value is NSNumber {
            self = .number
        } else if value is [Any] {
            self = .array
        } else if value is [String: Any] {
            self = .object
        } else {
            self = .null
        }
    }

    var description: String {
        switch self {
        case .string: "string"
        case .number: "number"
        case .bool: "bool"
        case .array: "array"
        case .object: "object"
        case .null: "null"
        }
    }
}

/// Decodes encoded bytes with `JSONSerialization`.
func jsonObject(_ bytes: [UInt8]) throws -> Any {
    try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
}

/// Checks that `object` has exactly the keys of `shape`, each of its JSON kind.
func expectShape(_ object: Any?, _ shape: [String: JSONKind], _ comment: Comment? = nil,
                 sourceLocation: SourceLocation = #_sourceLocation) {
    guard let object = object as? [String: Any] else {
        Issue.record("not an object: \(String(describing: object))", sourceLocation: sourceLocation)
        return
    }
    #expect(Set(object.keys) == Set(shape.keys), comment, sourceLocation: sourceLocation)
    for (key, kind) in shape {
        guard let value = object[key] else { continue }
        #expect(JSONKind(value) == kind, "\(key): \(JSONKind(value)) instead of \(kind)", sourceLocation: sourceLocation)
    }
}

/// Keys of `kind` from a space-separated list.
func keys(_ names: String, _ kind: JSONKind) -> [String: JSONKind] {
    Dictionary(uniqueKeysWithValues: names.split(separator: " ").map { (String($0), kind) })
}

/// The union of several key maps.
func shape(_ parts: [String: JSONKind]...) -> [String: JSONKind] {
    parts.reduce(into: [:]) { $0.merge($1) { first, _ in first } }
}
