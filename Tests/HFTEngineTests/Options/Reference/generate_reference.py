#!/usr/bin/env python3
"""Reference values for the options tests, computed with mpmath at 60 significant digits.

Writes, next to this script:
  elementary_reference.csv  x, exp(x), log(|x|), erfcx(|x|)   (the scalar/vector math kernels)
  greeks_reference.csv      region,kind,S,K,T,r,q,sigma,price,delta,gamma,vega,theta,rho,vanna,volga
  iv_reference.csv          region,kind,S,K,T,r,q,price,iv,attainable
Inputs are doubles printed with repr() (they read back exactly); reference outputs are
printed with 25 significant digits. For the implied volatility the price column is the
double nearest to the exact price at a chosen volatility, and `iv` is the exact implied
volatility *of that double price*; `attainable` is
  (1 + (V + S e^{-qT}|N(θd1)| + K e^{-rT}|N(θd2)|) / (σ·vega)) · 2^-52
evaluated at that exact volatility (the precision a perfect solver in double can reach).

Run: python3 generate_reference.py   (deterministic: fixed seeds; takes about a minute)
"""
import csv, math, os, random
import mpmath as mp

mp.mp.dps = 60
HERE = os.path.dirname(os.path.abspath(__file__))


def fmt(v):
    return mp.nstr(v, 25, min_fixed=-3, max_fixed=3) if v != 0 else "0"


def bsm(theta, S, K, T, r, q, sig):
    S, K, T, r, q, sig = (mp.mpf(v) for v in (S, K, T, r, q, sig))
    sqT = mp.sqrt(T)
    s = sig * sqT
    F = S * mp.exp((r - q) * T)
    d1 = mp.log(F / K) / s + s / 2
    d2 = d1 - s
    dq, dr = mp.exp(-q * T), mp.exp(-r * T)
    N1, N2 = mp.ncdf(theta * d1), mp.ncdf(theta * d2)
    pdf = mp.npdf(d1)
    price = theta * (S * dq * N1 - K * dr * N2)
    vega = S * dq * pdf * sqT
    return dict(
        price=price,
        delta=theta * dq * N1,
        gamma=dq * pdf / (S * s),
        vega=vega,
        theta=-S * dq * pdf * sig / (2 * sqT) + theta * (q * S * dq * N1 - r * K * dr * N2),
        rho=theta * K * T * dr * N2,
        vanna=-dq * pdf * d2 / sig,
        volga=vega * d1 * d2 / sig,
        N1=N1, N2=N2, d1=d1, d2=d2, dq=dq, dr=dr,
    )


def elementary(rows):
    rnd = random.Random(11)
    xs = [0.0, 1e-300, 1e-20, 1e-8, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0, 26.0, 100.0, 1e5, 1e10]
    for _ in range(1500):
        xs.append(rnd.choice([rnd.uniform(-2, 2), rnd.uniform(-40, 40), rnd.uniform(0, 12),
                              math.exp(rnd.uniform(-40, 40)), rnd.uniform(-745, 709)]))
    for x in xs:
        X = mp.mpf(x)
        ax = abs(X)
        rows.append([repr(x), fmt(mp.exp(X)), fmt(mp.log(ax)) if ax > 0 else "",
                     fmt(mp.erfc(ax) * mp.exp(ax * ax))])


