"""hftengine.options against vollib, py_vollib and py_vollib_vectorized on random inputs,
vectorized against scalar calls, and bad inputs.

Tolerances (measured, with margin; the engine's kernels are accurate to ~1e-12 relative
against a 60-digit mpmath reference, see Docs/options.md):
  - price and Greeks vs vollib / py_vollib (analytical, same units): |ours - theirs| <=
    1e-9 x (|theirs| + scale), where scale is S for price, 1 for delta, 1/S for gamma,
    0.01 S sqrt(t) for vega, S / 365 for theta and 0.01 K t for rho: vollib's
    norm_cdf / exp chain loses a few digits in the tails where values are tiny next to
    their scale; agreement relative to the value alone is ~1e-13 away from the tails;
  - implied volatility vs vollib (Jaeckel's LetsBeRational port) for the same price: 1e-9
    relative; our IV of our own price recovers sigma to 1e-10 relative on these
    well-conditioned inputs (vega >= 1e-4 x S);
  - vs py_vollib_vectorized: prices 1e-9 as above; its IV (two iterations at most) 1e-7
    absolute; its Greeks are finite differences, compared to their truncation error (see
    the test);
  - vectorized vs scalar: within 4 ulps (the SIMD kernel follows the scalar one operation
    for operation).
"""
import importlib
import math

import numpy as np
import pytest

import hftengine
from hftengine import options

N = 2000


def need(module, package):
    try:
        return importlib.import_module(module)
    except ImportError:
        pytest.skip(f"{module} is not installed: pip install {package}")


def random_options(n=N, seed=7, well_conditioned=False):
    rng = np.random.default_rng(seed)
    S = rng.uniform(10, 500, n)
    K = S * (rng.uniform(0.8, 1.25, n) if well_conditioned else rng.uniform(0.5, 2.0, n))
    t = rng.uniform(0.1, 2.0, n) if well_conditioned else rng.uniform(0.02, 3.0, n)
    r = rng.uniform(-0.01, 0.08, n)
    sigma = rng.uniform(0.1, 0.9, n) if well_conditioned else rng.uniform(0.05, 1.5, n)
    q = rng.uniform(0.0, 0.05, n)
    flag = np.where(rng.random(n) < 0.5, "c", "p")
    return flag, S, K, t, r, sigma, q


def scales(S, K, t):
    return {"price": S, "delta": 1.0, "gamma": 1.0 / S, "vega": 0.01 * S * np.sqrt(t), "theta": S / 365.0,
            "rho": 0.01 * K * t}


def assert_close(ours, theirs, scale, tolerance, what):
    ours, theirs = np.asarray(ours, dtype=float), np.asarray(theirs, dtype=float)
    error = np.abs(ours - theirs) / (np.abs(theirs) + scale)
    worst = int(np.argmax(error))
    assert error[worst] <= tolerance, f"{what}: worst error {error[worst]:.3g} at {worst}: {ours[worst]!r} vs " \
                                      f"{theirs[worst]!r}"


# ---- against vollib and py_vollib (scalar reference implementations) ------------------------------

@pytest.mark.parametrize("package", ["vollib", "py_vollib"])
def test_price_and_greeks_match_vollib(package):
    bsm = need(f"{package}.black_scholes_merton", package)
    analytical = need(f"{package}.black_scholes_merton.greeks.analytical", package)
    flag, S, K, t, r, sigma, q = random_options(600, seed=11)
    ours = options.greeks(flag, S, K, t, r, sigma, q)
    theirs = {name: np.empty(len(S)) for name in ("price", "delta", "gamma", "vega", "theta", "rho")}
    for i in range(len(S)):  # the reference is scalar
        args = (flag[i], S[i], K[i], t[i], r[i], sigma[i], q[i])
        theirs["price"][i] = bsm.black_scholes_merton(*args)
        for name in ("delta", "gamma", "vega", "theta", "rho"):
            theirs[name][i] = getattr(analytical, name)(*args)
    scale = scales(S, K, t)
    for name in theirs:
        assert_close(ours[name], theirs[name], scale[name], 1e-9, f"{package} {name}")


