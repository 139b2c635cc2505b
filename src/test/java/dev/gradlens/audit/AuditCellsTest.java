package dev.gradlens.audit;

import dev.gradlens.run.RunDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The images behind an audit's rows, on a hand-built run of 8x8 images and maps (identity placement):
 * images 0–5 are cats (0–2 group g = a, 3–5 g = b), 6–9 dogs (g = a); image 10 failed. Dog maps exist on
 * 0–5 and 7–9 (not 6); on cat image i the dog map puts share i/10 on the badge box (the rest on the cat),
 * image 2 has no badge region. Image 4 is also labelled dog (a second label), so its dog map counts as
 * "with a dog".
 */
class AuditCellsTest {
    @TempDir
    Path dir;

    static final int S = 8;

    private static float[] map(float badge, float object) {
        float[] m = new float[S * S];
        m[7] = badge;
        m[5 * S + 2] = object;
        return m;
    }

    private AuditCells cells() throws Exception {
        try (RunDatabase db = RunDatabase.openForReading(fixture())) {
            return Audit.runWithCells(db, Audit.Options.defaults().withThreads(1));
        }
    }

    @Test
    void aCancelStopsTheAuditAtItsNextPoll() throws Exception {
        Path file = fixture();
        // never cancelled: the audit polls once per map read, once per image measured and once per table cell
        java.util.concurrent.atomic.AtomicInteger polls = new java.util.concurrent.atomic.AtomicInteger();
        try (RunDatabase db = RunDatabase.openForReading(file)) {
            Audit.runWithCells(db, Audit.Options.defaults().withThreads(1).withCancellation(() -> {
                polls.incrementAndGet();
                return false;
            }));
        }
        // 9 maps read + 9 images measured + cells (accuracy and localisation) > 18
        org.junit.jupiter.api.Assertions.assertTrue(polls.get() > 18, "polls: " + polls.get());
        // cancelled at the 5th poll (while the maps are read): no result, a CancellationException
        java.util.concurrent.atomic.AtomicInteger seen = new java.util.concurrent.atomic.AtomicInteger();
        try (RunDatabase db = RunDatabase.openForReading(file)) {
            org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.CancellationException.class,
                    () -> Audit.runWithCells(db, Audit.Options.defaults().withThreads(1).withCancellation(() -> seen.incrementAndGet() >= 5)));
        }
        // cancelled at the last poll of a full audit: the bootstrap cells are polled too
        int last = polls.get();
        java.util.concurrent.atomic.AtomicInteger late = new java.util.concurrent.atomic.AtomicInteger();
        try (RunDatabase db = RunDatabase.openForReading(file)) {
            org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.CancellationException.class,
                    () -> Audit.runWithCells(db, Audit.Options.defaults().withThreads(1).withCancellation(() -> late.incrementAndGet() >= last)));
        }
    }

    private Path fixture() throws Exception {
        Path file = dir.resolve("cells.duckdb");
        if (java.nio.file.Files.exists(file)) return file;
        try (RunFixture f = new RunFixture(file, List.of("cat", "dog"), "gradcam", "1", S, S, S, S, dir.toString(), "fp")) {
            for (int id = 0; id < 10; id++) {
                boolean cat = id < 6;
                f.image(id, "img" + id + ".png", cat ? 0 : 1, cat && id % 2 == 0 ? 1 : cat ? 0 : 1, 0.7, S, S);
                f.group(id, "g", id >= 3 && id < 6 ? "b" : "a");
                f.box(id, "object", cat ? 0 : 1, 1, 4, 4, 7);
                if (id != 2) f.box(id, "badge", null, 6, 0, 8, 2);
                if (id != 6) f.map(id, "gradcam", 1, false, S, S, cat ? map(id, 10 - id) : map(0, 1));
            }
            f.failedImage(10, "broken.png", "unreadable");
        }
        try (RunDatabase db = RunDatabase.openForWriting(file); var s = db.connection().createStatement()) {
            s.execute("INSERT INTO image_labels VALUES (4, 1)");
        }
        return file;
    }

    private static AuditResult.AccuracyRow acc(AuditResult r, int cls, String group, String value) {
        return r.accuracy().stream().filter(a -> a.cls() == cls && a.group().equals(group) && a.value().equals(value)).findFirst().orElseThrow();
    }

    private static AuditResult.LocalisationRow loc(AuditResult r, int cls, boolean with, String group, String value) {
        return r.localisation().stream().filter(l -> l.cls() == cls && l.withClass() == with && l.group().equals(group) && l.value().equals(value))
                .findFirst().orElseThrow();
    }

    @Test
    void accuracyRowsListTheirImagesAndTheCountsAgree() throws Exception {
        AuditCells c = cells();
        AuditResult r = c.result();
        assertEquals(List.of(0, 1, 2), c.images(acc(r, 0, "g", "a")));
        assertEquals(List.of(3, 4, 5), c.images(acc(r, 0, "g", "b")));
        assertEquals(List.of(0, 1, 2, 6, 7, 8, 9), c.images(acc(r, -1, "g", "a")));
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), c.images(acc(r, -1, RunImages.ALL, "")), "the failed image is in no cell");
        assertEquals(List.of(), c.images(acc(r, 1, "g", "b")), "no dog where g = b");
        for (AuditResult.AccuracyRow a : r.accuracy()) assertEquals(a.n(), c.images(a).size(), a.label() + " " + a.group() + "=" + a.value());
    }

    @Test
    void localisationRowsListTheirMapsImagesMostOnTheRegionFirst() throws Exception {
        AuditCells c = cells();
        AuditResult r = c.result();
        int badge = r.regions().indexOf("badge"), other = r.regions().indexOf("other-objects");
        // dog maps on images without a dog: cats 0–5 but 4 (labelled dog too); badge shares 0, .1, 0 (no badge region), .3, .5
        AuditResult.LocalisationRow without = loc(r, 1, false, RunImages.ALL, "");
        assertEquals(List.of(5, 3, 1, 0, 2), c.images(without, badge), "share .5, .3, .1, then the two zeros in id order");
        assertEquals(List.of(0, 1, 2, 3, 5), c.images(without, other), "on the cat: 1, .9, .8 (the badge pixel is background there), .7, .5");
        assertEquals(List.of(5, 3), c.images(loc(r, 1, false, "g", "b"), badge));
        // with a dog: 4 (second label) and the dogs that have a map (not 6)
        assertEquals(List.of(4, 7, 8, 9), c.images(loc(r, 1, true, RunImages.ALL, ""), other).stream().sorted().toList());
        for (AuditResult.LocalisationRow l : r.localisation()) assertEquals(l.n(), c.images(l, badge).size());
    }
}
