#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension JournalFiles {
    /// Writes `first` then `second` as the whole file `path` in `directory`, so that a crash
    /// leaves either the complete new file or none: the bytes go to `<path>.tmp`, which is
    /// `fsync`ed and renamed to `path`, then the directory is `fsync`ed. Snapshot files and
    /// the venue's configuration file are written this way.
    ///
    /// - Complexity: O(bytes) plus two `fsync`s. Set-up and snapshot code (allocates the
    ///   temporary name).
    public static func writeAtomically(_ path: String, directory: String, _ first: UnsafeRawBufferPointer,
                                       _ second: UnsafeRawBufferPointer = UnsafeRawBufferPointer(start: nil, count: 0))
        throws(JournalError) {
        let temporary = path + ".tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .io(operation: .open, errno: errno) }
        do throws(JournalError) {
            for part in [first, second] {
                if let base = part.baseAddress { try writeAll(fd, base, count: part.count) }
            }
            if fsync(fd) != 0 { throw .io(operation: .fsync, errno: errno) }
        } catch {
            close(fd)
            throw error
        }
        close(fd)
        if rename(temporary, path) != 0 { throw .io(operation: .rename, errno: errno) }
        try syncDirectory(directory)
    }
}
