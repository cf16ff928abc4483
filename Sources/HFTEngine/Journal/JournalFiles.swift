#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The file layer of the journal: segment names and headers, and thin POSIX wrappers that
/// turn `errno` into ``JournalError``. Set-up and recovery code (not the per-record path).
///
/// A journal directory holds:
/// - `<first-sequence, 20 digits>.seg`: log segments, each starting with a 32-byte header
///   and then records (``JournalRecordLayout``) with consecutive sequence numbers;
/// - `<last-sequence, 20 digits>.snap`: snapshots (``JournalSnapshotFile``);
/// - `venue.config` in a venue's journal: its configuration (``VenueConfigurationFile``).
///
/// Segment header (little-endian):
///
/// | offset | size | field                                   |
/// |--------|------|-----------------------------------------|
/// | 0      | 8    | magic `HFTJSEG1`                        |
/// | 8      | 4    | format version, 1                       |
/// | 12     | 4    | header size, 32                         |
/// | 16     | 8    | sequence number of the first record     |
/// | 24     | 4    | CRC-32C of bytes 0 ..< 24               |
/// | 28     | 4    | reserved, 0                             |
public enum JournalFiles {
    public static let segmentMagic: UInt64 = 0x3147_4553_4A54_4648   // "HFTJSEG1" little-endian
    public static let segmentHeaderSize = 32
    public static let segmentSuffix = ".seg"
    public static let snapshotSuffix = ".snap"

    /// `<dir>/<20-digit n><suffix>`.
    public static func path(_ directory: String, _ n: UInt64, _ suffix: String) -> String {
        directory + "/" + fileName(n, suffix)
    }

    /// `<20-digit n><suffix>`: the name of a segment or snapshot file.
    public static func fileName(_ n: UInt64, _ suffix: String) -> String {
        let digits = String(n)
        return String(repeating: "0", count: max(0, 20 - digits.count)) + digits + suffix
    }

