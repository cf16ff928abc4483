"""A small object API over the C ABI's venue (hft_venue_*), for research and tests.

    from hftengine import Venue

    venue = Venue(user_accounts=16, event_budget=1024)
    btc = venue.add_symbol(money_per_tick_lot=1000, max_leverage=20, taker_rate_e8=50_000)
    venue.deposit(4, 100_000_000)
    venue.mark(btc, 10_000)
    venue.new_order(1, account=5, symbol=btc, side="sell", price=10_000, quantity=100)
    events = venue.new_order(2, account=4, symbol=btc, side="buy", price=10_000, quantity=100)
    [e.kind for e in events]       # ['accepted', 'trade', 'balance', 'position', 'account', ...]
    venue.account(4).balance       # money units
    venue.position(4, btc).size    # lots, short < 0
    venue.last_events_array()      # the same events as a numpy structured array (VENUE_EVENT_DTYPE)

Every command is a fixed 128-byte hft_venue_command stamped with a sequence number (the
venue's command count + 1 unless given) and a time in nanoseconds (`timestamp`, default
the sequence number in seconds); the venue reads no clock. A command returns its events
as a list of `VenueEvent` named tuples (see hft_engine.h for the words a ... g of each
kind); a refused command is an event ('command_rejected' or 'rejected' with its reason),
never an exception. Exceptions are for misuse: unknown words (side, tif, scope), integers
that do not fit, a closed venue, a configuration out of range, a damaged snapshot
(ValueError / TypeError).

Prices are integer ticks, quantities integer lots, money integer units, rates x 10^8.
One venue must be used from one thread at a time (the C ABI's rule).
"""
import ctypes
from typing import List, NamedTuple, Optional, Tuple

import numpy as np

from . import _native
from ._native import lib
from .matching import (_EXPIRE_REASONS, _REJECT_REASONS, _SIDES, _STPS, _TIFS, _TYPES, Level, _depth, _integer,
                       _Owned, _word)

__all__ = ["Venue", "VenueEvent", "VenueAccount", "VenuePosition", "VenuePrices", "VENUE_EVENT_DTYPE"]

# enum hft_venue_command_kind
ADD_SYMBOL, SYMBOL_BRACKETS, HALT, RESUME, KILL_SWITCH, DEPOSIT, WITHDRAW, SET_LEVERAGE, NEW_ORDER, CANCEL_ORDER, \
    AMEND_ORDER, CANCEL_ALL, INDEX_PRICE, MARK_PRICE, SETTLE_FUNDING, LIQUIDATION_SCAN, FUND_INSURANCE = range(1, 18)

_SCOPES = {"venue": 0, "symbol": 1, "account": 2}
_MODES = {None: 0, "cross": 1, "isolated": 2}
_KINDS = {1: "accepted", 2: "rejected", 3: "trade", 4: "expired", 5: "canceled", 6: "amended",
          16: "command_rejected", 17: "balance", 18: "account", 19: "position", 20: "funding", 21: "liquidation",
          22: "symbol_state", 23: "prices", 24: "account_state"}
_VENUE_REJECTS = ("?", "BAD_COMMAND", "UNKNOWN_SYMBOL", "BAD_SYMBOL", "TOO_MANY_SYMBOLS", "UNKNOWN_ACCOUNT",
                  "BAD_AMOUNT", "INSUFFICIENT_MARGIN", "LEVERAGE", "MARGIN_MODE", "BAD_PRICE", "BAD_RATE",
                  "BAD_BRACKETS", "NO_MARK", "FUNDING_OVERFLOW", "CAPACITY", "RISK_OFF", "BAD_QTY", "HALTED",
                  "PRICE_BAND", "REDUCE_ONLY", "TOO_MANY_ORDERS", "DUPLICATE_ORDER_ID")
_BALANCE_CAUSES = ("?", "DEPOSIT", "WITHDRAWAL", "FEE", "REALIZED_PNL", "FUNDING", "LIQUIDATION_FEE", "INSURANCE")
_SYMBOL_STATES = ("?", "ADDED", "HALTED", "RESUMED", "CIRCUIT_BREAKER", "KILLED", "BRACKETS")
_LIQUIDATION_STEPS = ("?", "ORDER", "FEE", "TAKEOVER", "DEFICIT", "UNWIND", "ADL", "FILL", "CANCEL")

