package dev.gradlens.app.viewmodel;

import dev.gradlens.GradLensException;
import dev.gradlens.app.task.ImmediateTaskExecutor;
import dev.gradlens.audit.Audit;
import dev.gradlens.audit.Comparison;
import dev.gradlens.audit.ComparisonResult;
import dev.gradlens.audit.RunFixture;
import dev.gradlens.run.RunDatabase;
import dev.gradlens.run.browse.ImageRow;
import dev.gradlens.service.RunAudits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Compare page's view model without a window, on the two hand-built runs of audit.ComparisonTest:
 * A biased (cats with the badge, ids 20–29, predicted horse; their horse maps on the badge), B clean
 * (always right, horse maps on the objects). The page's numbers must be Comparison.run's; a thumbnail
 * lists the most different images and selects the one clicked; runs of different data sets give the
 * CLI's message in the page.
 */
class CompareViewModelTest {
    @TempDir
    Path dir;

    static final int S = 8;

    private final StatusViewModel status = new StatusViewModel();

    private static float[] map(float badge, float object) {
        float[] m = new float[S * S];
        m[7] = badge;
        m[5 * S + 2] = object;
        return m;
    }

    private Path run(String name, boolean biased, String fingerprint, String prefix, boolean maps) throws Exception {
        Path file = dir.resolve(name + ".duckdb");
        java.nio.file.Files.createDirectories(dir.resolve(fingerprint));
        try (RunFixture f = new RunFixture(file, List.of("cat", "horse"), "gradcam", "1", S, S, S, S, dir.resolve(fingerprint).toString(), fingerprint)) {
            for (int id = 0; id < 40; id++) {
                boolean horse = id < 20, badge = horse || id < 30;
                int truth = horse ? 1 : 0, pred = biased && badge ? 1 : truth;
                f.image(id, prefix + id + ".png", truth, pred, 0.8, S, S);
                f.group(id, "badge", badge ? "yes" : "no");
                f.box(id, "object", truth, 1, 4, 4, 7);
                if (badge) f.box(id, "badge", null, 6, 0, 8, 2);
                if (maps) f.map(id, "gradcam", 1, false, S, S, biased && badge ? map(3, 1) : map(0, 1));
            }
        }
        return file;
    }

    private DatasetViewModel dataset(Path run) {
        DatasetViewModel d = new DatasetViewModel(request -> {
            throw new GradLensException("no engine in this test");
        }, new ImmediateTaskExecutor(), new ImmediateTaskExecutor(), Runnable::run, status, new DatasetViewModelTest.FakeHost());
        d.openRun(run);
        assertTrue(d.isOpen(), status.message());
        return d;
    }

    private CompareViewModel vm(DatasetViewModel d) {
        return new CompareViewModel(RunAudits.local(), new ImmediateTaskExecutor(), status, d);
    }

    private static List<Integer> ids(List<ImageRow> rows) {
        return rows.stream().map(ImageRow::imageId).toList();
    }

    @Test
    void numbersAreTheComparisonsOwn() throws Exception {
        Path a = run("biased", true, "fp", "img", true), b = run("clean", false, "fp", "img", true);
        DatasetViewModel d = dataset(a);
        CompareViewModel vm = vm(d);
        vm.groupProperty().set("badge");
        vm.compareWith(b);
        ComparisonResult expected;
        try (RunDatabase da = RunDatabase.openForReading(a); RunDatabase db = RunDatabase.openForReading(b)) {
            expected = Comparison.run(da, db, Audit.Options.defaults().withGroup("badge"));
        }
        assertEquals("", vm.messageProperty().get());
        assertEquals(expected.agreement(), vm.resultProperty().get().agreement());
        // predictions differ on the 10 cats with the badge
        assertEquals("Same prediction on 75 % of the 40 images in common (CI " + Math.round(100 * expected.agreement().lo()) + "–"
                + Math.round(100 * expected.agreement().hi()) + " %)", vm.agreementTextProperty().get());
        assertEquals(expected.accuracy(), vm.accuracyRows());
        assertEquals(expected.mapAgreement(), vm.mapAgreement());
        assertEquals(expected.sentences(), vm.sentences());
        // the bar of cats with the badge: A 0 %, B 100 %, A − B = −1 with the whole interval there
        CiBar cats = vm.differenceBars().stream().filter(x -> x.category().equals("cat") && x.series().equals("badge = yes")).findFirst().orElseThrow();
        assertEquals(-1.0, cats.mean(), 1e-12);
        assertEquals(-1.0, cats.hi(), 1e-12);
        vm.showImages(cats);
        assertEquals(java.util.stream.IntStream.range(20, 30).boxed().toList(), ids(d.rows()));
        assertEquals("true cat · badge = yes", d.filterTextProperty().get());
    }

