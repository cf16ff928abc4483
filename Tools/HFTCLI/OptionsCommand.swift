import ArgumentParser
import Foundation
import HFTEngine

/// `hft options`: price European options and invert prices to implied volatilities from
/// CSV files (see Docs/options.md for the formats).
///
/// - `hft options greeks <csv>`: input header `kind,S,K,T,r,q,sigma`; output the same
///   columns plus `price,delta,gamma,vega,theta,rho,vanna,volga`.
/// - `hft options iv <csv>`: input header `kind,S,K,T,r,q,price`; output the same columns
///   plus `iv,error` (an empty `iv` and the error's name when there is no volatility).
///
/// Columns are found by name (any order, extra columns are passed through). Numbers are
/// printed in Swift's shortest round-trip form, so they read back to the same double.
/// A malformed row is reported on standard error with its line number (and, for `iv`, in
/// the `error` column as `malformedRow`), and the rest of the file goes on; the exit
/// status is 1 if any row failed to parse. `-` reads standard input.
struct OptionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "options",
        abstract: "Black-Scholes-Merton Greeks and implied volatilities for CSV files.",
        subcommands: [OptionsGreeksCommand.self, OptionsImpliedVolatilityCommand.self]
    )
}

struct OptionsGreeksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "greeks",
        abstract: "Price and Greeks per row: input kind,S,K,T,r,q,sigma; output adds price,delta,gamma,vega,theta,rho,vanna,volga."
    )

    @Argument(help: "The input CSV file, or - for standard input.")
    var input: String

    func run() throws {
        let table = try OptionsCSV.read(input, required: ["kind", "S", "K", "T", "r", "q", "sigma"])
        var output = OptionsCSV.Writer()
        output.line(table.header + ["price", "delta", "gamma", "vega", "theta", "rho", "vanna", "volga"])
        var failed = false
        for row in table.rows {
            do {
                let kind = try row.kind()
                let option = OptionContract(kind: kind, spot: try row.number("S"), strike: try row.number("K"),
                                            expiry: try row.number("T"), rate: try row.number("r"),
                                            dividendYield: try row.number("q"), volatility: try row.number("sigma"))
                guard option.isValid else {
                    throw OptionsCSV.RowError(message: "S, K, T and sigma must be positive and all inputs finite")
                }
                let g = BlackScholes.greeks(option)
                output.line(row.fields + [g.price, g.delta, g.gamma, g.vega, g.theta, g.rho, g.vanna, g.volga]
                    .map(OptionsCSV.format))
            } catch let error as OptionsCSV.RowError {
                failed = true
                OptionsCSV.report(line: row.line, error.message)
                output.line(row.fields + Array(repeating: "", count: 8))
            }
        }
        output.flush()
        if failed { throw ExitCode(1) }
    }
}

struct OptionsImpliedVolatilityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "iv",
        abstract: "Implied volatility per row: input kind,S,K,T,r,q,price; output adds iv,error."
    )

    @Argument(help: "The input CSV file, or - for standard input.")
    var input: String

    func run() throws {
        let table = try OptionsCSV.read(input, required: ["kind", "S", "K", "T", "r", "q", "price"])
        var output = OptionsCSV.Writer()
        output.line(table.header + ["iv", "error"])
        var failed = false
        for row in table.rows {
            do {
                let kind = try row.kind()
                let (s, k, t) = (try row.number("S"), try row.number("K"), try row.number("T"))
                let (r, q, price) = (try row.number("r"), try row.number("q"), try row.number("price"))
                do throws(ImpliedVolatilityError) {
                    let iv = try ImpliedVolatility.volatility(kind: kind, price: price, spot: s, strike: k, expiry: t,
                                                              rate: r, dividendYield: q)
                    output.line(row.fields + [OptionsCSV.format(iv), ""])
                } catch {
                    output.line(row.fields + ["", error.name])
                }
            } catch let error as OptionsCSV.RowError {
                failed = true
                OptionsCSV.report(line: row.line, error.message)
                output.line(row.fields + ["", "malformedRow"])
            }
        }
        output.flush()
        if failed { throw ExitCode(1) }
    }
}

/// The small CSV dialect of `hft options`: comma-separated, no quoting, a header line,
/// blank lines ignored, surrounding spaces and a trailing `\r` trimmed.
enum OptionsCSV {
    struct RowError: Error {
        var message: String
    }

    struct Row {
        var line: Int
        var fields: [String]
        var columns: [String: Int]

        func field(_ name: String) throws -> String {
            guard let index = columns[name], index < fields.count else {
                throw RowError(message: "missing field \(name)")
            }
            return fields[index]
        }

        func number(_ name: String) throws -> Double {
            let text = try field(name)
            guard let value = Double(text) else { throw RowError(message: "\(name): not a number: '\(text)'") }
            return value
        }

        func kind() throws -> OptionKind {
            switch try field("kind").lowercased() {
            case "call", "c": return .call
            case "put", "p": return .put
            case let other: throw RowError(message: "kind: expected call or put, got '\(other)'")
            }
        }
    }

    struct Table {
        var header: [String]
        var rows: [Row]
    }

    static func read(_ path: String, required: [String]) throws -> Table {
        let data: Data
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let contents = FileManager.default.contents(atPath: path) else {
                throw ValidationError("cannot read \(path)")
            }
            data = contents
        }
        guard let text = String(data: data, encoding: .utf8) else { throw ValidationError("\(path) is not UTF-8") }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .map { (number: $0.offset + 1, text: $0.element.trimmingCharacters(in: .whitespacesAndNewlines)) }
            .filter { !$0.text.isEmpty }
        guard !lines.isEmpty else { throw ValidationError("\(path): empty input, expected a header line") }
        let headerLine = lines.removeFirst()
        let header = split(headerLine.text)
        var columns: [String: Int] = [:]
        for (index, name) in header.enumerated() where columns[name] == nil { columns[name] = index }
        let missing = required.filter { columns[$0] == nil }
        guard missing.isEmpty else {
            throw ValidationError("header lacks column(s) \(missing.joined(separator: ",")); expected \(required.joined(separator: ","))")
        }
        var rows: [Row] = []
        for line in lines {
            var fields = split(line.text)
            if fields.count < header.count { fields += Array(repeating: "", count: header.count - fields.count) }
            rows.append(Row(line: line.number, fields: fields, columns: columns))
        }
        return Table(header: header, rows: rows)
    }

    static func split(_ line: String) -> [String] {
        line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// The shortest decimal that reads back to the same double ("0.1", "1e-30", "inf").
    static func format(_ value: Double) -> String { "\(value)" }

    static func report(line: Int, _ message: String) {
        FileHandle.standardError.write(Data("hft options: line \(line): \(message)\n".utf8))
    }

    /// Buffered standard output.
    struct Writer {
        var buffer = ""
        mutating func line(_ fields: [String]) {
            buffer += fields.joined(separator: ",")
            buffer += "\n"
            if buffer.utf8.count > 1 << 16 { flush() }
        }
        mutating func flush() {
            FileHandle.standardOutput.write(Data(buffer.utf8))
            buffer = ""
        }
    }
}
