"""Black-Scholes-Merton price, Greeks and implied volatility with vollib's interface.

Argument order and conventions are vollib's (`vollib.black_scholes`,
`vollib.black_scholes.greeks.analytical`, `vollib.black_scholes.implied_volatility`), with
the dividend yield `q` as an optional last argument, so that

    from vollib.black_scholes import black_scholes
    from vollib.black_scholes.greeks.analytical import delta, gamma, vega, theta, rho
    from vollib.black_scholes.implied_volatility import implied_volatility

becomes `from hftengine.options import black_scholes, delta, gamma, vega, theta, rho,
implied_volatility`. Every argument may be a number or a numpy array (arrays broadcast
against each other, like numpy operators); a call with numbers returns a float, a call
with any array returns an ndarray of the broadcast shape. Vectorized calls go to the C
library's batch functions (the SIMD kernel of swift-hft-engine) in one call per thread:
arrays of 2 x 32,768 rows or more are split into contiguous chunks over `get_threads()`
threads (the C calls release the GIL; `set_threads(1)` keeps everything on the calling
thread). Nothing loops over elements in Python.

Units (as vollib's analytical Greeks): delta and gamma w.r.t. spot; vega per 1 volatility
point (x 0.01 of dV/dsigma); theta per calendar day (dV/dt per year / 365, negative for
time decay); rho per 1 rate point (x 0.01 of dV/dr). `greeks(..., units="annual")` returns
the engine's own units instead (vega, rho per 1.00; theta per year) and also vanna
(d2V/dS dsigma) and volga (d2V/dsigma2), which vollib does not have.

Differences from vollib, all deliberate:
  - `q` (continuous dividend yield) is a keyword at the end, default 0, for every function;
    vollib has it only in `black_scholes_merton`, where `implied_volatility` takes it before
    the flag: `vollib.black_scholes_merton.implied_volatility.implied_volatility(price, S,
    K, t, r, q, flag)` becomes `implied_volatility(price, S, K, t, r, flag, q=q)`. A
    `black_scholes_merton(flag, S, K, t, r, sigma, q)` with vollib's order is provided.
  - Invalid inputs raise ValueError naming the input (and the index for arrays): NaN or
    infinite values, S, K, t or sigma <= 0, a flag other than 'c' / 'p', arrays that do not
    broadcast. vollib returns NaN / inf, raises ZeroDivisionError or KeyError, or treats any
    flag other than 'c' as a put in its Greeks.
  - Flags may also be given as +1 / -1 (numbers or arrays).
  - implied_volatility raises `PriceIsBelowIntrinsic` / `PriceIsAboveMaximum` like vollib,
    but these are this module's classes (subclasses of ValueError), not vollib's. For
    arrays, `on_error="nan"` returns NaN for the rows without a volatility instead.
  - Numerics: swift-hft-engine's own kernels (erfcx-based tails, Jaeckel-style IV with
    Householder steps); prices and Greeks agree with vollib to about 1e-12 relative where
    vollib itself is accurate, and the IV is within a few ulps of the exact inverse of the
    given price (tests/test_options.py states the tolerances).
  - Arrays come back as numpy arrays (py_vollib_vectorized returns DataFrames by default).
"""
import concurrent.futures
import ctypes
import os

import numpy as np

from . import _native
from ._native import lib

__all__ = ["black_scholes", "black_scholes_merton", "delta", "gamma", "vega", "theta", "rho", "greeks",
           "implied_volatility", "PriceIsBelowIntrinsic", "PriceIsAboveMaximum", "set_threads", "get_threads"]

_GREEK_NAMES = ("price", "delta", "gamma", "vega", "theta", "rho", "vanna", "volga")
# vollib's scaling of the engine's annual units, per output.
_VOLLIB_SCALE = {"price": 1.0, "delta": 1.0, "gamma": 1.0, "vega": 0.01, "theta": 1.0 / 365.0, "rho": 0.01,
                 "vanna": 1.0, "volga": 1.0}