@pytest.mark.parametrize("package", ["vollib", "py_vollib"])
def test_black_scholes_without_dividends_matches_vollib(package):
    bs = need(f"{package}.black_scholes", package)
    analytical = need(f"{package}.black_scholes.greeks.analytical", package)
    flag, S, K, t, r, sigma, _ = random_options(300, seed=12)
    for i in range(len(S)):
        args = (flag[i], S[i], K[i], t[i], r[i], sigma[i])
        assert options.black_scholes(*args) == pytest.approx(bs.black_scholes(*args), rel=1e-9, abs=1e-9 * S[i])
        assert options.vega(*args) == pytest.approx(analytical.vega(*args), rel=1e-9, abs=1e-11 * S[i])
        assert options.theta(*args) == pytest.approx(analytical.theta(*args), rel=1e-9, abs=1e-9 * S[i] / 365)


@pytest.mark.parametrize("package", ["vollib", "py_vollib"])
def test_implied_volatility_matches_vollib(package):
    iv = need(f"{package}.black_scholes_merton.implied_volatility", package)
    flag, S, K, t, r, sigma, q = random_options(600, seed=13, well_conditioned=True)
    price = options.black_scholes(flag, S, K, t, r, sigma, q)
    ours = options.implied_volatility(price, S, K, t, r, flag, q)
    np.testing.assert_allclose(ours, sigma, rtol=1e-10, atol=0)
    theirs = np.array([iv.implied_volatility(price[i], S[i], K[i], t[i], r[i], q[i], flag[i]) for i in range(len(S))])
    np.testing.assert_allclose(ours, theirs, rtol=1e-9, atol=0)


def test_below_intrinsic_and_above_maximum_like_vollib():
    iv = need("vollib.black_scholes.implied_volatility", "vollib")
    # vollib raises its PriceIsBelowIntrinsic / PriceIsAboveMaximum, or (with the
    # lets_be_rational backend of today's releases) BelowIntrinsicException /
    # AboveMaximumException; ours are PriceIsBelowIntrinsic / PriceIsAboveMaximum.
    with pytest.raises(Exception) as theirs:
        iv.implied_volatility(5.0, 100, 90, 0.5, 0.01, "c")
    assert "BelowIntrinsic" in type(theirs.value).__name__
    with pytest.raises(options.PriceIsBelowIntrinsic, match="below the discounted intrinsic"):
        options.implied_volatility(5.0, 100, 90, 0.5, 0.01, "c")
    with pytest.raises(Exception) as theirs:
        iv.implied_volatility(120.0, 100, 90, 0.5, 0.01, "c")
    assert "AboveMaximum" in type(theirs.value).__name__
    with pytest.raises(options.PriceIsAboveMaximum, match="at or above its maximum"):
        options.implied_volatility(120.0, 100, 90, 0.5, 0.01, "c")


# ---- against py_vollib_vectorized ------------------------------------------------------------------
# Importing py_vollib_vectorized replaces vollib's and py_vollib's functions with its own
# vectorized ones (for the rest of the process), so these tests stand after vollib's.

def py_vollib_vectorized():
    pvv = need("py_vollib_vectorized", "py_vollib_vectorized")
    need("numba", "numba")
    import vollib_vectorized_shim
    vollib_vectorized_shim.enable()
    return pvv


def test_price_and_implied_volatility_match_py_vollib_vectorized():
    pvv = py_vollib_vectorized()
    flag, S, K, t, r, sigma, q = random_options(3000, seed=14)
    price = pvv.vectorized_black_scholes_merton(flag, S, K, t, r, sigma, q, return_as="numpy")
    assert_close(options.black_scholes(flag, S, K, t, r, sigma, q), price, S, 1e-9, "py_vollib_vectorized price")
    flag, S, K, t, r, sigma, q = random_options(3000, seed=15, well_conditioned=True)
    p = options.black_scholes(flag, S, K, t, r, sigma, q)
    theirs = pvv.vectorized_implied_volatility(p, S, K, t, r, flag, q, model="black_scholes_merton",
                                               return_as="numpy").reshape(-1)
    # py_vollib_vectorized stops after 2 iterations (implied_volatility_maximum_iterations):
    # measured worst 2.4e-8 absolute on these inputs; ours recovers sigma to 1e-10.
    np.testing.assert_allclose(theirs, sigma, rtol=0, atol=1e-7)
    np.testing.assert_allclose(options.implied_volatility(p, S, K, t, r, flag, q), sigma, rtol=1e-10, atol=0)


