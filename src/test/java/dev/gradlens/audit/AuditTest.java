package dev.gradlens.audit;

import dev.gradlens.GradLensException;
import dev.gradlens.run.RunDatabase;
import dev.gradlens.run.RunSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audit of a hand-built run whose numbers are known by construction: 8x8 images with 8x8 maps (the
 * placement is the identity, so every share is a ratio of the map values written below).
 * Classes 0 cat, 1 horse; horse maps stored for every image (--target 1). 20 horse scenes, all with the
 * badge; 20 cat scenes, 10 with the badge (predicted horse: wrong) and 10 without (right).
 */
class AuditTest {
    @TempDir
    Path dir;

    static final int S = 8;

    /** Map with value {@code badge} on the badge pixel (7, 0) and {@code object} on the object pixel (2, 5). */
    private static float[] map(float badge, float object) {
        float[] m = new float[S * S];
        m[0 * S + 7] = badge;
        m[5 * S + 2] = object;
        return m;
    }

    Path buildRun(String name) throws Exception {
        Path file = dir.resolve(name + ".duckdb");
        try (RunFixture f = new RunFixture(file, List.of("cat", "horse"), "gradcam", "1", S, S, S, S, dir.toString(), "fp")) {
            for (int id = 0; id < 40; id++) {
                boolean horse = id < 20, badge = horse || id < 30;
                int truth = horse ? 1 : 0, pred = horse || badge ? 1 : 0;
                f.image(id, "img" + id + ".png", truth, pred, horse ? 0.9 : 0.6, S, S);
                f.group(id, "badge", badge ? "yes" : "no").group(id, "layout", "single");
                f.box(id, "object", truth, 1, 4, 4, 7); // holds the object pixel (2, 5)
                if (badge) f.box(id, "badge", null, 6, 0, 8, 2); // holds the badge pixel (7, 0)
                // the horse map: on cat scenes with the badge, 3 units on the badge and 1 on the cat
                f.map(id, "gradcam", 1, false, S, S, horse ? map(1, 3) : badge ? map(3, 1) : map(0, 1));
                if (!horse) f.map(id, "gradcam", 0, false, S, S, map(0, 2)); // the cat map: all on the cat
                f.map(id, "gradcam", 1, true, S, S, map(0, 1)); // a counterfactual, audited only when asked
            }
            f.failedImage(40, "broken.png", "unreadable");
        }
        return file;
    }

    private static AuditResult.LocalisationRow row(AuditResult r, int cls, boolean with, String group, String value, boolean cf) {
        return r.localisation().stream().filter(l -> l.cls() == cls && l.withClass() == with && l.group().equals(group) && l.value().equals(value)
                && r.methods().get(l.method()).counterfactual() == cf).findFirst().orElseThrow();
    }

    private static AuditResult.AccuracyRow acc(AuditResult r, int cls, String group, String value) {
        return r.accuracy().stream().filter(a -> a.cls() == cls && a.group().equals(group) && a.value().equals(value)).findFirst().orElseThrow();
    }

    @Test
    void sharesAtZeroGetTheClopperPearsonReachUnlessTheRegionIsAbsent() throws Exception {
        try (RunDatabase db = RunDatabase.openForReading(buildRun("z"))) {
            AuditResult r = Audit.run(db, Audit.Options.defaults().withThreads(2));
            int badge = r.regions().indexOf("badge");
            // cat maps on the 10 cat scenes with the badge: all on the cat, 0 on the badge (present, area 4/64) on
            // every image: by hand [0, 1 - 0.025^(1/10)] = [0, 1 - exp(-3.688879/10)] = [0, 0.308497]
            AuditResult.LocalisationRow yes = row(r, 0, true, "badge", "yes", false);
            assertEquals(10, yes.n());
            assertEquals(4.0 / 64, yes.area()[badge], 1e-12);
            assertEquals(0.0, yes.share()[badge].lo(), 0);
            assertEquals(0.308497, yes.share()[badge].hi(), 1e-6);
            // the same maps where badge = no: the region is on no image (area 0), the share 0 by construction
            AuditResult.LocalisationRow no = row(r, 0, true, "badge", "no", false);
            assertEquals(0.0, no.area()[badge], 0);
            assertEquals(new Bootstrap.Estimate(0, 0, 0, 10), no.share()[badge]);
        }
    }

