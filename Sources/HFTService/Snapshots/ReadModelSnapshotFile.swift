import HFTEngine

/// The read model's twin of a venue snapshot: `<sequence, 20 digits>.readmodel` next to the
/// core's `<sequence>.snap` (``JournalSnapshotFile``) in the journal directory, holding the
/// sink's read model (``CommittedCommandSink/saveReadModel(through:)``) as of the same
/// journal sequence. The service uses a venue snapshot only together with its twin.
///
/// Layout (little-endian): the venue snapshot's frame
/// (``JournalSnapshotFile/frameHeader(magic:version:sequence:payload:)``) with another magic:
///
/// | offset | size | field                                  |
/// |--------|------|----------------------------------------|
/// | 0      | 8    | magic `HFTRSNP1`                       |
/// | 8      | 4    | file format version, 1                 |
/// | 12     | 4    | header size, 64                        |
/// | 16     | 8    | journal sequence of the snapshot       |
/// | 24     | 8    | payload length in bytes                |
/// | 32     | 4    | CRC-32C of the payload                 |
/// | 36     | 4    | CRC-32C of bytes 0 ..< 36              |
/// | 40     | 24   | reserved, 0                            |
/// | 64     | ...  | payload: the sink's bytes (versioned by the sink) |
///
/// Written atomically (``JournalFiles/writeAtomically(_:directory:_:_:)``: temporary file,
/// `fsync`, rename, directory `fsync`).
///
/// - Complexity: O(bytes) to write or check.
/// - Memory: reading returns the payload as a new array.
public enum ReadModelSnapshotFile {
    public static let magic: UInt64 = 0x3150_4E53_5254_4648   // "HFTRSNP1" little-endian
    public static let version: UInt32 = 1
    public static let suffix = ".readmodel"

    /// The file of snapshot `sequence` in `directory`.
    public static func path(directory: String, sequence: UInt64) -> String {
        JournalFiles.path(directory, sequence, suffix)
    }

    /// Writes `payload` as the read model of `sequence`; returns the file size.
    @discardableResult
    public static func write(directory: String, sequence: UInt64, payload: UnsafeRawBufferPointer) throws(JournalError) -> Int {
        let header = JournalSnapshotFile.frameHeader(magic: magic, version: version, sequence: sequence, payload: payload)
        let failure: JournalError? = header.withUnsafeBytes { h in
            do throws(JournalError) {
                try JournalFiles.writeAtomically(path(directory: directory, sequence: sequence), directory: directory, h, payload)
            } catch { return error }
            return nil
        }
        if let failure { throw failure }
        return JournalSnapshotFile.headerSize + payload.count
    }

    /// The payload of the read model of `sequence` after checking the header and checksums.
    ///
    /// - Throws: ``JournalError/io(operation:errno:)`` (`ENOENT`: no twin),
    ///   ``JournalError/corruptSnapshot`` for a damaged file, ``JournalError/incompatibleSnapshot``
    ///   for an intact header of another version.
    public static func read(directory: String, sequence: UInt64) throws(JournalError) -> [UInt8] {
        let bytes = try JournalFiles.readAll(path(directory: directory, sequence: sequence))
        return try JournalSnapshotFile.unframe(bytes, magic: magic, version: version, sequence: sequence)
    }
}

