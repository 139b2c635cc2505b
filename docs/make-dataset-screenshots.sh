#!/usr/bin/env bash
# The failure browser's screenshots for the user guide (docs/images/19-*.png, 20-*.png): a scene set
# (`gradlens scenes generate`, test split: drawings the teaching model never saw), a run of the
# embedded teaching model over it (`gradlens run`), then the real window under a virtual X display
# with the run open (DatasetTour). Then the Audit and Compare pages (docs/images/21-*.png to 24-*.png,
# the user guide's worked audit): the worked audit's demo set (the badge planted on half the horses
# and a fifth of the other scenes), runs of the biased and the clean teaching model with every image's
# horse map (--target horse), and the window with the biased run audited by `badge` and compared with
# the clean one (AuditTour). Needs what docs/make-screenshots.sh needs, plus the clip-art.
#
#   docs/make-dataset-screenshots.sh [COUNT]     # default 2000 scenes; runs are kept in target/dataset-tour
#   TOUR_DISPLAY=93 docs/make-dataset-screenshots.sh   # another virtual display than :97
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
# the worked audit's data (docs/user-guide.md, "A worked audit"); re-running resumes the runs
if [[ ! -f "$work/demo/dataset.json" ]]; then
  ./gradlens scenes generate --out "$work/demo" --count 600 --seed 5001 --split test --bias-class horse --bias-rate 0.5 --other-badge-rate 0.2
fi
./gradlens run --model models/scenes-biased.onnx --data "$work/demo" --methods gradcam --target horse --out "$work/demo-biased.duckdb"
./gradlens run --model models/scenes-clean.onnx --data "$work/demo" --methods gradcam --target horse --out "$work/demo-clean.duckdb"
start_xvfb
run_window_tool dev.gradlens.app.tour.DatasetTour --model models/scenes-clean.onnx --run "$work/scenes-clean.duckdb" --out docs/images
run_window_tool dev.gradlens.app.tour.AuditTour --model models/scenes-biased.onnx --run "$work/demo-biased.duckdb" \
  --compare "$work/demo-clean.duckdb" --out docs/images