    @Test
    void measuresEveryClassGroupCellAsConstructed() throws Exception {
        try (RunDatabase db = RunDatabase.openForReading(buildRun("a"))) {
            AuditResult r = Audit.run(db, Audit.Options.defaults().withThreads(2));
            assertEquals(List.of("object", "other-objects", "badge", "background"), r.regions().all());
            assertEquals(40, r.images());
            int badge = r.regions().indexOf("badge"), object = r.regions().indexOf("object"), other = r.regions().indexOf("other-objects");
            // horse maps on cat scenes with the badge: 3 of 4 units on the badge, the peak there too
            AuditResult.LocalisationRow h = row(r, 1, false, "badge", "yes", false);
            assertEquals(10, h.n());
            assertEquals(10, h.images());
            assertEquals(0.75, h.share()[badge].mean(), 1e-12);
            assertEquals(0.75, h.share()[badge].lo(), 1e-12);
            assertEquals(0.75, h.share()[badge].hi(), 1e-12);
            assertEquals(0.25, h.share()[other].mean(), 1e-12);
            assertEquals(0.0, h.share()[object].mean(), 1e-12);
            assertEquals(1.0, h.pointing()[badge].mean(), 1e-12);
            assertEquals(4.0 / 64, h.area()[badge], 1e-12);
            // the same maps over all cat scenes: half the scenes put .75 on the badge, half put 0
            AuditResult.LocalisationRow all = row(r, 1, false, RunImages.ALL, "", false);
            assertEquals(20, all.n());
            assertEquals(0.375, all.share()[badge].mean(), 1e-12);
            assertTrue(all.share()[badge].lo() < 0.375 && all.share()[badge].hi() > 0.375);
            // horse maps on horse scenes: 3 of 4 units on the horse
            assertEquals(0.75, row(r, 1, true, "badge", "yes", false).share()[object].mean(), 1e-12);
            // cat maps exist only on the cat scenes (true class), all on the cat
            assertEquals(1.0, row(r, 0, true, RunImages.ALL, "", false).share()[object].mean(), 1e-12);
            // accuracy: cats are right without the badge, wrong with it
            assertEquals(0.0, acc(r, 0, "badge", "yes").accuracy().mean(), 1e-12);
            assertEquals(1.0, acc(r, 0, "badge", "no").accuracy().mean(), 1e-12);
            assertEquals(0.6, acc(r, 0, "badge", "no").confidence().mean(), 1e-6);
            assertEquals(30.0 / 40, acc(r, -1, RunImages.ALL, "").accuracy().mean(), 1e-12);
            // counterfactual maps are left out unless asked for
            assertTrue(r.methods().stream().noneMatch(MapMeasurements.MethodKey::counterfactual));
            // the gaps in words
            String text = String.join("\n", r.gaps().stream().map(AuditResult.Gap::sentence).toList());
            assertTrue(text.contains("class horse: 75 % of Grad-CAM mass on the badge in images without a horse where badge = yes (n = 10, CI 75–75 %), against a badge area of 6 %"), text);
            // Wilson intervals (hand-worked, WilsonIntervalTest): 0 of 10 → 0 to z²/(10 + z²) = 27.8 %
            assertTrue(text.contains("class cat: accuracy 0 % where badge = yes (n = 10, CI 0–28 %) against 100 % where badge = no"), text);
            assertTrue(String.join("\n", r.notes().lines()).contains("1 images without a usable result"), r.notes().lines().toString());
        }
    }

    @Test
    void counterfactualMapsWhenAsked() throws Exception {
        try (RunDatabase db = RunDatabase.openForReading(buildRun("cf"))) {
            AuditResult r = Audit.run(db, Audit.Options.defaults().withCounterfactual(true).withGroup("badge"));
            AuditResult.LocalisationRow c = row(r, 1, false, "badge", "yes", true);
            assertEquals("Counterfactual Grad-CAM", r.methods().get(c.method()).title());
            assertEquals(1.0, c.share()[r.regions().indexOf("other-objects")].mean(), 1e-12);
            assertEquals(List.of("badge"), r.groupNames());
        }
    }

    @Test
    void parquetFolderAuditsLikeTheFile() throws Exception {
        Path file = buildRun("pq");
        Path pq = dir.resolve("pq-folder");
        try (RunDatabase db = RunDatabase.openForWriting(file); Statement s = db.connection().createStatement()) {
            for (String t : RunSchema.TABLES) {
                Files.createDirectories(pq.resolve(t));
                s.execute("COPY " + t + " TO '" + pq.resolve(t).resolve("part-0.parquet") + "' (FORMAT parquet)");
            }
        }
        AuditResult a, b;
        try (RunDatabase db = RunDatabase.openForReading(file)) {
            a = Audit.run(db, Audit.Options.defaults());
        }
        try (RunDatabase db = RunDatabase.openForReading(pq)) {
            b = Audit.run(db, Audit.Options.defaults());
        }
        assertEquals(a.localisation().size(), b.localisation().size());
        for (int i = 0; i < a.localisation().size(); i++) {
            for (int j = 0; j < a.regions().size(); j++) {
                assertEquals(a.localisation().get(i).share()[j], b.localisation().get(i).share()[j]);
            }
        }
    }

