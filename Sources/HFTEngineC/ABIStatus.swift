import CHFTEngine
import HFTEngine

/// The C ABI's version and status codes (`hft_engine.h`), as Swift constants for the
/// `@_cdecl` layer. Status values are `Int32` so that every function returns exactly the
/// header's `hft_status` (an `int32_t`), whatever size the C compiler gives an enum.
enum ABIStatus {
    static var ok: Int32 { @_noAllocation @inline(__always) get { 0 } }
    static var nullArgument: Int32 { @_noAllocation @inline(__always) get { 1 } }
    static var invalidArgument: Int32 { @_noAllocation @inline(__always) get { 2 } }
    static var capacity: Int32 { @_noAllocation @inline(__always) get { 3 } }
    static var bufferTooSmall: Int32 { @_noAllocation @inline(__always) get { 4 } }
    static var unknownSymbol: Int32 { @_noAllocation @inline(__always) get { 5 } }
    static var invalidOption: Int32 { @_noAllocation @inline(__always) get { 6 } }
    static var notFound: Int32 { @_noAllocation @inline(__always) get { 11 } }
    static var corruptSnapshot: Int32 { @_noAllocation @inline(__always) get { 12 } }

    /// The status of an implied-volatility error.
    @_noAllocation @inline(__always)
    static func status(_ error: ImpliedVolatilityError) -> Int32 {
        switch error {
        case .notFinite: 7
        case .invalidInput: 8
        case .belowIntrinsic: 9
        case .aboveMaximum: 10
        }
    }
}

/// `uint32_t hft_abi_version(void)`: the ABI version this library implements; the header's
/// `HFT_ABI_VERSION` must equal it.
@_cdecl("hft_abi_version")
public func hftABIVersion() -> UInt32 {
    UInt32(HFT_ABI_VERSION)
}
