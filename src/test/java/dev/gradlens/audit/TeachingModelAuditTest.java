package dev.gradlens.audit;

import dev.gradlens.inference.Device;
import dev.gradlens.run.RunDatabase;
import dev.gradlens.scenes.ClipArtLibrary;
import dev.gradlens.scenes.Scene;
import dev.gradlens.scenes.SceneEvaluation;
import dev.gradlens.scenes.SceneOptions;
import dev.gradlens.scenes.SceneSplit;
import dev.gradlens.service.ModelSession;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audit on a real model's maps agrees with the model cards' own measurement: held-out badge scenes
 * without a horse (the cards' test-badge set, first 12 scenes), the biased teaching model's horse
 * Grad-CAM; the audit's badge share with --region-shape box must equal scenes.SceneEvaluation.badgeMass
 * (its own upsampling through imaging.Resize and scenes.LocalizationMetrics) on the same scenes.
 */
class TeachingModelAuditTest {
    @TempDir
    Path dir;

    @Test
    void badgeShareEqualsTheCardsMeasurement() throws Exception {
        Assumptions.assumeTrue(ClipArtLibrary.isInstalled(), "openclipart-png is not installed");
        SceneOptions o = SceneOptions.defaults().withSplit(SceneSplit.TEST).withExclude(List.of("horse")).withBias(null, 0.95, 1.0);
        List<Scene> scenes = SceneRunWriter.scenes(o, 3001, 12);
        Path run = dir.resolve("biased.duckdb");
        double expected;
        try (ModelSession s = ModelSession.open(Path.of("models/scenes-biased.onnx"), null, null, Device.CPU)) {
            SceneRunWriter.write(s, scenes, List.of(s.resolveClass("horse")), run, null, "test-badge");
            expected = new SceneEvaluation(s).badgeMass(scenes, "horse");
        }
        try (RunDatabase db = RunDatabase.openForReading(run)) {
            AuditResult r = Audit.run(db, Audit.Options.defaults().withShape(RegionDecoder.Shape.BOX).withThreads(2));
            AuditResult.LocalisationRow horse = r.localisation().stream()
                    .filter(l -> r.run().label(l.cls()).equals("horse") && !l.withClass() && l.group().equals(RunImages.ALL)).findFirst().orElseThrow();
            assertEquals(12, horse.n());
            double share = horse.share()[r.regions().indexOf("badge")].mean();
            assertEquals(expected, share, 1e-6);
            assertTrue(share > 0.3, "the biased model looks at the badge: " + share);
        }
    }
}
