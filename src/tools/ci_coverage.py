#!/usr/bin/python3
"""Do an audit's 95 % intervals cover the values of a larger repeat run (same generator, other seed)?

Usage: src/tools/ci_coverage.py SMALL_AUDIT_DIR LARGE_AUDIT_DIR [--min-n 30] [--misses 40]

Reads localisation.csv (energy share and pointing game) and accuracy.csv (accuracy and mean confidence) of both
audits, pairs cells by their keys (method, counterfactual, class, images_of_class, group, value, region), and
counts how many of the small audit's intervals contain the large audit's value (issue 9 asks for at least 19
of 20). Cells left out, each counted in the output:
  - fewer than --min-n images/maps in the small audit (the cell's n for that measure);
  - a region with area 0 in the small audit's cell (no image of the cell has it: share and pointing game are 0
    by construction, in both runs);
  - a zero-width interval (every image the same value, e.g. a share that is 0 on every image).
The repeat has its own sampling noise: for an exact 95 % interval from n images and a repeat of m images, the
repeat's value falls inside with probability P(|Z| < 1.96 / sqrt(1 + n/m)); the script prints the mean of
that expectation over the cells it counts, and the binomial range of the count were the cells independent
(they are not: regions of one cell share images, so the count varies more).

Then the issue's own check, on 20 cells named in advance (docs/conventions.md, "Audit", Intervals; the same
cells as the test-source tool CoverageSimulation), every cell counted whatever its size or width, a cell
missing from either audit counted as a miss:
  - "grid", every family: the class x group grid, 10 true classes x GROUP in {no, yes}: accuracy and confidence
    of the class's images (accuracy.csv); energy share and pointing game of the class's own maps (first method,
    no counterfactuals) on the images of the class, region object (present in both group values);
  - "badge-region", energy share and pointing game: region GROUP (badge) of each class's maps on the scenes
    with GROUP = yes, 10 map classes x {images with the class, images without it}.
Standard library only.
"""
import csv
import math
import sys
from collections import defaultdict

Z = 1.959963984540054


def load(path, keys, measures):
    out = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            for m in measures:
                if row.get(m, "") == "":
                    continue
                out[tuple(row[k] for k in keys) + (m,)] = row
    return out


def phi(x):
    return 0.5 * math.erfc(-x / math.sqrt(2))


def expected_coverage(n_small, n_large):
    return 2 * phi(Z / math.sqrt(1 + n_small / n_large)) - 1


def count_of(name, measure, row):
    if name == "accuracy.csv":
        return int(row["n"])
    return int(row["pointing_maps"]) if measure == "pointing" else int(row["maps"])


def main(argv):
    if len(argv) < 3:
        print(__doc__)
        return 2
    small, large = argv[1], argv[2]
    min_n = int(argv[argv.index("--min-n") + 1]) if "--min-n" in argv else 30
    show = int(argv[argv.index("--misses") + 1]) if "--misses" in argv else 40
    checks = [("localisation.csv", ["method", "counterfactual", "class", "images_of_class", "group", "value", "region"], ["share", "pointing"]),
              ("accuracy.csv", ["class", "group", "value"], ["accuracy", "confidence"])]
    per = defaultdict(lambda: [0, 0, 0.0])  # measure -> covered, total, sum of expected coverage
    skipped = defaultdict(int)
    misses = []
    for name, keys, measures in checks:
        a = load(f"{small}/{name}", keys, measures)
        b = load(f"{large}/{name}", keys, measures)
        for k, row in a.items():
            m = k[-1]
            if k not in b:
                skipped["no such cell in the repeat"] += 1
                continue
            n_small, n_large = count_of(name, m, row), count_of(name, m, b[k])
            if n_small < min_n:
                skipped[f"under {min_n} images/maps"] += 1
                continue
            if name == "localisation.csv" and float(row["area"]) == 0:
                skipped["region absent from the cell (0 by construction)"] += 1
                continue
            lo, hi, est, ref = float(row[m + "_lo"]), float(row[m + "_hi"]), float(row[m]), float(b[k][m])
            if lo == hi:
                skipped["zero-width interval" + (", holds the repeat's value" if lo == ref else ", misses the repeat's value")] += 1
                continue
            p = per[m]
            p[1] += 1
            p[2] += expected_coverage(n_small, n_large)
            if lo <= ref <= hi:
                p[0] += 1
            else:
                half = (hi - lo) / 2
                misses.append((name, k, n_small, est, lo, hi, ref, (ref - est) / half if half > 0 else float("inf")))
    covered = sum(p[0] for p in per.values())
    total = sum(p[1] for p in per.values())
    expected = sum(p[2] for p in per.values())
    print(f"{covered} of {total} intervals cover the repeat run's value ({100.0 * covered / max(total, 1):.1f} %); "
          f"expected given the repeat's size {100.0 * expected / max(total, 1):.1f} %")
    if total:
        c = expected / total
        sd = math.sqrt(total * c * (1 - c))
        print(f"  (were the cells independent: {expected:.1f} ± {1.96 * sd:.1f} covered, "
              f"{100 * (expected - 1.96 * sd) / total:.1f}–{min(100.0, 100 * (expected + 1.96 * sd) / total):.1f} %)")
    for m, (cv, tt, ex) in per.items():
        print(f"  {m:<10} {cv:4d} of {tt:4d} ({100.0 * cv / tt:5.1f} %), expected {100.0 * ex / tt:.1f} %")
    for why, n in skipped.items():
        print(f"  left out: {n} ({why})")
    twenty(small, large, argv[argv.index("--group") + 1] if "--group" in argv else "badge")
    misses.sort(key=lambda x: -abs(x[-1]))
    for name, k, n, est, lo, hi, ref, z in misses[:show]:
        print(f"  miss {name} {'/'.join(k)}: n = {n}, {est:.4f} [{lo:.4f}, {hi:.4f}] vs {ref:.4f} "
              f"({'above' if ref > hi else 'below'}, {abs(z):.2f} half-widths from the estimate)")
    return 0


