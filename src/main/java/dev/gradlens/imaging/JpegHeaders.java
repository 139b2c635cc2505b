package dev.gradlens.imaging;

/**
 * The few JPEG header facts ImageIO does not act on: the EXIF orientation (APP1), the Adobe
 * colour transform (APP14: CMYK stored inverted, or YCCK) and the component count (SOF). Parsed
 * from the bytes by walking the marker segments up to the first scan; anything malformed is
 * treated as absent, never as an error (a photo with a broken EXIF block still decodes).
 */
record JpegHeaders(int orientation, boolean adobe, int adobeTransform, int components) {

    static final JpegHeaders NONE = new JpegHeaders(1, false, -1, 0);

    static JpegHeaders parse(byte[] b) {
        if (b.length < 4 || (b[0] & 0xFF) != 0xFF || (b[1] & 0xFF) != 0xD8) return NONE;
        int orientation = 1, transform = -1, components = 0;
        boolean adobe = false, exifSeen = false;
        int p = 2;
        while (p + 4 <= b.length) {
            if ((b[p] & 0xFF) != 0xFF) break; // lost sync: stop, keep what we have
            int marker = b[p + 1] & 0xFF;
            if (marker == 0xFF) { // fill byte
                p++;
                continue;
            }
            if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) { // no length
                p += 2;
                continue;
            }
            if (marker == 0xD9 || marker == 0xDA) break; // end of image / start of scan
            int len = u16be(b, p + 2);
            if (len < 2 || p + 2 + len > b.length) break;
            int data = p + 4, end = p + 2 + len;
            if (marker == 0xE1 && !exifSeen && ascii(b, data, end, "Exif\0\0")) {
                exifSeen = true;
                orientation = exifOrientation(b, data + 6, end);
            } else if (marker == 0xEE && ascii(b, data, end, "Adobe") && end - data >= 12) {
                adobe = true;
                transform = b[data + 11] & 0xFF;
            } else if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC
                    && end - data >= 6) {
                components = b[data + 5] & 0xFF;
            }
            p = end;
        }
        return new JpegHeaders(orientation, adobe, transform, components);
    }

    /** Tag 0x0112 of IFD0 in the TIFF structure at {@code tiff}; 1 when absent or invalid. */
    static int exifOrientation(byte[] b, int tiff, int end) {
        if (tiff + 8 > end) return 1;
        boolean little;
        if (b[tiff] == 'I' && b[tiff + 1] == 'I') little = true;
        else if (b[tiff] == 'M' && b[tiff + 1] == 'M') little = false;
        else return 1;
        if (u16(b, tiff + 2, little) != 42) return 1;
        long ifd = u32(b, tiff + 4, little);
        if (ifd < 8 || tiff + ifd + 2 > end) return 1;
        int dir = (int) (tiff + ifd);
        int count = u16(b, dir, little);
        for (int i = 0; i < count; i++) {
            int e = dir + 2 + 12 * i;
            if (e + 12 > end) return 1;
            if (u16(b, e, little) != 0x0112) continue;
            int type = u16(b, e + 2, little);
            int value = type == 3 ? u16(b, e + 8, little) : type == 4 ? (int) u32(b, e + 8, little) : 0;
            return value >= 1 && value <= 8 ? value : 1;
        }
        return 1;
    }

    private static boolean ascii(byte[] b, int from, int end, String s) {
        if (end - from < s.length()) return false;
        for (int i = 0; i < s.length(); i++) if (b[from + i] != (byte) s.charAt(i)) return false;
        return true;
    }

    private static int u16be(byte[] b, int p) {
        return (b[p] & 0xFF) << 8 | (b[p + 1] & 0xFF);
    }

    private static int u16(byte[] b, int p, boolean little) {
        return little ? (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8 : u16be(b, p);
    }

    private static long u32(byte[] b, int p, boolean little) {
        long v = little ? (b[p] & 0xFFL) | (b[p + 1] & 0xFFL) << 8 | (b[p + 2] & 0xFFL) << 16 | (b[p + 3] & 0xFFL) << 24
                : (b[p] & 0xFFL) << 24 | (b[p + 1] & 0xFFL) << 16 | (b[p + 2] & 0xFFL) << 8 | (b[p + 3] & 0xFFL);
        return v;
    }
}