    @Test
    void groupWithOneValueIsNotedNotFatal() throws Exception {
        try (RunDatabase db = RunDatabase.openForReading(buildRun("one"))) {
            AuditResult r = Audit.run(db, Audit.Options.defaults().withGroup("layout"));
            assertTrue(r.notes().lines().contains("group 'layout' has one value (single) for every image: nothing to compare within it"),
                    r.notes().lines().toString());
        }
    }

    @Test
    void unknownGroupIsRefusedWithTheGroupsThereAre() throws Exception {
        try (RunDatabase db = RunDatabase.openForReading(buildRun("unknown"))) {
            GradLensException e = assertThrows(GradLensException.class, () -> Audit.run(db, Audit.Options.defaults().withGroup("gender")));
            assertEquals("The run has no group 'gender'; its groups: badge, layout", e.getMessage());
        }
    }

    @Test
    void groupWithoutImagesOfAClassIsNoted() throws Exception {
        // horses all carry the badge: the cell (horse, badge = no) has no image
        try (RunDatabase db = RunDatabase.openForReading(buildRun("empty-cell"))) {
            AuditResult r = Audit.run(db, Audit.Options.defaults().withGroup("badge"));
            AuditResult.AccuracyRow none = acc(r, 1, "badge", "no");
            assertEquals(0, none.n());
            assertTrue(Double.isNaN(none.accuracy().mean()));
            assertTrue(String.join("\n", r.notes().lines()).contains("1 × class × group cells without images (first: class horse, badge = no)"),
                    r.notes().lines().toString());
        }
    }

    @Test
    void emptyAndWrongSizeMasksAreSkippedWithANote() throws Exception {
        Path file = dir.resolve("masks.duckdb");
        try (RunFixture f = new RunFixture(file, List.of("cat", "horse"), "gradcam", null, S, S, S, S, dir.toString(), "fp")) {
            f.image(0, "a.png", 0, 0, 0.9, S, S).image(1, "b.png", 0, 0, 0.9, S, S).image(2, "c.png", 0, 0, 0.9, S, S);
            f.mask(0, "badge", null, 0, 0, 8, 8, new int[] {64});          // empty: no pixel set
            f.mask(1, "badge", null, 0, 0, 8, 8, new int[] {10, 5, 10});   // covers 25 pixels, not 64
            f.mask(2, "badge", null, 7, 0, 8, 1, new int[] {7, 1, 56});    // the pixel (7, 0)
            for (int id = 0; id < 3; id++) f.map(id, "gradcam", 0, false, S, S, map(1, 1));
        }
        try (RunDatabase db = RunDatabase.openForReading(file)) {
            AuditResult r = Audit.run(db, Audit.Options.defaults());
            assertEquals(1, r.notes().count("empty region mask skipped"));
            assertEquals(1, r.notes().count("region mask of the wrong size skipped"));
            String lines = String.join("\n", r.notes().lines());
            assertTrue(lines.contains("image 1 (b.png): badge mask covers 25 pixels, the image has 8x8 = 64"), lines);
            AuditResult.LocalisationRow all = row(r, 0, true, RunImages.ALL, "", false);
            // only image 2 keeps its badge, which holds half its map's mass
            assertEquals(0.5 / 3, all.share()[r.regions().indexOf("badge")].mean(), 1e-12);
        }
    }

    @Test
    void boxShapeUsesTheStoredBoxOfAMaskRegion() throws Exception {
        Path file = dir.resolve("shape.duckdb");
        try (RunFixture f = new RunFixture(file, List.of("cat"), "gradcam", null, S, S, S, S, dir.toString(), "fp")) {
            f.image(0, "a.png", 0, 0, 0.9, S, S);
            // mask = pixel (6, 0) only; its box [6, 8) x [0, 2) also holds the map's pixel (7, 0)
            f.mask(0, "badge", null, 6, 0, 8, 2, new int[] {6, 1, 57});
            f.map(0, "gradcam", 0, false, S, S, map(1, 1));
        }
        try (RunDatabase db = RunDatabase.openForReading(file)) {
            int badge = 0;
            AuditResult mask = Audit.run(db, Audit.Options.defaults());
            assertEquals(0.0, row(mask, 0, true, RunImages.ALL, "", false).share()[badge].mean(), 1e-12);
            AuditResult box = Audit.run(db, Audit.Options.defaults().withShape(RegionDecoder.Shape.BOX));
            assertEquals(0.5, row(box, 0, true, RunImages.ALL, "", false).share()[badge].mean(), 1e-12);
        }
    }
}
