package dev.gradlens.app.viewmodel;

import dev.gradlens.app.CatalogDownloads;
import dev.gradlens.app.FakeExplanationService;
import dev.gradlens.app.LoaderImageSource;
import dev.gradlens.app.RecentFiles;
import dev.gradlens.app.task.ImmediateTaskExecutor;
import dev.gradlens.app.task.ManualTaskExecutor;
import dev.gradlens.catalog.CatalogEntry;
import dev.gradlens.catalog.ModelCatalog;
import dev.gradlens.catalog.ModelFetcher;
import dev.gradlens.service.ModelInfo;
import dev.gradlens.testsupport.LoopbackServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.gradlens.app.CatalogEntries.bytes;
import static dev.gradlens.app.CatalogEntries.entry;
import static dev.gradlens.app.CatalogEntries.sha256;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The "Models…" view model without a window: a small catalog whose files a loopback HTTP server
 * (127.0.0.1, free port) serves, a temporary cache, the fake engine. Downloads run inline
 * ({@link ImmediateTaskExecutor}); the fetcher's progress callbacks are applied where they arrive
 * ({@code Runnable::run} stands in for Platform.runLater: the test thread waits inside the fetch meanwhile).
 */
class CatalogViewModelTest {
    @TempDir
    Path dir;

    private LoopbackServer server;
    private Path cache;
    private FakeExplanationService service;
    private MainViewModel main;
    private ModelFetcher fetcher;

    private byte[] small;
    private byte[] large;
    private CatalogEntry cached;
    private CatalogEntry partial;
    private CatalogEntry absent;
    private CatalogEntry big;
    private CatalogEntry missing;
    private CatalogEntry corrupt;

    @BeforeEach
    void setUp() throws IOException {
        server = new LoopbackServer();
        cache = dir.resolve("cache");
        fetcher = new ModelFetcher(cache, null, Duration.ofSeconds(20));
        small = bytes(1_500_000, 1);
        large = bytes(4_000_000, 2);
        byte[] other = bytes(800_000, 3);
        cached = entry("cached-net", "Cached Net", server.serve("/cached/model.onnx", other), other, 71.5, "MIT");
        partial = entry("partial-net", "Partial Net", server.serve("/partial/model.onnx", other), other, null, "Apache-2.0");
        absent = entry("small-net", "Small Net", server.serve("/small/model.onnx", small), small, 49.0, "Apache-2.0");
        big = entry("big-net", "Big Net", server.serve("/big/model.onnx", large), large, 76.1, "BSD-3-Clause");
        missing = entry("missing-net", "Missing Net", server.url("/nowhere/model.onnx"), small, null, "MIT");
        byte[] damaged = small.clone();
        damaged[damaged.length / 3] ^= 0x5a;
        corrupt = entry("corrupt-net", "Corrupt Net", server.serve("/corrupt/model.onnx", damaged), small, null, "MIT");

        // in the cache already: the model with its descriptor; a quarter of another one
        Files.createDirectories(fetcher.modelDir(cached));
        Files.write(fetcher.modelFile(cached), other);
        Files.writeString(fetcher.descriptorFile(cached), "{\"name\": \"Cached Net\"}");
        Files.createDirectories(fetcher.modelDir(partial));
        Files.write(fetcher.partFile(partial), Arrays.copyOf(other, other.length / 4));

        service = new FakeExplanationService();
        service.setGuessedOnOpen(false); // a fetched model has its descriptor
        main = new MainViewModel(service, new ImmediateTaskExecutor(), new LoaderImageSource(), RecentFiles.inMemory());
        main.start();
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private CatalogViewModel catalog(CatalogEntry... entries) {
        ModelCatalog c = ModelCatalog.of("test", List.of(entries), Map.of());
        return new CatalogViewModel(new CatalogDownloads(c, fetcher), new ImmediateTaskExecutor(), Runnable::run,
                main.model(), main.status());
    }

    private CatalogViewModel catalog() {
        return catalog(cached, partial, absent, big, missing, corrupt);
    }

    private Path image() throws IOException {
        Path p = dir.resolve("photo.png");
        BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 30; y++) for (int x = 0; x < 40; x++) img.setRGB(x, y, (x * 5) << 16 | (y * 5) << 8 | 77);
        ImageIO.write(img, "png", p.toFile());
        return p;
    }

