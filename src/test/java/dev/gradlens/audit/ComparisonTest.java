package dev.gradlens.audit;

import dev.gradlens.GradLensException;
import dev.gradlens.run.RunDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two hand-built runs on the same 40 images (8x8, identity placement): A is the biased model of
 * AuditTest (cats with the badge predicted horse, horse maps on the badge), B the clean one (always right,
 * horse maps on the objects only).
 */
class ComparisonTest {
    @TempDir
    Path dir;

    static final int S = 8;

    private static float[] map(float badge, float object) {
        float[] m = new float[S * S];
        m[7] = badge;
        m[5 * S + 2] = object;
        return m;
    }

    Path run(String name, boolean biased, String fingerprint, String prefix) throws Exception {
        Path file = dir.resolve(name + ".duckdb");
        try (RunFixture f = new RunFixture(file, List.of("cat", "horse"), "gradcam", "1", S, S, S, S, dir.toString(), fingerprint)) {
            for (int id = 0; id < 40; id++) {
                boolean horse = id < 20, badge = horse || id < 30;
                int truth = horse ? 1 : 0, pred = biased && badge ? 1 : truth;
                f.image(id, prefix + id + ".png", truth, pred, 0.8, S, S);
                f.group(id, "badge", badge ? "yes" : "no");
                f.box(id, "object", truth, 1, 4, 4, 7);
                if (badge) f.box(id, "badge", null, 6, 0, 8, 2);
                f.map(id, "gradcam", 1, false, S, S, biased && badge ? map(3, 1) : map(0, 1));
            }
        }
        return file;
    }

    @Test
    void biasedAgainstClean() throws Exception {
        Path a = run("biased", true, "fp", "img"), b = run("clean", false, "fp", "img");
        try (RunDatabase da = RunDatabase.openForReading(a); RunDatabase db = RunDatabase.openForReading(b)) {
            ComparisonResult r = Comparison.run(da, db, Audit.Options.defaults().withThreads(2));
            assertEquals(40, r.images());
            // predictions differ on the 10 cats with the badge
            assertEquals(30.0 / 40, r.agreement().mean(), 1e-12);
            ComparisonResult.AccuracyDiff cats = r.accuracy().stream().filter(x -> x.cls() == 0 && x.group().equals("badge") && x.value().equals("yes")).findFirst().orElseThrow();
            assertEquals(0.0, cats.accuracyA().mean(), 1e-12);
            assertEquals(1.0, cats.accuracyB().mean(), 1e-12);
            assertEquals(-1.0, cats.difference().mean(), 1e-12);
            assertEquals(-1.0, cats.difference().hi(), 1e-12);
            // horse maps on cats with the badge: 75 % on the badge in A, 0 in B
            int badge = r.regions().indexOf("badge");
            ComparisonResult.MassDiff d = r.mass().stream().filter(x -> x.cls() == 1 && !x.withClass() && x.group().equals("badge") && x.value().equals("yes")).findFirst().orElseThrow();
            assertEquals(10, d.n());
            assertEquals(0.75, d.difference()[badge].mean(), 1e-12);
            // maps agree exactly where both models put everything on the object (30 of 40 images)
            ComparisonResult.MapAgreementRow all = r.mapAgreement().stream().filter(x -> x.cls() < 0).findFirst().orElseThrow();
            assertEquals(40, all.n());
            // the 10 biased maps differ: the most different images are the cats with the badge
            assertEquals(12, r.mostDifferent().size());
            for (int i = 0; i < 10; i++) {
                ComparisonResult.ImagePair p = r.mostDifferent().get(i);
                assertTrue(p.imageIdA() >= 20 && p.imageIdA() < 30, "image " + p.imageIdA());
            }
            assertTrue(String.join("\n", r.sentences()).contains("The runs predict the same class on 75 % of the images"), r.sentences().toString());
        }
    }

    @Test
    void differentDataSetsAreRefused() throws Exception {
        Path a = run("a", true, "fp-one", "img"), b = run("b", false, "fp-two", "other");
        try (RunDatabase da = RunDatabase.openForReading(a); RunDatabase db = RunDatabase.openForReading(b)) {
            GradLensException e = assertThrows(GradLensException.class, () -> Comparison.run(da, db, Audit.Options.defaults()));
            assertTrue(e.getMessage().startsWith("The runs are on different data sets: A "), e.getMessage());
            assertTrue(e.getMessage().endsWith("0 image paths in common"), e.getMessage());
        }
    }

    @Test
    void differentClassesAreRefused() throws Exception {
        Path a = run("a", true, "fp", "img");
        Path b = dir.resolve("dogs.duckdb");
        try (RunFixture f = new RunFixture(b, List.of("dog", "wolf"), "gradcam", null, S, S, S, S, dir.toString(), "fp")) {
            f.image(0, "img0.png", 0, 0, 0.9, S, S);
        }
        try (RunDatabase da = RunDatabase.openForReading(a); RunDatabase db = RunDatabase.openForReading(b)) {
            GradLensException e = assertThrows(GradLensException.class, () -> Comparison.run(da, db, Audit.Options.defaults()));
            assertTrue(e.getMessage().startsWith("The runs' models have different classes"), e.getMessage());
        }
    }
}