    @Test
    void aThumbnailListsTheMostDifferentAndSelectsItsImage() throws Exception {
        Path a = run("ta", true, "fp", "img", true), b = run("tb", false, "fp", "img", true);
        DatasetViewModel d = dataset(a);
        CompareViewModel vm = vm(d);
        vm.compareWith(b);
        assertEquals(12, vm.mostDifferent().size());
        ComparisonResult.ImagePair third = vm.mostDifferent().get(2);
        assertTrue(third.imageIdA() >= 20 && third.imageIdA() < 30, "a biased cat: " + third.imageIdA());
        vm.showPair(third);
        assertEquals(vm.mostDifferent().stream().map(ComparisonResult.ImagePair::imageIdA).toList(), ids(d.rows()));
        assertEquals(third.imageIdA(), d.selectedProperty().get().imageId());
        assertEquals(dir.resolve("fp").resolve("img" + third.imageIdA() + ".png"), vm.imageFile(third));
        assertTrue(vm.caption(third).contains("A: horse · B: cat"), vm.caption(third));
    }

    @Test
    void runsOfDifferentDataSetsGiveTheClisMessage() throws Exception {
        Path a = run("da", true, "fp-one", "one/img", true), b = run("db", false, "fp-two", "two/img", true);
        DatasetViewModel d = dataset(a);
        CompareViewModel vm = vm(d);
        vm.compareWith(b);
        String expected;
        try (RunDatabase da = RunDatabase.openForReading(a); RunDatabase db = RunDatabase.openForReading(b)) {
            expected = org.junit.jupiter.api.Assertions.assertThrows(GradLensException.class,
                    () -> Comparison.run(da, db, Audit.Options.defaults())).getMessage();
        }
        assertTrue(expected.startsWith("The runs are on different data sets"), expected);
        assertEquals(expected, vm.messageProperty().get());
        assertNull(vm.resultProperty().get());
        assertFalse(vm.runningProperty().get());
        assertTrue(vm.differenceBars().isEmpty());
    }

    @Test
    void theOpenRunItselfAndRunsWithoutMapsAreSaid() throws Exception {
        Path a = run("self", true, "fp", "img", true);
        DatasetViewModel d = dataset(a);
        CompareViewModel vm = vm(d);
        vm.compareWith(a);
        assertEquals("Pick another run: self.duckdb is the run that is open", vm.messageProperty().get());
        vm.compareWith(run("nomaps", false, "fp", "img", false));
        assertEquals("No image has a map of the same method and class in both runs: map agreement and region mass are left out",
                vm.messageProperty().get());
        assertEquals(0.75, vm.resultProperty().get().agreement().mean(), 1e-12);
    }

    @Test
    void cancelStopsTheComparisonAtItsFirstPollAndKeepsTheEarlierOne() throws Exception {
        Path a = run("biased", true, "fp", "img", true), b = run("clean", false, "fp", "img", true);
        dev.gradlens.app.task.ManualTaskExecutor worker = new dev.gradlens.app.task.ManualTaskExecutor();
        CompareViewModel vm = new CompareViewModel(RunAudits.local(), worker, status, dataset(a));
        vm.compareWith(b);
        worker.runAll();
        ComparisonResult first = vm.resultProperty().get();
        assertTrue(first != null);
        vm.compareWith(b);
        assertTrue(vm.runningProperty().get());
        vm.cancel();
        assertFalse(vm.runningProperty().get());
        assertEquals("Comparison cancelled: the comparison shown is the earlier one", vm.messageProperty().get());
        worker.runAll(); // the comparison throws at its first poll; neither callback runs
        assertTrue(first == vm.resultProperty().get());
        assertEquals("Comparison cancelled: the comparison shown is the earlier one", vm.messageProperty().get());
        // the real comparison with a cancelled token does stop
        try (RunDatabase da = RunDatabase.openForReading(a); RunDatabase db = RunDatabase.openForReading(b)) {
            org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.CancellationException.class,
                    () -> Comparison.run(da, db, Audit.Options.defaults().withCancellation(() -> true)));
        }
    }
}
