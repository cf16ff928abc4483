import HFTEngine

/// The command-file translator's own state beside a venue journal, `<dir>/replay.edge`:
/// what the venue does not know because it works in indices and units (symbol names, tick
/// and lot sizes, money decimals, risk mode). It is the `ENGINE` and `SYMBOL` lines that took
/// effect, in order, and whether an order line has run (after which `ENGINE` is refused):
///
/// ```
/// HFT REPLAY EDGE 1
/// ORDERS <0|1>
/// <ENGINE or SYMBOL line>
/// ...
/// ```
///
/// Written atomically (temporary file, `fsync`, rename) before the first command of such a
/// line reaches the log, so a log never holds a symbol the edge file does not name; a line
/// that then failed leaves an entry that recovery drops (the venue has fewer symbols).
///
/// - Memory: tool code; the lines are Swift strings.
public struct ReplayEdgeFile: Equatable, Sendable {
    public static let fileName = "replay.edge"
    static let header = "HFT REPLAY EDGE 1"

    /// True once an order line has run.
    public var sawOrder: Bool
    /// The `ENGINE` and `SYMBOL` lines that took effect.
    public var lines: [String]

    public init(sawOrder: Bool, lines: [String]) {
        self.sawOrder = sawOrder
        self.lines = lines
    }

    /// Writes the file into `directory`.
    public func write(directory: String) throws(JournalError) {
        let text = ([Self.header, "ORDERS \(sawOrder ? 1 : 0)"] + lines).joined(separator: "\n") + "\n"
        let bytes = Array(text.utf8)
        let failure: JournalError? = bytes.withUnsafeBytes { p in
            do throws(JournalError) {
                try JournalFiles.writeAtomically(directory + "/" + Self.fileName, directory: directory, p)
            } catch {
                return error
            }
            return nil
        }
        if let failure { throw failure }
    }

    /// The file of `directory`.
    ///
    /// - Throws: ``JournalError/io(operation:errno:)`` if it cannot be read (`ENOENT`: not a
    ///   replay journal), ``JournalError/badConfiguration`` if it is not this format.
    public static func read(directory: String) throws(JournalError) -> ReplayEdgeFile {
        let bytes = try JournalFiles.readAll(directory + "/" + fileName)
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count >= 3, lines[0] == header, lines[1] == "ORDERS 0" || lines[1] == "ORDERS 1",
              lines.last == "" else { throw .badConfiguration }
        return ReplayEdgeFile(sawOrder: lines[1] == "ORDERS 1", lines: lines[2..<(lines.count - 1)].map(String.init))
    }
}
