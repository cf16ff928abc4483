import Foundation

/// Prints results as a fixed-width table, one row per suite, as each suite finishes.
enum ResultTable {
    static let columns: [(title: String, width: Int)] = [
        ("suite", 36), ("ops", 9), ("ns/op", 9), ("min", 9), ("max", 9), ("ops/s", 9),
        ("p50", 8), ("p99", 8), ("p99.9", 8), ("max lat", 9), ("allocs/op", 10), ("B/op", 7),
    ]

    static func header() -> String {
        let titles = columns.enumerated().map { i, c in i == 0 ? pad(c.title, c.width, left: true) : pad(c.title, c.width) }
        let line = titles.joined(separator: " ")
        return line + "\n" + String(repeating: "-", count: line.count)
    }

    static func row(_ r: SuiteResult) -> String {
        let cells: [String] = [
            r.name, String(r.ops), number(r.nsPerOp), number(r.nsPerOpMin), number(r.nsPerOpMax),
            compact(r.opsPerSec), number(r.p50Ns), number(r.p99Ns), number(r.p999Ns), number(r.maxNs),
            number(r.allocsPerOp), number(r.allocBytesPerOp),
        ]
        return zip(cells, columns).enumerated().map { i, pair in
            i == 0 ? pad(pair.0, pair.1.width, left: true) : pad(pair.0, pair.1.width)
        }.joined(separator: " ")
    }

    /// A figure with 3 significant digits where it is small, whole where it is large.
    static func number(_ value: Double?) -> String {
        guard let value else { return "-" }
        if value == 0 { return "0" }
        if value >= 1000 { return String(Int(value.rounded())) }
        if value >= 100 { return format1(value, 1) }
        if value >= 10 { return format1(value, 2) }
        return format1(value, 3)
    }

    /// Operations per second as `12.3M`, `456K`.
    static func compact(_ value: Double) -> String {
        if value >= 1e9 { return format1(value / 1e9, 2) + "G" }
        if value >= 1e6 { return format1(value / 1e6, 2) + "M" }
        if value >= 1e3 { return format1(value / 1e3, 1) + "K" }
        return format1(value, 1)
    }

    static func format1(_ value: Double, _ decimals: Int) -> String {
        String(format: "%.\(decimals)f", value)
    }

    static func pad(_ s: String, _ width: Int, left: Bool = false) -> String {
        if s.count >= width { return s }
        let fill = String(repeating: " ", count: width - s.count)
        return left ? s + fill : fill + s
    }
}
