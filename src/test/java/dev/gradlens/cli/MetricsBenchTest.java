package dev.gradlens.cli;

import dev.gradlens.testsupport.TinyClassifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code gradlens bench --metrics} on the tiny classifier: every stage is printed with the images it
 * scored and its runs (a behaviour check; timings are not asserted): two masked images in one run when
 * the score is known, three in two runs when it is run too, 64 curve images in one run, and both sanity
 * engines, the shared one actually used.
 */
class MetricsBenchTest {
    @TempDir
    Path dir;

    @Test
    void printsEveryStageWithItsImagesAndRuns() throws Exception {
        Path model = TinyClassifier.write(dir);
        GradLensCliTest.Run r = GradLensCliTest.run("bench", "--model", model.toString(), "--metrics", "--runs", "1", "--sanity-steps", "2");
        assertEquals(0, r.code(), r.err());
        String out = r.out();
        assertTrue(out.lines().anyMatch(l -> l.startsWith("Average Drop + Increase, 2 methods (Y known)") && l.matches(".*\\s2\\s+1\\s.*")), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("Average Drop + Increase, 2 methods (Y run too)") && l.matches(".*\\s3\\s+2\\s.*")), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("deletion + insertion, 32 + 32 steps, 1 map") && l.matches(".*\\s64\\s+1\\s.*")), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("ROAD MoRF + LeRF") && l.matches(".*\\s18\\s+1\\s.*")), out);
        assertTrue(out.contains("3 methods: one session"), out);
        assertTrue(out.contains("3 methods: session per step"), out);
        assertTrue(out.contains("faster than a session per step") && !out.contains("was not used"), out);
        assertTrue(out.contains("load average before: "), out);
    }
}
