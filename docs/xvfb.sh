# Sourced by docs/make-screenshots.sh and docs/window-benchmark.sh: builds the jar, starts a virtual X
# display and runs a tool that drives the real window (classes under src/test/java/dev/gradlens/app/tour).
# Display :97 unless TOUR_DISPLAY says otherwise; TOUR_USE_DISPLAY=1 uses $DISPLAY as it is.
start_xvfb() {
  [[ -n "${TOUR_USE_DISPLAY:-}" ]] && return 0
  local num="${TOUR_DISPLAY:-97}" ready
  ready=$(mktemp)
  for _ in $(seq 20); do
    # -displayfd: Xvfb writes the display number to fd 3 once it accepts connections
    Xvfb ":${num}" -screen 0 1600x1000x24 -nolisten tcp -displayfd 3 3>"$ready" >/dev/null 2>&1 &
    XVFB_PID=$!
    for _ in $(seq 100); do
      [[ -s "$ready" ]] && break
      kill -0 "$XVFB_PID" 2>/dev/null || break
      sleep 0.1
    done
    if [[ -s "$ready" ]]; then
      rm -f "$ready"
      trap stop_xvfb EXIT
      export DISPLAY=":${num}"
      return 0
    fi
    # not up: most likely the display of an Xvfb still shutting down; try again shortly
    kill "$XVFB_PID" 2>/dev/null || true
    wait "$XVFB_PID" 2>/dev/null || true
    sleep 0.5
  done
  rm -f "$ready"
  echo "error: cannot start Xvfb on display :${num} (in use?): set TOUR_DISPLAY to a free display number" >&2
  exit 1
}

stop_xvfb() {
  if [[ -n "${XVFB_PID:-}" ]]; then
    kill "$XVFB_PID" 2>/dev/null || true
    wait "$XVFB_PID" 2>/dev/null || true
  fi
}

# mvn package unless SKIP_BUILD=1 (the tour classes come from target/test-classes).
build_unless_skipped() {
  if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
    mvn -B -o -q -DskipTests package
  fi
}

# Runs a tour main class on the virtual display. JavaFX is on the class path (not the module path),
# so ControlsFX needs no --add-exports; software rendering (PRISM_ORDER=sw by default) gives the same
# pictures on any machine and is what a machine without a GPU gets.
run_window_tool() {
  local main="$1"
  shift
  OPT_OUT_TRACKING=true java -Xmx4g \
    -Dai.djl.offline=true -DOPT_OUT_TRACKING=true \
    -Dprism.order="${PRISM_ORDER:-sw}" -Dprism.lcdtext=false -Djava.awt.headless=true ${TOUR_JAVA_OPTS:-} \
    -cp "target/test-classes:target/classes:target/lib/*" \
    "$main" "$@"
}
