package dev.gradlens.inference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Graph files left by a process killed during a session build are removed by the next process; files of running
 * processes and files that are not GradLens graph files stay.
 */
class GraphFilesTest {
    @Test
    void removesOnlyTheFilesOfProcessesThatAreGone(@TempDir Path dir) throws Exception {
        Process finished = new ProcessBuilder("true").start();
        assertTrue(finished.waitFor(10, TimeUnit.SECONDS));
        long gone = finished.pid();
        Process running = new ProcessBuilder("sleep", "30").start();
        try {
            Path orphan = Files.createFile(dir.resolve(GraphFiles.PREFIX + gone + "-123.onnx"));
            Path ours = Files.createFile(dir.resolve(GraphFiles.PREFIX + ProcessHandle.current().pid() + "-456.onnx"));
            Path busy = Files.createFile(dir.resolve(GraphFiles.PREFIX + running.pid() + "-789.onnx"));
            Path older = Files.createFile(dir.resolve("gradlens-graph123456789.onnx")); // an older version's name: no pid
            Path other = Files.createFile(dir.resolve("notes-" + gone + ".onnx"));

            assertEquals(1, GraphFiles.sweep(dir));
            assertFalse(Files.exists(orphan), "the killed process's file is removed");
            assertTrue(Files.exists(ours) && Files.exists(busy), "running processes keep theirs");
            assertTrue(Files.exists(older) && Files.exists(other), "other names are left alone");
        } finally {
            running.destroyForcibly();
        }
    }

    @Test
    void readsThePidFromTheName() {
        assertEquals(4321, GraphFiles.pidOf(GraphFiles.PREFIX + "4321-99887766.onnx"));
        assertEquals(-1, GraphFiles.pidOf("gradlens-graph123.onnx"));
        assertEquals(-1, GraphFiles.pidOf(GraphFiles.PREFIX + "x12-3.onnx"));
        assertEquals(-1, GraphFiles.pidOf(GraphFiles.PREFIX + "-3.onnx"));
    }

    @Test
    void newFilesCarryThisProcessId() throws Exception {
        Path f = GraphFiles.create();
        try {
            assertEquals(ProcessHandle.current().pid(), GraphFiles.pidOf(f.getFileName().toString()));
            assertEquals(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath(), f.getParent().toAbsolutePath());
        } finally {
            Files.deleteIfExists(f);
        }
    }
}