def greeks_rows(rows):
    rnd = random.Random(7)

    def add(region, theta, S, K, T, r, q, sig):
        g = bsm(theta, S, K, T, r, q, sig)
        rows.append([region, "call" if theta > 0 else "put"] + [repr(v) for v in (S, K, T, r, q, sig)]
                    + [fmt(g[k]) for k in ("price", "delta", "gamma", "vega", "theta", "rho", "vanna", "volga")])

    def moneyness(S, K, T, r, q, sig):
        return abs(math.log(S / K) + (r - q) * T) / (sig * math.sqrt(T))

    # Ordinary grid.
    for T in (1 / 52, 0.25, 1.0, 2.0):
        for sig in (0.1, 0.3, 0.8):
            for kS in (0.8, 0.95, 1.0, 1.1, 1.3):
                for theta in (1, -1):
                    if moneyness(100.0, 100.0 * kS, T, 0.03, 0.01, sig) <= 9:
                        add("ordinary", theta, 100.0, 100.0 * kS, T, 0.03, 0.01, sig)
    # Corners of the domain.
    for T in (1e-4, 5.0):
        for sig in (0.01, 3.0):
            for kS in (0.3, 0.7, 1.0, 1.5, 3.0):
                for (r, q) in ((0.0, 0.0), (0.05, 0.02), (-0.01, 0.08)):
                    for theta in (1, -1):
                        if moneyness(100.0, 100.0 * kS, T, r, q, sig) <= 9:
                            add("corner", theta, 100.0, 100.0 * kS, T, r, q, sig)
    # Random points in the whole domain, and points on the edge |h| = 9.
    n = 0
    while n < 1200:
        T = math.exp(rnd.uniform(math.log(1e-4), math.log(5)))
        sig = math.exp(rnd.uniform(math.log(0.01), math.log(3)))
        r, q = rnd.uniform(-0.02, 0.15), rnd.uniform(0, 0.08)
        S = math.exp(rnd.uniform(math.log(0.5), math.log(5000)))
        if n % 2 == 0:
            K = S * math.exp(rnd.uniform(math.log(0.3), math.log(3)))
            region = "random"
        else:
            h = rnd.choice([-1, 1]) * rnd.uniform(6, 9)
            F = S * math.exp((r - q) * T)
            K = F * math.exp(-h * sig * math.sqrt(T))
            region = "tail"
        if not (0.3 <= K / S <= 3) or moneyness(S, K, T, r, q, sig) > 9:
            continue
        add(region, rnd.choice([1, -1]), S, K, T, r, q, sig)
        n += 1


