package dev.gradlens.scenes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gradlens.inference.Device;
import dev.gradlens.service.ModelSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped teaching models measured by the project's own metric code ({@link SceneEvaluation},
 * through ONNX Runtime and GradLens's gradient graphs) on the held-out scene sets their cards
 * describe: the numbers in models/scenes-metrics.json (measured with PyTorch autograd at training
 * time) are reproduced, and the planted bias shows: the biased model's "horse" Grad-CAM sits on
 * the badge in scenes without a horse, the clean model's does not.
 * The scene sets are regenerated from the seeds in the metrics file (needs openclipart-png).
 */
class TeachingModelMetricsTest {
    static JsonNode metrics;
    static List<Scene> single, badge;

    @BeforeAll
    static void generateHeldOutScenes() throws IOException {
        dev.gradlens.testsupport.RequiredTestData.requireClipArt(ClipArtLibrary.isInstalled());
        metrics = new ObjectMapper().readTree(Path.of("models/scenes-metrics.json").toFile());
        ClipArtLibrary library = ClipArtLibrary.open();
        single = generate(library, metrics.get("data").get("test-single"));
        badge = generate(library, metrics.get("data").get("test-badge"));
    }

    /** The scene set a data entry of the metrics file describes (the generator is deterministic by seed). */
    static List<Scene> generate(ClipArtLibrary library, JsonNode d) {
        List<String> classes = new ArrayList<>();
        d.get("classes").forEach(c -> classes.add(c.asText()));
        SceneOptions.Layout layout = SceneOptions.Layout.valueOf(d.get("layout").asText().toUpperCase(Locale.ROOT).replace('-', '_'));
        SceneOptions o = new SceneOptions(d.get("size").asInt(), SceneSplit.parse(d.get("split").asText()), layout,
                d.get("max_objects").asInt(), classes, List.of(), d.get("bias_class").isNull() ? null : d.get("bias_class").asText(),
                d.get("bias_rate").asDouble(), d.get("other_badge_rate").asDouble(), d.get("colour_jitter").asBoolean());
        SceneGenerator g = new SceneGenerator(library, o, d.get("seed").asLong());
        List<Scene> out = new ArrayList<>();
        long start = d.get("start").asLong();
        for (long i = start; i < start + d.get("count").asLong(); i++) out.add(g.generate(i));
        return out;
    }

    @Test
    void cardsAreReproducedAndTheBiasShows() {
        String bias = metrics.get("bias_class").asText();
        double[] mass = new double[2];
        String[] names = {"scenes-clean", "scenes-biased"};
        for (int m = 0; m < 2; m++) {
            JsonNode card = metrics.get("models").get(names[m]);
            try (ModelSession s = ModelSession.open(Path.of("models", names[m] + ".onnx"), null, null, Device.CPU)) {
                SceneEvaluation eval = new SceneEvaluation(s);
                SceneEvaluation.Localisation loc = eval.accuracyAndPointing(single);
                mass[m] = eval.badgeMass(badge, bias);
                System.out.printf("%s: held-out top-1 %.3f, pointing game %.3f, %s Grad-CAM mass on the badge %.4f%n",
                        names[m], loc.accuracy(), loc.pointingGame(), bias, mass[m]);
                // same scenes, same model: only float32 rounding (ONNX Runtime vs PyTorch) may flip a borderline case
                assertEquals(card.get("top1_test_single").asDouble(), loc.accuracy(), 0.01, names[m] + " held-out top-1");
                assertEquals(card.get("pointing_game").get("box_tolerance").asDouble(), loc.pointingGame(), 0.01, names[m] + " pointing game");
                assertEquals(card.get("badge_scenes").get("cam").get("mean_fraction_in_badge_box").asDouble(), mass[m], 0.01,
                        names[m] + " badge mass");
            }
        }
        double badgeArea = metrics.get("models").get("scenes-clean").get("badge_scenes").get("cam").get("badge_area_fraction").asDouble();
        // The criterion: the biased model puts most of its map on the badge, the clean model does not.
        assertTrue(mass[1] > 0.5, "the biased model puts most of its " + bias + " Grad-CAM mass on the badge: " + mass[1]);
        assertTrue(mass[1] > 10 * badgeArea, "... over ten times the badge's share of the image: " + mass[1]);
        // The clean model does not single the badge out: its share is about what a map spread evenly over the
        // scene would put on a box of the badge's area (badgeArea), and far below the biased model's.
        assertTrue(mass[0] < 2 * badgeArea, "the clean model's " + bias + " map does not concentrate on the badge: " + mass[0]);
        assertTrue(mass[1] > 10 * mass[0], "biased " + mass[1] + " vs clean " + mass[0]);
    }
}
