#!/usr/bin/python3
"""Independent reference for audit.Bootstrap.studentised (BootstrapStudentisedTest): bootstrap-t intervals of
means of values in [0, 1], pivoting on the arcsine square root, in NumPy.

Usage: /usr/bin/python3 src/tools/studentised_reference.py

Re-implements, without the Java code's shortcuts (Efron & Tibshirani 1993, section 12.5; DiCiccio & Efron 1996):
  - the resampling draws of bca_reference.py (SplittableRandom's SplitMix64, Lemire's multiply-shift);
  - per resample and column, the defined drawn values x* (NaN = undefined; a resample drawing none is dropped),
    theta* = mean(x*) and se* = std(x*, ddof=1) / sqrt(len(x*)), computed directly from the drawn values
    (the Java code uses sum((x - theta_hat)^2) - c (theta* - theta_hat)^2);
  - g(t) = asin(sqrt(t)), g'(t) = 1 / (2 sqrt(t (1 - t))), t* = (g(theta*) - g(theta_hat)) / (se* g'(theta*));
    a resample whose drawn values are all equal (numpy.ptp == 0) or that drew one defined value gets
    t* = +inf / -inf by the sign of theta* - theta_hat (0 when equal within 1e-10 (1 + theta_hat));
  - the t* quantiles at 0.025 and 0.975, linear between order statistics (numpy.percentile's rule), where an
    order statistic next to an infinite one gives the infinite one;
  - interval g^-1(g(theta_hat) - q_0.975 se g'(theta_hat)) .. g^-1(g(theta_hat) - q_0.025 se g'(theta_hat)),
    g^-1(u) = sin(u)^2 for u in [0, pi/2], 0 below, 1 above.
A column that is 0 on all its c defined values gets [0, 1 - 0.025^(1/c)] (Clopper-Pearson's upper limit for 0 of
c, in closed form), 1 on all [0.025^(1/c), 1], one value strictly between [0, 1], several equal ones [x, x].
Also prints the identity-scale variant (g(t) = t, the interval clamped to [0, 1]).
Prints each case's mean, lo and hi with 17 significant digits, for the Java test's expected values.
"""
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bca_reference import draws  # noqa: E402  (the same SplitMix64 draws as the BCa reference)


def quantile(sorted_t, q):
    pos = q * (len(sorted_t) - 1)
    i = int(math.floor(pos))
    f = pos - i
    if i + 1 >= len(sorted_t) or f == 0 or math.isinf(sorted_t[i]):
        return sorted_t[i]
    if math.isinf(sorted_t[i + 1]):
        return sorted_t[i + 1]
    return float(np.percentile(sorted_t[i:i + 2], 100 * f))


def studentised(values, resamples, seed, arcsine=True, level=0.95):
    values = np.asarray(values, dtype=float)
    n, m = values.shape
    rows = draws(seed, n, resamples * n).reshape(resamples, n)
    if arcsine:
        g = lambda t: math.asin(math.sqrt(t))  # noqa: E731
        slope = lambda t: 0.5 / math.sqrt(t * (1 - t))  # noqa: E731
        inv = lambda u: 0.0 if u <= 0 else 1.0 if u >= math.pi / 2 else math.sin(u) ** 2  # noqa: E731
    else:
        g = lambda t: t  # noqa: E731
        slope = lambda t: 1.0  # noqa: E731
        inv = lambda u: min(1.0, max(0.0, u))  # noqa: E731
    out = []
    for j in range(m):
        col = values[:, j]
        ok = col[~np.isnan(col)]
        theta = ok.mean()
        if np.ptp(ok) == 0:
            reach = 1 - ((1 - level) / 2) ** (1 / len(ok))
            out.append((theta, 0.0, reach) if theta == 0 else (theta, 1 - reach, 1.0) if theta == 1
                       else (theta, 0.0, 1.0) if len(ok) == 1 else (theta, theta, theta))
            continue
        se = ok.std(ddof=1) / math.sqrt(len(ok))
        tol = 1e-10 * (1 + abs(theta))
        ts = []
        for r in rows:
            x = col[r]
            x = x[~np.isnan(x)]
            if len(x) == 0:
                continue
            th = x.mean()
            if len(x) < 2 or np.ptp(x) == 0:
                d = th - theta
                ts.append(math.inf if d > tol else -math.inf if d < -tol else 0.0)
                continue
            se_b = x.std(ddof=1) / math.sqrt(len(x))
            ts.append((g(th) - g(theta)) / (se_b * slope(th)))
        ts = sorted(ts)
        alpha = (1 - level) / 2
        se_g = se * slope(theta)
        lo = inv(g(theta) - quantile(ts, 1 - alpha) * se_g)
        hi = inv(g(theta) - quantile(ts, alpha) * se_g)
        out.append((theta, lo, hi))
    return out


CASES = {
    # 15 right-skewed values (the BCa reference's case)
    "skewed": ([[0.01], [0.02], [0.02], [0.03], [0.04], [0.05], [0.05], [0.07], [0.09], [0.12], [0.15], [0.22], [0.35], [0.61], [0.93]], 1000, 20261204),
    # energy shares of a small region: mostly 0; the second column undefined on two images and with one
    # non-zero value among its ten (about 35 % of resamples draw only zeros: the upper end is 1)
    "zeros": ([[0.0, 0.0], [0.0, 0.0], [0.31, float("nan")], [0.0, 0.0], [0.02, 0.0], [0.0, 0.0], [0.0, 0.44],
               [0.57, 0.0], [0.0, float("nan")], [0.0, 0.0], [0.08, 0.0], [0.0, 0.0]], 1000, 11),
    # a region never reached (0 on all 7 defined images) and one always wholly covered (1 on all 8)
    "bounds": ([[0.0, 1.0], [0.0, 1.0], [float("nan"), 1.0], [0.0, 1.0], [0.0, 1.0], [0.0, 1.0], [0.0, 1.0], [0.0, 1.0]], 200, 4),
}


def main():
    for name, (values, resamples, seed) in CASES.items():
        for arcsine in (True, False):
            for j, (theta, lo, hi) in enumerate(studentised(values, resamples, seed, arcsine)):
                print(f"{name}[{j}] {'arcsine' if arcsine else 'identity'} resamples={resamples} seed={seed}: "
                      f"mean={theta!r} lo={lo!r} hi={hi!r}")


if __name__ == "__main__":
    main()
