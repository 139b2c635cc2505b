package dev.gradlens.imaging;

import dev.gradlens.GradLensException;

import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Reads the photos users bring into an upright, opaque {@link RgbImage}, coping with what real
 * files do: extensions that lie, EXIF orientation, grey and 16-bit PNGs, transparency, CMYK/YCCK
 * JPEGs, truncated files and decompression bombs. Every failure is a {@link GradLensException}
 * with one line that names the file; no IOException, NullPointerException or OutOfMemoryError
 * escapes.
 *
 * <p>Large images: the size is read from the header first; when the longer side exceeds
 * {@code maxSide} the decoder subsamples while reading (every n-th pixel and row), so a
 * 30000 x 30000 PNG never allocates its full bitmap. Models see a few hundred pixels, so the
 * loss is invisible in the explanation.
 *
 * <p>Truncated files: JPEG decoders fill the missing part with grey and only warn. By default the
 * partial image is returned with a note saying so (the user can still look at the intact part);
 * {@code acceptTruncated = false} turns that into an error.
 */
public final class ImageLoader {
    public static final int DEFAULT_MAX_SIDE = 4096;
    /** Refuse files above this size before reading them into memory. */
    public static final long MAX_FILE_BYTES = 512L * 1024 * 1024;
    static final String SUPPORTED = "PNG, JPEG, BMP, GIF";

    private final int maxSide;
    private final boolean acceptTruncated;

    public ImageLoader() {
        this(DEFAULT_MAX_SIDE, true);
    }

    public ImageLoader(int maxSide) {
        this(maxSide, true);
    }

    public ImageLoader(int maxSide, boolean acceptTruncated) {
        if (maxSide < 16) throw new IllegalArgumentException("maxSide too small: " + maxSide);
        this.maxSide = maxSide;
        this.acceptTruncated = acceptTruncated;
    }

    public int maxSide() {
        return maxSide;
    }

