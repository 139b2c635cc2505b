package dev.gradlens.explain;

import dev.gradlens.testsupport.ResNet50Shaped;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12 item 3 on a ResNet-50-sized model: layer / method / class / counterfactual switches
 * ({@link SessionSoak}) with the default session cache (bounded in bytes) keep the process's
 * resident memory under 1.5 GB at every moment (VmHWM, which includes the peaks while sessions are
 * built) and flat after the first layer switch. The model is {@link ResNet50Shaped} (torchvision's
 * resnet50 graph, 25.5 M seeded random weights, 102 MB), written to a temp dir, so the test needs
 * neither PyTorch nor ../shared. The soak JVM runs with the heap flags of the {@code ./gradlens} launcher.
 *
 * <p>CI runs {@value #CI_SWITCHES} switches (four session builds); the full soak is
 * {@code -Dgradlens.soak50.switches=300}. What it would catch: the count-of-three cache this replaced
 * kept three ResNet-50 gradient sessions (~300 MB each) and built the next beside them from a byte
 * array (graph + bytes + JNI's copy): ~1.35 GB after a switch and a build peak over 2 GB; an unbounded
 * cache adds ~300 MB per layer or method switch.
 */
class ResNet50SessionSoakTest {
    static final int CI_SWITCHES = 8;
    /** After the first layer and method switches the cache holds what it holds from then on. */
    static final int WARM_UP = 2;
    static final long LIMIT_MIB = 1536;
    /** Growth after the warm-up allowed: well below one more ResNet-50 gradient session (~300 MB). */
    static final long FLAT_MIB = 150;
    /** The ./gradlens launcher's heap settings (unused heap handed back), so the soak measures what a user runs. */
    static final String[] LAUNCHER_FLAGS = {"-Xss4m", "-XX:MaxHeapFreeRatio=20", "-XX:MinHeapFreeRatio=5", "-XX:G1PeriodicGCInterval=1000"};

    @Test
    @Timeout(value = 90, unit = TimeUnit.MINUTES)
    void memoryStaysFlatAndUnderTheLimit(@TempDir Path dir) throws Exception {
        Path model = ResNet50Shaped.write(dir.resolve("model"), 50);
        int switches = Integer.getInteger("gradlens.soak50.switches", CI_SWITCHES);
        SessionSoak.Curve curve = SessionSoak.runInChild(model, switches, 0, dir, 88, LAUNCHER_FLAGS);
        assertEquals(switches + 1, curve.rss().size());
        System.out.println("ResNet-50-sized soak, VmRSS MiB by switch: " + curve.rss() + "; peak (VmHWM) " + curve.peak());
        assertTrue(curve.max() < LIMIT_MIB, "resident memory " + curve.max() + " MiB; curve " + curve.rss());
        assertTrue(curve.peak() > 0 && curve.peak() < LIMIT_MIB, "peak resident memory (VmHWM) " + curve.peak() + " MiB; curve " + curve.rss());
        long settled = curve.rss().get(WARM_UP);
        long laterMax = curve.rss().subList(WARM_UP, curve.rss().size()).stream().mapToLong(Long::longValue).max().orElseThrow();
        assertTrue(laterMax - settled < FLAT_MIB, "grew " + (laterMax - settled) + " MiB after switch " + WARM_UP + "; curve " + curve.rss());
    }
}
