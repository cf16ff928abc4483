"""ctypes declarations of hft_engine.h (the C ABI of swift-hft-engine).

The library is the `libHFTEngineC.so` shipped in this package (built by `pip install`),
or the file named by the environment variable HFTENGINE_LIBRARY. Every struct here mirrors
the header field for field; `check_abi_version` refuses a library of another ABI version.
"""
import ctypes
import os
import sys
from ctypes import POINTER, c_double, c_int32, c_int64, c_size_t, c_uint8, c_uint32, c_void_p
from pathlib import Path

ABI_VERSION = 3

LIBRARY_NAME = "libHFTEngineC.dylib" if sys.platform == "darwin" else "libHFTEngineC.so"

# Status codes (enum hft_status_code).
OK = 0
ERR_NULL_ARGUMENT = 1
ERR_INVALID_ARGUMENT = 2
ERR_CAPACITY = 3
ERR_BUFFER_TOO_SMALL = 4
ERR_UNKNOWN_SYMBOL = 5
ERR_INVALID_OPTION = 6
ERR_IV_NOT_FINITE = 7
ERR_IV_INVALID_INPUT = 8
ERR_IV_BELOW_INTRINSIC = 9
ERR_IV_ABOVE_MAXIMUM = 10
ERR_NOT_FOUND = 11
ERR_CORRUPT_SNAPSHOT = 12

STATUS_NAMES = {
    OK: "OK", ERR_NULL_ARGUMENT: "NULL_ARGUMENT", ERR_INVALID_ARGUMENT: "INVALID_ARGUMENT",
    ERR_CAPACITY: "CAPACITY", ERR_BUFFER_TOO_SMALL: "BUFFER_TOO_SMALL", ERR_UNKNOWN_SYMBOL: "UNKNOWN_SYMBOL",
    ERR_INVALID_OPTION: "INVALID_OPTION", ERR_IV_NOT_FINITE: "IV_NOT_FINITE",
    ERR_IV_INVALID_INPUT: "IV_INVALID_INPUT", ERR_IV_BELOW_INTRINSIC: "IV_BELOW_INTRINSIC",
    ERR_IV_ABOVE_MAXIMUM: "IV_ABOVE_MAXIMUM", ERR_NOT_FOUND: "NOT_FOUND", ERR_CORRUPT_SNAPSHOT: "CORRUPT_SNAPSHOT",
}


class EngineConfig(ctypes.Structure):
    _fields_ = [("max_orders", c_int64), ("max_price_levels", c_int64), ("max_symbols", c_int64),
                ("id_index_load_factor", c_double), ("events_per_call", c_int64)]


class SymbolConfig(ctypes.Structure):
    _fields_ = [("ladder_ticks", c_int64), ("money_per_tick_lot", c_int64), ("max_notional", c_int64),
                ("band_ppm", c_int64)]


class Order(ctypes.Structure):
    _fields_ = [("id", c_int64), ("account", c_int64), ("symbol", c_int32), ("side", c_uint8), ("type", c_uint8),
                ("time_in_force", c_uint8), ("self_trade_prevention", c_uint8), ("price", c_int64),
                ("quantity", c_int64), ("flags", c_uint8), ("reserved", c_uint8 * 7)]


class Event(ctypes.Structure):
    _fields_ = [("kind", c_uint8), ("code", c_uint8), ("side", c_uint8), ("flags", c_uint8), ("symbol", c_int32),
                ("order_id", c_int64), ("account", c_int64), ("counter_order_id", c_int64),
                ("counter_account", c_int64), ("price", c_int64), ("quantity", c_int64), ("leaves", c_int64)]


class BookLevel(ctypes.Structure):
    _fields_ = [("price", c_int64), ("quantity", c_int64), ("order_count", c_int32), ("reserved", c_int32)]


class Greeks(ctypes.Structure):
    _fields_ = [(name, c_double) for name in ("price", "delta", "gamma", "vega", "theta", "rho", "vanna", "volga")]


class OptionColumns(ctypes.Structure):
    _fields_ = [(name, c_void_p) for name in ("sign", "spot", "strike", "expiry", "rate", "dividend_yield",
                                              "volatility")]


