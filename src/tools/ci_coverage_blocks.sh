#!/usr/bin/env bash
# Coverage of the audit's intervals averaged over many small samples (issue 9): after ci_coverage.sh, cut the
# repeat run of each teaching model into BLOCKS disjoint blocks of 600 scenes, audit each block and count how
# many of its intervals hold the whole repeat's value. One 600-scene sample says little by itself (its cells
# share images, so one unlucky draw moves many at once); the average over blocks measures the method.
# A block is 3 % of the repeat it is compared with, which raises the expected coverage of an exact interval
# from 94.7 % to P(|Z| < 1.96 / sqrt(1 - 600/20000)) = 95.3 %.
#
# Usage: src/tools/ci_coverage_blocks.sh WORK_DIR [BLOCKS (default 8)] [THREADS (default 2)]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="${1:?usage: ci_coverage_blocks.sh WORK_DIR [BLOCKS] [THREADS]}"
blocks="${2:-8}"
threads="${3:-2}"
mkdir -p "$work/blocks"
for model in clean biased; do
    java -cp "$root/target/lib/*" "$root/src/tools/SplitRun.java" "$work/$model-repeat.duckdb" "$work/blocks/$model" 600 "$blocks"
    covered=0; total=0
    for k in $(seq 0 $((blocks - 1))); do
        out="$work/blocks/audit-$model-$k"
        [ -f "$out/localisation.csv" ] || "$root/gradlens" audit "$work/blocks/$model-$k.duckdb" --group badge --region-shape box \
            --threads "$threads" --out "$out" >/dev/null
        line="$(/usr/bin/python3 "$root/src/tools/ci_coverage.py" "$out" "$work/audit-$model-repeat" "${@:4}")"
        line="${line%%$'\n'*}"
        echo "$model block $k: $line"
        covered=$((covered + $(echo "$line" | awk '{print $1}'))); total=$((total + $(echo "$line" | awk '{print $3}')))
    done
    echo "== $model, $blocks blocks: $covered of $total ($(awk "BEGIN{printf \"%.1f\", 100*$covered/$total}") %)"
done
