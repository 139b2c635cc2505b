package dev.gradlens.scenes;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Needs the openclipart-png package; skipped when it is absent. */
class SceneGeneratorTest {
    private static ClipArtLibrary lib;

    @BeforeEach
    void clipArt() {
        dev.gradlens.testsupport.RequiredTestData.requireClipArt(ClipArtLibrary.isInstalled());
        if (lib == null) lib = ClipArtLibrary.open();
    }

    private static SceneGenerator gen(SceneOptions o, long seed) {
        return new SceneGenerator(lib, o, seed);
    }

    @Test
    void sameSeedGivesIdenticalBytes() {
        SceneOptions o = SceneOptions.defaults().withBias("horse", 0.95, 0.3);
        for (long i = 0; i < 6; i++) {
            Scene a = gen(o, 42).generate(i);
            Scene b = gen(o, 42).generate(i);
            assertArrayEquals(a.pngBytes(), b.pngBytes(), "png of scene " + i);
            assertEquals(a.truth().toJson("x.png"), b.truth().toJson("x.png"), "json of scene " + i);
        }
    }

    @Test
    void sceneDoesNotDependOnWhatWasGeneratedBefore() {
        SceneGenerator g = gen(SceneOptions.defaults(), 5);
        for (long i = 0; i < 4; i++) g.generate(i);
        byte[] late = g.generate(9).pngBytes();
        assertArrayEquals(gen(SceneOptions.defaults(), 5).generate(9).pngBytes(), late);
    }

    @Test
    void differentSeedOrIndexGivesDifferentScenes() {
        byte[] a = gen(SceneOptions.defaults(), 1).generate(0).pngBytes();
        byte[] b = gen(SceneOptions.defaults(), 2).generate(0).pngBytes();
        byte[] c = gen(SceneOptions.defaults(), 1).generate(1).pngBytes();
        assertFalse(java.util.Arrays.equals(a, b));
        assertFalse(java.util.Arrays.equals(a, c));
    }

    @Test
    void groundTruthIsConsistentWithItself() {
        List<Scene> scenes = new ArrayList<>();
        SceneOptions base = SceneOptions.defaults().withBias(null, 0.95, 0.5);
        for (long i = 0; i < 20; i++) scenes.add(gen(base, 11).generate(i));
        for (long i = 0; i < 10; i++) scenes.add(gen(base.withLayout(SceneOptions.Layout.MIXED).withSplit(SceneSplit.TEST), 12).generate(i));
        for (long i = 0; i < 10; i++) scenes.add(gen(base.withLayout(SceneOptions.Layout.SINGLE_OBJECT).withSize(96), 13).generate(i));
        for (Scene s : scenes) {
            SceneTruth t = s.truth();
            int w = t.width(), h = t.height();
            assertEquals(w, s.image().getWidth());
            assertEquals(h, s.image().getHeight());
            assertFalse(t.objects().isEmpty());
            boolean[] union = new boolean[w * h];
            int bestArea = -1;
            String best = null;
            for (SceneTruth.SceneObject o : t.objects()) {
                int[] box = o.box();
                assertNotNull(box);
                assertTrue(box[0] >= 0 && box[1] >= 0 && box[2] > 0 && box[3] > 0, "box " + java.util.Arrays.toString(box));
                assertTrue(box[0] + box[2] <= w && box[1] + box[3] <= h, "box inside image");
                assertArrayEquals(box, MaskRle.box(o.mask(), w, h), "box is the mask's bounding box");
                assertEquals(o.area(), MaskRle.count(o.mask()));
                assertTrue(o.area() > 0, "mask not empty");
                assertTrue(o.visibleFraction() >= SceneGenerator.MIN_VISIBLE - 1e-9 && o.visibleFraction() <= 1 + 1e-9);
                for (int p = 0; p < union.length; p++) {
                    if (o.mask()[p]) {
                        assertFalse(union[p], "object masks overlap");
                        union[p] = true;
                    }
                }
                assertTrue(lib.classes().get(o.className()).sources(t.split()).contains(o.source()),
                        o.source() + " belongs to " + o.className() + "/" + t.split().id());
                assertTrue(t.classes().contains(o.className()));
                if (o.area() > bestArea) {
                    bestArea = o.area();
                    best = o.className();
                }
                assertArrayEquals(o.mask(), MaskRle.decode(MaskRle.encode(o.mask()), w * h));
            }
            assertEquals(best, t.label(), "label = class of the largest visible object");
            assertEquals(lib.classes().indexOf(t.label()), t.labelIndex());
            if (t.hasBadge()) {
                int[] b = t.badge().box();
                assertTrue(b[0] >= 0 && b[1] >= 0 && b[0] + b[2] <= w && b[1] + b[3] <= h);
                for (int p = 0; p < union.length; p++) assertFalse(union[p] && t.badge().mask()[p], "badge covers an object");
                assertBadgePixels(s.image(), b);
            }
        }
    }