class GreeksColumns(ctypes.Structure):
    _fields_ = [(name, c_void_p) for name in ("price", "delta", "gamma", "vega", "theta", "rho", "vanna", "volga")]


class IVColumns(ctypes.Structure):
    _fields_ = [(name, c_void_p) for name in ("sign", "price", "spot", "strike", "expiry", "rate",
                                              "dividend_yield")]


class VenueConfig(ctypes.Structure):
    _fields_ = [(name, c_int64) for name in (
        "max_orders", "max_price_levels", "max_symbols", "max_ladder_ticks", "user_accounts", "positions_per_symbol",
        "max_open_orders_per_account", "event_budget", "liquidation_fee_rate_e8", "liquidation_events_per_account")] + \
        [("risk_enabled", c_uint8), ("liquidation_enabled", c_uint8), ("rebuild_triggers_on_price", c_uint8),
         ("reserved", c_uint8 * 5)]


class VenueCommand(ctypes.Structure):
    _fields_ = [("sequence", ctypes.c_uint64), ("timestamp", c_int64), ("kind", c_uint8), ("b0", c_uint8),
                ("b1", c_uint8), ("b2", c_uint8), ("symbol", c_int32), ("w", c_int64 * 13)]


class VenueEvent(ctypes.Structure):
    _fields_ = [("sequence", ctypes.c_uint64), ("timestamp", c_int64), ("kind", c_uint8), ("code", c_uint8),
                ("side", c_uint8), ("flags", c_uint8), ("symbol", c_int32), ("account", c_int64)] + \
        [(name, c_int64) for name in "abcdefg"]


class VenueAccount(ctypes.Structure):
    _fields_ = [(name, c_int64) for name in (
        "balance", "reserved", "position_margin", "open_orders", "unrealized_pnl", "maintenance_margin", "available",
        "initial_margin", "cross_equity", "equity")] + [("halted", c_uint8), ("reserved_bytes", c_uint8 * 7),
                                                         ("available_after_loss", c_int64)]


class VenuePosition(ctypes.Structure):
    _fields_ = [("symbol", c_int32), ("mode", c_uint8), ("has_liquidation_price", c_uint8), ("reserved", c_uint8 * 2)] + \
        [(name, c_int64) for name in ("size", "cost", "margin", "leverage", "unrealized_pnl", "liquidation_price")]


class VenuePrices(ctypes.Structure):
    _fields_ = [(name, c_int64) for name in ("index", "mark", "last_trade", "last_funding_rate_e8",
                                             "estimated_funding_rate_e8", "premium_samples")] + \
        [("halted", c_uint8), ("reserved", c_uint8 * 7)]


class VenueInfo(ctypes.Structure):
    _fields_ = [("symbol_count", c_int64), ("last_sequence", ctypes.c_uint64), ("last_timestamp", c_int64),
                ("command_count", ctypes.c_uint64)] + \
        [(name, c_int64) for name in ("resting_order_count", "event_budget", "fee_account", "insurance_fund_account",
                                      "insurance_fund")]


for _struct, _size in ((Order, 48), (Event, 64), (BookLevel, 24), (Greeks, 64), (EngineConfig, 40),
                       (SymbolConfig, 32), (VenueConfig, 88), (VenueCommand, 128), (VenueEvent, 88),
                       (VenueAccount, 96), (VenuePosition, 56), (VenuePrices, 56), (VenueInfo, 72)):
    assert ctypes.sizeof(_struct) == _size, f"{_struct.__name__} must be {_size} bytes as in hft_engine.h"


def library_path() -> Path:
    override = os.environ.get("HFTENGINE_LIBRARY")
    if override:
        return Path(override)
    return Path(__file__).resolve().parent / LIBRARY_NAME


