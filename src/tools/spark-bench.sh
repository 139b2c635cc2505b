#!/usr/bin/env bash
# Spark path vs `gradlens run` on the same machine and images (docs/spark.md). A benchmark, not a test.
# Usage (from the repository root, after `mvn -B -Pspark -DskipTests package`):
#   src/tools/spark-bench.sh [SMALL] [LARGE]        (default 1000 and 9000 generated test-split scenes)
#   PART=N src/tools/spark-bench.sh ...              (--partition-size N; default: the job's own, derived from the
#                                                     per-image cost and the slots, see docs/spark.md)
# Each configuration runs over SMALL and LARGE images; the time per image is the slope
# (T_LARGE - T_SMALL) / (LARGE - SMALL), so JVM start, Spark start and the model's first open
# (fixed costs) drop out and what remains is the per-image cost of each path. They drop out only as far as
# they are equal in the two jobs: a second's difference moves the slope by 1/(LARGE - SMALL) s per image,
# 0.6 ms over 1,600 images (a quarter of the teaching model's 2.3 ms) but 0.13 ms over 8,000, hence the
# defaults (about 4 minutes on 2 cores).
set -euo pipefail
SMALL=${1:-1000}; LARGE=${2:-9000}; PART=${PART:-}
JAR=target/gradlens-0.1.0-spark.jar
[ -f "$JAR" ] || { echo "build first: mvn -B -Pspark -DskipTests package" >&2; exit 2; }
W=$(mktemp -d /tmp/gradlens-spark-bench.XXXXXX); trap 'rm -rf "$W"' EXIT
mvn -B -q -o dependency:build-classpath -Dmdep.includeScope=provided -Dmdep.outputFile="$W/spark.cp" >/dev/null
DESK="target/classes:target/lib/*"
# the cluster's class path: Spark and its dependencies only; GradLens's own libraries come from the job jar
SPARK="$JAR:$(tr ':' '\n' < "$W/spark.cp" | grep -vE '/(onnxruntime|djl|duckdb|picocli|tribuo|openjfx|controlsfx|kordamp|slf4j-nop)/' | paste -sd:)"
MODEL=models/scenes-clean.onnx
# -Xss8m: ONNX Runtime's native start-up overflows a 1 MB thread stack when java.class.path is long (docs/spark.md)
FLAGS="-Xss8m -Xmx3g -Dai.djl.offline=true -Djava.awt.headless=true"
java $FLAGS -cp "$DESK" dev.gradlens.scenes.GenerateScenesMain --out "$W/scenes" --count "$LARGE" --split test --seed 5 --threads 2 >/dev/null

# wall seconds on stdout; the process's CPU seconds (user + sys, all threads) appended to $W/cpu, which a shared
# machine inflates far less than the wall clock
secs() { local s e; s=$(date +%s.%N); /usr/bin/time -f "%U %S" -o "$W/time" "$@" >"$W/log" 2>&1 || { cat "$W/log" >&2; exit 1; }
  e=$(date +%s.%N); awk '{print $1 + $2}' "$W/time" >> "$W/cpu"; echo "$e - $s" | bc; }
local_run() { # $1 images, $2 cores
  rm -f "$W/run.duckdb"
  secs java $FLAGS -Dgradlens.ort.threads="$2" -cp "$DESK" dev.gradlens.cli.GradLensCli run --model $MODEL --data "$W/scenes" \
       --out "$W/run.duckdb" --limit "$1" --threads "$2" --batch 16
}
spark_run() { # $1 images, $2 local[N]
  rm -rf "$W/out"
  secs java $FLAGS -Dspark.master="local[$2]" -Dspark.ui.enabled=false -Dspark.driver.host=127.0.0.1 -Dgradlens.ort.threads=1 \
       -cp "$SPARK" dev.gradlens.spark.SparkRunMain --model $MODEL --data "$W/scenes" --out "$W/out" --limit "$1" \
       --batch 16 ${PART:+--partition-size "$PART"}
  # the job's partitioning and its per-partition stage timings (stderr/stdout of the last run)
  grep -hE "images per partition|stage timings" "$W/log" | sed "s/^/  # local[$2] $1 images: /" >&2
}
echo "# $(date -u +%FT%TZ) $(nproc) cores, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "config small_s large_s per_image_ms images_per_s cpu_per_image_ms"
for c in "local 1" "spark 1" "local 2" "spark 2"; do
  set -- $c
  : > "$W/cpu"
  if [ "$1" = local ]; then a=$(local_run "$SMALL" "$2"); b=$(local_run "$LARGE" "$2"); else a=$(spark_run "$SMALL" "$2"); b=$(spark_run "$LARGE" "$2"); fi
  per=$(echo "scale=3; ($b - $a) * 1000 / ($LARGE - $SMALL)" | bc)
  cpu=$(awk -v n=$((LARGE - SMALL)) 'NR==1{a=$1} NR==2{b=$1} END{printf "%.3f", (b - a) * 1000 / n}' "$W/cpu")
  echo "$1[$2] $a $b $per $(echo "scale=2; 1000 / $per" | bc) $cpu"
done
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