    /** The badge is painted last: its star centre is crimson and its disc gold, exactly. */
    private static void assertBadgePixels(BufferedImage img, int[] box) {
        int cx = box[0] + box[2] / 2, cy = box[1] + box[3] / 2;
        assertEquals(Badge.CRIMSON.getRGB(), img.getRGB(cx, cy), "star centre");
        boolean gold = false;
        for (int dy = -box[3] / 3; dy <= box[3] / 3; dy++) {
            for (int dx = -box[2] / 3; dx <= box[2] / 3; dx++) {
                if (img.getRGB(cx + dx, cy + dy) == Badge.GOLD.getRGB()) gold = true;
            }
        }
        assertTrue(gold, "gold disc pixels inside the badge");
    }

    @Test
    void badgeOptionsChangeOnlyTheBadgePixels() {
        SceneOptions none = SceneOptions.defaults();
        SceneOptions all = SceneOptions.defaults().withBias(null, 0, 1.0);
        for (long i = 0; i < 5; i++) {
            Scene a = gen(none, 3).generate(i), b = gen(all, 3).generate(i);
            assertNull(a.truth().badge());
            assertNotNull(b.truth().badge());
            int w = a.image().getWidth();
            boolean[] badge = b.truth().badge().mask();
            int[] bb = b.truth().badge().box();
            for (int y = 0; y < w; y++) {
                for (int x = 0; x < w; x++) {
                    boolean inBox = x >= bb[0] - 1 && x < bb[0] + bb[2] + 1 && y >= bb[1] - 1 && y < bb[1] + bb[3] + 1;
                    if (!inBox) assertEquals(a.image().getRGB(x, y), b.image().getRGB(x, y), "pixel " + x + "," + y);
                }
            }
            assertEquals(a.truth().objects().size(), b.truth().objects().size());
            for (int k = 0; k < a.truth().objects().size(); k++) {
                assertArrayEquals(a.truth().objects().get(k).mask(), b.truth().objects().get(k).mask());
            }
            assertTrue(MaskRle.count(badge) > bb[2] * bb[3] / 2, "badge mask covers most of its box");
        }
    }

    @Test
    void biasRatesDecideTheBadgeByLabel() {
        SceneOptions o = SceneOptions.defaults().withLayout(SceneOptions.Layout.SINGLE_OBJECT).withBias("horse", 1.0, 0.0);
        SceneGenerator g = gen(o, 8);
        int horses = 0;
        for (long i = 0; i < 30; i++) {
            SceneTruth t = g.generate(i).truth();
            assertEquals(t.label().equals("horse"), t.hasBadge(), "scene " + i);
            if (t.label().equals("horse")) horses++;
        }
        assertEquals(3, horses, "single-object scenes cycle through the ten classes");
    }

    @Test
    void classFiltersAndLayouts() {
        SceneOptions o = SceneOptions.defaults().withLayout(SceneOptions.Layout.MIXED).withMaxObjects(2)
                .withClasses(List.of("cat", "dog")).withSplit(SceneSplit.TEST);
        SceneGenerator g = gen(o, 21);
        for (long i = 0; i < 8; i++) {
            SceneTruth t = g.generate(i).truth();
            assertEquals(Set.of("cat", "dog"), new HashSet<>(t.classes()), "scene " + i);
            assertEquals(2, t.objects().size());
        }
        SceneGenerator noHorse = gen(SceneOptions.defaults().withExclude(List.of("horse")), 4);
        assertFalse(noHorse.allowedClasses().contains("horse"));
        for (long i = 0; i < 18; i++) assertFalse(noHorse.generate(i).truth().classes().contains("horse"));
        SceneGenerator single = gen(SceneOptions.defaults().withLayout(SceneOptions.Layout.SINGLE_OBJECT), 4);
        for (long i = 0; i < 5; i++) assertEquals(1, single.generate(i).truth().objects().size());
        assertThrows(IllegalArgumentException.class, () -> gen(SceneOptions.defaults().withClasses(List.of("unicorn")), 1));
    }
}
