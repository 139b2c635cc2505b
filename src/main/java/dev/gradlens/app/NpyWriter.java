package dev.gradlens.app;

import dev.gradlens.GradLensException;
import dev.gradlens.tensor.Tensor;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A tiny NumPy .npy (format 1.0) writer for float32 C-order arrays, so raw maps open with
 * {@code numpy.load}. App-side until the engine has its own; swap at merge if one appears.
 */
public final class NpyWriter {
    private NpyWriter() {
    }

    public static void write(Path file, Tensor tensor) {
        write(file, tensor.data(), tensor.shape());
    }

    public static void write(Path file, float[] data, int[] shape) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            try (OutputStream out = Files.newOutputStream(file)) {
                out.write(bytes(data, shape));
            }
        } catch (IOException e) {
            throw new GradLensException("Could not write " + file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    public static byte[] bytes(float[] data, int[] shape) {
        long n = 1;
        for (int d : shape) n *= d;
        if (n != data.length) throw new IllegalArgumentException("shape does not match data length");
        StringBuilder dims = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            dims.append(shape[i]);
            if (shape.length == 1 || i < shape.length - 1) dims.append(shape.length == 1 ? "," : ", ");
        }
        dims.append(')');
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + dims + ", }";
        int preamble = 6 + 2 + 2;
        int total = preamble + dict.length() + 1;
        int pad = (64 - total % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        byte[] h = header.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer buf = ByteBuffer.allocate(preamble + h.length + 4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        buf.putShort((short) h.length);
        buf.put(h);
        for (float f : data) buf.putFloat(f);
        return buf.array();
    }
}
