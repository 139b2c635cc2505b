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

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  mvn -B -o -q -DskipTests package
fi

. docs/xvfb.sh
start_xvfb

# Same flags as the screenshot tour: JavaFX on the class path (no --add-exports needed), software
# rendering (what a machine without a GPU gets; prism.order=es2 measures the GPU pipeline instead).
OPT_OUT_TRACKING=true java -Xmx4g \
  -Dai.djl.offline=true -DOPT_OUT_TRACKING=true \
  -Dprism.order="${PRISM_ORDER:-sw}" -Djava.awt.headless=true ${TOUR_JAVA_OPTS:-} \
  -cp "target/test-classes:target/classes:target/lib/*" \
  dev.gradlens.app.tour.WindowBenchmark "$@"
