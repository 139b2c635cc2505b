package dev.gradlens.imaging;

/**
 * Turning a stored image upright according to its EXIF orientation (1..8, TIFF tag 0x0112).
 * Each value says where the stored rows and columns belong visually; {@link #apply} maps every
 * upright pixel back to the stored pixel it comes from.
 */
final class ExifOrientation {
    private ExifOrientation() {
    }

    /** True when the orientation swaps width and height (5..8). */
    static boolean swapsAxes(int orientation) {
        return orientation >= 5 && orientation <= 8;
    }

    static String describe(int orientation) {
        return switch (orientation) {
            case 2 -> "mirrored left-right";
            case 3 -> "rotated 180°";
            case 4 -> "mirrored top-bottom";
            case 5 -> "mirrored and rotated 90° counter-clockwise";
            case 6 -> "rotated 90° clockwise";
            case 7 -> "mirrored and rotated 90° clockwise";
            case 8 -> "rotated 90° counter-clockwise";
            default -> "unchanged";
        };
    }

    static RgbImage apply(RgbImage stored, int orientation) {
        if (orientation < 2 || orientation > 8) return stored;
        int w = stored.width(), h = stored.height();
        int outW = swapsAxes(orientation) ? h : w, outH = swapsAxes(orientation) ? w : h;
        int[] src = stored.argb();
        int[] out = new int[src.length];
        for (int y = 0; y < outH; y++) {
            for (int x = 0; x < outW; x++) {
                int sx, sy;
                switch (orientation) {
                    case 2 -> { sx = w - 1 - x; sy = y; }
                    case 3 -> { sx = w - 1 - x; sy = h - 1 - y; }
                    case 4 -> { sx = x; sy = h - 1 - y; }
                    case 5 -> { sx = y; sy = x; }                   // stored row 0 = left, column 0 = top
                    case 6 -> { sx = y; sy = h - 1 - x; }           // stored row 0 = right, column 0 = top
                    case 7 -> { sx = w - 1 - y; sy = h - 1 - x; }   // stored row 0 = right, column 0 = bottom
                    default -> { sx = w - 1 - y; sy = x; }          // 8: stored row 0 = left, column 0 = bottom
                }
                out[y * outW + x] = src[sy * w + sx];
            }
        }
        return new RgbImage(outW, outH, out);
    }
}