class PriceIsBelowIntrinsic(ValueError):
    """The price is at or below the discounted intrinsic value: no volatility reaches it."""


class PriceIsAboveMaximum(ValueError):
    """The price is at or above S e^(-qt) (call) or K e^(-rt) (put): no volatility reaches it."""


# ---- inputs --------------------------------------------------------------------------------------

def _scalar_flag(flag, function):
    if isinstance(flag, str):
        if flag == "c":
            return 1
        if flag == "p":
            return -1
    elif isinstance(flag, (int, float, np.integer, np.floating)) and flag in (1, -1):
        return int(flag)
    raise ValueError(f"{function}: flag must be 'c' (call) or 'p' (put), got {flag!r}")


def _flag_signs(flag, function):
    """+1.0 / -1.0 per element of a flag array ('c' / 'p' strings or +1 / -1 numbers)."""
    flags = np.asarray(flag)
    if flags.dtype == np.dtype("<U1"):
        # One UCS-4 code unit per flag: compare the codes, not Python strings. Two compares
        # and one fused multiply into the output (about 2 ns per flag; np.where twice and
        # an isnan pass took 10-17 ns, a third of the implied volatility's budget).
        codes = flags.view(np.uint32)
        puts = codes == ord("p")
        if np.count_nonzero(puts) + np.count_nonzero(codes == ord("c")) == codes.size:
            signs = np.empty(codes.shape)
            np.multiply(puts, -2.0, out=signs)
            signs += 1.0
            return signs
        signs = np.where(codes == ord("c"), 1.0, np.where(puts, -1.0, np.nan))
    elif flags.dtype.kind in "USO":
        as_text = flags.astype(str) if flags.dtype.kind != "U" else flags
        signs = np.where(as_text == "c", 1.0, np.where(as_text == "p", -1.0, np.nan))
    elif flags.dtype.kind in "iuf":
        signs = np.where(flags == 1, 1.0, np.where(flags == -1, -1.0, np.nan))
    else:
        raise ValueError(f"{function}: flag must be 'c' / 'p' or an array of them, got dtype {flags.dtype}")
    bad = np.isnan(signs)
    if bad.any():
        index = _index(int(np.flatnonzero(bad)[0]), bad.shape)
        raise ValueError(f"{function}: flag must be 'c' (call) or 'p' (put); flag{list(index)} is "
                         f"{flags[index].item()!r}")
    return signs


def _is_scalar(value):
    return np.ndim(value) == 0


def _as_float(name, value, function):
    try:
        return np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(f"{function}: {name} must be a number or an array of numbers, got {value!r}") from None


def _columns(function, names, values):
    """Broadcasts the inputs and returns (shape, [contiguous float64 1-d columns])."""
    arrays = [_as_float(name, value, function) if name != "flag" else value for name, value in zip(names, values)]
    try:
        shape = np.broadcast_shapes(*(np.shape(a) for a in arrays))
    except ValueError:
        shapes = ", ".join(f"{name}{np.shape(a)}" for name, a in zip(names, arrays))
        raise ValueError(f"{function}: the inputs do not broadcast to one shape: {shapes}") from None
    columns = [np.ascontiguousarray(np.broadcast_to(a, shape), dtype=np.float64).reshape(-1) for a in arrays]
    return shape, columns


def _index(flat, shape):
    """The multi-index of flat position `flat` in `shape`, as plain ints."""
    return tuple(int(i) for i in np.unravel_index(flat, shape)) if shape else ()


def _pointer(array):
    return array.ctypes.data


# ---- threads ----------------------------------------------------------------------------------------
# The C calls release the GIL (ctypes), so a large batch is split into one contiguous chunk
# per thread; each chunk is one C call on the calling or a pool thread. The results are
# identical to a single call (every row is computed independently).

_threads = max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))
_pool = None
_CHUNK_MINIMUM = 1 << 15  # rows per thread below which one call on the calling thread is faster


