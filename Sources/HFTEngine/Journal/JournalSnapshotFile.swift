#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Snapshot files of a journal directory: `<last applied sequence, 20 digits>.snap`.
///
/// Layout (little-endian):
///
/// | offset | size | field                                                   |
/// |--------|------|---------------------------------------------------------|
/// | 0      | 8    | magic `HFTJSNP1`                                        |
/// | 8      | 4    | format version, 2 (live state; 1 was full-capacity dumps) |
/// | 12     | 4    | header size, 64                                         |
/// | 16     | 8    | last applied sequence number                            |
/// | 24     | 8    | payload length in bytes                                 |
/// | 32     | 4    | CRC-32C of the payload                                  |
/// | 36     | 4    | CRC-32C of bytes 0 ..< 36                               |
/// | 40     | 24   | reserved, 0                                             |
/// | 64     | ...  | payload: the host's sections, then the engine's stores  |
///
/// A snapshot is written to `<name>.tmp`, synced, renamed into place and the directory
/// synced, so a crash leaves either the whole file or none. Recovery takes the newest file
/// whose header and payload checksums hold, and falls back to older ones otherwise.
public enum JournalSnapshotFile {
    public static let magic: UInt64 = 0x3150_4E53_4A54_4648   // "HFTJSNP1" little-endian
    public static let headerSize = 64
    /// The payload format this build writes and reads: 2, the live state (orders, levels,
    /// non-fresh accounts, live positions and reservations; `Docs/journal.md`). Version 1
    /// files (full-capacity column dumps) are refused as ``JournalError/incompatibleSnapshot``,
    /// and recovery then falls back to an older snapshot or the log.
    public static let version: UInt32 = 2

    /// Writes `payload` as the snapshot of `sequence`; returns the file size. Keeps the
    /// newest `keep` snapshots and removes older ones.
    @discardableResult
    public static func write(directory: String, sequence: UInt64, payload: UnsafeRawBufferPointer,
                             keep: Int = 3) throws(JournalError) -> Int {
        let header = frameHeader(magic: magic, version: version, sequence: sequence, payload: payload)
        let path = JournalFiles.path(directory, sequence, JournalFiles.snapshotSuffix)
        let failure: JournalError? = header.withUnsafeBytes { h in
            do throws(JournalError) { try JournalFiles.writeAtomically(path, directory: directory, h, payload) } catch { return error }
            return nil
        }
        if let failure { throw failure }
        let all = try JournalFiles.list(directory, suffix: JournalFiles.snapshotSuffix)
        if all.count > keep {
            for old in all.prefix(all.count - keep) {
                try JournalFiles.remove(JournalFiles.path(directory, old, JournalFiles.snapshotSuffix))
            }
        }
        return headerSize + payload.count
    }

    /// Log retention after a snapshot: removes the segments whose records the oldest
    /// snapshot still kept already holds (``JournalFiles/pruneSegments(_:through:)``), so
    /// that every kept snapshot still finds the log after it. Returns the segments removed.
    @discardableResult
    public static func pruneCoveredSegments(directory: String) throws(JournalError) -> Int {
        guard let oldest = try JournalFiles.list(directory, suffix: JournalFiles.snapshotSuffix).first else { return 0 }
        return try JournalFiles.pruneSegments(directory, through: oldest)
    }

    /// The payload of snapshot `sequence` after checking its header and checksums.
    ///
    /// - Throws: ``JournalError/corruptSnapshot`` for a damaged file,
    ///   ``JournalError/incompatibleSnapshot`` for an intact header of another format version.
    public static func read(directory: String, sequence: UInt64) throws(JournalError) -> [UInt8] {
        let bytes = try JournalFiles.readAll(JournalFiles.path(directory, sequence, JournalFiles.snapshotSuffix))
        return try unframe(bytes, magic: magic, version: version, sequence: sequence)
    }

    /// The 64-byte header (layout above) of a snapshot-style file: `magic`, `version`,
    /// `sequence`, the payload's length and CRC-32C, the header's own CRC-32C. Other files
    /// framed the same way (the service's read-model twin) use their own magic.
    public static func frameHeader(magic: UInt64, version: UInt32, sequence: UInt64,
                                   payload: UnsafeRawBufferPointer) -> [UInt8] {
        let crc = CRC32C()
        var header = [UInt8](repeating: 0, count: headerSize)
        header.withUnsafeMutableBytes { h in
            h.storeBytes(of: magic.littleEndian, toByteOffset: 0, as: UInt64.self)
            h.storeBytes(of: version.littleEndian, toByteOffset: 8, as: UInt32.self)
            h.storeBytes(of: UInt32(headerSize).littleEndian, toByteOffset: 12, as: UInt32.self)
            h.storeBytes(of: sequence.littleEndian, toByteOffset: 16, as: UInt64.self)
            h.storeBytes(of: UInt64(payload.count).littleEndian, toByteOffset: 24, as: UInt64.self)
            let sum = payload.baseAddress.map { crc.checksum($0, count: payload.count) } ?? 0
            h.storeBytes(of: sum.littleEndian, toByteOffset: 32, as: UInt32.self)
            h.storeBytes(of: crc.checksum(h.baseAddress!, count: 36).littleEndian, toByteOffset: 36, as: UInt32.self)
        }
        return header
    }

    /// The payload of a file framed by ``frameHeader(magic:version:sequence:payload:)``
    /// after checking magic, header checksum, version, sequence, length and payload checksum.
    ///
    /// - Throws: ``JournalError/corruptSnapshot`` for a damaged file (or another magic or
    ///   sequence), ``JournalError/incompatibleSnapshot`` for an intact header of another version.
    public static func unframe(_ bytes: [UInt8], magic: UInt64, version: UInt32, sequence: UInt64) throws(JournalError)
        -> [UInt8] {
        let crc = CRC32C()
        var otherVersion = false
        let ok: Bool = bytes.withUnsafeBytes { b in
            guard b.count >= headerSize, let base = b.baseAddress,
                  UInt64(littleEndian: base.loadUnaligned(as: UInt64.self)) == magic,
                  UInt32(littleEndian: base.loadUnaligned(fromByteOffset: 36, as: UInt32.self)) == crc.checksum(base, count: 36)
            else { return false }
            guard UInt32(littleEndian: base.loadUnaligned(fromByteOffset: 8, as: UInt32.self)) == version else {
                otherVersion = true
                return false
            }
            guard UInt64(littleEndian: base.loadUnaligned(fromByteOffset: 16, as: UInt64.self)) == sequence else { return false }
            let length = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
            guard length == UInt64(b.count - headerSize) else { return false }
            return UInt32(littleEndian: base.loadUnaligned(fromByteOffset: 32, as: UInt32.self))
                == crc.checksum(base + headerSize, count: Int(length))
        }
        if otherVersion { throw .incompatibleSnapshot }
        guard ok else { throw .corruptSnapshot }
        return Array(bytes[headerSize...])
    }
}