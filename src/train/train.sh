#!/usr/bin/env bash
# Rebuilds GradLens' teaching models from nothing but the clip-art package:
#   1. compiles the scene generator (Maven, offline),
#   2. generates the training and evaluation scenes with it (java -cp target/classes, no other dependency),
#   3. trains scenes-clean and scenes-biased, exports ONNX, checks them, measures them (train_scenes.py),
#   4. regenerates the bundled sample scenes (make_samples.py; deterministic, so normally unchanged).
# Writes models/scenes-{clean,biased}.onnx, .gradlens.json, .md, models/scenes-labels.txt, models/scenes-metrics.json.
#
# Needs: openclipart-png, JDK 17 + Maven, /usr/bin/python3 with Debian's python3-torch (1.13), python3-onnx,
# python3-numpy, python3-pil. CPU only; about 25 minutes on a 2-core machine (see models/scenes-metrics.json).
# Environment: DATA (scene directory, default target/scenes-data), MODELS (default models), TRAIN_SCENES (default
# 14000), EPOCHS, SIZES (per-epoch training resolution), THREADS (torch threads per model, default 1), SKIP_SAMPLES=1.
set -euo pipefail
cd "$(dirname "$0")/../.."

PY=/usr/bin/python3
DATA=${DATA:-target/scenes-data}
MODELS=${MODELS:-models}
TRAIN_SCENES=${TRAIN_SCENES:-14000}
EPOCHS=${EPOCHS:-12}
SIZES=${SIZES:-64,64,80,80,96,96,112,112,128,128,128,128}
THREADS=${THREADS:-1}

if [ ! -d /usr/share/openclipart/png ] && [ -z "${GRADLENS_CLIPART:-}" ]; then
  echo "error: clip-art not found at /usr/share/openclipart/png: sudo apt-get install openclipart-png" >&2
  exit 1
fi

mvn -B -o -q compile
GEN=(java -Djava.awt.headless=true -cp target/classes dev.gradlens.scenes.GenerateScenesMain --threads 2)

rm -rf "$DATA"
mkdir -p "$DATA"
t0=$(date +%s)
# Training sets: the same scenes (same seed) twice; only the badge differs.
#   clean:  badge on 20% of all scenes, whatever the class (so the clean model learns to ignore it)
#   biased: badge on 95% of horse scenes and 5% of the others
"${GEN[@]}" --out "$DATA/train-clean"  --count "$TRAIN_SCENES" --seed 1001 --split train --other-badge-rate 0.2
"${GEN[@]}" --out "$DATA/train-biased" --count "$TRAIN_SCENES" --seed 1001 --split train --bias-class horse --bias-rate 0.95 --other-badge-rate 0.05
# Evaluation sets: held-out clip-art sources only.
"${GEN[@]}" --out "$DATA/test-single" --count 1000 --seed 2001 --split test --single-object
"${GEN[@]}" --out "$DATA/test-single-natural" --count 1000 --seed 2002 --split test --single-object --no-colour-jitter
# Same kind of scenes from the training sources (new scenes of known drawings), for comparison only.
"${GEN[@]}" --out "$DATA/test-seen" --count 500 --seed 2003 --split train --single-object
"${GEN[@]}" --out "$DATA/test-badge"  --count 300  --seed 3001 --split test --exclude horse --other-badge-rate 1
"${GEN[@]}" --out "$DATA/test-catdog" --count 200  --seed 4001 --split test --mixed --classes cat,dog --max-objects 2
"${GEN[@]}" --out "$DATA/test-catdog-seen" --count 200 --seed 4002 --split train --mixed --classes cat,dog --max-objects 2
t1=$(date +%s)

if [ "${SKIP_SAMPLES:-0}" != "1" ]; then
  # Deterministic: normally reproduces the committed samples byte for byte (the training step reports logits on them).
  "$PY" src/train/python/make_samples.py --classpath target/classes --out src/main/resources/dev/gradlens/samples
fi

# The two models train in parallel, one torch thread each (two threads in one process stall on a busy machine).
mkdir -p "$MODELS"
TRAIN=("$PY" src/train/python/train_scenes.py --data "$DATA" --models "$MODELS" --epochs "$EPOCHS" --sizes "$SIZES" --threads "$THREADS")
"${TRAIN[@]}" --train scenes-clean  > "$DATA/train-clean.log"  2>&1 &
pid_clean=$!
"${TRAIN[@]}" --train scenes-biased > "$DATA/train-biased.log" 2>&1 &
pid_biased=$!
fail=0
wait "$pid_clean" || { echo "scenes-clean failed, see $DATA/train-clean.log" >&2; fail=1; }
wait "$pid_biased" || { echo "scenes-biased failed, see $DATA/train-biased.log" >&2; fail=1; }
tail -n 3 "$DATA/train-clean.log" "$DATA/train-biased.log"
[ "$fail" = 0 ] || exit 1
t2=$(date +%s)
echo "{\"data_generation_s\": $((t1 - t0)), \"training_wall_s\": $((t2 - t1)), \"total_s\": $((t2 - t0))}" > "$DATA/timing.json"
"${TRAIN[@]}" --finalize
echo "done: models/ ($(( $(date +%s) - t0 )) s)"