    @Test
    void theListShowsEveryEntryWithWhatTheCacheHolds() {
        CatalogViewModel vm = catalog();
        assertEquals(List.of("cached-net", "partial-net", "small-net", "big-net", "missing-net", "corrupt-net"),
                vm.items().stream().map(CatalogItem::id).toList());
        CatalogItem c = vm.item("cached-net").orElseThrow();
        assertEquals("Cached Net", c.name());
        assertEquals("800.0 kB", c.sizeText());
        assertEquals("71.5%", c.top1Text());
        assertEquals("MIT", c.license());
        assertEquals(ModelFetcher.State.CACHED, c.getState());
        assertEquals("Cached", c.stateTextBinding().get());
        CatalogItem p = vm.item("partial-net").orElseThrow();
        assertEquals(ModelFetcher.State.PARTIAL, p.getState());
        assertEquals(200_000, p.bytesProperty().get());
        assertEquals("Partial (25%)", p.stateTextBinding().get());
        assertEquals("", p.top1Text(), "no published accuracy");
        CatalogItem a = vm.item("big-net").orElseThrow();
        assertEquals(ModelFetcher.State.ABSENT, a.getState());
        assertEquals("Not downloaded", a.stateTextBinding().get());
        assertEquals("4.0 MB", a.sizeText());

        // the main button follows the selection's state
        assertSame(c, vm.getSelected(), "the first entry is selected");
        assertEquals("Open", vm.actionTextBinding().get());
        vm.selectedProperty().set(p);
        assertEquals("Resume download", vm.actionTextBinding().get());
        vm.selectedProperty().set(a);
        assertEquals("Download", vm.actionTextBinding().get());
        assertFalse(vm.actionDisabledBinding().get());

        CatalogViewModel.Details d = vm.detailsBinding().get();
        assertEquals("Big Net", d.name());
        assertEquals("big-net", d.id());
        assertEquals("224×224 RGB, NCHW (tensor 'input')", d.input());
        assertEquals("shorter side to 256, centre crop · scale 1/255 · mean 0.485, 0.456, 0.406 · std 0.229, 0.224, 0.225",
                d.preprocessing());
        assertEquals("logits ('scores')", d.output());
        assertEquals("76.10%", d.top1());
        assertEquals("BSD-3-Clause", d.license());
        assertEquals(server.url("/big/model.onnx"), d.source());
        assertEquals(sha256(large), d.sha256());
        assertEquals(fetcher.modelDir(big).toString(), d.folder());
    }

    @Test
    void nothingIsDownloadedBeforeTheUserAsks() {
        Path emptyCache = dir.resolve("never-created");
        ModelCatalog c = ModelCatalog.of("test", List.of(absent, big), Map.of());
        CatalogViewModel vm = new CatalogViewModel(new CatalogDownloads(c, new ModelFetcher(emptyCache)), new ImmediateTaskExecutor(),
                Runnable::run, main.model(), main.status());
        for (CatalogItem i : vm.items()) {
            vm.selectedProperty().set(i);
            vm.detailsBinding().get();
            vm.actionTextBinding().get();
        }
        vm.refresh();
        vm.cancel();
        assertEquals(0, server.requests.size(), "no HTTP request before Download");
        assertFalse(Files.exists(emptyCache), "no cache folder before Download");
        assertEquals(List.of("default"), service.modelCalls);
        assertFalse(vm.isDownloading());
    }

