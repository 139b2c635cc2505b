package dev.gradlens.app.viewmodel;

import dev.gradlens.GradLensException;
import dev.gradlens.app.task.ImmediateTaskExecutor;
import dev.gradlens.app.task.ManualTaskExecutor;
import dev.gradlens.audit.Audit;
import dev.gradlens.audit.AuditResult;
import dev.gradlens.audit.RegionDecoder;
import dev.gradlens.audit.RunFixture;
import dev.gradlens.run.RunDatabase;
import dev.gradlens.run.browse.ImageRow;
import dev.gradlens.service.DatasetRuns;
import dev.gradlens.service.RunAudits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Audit page's view model without a window, on the hand-built run of audit.AuditTest (8x8 images
 * and maps, identity placement): 20 horse scenes, all with the badge; 20 cat scenes, ids 20–29 with the
 * badge (predicted horse: wrong), 30–39 without (right). Horse maps on every image: on cat scenes with
 * the badge 3 of 4 units on the badge; on cat scenes without it all on the cat (in no region: other-objects).
 * A layout group with one value. The rows must be exactly Audit.run's, and each bar must list exactly the
 * images of its cell.
 */
class AuditViewModelTest {
    @TempDir
    Path dir;

    static final int S = 8;

    private final StatusViewModel status = new StatusViewModel();

    private static float[] map(float badge, float object) {
        float[] m = new float[S * S];
        m[7] = badge;          // pixel (7, 0): in the badge box
        m[5 * S + 2] = object; // pixel (2, 5): in the object box
        return m;
    }

    private Path run(String name, boolean maps) throws Exception {
        Path file = dir.resolve(name + ".duckdb");
        try (RunFixture f = new RunFixture(file, List.of("cat", "horse"), maps ? "gradcam" : "", maps ? "1" : "", S, S, S, S, dir.toString(), "fp")) {
            for (int id = 0; id < 40; id++) {
                boolean horse = id < 20, badge = horse || id < 30;
                int truth = horse ? 1 : 0, pred = horse || badge ? 1 : 0;
                f.image(id, "img" + id + ".png", truth, pred, horse ? 0.9 : 0.6, S, S);
                f.group(id, "badge", badge ? "yes" : "no").group(id, "layout", "single");
                f.box(id, "object", truth, 1, 4, 4, 7);
                if (badge) f.box(id, "badge", null, 6, 0, 8, 2);
                if (maps) {
                    // cat scenes with the badge: images 20–24 put 3 units on the badge, 25–29 only 1 (share 3/4 and 1/2)
                    f.map(id, "gradcam", 1, false, S, S, horse ? map(1, 3) : badge ? map(id < 25 ? 3 : 1, 1) : map(0, 1));
                    if (!horse) f.map(id, "gradcam", 0, false, S, S, map(0, 2));
                }
            }
        }
        return file;
    }

    private DatasetViewModel dataset(Path run) {
        DatasetRuns none = request -> {
            throw new GradLensException("no engine in this test");
        };
        DatasetViewModel d = new DatasetViewModel(none, new ImmediateTaskExecutor(), new ImmediateTaskExecutor(), Runnable::run, status,
                new DatasetViewModelTest.FakeHost());
        d.openRun(run);
        assertTrue(d.isOpen(), status.message());
        return d;
    }

    private AuditViewModel vm(DatasetViewModel d) {
        return new AuditViewModel(RunAudits.local(), new ImmediateTaskExecutor(), status, d);
    }

    private static List<Integer> ids(List<ImageRow> rows) {
        return rows.stream().map(ImageRow::imageId).toList();
    }

    private static List<Integer> range(int from, int to) {
        return IntStream.range(from, to).boxed().toList();
    }

    private static CiBar bar(List<CiBar> bars, String category, String series) {
        return bars.stream().filter(b -> b.category().equals(category) && b.series().equals(series)).findFirst().orElseThrow(
                () -> new AssertionError("no bar " + category + " / " + series + " in " + bars.stream().map(b -> b.category() + "/" + b.series()).toList()));
    }

