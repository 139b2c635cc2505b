#!/usr/bin/python3
"""Independent reference for audit.Bootstrap.bca (BootstrapBcaTest): BCa intervals of means, in NumPy.

Usage: /usr/bin/python3 src/tools/bca_reference.py

Re-implements, without the Java code's shortcuts:
  - the resampling draws: java.util.SplittableRandom(seed).nextLong() as the SplitMix64 state, then per draw
    state += 0x9E3779B97F4A7C15, z = mix64(state), row = ((z >>> 32) * n) >>> 32 (Lemire's multiply-shift);
  - each resample's mean of every column over the drawn rows where the column is defined (numpy.nanmean);
  - z0 = Phi^-1((#{theta* < theta_hat} + #{theta* == theta_hat} / 2) / B) (SciPy's tie rule; equal = within
    1e-10 (1 + abs(theta_hat)), since Java and NumPy round the same resampled mean differently);
  - the acceleration by the explicit jackknife (Efron & Tibshirani 1993, eq. 14.15): leave each image out in
    turn, a = sum((mean(theta_(i)) - theta_(i))^3) / (6 * sum((mean(theta_(i)) - theta_(i))^2)^1.5);
  - levels alpha_{1,2} = Phi(z0 + (z0 + z) / (1 - a (z0 + z))) for z = Phi^-1(0.025), Phi^-1(0.975) (eq. 14.10)
    and the interval numpy.percentile(theta*, 100 alpha) (linear interpolation).
Phi and Phi^-1 come from the standard library (statistics.NormalDist), not from Apache Commons Math.
Prints each case's mean, lo and hi with 17 significant digits, for the Java test's expected values.
"""
import statistics

import numpy as np

MASK = (1 << 64) - 1
GAMMA = 0x9E3779B97F4A7C15


def mix64(z):
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


def to_signed(x):
    return x - (1 << 64) if x >= 1 << 63 else x


def draws(seed, n, count):
    state = mix64((seed + GAMMA) & MASK)  # SplittableRandom(seed).nextLong()
    out = np.empty(count, dtype=np.int64)
    for i in range(count):
        state = (state + GAMMA) & MASK
        z = mix64(state)
        out[i] = ((z >> 32) * n) >> 32
    return out


def bca(values, resamples, seed, level=0.95):
    values = np.asarray(values, dtype=float)
    n, m = values.shape
    rows = draws(seed, n, resamples * n).reshape(resamples, n)
    nd = statistics.NormalDist()
    out = []
    for j in range(m):
        col = values[:, j]
        theta = np.nanmean(col)
        with np.errstate(invalid="ignore"):
            boot = np.array([np.nanmean(col[r]) if np.any(~np.isnan(col[r])) else np.nan for r in rows])
        boot = boot[~np.isnan(boot)]
        tie = np.abs(boot - theta) <= 1e-10 * (1 + abs(theta))  # equal in exact arithmetic, whatever the rounding
        below = np.sum((boot < theta) & ~tie) + 0.5 * np.sum(tie)
        z0 = nd.inv_cdf(below / len(boot))
        jack = np.array([np.nanmean(np.delete(col, i)) for i in range(n)])
        d = jack.mean() - jack
        a = np.sum(d ** 3) / (6 * np.sum(d ** 2) ** 1.5)
        alpha = (1 - level) / 2
        levels = [nd.cdf(z0 + (z0 + z) / (1 - a * (z0 + z))) for z in (nd.inv_cdf(alpha), nd.inv_cdf(1 - alpha))]
        lo, hi = np.percentile(boot, [100 * q for q in levels])
        out.append((theta, lo, hi, a, z0))
    return out


CASES = {
    # 15 right-skewed values (energy shares of a map that mostly looks elsewhere)
    "skewed": ([[0.01], [0.02], [0.02], [0.03], [0.04], [0.05], [0.05], [0.07], [0.09], [0.12], [0.15], [0.22], [0.35], [0.61], [0.93]], 1000, 20261204),
    # two columns sharing the draws; the second undefined on three images (maps without positive mass)
    "gaps": ([[0.80, 0.10], [0.95, float("nan")], [0.40, 0.30], [0.99, 0.05], [0.70, float("nan")], [0.88, 0.20],
              [0.97, 0.90], [0.55, 0.15], [0.91, float("nan")], [0.99, 0.02], [0.85, 0.60], [0.60, 0.08]], 2000, -7),
}


def main():
    for name, (values, resamples, seed) in CASES.items():
        for j, (theta, lo, hi, a, z0) in enumerate(bca(values, resamples, seed)):
            print(f"{name}[{j}] resamples={resamples} seed={seed}: mean={theta!r} lo={lo!r} hi={hi!r} (a={a:.6f}, z0={z0:.6f})")


if __name__ == "__main__":
    main()
