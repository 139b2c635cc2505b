package dev.gradlens.app.viewmodel;

import dev.gradlens.app.FakeExplanationService;
import dev.gradlens.app.LoaderImageSource;
import dev.gradlens.app.PngText;
import dev.gradlens.app.RecentFiles;
import dev.gradlens.app.TestImages;
import dev.gradlens.app.task.ImmediateTaskExecutor;
import dev.gradlens.app.task.ManualTaskExecutor;
import dev.gradlens.app.task.TaskExecutor;
import dev.gradlens.service.SampleImage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class MainViewModelTest {
    @TempDir
    Path dir;
    private FakeExplanationService service;
    private MainViewModel vm;

    @BeforeEach
    void setUp() {
        service = new FakeExplanationService();
        vm = create(new ImmediateTaskExecutor());
    }

    private MainViewModel create(TaskExecutor executor) {
        MainViewModel m = new MainViewModel(service, executor, new LoaderImageSource(), RecentFiles.inMemory());
        m.start();
        return m;
    }

    private Path png(String name, int w, int h) throws Exception {
        Path p = dir.resolve(name);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img.setRGB(x, y, (x * 5) << 16 | (y * 5) << 8 | 77);
        ImageIO.write(img, "png", p.toFile());
        return p;
    }

    @Test
    void startCanOpenAndExplainTheFirstSample() {
        MainViewModel m = new MainViewModel(service, new ImmediateTaskExecutor(), new LoaderImageSource(), RecentFiles.inMemory());
        m.start(true);
        assertEquals("Cat", m.getImage().name());
        assertEquals(5, m.explanation().panels().size(), "panels shown without any user action");
    }

    @Test
    void startOpensTheDefaultModelAndListsSamples() {
        assertEquals(List.of("default"), service.modelCalls);
        assertEquals("fake-resnet", vm.model().getModel().name());
        assertEquals(2, vm.samples().size());
        assertEquals("GradLens — fake-resnet", vm.titleBinding().get());
    }

    @Test
    void openingAnImagePredictsExplainsTopOneAndRemembersTheFile() throws Exception {
        Path cat = png("cat.png", 40, 30);
        vm.openImage(cat);
        assertEquals("cat.png", vm.getImage().name());
        assertEquals(1, service.predictCalls.get());
        assertEquals(281, vm.classes().getSelectedIndex());
        assertEquals(1, service.explainCalls.get(), "one explain for the new image");
        assertEquals(281, service.lastRequest().classIndex());
        assertEquals(5, vm.explanation().panels().size());
        assertEquals(List.of(cat.toAbsolutePath().normalize()), vm.recentFiles());
        assertEquals("GradLens — cat.png — fake-resnet", vm.titleBinding().get());

        vm.classes().pickTop(2);
        assertEquals(282, service.lastRequest().classIndex());
        assertEquals(2, service.explainCalls.get());
        assertEquals(1, service.predictCalls.get(), "switching class does not predict again");
    }

    @Test
    void samplesArePredictedAndExplained() {
        vm.openSample(vm.samples().get(0));
        assertEquals("Cat", vm.getImage().name());
        assertEquals(64, vm.getImage().image().width());
        assertEquals(5, vm.explanation().panels().size());
    }

    @Test
    void failuresKeepThePreviousImageAndPanels() throws Exception {
        vm.openImage(png("cat.png", 40, 30));
        var panels = List.copyOf(vm.explanation().panels());

        vm.openImage(dir.resolve("gone.png"));
        assertTrue(vm.status().message().contains("gone.png") && vm.status().message().contains("not found"), vm.status().message());
        Path junk = dir.resolve("junk.png");
        Files.writeString(junk, "not a picture");
        vm.openImage(junk);
        assertTrue(vm.status().message().contains("junk.png"), vm.status().message());
        vm.openSample(new SampleImage("Missing", "dev/gradlens/app/nope.png"));
        assertTrue(vm.status().message().contains("missing from this build"));
        service.failNextPredict("The model needs 3 channels, the image has 4");
        vm.openImage(png("dog.png", 20, 20));
        assertEquals("The model needs 3 channels, the image has 4", vm.status().message());

        assertEquals("cat.png", vm.getImage().name());
        assertEquals(panels, List.copyOf(vm.explanation().panels()));
        assertEquals(1, vm.recentFiles().size(), "failed opens are not remembered");
    }

    @Test
    void theLatestImageWins() throws Exception {
        ManualTaskExecutor manual = new ManualTaskExecutor();
        vm = create(manual);
        manual.runAll();
        vm.openImage(png("a.png", 20, 20));
        vm.openImage(png("b.png", 24, 20));
        manual.get(1).run();
        manual.runAll();
        assertEquals("b.png", vm.getImage().name());
        manual.runAll();
        assertEquals(24, vm.explanation().getPanelSet().view().width());
    }

    @Test
    void droppedOnnxOpensTheModelAndRepredictsTheImage() throws Exception {
        vm.openImage(png("cat.png", 40, 30));
        service.setGuessedOnOpen(false);
        vm.openFiles(List.of(dir.resolve("other.onnx"), dir.resolve("x.png")));
        assertEquals("other.onnx", vm.model().getModel().name());
        assertEquals(2, service.predictCalls.get(), "the open image is predicted with the new model");
        assertEquals(2, service.explainCalls.get());
        assertEquals("GradLens — cat.png — other.onnx", vm.titleBinding().get());

        vm.openFiles(List.of(dir.resolve("notes.txt")));
        assertTrue(vm.status().message().startsWith("Not an image or .onnx model"));
    }

    @Test
    void pastedPicturesAreExplained() {
        vm.openPicture(TestImages.source("pasted image", 30, 20));
        assertEquals("pasted image", vm.getImage().name());
        assertEquals(5, vm.explanation().panels().size());
        assertTrue(vm.recentFiles().isEmpty());
    }

    @Test
    void exportFigureWritesAPngWithItsCaption() throws Exception {
        vm.openImage(png("cat.png", 40, 30));
        vm.explanation().toggleCounterfactual();
        Path out = dir.resolve("figure.png");
        vm.exportFigure(out);
        BufferedImage img = ImageIO.read(out.toFile());
        assertNotNull(img);
        assertTrue(img.getWidth() > 5 * 224, "five panels side by side");
        Map<String, String> text = PngText.read(out);
        String caption = text.get("Description");
        assertTrue(text.get("Title").contains("Model: fake-resnet"));
        for (String part : List.of("tabby, tabby cat (281)", "p = 55.0%", "Layer: layer4", "Counterfactual: on", "Counterfactual Grad-CAM")) {
            assertTrue(caption.contains(part), part + " in " + caption);
        }
        assertEquals("Saved figure.png", vm.status().message());
        assertEquals("cat_281_tabby-tabby-cat_counterfactual.png", vm.suggestedFigureName());
    }

    @Test
    void exportPanelAndRawMaps() throws Exception {
        vm.openImage(png("cat.png", 40, 30));
        PanelItem cam = vm.explanation().panels().get(2);
        Path one = dir.resolve("cam.png");
        vm.exportPanel(cam, one);
        assertNotNull(ImageIO.read(one.toFile()));
        assertTrue(PngText.read(one).get("Description").contains("Methods: Grad-CAM ·"));

        Path npy = dir.resolve("cam.npy");
        vm.exportRaw(cam, npy);
        byte[] bytes = Files.readAllBytes(npy);
        String header = new String(bytes, 10, bytes.length - 10 - 24, StandardCharsets.US_ASCII);
        assertTrue(header.contains("'descr': '<f4'") && header.contains("'shape': (2, 3)"), header);
        assertEquals(6f, ByteBuffer.wrap(bytes, bytes.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).getFloat());

        vm.exportRaw(vm.explanation().panels().get(0), dir.resolve("original.npy"));
        assertEquals("This panel has no raw map to save", vm.status().message());

        Path maps = dir.resolve("maps");
        vm.exportAllRaw(maps);
        try (var files = Files.list(maps)) {
            assertEquals(4, files.filter(f -> f.toString().endsWith(".npy")).count());
        }
        assertTrue(Files.exists(maps.resolve("cat_281_tabby-tabby-cat_gradcam.npy")));
    }

    @Test
    void exportWithoutPanelsSaysSo() {
        vm.exportFigure(dir.resolve("x.png"));
        assertTrue(vm.status().message().startsWith("Nothing to export yet"));
        assertFalse(Files.exists(dir.resolve("x.png")));
    }

    @Test
    void lectureModeAndTheme() {
        vm.toggleLectureMode();
        assertTrue(vm.lectureModeProperty().get());
        vm.toggleTheme();
        assertEquals(MainViewModel.Theme.DARK, vm.themeProperty().get());
    }

    @Test
    void aModelOpenedWhileAnImageLoadsDoesNotBringBackTheOldImage() throws Exception {
        ManualTaskExecutor manual = new ManualTaskExecutor();
        vm = create(manual);
        manual.runAll();
        vm.openImage(png("a.png", 20, 20));
        manual.runAll();
        service.setGuessedOnOpen(false);
        vm.model().openModel(dir.resolve("other.onnx"));
        vm.openImage(png("b.png", 24, 20)); // queued after the model open: predicts with the new model
        manual.get(0).run(); // the model opens while b.png is still loading
        manual.runAll();
        assertEquals("b.png", vm.getImage().name());
        assertEquals(24, vm.explanation().getPanelSet().view().width());
        assertEquals(2, service.predictCalls.get(), "no extra prediction of a.png");
    }

    @Test
    void aPlainModelOpensSilently() {
        service.setGuessedOnOpen(false);
        vm.model().openModel(dir.resolve("m.onnx"));
        assertNull(vm.status().message(), "nothing to say for a plain model");
    }
}