#: The numpy dtype of one hft_venue_event (88 bytes, the C layout).
VENUE_EVENT_DTYPE = np.dtype([("sequence", "<u8"), ("timestamp", "<i8"), ("kind", "u1"), ("code", "u1"),
                              ("side", "u1"), ("flags", "u1"), ("symbol", "<i4"), ("account", "<i8")]
                             + [(name, "<i8") for name in "abcdefg"])
assert VENUE_EVENT_DTYPE.itemsize == ctypes.sizeof(_native.VenueEvent) == 88


def _name(table, code):
    return table[code] if code < len(table) else str(code)


def _reason(kind, code):
    """The word of an event's code, by kind (None where the code means nothing)."""
    if kind == 2:
        return _name(_REJECT_REASONS, code)
    if kind == 4:
        return _name(_EXPIRE_REASONS, code)
    if kind == 16:
        return _name(_VENUE_REJECTS, code)
    if kind == 17:
        return _name(_BALANCE_CAUSES, code)
    if kind == 19:
        return "isolated" if code == 1 else "cross"
    if kind == 21:
        return _name(_LIQUIDATION_STEPS, code)
    if kind == 22:
        return _name(_SYMBOL_STATES, code)
    if kind == 24:
        return "halted" if code == 1 else "active"
    return None


class VenueEvent(NamedTuple):
    """One hft_venue_event. kind: 'accepted', 'rejected', 'trade', 'expired', 'canceled',
    'amended', 'command_rejected', 'balance', 'account', 'position', 'funding', 'liquidation',
    'symbol_state', 'prices' or 'account_state'; reason: the code as a word ('BAD_QTY',
    'UNKNOWN_ACCOUNT', 'FEE', 'FILL', ...) or None; a ... g: the kind's words (hft_engine.h)."""
    kind: str
    reason: Optional[str]
    code: int
    side: str
    flags: int
    symbol: int
    account: int
    a: int
    b: int
    c: int
    d: int
    e: int
    f: int
    g: int
    sequence: int
    timestamp: int


class VenueAccount(NamedTuple):
    balance: int
    reserved: int
    position_margin: int
    open_orders: int
    unrealized_pnl: int
    maintenance_margin: int
    available: int
    initial_margin: int
    cross_equity: int
    equity: int
    halted: bool
    available_after_loss: int  # available + cross unrealized loss: what opening orders and withdrawals may use


class VenuePosition(NamedTuple):
    symbol: int
    mode: str
    size: int
    cost: int
    margin: int
    leverage: int
    unrealized_pnl: int
    liquidation_price: Optional[int]


class VenuePrices(NamedTuple):
    index: int
    mark: int
    last_trade: int
    last_funding_rate_e8: int
    estimated_funding_rate_e8: int
    premium_samples: int
    halted: bool


def _config(max_orders, max_price_levels, max_symbols, max_ladder_ticks, user_accounts, positions_per_symbol,
            max_open_orders_per_account, event_budget, liquidation_fee_rate_e8, liquidation_events_per_account,
            risk_enabled, liquidation_enabled, rebuild_triggers_on_price):
    c = _native.VenueConfig()
    for name, value in (("max_orders", max_orders), ("max_price_levels", max_price_levels),
                        ("max_symbols", max_symbols), ("max_ladder_ticks", max_ladder_ticks),
                        ("user_accounts", user_accounts), ("positions_per_symbol", positions_per_symbol),
                        ("max_open_orders_per_account", max_open_orders_per_account),
                        ("event_budget", event_budget), ("liquidation_fee_rate_e8", liquidation_fee_rate_e8),
                        ("liquidation_events_per_account", liquidation_events_per_account)):
        setattr(c, name, _integer(name, value))
    c.risk_enabled = 1 if risk_enabled else 0
    c.liquidation_enabled = 1 if liquidation_enabled else 0
    c.rebuild_triggers_on_price = 1 if rebuild_triggers_on_price else 0
    return c


