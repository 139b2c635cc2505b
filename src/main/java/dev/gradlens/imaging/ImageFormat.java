package dev.gradlens.imaging;

import java.util.Locale;

/**
 * What a file's first bytes say it is. Decides the decoder and lets errors name the real format
 * ("WebP data") when the extension lies.
 */
enum ImageFormat {
    PNG("PNG", "png", true, "png"),
    JPEG("JPEG", "jpeg", true, "jpg", "jpeg", "jpe", "jfif"),
    GIF("GIF", "gif", true, "gif"),
    BMP("BMP", "bmp", true, "bmp", "dib"),
    // The JDK reads baseline TIFF too; not advertised, but no reason to refuse it.
    TIFF("TIFF", "tiff", true, "tif", "tiff"),
    WEBP("WebP", null, false, "webp"),
    HEIF("HEIF/HEIC", null, false, "heic", "heif"),
    AVIF("AVIF", null, false, "avif"),
    JPEG2000("JPEG 2000", null, false, "jp2", "j2k"),
    PSD("Photoshop PSD", null, false, "psd"),
    ICO("Windows icon", null, false, "ico"),
    PDF("PDF", null, false, "pdf"),
    SVG("SVG (vector)", null, false, "svg"),
    NPY("NumPy array", null, false, "npy"),
    UNKNOWN("unknown", null, false);

    final String label;
    final String imageioName;
    final boolean supported;
    final String[] extensions;

    ImageFormat(String label, String imageioName, boolean supported, String... extensions) {
        this.label = label;
        this.imageioName = imageioName;
        this.supported = supported;
        this.extensions = extensions;
    }

    static ImageFormat sniff(byte[] b) {
        if (starts(b, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) return PNG;
        if (starts(b, 0, 0xFF, 0xD8, 0xFF)) return JPEG;
        if (starts(b, 0, 'G', 'I', 'F', '8')) return GIF;
        if (starts(b, 0, 'B', 'M') && b.length >= 26) return BMP;
        if (starts(b, 0, 'I', 'I', 42, 0) || starts(b, 0, 'M', 'M', 0, 42)) return TIFF;
        if (starts(b, 0, 'R', 'I', 'F', 'F') && starts(b, 8, 'W', 'E', 'B', 'P')) return WEBP;
        if (starts(b, 4, 'f', 't', 'y', 'p')) {
            String brand = b.length >= 12 ? new String(b, 8, 4, java.nio.charset.StandardCharsets.ISO_8859_1) : "";
            if (brand.startsWith("avi")) return AVIF;
            if (brand.startsWith("hei") || brand.startsWith("mif") || brand.startsWith("hev") || brand.startsWith("msf")) return HEIF;
            if (brand.startsWith("jp2")) return JPEG2000;
        }
        if (starts(b, 0, 0, 0, 0, 0x0C, 'j', 'P', ' ', ' ') || starts(b, 0, 0xFF, 0x4F, 0xFF, 0x51)) return JPEG2000;
        if (starts(b, 0, '8', 'B', 'P', 'S')) return PSD;
        if (starts(b, 0, 0, 0, 1, 0) && b.length > 6) return ICO;
        if (starts(b, 0, '%', 'P', 'D', 'F')) return PDF;
        if (starts(b, 0, 0x93, 'N', 'U', 'M', 'P', 'Y')) return NPY;
        String head = new String(b, 0, Math.min(b.length, 256), java.nio.charset.StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        if (head.contains("<svg")) return SVG;
        return UNKNOWN;
    }

    /** The format a file name's extension claims, or null when it claims none we know. */
    static ImageFormat fromExtension(String name) {
        int dot = name.lastIndexOf('.');
        if (dot < 0) return null;
        String ext = name.substring(dot + 1).toLowerCase(Locale.ROOT);
        for (ImageFormat f : values()) for (String e : f.extensions) if (e.equals(ext)) return f;
        return null;
    }

    private static boolean starts(byte[] b, int offset, int... magic) {
        if (b.length < offset + magic.length) return false;
        for (int i = 0; i < magic.length; i++) if ((b[offset + i] & 0xFF) != magic[i]) return false;
        return true;
    }
}