    @Test
    void aDownloadReportsProgressThenOpensTheModelAndExplainsTheImageAgain() throws Exception {
        main.openImage(image());
        int predicts = service.predictCalls.get();
        int explains = service.explainCalls.get();
        CatalogViewModel vm = catalog();
        List<Double> fractions = new CopyOnWriteArrayList<>();
        List<String> texts = new CopyOnWriteArrayList<>();
        List<String> busy = new CopyOnWriteArrayList<>();
        vm.progressProperty().addListener((o, a, b) -> fractions.add(b.doubleValue()));
        vm.progressTextProperty().addListener((o, a, b) -> texts.add(b));
        main.status().busyTextProperty().addListener((o, a, b) -> busy.add(b));

        CatalogItem item = vm.item("small-net").orElseThrow();
        vm.selectedProperty().set(item);
        vm.act();

        // progress: from connecting (−1) through growing fractions to the whole file, with "x of y MB"
        List<Double> known = fractions.stream().filter(f -> f >= 0).toList();
        assertEquals(-1.0, fractions.get(0), "indeterminate while connecting");
        assertTrue(known.size() > 3, "several progress updates: " + fractions);
        for (int i = 1; i < known.size(); i++) assertTrue(known.get(i) >= known.get(i - 1), "growing: " + known);
        assertEquals(1.0, vm.progressProperty().get());
        assertTrue(known.stream().anyMatch(f -> f > 0 && f < 1), "part-way updates: " + known);
        assertTrue(texts.stream().anyMatch(t -> t.matches("0\\.\\d of 1\\.5 MB") || t.matches("1\\.[0-4] of 1\\.5 MB")), texts.toString());
        assertEquals("1.5 of 1.5 MB", vm.progressTextProperty().get());
        assertEquals(List.of("Downloading Small Net…", "", "Opening Small Net…", ""), busy.subList(0, 4),
                "the status bar shows the download, then the model open (then the image is predicted and explained again): " + busy);

        // verified, cached, and opened through the window's model path
        Path file = cache.resolve("models/small-net/model.onnx");
        assertArrayEquals(small, Files.readAllBytes(file));
        assertEquals(ModelFetcher.State.CACHED, item.getState());
        assertEquals("Open", vm.actionTextBinding().get());
        assertEquals("open model.onnx", service.modelCalls.get(service.modelCalls.size() - 1));
        ModelInfo opened = main.model().getModel();
        assertEquals(file, opened.file());
        assertSame(item, vm.openedProperty().get());
        assertEquals(predicts + 1, service.predictCalls.get(), "the open image is predicted with the new model");
        assertTrue(service.explainCalls.get() > explains, "and explained again");
        assertFalse(vm.isDownloading());
        assertFalse(main.status().isBusy());
        assertTrue(vm.getMessage().startsWith("Downloaded and verified Small Net (1.5 MB, sha256 checked)"), vm.getMessage());
        assertFalse(vm.failedProperty().get());
        assertEquals(List.of("/small/model.onnx"), server.paths());
    }

    @Test
    void aCachedModelOpensWithoutDownloading() {
        CatalogViewModel vm = catalog();
        CatalogItem item = vm.item("cached-net").orElseThrow();
        vm.selectedProperty().set(item);
        assertEquals("Open", vm.actionTextBinding().get());
        vm.act();
        assertEquals(List.of("default", "open model.onnx"), service.modelCalls);
        assertEquals(fetcher.modelFile(cached), main.model().getModel().file());
        assertSame(item, vm.openedProperty().get());
        assertEquals(0, server.requests.size(), "no HTTP request for a cached model");
        assertFalse(vm.isDownloading());
    }

    @Test
    void aFailedDownloadKeepsThePreviousModelAndSaysWhyInOneLine() {
        CatalogViewModel vm = catalog();
        ModelInfo before = main.model().getModel();
        CatalogItem item = vm.item("missing-net").orElseThrow();
        vm.download(item);

        String m = main.status().message();
        assertNotNull(m);
        assertFalse(m.contains("\n") || m.contains("\r"), "one line: " + m);
        assertTrue(m.startsWith("Could not download missing-net"), m);
        assertTrue(m.contains("HTTP 404"), m);
        assertEquals(StatusViewModel.Severity.ERROR, main.status().getNotification().severity());
        assertEquals(m, vm.getMessage(), "the dialog says the same");
        assertTrue(vm.failedProperty().get());
        assertSame(before, main.model().getModel(), "the previous model stays");
        assertEquals(List.of("default"), service.modelCalls);
        assertEquals(ModelFetcher.State.ABSENT, item.getState());
        assertFalse(vm.isDownloading());
        assertFalse(main.status().isBusy());
        assertNull(vm.openedProperty().get());

        // a file whose SHA-256 does not match is refused and deleted, not opened
        CatalogItem bad = vm.item("corrupt-net").orElseThrow();
        vm.download(bad);
        m = main.status().message();
        assertTrue(m.contains("checksum mismatch") && m.contains("the bad file was deleted"), m);
        assertFalse(Files.exists(fetcher.modelFile(corrupt)));
        assertSame(before, main.model().getModel());
        assertEquals(ModelFetcher.State.ABSENT, bad.getState());

        // asking again after a failure works
        vm.download(vm.item("small-net").orElseThrow());
        assertFalse(vm.failedProperty().get());
        assertEquals("small-net", main.model().getModel().file().getParent().getFileName().toString());
    }

