#!/usr/bin/python3
"""Do an audit's 95 % intervals cover the values of a larger repeat run (same generator, other seed)?

Usage: src/tools/ci_coverage.py SMALL_AUDIT_DIR LARGE_AUDIT_DIR [--min-n 30]

Reads localisation.csv (energy share and pointing game) and accuracy.csv of both audits, pairs cells by
their keys (method, counterfactual, class, images_of_class, group, value, region), keeps cells with at least
--min-n maps/images in the small audit, and prints how many of the small audit's intervals contain the large
audit's mean (issue 9 asks for at least 19 of 20). Standard library only.
"""
import csv
import sys


def load(path, keys, measures):
    out = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            for m in measures:
                if row.get(m, "") == "":
                    continue
                out[tuple(row[k] for k in keys) + (m,)] = row
    return out


def main(argv):
    if len(argv) < 3:
        print(__doc__)
        return 2
    small, large = argv[1], argv[2]
    min_n = int(argv[argv.index("--min-n") + 1]) if "--min-n" in argv else 30
    checks = [("localisation.csv", ["method", "counterfactual", "class", "images_of_class", "group", "value", "region"], ["share", "pointing"], "maps"),
              ("accuracy.csv", ["class", "group", "value"], ["accuracy", "confidence"], "n")]
    covered = total = 0
    misses = []
    for name, keys, measures, count in checks:
        a = load(f"{small}/{name}", keys, measures)
        b = load(f"{large}/{name}", keys, measures)
        for k, row in a.items():
            m = k[-1]
            if k not in b or int(row[count]) < min_n:
                continue
            lo, hi, ref = float(row[m + "_lo"]), float(row[m + "_hi"]), float(b[k][m])
            if lo == hi:
                continue  # a degenerate interval (every image the same) says nothing about coverage
            total += 1
            if lo <= ref <= hi:
                covered += 1
            else:
                misses.append((name, k, lo, hi, ref))
    print(f"{covered} of {total} intervals cover the repeat run's value ({100.0 * covered / max(total, 1):.1f} %; 95 % expected)")
    for name, k, lo, hi, ref in misses[:20]:
        print(f"  miss {name} {k}: [{lo:.4f}, {hi:.4f}] vs {ref:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
