package dev.gradlens.app;

import dev.gradlens.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class NpyWriterTest {

    @Test
    void headerFollowsFormatOneAndDataIsLittleEndianFloat32(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("sub/map.npy");
        NpyWriter.write(f, new Tensor(new float[] {1.5f, -2f, 3f, 0f, 7f, 8f}, new int[] {2, 3}));
        byte[] b = Files.readAllBytes(f);
        assertEquals((byte) 0x93, b[0]);
        assertEquals("NUMPY", new String(b, 1, 5, StandardCharsets.US_ASCII));
        assertEquals(1, b[6]);
        assertEquals(0, b[7]);
        int headerLen = ByteBuffer.wrap(b, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort();
        assertEquals(0, (10 + headerLen) % 64, "data starts on a 64-byte boundary");
        String header = new String(b, 10, headerLen, StandardCharsets.US_ASCII);
        assertEquals("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", header.trim());
        assertTrue(header.endsWith("\n"));
        ByteBuffer data = ByteBuffer.wrap(b, 10 + headerLen, 24).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(1.5f, data.getFloat());
        assertEquals(-2f, data.getFloat());
        assertEquals(b.length, 10 + headerLen + 24);
    }

    @Test
    void oneDimensionalShapesKeepTheirTrailingComma() {
        byte[] b = NpyWriter.bytes(new float[] {1, 2, 3}, new int[] {3});
        assertTrue(new String(b, StandardCharsets.US_ASCII).contains("'shape': (3,)"));
        byte[] s = NpyWriter.bytes(new float[] {4}, new int[] {});
        assertTrue(new String(s, StandardCharsets.US_ASCII).contains("'shape': ()"));
        assertThrows(IllegalArgumentException.class, () -> NpyWriter.bytes(new float[2], new int[] {3}));
    }
}
