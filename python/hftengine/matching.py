"""A small object API over the C ABI's matching engine, for research and tests.

    from hftengine import MatchingEngine

    engine = MatchingEngine(max_orders=100_000)
    btc = engine.add_symbol()
    engine.limit(1, account=7, symbol=btc, side="sell", price=10_050, quantity=2)
    events = engine.market(2, account=8, symbol=btc, side="buy", quantity=1)
    # [Event(kind='accepted', order_id=2, ...), Event(kind='trade', order_id=2, counter_order_id=1, ...)]
    engine.best_ask(btc)       # Level(price=10050, quantity=1, order_count=1)
    engine.depth(btc, 10)      # ([bid levels], [ask levels]), best first

Prices are integer ticks and quantities integer lots, as in the engine. Each command
returns its events as a list of `Event` named tuples, in the order of the command-file
spec; a refused order is an event of kind 'rejected' with its reason, never an exception.
Exceptions are for misuse: unknown words for side / tif / stp, a closed engine, a
configuration out of range (ValueError).

One engine must be used from one thread at a time (the C ABI's rule).
"""
import ctypes
from typing import List, NamedTuple, Optional, Tuple

import numpy as np

from . import _native
from ._native import lib

__all__ = ["MatchingEngine", "Event", "Level"]

_SIDES = {"buy": 0, "sell": 1}
_TYPES = {"limit": 0, "market": 1}
_TIFS = {"gtc": 0, "ioc": 1, "fok": 2, "post_only": 3}
_STPS = {"none": 0, "expire_taker": 1, "expire_maker": 2, "expire_both": 3}
_KINDS = {1: "accepted", 2: "rejected", 3: "trade", 4: "expired", 5: "canceled", 6: "amended"}
_REJECT_REASONS = ("?", "BAD_TICK", "BAD_LOT", "BAD_QTY", "BAD_PRICE", "PRICE_BAND", "UNKNOWN_SYMBOL",
                   "DUPLICATE_ORDER_ID", "UNKNOWN_ORDER", "CAPACITY", "MAX_NOTIONAL", "BAD_ORDER_ID", "BAD_TIF",
                   "HALTED", "INSUFFICIENT_MARGIN", "REDUCE_ONLY", "TOO_MANY_ORDERS", "LEVERAGE", "UNKNOWN_ACCOUNT")
_EXPIRE_REASONS = ("?", "IOC", "FOK", "POST_ONLY", "MARKET", "STP")


class Event(NamedTuple):
    """One outcome of a command (the C struct hft_event; see hft_engine.h for field use).

    kind: 'accepted', 'rejected', 'trade', 'expired', 'canceled' or 'amended'; reason: the
    reject or expire reason ('BAD_QTY', 'IOC', ...) or None. For a trade, order_id/account
    are the taker's and counter_order_id/counter_account the maker's; for 'amended' they
    hold the previous price and remaining quantity.
    """
    kind: str
    reason: Optional[str]
    side: str
    symbol: int
    order_id: int
    account: int
    counter_order_id: int
    counter_account: int
    price: int
    quantity: int
    leaves: int
    reduce_only: bool


class Level(NamedTuple):
    """A price level: price in ticks, total open quantity in lots, number of orders."""
    price: int
    quantity: int
    order_count: int


def _word(table, value, what):
    key = value.lower() if isinstance(value, str) else value
    if key not in table:
        raise ValueError(f"{what} must be one of {', '.join(repr(k) for k in table)}, got {value!r}")
    return table[key]


def _integer(name, value, bits=64):
    """A Python int that fits a signed integer of `bits` bits (no silent wrap-around)."""
    if isinstance(value, np.integer):
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an integer, got {value!r}")
    if not -(1 << (bits - 1)) <= value < (1 << (bits - 1)):
        raise ValueError(f"{name} must fit a signed {bits}-bit integer, got {value}")
    return value


class _Owned:
    """Context-manager and finalizer plumbing of an object that owns a C handle: `close()`
    frees it (subclasses define it), also on `with` exit and on collection."""
    _handle = None

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass


