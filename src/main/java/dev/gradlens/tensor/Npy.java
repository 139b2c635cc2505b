package dev.gradlens.tensor;

import dev.gradlens.GradLensException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy .npy files (format versions 1.0, 2.0 and 3.0), so maps and tensors can be exchanged with
 * Python for checking. Reads float32, float64, int64, int32, uint8/int8 and bool arrays in either
 * byte order into float; writes little-endian float32 ('&lt;f4'), C order, version 1.0 (2.0 only
 * when the header would not fit). Fortran-order arrays are refused rather than silently
 * transposed.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("['\"]descr['\"]\\s*:\\s*['\"]([^'\"]*)['\"]");
    private static final Pattern FORTRAN = Pattern.compile("['\"]fortran_order['\"]\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("['\"]shape['\"]\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    /** Same as {@link #read(Path)}. */
    public static Tensor readTensor(Path file) {
        return read(file);
    }

    public static Tensor read(Path file) {
        String name = String.valueOf(file.getFileName());
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new GradLensException("Cannot read '" + name + "': file not found", e);
        } catch (IOException e) {
            throw new GradLensException("Cannot read '" + name + "': " + e.getMessage(), e);
        }
        return read(bytes, name);
    }

    /** {@code name} is used in error messages. */
    public static Tensor read(byte[] b, String name) {
        if (b.length < 10 || !startsWithMagic(b)) throw bad(name, "not a NumPy .npy file (no \\x93NUMPY header)");
        int major = b[6] & 0xFF;
        int headerLen, headerStart;
        if (major == 1) {
            headerLen = (b[8] & 0xFF) | (b[9] & 0xFF) << 8;
            headerStart = 10;
        } else if (major == 2 || major == 3) {
            if (b.length < 12) throw bad(name, "the header is truncated");
            long len = (b[8] & 0xFFL) | (b[9] & 0xFFL) << 8 | (b[10] & 0xFFL) << 16 | (b[11] & 0xFFL) << 24;
            if (len > Integer.MAX_VALUE - 12) throw bad(name, "the header length is invalid");
            headerLen = (int) len;
            headerStart = 12;
        } else {
            throw bad(name, "unsupported .npy format version " + major + "." + (b[7] & 0xFF));
        }
        if (headerStart + headerLen > b.length) throw bad(name, "the header is truncated");
        String header = new String(b, headerStart, headerLen, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);

        Matcher d = DESCR.matcher(header), f = FORTRAN.matcher(header), s = SHAPE.matcher(header);
        if (!d.find() || !f.find() || !s.find()) throw bad(name, "the header is not a valid .npy header: " + header.trim());
        if (f.group(1).equals("True"))
            throw bad(name, "the array is stored in Fortran order; save it with numpy.ascontiguousarray(a) first");
        int[] shape = parseShape(s.group(1), name);
        long count = 1;
        for (int dim : shape) count *= dim;
        if (count > Integer.MAX_VALUE - 8) throw bad(name, "the array is too large (" + count + " values)");

        String descr = d.group(1);
        ByteOrder order = descr.startsWith(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        String type = descr.length() > 0 && "<>|=".indexOf(descr.charAt(0)) >= 0 ? descr.substring(1) : descr;
        int itemSize = switch (type) {
            case "f4", "i4", "u4" -> 4;
            case "f8", "i8", "u8" -> 8;
            case "u1", "i1", "b1" -> 1;
            case "f2", "i2", "u2" -> 2;
            default -> throw bad(name, "unsupported dtype '" + descr + "' (use float32, float64, int64, int32 or uint8)");
        };
        int dataStart = headerStart + headerLen;
        long needed = count * itemSize;
        if (b.length - dataStart < needed)
            throw bad(name, "the file is truncated: " + count + " values of " + descr + " need " + needed + " bytes, "
                    + (b.length - dataStart) + " present");
        ByteBuffer buf = ByteBuffer.wrap(b, dataStart, (int) needed).order(order);
        float[] data = new float[(int) count];
        for (int i = 0; i < data.length; i++) {
            data[i] = switch (type) {
                case "f4" -> buf.getFloat();
                case "f8" -> (float) buf.getDouble();
                case "i8" -> (float) buf.getLong();
                case "u8" -> (float) unsignedLong(buf.getLong());
                case "i4" -> (float) buf.getInt();
                case "u4" -> (float) (buf.getInt() & 0xFFFFFFFFL);
                case "i2" -> buf.getShort();
                case "u2" -> buf.getShort() & 0xFFFF;
                case "f2" -> halfToFloat(buf.getShort());
                case "i1" -> buf.get();
                default -> buf.get() & 0xFF; // u1, b1
            };
        }
        return new Tensor(data, shape);
    }

    public static void write(Tensor t, Path file) {
        Path abs = file.toAbsolutePath();
        Path tmp = null;
        try {
            Path dir = abs.getParent();
            if (dir != null) Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
            Files.write(tmp, toBytes(t));
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new GradLensException("Cannot write '" + file.getFileName() + "': " + e.getMessage(), e);
        } finally {
            if (tmp != null) try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // hidden temp file; harmless if left
            }
        }
    }

    /** The .npy bytes of {@code t} as '&lt;f4', C order. */
    public static byte[] toBytes(Tensor t) {
        StringBuilder shape = new StringBuilder("(");
        for (int i = 0; i < t.shape().length; i++) {
            if (i > 0) shape.append(", ");
            shape.append(t.shape()[i]);
        }
        if (t.shape().length == 1) shape.append(','); // a 1-tuple needs its comma in Python
        shape.append(')');
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }";
        // numpy pads with spaces and ends with '\n' so the data starts on a 64-byte boundary
        int prefix = 10;
        int total = prefix + dict.length() + 1;
        int padded = (total + 63) / 64 * 64;
        int major = 1;
        if (padded - prefix > 0xFFFF) {
            major = 2;
            prefix = 12;
            total = prefix + dict.length() + 1;
            padded = (total + 63) / 64 * 64;
        }
        int headerLen = padded - prefix;
        byte[] out = new byte[padded + t.data().length * 4];
        System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
        out[6] = (byte) major;
        out[7] = 0;
        ByteBuffer bb = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        if (major == 1) bb.putShort(8, (short) headerLen);
        else bb.putInt(8, headerLen);
        byte[] dictBytes = dict.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(dictBytes, 0, out, prefix, dictBytes.length);
        for (int i = prefix + dictBytes.length; i < padded - 1; i++) out[i] = ' ';
        out[padded - 1] = '\n';
        bb.position(padded);
        for (float v : t.data()) bb.putFloat(v);
        return out;
    }

    private static int[] parseShape(String text, String name) {
        List<Integer> dims = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            if (p.endsWith("L")) p = p.substring(0, p.length() - 1); // Python 2 longs
            if (p.isEmpty()) continue;
            try {
                int v = Integer.parseInt(p);
                if (v < 0) throw bad(name, "negative dimension in shape (" + text + ")");
                dims.add(v);
            } catch (NumberFormatException e) {
                throw bad(name, "invalid shape (" + text + ")");
            }
        }
        return dims.stream().mapToInt(Integer::intValue).toArray();
    }

    private static boolean startsWithMagic(byte[] b) {
        for (int i = 0; i < MAGIC.length; i++) if (b[i] != MAGIC[i]) return false;
        return true;
    }

    private static double unsignedLong(long v) {
        return v >= 0 ? v : (v >>> 1) * 2.0 + (v & 1);
    }

    /** IEEE 754 binary16 to float (Float.float16ToFloat only arrived in Java 20). */
    static float halfToFloat(short h) {
        int bits = h & 0xFFFF;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >> 10) & 0x1F;
        int mant = bits & 0x3FF;
        if (exp == 0x1F) return Float.intBitsToFloat(sign | 0x7F800000 | mant << 13); // inf / NaN
        if (exp == 0) {
            float v = mant * 0x1p-24f; // subnormal (or zero)
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | (exp + 112) << 23 | mant << 13);
    }

    private static GradLensException bad(String name, String what) {
        return new GradLensException("Cannot read '" + name + "': " + what);
    }
}