def test_greeks_match_py_vollib_vectorized_finite_differences():
    pvv = py_vollib_vectorized()
    flag, S, K, t, r, sigma, q = random_options(3000, seed=18, well_conditioned=True)
    ours = options.greeks(flag, S, K, t, r, sigma, q)
    theirs = pvv.get_all_greeks(flag, S, K, t, r, sigma, q, model="black_scholes_merton", return_as="dict")
    # py_vollib_vectorized's Greeks are finite differences (bump 0.01 in S, sigma, r; one day
    # in t), in vollib's units, so they agree to the bump's truncation error only: delta
    # 1e-5 absolute; gamma, vega and theta 1e-2 relative to |value| + their scale. Its BSM
    # rho bumps r - b (moving the dividend yield too) and is not comparable; not checked.
    scale = scales(S, K, t)
    np.testing.assert_allclose(np.asarray(theirs["delta"]), ours["delta"], rtol=0, atol=1e-5)
    for name in ("gamma", "vega", "theta"):
        assert_close(ours[name], np.asarray(theirs[name]), scale[name], 1e-2, f"py_vollib_vectorized {name}")


# ---- vectorized against scalar -----------------------------------------------------------------------

def test_vectorized_equals_scalar():
    flag, S, K, t, r, sigma, q = random_options(257, seed=16)  # not a multiple of 8: the kernel's tail
    vector = options.greeks(flag, S, K, t, r, sigma, q, units="annual")
    for i in range(len(S)):
        scalar = options.greeks(str(flag[i]), float(S[i]), float(K[i]), float(t[i]), float(r[i]), float(sigma[i]),
                                float(q[i]), units="annual")
        for name, value in scalar.items():
            assert isinstance(value, float)
            assert abs(vector[name][i] - value) <= 4 * np.spacing(abs(value)) + 1e-300, (name, i)
    price = options.black_scholes(flag, S, K, t, r, sigma, q)
    sigmas = options.implied_volatility(price, S, K, t, r, flag, q, on_error="nan")
    for i in range(0, len(S), 7):
        try:
            expected = options.implied_volatility(float(price[i]), float(S[i]), float(K[i]), float(t[i]), float(r[i]),
                                                  str(flag[i]), float(q[i]))
        except (options.PriceIsBelowIntrinsic, options.PriceIsAboveMaximum):
            expected = math.nan
        assert sigmas[i] == expected or (math.isnan(sigmas[i]) and math.isnan(expected))


def test_threads_give_the_same_results():
    flag, S, K, t, r, sigma, q = random_options(200_003, seed=19)
    threads = options.get_threads()
    try:
        options.set_threads(1)
        one = options.greeks(flag, S, K, t, r, sigma, q)
        iv_one = options.implied_volatility(one["price"], S, K, t, r, flag, q, on_error="nan")
        options.set_threads(3)
        three = options.greeks(flag, S, K, t, r, sigma, q)
        iv_three = options.implied_volatility(one["price"], S, K, t, r, flag, q, on_error="nan")
    finally:
        options.set_threads(threads)
    for name in one:
        np.testing.assert_array_equal(one[name], three[name])
    np.testing.assert_array_equal(iv_one, iv_three)
    with pytest.raises(ValueError, match="set_threads"):
        options.set_threads(0)


def test_single_greek_functions_agree_with_greeks():
    flag, S, K, t, r, sigma, q = random_options(50, seed=17)
    all_ = options.greeks(flag, S, K, t, r, sigma, q)
    for name in ("delta", "gamma", "vega", "theta", "rho"):
        np.testing.assert_array_equal(getattr(options, name)(flag, S, K, t, r, sigma, q), all_[name])
    np.testing.assert_array_equal(options.black_scholes(flag, S, K, t, r, sigma, q), all_["price"])
    np.testing.assert_array_equal(options.black_scholes_merton(flag, S, K, t, r, sigma, q), all_["price"])
    annual = options.greeks(flag, S, K, t, r, sigma, q, units="annual")
    np.testing.assert_allclose(annual["vega"] * 0.01, all_["vega"], rtol=1e-15)
    np.testing.assert_allclose(annual["theta"] / 365, all_["theta"], rtol=1e-15)


