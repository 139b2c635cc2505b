package dev.gradlens.tensor;

import dev.gradlens.GradLensException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.*;

class NpyTest {
    // Written by numpy 2.4 (np.save / np.lib.format.write_array).
    /** np.array([[1.5, -2], [3, 4.25]], dtype='<f4') */
    private static final String F4 = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDIpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAMA/AAAAwAAAQEAAAIhA";
    /** np.array([0.1, 2.5, -3.0], dtype='<f8') */
    private static final String F8 = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAqamZmZmZm5PwAAAAAAAARAAAAAAAAACMA=";
    /** np.arange(6, dtype='<i8').reshape(2, 3) - 2 */
    private static final String I8 = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGk4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAr+////////////////////AAAAAAAAAAABAAAAAAAAAAIAAAAAAAAAAwAAAAAAAAA=";
    /** np.asfortranarray(np.arange(6, dtype='<f4').reshape(2, 3)) */
    private static final String FORTRAN = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBUcnVlLCAnc2hhcGUnOiAoMiwgMyksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAABAQAAAgD8AAIBAAAAAQAAAoEA=";
    /** np.array([1.0, -0.5], dtype='>f4') */
    private static final String BIG_ENDIAN = "k05VTVBZAQB2AHsnZGVzY3InOiAnPmY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAo/gAAAvwAAAA==";
    /** np.array([7.0], dtype='<f4') written as format 2.0 */
    private static final String V2 = "k05VTVBZAgB0AAAAeydkZXNjcic6ICc8ZjQnLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoMSwpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAOBA";
    /** np.array(3.5, dtype='<f4'), a 0-d array */
    private static final String SCALAR = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKCksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAGBA";

    private static Tensor read(String b64) {
        return Npy.read(Base64.getDecoder().decode(b64), "test.npy");
    }

    @Test
    void readsNumpyFiles() {
        Tensor f4 = read(F4);
        assertArrayEquals(new int[] {2, 2}, f4.shape());
        assertArrayEquals(new float[] {1.5f, -2f, 3f, 4.25f}, f4.data());
        Tensor f8 = read(F8);
        assertArrayEquals(new int[] {3}, f8.shape());
        assertArrayEquals(new float[] {0.1f, 2.5f, -3f}, f8.data());
        Tensor i8 = read(I8);
        assertArrayEquals(new int[] {2, 3}, i8.shape());
        assertArrayEquals(new float[] {-2, -1, 0, 1, 2, 3}, i8.data());
        assertArrayEquals(new float[] {1f, -0.5f}, read(BIG_ENDIAN).data());
        assertArrayEquals(new float[] {7f}, read(V2).data());
        Tensor scalar = read(SCALAR);
        assertEquals(0, scalar.rank());
        assertArrayEquals(new float[] {3.5f}, scalar.data());
    }

    @Test
    void writesWhatNumpyWrites() {
        Tensor t = new Tensor(new float[] {1.5f, -2f, 3f, 4.25f}, new int[] {2, 2});
        assertArrayEquals(Base64.getDecoder().decode(F4), Npy.toBytes(t), "byte-identical to np.save");
        byte[] oneD = Npy.toBytes(new Tensor(new float[] {7f}, new int[] {1}));
        assertTrue(new String(oneD, 10, 60).contains("'shape': (1,)"), "1-tuples keep their comma");
        assertEquals(0, (oneD.length - 4) % 64, "data starts on a 64-byte boundary");
    }

    @Test
    void roundTripsThroughAFile(@TempDir Path dir) {
        float[] data = new float[2 * 3 * 4];
        for (int i = 0; i < data.length; i++) data[i] = (float) Math.sin(i) * 1e3f;
        data[5] = Float.NaN;
        data[6] = Float.NEGATIVE_INFINITY;
        Tensor t = new Tensor(data, new int[] {2, 3, 4});
        Path f = dir.resolve("x.npy");
        Npy.write(t, f);
        Tensor back = Npy.readTensor(f);
        assertEquals(t, back);
        Tensor big = Tensor.zeros(1, 3, 224, 224);
        Npy.write(big, f);
        assertEquals(big, Npy.read(f));
    }

    @Test
    void fortranOrderIsRefusedClearly() {
        GradLensException e = assertThrows(GradLensException.class, () -> read(FORTRAN));
        assertTrue(e.getMessage().contains("Fortran order") && e.getMessage().contains("test.npy"), e.getMessage());
    }

    @Test
    void brokenFilesAreClearErrors(@TempDir Path dir) throws IOException {
        byte[] f4 = Base64.getDecoder().decode(F4);
        GradLensException cut = assertThrows(GradLensException.class,
                () -> Npy.read(java.util.Arrays.copyOf(f4, f4.length - 3), "cut.npy"));
        assertTrue(cut.getMessage().contains("truncated"), cut.getMessage());
        GradLensException notNpy = assertThrows(GradLensException.class, () -> Npy.read("hello world!".getBytes(), "a.npy"));
        assertTrue(notNpy.getMessage().contains("not a NumPy"));
        byte[] complex = new String(f4, java.nio.charset.StandardCharsets.ISO_8859_1).replace("<f4", "<c8").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        GradLensException dtype = assertThrows(GradLensException.class, () -> Npy.read(complex, "c.npy"));
        assertTrue(dtype.getMessage().contains("unsupported dtype '<c8'"), dtype.getMessage());
        GradLensException missing = assertThrows(GradLensException.class, () -> Npy.read(dir.resolve("none.npy")));
        assertTrue(missing.getMessage().contains("not found"));
    }

    @Test
    void halfPrecisionDecodes() {
        assertEquals(1f, Npy.halfToFloat((short) 0x3C00));
        assertEquals(-2f, Npy.halfToFloat((short) 0xC000));
        assertEquals(65504f, Npy.halfToFloat((short) 0x7BFF));
        assertEquals(5.9604645e-8f, Npy.halfToFloat((short) 0x0001));
        assertTrue(Float.isInfinite(Npy.halfToFloat((short) 0x7C00)));
    }
}
