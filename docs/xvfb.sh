# Sourced by docs/make-screenshots.sh and docs/window-benchmark.sh: a virtual X display for the window.
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
