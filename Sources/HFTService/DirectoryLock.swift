#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import HFTEngine
import Synchronization

/// An exclusive lock on a journal directory for the life of one ``VenueHost``: `flock` on
/// `<directory>/hft-venue.lock`, so that a second service (or a second host in the same
/// process) on the same directory is refused before it recovers, appends, snapshots or
/// prunes anything. The kernel releases it when the process dies (kill -9 included).
///
/// - Memory: one file descriptor, closed by ``release()``.
final class DirectoryLock: Sendable {
    static let fileName = "hft-venue.lock"
    let descriptor: Mutex<Int32>

    private init(descriptor: Int32) { self.descriptor = Mutex(descriptor) }

    /// Creates the directory if needed and takes its lock.
    ///
    /// - Throws: ``VenueHostError/directoryInUse(directory:)`` when another holder has it,
    ///   ``VenueHostError/journal(_:)`` for file errors.
    static func acquire(_ directory: String) throws(VenueHostError) -> DirectoryLock {
        do { try JournalFiles.makeDirectory(directory) } catch { throw .journal(error) }
        let fd = open(directory + "/" + fileName, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .journal(.io(operation: .open, errno: errno)) }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let error = errno
            close(fd)
            if error == EWOULDBLOCK { throw .directoryInUse(directory: directory) }
            throw .journal(.io(operation: .open, errno: error))
        }
        return DirectoryLock(descriptor: fd)
    }

    /// Releases the lock (once; later calls do nothing).
    func release() {
        descriptor.withLock { fd in
            if fd >= 0 { close(fd) }
            fd = -1
        }
    }

    deinit { release() }
}
