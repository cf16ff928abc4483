#!/usr/bin/env python3
"""Fits the two polynomial corrections of the implied-volatility initial guess
(Sources/HFTEngine/Options/ImpliedVolatility+GuessCorrections.swift) and prints their
coefficient tables with the relative error each reaches on fresh points.

    python3 Tools/fit-guess-corrections.py      # needs numpy and scipy; ~1 minute

Both work on the normalised problem of Jaeckel, "Let's Be Rational" (Wilmott 2015):
b(x, s) = e^(x/2) N(x/s + s/2) - e^(-x/2) N(x/s - s/2), x = ln(F/K) <= 0 (out of the money),
s = sigma sqrt(T), inflection point s_c = sqrt(2|x|), b_c = b(x, s_c), v_c = b_max phi(0)
with b_max = e^(x/2). Both are fitted for |x| <= 1/2 (s_c <= 1), where the engine uses them.

1. Above the inflection point, in the Taylor region (beta - b_c < (b_max - b_c)/2): the
   third-order Taylor inversion s_T = s_c + nu + nu^3/6, nu = (beta - b_c)/v_c, plus
   nu * Q(nu, s_c), Q a polynomial of total degree 6.
2. Below it, in the normalised-Bachelier "near" region (beta >= G(1) |x|): the engine's
   corrected Bachelier guess g (ImpliedVolatility+BachelierCoefficients.swift), times
   1 + g^4 R(v, s_c), v = |x| / (beta + |x|/2), R of total degree 2.

Each is an iteratively reweighted least-squares fit of the relative error against s
solved by bisection to double precision, on 1.5M random points of its region (fixed seeds);
the error is then measured on 600K fresh points, evaluated in the order the Swift code uses.
"""
import numpy as np
from scipy.special import ndtr, erfcx

NEAR = dict(p=(0.3989422359587508, -0.35237184817962897, 0.052457252558084866, 0.01965674764658497,
               -0.003805773282606284),
            q=(-0.8832700536099206, 0.05196433861851228, 0.11933065945459072, -0.024739086575428698),
            cn=(-0.041665670649341714, -0.007195772799344394, 0.021909015055683843, -0.004397272618669809),
            cd=(0.17200918065127818, -0.36189759219405515, 0.0395783373984033))


def black(x, s):
    return np.exp(x / 2) * ndtr(x / s + s / 2) - np.exp(-x / 2) * ndtr(x / s - s / 2)


def bachelier_near(w, v):
    p, q, cn, cd = NEAR["p"], NEAR["q"], NEAR["cn"], NEAR["cd"]
    P = p[0] + v * (p[1] + v * (p[2] + v * (p[3] + v * p[4])))
    Q = 1 + v * (q[0] + v * (q[1] + v * (q[2] + v * q[3])))
    Cn = cn[0] + v * (cn[1] + v * (cn[2] + v * cn[3]))
    Cd = 1 + v * (cd[0] + v * (cd[1] + v * cd[2]))
    d = 1 / (P * Cd)
    s = w * Q * Cd * d
    return s - s * s * s * (Cn * P * d)


def monomials(u, sc, degree, first=0):
    """Columns u^i sc^j, i = first..degree, j = 0..degree-i, row by row."""
    return [(i, j, u ** i * sc ** j) for i in range(first, degree + 1) for j in range(degree + 1 - i)]


def horner(rows, u, sc):
    """sum_i u^i (sum_j c_ij sc^j): Horner in sc per row, then in u (the Swift order)."""
    total = None
    for row in reversed(rows):
        acc = np.full_like(sc, row[-1])
        for c in reversed(row[:-1]):
            acc = c + sc * acc
        total = acc if total is None else acc + u * total
    return total


def irls(columns, target, weight):
    a = np.stack(columns, 1)
    c, *_ = np.linalg.lstsq(a * weight[:, None], target * weight, rcond=None)
    for _ in range(6):
        e = np.abs(a @ c - target) * weight
        w2 = weight * (1 + (e / np.median(e)) ** 0.5)
        c, *_ = np.linalg.lstsq(a * w2[:, None], target * w2, rcond=None)
    return c


def rows_of(c, degree):
    rows, k = [], 0
    for i in range(degree + 1):
        rows.append(list(c[k:k + degree + 1 - i]))
        k += degree + 1 - i
    return rows


def taylor_region(n, seed):
    rng = np.random.default_rng(seed)
    sc = rng.uniform(0, 1, n)
    ax = 0.5 * sc * sc
    bmax = np.exp(-0.5 * ax)
    bc = np.where(ax > 0, 0.5 * bmax * (1 - erfcx(np.sqrt(ax))), 0)
    beta = bc + rng.uniform(0, 0.5, n) * (bmax - bc)
    lo, hi = sc.copy(), np.full(n, 20.0)
    for _ in range(90):
        mid = 0.5 * (lo + hi)
        below = black(-ax, mid) < beta
        lo, hi = np.where(below, mid, lo), np.where(below, hi, mid)
    nu = (beta - bc) / (bmax * 0.3989422804014327)
    return sc, nu, 0.5 * (lo + hi)


def near_region(n, seed):
    rng = np.random.default_rng(seed)
    sc = rng.uniform(0.02, 1.0, n)
    ax = 0.5 * sc * sc
    s = sc * rng.uniform(0.001, 1, n)
    beta = black(-ax, s)
    keep = beta >= 0.0833154705876863 * ax
    ax, s, sc, beta = ax[keep], s[keep], sc[keep], beta[keep]
    w = beta + 0.5 * ax
    v = ax / w
    return sc, v, s, bachelier_near(w, v)


def report(name, guess, s):
    e = np.abs(guess - s) / s
    print(f"{name}: relative error median {np.median(e):.2e}, p99.9 {np.percentile(e, 99.9):.2e}, "
          f"max {e.max():.2e} on {len(s)} fresh points")


def table(name, rows):
    print(name)
    for i, row in enumerate(rows):
        print(f"  r{i}: (" + ", ".join(f"{c:.17g}" for c in row) + ")")


def main():
    # 1. Taylor region: s = s_T + nu * Q(nu, s_c), degree 6.
    sc, nu, s = taylor_region(1_500_000, 10)
    taylor = sc + nu + nu * nu * nu * (1.0 / 6)
    cols = [nu ** (i + 1) * sc ** j for i, j, _ in monomials(nu, sc, 6)]
    rows = rows_of(irls(cols, s - taylor, 1 / s), 6)
    sc, nu, s = taylor_region(600_000, 11)
    report("Taylor correction", sc + nu + nu * nu * nu * (1.0 / 6) + nu * horner(rows, nu, sc), s)
    table("taylorCorrection (rows of Q, nu^i s_c^j)", rows)

    # 2. Near region: s = g (1 + g^4 R(v, s_c)), degree 2.
    sc, v, s, g = near_region(1_500_000, 1)
    g4 = g ** 4
    cols = [g4 * col for _, _, col in monomials(v, sc, 2)]
    rows = rows_of(irls(cols, (s - g) / g, g / s), 2)
    sc, v, s, g = near_region(600_000, 2)
    g2 = g * g
    report("Bachelier near correction", g + g2 * g2 * g * horner(rows, v, sc), s)
    table("bachelierNearCorrection (rows of R, v^i s_c^j)", rows)


if __name__ == "__main__":
    main()
