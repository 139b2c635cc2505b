package dev.gradlens.run;

import dev.gradlens.explain.Cancellation;
import dev.gradlens.explain.Explainer;
import dev.gradlens.explain.ExplanationSet;
import dev.gradlens.explain.MethodId;
import dev.gradlens.explain.Target;
import dev.gradlens.imaging.ImageLoader;
import dev.gradlens.inference.Device;
import dev.gradlens.service.ModelSession;
import dev.gradlens.tensor.Ranking;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The acceptance check, shared by the scene and the ImageNet tests: every image of a run,
 * explained again one by one the way {@code gradlens explain} does (ModelSession + Explainer, batch
 * of one), gives the same top-k (scores within 1e-4) and the same stored Grad-CAM and Grad-CAM++
 * maps (within 1e-5) for the true and the predicted class.
 */
final class RunMatchesExplainCheck {
    static final double SCORE_TOL = 1e-4;
    static final double MAP_TOL = 1e-5;

    private RunMatchesExplainCheck() {
    }

    /** @return how many images were compared */
    static int check(Path model, Path dataRoot, Path run) throws Exception {
        List<List<Object>> images = RunTables.rows(run,
                "SELECT image_id, path, true_class, predicted_class FROM images WHERE status = 'ok' ORDER BY image_id");
        try (ModelSession s = ModelSession.open(model, null, null, Device.CPU)) {
            Explainer ex = new Explainer(s.explainable());
            String layer = s.defaultLayer();
            for (List<Object> row : images) {
                int id = ((Number) row.get(0)).intValue();
                Path file = dataRoot.resolve((String) row.get(1));
                int trueClass = ((Number) row.get(2)).intValue();
                int stored = ((Number) row.get(3)).intValue();
                float[] x = s.prepare(new ImageLoader().load(file).image()).tensor().data();
                float[] scores = ex.forward(x).data();
                float[] probs = dev.gradlens.explain.Softmax.probabilities(scores);
                int[] top = Ranking.top(probs, 5);
                assertEquals(top[0], stored, "top-1 of image " + id);
                List<List<Object>> preds = RunTables.rows(run, "SELECT rank, class, score, probability FROM predictions WHERE image_id = "
                        + id + " ORDER BY rank");
                assertEquals(5, preds.size());
                for (int r = 0; r < 5; r++) {
                    int c = ((Number) preds.get(r).get(1)).intValue();
                    assertEquals(top[r], c, "rank " + r + " of image " + id);
                    assertEquals(scores[c], ((Number) preds.get(r).get(2)).doubleValue(), SCORE_TOL, "score of image " + id);
                    assertEquals(probs[c], ((Number) preds.get(r).get(3)).doubleValue(), SCORE_TOL, "probability of image " + id);
                }
                Set<Integer> classes = new LinkedHashSet<>(List.of(trueClass, top[0]));
                List<Target> targets = classes.stream().map(Target::of).toList();
                ExplanationSet set = ex.explain(x, targets, layer, new LinkedHashSet<>(List.of(MethodId.GRADCAM, MethodId.GRADCAMPP)), Cancellation.NONE);
                for (Target t : targets) {
                    for (MethodId m : List.of(MethodId.GRADCAM, MethodId.GRADCAMPP)) {
                        float[] expected = set.get(m, t).raw().data();
                        float[] got = RunTables.map(run, id, m.id(), t.classIndex());
                        assertNotNull(got, m.id() + " map of class " + t.classIndex() + " of image " + id);
                        assertEquals(expected.length, got.length);
                        for (int i = 0; i < got.length; i++) {
                            assertEquals(expected[i], got[i], MAP_TOL, m.id() + " class " + t.classIndex() + " image " + id + " pixel " + i);
                        }
                    }
                }
                // exactly the true and the predicted class are stored, once each per method
                assertEquals(2L * classes.size(), RunTables.count(run, "SELECT count(*) FROM maps WHERE image_id = " + id));
            }
        }
        assertTrue(images.size() > 0, "no image computed");
        return images.size();
    }

    static void assertSameInts(int[] a, int[] b, String what) {
        assertArrayEquals(a, b, what);
    }
}
