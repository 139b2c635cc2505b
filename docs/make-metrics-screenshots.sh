#!/usr/bin/env bash
# The faithfulness screenshots for the user guide (docs/images/metrics-*.png): the Score action on the
# first bundled sample, the Sanity page, and the run view of a scene-set run with a metrics table
# (the embedded teaching model over generated scenes, test split). Needs what
# docs/make-dataset-screenshots.sh needs.
#
#   docs/make-metrics-screenshots.sh [COUNT]     # default 300 scenes; the run is kept in target/metrics-tour
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-300}"
work=target/metrics-tour
. docs/xvfb.sh
build_unless_skipped
mkdir -p "$work"
if [[ ! -f "$work/scenes/dataset.json" ]]; then
  ./gradlens scenes generate --out "$work/scenes" --count "$count" --split test --seed 8
fi
if ./gradlens run --help | grep -q -- '--metrics'; then
  ./gradlens run --model models/scenes-clean.onnx --data "$work/scenes" --out "$work/scenes-clean.duckdb" --methods gradcam,gradcampp \
    --metrics faithfulness,deletion-insertion
else
  # a build without `gradlens run --metrics`: the same rows from the stored maps (FaithfulnessScorer)
  ./gradlens run --model models/scenes-clean.onnx --data "$work/scenes" --out "$work/scenes-clean.duckdb" --methods gradcam,gradcampp
  run_window_tool dev.gradlens.app.tour.MetricsFill --model models/scenes-clean.onnx --run "$work/scenes-clean.duckdb"
fi
TOUR_DISPLAY="${TOUR_DISPLAY:-95}" start_xvfb
run_window_tool dev.gradlens.app.tour.MetricsTour --model models/scenes-clean.onnx --run "$work/scenes-clean.duckdb" --out docs/images
