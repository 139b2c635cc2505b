#!/usr/bin/env bash
# Regenerates the GradLens icon: icons/gradlens.svg, icons/gradlens.png (256 px, used by jpackage),
# icons/gradlens-48.png and icons/gradlens-128.png. The drawing is described once, in MakeIcons.java
# (Java2D renders the PNGs, the same geometry is written out as SVG). Needs only a JDK 17+.
# If librsvg's gdk-pixbuf loader and ImageMagick are present, the SVG is also rendered by librsvg and
# compared with the Java2D PNG, so the two outputs cannot drift apart unnoticed.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
java -Djava.awt.headless=true "$here/MakeIcons.java" "$here"

if command -v gdk-pixbuf-thumbnailer >/dev/null && command -v compare >/dev/null; then
  tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
  if gdk-pixbuf-thumbnailer -s 256 "$here/gradlens.svg" "$tmp/svg.png" 2>/dev/null; then
    # RMSE as a fraction of full scale; anti-aliasing differences stay well under 2 %
    rmse="$(compare -metric RMSE "$tmp/svg.png" "$here/gradlens.png" null: 2>&1 | sed -E 's/.*\((.*)\).*/\1/' || true)"
    echo "SVG (librsvg) vs PNG (Java2D): RMSE $rmse"
    awk -v r="$rmse" 'BEGIN { exit !(r < 0.02) }' || { echo "make-icons: SVG and PNG differ" >&2; exit 1; }
  fi
fi