def _depth(function, handle, symbol: int, levels: int, what: str) -> Tuple[List[Level], List[Level]]:
    """Up to `levels` levels per side through hft_engine_depth or hft_venue_depth."""
    symbol = _integer("symbol", symbol, 32)
    if _integer("levels", levels) < 0:
        raise ValueError(f"{what}: levels must be >= 0, got {levels}")
    bids = (_native.BookLevel * max(levels, 1))()
    asks = (_native.BookLevel * max(levels, 1))()
    nb, na = ctypes.c_size_t(0), ctypes.c_size_t(0)
    status = function(handle, symbol, bids, levels, ctypes.byref(nb), asks, levels, ctypes.byref(na))
    if status == _native.ERR_UNKNOWN_SYMBOL:
        raise ValueError(f"{what}: unknown symbol {symbol}")
    if status != _native.OK:
        raise ValueError(f"{what}: {_native.STATUS_NAMES.get(status, status)}")
    return ([Level(b.price, b.quantity, b.order_count) for b in bids[:nb.value]],
            [Level(a.price, a.quantity, a.order_count) for a in asks[:na.value]])


class MatchingEngine(_Owned):
    """A price-time-priority matching engine with fixed capacities, all allocated here.

    max_orders, max_price_levels, max_symbols: capacities (running out is a 'CAPACITY'
    reject); events_per_call: the room for one command's events (a command that would make
    more is rejected 'CAPACITY'; the default max_orders + 2 never refuses one).
    """

    def __init__(self, max_orders: int = 1 << 16, max_price_levels: int = 1 << 14, max_symbols: int = 16,
                 events_per_call: Optional[int] = None, id_index_load_factor: float = 0.5):
        if events_per_call is None:
            events_per_call = max_orders + 2
        config = _native.EngineConfig(max_orders, max_price_levels, max_symbols, id_index_load_factor,
                                      events_per_call)
        handle = ctypes.c_void_p()
        status = lib.hft_engine_create(ctypes.byref(config), ctypes.byref(handle))
        if status != _native.OK:
            raise ValueError(f"MatchingEngine: configuration out of range ({_native.STATUS_NAMES.get(status)}): "
                             f"max_orders={max_orders}, max_price_levels={max_price_levels}, "
                             f"max_symbols={max_symbols}, events_per_call={events_per_call}, "
                             f"id_index_load_factor={id_index_load_factor}")
        self._handle = handle
        self._capacity = events_per_call
        self._events = (_native.Event * events_per_call)()
        self._count = ctypes.c_size_t(0)
        self._order = _native.Order()

    # ---- lifetime ----

    def close(self) -> None:
        """Frees the engine (also done when the object is collected)."""
        if self._handle:
            lib.hft_engine_destroy(self._handle)
            self._handle = None

    def _live(self):
        if not self._handle:
            raise ValueError("MatchingEngine: the engine is closed")
        return self._handle

    # ---- set-up ----

    def add_symbol(self, ladder_ticks: int = 1 << 16, money_per_tick_lot: int = 1,
                   max_notional: Optional[int] = None, band_ppm: Optional[int] = None) -> int:
        """Adds a symbol and returns its handle (0, 1, 2, ...)."""
        config = _native.SymbolConfig(ladder_ticks, money_per_tick_lot,
                                      (1 << 63) - 1 if max_notional is None else max_notional,
                                      -1 if band_ppm is None else band_ppm)
        symbol = ctypes.c_int32(-1)
        status = lib.hft_engine_add_symbol(self._live(), ctypes.byref(config), ctypes.byref(symbol))
        if status == _native.ERR_CAPACITY:
            raise ValueError("MatchingEngine.add_symbol: the engine holds max_symbols symbols")
        if status != _native.OK:
            raise ValueError(f"MatchingEngine.add_symbol: setting out of range: ladder_ticks={ladder_ticks} "
                             f"(64 ... 2^30), money_per_tick_lot={money_per_tick_lot} (>= 1), "
                             f"max_notional={max_notional} (>= 1), band_ppm={band_ppm} (>= 0)")
        return symbol.value

    # ---- commands ----

    def _collect(self, status, what) -> List[Event]:
        if status != _native.OK:
            raise ValueError(f"MatchingEngine.{what}: {_native.STATUS_NAMES.get(status, status)}")
        events = []
        for i in range(self._count.value):
            e = self._events[i]
            kind = _KINDS.get(e.kind, str(e.kind))
            reason = None
            if e.kind == 2:
                reason = _REJECT_REASONS[e.code] if e.code < len(_REJECT_REASONS) else str(e.code)
            elif e.kind == 4:
                reason = _EXPIRE_REASONS[e.code] if e.code < len(_EXPIRE_REASONS) else str(e.code)
            events.append(Event(kind, reason, "buy" if e.side == 0 else "sell", e.symbol, e.order_id, e.account,
                                e.counter_order_id, e.counter_account, e.price, e.quantity, e.leaves,
                                bool(e.flags & 1)))
        return events

    def submit(self, order_id: int, account: int, symbol: int, side: str, quantity: int, price: int = 0,
               type: str = "limit", tif: str = "gtc", stp: str = "none", reduce_only: bool = False) -> List[Event]:
        """Submits an order; returns its events. side 'buy'/'sell'; type 'limit'/'market';
        tif 'gtc'/'ioc'/'fok'/'post_only'; stp 'none'/'expire_taker'/'expire_maker'/'expire_both'."""
        o = self._order
        o.id = _integer("order_id", order_id)
        o.account = _integer("account", account)
        o.symbol = _integer("symbol", symbol, 32)
        o.side = _word(_SIDES, side, "side")
        o.type = _word(_TYPES, type, "type")
        o.time_in_force = _word(_TIFS, tif, "tif")
        o.self_trade_prevention = _word(_STPS, stp, "stp")
        o.price = _integer("price", price)
        o.quantity = _integer("quantity", quantity)
        o.flags = 1 if reduce_only else 0
        status = lib.hft_engine_submit(self._live(), ctypes.byref(o), self._events, self._capacity,
                                       ctypes.byref(self._count))
        return self._collect(status, "submit")

    def limit(self, order_id: int, account: int, symbol: int, side: str, price: int, quantity: int,
              tif: str = "gtc", stp: str = "none", reduce_only: bool = False) -> List[Event]:
        """A limit order (see submit)."""
        return self.submit(order_id, account, symbol, side, quantity, price, "limit", tif, stp, reduce_only)

    def market(self, order_id: int, account: int, symbol: int, side: str, quantity: int, tif: str = "gtc",
               stp: str = "none", reduce_only: bool = False) -> List[Event]:
        """A market order (see submit); tif 'fok' makes it fill-or-kill."""
        return self.submit(order_id, account, symbol, side, quantity, 0, "market", tif, stp, reduce_only)

    def cancel(self, order_id: int) -> List[Event]:
        """Cancels a live order; returns its events ('canceled', or 'rejected' UNKNOWN_ORDER)."""
        status = lib.hft_engine_cancel(self._live(), _integer("order_id", order_id), self._events, self._capacity,
                                       ctypes.byref(self._count))
        return self._collect(status, "cancel")

    def amend(self, order_id: int, price: int, quantity: int) -> List[Event]:
        """Sets a live order's price and remaining quantity; returns the events."""
        status = lib.hft_engine_amend(self._live(), _integer("order_id", order_id), _integer("price", price),
                                      _integer("quantity", quantity), self._events, self._capacity,
                                      ctypes.byref(self._count))
        return self._collect(status, "amend")

    # ---- market data ----

    def _level(self, function, *arguments) -> Optional[Level]:
        level = _native.BookLevel()
        status = function(self._live(), *arguments, ctypes.byref(level))
        if status == _native.ERR_UNKNOWN_SYMBOL:
            raise ValueError(f"MatchingEngine: unknown symbol {arguments[0]}")
        if status != _native.OK:
            raise ValueError(f"MatchingEngine: {_native.STATUS_NAMES.get(status, status)}")
        return Level(level.price, level.quantity, level.order_count) if level.quantity else None

    def best_bid(self, symbol: int) -> Optional[Level]:
        """The best (highest) bid level, or None."""
        return self._level(lib.hft_engine_best_level, _integer("symbol", symbol, 32), 0)

    def best_ask(self, symbol: int) -> Optional[Level]:
        """The best (lowest) ask level, or None."""
        return self._level(lib.hft_engine_best_level, _integer("symbol", symbol, 32), 1)

    def level_at(self, symbol: int, side: str, price: int) -> Optional[Level]:
        """The orders of `side` resting at `price`, or None."""
        return self._level(lib.hft_engine_level_at, _integer("symbol", symbol, 32), _word(_SIDES, side, "side"),
                           _integer("price", price))

    def resting_quantity(self, symbol: int, side: str, price: int) -> int:
        """The total quantity of `side` resting at `price` (0 if none)."""
        level = self.level_at(symbol, side, price)
        return level.quantity if level else 0

    def depth(self, symbol: int, levels: int = 10) -> Tuple[List[Level], List[Level]]:
        """Up to `levels` levels per side, best first: (bids, asks)."""
        return _depth(lib.hft_engine_depth, self._live(), symbol, levels, "MatchingEngine.depth")

    @property
    def resting_order_count(self) -> int:
        """The number of resting orders over all symbols."""
        return lib.hft_engine_resting_order_count(self._live())
