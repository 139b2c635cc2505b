package dev.gradlens.app.viewmodel;

import dev.gradlens.GradLensException;
import dev.gradlens.app.task.ManualTaskExecutor;
import dev.gradlens.metrics.FaithfulnessScorer;
import dev.gradlens.metrics.MetricValue;
import dev.gradlens.metrics.PanelScore;
import dev.gradlens.metrics.SaliencyMap;
import dev.gradlens.service.ModelSession;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The panel's Score action without a window: background run, summary, curves, failure, reset. */
class PanelScoreViewModelTest {
    private static final PanelScore SAMPLE = new PanelScore(0.8, 0.25, 0.0, new float[] {0.8f, 0.2f, 0.1f}, 0.325,
            new float[] {0.1f, 0.5f, 0.8f}, 0.475, null);

    @Test
    void scoringRunsInTheBackgroundAndShowsTheNumbers() {
        ManualTaskExecutor ex = new ManualTaskExecutor();
        PanelScoreViewModel vm = new PanelScoreViewModel(ex);
        vm.score(c -> SAMPLE);
        assertEquals(PanelScoreViewModel.State.RUNNING, vm.stateProperty().get());
        vm.score(c -> SAMPLE);
        assertEquals(1, ex.pending().size(), "a second click while running starts nothing");
        ex.runAll();
        assertEquals(PanelScoreViewModel.State.DONE, vm.stateProperty().get());
        assertEquals("drop 25.0 % · increase no · deletion AUC 0.325 · insertion AUC 0.475", vm.summaryProperty().get());
        assertEquals(3, vm.resultProperty().get().deletion().length);
    }

    @Test
    void undefinedValuesAreSaidSoAndFailuresShowTheirMessage() {
        ManualTaskExecutor ex = new ManualTaskExecutor();
        PanelScoreViewModel vm = new PanelScoreViewModel(ex);
        vm.score(c -> new PanelScore(0.8, null, null, null, null, null, null, "the map is zero everywhere"));
        ex.runAll();
        assertEquals("drop undefined · increase undefined · deletion AUC undefined · insertion AUC undefined (the map is zero everywhere)",
                vm.summaryProperty().get());
        vm.reset();
        vm.score(c -> {
            throw new GradLensException("ONNX Runtime failed");
        });
        ex.runAll();
        assertEquals(PanelScoreViewModel.State.FAILED, vm.stateProperty().get());
        assertEquals("ONNX Runtime failed", vm.errorProperty().get());
    }

    @Test
    void aNewMapCancelsTheRunningScore() {
        ManualTaskExecutor ex = new ManualTaskExecutor();
        PanelScoreViewModel vm = new PanelScoreViewModel(ex);
        vm.score(c -> SAMPLE);
        vm.reset();
        ex.runAll();
        assertEquals(PanelScoreViewModel.State.IDLE, vm.stateProperty().get());
        assertNull(vm.resultProperty().get());
    }

    @Test
    void theRealScorerFeedsThePanel() throws Exception {
        Path model = dev.gradlens.testsupport.TinyClassifier.write(java.nio.file.Files.createTempDirectory("panel-score"));
        try (ModelSession s = ModelSession.open(model, null, null, dev.gradlens.inference.Device.CPU)) {
            float[] x = new float[3 * 32 * 32];
            for (int i = 0; i < x.length; i++) x[i] = (float) Math.sin(i * 0.37);
            float[] cam = new float[16 * 16];
            for (int i = 0; i < cam.length; i++) cam[i] = i % 16;
            ManualTaskExecutor ex = new ManualTaskExecutor();
            PanelScoreViewModel vm = new PanelScoreViewModel(ex);
            vm.score(c -> {
                FaithfulnessScorer.Scores r = new FaithfulnessScorer(s.explainable(), s.preprocessing())
                        .score(x, 0, List.of(new SaliencyMap(cam, 16, 16)), PanelScore.METRICS);
                Map<String, MetricValue> v = r.perMap().get(0);
                return PanelScore.of(r.score(), v);
            });
            ex.runAll();
            assertEquals(PanelScoreViewModel.State.DONE, vm.stateProperty().get(), vm.errorProperty().get());
            assertEquals(33, vm.resultProperty().get().insertion().length);
            assertTrue(vm.summaryProperty().get().startsWith("drop "));
        }
    }
}
