"""hftengine: Python bindings of swift-hft-engine's C ABI (hft_engine.h, libHFTEngineC).

- `hftengine.options`: vollib-style Black-Scholes-Merton price, analytical Greeks and
  implied volatility, scalar or vectorized over numpy arrays (one C call per array).
- `hftengine.matching`: a small object API over the matching engine.
- `hftengine.venue`: a small object API over the venue (accounts, margin, perpetuals,
  liquidation): commands in, events out as named tuples or a numpy structured array.
"""
from ._native import ABI_VERSION, library_path
from .matching import Event, Level, MatchingEngine
from .venue import VENUE_EVENT_DTYPE, Venue, VenueAccount, VenueEvent, VenuePosition, VenuePrices
from .options import (PriceIsAboveMaximum, PriceIsBelowIntrinsic, black_scholes, black_scholes_merton, delta, gamma,
                      get_threads, greeks, implied_volatility, rho, set_threads, theta, vega)

__version__ = "0.1.0"

__all__ = ["ABI_VERSION", "library_path", "MatchingEngine", "Event", "Level", "Venue", "VenueEvent", "VenueAccount",
           "VenuePosition", "VenuePrices", "VENUE_EVENT_DTYPE", "black_scholes",
           "black_scholes_merton", "delta", "gamma", "vega", "theta", "rho", "greeks", "implied_volatility",
           "PriceIsBelowIntrinsic", "PriceIsAboveMaximum", "set_threads", "get_threads"]