    @Test
    void rowsAreTheAuditsOwn() throws Exception {
        Path run = run("a", true);
        AuditViewModel vm = vm(dataset(run));
        assertEquals(List.of(AuditViewModel.ALL_GROUPS, "badge", "layout"), vm.groupChoices());
        vm.groupProperty().set("badge");
        vm.shapeProperty().set(RegionDecoder.Shape.BOX);
        vm.audit();
        AuditResult expected;
        try (RunDatabase db = RunDatabase.openForReading(run)) {
            expected = Audit.run(db, Audit.Options.defaults().withGroup("badge").withShape(RegionDecoder.Shape.BOX));
        }
        assertEquals(expected.accuracy(), vm.accuracyRows(), "accuracy rows: records of the same estimates");
        // one method: the page's localisation rows are all of the audit's, value for value
        assertEquals(expected.localisation().size(), vm.localisationRows().size());
        for (int i = 0; i < expected.localisation().size(); i++) {
            AuditResult.LocalisationRow own = expected.localisation().get(i), shown = vm.localisationRows().get(i);
            assertEquals(List.of(own.cls(), own.withClass(), own.group(), own.value(), own.n()),
                    List.of(shown.cls(), shown.withClass(), shown.group(), shown.value(), shown.n()));
            assertEquals(List.of(own.share()), List.of(shown.share()));
            assertEquals(List.of(own.pointing()), List.of(shown.pointing()));
        }
        assertEquals(expected.gaps().stream().map(AuditResult.Gap::sentence).toList(), vm.gaps());
        // the badge cell by construction: (5 × 3/4 + 5 × 1/2) / 10 of the horse maps' mass on cat scenes with the badge
        assertEquals(List.of("object", "other-objects", "badge", "background"), vm.resultProperty().get().regions().all());
        assertEquals("Grad-CAM of horse · images without a horse", vm.mapCellProperty().get().toString(), "the gap's maps are shown first");
        assertEquals(0.625, bar(vm.regionBars(), "badge = yes", "badge").mean(), 1e-12);
        assertEquals(4.0 / 64, bar(vm.regionBars(), "badge = yes", "badge").reference(), 1e-12);
        assertEquals("No images of horse where badge = no: those cells have no bar", vm.messageProperty().get());
    }

    @Test
    void anAccuracyBarListsItsImages() throws Exception {
        AuditViewModel vm;
        DatasetViewModel d = dataset(run("acc", true));
        vm = vm(d);
        vm.groupProperty().set("badge");
        vm.audit();
        // cats with the badge: 0 % accuracy, images 20–29
        CiBar catsBadge = bar(vm.accuracyBars(), "cat", "badge = yes");
        assertEquals(0.0, catsBadge.mean(), 1e-12);
        assertEquals(10, catsBadge.n());
        vm.showImages(catsBadge);
        assertEquals(range(20, 30), ids(d.rows()));
        assertEquals("audit: cat, badge = yes", d.filterTextProperty().get());
        // all classes without the badge: cats 30–39, all right
        vm.showImages(bar(vm.accuracyBars(), "all classes", "badge = no"));
        assertEquals(range(30, 40), ids(d.rows()));
        // the quick filters narrow the set; Clear filters ends it
        d.filterImages("x", List.of(39, 20, 35));
        assertEquals(List.of(39, 20, 35), ids(d.rows()), "the set's own order");
        d.mistakesOnlyProperty().set(true);
        assertEquals(List.of(20), ids(d.rows()));
        d.clearFilters();
        assertEquals(40, d.rows().size());
        assertNull(d.imageSetProperty().get());
    }

    @Test
    void aRegionBarListsTheCellsImagesMostOnThatRegionFirst() throws Exception {
        DatasetViewModel d = dataset(run("region", true));
        AuditViewModel vm = vm(d);
        vm.groupProperty().set("badge");
        vm.audit();
        vm.showImages(bar(vm.regionBars(), "badge = yes", "badge"));
        // images 20–24 put 3/4 of the map on the badge, 25–29 1/2
        assertEquals(range(20, 30), ids(d.rows()));
        vm.showImages(bar(vm.regionBars(), "all images", "other-objects"));
        // without a horse: 30–39 put everything on the cat (share 1), 25–29 1/2, 20–24 1/4
        assertEquals(java.util.stream.Stream.of(range(30, 40), range(25, 30), range(20, 25)).flatMap(List::stream).toList(), ids(d.rows()));
        // the horse maps on horse scenes
        vm.mapCellProperty().set(vm.mapCells().stream().filter(c -> c.cls() == 1 && c.withClass()).findFirst().orElseThrow());
        vm.showImages(bar(vm.regionBars(), "all images", "object"));
        assertEquals(range(0, 20), ids(d.rows()));
    }

    @Test
    void aGroupWithOneValueAndAnEmptyCellAreSaidInThePage() throws Exception {
        AuditViewModel vm = vm(dataset(run("one", true)));
        vm.groupProperty().set("layout");
        vm.audit();
        assertEquals("The group 'layout' has one value (single) for every image: nothing to compare within it; pick another group",
                vm.messageProperty().get());
        vm.groupProperty().set("badge");
        vm.audit();
        // every horse carries the badge: (horse, badge = no) has no image, hence no bar
        assertEquals("No images of horse where badge = no: those cells have no bar", vm.messageProperty().get());
        CiBar none = bar(vm.accuracyBars(), "horse", "badge = no");
        assertTrue(none.empty());
        assertEquals(0, none.n());
        assertTrue(vm.notes().stream().anyMatch(n -> n.contains("class × group cells without images (first: class horse, badge = no)")), vm.notes().toString());
    }