def implied_rows(rows):
    rnd = random.Random(3)
    minute = 1 / (365 * 24 * 60)

    def attempt(region, theta, S, K, T, r, q, sig):
        g = bsm(theta, S, K, T, r, q, sig)
        V = float(g["price"])
        if not (V >= 1e-30):
            return False
        Sq, Kr = S * math.exp(-q * T), K * math.exp(-r * T)
        mS, mK = mp.mpf(S) * g["dq"], mp.mpf(K) * g["dr"]
        intrinsic = max(theta * (mS - mK), 0)
        upper = mS if theta > 0 else mK
        if not (intrinsic < V < upper):
            return False
        Vm = mp.mpf(V)

        def f(sv):
            return mp.log(bsm(theta, S, K, T, r, q, sv)["price"] - intrinsic) - mp.log(Vm - intrinsic)
        try:
            iv = mp.findroot(f, mp.mpf(sig), tol=mp.mpf(10) ** -45)
        except Exception:
            return False
        e = bsm(theta, S, K, T, r, q, iv)
        if abs(e["price"] / Vm - 1) > mp.mpf(10) ** -35:
            return False
        X = Vm + mp.mpf(S) * e["dq"] * abs(e["N1"]) + mp.mpf(K) * e["dr"] * abs(e["N2"])
        att = (1 + X / (iv * e["vega"])) * mp.mpf(2) ** -52
        rows.append([region, "call" if theta > 0 else "put"] + [repr(v) for v in (S, K, T, r, q, V)]
                    + [fmt(iv), mp.nstr(att, 6)])
        return True

    def fill(region, count, sampler):
        n = 0
        while n < count:
            if attempt(region, *sampler()):
                n += 1

    def ordinary():
        T = math.exp(rnd.uniform(math.log(7 / 365), math.log(2)))
        sig = math.exp(rnd.uniform(math.log(0.05), math.log(1)))
        r, q = rnd.uniform(-0.01, 0.08), rnd.uniform(0, 0.05)
        h = rnd.uniform(-2.5, 2.5)
        S = 100.0
        K = S * math.exp((r - q) * T) * math.exp(-h * sig * math.sqrt(T))
        return rnd.choice([1, -1]), S, K, T, r, q, sig

    def deep_otm():
        T = math.exp(rnd.uniform(math.log(minute), math.log(5)))
        sig = math.exp(rnd.uniform(math.log(0.001), math.log(5)))
        r, q = rnd.uniform(-0.01, 0.08), rnd.uniform(0, 0.05)
        s = sig * math.sqrt(T)
        theta = rnd.choice([1, -1])
        # Out of the money by 4 ... 11 standard deviations (prices down to about 1e-30).
        h = rnd.uniform(4, 11)
        K = 100.0 * math.exp((r - q) * T) * math.exp(theta * h * s + 0 * s)
        return theta, 100.0, K, T, r, q, sig

    def near_intrinsic():
        T = math.exp(rnd.uniform(math.log(minute), math.log(5)))
        sig = math.exp(rnd.uniform(math.log(0.001), math.log(2)))
        r, q = rnd.uniform(-0.01, 0.08), rnd.uniform(0, 0.05)
        s = sig * math.sqrt(T)
        theta = rnd.choice([1, -1])
        h = rnd.uniform(3, 9)   # in the money by h standard deviations
        K = 100.0 * math.exp((r - q) * T) * math.exp(-theta * h * s)
        return theta, 100.0, K, T, r, q, sig

    def extreme_vol():
        T = math.exp(rnd.uniform(math.log(minute), math.log(5)))
        sig = rnd.choice([math.exp(rnd.uniform(math.log(0.001), math.log(0.01))),
                          math.exp(rnd.uniform(math.log(2), math.log(5)))])
        r, q = rnd.uniform(-0.01, 0.08), rnd.uniform(0, 0.05)
        h = rnd.uniform(-3, 3)
        K = 100.0 * math.exp((r - q) * T) * math.exp(-h * sig * math.sqrt(T))
        return rnd.choice([1, -1]), 100.0, K, T, r, q, sig

    def short_expiry():
        T = math.exp(rnd.uniform(math.log(minute), math.log(1 / 365)))
        sig = math.exp(rnd.uniform(math.log(0.001), math.log(5)))
        r, q = rnd.uniform(-0.01, 0.08), rnd.uniform(0, 0.05)
        h = rnd.uniform(-6, 6)
        K = 100.0 * math.exp((r - q) * T) * math.exp(-h * sig * math.sqrt(T))
        return rnd.choice([1, -1]), 100.0, K, T, r, q, sig

    def wide():
        T = math.exp(rnd.uniform(math.log(minute), math.log(5)))
        sig = math.exp(rnd.uniform(math.log(0.001), math.log(5)))
        r, q = rnd.uniform(-0.02, 0.1), rnd.uniform(0, 0.06)
        S = math.exp(rnd.uniform(math.log(0.01), math.log(1e5)))
        K = S * math.exp(rnd.uniform(-3, 3))
        return rnd.choice([1, -1]), S, K, T, r, q, sig

    fill("ordinary", 1500, ordinary)
    fill("deep_otm", 800, deep_otm)
    fill("near_intrinsic", 600, near_intrinsic)
    fill("extreme_vol", 700, extreme_vol)
    fill("short_expiry", 600, short_expiry)
    fill("wide", 800, wide)


def write(name, header, rows):
    with open(os.path.join(HERE, name), "w", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
    print(name, len(rows), "rows")


if __name__ == "__main__":
    rows = []
    elementary(rows)
    write("elementary_reference.csv", ["x", "exp", "log", "erfcx"], rows)
    rows = []
    greeks_rows(rows)
    write("greeks_reference.csv", ["region", "kind", "S", "K", "T", "r", "q", "sigma", "price", "delta", "gamma",
                                   "vega", "theta", "rho", "vanna", "volga"], rows)
    rows = []
    implied_rows(rows)
    write("iv_reference.csv", ["region", "kind", "S", "K", "T", "r", "q", "price", "iv", "attainable"], rows)
