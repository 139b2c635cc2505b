#!/usr/bin/env bash
# Takes the user guide's screenshots (docs/images/*.png) by driving the real GradLens window
# (real engine, embedded teaching model, bundled samples) under a virtual X display.
#
#   docs/make-screenshots.sh                          # into docs/images/
#   docs/make-screenshots.sh --sample street          # choose the bundled sample by title
#   docs/make-screenshots.sh --model M.onnx --image P.png --out /tmp/shots   # development only
#
# Needs: JDK 17, Maven (offline is fine once dependencies are cached), xvfb, libgtk-3-0.
# Screenshots of other models or photos must not be committed: the tour refuses to write them
# into docs/images.
set -euo pipefail
cd "$(dirname "$0")/.."

. docs/xvfb.sh
build_unless_skipped
start_xvfb
run_window_tool dev.gradlens.app.tour.ScreenshotTour "$@"