def twenty(small, large, group):
    """The 20 pre-registered cells per family: how many of the small audit's intervals hold the repeat's value."""
    def rows(path):
        with open(path, newline="") as f:
            return list(csv.DictReader(f))
    acc_a, acc_b = rows(f"{small}/accuracy.csv"), rows(f"{large}/accuracy.csv")
    loc_a, loc_b = rows(f"{small}/localisation.csv"), rows(f"{large}/localisation.csv")
    method = next((r["method"] for r in loc_b if r["counterfactual"] == "false"), None)
    classes = sorted({r["class"] for r in acc_b if r["class"] != ""}, key=int)
    acc_key = lambda r: (r["class"], r["group"], r["value"])  # noqa: E731
    loc_key = lambda r: (r["method"], r["counterfactual"], r["class"], r["images_of_class"], r["group"], r["value"], r["region"])  # noqa: E731
    grid = [(c, group, v) for c in classes for v in ("no", "yes")]
    sets = [("grid", "accuracy", grid), ("grid", "confidence", grid),
            ("grid", "share", [(method, "false", c, "with", group, v, "object") for c in classes for v in ("no", "yes")]),
            ("grid", "pointing", [(method, "false", c, "with", group, v, "object") for c in classes for v in ("no", "yes")]),
            (f"{group}-region", "share", [(method, "false", c, w, group, "yes", group) for c in classes for w in ("with", "without")]),
            (f"{group}-region", "pointing", [(method, "false", c, w, group, "yes", group) for c in classes for w in ("with", "without")])]
    index = {"accuracy": ({acc_key(r): r for r in acc_a}, {acc_key(r): r for r in acc_b}),
             "share": ({loc_key(r): r for r in loc_a}, {loc_key(r): r for r in loc_b})}
    index["confidence"], index["pointing"] = index["accuracy"], index["share"]
    print(f"  the 20 cells (grid: 10 classes x {group} no/yes, for share and pointing the class's own {method} maps, region object;"
          f" {group}-region: region {group} of each class's maps, images with/without the class, {group} = yes):")
    for name, fam, cells in sets:
        a, b = index[fam]
        covered, notes = 0, []
        for k in cells:
            if k not in a or k not in b or a[k].get(fam, "") == "" or b[k].get(fam, "") == "":
                notes.append(f"{'/'.join(k)} missing")
                continue
            lo, hi, ref = float(a[k][fam + "_lo"]), float(a[k][fam + "_hi"]), float(b[k][fam])
            if lo <= ref <= hi:
                covered += 1
            else:
                n = a[k]["n"] if fam in ("accuracy", "confidence") else a[k]["pointing_maps" if fam == "pointing" else "maps"]
                notes.append(f"{'/'.join(k[2:6] if fam in ('share', 'pointing') else k)}: n = {n}, "
                             f"[{lo:.3g}, {hi:.3g}] vs {ref:.3g}")
        print(f"    {name:<13} {fam:<10} {covered:2d} of {len(cells)}" + ("; misses: " + "; ".join(notes) if notes else ""))


if __name__ == "__main__":
    sys.exit(main(sys.argv))
