import HFTEngine
import HFTReplay

extension CommandFileFuzzChecker {
    /// Runs `bytes` twice — plainly and journaled into the empty directory `directory`
    /// (group commit never, one commit at the end) — then recovers a third session from the
    /// journal, and says what differs: the journaled run must print the same lines, append
    /// no error, and both the journaled and the recovered session must reach the plain
    /// run's state hash.
    ///
    /// - Complexity: three replays of the file.
    public static func checkJournal(_ bytes: [UInt8], directory: String) -> [String] {
        let text = String(decoding: bytes, as: UTF8.self)
        var plainLines: [String] = []
        let plain = ReplaySession { plainLines.append($0) }
        plain.run(text)
        var journaledLines: [String] = []
        let journaled = ReplaySession { journaledLines.append($0) }
        var problems: [String] = []
        do {
            let journal = try ReplayJournal(directory: directory, session: journaled, policy: .never)
            var number = 0
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                number += 1
                try journaled.processJournaled(line: line, number: number, journal: journal)
            }
            try journal.commit()
        } catch {
            return ["journaled replay failed: \(error)"]
        }
        if journaledLines != plainLines {
            let at = zip(journaledLines, plainLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset
                ?? min(journaledLines.count, plainLines.count)
            problems.append("journaled output differs from the plain run at output line \(at + 1)")
        }
        let hash = plain.stateHash.value
        if journaled.stateHash.value != hash { problems.append("journaled state hash differs from the plain run") }
        do throws(JournalError) {
            let recovered = try ReplaySession.recover(directory: directory).session
            if recovered.stateHash.value != hash { problems.append("recovered state hash differs from the plain run") }
        } catch {
            problems.append("recovery failed: \(error)")
        }
        return problems
    }
}
