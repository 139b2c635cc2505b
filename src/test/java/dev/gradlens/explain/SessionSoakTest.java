package dev.gradlens.explain;

import dev.gradlens.testsupport.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
    /** Switches after which every cached key has been replaced at least once (3 layers × 3 method sets seen). */
    static final int WARM_UP = 12;
    static final long LIMIT_MIB = 1536;
    static final long FLAT_MIB = 150;

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void memoryStaysFlatAndUnderTheLimit(@TempDir Path dir) throws Exception {
        Path model = SharedData.require("reference/resnet18.onnx");
        int switches = Integer.getInteger("gradlens.soak.switches", CI_SWITCHES);
        Path log = dir.resolve("soak.txt");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx600m", "-XX:-UsePerfData",
                "-Djava.io.tmpdir=" + dir, "-cp", System.getProperty("java.class.path"), SessionSoak.class.getName(),
                model.toString(), Integer.toString(switches), "3")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(19, TimeUnit.MINUTES), "soak finished");
        List<String> lines = Files.readAllLines(log);
        assertEquals(0, p.exitValue(), String.join("\n", lines));
        assertEquals("done", lines.get(lines.size() - 1));
        List<Long> rss = new ArrayList<>();
        for (String l : lines) if (l.startsWith("rss ")) rss.add(Long.parseLong(l.split(" ")[2]));
        assertEquals(switches + 1, rss.size());
        System.out.println("soak VmRSS MiB by switch: " + rss);
        long max = rss.stream().mapToLong(Long::longValue).max().orElseThrow();
        assertTrue(max < LIMIT_MIB, "resident memory " + max + " MiB; curve " + rss);
        long settled = rss.get(WARM_UP);
        long laterMax = rss.subList(WARM_UP, rss.size()).stream().mapToLong(Long::longValue).max().orElseThrow();
        assertTrue(laterMax - settled < FLAT_MIB, "grew " + (laterMax - settled) + " MiB after switch " + WARM_UP + "; curve " + rss);
    }
}
