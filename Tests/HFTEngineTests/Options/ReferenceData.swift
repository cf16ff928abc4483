import Foundation

/// Reads the reference CSVs written by `Reference/generate_reference.py` (mpmath, 60
/// digits). Rows are returned as dictionaries from column name to field text.
enum ReferenceData {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Reference")

    static func rows(_ name: String) throws -> [[String: String]] {
        let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        let header = lines.removeFirst().split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        return lines.map { line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            var row: [String: String] = [:]
            for (name, field) in zip(header, fields) { row[name] = field }
            return row
        }
    }
}

extension Dictionary where Key == String, Value == String {
    func double(_ key: String) -> Double {
        guard let text = self[key], let value = Double(text) else { return .nan }
        return value
    }
}
