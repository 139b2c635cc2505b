#!/usr/bin/env bash
# Coverage of the audit's intervals averaged over many small samples (issue 9): after ci_coverage.sh, cut the
# repeat run of each teaching model into BLOCKS disjoint blocks of 600 scenes, audit each block and count how
# many of its intervals hold the whole repeat's value. One 600-scene sample says little by itself (its cells
# share images, so one unlucky draw moves many at once); the average over blocks measures the method.
# A block is 3 % of the repeat it is compared with, which raises the expected coverage of an exact interval
# from 94.7 % to P(|Z| < 1.96 / sqrt(1 - 600/20000)) = 95.3 %. Also prints each block's count of the 20
# pre-registered cells per family (ci_coverage.py, docs/conventions.md) and their average over the blocks.
#
# Usage: src/tools/ci_coverage_blocks.sh WORK_DIR [BLOCKS (default 8)] [THREADS (default 2)]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="${1:?usage: ci_coverage_blocks.sh WORK_DIR [BLOCKS] [THREADS]}"
blocks="${2:-8}"
threads="${3:-2}"
mkdir -p "$work/blocks"
rm -f "$work/blocks/twenty.txt"
for model in clean biased; do
    java -cp "$root/target/lib/*" "$root/src/tools/SplitRun.java" "$work/$model-repeat.duckdb" "$work/blocks/$model" 600 "$blocks"
    covered=0; total=0
    for k in $(seq 0 $((blocks - 1))); do
        out="$work/blocks/audit-$model-$k"
        [ -f "$out/localisation.csv" ] || "$root/gradlens" audit "$work/blocks/$model-$k.duckdb" --group badge --region-shape box \
            --threads "$threads" --out "$out" >/dev/null
        full="$(/usr/bin/python3 "$root/src/tools/ci_coverage.py" "$out" "$work/audit-$model-repeat" "${@:4}")"
        line="${full%%$'\n'*}"
        echo "$model block $k: $line"
        # the 20 pre-registered cells per family (ci_coverage.py), without the list of misses
        echo "$full" | grep -E '^    (grid|badge-region) ' | sed 's/; misses.*//'
        echo "$full" | grep -E '^    (grid|badge-region) ' | sed 's/; misses.*//' | awk -v m="$model" '{print m, $1, $2, $3}' >> "$work/blocks/twenty.txt"
        covered=$((covered + $(echo "$line" | awk '{print $1}'))); total=$((total + $(echo "$line" | awk '{print $3}')))
    done
    echo "== $model, $blocks blocks: $covered of $total ($(awk "BEGIN{printf \"%.1f\", 100*$covered/$total}") %)"
    awk -v m="$model" '$1 == m {c[$2 " " $3] += $4; n[$2 " " $3]++} END {for (k in c) printf "   20 cells, %s: %.1f of 20 on average over %d blocks\n", k, c[k] / n[k], n[k]}' "$work/blocks/twenty.txt" | sort
done
