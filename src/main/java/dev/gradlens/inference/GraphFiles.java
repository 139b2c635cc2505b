package dev.gradlens.inference;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The temporary files through which gradient graphs reach ONNX Runtime (owner-only, deleted once the session is
 * built). Their names carry the JVM's process id, {@code gradlens-graph-<pid>-<random>.onnx}, so that a process killed
 * during a build (kill -9: no shutdown hook runs) leaves a file the next GradLens process can recognise as orphaned:
 * the first graph file a process creates first deletes those of processes that no longer run.
 */
final class GraphFiles {
    static final String PREFIX = "gradlens-graph-";
    private static final AtomicBoolean SWEPT = new AtomicBoolean();

    private GraphFiles() {
    }

    /** A new, empty graph file in the temporary folder (once per process, after removing orphans there). */
    static Path create() throws IOException {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"));
        if (SWEPT.compareAndSet(false, true)) sweep(dir);
        return Files.createTempFile(dir, PREFIX + ProcessHandle.current().pid() + "-", ".onnx");
    }

    /**
     * Deletes {@code dir}'s graph files whose process is gone. Files of running processes (this one, another GradLens
     * building a session now) stay; a file that cannot be deleted (another user's) is left alone. Returns how many went.
     */
    static int sweep(Path dir) {
        int deleted = 0;
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, PREFIX + "*.onnx")) {
            for (Path f : files) {
                long pid = pidOf(f.getFileName().toString());
                if (pid < 0 || pid == self || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) continue;
                try {
                    if (Files.deleteIfExists(f)) deleted++;
                } catch (IOException | SecurityException notOurs) {
                    // another user's file in a shared /tmp: theirs to remove
                }
            }
        } catch (IOException | SecurityException unreadable) {
            // no listing, no sweep: the new file is still created (or the bytes are handed over instead)
        }
        return deleted;
    }

    /** The process id in a graph file's name, or −1 where the name has none (files of older versions). */
    static long pidOf(String name) {
        if (!name.startsWith(PREFIX)) return -1;
        int end = name.indexOf('-', PREFIX.length());
        if (end <= PREFIX.length()) return -1;
        try {
            return Long.parseLong(name.substring(PREFIX.length(), end));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