def test_broadcasting_shapes_and_flags():
    out = options.black_scholes(np.array([["c"], ["p"]]), 100.0, np.array([90.0, 100.0, 110.0]), 0.5, 0.01, 0.2)
    assert out.shape == (2, 3)
    assert out[0, 1] == options.black_scholes("c", 100.0, 100.0, 0.5, 0.01, 0.2)
    assert out[1, 2] == options.black_scholes("p", 100.0, 110.0, 0.5, 0.01, 0.2)
    # +1 / -1 flags and bytes flags work like 'c' / 'p'.
    np.testing.assert_array_equal(options.black_scholes(np.array([1, -1]), 100, 100, 1, 0, 0.2),
                                  options.black_scholes(np.array([b"c", b"p"]), 100, 100, 1, 0, 0.2))
    assert options.black_scholes(1, 100, 100, 1, 0, 0.2) == options.black_scholes("c", 100, 100, 1, 0, 0.2)
    assert options.black_scholes("c", np.float32(100), 100, 1, 0, 0.2) > 0
    empty = options.greeks(np.array([], dtype=str), np.array([]), 100, 1, 0, 0.2)
    assert empty["price"].shape == (0,)
    assert isinstance(options.black_scholes("c", 100, 100, 1, 0, 0.2), float)
    assert isinstance(options.implied_volatility(10.0, 100, 100, 1, 0, "c"), float)


def test_doc_examples_of_vollib():
    # vollib's own doctests: black_scholes('c',100,90,.5,.01,.2) = 12.111581435, put 1.66270456231.
    assert options.black_scholes("c", 100, 90, 0.5, 0.01, 0.2) == pytest.approx(12.111581435, abs=1e-6)
    assert options.black_scholes("p", 100, 90, 0.5, 0.01, 0.2) == pytest.approx(1.66270456231, abs=1e-6)
    price = options.black_scholes("c", 100, 100, 0.5, 0.01, 0.2)
    assert price == pytest.approx(5.87602423383, abs=1e-5)
    assert options.implied_volatility(price, 100, 100, 0.5, 0.01, "c") == pytest.approx(0.2, abs=1e-12)
    # Hull's example (vollib's gamma doctest): 0.0655453772525.
    assert options.gamma("c", 49, 50, 0.3846, 0.05, 0.2) == pytest.approx(0.0655453772525, rel=1e-9)


# ---- bad inputs: a clear Python exception, never a crash ---------------------------------------------

@pytest.mark.parametrize("args, message", [
    (("c", math.nan, 100, 1, 0, 0.2), "S=nan"),
    (("c", 100, 100, -1, 0, 0.2), "t=-1.0"),
    (("c", 100, 100, 0, 0, 0.2), "t=0.0"),
    (("c", 100, 0, 1, 0, 0.2), "K=0.0"),
    (("c", 100, 100, 1, 0, 0), "sigma=0.0"),
    (("c", 100, 100, 1, math.inf, 0.2), "r=inf"),
    (("c", -100, 100, 1, 0, 0.2), "S=-100.0"),
])
def test_invalid_scalar_inputs_raise(args, message):
    for function in (options.black_scholes, options.delta, options.greeks):
        with pytest.raises(ValueError, match=message):
            function(*args)


def test_invalid_array_inputs_name_the_index():
    S = np.full(20, 100.0)
    S[13] = np.nan
    with pytest.raises(ValueError, match=r"index \[13\].*S=nan"):
        options.black_scholes("c", S, 100, 1, 0, 0.2)
    t = np.ones((3, 4))
    t[2, 1] = -0.5
    with pytest.raises(ValueError, match=r"index \[2, 1\].*t=-0.5"):
        options.greeks("p", 100, 100, t, 0, 0.2)


