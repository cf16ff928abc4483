import ArgumentParser
import Foundation
import HFTReplay

/// `hft replay <file>`: runs a command file (see `spec/replay-format.md`) and prints its
/// events. `-` reads standard input. Exits with status 1 if any line was an `ERROR`.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay a command file against the matching engine and print its events."
    )

    @Argument(help: "The command file, or - for standard input.")
    var file: String

    @OptionGroup var journalOptions: ReplayJournalOptions

    func run() throws {
        if journalOptions.isActive { return try runJournaled() }
        let data: Data
        if file == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let contents = FileManager.default.contents(atPath: file) else {
                throw ReplayFileError(path: file)
            }
            data = contents
        }
        let text = String(decoding: data, as: UTF8.self)
        var buffer = ""
        buffer.reserveCapacity(1 << 16)
        let session = ReplaySession { line in
            buffer += line
            buffer += "\n"
            if buffer.utf8.count >= 1 << 16 {
                FileHandle.standardOutput.write(Data(buffer.utf8))
                buffer.removeAll(keepingCapacity: true)
            }
        }
        session.run(text)
        FileHandle.standardOutput.write(Data(buffer.utf8))
        if session.errorCount > 0 {
            throw ExitCode(1)
        }
    }
}

/// The command file cannot be read (exit status 1, no usage text).
struct ReplayFileError: Error, CustomStringConvertible {
    var path: String
    var description: String { "cannot read \(path)" }
}
