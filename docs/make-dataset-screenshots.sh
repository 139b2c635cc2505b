#!/usr/bin/env bash
# The failure browser's screenshots for the user guide (docs/images/19-*.png, 20-*.png): a scene set
# (`gradlens scenes generate`, test split: drawings the teaching model never saw), a run of the
# embedded teaching model over it (`gradlens run`), then the real window under a virtual X display
# with the run open (DatasetTour). Needs what docs/make-screenshots.sh needs, plus the clip-art.
#
#   docs/make-dataset-screenshots.sh [COUNT]     # default 2000 scenes; the run is kept in target/dataset-tour
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-2000}"
work=target/dataset-tour
. docs/xvfb.sh
build_unless_skipped
mkdir -p "$work"
if [[ ! -f "$work/dataset.json" && ! -f "$work/scenes/dataset.json" ]]; then
  ./gradlens scenes generate --out "$work/scenes" --count "$count" --split test --seed 8
fi
./gradlens run --model models/scenes-clean.onnx --data "$work/scenes" --out "$work/scenes-clean.duckdb" --methods gradcam
start_xvfb
run_window_tool dev.gradlens.app.tour.DatasetTour --model models/scenes-clean.onnx --run "$work/scenes-clean.duckdb" --out docs/images
