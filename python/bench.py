#!/usr/bin/env python3
"""Side-by-side benchmark: hftengine vs py_vollib_vectorized vs vollib, in one run.

    python3 python/bench.py                 # 1M options; vollib on a 2,000-option subset
    python3 python/bench.py --n 200000 --json out.json

Per option, on the same random European options (S 10-500, K/S 0.8-1.25, t 0.1-2 years,
r 0-5%, q 0-3%, sigma 0.1-0.9, calls and puts):
  - price + Greeks: hftengine.greeks() (price, delta, gamma, vega, theta, rho, and vanna,
    volga) vs py_vollib_vectorized's vectorized_black_scholes_merton + get_all_greeks
    (finite differences) vs vollib's black_scholes_merton + 5 analytical Greeks per option;
  - implied volatility: hftengine.implied_volatility() vs py_vollib_vectorized's
    vectorized_implied_volatility vs vollib's implied_volatility per option.
Each vectorized figure is the best of --repeat runs over the whole array, inputs already
numpy arrays, outputs allocated by the call (as a user calls it); numba's compilation is
done before timing. vollib is scalar Python, so it runs on a subset and its time per option
is reported as measured (no extrapolation beyond dividing by the subset's size).
hftengine runs with its default threads (all CPUs of the process) and with one thread.
Target (issue 17): >= 50x faster than py_vollib_vectorized.
"""
import argparse
import datetime
import json
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np

# Use the installed package (with its library), not the source folder next to this script.
_HERE = Path(__file__).resolve().parent
sys.path = [p for p in sys.path if Path(p or ".").resolve() != _HERE] + [str(_HERE / "tests")]

import hftengine  # noqa: E402
from hftengine import options  # noqa: E402


def best_of(repeat, function):
    best = float("inf")
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def random_options(n, seed):
    rng = np.random.default_rng(seed)
    S = rng.uniform(10, 500, n)
    K = S * rng.uniform(0.8, 1.25, n)
    t = rng.uniform(0.1, 2.0, n)
    r = rng.uniform(0.0, 0.05, n)
    q = rng.uniform(0.0, 0.03, n)
    sigma = rng.uniform(0.1, 0.9, n)
    flag = np.where(rng.random(n) < 0.5, "c", "p")
    return flag, S, K, t, r, sigma, q


def bench_ours(args, data, prices, threads):
    flag, S, K, t, r, sigma, q = data
    saved = options.get_threads()
    options.set_threads(threads)
    try:
        options.greeks(flag[:1000], S[:1000], K[:1000], t[:1000], r[:1000], sigma[:1000], q[:1000])  # warm up
        greeks_time, result = best_of(args.repeat, lambda: options.greeks(flag, S, K, t, r, sigma, q))
        iv_time, iv = best_of(args.repeat, lambda: options.implied_volatility(prices, S, K, t, r, flag, q))
    finally:
        options.set_threads(saved)
    n = len(S)
    return {"greeks_ns": greeks_time / n * 1e9, "iv_ns": iv_time / n * 1e9, "threads": threads,
            "iv_max_error": float(np.max(np.abs(iv - sigma))), "price": result["price"]}


def bench_py_vollib_vectorized(args, data, prices):
    try:
        import py_vollib_vectorized as pvv
        import vollib_vectorized_shim
        compiled = vollib_vectorized_shim.enable()
    except ImportError as error:
        return {"missing": f"{error} (pip install py_vollib_vectorized)"}
    flag, S, K, t, r, sigma, q = (c[:args.pvv_n] for c in data)
    p = prices[:args.pvv_n]

    def price_and_greeks():
        price = pvv.vectorized_black_scholes_merton(flag, S, K, t, r, sigma, q, return_as="numpy")
        greeks = pvv.get_all_greeks(flag, S, K, t, r, sigma, q, model="black_scholes_merton", return_as="dict")
        return price, greeks

    def implied():
        return pvv.vectorized_implied_volatility(p, S, K, t, r, flag, q, model="black_scholes_merton",
                                                 return_as="numpy")

    warm = slice(0, 100)
    pvv.vectorized_black_scholes_merton(flag[warm], S[warm], K[warm], t[warm], r[warm], sigma[warm], q[warm],
                                        return_as="numpy")
    pvv.get_all_greeks(flag[warm], S[warm], K[warm], t[warm], r[warm], sigma[warm], q[warm],
                       model="black_scholes_merton", return_as="dict")
    pvv.vectorized_implied_volatility(p[warm], S[warm], K[warm], t[warm], r[warm], flag[warm], q[warm],
                                      model="black_scholes_merton", return_as="numpy")
    greeks_time, (price, _) = best_of(args.repeat, price_and_greeks)
    iv_time, iv = best_of(args.repeat, implied)
    n = len(S)
    return {"n": n, "greeks_ns": greeks_time / n * 1e9, "iv_ns": iv_time / n * 1e9,
            "shim_compiled_functions": compiled, "price": price,
            "iv_max_error": float(np.max(np.abs(np.asarray(iv).reshape(-1) - sigma)))}


