#!/usr/bin/env bash
# Measures the GradLens window under a virtual X display (see "Performance" in docs/user-guide.md):
# JVM start → window shown, open image → first panels, and the FX-thread cost of one opacity step.
#
#   docs/window-benchmark.sh                                  # default teaching model, bundled samples
#   docs/window-benchmark.sh --model M.onnx --image P.png     # any model and photo
#   docs/window-benchmark.sh --steps 50 --opens 5
#
# Needs: JDK 17, Maven, xvfb, libgtk-3-0. Prints a Markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."

. docs/xvfb.sh
build_unless_skipped
start_xvfb
run_window_tool dev.gradlens.app.tour.WindowBenchmark "$@"