class Venue(_Owned):
    """The whole exchange (matching, accounts and margin, perpetual prices and funding,
    liquidation) with fixed capacities, all allocated here. The defaults are the C ABI's
    hft_venue_config_default() but smaller books: see hft_engine.h for every setting."""

    def __init__(self, max_orders: int = 1 << 14, max_price_levels: int = 1 << 12, max_symbols: int = 8,
                 max_ladder_ticks: int = 1 << 16, user_accounts: int = 1024, positions_per_symbol: int = 1024,
                 max_open_orders_per_account: int = 200, event_budget: int = 4096,
                 liquidation_fee_rate_e8: int = 500_000, liquidation_events_per_account: int = 0,
                 risk_enabled: bool = True, liquidation_enabled: bool = True, rebuild_triggers_on_price: bool = False,
                 _snapshot: Optional[bytes] = None):
        self._config = _config(max_orders, max_price_levels, max_symbols, max_ladder_ticks, user_accounts,
                               positions_per_symbol, max_open_orders_per_account, event_budget,
                               liquidation_fee_rate_e8, liquidation_events_per_account, risk_enabled,
                               liquidation_enabled, rebuild_triggers_on_price)
        self._settings = dict(max_orders=max_orders, max_price_levels=max_price_levels, max_symbols=max_symbols,
                              max_ladder_ticks=max_ladder_ticks, user_accounts=user_accounts,
                              positions_per_symbol=positions_per_symbol,
                              max_open_orders_per_account=max_open_orders_per_account, event_budget=event_budget,
                              liquidation_fee_rate_e8=liquidation_fee_rate_e8,
                              liquidation_events_per_account=liquidation_events_per_account,
                              risk_enabled=risk_enabled, liquidation_enabled=liquidation_enabled,
                              rebuild_triggers_on_price=rebuild_triggers_on_price)
        handle = ctypes.c_void_p()
        self._handle = None
        if _snapshot is None:
            status = lib.hft_venue_create(ctypes.byref(self._config), ctypes.byref(handle))
        else:
            data = bytes(_snapshot)
            status = lib.hft_venue_restore(ctypes.byref(self._config), data, len(data), ctypes.byref(handle))
            if status == _native.ERR_CORRUPT_SNAPSHOT:
                raise ValueError("Venue.restore: the bytes are not a snapshot of a venue of this configuration")
        if status != _native.OK:
            raise ValueError(f"Venue: configuration out of range ({_native.STATUS_NAMES.get(status, status)}): "
                             f"{self._settings}; event_budget must be at least max(256, 3 x positions_per_symbol + 16, "
                             "4 x max_open_orders_per_account + 16) with risk on (see hft_venue_config in hft_engine.h)")
        self._handle = handle
        self._capacity = event_budget
        self._events = np.zeros(event_budget, dtype=VENUE_EVENT_DTYPE)
        self._count = ctypes.c_size_t(0)
        self._command = _native.VenueCommand()

    # ---- lifetime ----

    def close(self) -> None:
        """Frees the venue (also done when the object is collected)."""
        if self._handle:
            lib.hft_venue_destroy(self._handle)
            self._handle = None

    def _live(self):
        if not self._handle:
            raise ValueError("Venue: the venue is closed")
        return self._handle

    # ---- commands ----

    def apply(self, kind: int, symbol: int = -1, words=(), b0: int = 0, sequence: Optional[int] = None,
              timestamp: Optional[int] = None) -> List[VenueEvent]:
        """Applies one raw command (kind: enum hft_venue_command_kind; words: up to 13 w[i])
        and returns its events. The named methods below build the words."""
        handle = self._live()
        c = self._command
        ctypes.memset(ctypes.byref(c), 0, ctypes.sizeof(c))
        if isinstance(kind, bool) or not isinstance(kind, (int, np.integer)) or not 1 <= int(kind) <= 17:
            raise ValueError(f"Venue.apply: kind must be a command kind 1 ... 17, got {kind!r}")
        if len(words) > 13:
            raise ValueError(f"Venue.apply: at most 13 words, got {len(words)}")
        if sequence is None:
            sequence = self.info()["command_count"] + 1
        sequence = _integer("sequence", sequence)
        if sequence < 0:
            raise ValueError(f"Venue.apply: sequence must be >= 0, got {sequence}")
        c.sequence = sequence
        c.timestamp = _integer("timestamp", sequence * 1_000_000_000 if timestamp is None else timestamp)
        c.kind = int(kind)
        if not 0 <= _integer("b0", b0) <= 255:
            raise ValueError(f"Venue.apply: b0 must be a byte, got {b0}")
        c.b0 = b0
        c.symbol = _integer("symbol", symbol, 32)
        for i, w in enumerate(words):
            c.w[i] = _integer(f"word {i}", w)
        status = lib.hft_venue_apply(handle, ctypes.byref(c), self._events.ctypes.data, self._capacity,
                                     ctypes.byref(self._count))
        if status != _native.OK:
            raise ValueError(f"Venue.apply: {_native.STATUS_NAMES.get(status, status)}")
        return self._collect()

    def _collect(self) -> List[VenueEvent]:
        rows = self._events[:self._count.value].tolist()
        return [VenueEvent(_KINDS.get(kind, str(kind)), _reason(kind, code), code, "buy" if side == 0 else "sell",
                           flags, symbol, account, a, b, c, d, e, f, g, sequence, timestamp)
                for (sequence, timestamp, kind, code, side, flags, symbol, account, a, b, c, d, e, f, g) in rows]

    def last_events_array(self) -> np.ndarray:
        """The last command's events as a numpy structured array (a copy; VENUE_EVENT_DTYPE)."""
        return self._events[:self._count.value].copy()

    def add_symbol(self, money_per_tick_lot: int = 1, max_notional: Optional[int] = None,
                   band_ppm: Optional[int] = None, ladder_ticks: int = 1 << 16, max_leverage: int = 100,
                   maker_rate_e8: int = 0, taker_rate_e8: int = 0, funding_cap_e8: int = 300_000,
                   funding_interval_seconds: int = 28_800, circuit_breaker_ppm: int = 0,
                   circuit_breaker_window_ns: int = 0, impact_margin_notional: int = 0,
                   max_quantity_lots: int = 1 << 53, **stamp) -> int:
        """Adds the next symbol and returns its index; ValueError with the venue's reason
        if it refuses the parameters (see hft_venue_symbol_spec)."""
        index = self.info()["symbol_count"]
        words = (money_per_tick_lot, (1 << 63) - 1 if max_notional is None else max_notional,
                 -1 if band_ppm is None else band_ppm, ladder_ticks, max_leverage, maker_rate_e8, taker_rate_e8,
                 funding_cap_e8, funding_interval_seconds, circuit_breaker_ppm, circuit_breaker_window_ns,
                 impact_margin_notional, max_quantity_lots)
        events = self.apply(ADD_SYMBOL, index, words, **stamp)
        for e in events:
            if e.kind == "command_rejected":
                raise ValueError(f"Venue.add_symbol: refused {e.reason}")
        return index

    def deposit(self, account: int, amount: int, **stamp) -> List[VenueEvent]:
        """Credits `amount` money units to `account`."""
        return self.apply(DEPOSIT, -1, (account, amount), **stamp)

    def withdraw(self, account: int, amount: int, **stamp) -> List[VenueEvent]:
        """Debits `amount` (at most the available balance)."""
        return self.apply(WITHDRAW, -1, (account, amount), **stamp)

    def fund_insurance(self, account: int, amount: int, **stamp) -> List[VenueEvent]:
        """Moves `amount` from the account into the insurance fund."""
        return self.apply(FUND_INSURANCE, -1, (account, amount), **stamp)

    def set_leverage(self, account: int, symbol: int, leverage: int, mode: Optional[str] = None,
                     **stamp) -> List[VenueEvent]:
        """Sets the account's leverage on `symbol`; mode None (keep), 'cross' or 'isolated'."""
        return self.apply(SET_LEVERAGE, symbol, (account, leverage), b0=_word(_MODES, mode, "mode"), **stamp)

    def new_order(self, order_id: int, account: int, symbol: int, side: str, quantity: int, price: int = 0,
                  type: str = "limit", tif: str = "gtc", stp: str = "none", reduce_only: bool = False,
                  **stamp) -> List[VenueEvent]:
        """A new order (words as MatchingEngine.submit's)."""
        packed = (_word(_SIDES, side, "side") | _word(_TYPES, type, "type") << 8 | _word(_TIFS, tif, "tif") << 16
                  | _word(_STPS, stp, "stp") << 24 | (1 if reduce_only else 0) << 32)
        return self.apply(NEW_ORDER, symbol, (order_id, account, price, quantity, packed), **stamp)

    def cancel(self, order_id: int, **stamp) -> List[VenueEvent]:
        """Cancels a live order."""
        return self.apply(CANCEL_ORDER, -1, (order_id,), **stamp)

    def amend(self, order_id: int, price: int, quantity: int, **stamp) -> List[VenueEvent]:
        """Sets a live order's price and remaining quantity."""
        return self.apply(AMEND_ORDER, -1, (order_id, 0, price, quantity), **stamp)

    def cancel_all(self, account: int, symbol: int = -1, **stamp) -> List[VenueEvent]:
        """Cancels every open order of `account` on `symbol` (-1: all symbols)."""
        return self.apply(CANCEL_ALL, symbol, (account,), **stamp)

    def mark(self, symbol: int, mark: int, index: int = 0, **stamp) -> List[VenueEvent]:
        """Sets the mark price (and the index, unless 0); triggered liquidations run."""
        return self.apply(MARK_PRICE, symbol, (mark, index), **stamp)

    def index(self, symbol: int, index: int, **stamp) -> List[VenueEvent]:
        """A new index price (the mark follows from the mark-price rule)."""
        return self.apply(INDEX_PRICE, symbol, (index,), **stamp)

    def settle_funding(self, symbol: int, rate_e8: Optional[int] = None, **stamp) -> List[VenueEvent]:
        """Settles funding at `rate_e8`, or at the computed rate when None."""
        return self.apply(SETTLE_FUNDING, symbol, (0 if rate_e8 is None else rate_e8,),
                          b0=0 if rate_e8 is None else 1, **stamp)

    def liquidation_scan(self, **stamp) -> List[VenueEvent]:
        """Runs the full liquidation scan."""
        return self.apply(LIQUIDATION_SCAN, **stamp)

    def halt(self, scope: str, symbol: int = -1, account: int = 0, **stamp) -> List[VenueEvent]:
        """Halts 'venue', 'symbol' or 'account' (cancels still work)."""
        return self.apply(HALT, symbol, (account,), b0=_word(_SCOPES, scope, "scope"), **stamp)

    def resume(self, scope: str, symbol: int = -1, account: int = 0, **stamp) -> List[VenueEvent]:
        """Resumes a halted scope."""
        return self.apply(RESUME, symbol, (account,), b0=_word(_SCOPES, scope, "scope"), **stamp)

    def kill_switch(self, scope: str, symbol: int = -1, account: int = 0, **stamp) -> List[VenueEvent]:
        """Cancels every order in a scope and halts it."""
        return self.apply(KILL_SWITCH, symbol, (account,), b0=_word(_SCOPES, scope, "scope"), **stamp)

    # ---- queries ----

    def _check(self, status, what):
        if status == _native.ERR_UNKNOWN_SYMBOL:
            raise ValueError(f"Venue.{what}: unknown symbol")
        if status != _native.OK:
            raise ValueError(f"Venue.{what}: {_native.STATUS_NAMES.get(status, status)}")

    def account(self, account: int) -> Optional[VenueAccount]:
        """The account's balances and margin, or None if it is not an account (or risk is off)."""
        out = _native.VenueAccount()
        status = lib.hft_venue_get_account(self._live(), _integer("account", account), ctypes.byref(out))
        if status == _native.ERR_NOT_FOUND:
            return None
        self._check(status, "account")
        return VenueAccount(out.balance, out.reserved, out.position_margin, out.open_orders, out.unrealized_pnl,
                            out.maintenance_margin, out.available, out.initial_margin, out.cross_equity, out.equity,
                            bool(out.halted), out.available_after_loss)

    def position(self, account: int, symbol: int) -> Optional[VenuePosition]:
        """The account's position on `symbol`, or None (no position slot)."""
        out = _native.VenuePosition()
        status = lib.hft_venue_get_position(self._live(), _integer("account", account),
                                            _integer("symbol", symbol, 32), ctypes.byref(out))
        if status == _native.ERR_NOT_FOUND:
            return None
        self._check(status, "position")
        return VenuePosition(out.symbol, "isolated" if out.mode == 1 else "cross", out.size, out.cost, out.margin,
                             out.leverage, out.unrealized_pnl,
                             out.liquidation_price if out.has_liquidation_price else None)

    def prices(self, symbol: int) -> VenuePrices:
        """Index, mark, last trade and funding state of a symbol."""
        out = _native.VenuePrices()
        self._check(lib.hft_venue_get_prices(self._live(), _integer("symbol", symbol, 32), ctypes.byref(out)),
                    "prices")
        return VenuePrices(out.index, out.mark, out.last_trade, out.last_funding_rate_e8,
                           out.estimated_funding_rate_e8, out.premium_samples, bool(out.halted))

    def top_of_book(self, symbol: int) -> Tuple[Optional[Level], Optional[Level]]:
        """(best bid, best ask), None for an empty side."""
        bid, ask = _native.BookLevel(), _native.BookLevel()
        self._check(lib.hft_venue_top_of_book(self._live(), _integer("symbol", symbol, 32), ctypes.byref(bid),
                                              ctypes.byref(ask)), "top_of_book")
        return (Level(bid.price, bid.quantity, bid.order_count) if bid.quantity else None,
                Level(ask.price, ask.quantity, ask.order_count) if ask.quantity else None)

    def depth(self, symbol: int, levels: int = 10) -> Tuple[List[Level], List[Level]]:
        """Up to `levels` levels per side, best first: (bids, asks)."""
        return _depth(lib.hft_venue_depth, self._live(), symbol, levels, "Venue.depth")

    def info(self) -> dict:
        """Counters: symbol_count, last_sequence, last_timestamp, command_count,
        resting_order_count, event_budget, fee_account, insurance_fund_account, insurance_fund."""
        out = _native.VenueInfo()
        self._check(lib.hft_venue_get_info(self._live(), ctypes.byref(out)), "info")
        return {name: getattr(out, name) for name, _ in _native.VenueInfo._fields_}

    def state_hash(self) -> int:
        """The deterministic 64-bit hash of the whole state (Swift's Venue.stateHash)."""
        out = ctypes.c_uint64(0)
        self._check(lib.hft_venue_state_hash(self._live(), ctypes.byref(out)), "state_hash")
        return out.value

    def snapshot(self) -> bytes:
        """The venue's state as bytes (restore with Venue.restore and the same settings)."""
        size = ctypes.c_size_t(0)
        status = lib.hft_venue_snapshot(self._live(), None, 0, ctypes.byref(size))
        if status not in (_native.OK, _native.ERR_BUFFER_TOO_SMALL):
            self._check(status, "snapshot")
        buffer = ctypes.create_string_buffer(size.value)
        self._check(lib.hft_venue_snapshot(self._live(), buffer, size.value, ctypes.byref(size)), "snapshot")
        return buffer.raw[:size.value]

    def settings(self) -> dict:
        """The keyword arguments this venue was made with (for Venue.restore)."""
        return dict(self._settings)

    @classmethod
    def restore(cls, snapshot: bytes, **settings) -> "Venue":
        """A new venue loaded from `snapshot`; `settings` must be those of the venue that made
        it (Venue.settings()). ValueError for a damaged snapshot or other settings."""
        if not isinstance(snapshot, (bytes, bytearray, memoryview)):
            raise TypeError(f"Venue.restore: snapshot must be bytes, got {type(snapshot).__name__}")
        return cls(**settings, _snapshot=bytes(snapshot))
