import Foundation
import Testing
@testable import HFTEngine

private typealias F = JournalFixtures

/// The journal's limits: the largest record, segments that fill and roll, and a write error
/// (the directory vanishing under the writer) surfacing as a typed ``JournalError`` after
/// which the writer keeps working once the cause is gone.
@Suite struct JournalLimitTests {
    @Test func oversizedRecordsAndVanishedDirectoriesAreTypedErrors() throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanup() }
        // The smallest segment the writer accepts: a header and two records of the largest size.
        var writer = try JournalWriter(directory: dir.path, policy: .never, maxSegmentBytes: 0)
        #expect(writer.maxSegmentBytes == JournalFiles.segmentHeaderSize + 2 * JournalRecordLayout.maximumSize)
        #expect(throws: JournalError.recordTooLarge) {
            try writer.append(text: String(repeating: "x", count: JournalRecordLayout.maximumText + 1))
        }
        // The largest record fits, three of them roll the segment twice.
        for _ in 0..<3 { try writer.append(text: String(repeating: "y", count: JournalRecordLayout.maximumText)) }
        try writer.commit()
        #expect(dir.segments().count == 2)
        let sequenceBeforeFailure = try writer.append(F.command(0))
        // The directory disappears: the next segment roll cannot open its file.
        dir.cleanup()
        var failure: JournalError?
        for i in 0..<100_000 {
            do throws(JournalError) { try writer.append(F.command(i)) } catch { failure = error; break }
        }
        guard case .io(let operation, let code)? = failure else {
            Issue.record("expected an io error, got \(String(describing: failure))")
            return
        }
        #expect(operation == .open && code == ENOENT)
        // The cause removed, the writer continues with the next sequence number.
        try FileManager.default.createDirectory(atPath: dir.path, withIntermediateDirectories: true)
        let next = try writer.append(F.command(1))
        #expect(next > sequenceBeforeFailure)
        try writer.commit()
        #expect(writer.acknowledgedSequence == next)
        #expect(dir.segments().count == 1)
    }
}