def bench_vollib(args, data, prices):
    try:
        from vollib.black_scholes_merton import black_scholes_merton
        from vollib.black_scholes_merton.greeks import analytical
        from vollib.black_scholes_merton.implied_volatility import implied_volatility
    except ImportError as error:
        return {"missing": f"{error} (pip install vollib)"}
    n = args.vollib_n
    flag, S, K, t, r, sigma, q = (c[:n].tolist() for c in data)
    p = prices[:n].tolist()

    def price_and_greeks():
        out = []
        for i in range(n):
            a = (flag[i], S[i], K[i], t[i], r[i], sigma[i], q[i])
            out.append((black_scholes_merton(*a), analytical.delta(*a), analytical.gamma(*a), analytical.vega(*a),
                        analytical.theta(*a), analytical.rho(*a)))
        return out

    def implied():
        return [implied_volatility(p[i], S[i], K[i], t[i], r[i], q[i], flag[i]) for i in range(n)]

    greeks_time, _ = best_of(1, price_and_greeks)
    iv_time, _ = best_of(1, implied)
    return {"n": n, "greeks_ns": greeks_time / n * 1e9, "iv_ns": iv_time / n * 1e9}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1_000_000, help="options (default 1,000,000)")
    parser.add_argument("--pvv-n", type=int, default=None, help="options for py_vollib_vectorized (default: --n)")
    parser.add_argument("--vollib-n", type=int, default=2_000, help="options for vollib (default 2,000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each vectorized measurement (best is kept)")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    args.pvv_n = min(args.pvv_n or args.n, args.n)
    args.vollib_n = min(args.vollib_n, args.n)

    data = random_options(args.n, seed=2026)
    flag, S, K, t, r, sigma, q = data
    prices = options.black_scholes(flag, S, K, t, r, sigma, q)
    threads = options.get_threads()
    ours = bench_ours(args, data, prices, threads)
    ours_one = bench_ours(args, data, prices, 1) if threads > 1 else ours
    # vollib first: importing py_vollib_vectorized replaces vollib's functions with its own.
    vollib = bench_vollib(args, data, prices)
    pvv = bench_py_vollib_vectorized(args, data, prices)

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"hftengine {hftengine.__version__} (C ABI {hftengine.ABI_VERSION}), numpy {np.__version__}, "
          f"Python {platform.python_version()}, {os.cpu_count()} CPUs, load average {load:.2f}, "
          f"{datetime.date.today()}")
    print(f"{args.n:,} options; py_vollib_vectorized on {pvv.get('n', 0):,}; vollib on {vollib.get('n', 0):,}; "
          f"best of {args.repeat}")
    print()
    header = f"{'per option':<20}{'hftengine':>13}{'hftengine 1t':>14}{'py_vollib_vec':>15}{'vollib':>14}" \
             f"{'vs pvv':>9}{'vs vollib':>11}  target"
    print(header)
    print("-" * len(header))
    rows = {}
    for key, label in (("greeks_ns", "price + Greeks"), ("iv_ns", "implied volatility")):
        ours_ns, one_ns = ours[key], ours_one[key]
        pvv_ns, vollib_ns = pvv.get(key), vollib.get(key)
        vs_pvv = pvv_ns / ours_ns if pvv_ns else None
        vs_vollib = vollib_ns / ours_ns if vollib_ns else None

        def cell(ns, width):
            return f"{ns:>{width - 3},.1f} ns" if ns is not None else f"{'-':>{width}}"

        def ratio(x, width):
            return f"{x:>{width - 1},.0f}x" if x is not None else f"{'-':>{width}}"
        met = "" if vs_pvv is None else ("met" if vs_pvv >= 50 else "NOT met")
        print(f"{label:<20}{cell(ours_ns, 13)}{cell(one_ns, 14)}{cell(pvv_ns, 15)}{cell(vollib_ns, 14)}"
              f"{ratio(vs_pvv, 9)}{ratio(vs_vollib, 11)}  >= 50x vs pvv: {met or 'not measured'}")
        rows[key] = {"hftengine_ns": ours_ns, "hftengine_1thread_ns": one_ns, "py_vollib_vectorized_ns": pvv_ns,
                     "vollib_ns": vollib_ns, "speedup_vs_py_vollib_vectorized": vs_pvv, "speedup_vs_vollib": vs_vollib}
    print()
    if "missing" in pvv:
        print(f"py_vollib_vectorized not measured: {pvv['missing']}")
    else:
        if pvv["shim_compiled_functions"]:
            print(f"py_vollib_vectorized ran with tests/vollib_vectorized_shim.py "
                  f"({pvv['shim_compiled_functions']} py_lets_be_rational functions compiled with numba)")
        n = pvv["n"]
        worst = float(np.max(np.abs(pvv["price"] - ours["price"][:n]) / S[:n]))
        print(f"agreement: price |hftengine - py_vollib_vectorized| / S <= {worst:.1e}; implied volatility vs the "
              f"pricing sigma: hftengine {ours['iv_max_error']:.1e}, py_vollib_vectorized {pvv['iv_max_error']:.1e}")
    if "missing" in vollib:
        print(f"vollib not measured: {vollib['missing']}")
    print(f"hftengine threads: {threads} (the 1t column: options.set_threads(1))")
    if args.json:
        report = {"date": str(datetime.date.today()), "n": args.n, "pvv_n": pvv.get("n"), "vollib_n": vollib.get("n"),
                  "repeat": args.repeat, "threads": threads, "cpus": os.cpu_count(), "load_average": load,
                  "python": platform.python_version(), "numpy": np.__version__, "rows": rows}
        Path(args.json).write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