    @Test
    void cancelStopsTheDownloadAndKeepsAResumablePartialFile() throws Exception {
        CatalogViewModel vm = catalog();
        CatalogItem item = vm.item("big-net").orElseThrow();
        // the user presses Cancel once about a fifth has arrived (progress updates run on the "FX thread")
        vm.progressProperty().addListener((o, a, b) -> {
            if (b.doubleValue() > 0.2 && vm.isDownloading()) vm.cancel();
        });
        vm.download(item);

        long kept = Files.size(fetcher.partFile(big));
        assertTrue(kept > 0 && kept < large.length, "kept " + kept);
        assertFalse(Files.exists(fetcher.modelFile(big)));
        assertEquals(ModelFetcher.State.PARTIAL, item.getState());
        assertEquals(kept, item.bytesProperty().get());
        assertFalse(vm.isDownloading());
        assertFalse(main.status().isBusy());
        assertEquals(List.of("default"), service.modelCalls, "nothing opened");
        assertTrue(vm.getMessage().startsWith("Download of Big Net cancelled: "), vm.getMessage());
        assertTrue(vm.getMessage().contains(CatalogViewModel.amount(kept, large.length) + " kept"), vm.getMessage());
        assertFalse(vm.failedProperty().get(), "a cancel is not an error");
        assertEquals(StatusViewModel.Severity.INFO, main.status().getNotification().severity());
        assertEquals((double) kept / large.length, vm.progressProperty().get(), 1e-9);
        vm.selectedProperty().set(item);
        assertEquals("Resume download", vm.actionTextBinding().get());

        // a later download continues from the kept bytes (HTTP Range) and opens the model
        CatalogViewModel again = catalog();
        CatalogItem resumed = again.item("big-net").orElseThrow();
        assertEquals(ModelFetcher.State.PARTIAL, resumed.getState());
        again.selectedProperty().set(resumed);
        again.act();
        assertEquals("bytes=" + kept + "-", server.requests.get(server.requests.size() - 1).range());
        assertArrayEquals(large, Files.readAllBytes(fetcher.modelFile(big)));
        assertEquals(fetcher.modelFile(big), main.model().getModel().file());
        assertEquals(ModelFetcher.State.CACHED, resumed.getState());
    }

    @Test
    void theStatusBarCancelStopsTheDownloadToo() {
        CatalogViewModel vm = catalog();
        vm.progressProperty().addListener((o, a, b) -> {
            if (b.doubleValue() > 0.1 && main.status().cancellableProperty().get()) main.status().cancelAll();
        });
        vm.download(vm.item("big-net").orElseThrow());
        assertEquals(ModelFetcher.State.PARTIAL, vm.item("big-net").orElseThrow().getState());
        assertEquals(List.of("default"), service.modelCalls);
        assertFalse(main.status().isBusy());
    }

    @Test
    void oneDownloadAtATime() {
        ManualTaskExecutor manual = new ManualTaskExecutor();
        ModelCatalog c = ModelCatalog.of("test", List.of(absent, big), Map.of());
        CatalogViewModel vm = new CatalogViewModel(new CatalogDownloads(c, fetcher), manual, Runnable::run, main.model(), main.status());
        vm.download(vm.item("small-net").orElseThrow());
        assertTrue(vm.isDownloading());
        assertTrue(vm.actionDisabledBinding().get());
        assertEquals("Downloading…", vm.item("small-net").orElseThrow().stateTextBinding().get());
        assertSame(vm.item("small-net").orElseThrow(), vm.activeProperty().get());
        vm.download(vm.item("big-net").orElseThrow());
        assertEquals(1, manual.pending().size(), "the second download is refused while the first runs");
        assertTrue(vm.getMessage().contains("Wait for Small Net"), vm.getMessage());
        manual.runAll();
        assertFalse(vm.isDownloading());
        assertNull(vm.activeProperty().get());
        assertEquals(ModelFetcher.State.CACHED, vm.item("small-net").orElseThrow().getState());
        assertEquals(ModelFetcher.State.ABSENT, vm.item("big-net").orElseThrow().getState());
    }

    @Test
    void amountsReadAsPartOfTheWhole() {
        assertEquals("12.3 of 44.7 MB", CatalogViewModel.amount(12_300_000, 44_700_000));
        assertEquals("0.0 of 1.5 MB", CatalogViewModel.amount(0, 1_500_000));
        assertEquals("10.0 of 21.8 kB", CatalogViewModel.amount(10_000, 21_842));
    }
}