def _load():
    path = library_path()
    if not path.is_file():
        raise ImportError(f"hftengine: {path} is missing; install the package with `pip install ./python` from the "
                          "swift-hft-engine checkout (it builds the library with `swift build -c release --product "
                          "HFTEngineC`), or set HFTENGINE_LIBRARY to a built libHFTEngineC")
    lib = ctypes.CDLL(str(path))
    declarations = {
        "hft_abi_version": (c_uint32, []),
        "hft_engine_create": (c_int32, [POINTER(EngineConfig), POINTER(c_void_p)]),
        "hft_engine_destroy": (None, [c_void_p]),
        "hft_engine_add_symbol": (c_int32, [c_void_p, POINTER(SymbolConfig), POINTER(c_int32)]),
        "hft_engine_submit": (c_int32, [c_void_p, POINTER(Order), POINTER(Event), c_size_t, POINTER(c_size_t)]),
        "hft_engine_cancel": (c_int32, [c_void_p, c_int64, POINTER(Event), c_size_t, POINTER(c_size_t)]),
        "hft_engine_amend": (c_int32, [c_void_p, c_int64, c_int64, c_int64, POINTER(Event), c_size_t,
                                       POINTER(c_size_t)]),
        "hft_engine_best_level": (c_int32, [c_void_p, c_int32, c_int32, POINTER(BookLevel)]),
        "hft_engine_level_at": (c_int32, [c_void_p, c_int32, c_int32, c_int64, POINTER(BookLevel)]),
        "hft_engine_depth": (c_int32, [c_void_p, c_int32, POINTER(BookLevel), c_size_t, POINTER(c_size_t),
                                       POINTER(BookLevel), c_size_t, POINTER(c_size_t)]),
        "hft_engine_resting_order_count": (c_int64, [c_void_p]),
        "hft_bs_greeks": (c_int32, [c_int32] + [c_double] * 6 + [POINTER(Greeks)]),
        "hft_bs_price": (c_double, [c_int32] + [c_double] * 6),
        "hft_bs_greeks_batch": (c_int32, [POINTER(OptionColumns), POINTER(GreeksColumns), c_size_t,
                                          POINTER(c_size_t)]),
        "hft_implied_volatility": (c_int32, [c_int32] + [c_double] * 6 + [POINTER(c_double)]),
        "hft_implied_volatility_batch": (c_int32, [POINTER(IVColumns), c_void_p, c_void_p, c_size_t,
                                                   POINTER(c_size_t)]),
        "hft_venue_create": (c_int32, [POINTER(VenueConfig), POINTER(c_void_p)]),
        "hft_venue_destroy": (None, [c_void_p]),
        "hft_venue_apply": (c_int32, [c_void_p, POINTER(VenueCommand), c_void_p, c_size_t, POINTER(c_size_t)]),
        "hft_venue_get_account": (c_int32, [c_void_p, c_int64, POINTER(VenueAccount)]),
        "hft_venue_get_position": (c_int32, [c_void_p, c_int64, c_int32, POINTER(VenuePosition)]),
        "hft_venue_get_prices": (c_int32, [c_void_p, c_int32, POINTER(VenuePrices)]),
        "hft_venue_top_of_book": (c_int32, [c_void_p, c_int32, POINTER(BookLevel), POINTER(BookLevel)]),
        "hft_venue_depth": (c_int32, [c_void_p, c_int32, POINTER(BookLevel), c_size_t, POINTER(c_size_t),
                                      POINTER(BookLevel), c_size_t, POINTER(c_size_t)]),
        "hft_venue_get_info": (c_int32, [c_void_p, POINTER(VenueInfo)]),
        "hft_venue_state_hash": (c_int32, [c_void_p, POINTER(ctypes.c_uint64)]),
        "hft_venue_snapshot": (c_int32, [c_void_p, c_void_p, c_size_t, POINTER(c_size_t)]),
        "hft_venue_restore": (c_int32, [POINTER(VenueConfig), c_void_p, c_size_t, POINTER(c_void_p)]),
    }
    for name, (restype, argtypes) in declarations.items():
        function = getattr(lib, name)
        function.restype = restype
        function.argtypes = argtypes
    version = lib.hft_abi_version()
    if version != ABI_VERSION:
        raise ImportError(f"hftengine: {path} implements C ABI version {version}, this package needs {ABI_VERSION}")
    return lib


lib = _load()