    @Test
    void aRunWithoutMapsSaysSoAndStillShowsAccuracy() throws Exception {
        AuditViewModel vm = vm(dataset(run("nomaps", false)));
        vm.groupProperty().set("badge");
        vm.audit();
        assertTrue(vm.messageProperty().get().startsWith("This run holds no maps: accuracy only"), vm.messageProperty().get());
        assertEquals(0.75, bar(vm.accuracyBars(), "all classes", "all images").mean(), 1e-12);
        assertTrue(vm.regionBars().isEmpty());
        assertTrue(vm.mapCells().isEmpty());
    }

    @Test
    void anUnknownGroupIsTheAuditsMessageAndNoRunIsAsked() throws Exception {
        DatasetViewModel d = new DatasetViewModel(request -> {
            throw new GradLensException("none");
        }, new ImmediateTaskExecutor(), new ImmediateTaskExecutor(), Runnable::run, status, new DatasetViewModelTest.FakeHost());
        AuditViewModel vm = vm(d);
        vm.audit();
        assertEquals("Open a run first (File › Open run…): the audit reads a run's results", vm.messageProperty().get());
        d.openRun(run("u", true));
        vm.groupProperty().set("gender"); // a group this run does not have (a stale choice): the audit's own message
        vm.audit();
        assertEquals("The run has no group 'gender'; its groups: badge, layout", vm.messageProperty().get());
        assertFalse(vm.runningProperty().get());
        assertNull(vm.resultProperty().get());
    }

    @Test
    void aResultForAnotherRunIsDropped() throws Exception {
        DatasetViewModel d = dataset(run("first", true));
        ManualTaskExecutor worker = new ManualTaskExecutor();
        AuditViewModel vm = new AuditViewModel(RunAudits.local(), worker, status, d);
        vm.audit();
        assertTrue(vm.runningProperty().get());
        d.openRun(run("second", false));
        assertFalse(vm.runningProperty().get(), "opening another run forgets the audit in flight");
        worker.runAll();
        assertNull(vm.resultProperty().get(), "the first run's audit is not shown for the second");
    }

    @Test
    void cancelStopsTheAuditItsWorkSeesItAndTheEarlierAuditStays() throws Exception {
        DatasetViewModel d = dataset(run("c", true));
        ManualTaskExecutor worker = new ManualTaskExecutor();
        List<Boolean> cancelledAtStart = new java.util.ArrayList<>();
        List<Throwable> thrown = new java.util.ArrayList<>();
        RunAudits local = RunAudits.local();
        RunAudits recording = new RunAudits() {
            @Override
            public dev.gradlens.audit.AuditCells audit(Path run, Audit.Options options) {
                cancelledAtStart.add(options.cancel().isCancelled());
                try {
                    return local.audit(run, options);
                } catch (RuntimeException e) {
                    thrown.add(e);
                    throw e;
                }
            }

            @Override
            public dev.gradlens.audit.ComparisonResult compare(Path a, Path b, Audit.Options options) {
                throw new AssertionError("not asked");
            }
        };
        AuditViewModel vm = new AuditViewModel(recording, worker, status, d);
        vm.audit();
        worker.runAll();
        AuditResult first = vm.resultProperty().get();
        assertNotNull(first);

        vm.audit();
        assertTrue(vm.runningProperty().get());
        assertTrue(status.cancellableProperty().get(), "the status bar offers Cancel while the audit runs");
        vm.cancel();
        assertFalse(vm.runningProperty().get());
        assertFalse(status.cancellableProperty().get());
        assertEquals("Audit cancelled: the audit shown is the earlier one", vm.messageProperty().get());
        worker.runAll(); // the work still starts on the worker: it sees the cancel at its first poll and stops
        assertEquals(List.of(false, true), cancelledAtStart);
        assertEquals(1, thrown.size());
        assertInstanceOf(java.util.concurrent.CancellationException.class, thrown.get(0));
        assertSame(first, vm.resultProperty().get(), "the earlier audit stays");
        assertEquals("Audit cancelled: the audit shown is the earlier one", vm.messageProperty().get());

        // the status bar's Cancel reaches it too
        vm.audit();
        status.cancelAll();
        assertFalse(vm.runningProperty().get());
        worker.runAll();
        assertSame(first, vm.resultProperty().get());
    }
}
