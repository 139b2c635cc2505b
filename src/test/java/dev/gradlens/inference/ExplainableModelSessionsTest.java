package dev.gradlens.inference;

import dev.gradlens.GradLensException;
import dev.gradlens.gradient.RectifierPolicy;
import dev.gradlens.onnx.OnnxModelLoader;
import dev.gradlens.testsupport.TinyClassifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12 items 3 and 4: the bounded session cache (least recently used gradient sessions closed),
 * closing a model while a run is in flight, and the CPU fallback when a CUDA session fails.
 */
class ExplainableModelSessionsTest {
    @TempDir
    static Path dir;
    static ModelAnalysis analysis;
    static float[] image;

    @BeforeAll
    static void model() throws Exception {
        analysis = ModelAnalysis.analyse(OnnxModelLoader.load(TinyClassifier.write(dir.resolve("m"))), null, null, 4);
        image = new float[analysis.input().valuesPerImage()];
        for (int i = 0; i < image.length; i++) image[i] = (float) Math.sin(i * 0.37);
    }

    @AfterEach
    void noSimulation() {
        System.clearProperty(OrtRuntime.CudaSimulation.PROPERTY);
    }

    static float[] seed(int c) {
        float[] s = new float[4];
        s[c] = 1f;
        return s;
    }

    @Test
    void aCountOfThreeKeepsTheThreeMostRecentGradientSessionsAndEvictedOnesAreRebuilt() {
        List<String> layers = analysis.candidates().stream().map(LayerCandidate::tensor).toList();
        assertTrue(layers.size() >= 2, "candidates " + layers);
        List<Set<RectifierPolicy>> policies = List.of(Set.of(), EnumSet.of(RectifierPolicy.GUIDED), EnumSet.of(RectifierPolicy.STANDARD));
        try (ExplainableModel m = new ExplainableModel(analysis, Device.CPU, 3)) {
            m.forward(image, 1);
            assertEquals(1, m.openSessions(), "the forward session");
            int keys = 0;
            for (String layer : layers.subList(0, 2)) {
                for (Set<RectifierPolicy> p : policies) {
                    m.run(image, 1, seed(keys % 4), 1, layer, p);
                    keys++;
                    assertTrue(m.openSessions() <= 1 + 3, "open after " + keys + ": " + m.openSessions());
                }
            }
            assertEquals(6, keys);
            assertEquals(1 + 3, m.openSessions(), "forward + the three most recent gradient sessions");
            assertEquals(1 + 6, m.createdSessions());
            // the most recent key is a hit; the first one was evicted and is built again
            m.run(image, 1, seed(0), 1, layers.get(1), policies.get(2));
            assertEquals(7, m.createdSessions(), "cache hit");
            m.run(image, 1, seed(0), 1, layers.get(0), policies.get(0));
            assertEquals(8, m.createdSessions(), "evicted session rebuilt");
            assertEquals(4, m.openSessions());
        }
    }

    @Test
    void theByteBudgetEvictsBeforeABuildSoTheCacheNeverHoldsMoreThanItAllows() {
        String a = analysis.candidates().get(0).tensor(), b = analysis.candidates().get(1).tensor();
        Set<RectifierPolicy> none = Set.of(), guided = EnumSet.of(RectifierPolicy.GUIDED);
        long costA, costB, costC;
        try (ExplainableModel probe = new ExplainableModel(analysis, Device.CPU)) {
            costA = probe.gradientSessionCost(a, none);
            costB = probe.gradientSessionCost(b, none);
            costC = probe.gradientSessionCost(a, guided);
        }
        assertTrue(costA > SessionCost.OVERHEAD && costB > SessionCost.OVERHEAD && costC > SessionCost.OVERHEAD);
        // room for A and B, or B and C (C's graph also holds the guided input-gradient chain), never for all three
        long budget = Math.max(costA + costB, costB + costC);
        List<Long> cachedAtBuild = new java.util.ArrayList<>();
        try (ExplainableModel m = new ExplainableModel(analysis, Device.CPU, Integer.MAX_VALUE, budget, null)) {
            m.beforeBuild = () -> cachedAtBuild.add(m.cachedGradientBytes());
            m.run(image, 1, seed(0), 1, a, none);
            m.run(image, 1, seed(1), 1, b, none);
            assertEquals(2, m.cachedGradientSessions(), "A and B fit");
            assertEquals(costA + costB, m.cachedGradientBytes());
            m.run(image, 1, seed(2), 1, a, guided);
            // before C was built, the least recently used A had been evicted: B alone was cached
            assertEquals(List.of(0L, costA, costB), cachedAtBuild);
            assertEquals(costB + costC, m.cachedGradientBytes());
            assertEquals(2, m.openSessions(), "A was closed, not only forgotten");
            int created = m.createdSessions();
            m.run(image, 1, seed(3), 1, b, none);
            assertEquals(created, m.createdSessions(), "B is still cached");
            m.run(image, 1, seed(0), 1, a, none);
            assertEquals(created + 1, m.createdSessions(), "A was rebuilt");
            assertEquals(costB, cachedAtBuild.get(3), "C, now least recently used, was evicted before A's build");
            assertTrue(m.cachedGradientBytes() <= budget);
        }
    }