    /// The numbers of the files in `directory` named `<digits><suffix>`, ascending.
    public static func list(_ directory: String, suffix: String) throws(JournalError) -> [UInt64] {
        guard let dir = opendir(directory) else { throw .io(operation: .opendir, errno: errno) }
        defer { closedir(dir) }
        var found: [UInt64] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            guard name.hasSuffix(suffix) else { continue }
            let stem = name.dropLast(suffix.count)
            guard stem.count == 20, let n = UInt64(stem) else { continue }
            found.append(n)
        }
        return found.sorted()
    }

    /// Creates `directory` if it does not exist.
    public static func makeDirectory(_ directory: String) throws(JournalError) {
        if mkdir(directory, 0o755) != 0 && errno != EEXIST { throw .io(operation: .mkdir, errno: errno) }
    }

    /// `fsync` of a directory, so that created, renamed or removed entries are durable.
    public static func syncDirectory(_ directory: String) throws(JournalError) {
        let fd = open(directory, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .io(operation: .open, errno: errno) }
        defer { close(fd) }
        if fsync(fd) != 0 { throw .io(operation: .fsync, errno: errno) }
    }

    /// Writes all `count` bytes (retrying partial writes and EINTR).
    #if !DEBUG
    @_noAllocation
    #endif
    public static func writeAll(_ fd: Int32, _ bytes: UnsafeRawPointer, count: Int) throws(JournalError) {
        var done = 0
        while done < count {
            // A system call: it does not touch the Swift heap (the checker cannot see into libc).
            let (n, error) = _unsafePerformance { () -> (Int, Int32) in
                let n = write(fd, bytes + done, count - done)
                return (n, n < 0 ? errno : 0)
            }
            if n < 0 {
                if error == EINTR { continue }
                throw .io(operation: .write, errno: error)
            }
            done += n
        }
    }

    /// The whole contents of a file, or a typed error.
    public static func readAll(_ path: String) throws(JournalError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .io(operation: .open, errno: errno) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .io(operation: .stat, errno: errno) }
        let size = Int(info.st_size)
        var bytes = [UInt8](repeating: 0, count: size)
        var done = 0
        while done < size {
            let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + done, size - done) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .io(operation: .read, errno: errno)
            }
            if n == 0 { break }
            done += n
        }
        if done < size { bytes.removeLast(size - done) }
        return bytes
    }

    /// `fdatasync(fd)`: 0 or `errno` (a system call; no Swift heap use).
    #if !DEBUG
    @_noAllocation
    #endif
    public static func dataSync(_ fd: Int32) -> Int32 {
        _unsafePerformance { fdatasync(fd) == 0 ? 0 : errno }
    }

    /// Reads up to `capacity` bytes of a file into `buffer`; returns the bytes read (the
    /// path must be built beforehand: no allocation here).
    public static func readFile(_ path: UnsafePointer<CChar>, into buffer: UnsafeMutableRawPointer, capacity: Int) throws(JournalError) -> Int {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .io(operation: .open, errno: errno) }
        defer { close(fd) }
        var done = 0
        while done < capacity {
            let n = read(fd, buffer + done, capacity - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw .io(operation: .read, errno: errno)
            }
            if n == 0 { break }
            done += n
        }
        return done
    }

    /// The size of a file in bytes (0 if it cannot be read).
    public static func size(_ path: String) -> Int {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_size) : 0
    }

    /// Removes the segments that only hold records ≤ `sequence` (every segment whose
    /// successor starts at or before `sequence + 1`); the last segment is never removed.
    /// Called after a snapshot: the oldest snapshot kept still finds its log. Returns the
    /// number of segments removed.
    @discardableResult
    public static func pruneSegments(_ directory: String, through sequence: UInt64) throws(JournalError) -> Int {
        let all = try list(directory, suffix: segmentSuffix)
        var removed = 0
        for i in 0..<max(all.count - 1, 0) where all[i + 1] <= sequence &+ 1 {
            try remove(path(directory, all[i], segmentSuffix))
            removed += 1
        }
        if removed > 0 { try syncDirectory(directory) }
        return removed
    }

    /// Cuts a file to `length` bytes and syncs it.
    public static func truncate(_ path: String, to length: Int) throws(JournalError) {
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .io(operation: .open, errno: errno) }
        defer { close(fd) }
        if ftruncate(fd, off_t(length)) != 0 { throw .io(operation: .truncate, errno: errno) }
        if fsync(fd) != 0 { throw .io(operation: .fsync, errno: errno) }
    }

    /// Removes a file.
    public static func remove(_ path: String) throws(JournalError) {
        if unlink(path) != 0 && errno != ENOENT { throw .io(operation: .unlink, errno: errno) }
    }

    /// The 32-byte header of a segment whose first record has `firstSequence`.
    public static func segmentHeader(firstSequence: UInt64, crc: borrowing CRC32C) -> [UInt8] {
        var header = [UInt8](repeating: 0, count: segmentHeaderSize)
        header.withUnsafeMutableBytes { p in
            p.storeBytes(of: segmentMagic.littleEndian, toByteOffset: 0, as: UInt64.self)
            p.storeBytes(of: UInt32(1).littleEndian, toByteOffset: 8, as: UInt32.self)
            p.storeBytes(of: UInt32(segmentHeaderSize).littleEndian, toByteOffset: 12, as: UInt32.self)
            p.storeBytes(of: firstSequence.littleEndian, toByteOffset: 16, as: UInt64.self)
            p.storeBytes(of: crc.checksum(p.baseAddress!, count: 24).littleEndian, toByteOffset: 24, as: UInt32.self)
        }
        return header
    }

    /// The first sequence number of a segment header, or `nil` if the header is damaged.
    public static func parseSegmentHeader(_ bytes: UnsafeRawBufferPointer, crc: borrowing CRC32C) -> UInt64? {
        guard bytes.count >= segmentHeaderSize, let base = bytes.baseAddress else { return nil }
        guard UInt64(littleEndian: base.loadUnaligned(as: UInt64.self)) == segmentMagic,
              UInt32(littleEndian: base.loadUnaligned(fromByteOffset: 8, as: UInt32.self)) == 1,
              UInt32(littleEndian: base.loadUnaligned(fromByteOffset: 24, as: UInt32.self)) == crc.checksum(base, count: 24)
        else { return nil }
        return UInt64(littleEndian: base.loadUnaligned(fromByteOffset: 16, as: UInt64.self))
    }

    /// Monotonic nanoseconds (for group-commit deadlines and pause measurements; never
    /// part of the engine's state).
    #if !DEBUG
    @_noAllocation
    #endif
    @inlinable
    public static func monotonicNanoseconds() -> UInt64 {
        // vDSO clock read: no allocation (the checker cannot see into libc).
        _unsafePerformance {
            var t = timespec()
            clock_gettime(CLOCK_MONOTONIC, &t)
            return UInt64(t.tv_sec) &* 1_000_000_000 &+ UInt64(t.tv_nsec)
        }
    }
}
