package dev.gradlens.run;

import dev.gradlens.explain.Cancellation;
import dev.gradlens.testsupport.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A real ImageNet model (../shared/models/mobilenet_v1_025) over the shared photos laid out as an
 * ImageFolder whose folder names use every matching rule: an exact label, a WordNet id (through the
 * model's synsets.txt), a class index, and a case-insensitive name with underscores. The run equals
 * explain image by image. Skipped without ../shared.
 */
class ImageNetFolderRunTest {
    @TempDir
    Path dir;

    @Test
    void imageFolderRunEqualsExplain() throws Exception {
        Path model = SharedData.require("models/mobilenet_v1_025/model.onnx");
        Path photos = SharedData.require("images");
        List<String> labels = Files.readAllLines(model.resolveSibling("labels.txt"));
        // folder → photos; the expected class is looked up in labels.txt here, independently of LabelMatcher
        Map<String, List<String>> layout = Map.of(
                "Egyptian cat", List.of("chelsea.png"),
                "n02110063", List.of("dog.png"),
                String.valueOf(labels.indexOf("bald eagle")), List.of("eagle.png"),
                "BOW_TIE", List.of("grace_hopper.png", "astronaut.png"),
                "espresso", List.of("coffee.png"));
        Map<String, Integer> expected = Map.of("Egyptian cat", labels.indexOf("Egyptian cat"), "n02110063", labels.indexOf("malamute"),
                String.valueOf(labels.indexOf("bald eagle")), labels.indexOf("bald eagle"), "BOW_TIE", labels.indexOf("bow tie"),
                "espresso", labels.indexOf("espresso"));
        Path root = dir.resolve("photos");
        for (var e : layout.entrySet()) {
            Files.createDirectories(root.resolve(e.getKey()));
            for (String f : e.getValue()) Files.copy(photos.resolve(f), root.resolve(e.getKey()).resolve(f));
        }
        Path run = dir.resolve("imagenet.duckdb");
        try (RunEngine engine = RunEngine.prepare(new RunRequest(model, root, run, null, null, 0, null, 4, 0, 2, null))) {
            RunProgress p = engine.execute(null, Cancellation.NONE);
            assertEquals(6, p.done());
            assertEquals(0, p.failed());
        }
        for (List<Object> row : RunTables.rows(run, "SELECT path, true_class, true_label FROM images")) {
            String folder = ((String) row.get(0)).split("/")[0];
            assertEquals(expected.get(folder), ((Number) row.get(1)).intValue(), "class of " + row.get(0));
            assertEquals(folder, row.get(2));
        }
        assertEquals(List.of(List.of("imagefolder")), RunTables.rows(run, "SELECT dataset_kind FROM run"));
        // chelsea → Egyptian cat and coffee → espresso are the README's stable top-1s
        assertEquals(List.of(List.of(true)), RunTables.rows(run, "SELECT correct FROM images WHERE path LIKE '%chelsea.png'"));
        assertEquals(List.of(List.of(true)), RunTables.rows(run, "SELECT correct FROM images WHERE path LIKE '%coffee.png'"));
        assertEquals(6, RunMatchesExplainCheck.check(model, root, run));
    }
}