    @Test
    void withReluSixOneSeedRowRunsTheOneRowGraphAndSeveralRowsTheGeneralOneWithTheSameValues() throws Exception {
        ModelAnalysis relu6 = ModelAnalysis.analyse(OnnxModelLoader.load(TinyClassifier.write(dir.resolve("m6"), true)), null, null, 4);
        String a = relu6.candidates().get(0).tensor();
        Set<RectifierPolicy> both = EnumSet.of(RectifierPolicy.STANDARD, RectifierPolicy.GUIDED);
        float[] two = new float[8];
        System.arraycopy(seed(2), 0, two, 0, 4);
        System.arraycopy(seed(0), 0, two, 4, 4);
        try (ExplainableModel m = new ExplainableModel(relu6, Device.CPU)) {
            assertTrue(m.oneRowGraphs());
            GradientResult one = m.run(image, 1, seed(2), 1, a, both);
            int afterOne = m.createdSessions();
            assertEquals(1, m.cachedGradientSessions());
            GradientResult rows = m.run(image, 1, two, 2, a, both);
            assertEquals(afterOne + 1, m.createdSessions(), "two rows: the general graph, a session of its own");
            assertEquals(2, m.cachedGradientSessions());
            m.run(image, 1, seed(1), 1, a, both);
            assertEquals(afterOne + 1, m.createdSessions(), "one row again: the one-row session, cached");
            // row 0 of the two-row run is the one-row run's result (the graphs differ in layout and mask ops only)
            int n = one.layerGrad().size();
            assertArrayEquals(one.layerGrad().data(), java.util.Arrays.copyOfRange(rows.layerGrad().data(), 0, n), 1e-6f);
            for (RectifierPolicy p : both) {
                float[] g1 = one.inputGrads().get(p).data();
                assertTrue(java.util.Arrays.stream(toDoubles(g1)).anyMatch(v -> v != 0), p.id() + " gradient is not all zero");
                assertArrayEquals(g1, java.util.Arrays.copyOfRange(rows.inputGrads().get(p).data(), 0, g1.length), 1e-6f, p.id());
            }
        }
        // without a Clip node one session serves one row and several
        try (ExplainableModel m = new ExplainableModel(analysis, Device.CPU)) {
            assertFalse(m.oneRowGraphs());
            String l = analysis.candidates().get(0).tensor();
            m.run(image, 1, seed(2), 1, l, both);
            int created = m.createdSessions();
            m.run(image, 1, two, 2, l, both);
            assertEquals(created, m.createdSessions());
        }
    }

    private static double[] toDoubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }

    @Test
    void aSessionOverTheBudgetIsStillBuiltAndKeptWhileItIsTheOnlyOne() {
        String a = analysis.candidates().get(0).tensor(), b = analysis.candidates().get(1).tensor();
        try (ExplainableModel m = new ExplainableModel(analysis, Device.CPU, Integer.MAX_VALUE, 1, null)) {
            GradientResult first = m.run(image, 1, seed(1), 1, a, Set.of());
            assertEquals(1, m.cachedGradientSessions());
            int created = m.createdSessions();
            assertArrayEquals(first.layerGrad().data(), m.run(image, 1, seed(1), 1, a, Set.of()).layerGrad().data(), 0f);
            assertEquals(created, m.createdSessions(), "the one session stays cached across runs of its key");
            m.run(image, 1, seed(1), 1, b, Set.of());
            assertEquals(1, m.cachedGradientSessions(), "the other key replaced it");
            assertEquals(1, m.openSessions(), "and the replaced one was closed");
        }
    }

    @Test
    void closeDuringARunNeitherWaitsNorBreaksTheRun() throws Exception {
        String layer = analysis.defaultLayer().tensor();
        ExplainableModel m = new ExplainableModel(analysis, Device.CPU);
        GradientResult before = m.run(image, 1, seed(2), 1, layer, Set.of());
        CountDownLatch inFlight = new CountDownLatch(1), proceed = new CountDownLatch(1);
        m.duringRun = () -> {
            inFlight.countDown();
            try {
                proceed.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        CompletableFuture<GradientResult> run = CompletableFuture.supplyAsync(() -> m.run(image, 1, seed(2), 1, layer, Set.of()));
        assertTrue(inFlight.await(30, TimeUnit.SECONDS));
        // the FX thread closes the model: it returns at once although a run holds a session
        assertTimeoutPreemptively(Duration.ofSeconds(2), m::close);
        assertEquals(1, m.openSessions(), "the session in use stays open until its run ends");
        m.duringRun = null;
        proceed.countDown();
        GradientResult after = run.get(30, TimeUnit.SECONDS);
        assertArrayEquals(before.layerGrad().data(), after.layerGrad().data(), 0f, "the run in flight finished normally");
        assertEquals(0, m.openSessions(), "its session was closed when the run ended");
        GradLensException e = assertThrows(GradLensException.class, () -> m.forward(image, 1));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        m.close(); // twice is harmless
    }

    @Test
    void aCudaSessionThatFailsToStartFallsBackToTheCpuWithANote() {
        for (String failure : new String[] {"session-fails", "provider-fails"}) {
            System.setProperty(OrtRuntime.CudaSimulation.PROPERTY, failure);
            try (ExplainableModel m = new ExplainableModel(analysis, Device.CUDA)) {
                assertEquals(Device.CUDA, m.device(), "CUDA looks available before a session is made");
                assertNull(m.deviceNote());
                m.startDevice();
                assertEquals(Device.CPU, m.device(), failure);
                assertTrue(m.deviceNote() != null && m.deviceNote().startsWith("CUDA could not be started (simulated")
                        && m.deviceNote().endsWith("running on CPU"), m.deviceNote());
                System.clearProperty(OrtRuntime.CudaSimulation.PROPERTY);
                try (ExplainableModel cpu = new ExplainableModel(analysis, Device.CPU)) {
                    assertArrayEquals(cpu.forward(image, 1).data(), m.forward(image, 1).data(), 0f, "same scores on the CPU");
                }
            }
        }
    }
}
