package dev.gradlens.inference;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * One reusable direct buffer for a model's float image input. ONNX Runtime copies a heap buffer into a fresh
 * direct one for every run (native memory freed only when the garbage collector gets to it), so each run touched
 * a new 600 kB block for a 224² image: page faults that cost about 2 ms per run on the profiling machine
 * (docs/performance.md, 2026-12-04 evening). A direct buffer is read in place. One run at a time holds it;
 * a concurrent run gets a fresh buffer of its own.
 */
final class InputBuffer {
    private FloatBuffer free;

    /** A direct buffer holding {@code values}, to be handed back with {@link #release} after the run. */
    synchronized FloatBuffer take(float[] values) {
        FloatBuffer b = free;
        free = null;
        if (b == null || b.capacity() != values.length) {
            b = ByteBuffer.allocateDirect(values.length * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        }
        b.clear();
        b.put(values);
        b.rewind();
        return b;
    }

    /** Buffers above this many floats (16 MB: a batch of 27 images of 224²) are not kept between runs. */
    static final int MAX_KEPT = 1 << 22;

    synchronized void release(FloatBuffer b) {
        if (b != null && b.capacity() <= MAX_KEPT) free = b;
    }
}
