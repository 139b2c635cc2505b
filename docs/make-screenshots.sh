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

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  mvn -B -o -q -DskipTests package
fi

. docs/xvfb.sh
start_xvfb

# JavaFX is on the class path (not the module path), so ControlsFX needs no --add-exports here.
# Software rendering: identical pictures on any machine, no GPU needed.
OPT_OUT_TRACKING=true java -Xmx4g \
  -Dai.djl.offline=true -DOPT_OUT_TRACKING=true \
  -Dprism.order=sw -Dprism.lcdtext=false -Djava.awt.headless=true ${TOUR_JAVA_OPTS:-} \
  -cp "target/test-classes:target/classes:target/lib/*" \
  dev.gradlens.app.tour.ScreenshotTour "$@"