    public LoadedImage load(Path file) {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) throw fail(name, "it is a folder, not an image file");
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES)
                throw fail(name, "the file is too large (" + size / (1024 * 1024) + " MB; the limit is " + MAX_FILE_BYTES / (1024 * 1024) + " MB)");
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw fail(name, "file not found", e);
        } catch (AccessDeniedException e) {
            throw fail(name, "permission denied", e);
        } catch (IOException e) {
            throw fail(name, "cannot read the file (" + e.getMessage() + ")", e);
        } catch (OutOfMemoryError e) {
            throw fail(name, "not enough memory to read the file", null);
        }
        return load(bytes, name);
    }

    /** {@code name} is only used in messages and to compare the extension with the content. */
    public LoadedImage load(byte[] bytes, String name) {
        if (name == null || name.isBlank()) name = "image";
        if (bytes == null || bytes.length == 0) throw fail(name, "the file is empty (0 bytes)");
        ImageFormat format = ImageFormat.sniff(bytes);
        if (!format.supported) {
            String what = format == ImageFormat.UNKNOWN ? "it is not a supported image (" + SUPPORTED + ")"
                    : "it is " + format.label + " data, not a supported image (" + SUPPORTED + ")";
            throw fail(name, what);
        }
        List<String> notes = new ArrayList<>();
        ImageFormat claimed = ImageFormat.fromExtension(name);
        if (claimed != null && claimed != format) {
            notes.add("the file name says " + claimed.label + " but the content is " + format.label + "; read as " + format.label);
        }
        try {
            return decode(bytes, name, format, notes);
        } catch (GradLensException e) {
            throw e;
        } catch (OutOfMemoryError e) {
            throw fail(name, "not enough memory to decode it; try a smaller image or a lower size limit", null);
        } catch (IOException | RuntimeException e) {
            throw fail(name, describeDecodeFailure(e), e);
        }
    }

    private LoadedImage decode(byte[] bytes, String name, ImageFormat format, List<String> notes) throws IOException {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.imageioName);
        if (!readers.hasNext()) throw fail(name, "this Java runtime has no " + format.label + " decoder");
        ImageReader reader = readers.next();
        // In-memory stream: ImageIO's default may spill to temp files, which we neither want nor need.
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(in, false, true);
            List<String> warnings = new ArrayList<>();
            reader.addIIOReadWarningListener((src, warning) -> warnings.add(warning));
            int w, h;
            try {
                w = reader.getWidth(0);
                h = reader.getHeight(0);
            } catch (IIOException | IndexOutOfBoundsException e) {
                throw fail(name, "the " + format.label + " header is damaged or incomplete", e);
            }
            if (w <= 0 || h <= 0) throw fail(name, "the header gives an empty size " + w + "×" + h);
            JpegHeaders jpeg = format == ImageFormat.JPEG ? JpegHeaders.parse(bytes) : JpegHeaders.NONE;

            int step = subsampling(w, h);
            ImageReadParam param = reader.getDefaultReadParam();
            if (step > 1) param.setSourceSubsampling(step, step, 0, 0);

            RgbImage image;
            Rasters.Findings found = new Rasters.Findings();
            try {
                if (format == ImageFormat.JPEG && jpeg.components() == 4) {
                    image = decodeFourChannelJpeg(reader, param, jpeg, found, notes);
                } else {
                    BufferedImage bi = reader.read(0, param);
                    image = Rasters.toRgb(bi, found);
                }
            } catch (IIOException e) {
                if (hasCause(e, EOFException.class)) {
                    throw fail(name, "the file is truncated or corrupt (its header says " + w + "×" + h
                            + " pixels but the image data ends early)", e);
                }
                throw e;
            }

            applyWarnings(name, warnings, notes);
            if (found.transparency) notes.add("transparent areas composited on white");
            if (found.ignoredProfile) notes.add("embedded colour profile ignored (pixel values used as stored, as Pillow does)");
            if (format == ImageFormat.GIF) {
                int frames = countFrames(reader);
                if (frames > 1) notes.add("animated GIF: using the first of " + frames + " frames");
            }

            int origW = w, origH = h;
            if (jpeg.orientation() > 1) {
                image = ExifOrientation.apply(image, jpeg.orientation());
                if (ExifOrientation.swapsAxes(jpeg.orientation())) {
                    origW = h;
                    origH = w;
                }
                notes.add("turned upright using its EXIF orientation " + jpeg.orientation() + " ("
                        + ExifOrientation.describe(jpeg.orientation()) + ")");
            }
            if (step > 1) {
                notes.add("downscaled from " + origW + "×" + origH + " to " + image.width() + "×" + image.height()
                        + " while decoding (limit " + maxSide + " px per side)");
            }
            return new LoadedImage(image, origW, origH, notes);
        } finally {
            reader.dispose();
        }
    }

    /**
     * ImageIO's read() guesses wrong for 4-channel JPEGs (it inverts every file as if Adobe-written
     * and converts through a generic CMYK profile: cmyk.jpg comes out e3cdbb where Pillow gives
     * c49b7f). readRaster() returns the stored samples untouched; the Adobe marker says how to
     * interpret them.
     */
    private static RgbImage decodeFourChannelJpeg(ImageReader reader, ImageReadParam param, JpegHeaders jpeg,
                                                  Rasters.Findings found, List<String> notes) throws IOException {
        Raster raster = reader.readRaster(0, param);
        if (raster.getNumBands() != 4) return Rasters.toRgb(reader.read(0, param), found);
        if (jpeg.adobe() && jpeg.adobeTransform() == 2) {
            notes.add("YCCK JPEG converted to RGB (simple conversion; colour profile ignored)");
            return Rasters.fromYcck(raster, found);
        }
        notes.add("CMYK JPEG converted to RGB (simple conversion; colour profile ignored)");
        return Rasters.fromCmyk(raster, jpeg.adobe(), found);
    }

    private void applyWarnings(String name, List<String> warnings, List<String> notes) {
        boolean truncated = false;
        List<String> other = new ArrayList<>();
        for (String w : warnings) {
            String lw = w.toLowerCase(Locale.ROOT);
            if (lw.contains("truncated") || lw.contains("premature end") || lw.contains("missing eoi")) truncated = true;
            else other.add(w);
        }
        if (truncated) {
            if (!acceptTruncated) throw fail(name, "the file is truncated (the image data ends early)");
            notes.add("image file is truncated; the missing part is grey (not real image content)");
        }
        if (!other.isEmpty()) notes.add("decoder warning: " + other.get(0) + (other.size() > 1 ? " (and " + (other.size() - 1) + " more)" : ""));
    }

    /** The subsampling step that brings the longer side to at most maxSide (1 = full size). */
    int subsampling(int w, int h) {
        int longer = Math.max(w, h);
        return longer <= maxSide ? 1 : (longer + maxSide - 1) / maxSide;
    }

    private static int countFrames(ImageReader reader) {
        try {
            return reader.getNumImages(true);
        } catch (IOException | RuntimeException e) {
            return 1; // a damaged later frame does not matter: we only use the first
        }
    }

    private static String describeDecodeFailure(Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        if (root instanceof EOFException) return "the file is truncated or corrupt (the image data ends early)";
        String msg = root.getMessage();
        if (msg == null || msg.isBlank()) msg = root.getClass().getSimpleName();
        msg = msg.replaceAll("\\s+", " ").trim();
        if (msg.length() > 120) msg = msg.substring(0, 117) + "...";
        return "the file is corrupt or cannot be decoded (" + msg + ")";
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) if (type.isInstance(c)) return true;
        return false;
    }

    private static GradLensException fail(String name, String what) {
        return new GradLensException("Cannot open image '" + name + "': " + what);
    }

    private static GradLensException fail(String name, String what, Throwable cause) {
        return new GradLensException("Cannot open image '" + name + "': " + what, cause);
    }
}