def set_threads(count):
    """Sets how many threads a large vectorized call uses (default: the CPUs this process
    may run on). 1 runs every call on the calling thread."""
    global _threads, _pool
    if not isinstance(count, int) or count < 1:
        raise ValueError(f"set_threads: count must be an integer >= 1, got {count!r}")
    _threads = count
    if _pool is not None:
        _pool.shutdown(wait=True)
        _pool = None


def get_threads():
    """The number of threads a large vectorized call uses."""
    return _threads


def _run_chunked(n, call):
    """Runs call(start, count) over [0, n) in up to get_threads() chunks and returns their results."""
    chunks = min(_threads, max(1, n // _CHUNK_MINIMUM))
    if chunks <= 1:
        return [call(0, n)]
    global _pool
    if _pool is None:
        _pool = concurrent.futures.ThreadPoolExecutor(max_workers=_threads - 1, thread_name_prefix="hftengine")
    bounds = [n * i // chunks for i in range(chunks + 1)]
    futures = [_pool.submit(call, bounds[i], bounds[i + 1] - bounds[i]) for i in range(1, chunks)]
    results = [call(bounds[0], bounds[1] - bounds[0])]
    return results + [future.result() for future in futures]


def _describe(names, values):
    return ", ".join(f"{name}={value!r}" for name, value in zip(names, values))


_OPTION_NAMES = ("S", "K", "t", "r", "sigma", "q")
_OPTION_RULE = "S, K, t and sigma must be finite and > 0; r and q finite"


def _invalid_option_error(function, values, index=None):
    where = "" if index is None else f" at index {list(index)}"
    return ValueError(f"{function}: invalid option{where}: {_describe(_OPTION_NAMES, values)} ({_OPTION_RULE})")


# ---- price and Greeks ------------------------------------------------------------------------------

def _scalar_greeks(function, flag, S, K, t, r, sigma, q):
    sign = _scalar_flag(flag, function)
    values = [float(_as_float(name, v, function)) for name, v in zip(_OPTION_NAMES, (S, K, t, r, sigma, q))]
    out = _native.Greeks()
    S_, K_, t_, r_, sigma_, q_ = values
    status = lib.hft_bs_greeks(sign, S_, K_, t_, r_, q_, sigma_, ctypes.byref(out))
    if status != _native.OK:
        raise _invalid_option_error(function, values)
    return {name: getattr(out, name) for name in _GREEK_NAMES}


def _batch_greeks(function, flag, S, K, t, r, sigma, q):
    signs = _flag_signs(flag, function)
    shape, (sign, S_, K_, t_, r_, sigma_, q_) = _columns(
        function, ("flag", "S", "K", "t", "r", "sigma", "q"), (signs, S, K, t, r, sigma, q))
    n = sign.size
    # Eight separate columns rather than one (8, n) block: below glibc's 32 MiB mmap ceiling
    # a freed column's memory is reused by the next call instead of being mapped afresh,
    # which for 1M options saves ~16,000 page faults (tens of ns per option) per call.
    out = [np.empty(n, dtype=np.float64) for _ in range(8)]
    in_columns = [_pointer(c) for c in (sign, S_, K_, t_, r_, q_, sigma_)]
    out_columns = [_pointer(column) for column in out]

    def call(start, count):
        offset = 8 * start
        inputs = _native.OptionColumns(*(p + offset for p in in_columns))
        outputs = _native.GreeksColumns(*(p + offset for p in out_columns))
        invalid = ctypes.c_size_t(0)
        status = lib.hft_bs_greeks_batch(ctypes.byref(inputs), ctypes.byref(outputs), count, ctypes.byref(invalid))
        if status != _native.OK:
            raise RuntimeError(f"{function}: hft_bs_greeks_batch returned {_native.STATUS_NAMES.get(status, status)}")
        return invalid.value

    if sum(_run_chunked(n, call)):
        first = int(np.flatnonzero(np.isnan(out[0]))[0])
        index = _index(first, shape)
        raise _invalid_option_error(function, [float(c[first]) for c in (S_, K_, t_, r_, sigma_, q_)], index)
    return {name: out[i].reshape(shape) for i, name in enumerate(_GREEK_NAMES)}


def greeks(flag, S, K, t, r, sigma, q=0.0, *, units="vollib"):
    """Price and all Greeks in one pass: a dict with price, delta, gamma, vega, theta, rho,
    vanna, volga (floats, or arrays of the broadcast shape).

    units="vollib" (default): vega and rho per 1 point (x 0.01), theta per day (/ 365);
    units="annual": the engine's units (vega, rho per 1.00, theta per year). vanna and volga
    are per 1.00 of volatility in both.
    """
    if units not in ("vollib", "annual"):
        raise ValueError(f"greeks: units must be 'vollib' or 'annual', got {units!r}")
    if all(_is_scalar(v) for v in (S, K, t, r, sigma, q)) and _is_scalar(flag):
        result = _scalar_greeks("greeks", flag, S, K, t, r, sigma, q)
    else:
        result = _batch_greeks("greeks", flag, S, K, t, r, sigma, q)
    if units == "vollib":
        for name in ("vega", "theta", "rho"):
            if isinstance(result[name], float):
                result[name] *= _VOLLIB_SCALE[name]
            else:
                np.multiply(result[name], _VOLLIB_SCALE[name], out=result[name])  # our own fresh array
    return result


def _one(name, function):
    def compute(flag, S, K, t, r, sigma, q=0.0):
        if all(_is_scalar(v) for v in (S, K, t, r, sigma, q)) and _is_scalar(flag):
            value = _scalar_greeks(function, flag, S, K, t, r, sigma, q)[name]
        else:
            value = _batch_greeks(function, flag, S, K, t, r, sigma, q)[name]
        return value * _VOLLIB_SCALE[name] if _VOLLIB_SCALE[name] != 1.0 else value
    compute.__name__ = function
    return compute


black_scholes = _one("price", "black_scholes")
black_scholes.__doc__ = """The Black-Scholes(-Merton) price: black_scholes(flag, S, K, t, r, sigma, q=0).

flag 'c' or 'p'; S spot, K strike, t years, r continuous rate, sigma volatility, q
continuous dividend yield. Numbers give a float, arrays an ndarray (broadcast)."""

delta = _one("delta", "delta")
delta.__doc__ = "dV/dS: delta(flag, S, K, t, r, sigma, q=0) (as vollib's analytical delta)."
gamma = _one("gamma", "gamma")
gamma.__doc__ = "d2V/dS2: gamma(flag, S, K, t, r, sigma, q=0) (as vollib's analytical gamma)."
vega = _one("vega", "vega")
vega.__doc__ = "dV/dsigma per volatility point (x 0.01): vega(flag, S, K, t, r, sigma, q=0), as vollib."
theta = _one("theta", "theta")
theta.__doc__ = "Time decay per calendar day (dV/dt per year / 365): theta(flag, S, K, t, r, sigma, q=0), as vollib."
rho = _one("rho", "rho")
rho.__doc__ = "dV/dr per rate point (x 0.01), q fixed: rho(flag, S, K, t, r, sigma, q=0), as vollib."


def black_scholes_merton(flag, S, K, t, r, sigma, q):
    """vollib.black_scholes_merton.black_scholes_merton's signature (q required)."""
    return black_scholes(flag, S, K, t, r, sigma, q)


# ---- implied volatility ----------------------------------------------------------------------------

_IV_NAMES = ("price", "S", "K", "t", "r", "q")


def _iv_error(status, values, index=None):
    where = "" if index is None else f" at index {list(index)}"
    described = _describe(_IV_NAMES, values)
    if status == _native.ERR_IV_BELOW_INTRINSIC:
        return PriceIsBelowIntrinsic(f"implied_volatility{where}: the price is at or below the discounted intrinsic "
                                     f"value ({described})")
    if status == _native.ERR_IV_ABOVE_MAXIMUM:
        return PriceIsAboveMaximum(f"implied_volatility{where}: the price is at or above its maximum, S e^(-qt) for a "
                                   f"call, K e^(-rt) for a put ({described})")
    if status == _native.ERR_IV_NOT_FINITE:
        return ValueError(f"implied_volatility{where}: an input is NaN or infinite ({described})")
    return ValueError(f"implied_volatility{where}: invalid input ({described}; S, K and t must be > 0, |r t| and "
                      f"|q t| at most 700)")


def implied_volatility(price, S, K, t, r, flag, q=0.0, *, on_error="raise"):
    """The sigma at which black_scholes(flag, S, K, t, r, sigma, q) equals price.

    vollib's argument order (price, S, K, t, r, flag), with q as an optional last
    argument. Numbers give a float; arrays an ndarray of the broadcast shape.
    Raises PriceIsBelowIntrinsic / PriceIsAboveMaximum (ValueError subclasses) when no
    volatility exists, ValueError for invalid inputs. With arrays, on_error="nan" returns
    NaN for such rows instead of raising.
    """
    if on_error not in ("raise", "nan"):
        raise ValueError(f"implied_volatility: on_error must be 'raise' or 'nan', got {on_error!r}")
    if all(_is_scalar(v) for v in (price, S, K, t, r, q)) and _is_scalar(flag):
        sign = _scalar_flag(flag, "implied_volatility")
        values = [float(_as_float(name, v, "implied_volatility")) for name, v in zip(_IV_NAMES, (price, S, K, t, r, q))]
        sigma = ctypes.c_double(0)
        price_, S_, K_, t_, r_, q_ = values
        status = lib.hft_implied_volatility(sign, price_, S_, K_, t_, r_, q_, ctypes.byref(sigma))
        if status != _native.OK:
            if on_error == "nan" and status in (_native.ERR_IV_BELOW_INTRINSIC, _native.ERR_IV_ABOVE_MAXIMUM):
                return float("nan")
            raise _iv_error(status, values)
        return sigma.value
    signs = _flag_signs(flag, "implied_volatility")
    shape, (sign, price_, S_, K_, t_, r_, q_) = _columns(
        "implied_volatility", ("flag", "price", "S", "K", "t", "r", "q"), (signs, price, S, K, t, r, q))
    n = sign.size
    sigma = np.empty(n, dtype=np.float64)
    status = np.empty(n, dtype=np.int32)
    in_columns = [_pointer(c) for c in (sign, price_, S_, K_, t_, r_, q_)]

    def call(start, count):
        inputs = _native.IVColumns(*(p + 8 * start for p in in_columns))
        failed = ctypes.c_size_t(0)
        code = lib.hft_implied_volatility_batch(ctypes.byref(inputs), _pointer(sigma) + 8 * start,
                                                _pointer(status) + 4 * start, count, ctypes.byref(failed))
        if code != _native.OK:
            raise RuntimeError(f"implied_volatility: hft_implied_volatility_batch returned "
                               f"{_native.STATUS_NAMES.get(code, code)}")
        return failed.value

    if sum(_run_chunked(n, call)):
        if on_error == "nan":
            hard = (status != _native.OK) & (status != _native.ERR_IV_BELOW_INTRINSIC) & \
                   (status != _native.ERR_IV_ABOVE_MAXIMUM)
            if not hard.any():
                return sigma.reshape(shape)
            first = int(np.flatnonzero(hard)[0])
        else:
            first = int(np.flatnonzero(status != _native.OK)[0])
        index = _index(first, shape)
        raise _iv_error(int(status[first]), [float(c[first]) for c in (price_, S_, K_, t_, r_, q_)], index)
    return sigma.reshape(shape)
