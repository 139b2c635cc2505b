package dev.gradlens.app.viewmodel;

import dev.gradlens.app.FakeExplanationService;
import dev.gradlens.app.task.ImmediateTaskExecutor;
import dev.gradlens.app.task.ManualTaskExecutor;
import dev.gradlens.inference.Layout;
import dev.gradlens.inference.Preprocessing;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ModelViewModelTest {
    private FakeExplanationService service;
    private StatusViewModel status;
    private ModelViewModel vm;

    @BeforeEach
    void setUp() {
        service = new FakeExplanationService();
        status = new StatusViewModel();
        vm = new ModelViewModel(service, new ImmediateTaskExecutor(), status);
    }

    @Test
    void defaultModelFillsTheStatusBar() {
        assertEquals("No model", vm.nameBinding().get());
        vm.openDefault();
        assertEquals("fake-resnet", vm.nameBinding().get());
        assertEquals("224×224", vm.inputSizeBinding().get());
        assertEquals("CPU", vm.deviceBinding().get());
        assertNull(vm.deviceNoteBinding().get());
        assertEquals("1000 classes", vm.classesBinding().get(), "what the model can answer is on screen");
        assertEquals("The model knows 1000 classes", vm.classesDetailBinding().get());
        assertNull(vm.preprocessingOfferProperty().get());
        assertFalse(vm.loadingProperty().get());
    }

    @Test
    void deviceNoteIsShownWhenCudaWasNotAvailable() {
        service.setDeviceNote("CUDA was asked for but is not available: running on CPU");
        vm.openDefault();
        assertEquals("CUDA was asked for but is not available: running on CPU", vm.deviceNoteBinding().get());
    }

    @Test
    void guessedPreprocessingIsOfferedAndTheDialogResultReopensTheModel() {
        vm.openModel(Path.of("/models/mobilenet.onnx"));
        assertEquals("mobilenet.onnx", vm.getModel().name());
        assertEquals("224×224 (guessed)", vm.inputSizeBinding().get());
        assertSame(vm.getModel(), vm.preprocessingOfferProperty().get());

        Preprocessing chosen = new Preprocessing(192, 160, Layout.NHWC, 3, true,
                dev.gradlens.inference.ResizeMode.STRETCH, 0, 1f / 127.5f, new float[] {1f}, new float[] {1f});
        vm.applyPreprocessing(chosen);
        assertEquals(List.of("open mobilenet.onnx", "open mobilenet.onnx with 192x160"), service.modelCalls);
        assertEquals(chosen, vm.getModel().preprocessing());
        assertFalse(vm.getModel().preprocessingGuessed());
        assertNull(vm.preprocessingOfferProperty().get());
        assertEquals("192×160", vm.inputSizeBinding().get());
    }

    @Test
    void decliningTheOfferClearsIt() {
        vm.openModel(Path.of("m.onnx"));
        vm.declinePreprocessingOffer();
        assertNull(vm.preprocessingOfferProperty().get());
    }

    @Test
    void aFailedOpenKeepsThePreviousModelAndSaysWhy() {
        vm.openDefault();
        var before = vm.getModel();
        service.failNextModel("broken.onnx is not an ONNX model (protobuf parse error)");
        vm.openModel(Path.of("broken.onnx"));
        assertSame(before, vm.getModel());
        assertEquals("broken.onnx is not an ONNX model (protobuf parse error)", status.message());
        assertFalse(vm.loadingProperty().get());
        assertFalse(status.isBusy());
    }

    @Test
    void loadingIsReportedWhileTheModelOpens() {
        ManualTaskExecutor manual = new ManualTaskExecutor();
        vm = new ModelViewModel(service, manual, status);
        vm.openDefault();
        assertTrue(vm.loadingProperty().get());
        assertEquals("Loading model…", vm.nameBinding().get());
        assertTrue(status.isBusy());
        assertFalse(status.cancellableProperty().get(), "a model open cannot be cancelled half way");
        manual.runAll();
        assertFalse(vm.loadingProperty().get());
        assertEquals("fake-resnet", vm.nameBinding().get());
    }

    @Test
    void preprocessingWithoutAModelFileIsRefusedPolitely() {
        vm.applyPreprocessing(Preprocessing.imagenet(224, 224, Layout.NCHW, 3));
        assertTrue(status.message().contains("Open a model file first"));
        assertTrue(service.modelCalls.isEmpty());
    }
}
