/// The configuration file of a venue journal, `<dir>/venue.config`: the
/// ``VenueConfiguration`` that recovery builds the ``Venue`` with before it loads a snapshot
/// and replays the log. Written once when the journal is created
/// (``Venue/openJournal(directory:nextSequence:policy:maxSegmentBytes:bufferBytes:)``),
/// atomically (temporary file, `fsync`, rename, directory `fsync`).
///
/// Layout (112 bytes, integers little-endian, every field encoded explicitly):
///
/// | offset | size | field |
/// |--------|------|-------|
/// | 0 | 8 | magic `HFTJVCF1` |
/// | 8 | 4 | format version, 1 |
/// | 12 | 4 | file size, 112 |
/// | 16 | 8 | ``VenueConfiguration/maxOrders`` |
/// | 24 | 8 | ``VenueConfiguration/maxPriceLevels`` |
/// | 32 | 8 | ``VenueConfiguration/maxSymbols`` |
/// | 40 | 8 | ``VenueConfiguration/userAccounts`` |
/// | 48 | 8 | ``VenueConfiguration/positionsPerSymbol`` |
/// | 56 | 8 | ``VenueConfiguration/maxOpenOrdersPerAccount`` |
/// | 64 | 8 | ``VenueConfiguration/eventBudget`` |
/// | 72 | 8 | ``VenueConfiguration/scanThreads`` |
/// | 80 | 8 | ``VenueConfiguration/liquidationFeeRate`` (rate × 10^8) |
/// | 88 | 8 | ``VenueConfiguration/maxLadderTicks`` |
/// | 96 | 8 | ``VenueConfiguration/liquidationEventsPerAccount`` |
/// | 104 | 4 | flags: bit 0 ``VenueConfiguration/riskEnabled``, bit 1 ``VenueConfiguration/liquidationEnabled``, bit 2 ``VenueConfiguration/rebuildTriggersOnPrice``; other bits 0 |
/// | 108 | 4 | CRC-32C of bytes 0 ..< 108 |
///
/// A new field of ``VenueConfiguration`` needs a new version of this file.
///
/// - Memory: set-up and recovery code; encoding and decoding allocate the 112-byte array.
public enum VenueConfigurationFile {
    /// The file's name inside the journal directory.
    public static let fileName = "venue.config"
    public static let magic: UInt64 = 0x3146_4356_4A54_4648   // "HFTJVCF1" little-endian
    public static let version: UInt32 = 1
    public static let size = 112
    static let knownFlags: UInt32 = 0b111

    /// `<directory>/venue.config`.
    public static func path(_ directory: String) -> String { directory + "/" + fileName }

    /// The 112 bytes of `configuration`.
    public static func encode(_ configuration: VenueConfiguration) -> [UInt8] {
        let c = configuration
        var bytes = [UInt8](repeating: 0, count: size)
        bytes.withUnsafeMutableBytes { p in
            p.storeBytes(of: magic.littleEndian, toByteOffset: 0, as: UInt64.self)
            p.storeBytes(of: version.littleEndian, toByteOffset: 8, as: UInt32.self)
            p.storeBytes(of: UInt32(size).littleEndian, toByteOffset: 12, as: UInt32.self)
            let words = [c.maxOrders, c.maxPriceLevels, c.maxSymbols, c.userAccounts, c.positionsPerSymbol,
                         c.maxOpenOrdersPerAccount, c.eventBudget, c.scanThreads]
            for (i, word) in words.enumerated() {
                p.storeBytes(of: Int64(word).littleEndian, toByteOffset: 16 + 8 * i, as: Int64.self)
            }
            p.storeBytes(of: c.liquidationFeeRate.e8.littleEndian, toByteOffset: 80, as: Int64.self)
            p.storeBytes(of: Int64(c.maxLadderTicks).littleEndian, toByteOffset: 88, as: Int64.self)
            p.storeBytes(of: Int64(c.liquidationEventsPerAccount).littleEndian, toByteOffset: 96, as: Int64.self)
            let flags = (c.riskEnabled ? 1 : 0) | (c.liquidationEnabled ? 2 : 0) | (c.rebuildTriggersOnPrice ? 4 : 0)
            p.storeBytes(of: UInt32(flags).littleEndian, toByteOffset: 104, as: UInt32.self)
            p.storeBytes(of: CRC32C().checksum(p.baseAddress!, count: 108).littleEndian, toByteOffset: 108, as: UInt32.self)
        }
        return bytes
    }

    /// The configuration in `bytes`.
    ///
    /// - Throws: ``JournalError/badConfiguration`` for a wrong size, magic, version, checksum
    ///   or flag, or settings that ``VenueConfiguration/validate()`` refuses.
    public static func decode(_ bytes: [UInt8]) throws(JournalError) -> VenueConfiguration {
        let decoded: VenueConfiguration? = bytes.withUnsafeBytes { p in
            guard p.count == size, let base = p.baseAddress,
                  UInt64(littleEndian: base.loadUnaligned(as: UInt64.self)) == magic,
                  UInt32(littleEndian: base.loadUnaligned(fromByteOffset: 8, as: UInt32.self)) == version,
                  UInt32(littleEndian: base.loadUnaligned(fromByteOffset: 12, as: UInt32.self)) == UInt32(size),
                  UInt32(littleEndian: base.loadUnaligned(fromByteOffset: 108, as: UInt32.self))
                    == CRC32C().checksum(base, count: 108)
            else { return nil }
            let flags = UInt32(littleEndian: base.loadUnaligned(fromByteOffset: 104, as: UInt32.self))
            guard flags & ~knownFlags == 0 else { return nil }
            func word(_ i: Int) -> Int { Int(Int64(littleEndian: base.loadUnaligned(fromByteOffset: 16 + 8 * i, as: Int64.self))) }
            return VenueConfiguration(
                maxOrders: word(0), maxPriceLevels: word(1), maxSymbols: word(2), riskEnabled: flags & 1 != 0,
                liquidationEnabled: flags & 2 != 0, userAccounts: word(3), positionsPerSymbol: word(4),
                maxOpenOrdersPerAccount: word(5), eventBudget: word(6), rebuildTriggersOnPrice: flags & 4 != 0,
                scanThreads: word(7),
                liquidationFeeRate: Rate(e8: Int64(littleEndian: base.loadUnaligned(fromByteOffset: 80, as: Int64.self))),
                liquidationEventsPerAccount: word(10), maxLadderTicks: word(9))
        }
        guard let decoded else { throw .badConfiguration }
        do { try decoded.validate() } catch { throw .badConfiguration }
        return decoded
    }

    /// Writes `configuration` as `<directory>/venue.config` (atomically, synced).
    public static func write(_ configuration: VenueConfiguration, directory: String) throws(JournalError) {
        let bytes = encode(configuration)
        let failure: JournalError? = bytes.withUnsafeBytes { p in
            do throws(JournalError) { try JournalFiles.writeAtomically(path(directory), directory: directory, p) } catch {
                return error
            }
            return nil
        }
        if let failure { throw failure }
    }

    /// The configuration of the journal in `directory`.
    ///
    /// - Throws: ``JournalError/io(operation:errno:)`` if the file cannot be read (`ENOENT`:
    ///   not a venue journal), ``JournalError/badConfiguration`` if it is damaged.
    public static func read(directory: String) throws(JournalError) -> VenueConfiguration {
        try decode(try JournalFiles.readAll(path(directory)))
    }
}
