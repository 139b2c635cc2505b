package dev.gradlens.explain;

import dev.gradlens.testsupport.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12 item 3: layer / method / class / counterfactual switches on ResNet-18 (../shared/reference)
 * leave the resident memory of the process flat once the session cache is full, and under 1.5 GB.
 * CI runs {@value #CI_SWITCHES} switches (each layer or method switch builds a session); the full
 * soak is {@code -Dgradlens.soak.switches=300}. The unbounded cache this replaced grew about 130 MB
 * per new session key on this model, so 8 switches past the warm-up already add over 400 MB.
 */
class SessionSoakTest {
    static final int CI_SWITCHES = 20;
    /** Switches after which every cached key has been replaced at least once (4 layers × 3 method sets seen); the cache is full from switch 5. */
    static final int WARM_UP = 12;
    static final long LIMIT_MIB = 1536;
    static final long FLAT_MIB = 150;

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void memoryStaysFlatAndUnderTheLimit(@TempDir Path dir) throws Exception {
        Path model = SharedData.require("reference/resnet18.onnx");
        int switches = Integer.getInteger("gradlens.soak.switches", CI_SWITCHES);
        // the default cache (bounded in bytes: three ResNet-18 gradient sessions, ~130 MB each by SessionCost), in a JVM with a 600 MB heap
        SessionSoak.Curve curve = SessionSoak.runInChild(model, switches, 0, dir, 19, "-Xmx600m", "-Xss4m");
        List<Long> rss = curve.rss();
        assertEquals(switches + 1, rss.size());
        System.out.println("soak VmRSS MiB by switch: " + rss + "; peak (VmHWM) " + curve.peak());
        long max = curve.max();
        assertTrue(max < LIMIT_MIB, "resident memory " + max + " MiB; curve " + rss);
        assertTrue(curve.peak() > 0 && curve.peak() < LIMIT_MIB, "peak resident memory (VmHWM) " + curve.peak() + " MiB; curve " + rss);
        // the curve swings by ~100 MB with the mix of cached graphs (a vanilla or guided input chain weighs more than
        // Grad-CAM's): growth is the peak after the warm-up over the peak of the warm-up's second half, once the cache is full
        long settled = rss.subList(WARM_UP / 2, WARM_UP + 1).stream().mapToLong(Long::longValue).max().orElseThrow();
        long laterMax = rss.subList(WARM_UP, rss.size()).stream().mapToLong(Long::longValue).max().orElseThrow();
        assertTrue(laterMax - settled < FLAT_MIB, "grew " + (laterMax - settled) + " MiB after switch " + WARM_UP + "; curve " + rss);
    }
}