def test_bad_flags_shapes_and_types():
    with pytest.raises(ValueError, match="flag must be 'c'"):
        options.black_scholes("x", 100, 100, 1, 0, 0.2)
    with pytest.raises(ValueError, match="flag must be 'c'"):
        options.black_scholes("call", 100, 100, 1, 0, 0.2)
    with pytest.raises(ValueError, match=r"flag\[1\] is 'q'"):
        options.black_scholes(np.array(["c", "q"]), 100, 100, 1, 0, 0.2)
    with pytest.raises(ValueError, match="flag must be 'c'"):
        options.implied_volatility(10, 100, 100, 1, 0, "z")
    with pytest.raises(ValueError, match="do not broadcast"):
        options.black_scholes("c", np.ones(3) * 100, np.ones(4) * 100, 1, 0, 0.2)
    with pytest.raises(ValueError, match="do not broadcast"):
        options.implied_volatility(np.ones(2), np.ones(3) * 100, 100, 1, 0, "c")
    with pytest.raises(TypeError, match="S must be a number"):
        options.black_scholes("c", "abc", 100, 1, 0, 0.2)
    with pytest.raises(TypeError, match="sigma must be a number"):
        options.black_scholes("c", np.ones(2), 100, 1, 0, [0.2, "x"])
    with pytest.raises(ValueError, match="units"):
        options.greeks("c", 100, 100, 1, 0, 0.2, units="daily")


def test_implied_volatility_errors():
    with pytest.raises(ValueError, match="NaN or infinite"):
        options.implied_volatility(math.nan, 100, 100, 1, 0, "c")
    with pytest.raises(ValueError, match="invalid input"):
        options.implied_volatility(10, 100, 100, -1, 0, "c")
    prices = np.array([10.0, 0.0, 200.0, 12.0])
    with pytest.raises(options.PriceIsBelowIntrinsic, match=r"index \[1\]"):
        options.implied_volatility(prices, 100, 100, 1, 0, "c")
    sigma = options.implied_volatility(prices, 100, 100, 1, 0, "c", on_error="nan")
    assert np.isnan(sigma[1]) and np.isnan(sigma[2]) and sigma[0] > 0 and sigma[3] > sigma[0]
    assert math.isnan(options.implied_volatility(0.0, 100, 100, 1, 0, "c", on_error="nan"))
    with pytest.raises(ValueError, match=r"index \[0\].*NaN or infinite"):  # not a price problem: still raised
        options.implied_volatility(np.array([10.0, 11.0]), np.array([math.inf, 100.0]), 100, 1, 0, "c",
                                   on_error="nan")
    with pytest.raises(ValueError, match="on_error"):
        options.implied_volatility(10, 100, 100, 1, 0, "c", on_error="ignore")


def test_hostile_inputs_never_crash():
    rng = np.random.default_rng(99)
    specials = np.array([0.0, -0.0, 1e-320, 5e-324, 1e-300, 1e300, 1.7e308, -1.0, math.inf, -math.inf, math.nan,
                         1.0, 100.0, 0.2, 1e-8])
    n = 20_000
    columns = [rng.choice(specials, n) for _ in range(6)]
    for i in range(0, n, 1000):
        block = [c[i:i + 1000] for c in columns]
        try:
            out = options.greeks("c", *block)
            assert all(v.shape == (1000,) for v in out.values())
        except ValueError as error:
            assert "invalid option" in str(error)
        try:
            out = options.implied_volatility(block[0], block[1], block[2], block[3], block[4], "p", block[5],
                                             on_error="nan")
            assert out.shape == (1000,)
        except ValueError as error:
            assert "implied_volatility" in str(error)
    # Valid rows among hostile values: finite, non-negative prices.
    valid = (columns[0] > 0) & (columns[1] > 0) & (columns[2] > 0) & (columns[4] > 0) & np.isfinite(columns).all(0)
    if valid.any():
        out = options.black_scholes("c", *[c[valid] for c in columns])
        assert np.all(out >= 0) and not np.isnan(out).any()


def test_package_exports_and_library():
    assert hftengine.ABI_VERSION == 3
    assert hftengine.library_path().is_file()
    assert hftengine.black_scholes is options.black_scholes
    header = hftengine.library_path().parent / "hft_engine.h"
    assert header.is_file() and "HFT_ABI_VERSION 3" in header.read_text()
