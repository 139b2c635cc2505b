package dev.gradlens.inference;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * Gives memory that ONNX Runtime freed back to the system (glibc's {@code malloc_trim}).
 *
 * <p>Building a session parses the whole graph and runs its optimisers in temporary buffers, about
 * 150 MB on ResNet-18 and more on bigger models, and closing a session frees its weights and plans.
 * glibc keeps such freed memory in its arenas, so the process's resident size only ever grows with
 * layer and method switches (measured: 934 MB before a trim, 364 MB after, on a closed ResNet-18;
 * docs/performance.md). Trimming after each session is built or closed costs a few milliseconds.
 * Elsewhere than on glibc (or with {@code -Dgradlens.mallocTrim=false}) this does nothing.
 */
final class NativeHeap {
    private static final LibC LIBC = load();

    private NativeHeap() {
    }

    interface LibC extends Library {
        int malloc_trim(long pad);
    }

    private static LibC load() {
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) return null;
        if (!Boolean.parseBoolean(System.getProperty("gradlens.mallocTrim", "true"))) return null;
        try {
            LibC c = Native.load("c", LibC.class);
            c.malloc_trim(0); // fails here, not later, where the C library has no malloc_trim (musl)
            return c;
        } catch (RuntimeException | LinkageError notGlibc) {
            return null;
        }
    }

    /** Returns free memory at the top and inside glibc's arenas to the system. */
    static void trim() {
        if (LIBC != null) LIBC.malloc_trim(0);
    }
}
