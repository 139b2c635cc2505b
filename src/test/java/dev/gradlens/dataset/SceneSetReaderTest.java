package dev.gradlens.dataset;

import dev.gradlens.scenes.SceneSplit;
import dev.gradlens.scenes.SceneTruth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Scene truth written by the scene generator's own JSON writer (no clip-art needed), read back. */
class SceneSetReaderTest {
    @TempDir
    Path dir;

    @Test
    void labelsBadgeGroupAndRegions() throws Exception {
        boolean[] catMask = {false, true, true, false, false, true, true, false}; // 4x2
        boolean[] dogMask = {false, false, false, true, false, false, false, false};
        boolean[] badgeMask = {true, false, false, false, false, false, false, false};
        var cat = new SceneTruth.SceneObject("cat", "cat/a.png", new int[] {1, 0, 2, 2}, 4, 1.0, 2, 1, 2, 0, false, catMask);
        var dog = new SceneTruth.SceneObject("dog", "dog/b.png", new int[] {3, 0, 1, 1}, 1, 0.5, 3, 0, 1, 0, false, dogMask);
        SceneTruth a = new SceneTruth(4, 2, 1, 0, SceneSplit.TEST, "mixed", "noise", "cat", 0, List.of("cat", "dog"), List.of(cat, dog),
                new SceneTruth.BadgeInfo(new int[] {0, 0, 1, 1}, "top-left", badgeMask));
        SceneTruth b = new SceneTruth(4, 2, 1, 1, SceneSplit.TEST, "single", "plain", "dog", 1, List.of("dog"), List.of(dog), null);
        Files.writeString(dir.resolve("scene-000000.json"), a.toJson("scene-000000.png"));
        Files.writeString(dir.resolve("scene-000001.json"), b.toJson("scene-000001.png"));
        Files.writeString(dir.resolve("dataset.json"), "{\"format\": \"gradlens-scene-set/1\", \"prefix\": \"scene\", \"count\": 2}");
        Dataset d = Datasets.open(dir.resolve("dataset.json"));
        assertEquals(DatasetKind.SCENES, d.kind());
        assertEquals(DatasetKind.SCENES, Datasets.open(dir).kind());
        assertEquals(List.of("scene-000000.png", "scene-000001.png"), d.items().stream().map(DatasetItem::path).toList());
        assertEquals(List.of("cat", "dog"), d.items().get(0).labels());
        assertEquals(Map.of("badge", "yes", "layout", "mixed", "background", "noise"), d.items().get(0).groups());
        assertEquals("no", d.items().get(1).groups().get("badge"));
        List<Region> r = d.items().get(0).regions().load(4, 2);
        assertEquals(List.of("object", "object", "badge"), r.stream().map(Region::name).toList());
        assertEquals("cat", r.get(0).label());
        assertArrayEquals(new int[] {1, 0, 3, 2}, new int[] {r.get(0).x0(), r.get(0).y0(), r.get(0).x1(), r.get(0).y1()});
        assertArrayEquals(new int[] {1, 2, 2, 2, 1}, r.get(0).mask());
        assertNull(r.get(2).label());
        assertArrayEquals(new int[] {0, 1, 7}, r.get(2).mask());
    }
}
