package dev.gradlens.app.viewmodel;

import dev.gradlens.app.FakeExplanationService;
import dev.gradlens.app.TestImages;
import dev.gradlens.app.render.ArgbPicture;
import dev.gradlens.app.task.ImmediateTaskExecutor;
import dev.gradlens.app.task.ManualTaskExecutor;
import dev.gradlens.app.render.ColormapChoice;
import dev.gradlens.explain.MethodId;
import dev.gradlens.imaging.RgbImage;
import dev.gradlens.service.ExplainRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class ExplanationViewModelTest {
    private FakeExplanationService service;
    private StatusViewModel status;
    private ExplanationViewModel vm;
    private final RgbImage image = TestImages.gradient(32, 24);

    @BeforeEach
    void setUp() {
        service = new FakeExplanationService();
        status = new StatusViewModel();
        vm = new ExplanationViewModel(service, new ImmediateTaskExecutor(), status);
        vm.setModel(service.openDefaultModel());
    }

    /** Image and class set together: one request. */
    private void showImageAndClass281() {
        vm.batch(() -> {
            vm.setImage(image);
            vm.setClassIndex(281);
        });
    }

    /** A fresh view model whose requests wait until the test runs them. */
    private ManualTaskExecutor useManualExecutor() {
        ManualTaskExecutor manual = new ManualTaskExecutor();
        vm = new ExplanationViewModel(service, manual, status);
        vm.setModel(service.openDefaultModel());
        return manual;
    }

    private PanelItem item(String id) {
        return vm.panels().stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow(() -> new AssertionError("no panel " + id + " in " + vm.panels()));
    }

    @Test
    void choosingAClassSendsTheRequestAndShowsOriginalPlusFourPanels() {
        showImageAndClass281();
        assertEquals(1, service.explainCalls.get(), "one request for image + class together");
        assertEquals(new ExplainRequest(281, false, null,
                Set.of(MethodId.GUIDED_BACKPROP, MethodId.GRADCAM, MethodId.GRADCAMPP, MethodId.GUIDED_GRADCAM)), service.lastRequest());
        assertEquals(List.of("original", "guided-backprop", "gradcam", "gradcampp", "guided-gradcam"),
                vm.panels().stream().map(PanelItem::id).toList());
        assertEquals(PanelItem.Kind.HEATMAP, item("gradcam").kind());
        assertEquals(PanelItem.Kind.PICTURE, item("guided-backprop").kind());
        assertTrue(item("gradcam").caption().contains("tabby, tabby cat (281)"));
        assertEquals("layer4", vm.explainedLayerProperty().get());

        vm.setClassIndex(282);
        assertEquals(282, service.lastRequest().classIndex());
        assertTrue(item("gradcam").caption().contains("tiger cat"));
        assertFalse(status.isBusy(), "no activity left behind");
    }

    @Test
    void theSameRequestIsNotSentTwice() {
        showImageAndClass281();
        vm.setClassIndex(281);
        vm.setImage(image);
        vm.refresh();
        assertEquals(1, service.explainCalls.get());
        vm.invalidate();
        assertEquals(2, service.explainCalls.get());
    }

    @Test
    void latestRequestWinsAndTheOlderResultIsDropped() {
        ManualTaskExecutor manual = useManualExecutor();
        showImageAndClass281();
        vm.setClassIndex(282);
        assertEquals(2, manual.pending().size());
        ManualTaskExecutor.Pending<?> older = manual.get(0), newer = manual.get(1);
        assertTrue(older.handle().isCancelled(), "the older request is cancelled when a newer one starts");

        newer.run();
        assertEquals(282, vm.getPanelSet().target().index());
        older.run(); // the stale result arrives late: dropped
        assertEquals(282, vm.getPanelSet().target().index());
        assertFalse(vm.runningProperty().get());
    }

    @Test
    void olderResultArrivingFirstIsNeverShown() {
        ManualTaskExecutor manual = useManualExecutor();
        showImageAndClass281();
        vm.setClassIndex(282);
        vm.setClassIndex(285);
        manual.get(0).run();
        manual.get(0).run();
        assertNull(vm.getPanelSet(), "281 and 282 are stale: nothing shown yet");
        assertTrue(vm.runningProperty().get());
        manual.get(0).run();
        assertEquals(285, vm.getPanelSet().target().index());
        // the Cancellation handed to the engine for a superseded request reports cancelled
        assertTrue(service.cancellations.get(0).isCancelled());
        assertFalse(service.cancellations.get(2).isCancelled());
    }

    @Test
    void opacityAndColormapRerenderWithoutCallingTheService() {
        showImageAndClass281();
        int calls = service.explainCalls.get();
        ArgbPicture heatBefore = item("gradcam").getPicture();
        ArgbPicture guidedBefore = item("guided-backprop").getPicture();
        ArgbPicture originalBefore = item("original").getPicture();

        vm.opacityProperty().set(0.9);
        assertEquals(calls, service.explainCalls.get(), "opacity never recomputes");
        ArgbPicture heatAfter = item("gradcam").getPicture();
        assertFalse(Arrays.equals(heatBefore.argb(), heatAfter.argb()), "heat-map pixels follow the opacity");
        assertSame(guidedBefore, item("guided-backprop").getPicture(), "RGB panels are shown as is");
        assertSame(originalBefore, item("original").getPicture());

        vm.opacityProperty().set(0);
        assertArrayEquals(image.argb(), item("gradcam").getPicture().argb(), "opacity 0 shows the view unchanged");

        vm.opacityProperty().set(1);
        int[] jet = item("gradcam").getPicture().argb().clone();
        vm.colormapProperty().set(ColormapChoice.VIRIDIS);
        assertFalse(Arrays.equals(jet, item("gradcam").getPicture().argb()));
        assertEquals(ColormapChoice.VIRIDIS.argb(item("gradcam").panel().valueAt(3, 2)), item("gradcam").getPicture().get(3, 2));
        assertEquals(calls, service.explainCalls.get());
    }

    @Test
    void counterfactualToggleSendsTheFlagAndRelabelsPanels() {
        showImageAndClass281();
        String captionBefore = item("gradcam").caption();
        vm.toggleCounterfactual();
        assertTrue(service.lastRequest().counterfactual());
        assertEquals(281, service.lastRequest().classIndex());
        PanelItem cam = item("gradcam-counterfactual");
        assertTrue(cam.counterfactual());
        assertEquals("Counterfactual Grad-CAM", cam.title());
        assertEquals("Counterfactual Grad-CAM++", item("gradcampp-counterfactual").title());
        assertNotEquals(captionBefore, cam.caption());
        assertTrue(vm.getPanelSet().counterfactual());

        vm.counterfactualProperty().set(false);
        assertFalse(service.lastRequest().counterfactual());
        assertEquals("Grad-CAM", item("gradcam").title());
    }

    @Test
    void layerGuidedVariantAndExtraMethodGoIntoTheRequest() {
        showImageAndClass281();
        assertEquals(List.of("Automatic (layer4)", "layer3"), List.of(vm.layerChoices().get(0).label(), vm.layerChoices().get(2).tensor()));
        vm.layerProperty().set(vm.layerChoices().get(2));
        assertEquals("layer3", service.lastRequest().layer());
        assertEquals("layer3", vm.explainedLayerProperty().get());

        vm.toggleGuidedVariant();
        assertTrue(service.lastRequest().methods().contains(MethodId.GUIDED_GRADCAMPP));
        assertFalse(service.lastRequest().methods().contains(MethodId.GUIDED_GRADCAM));

        vm.extraMethodProperty().set(MethodId.SCORECAM);
        assertTrue(service.lastRequest().methods().contains(MethodId.SCORECAM));
        assertEquals("scorecam", vm.panels().get(vm.panels().size() - 1).id(), "the extra method is an extra panel at the end");
        vm.stepExtraMethod();
        assertEquals(MethodId.SMOOTHGRAD, vm.extraMethodProperty().get());
        assertEquals(6, vm.panels().size());

        vm.stepLayer(1);
        assertEquals("layer4", service.lastRequest().layer());
        vm.stepLayer(1);
        assertNull(service.lastRequest().layer(), "wraps back to automatic");
    }

    @Test
    void errorsBecomeANotificationAndKeepThePreviousPanels() {
        showImageAndClass281();
        List<PanelItem> before = List.copyOf(vm.panels());
        service.failNextExplain("Grad-CAM needs a 4-D layer: 'fc' is 2-D");
        vm.setClassIndex(282);
        assertEquals("Grad-CAM needs a 4-D layer: 'fc' is 2-D", status.message());
        assertEquals(StatusViewModel.Severity.ERROR, status.getNotification().severity());
        assertEquals(before, List.copyOf(vm.panels()), "previous panels stay");
        assertEquals(281, vm.getPanelSet().target().index());
        assertFalse(vm.runningProperty().get());
        assertFalse(status.isBusy());

        vm.refresh(); // the same request may be retried after a failure
        assertEquals(282, vm.getPanelSet().target().index());
    }

    @Test
    void cancelStopsTheRunningRequestAndKeepsThePanels() {
        ManualTaskExecutor manual = useManualExecutor();
        showImageAndClass281();
        manual.runAll();
        vm.setClassIndex(282);
        assertTrue(status.isBusy());
        assertTrue(status.cancellableProperty().get());
        status.cancelAll();
        assertFalse(vm.runningProperty().get());
        assertFalse(status.isBusy());
        assertTrue(manual.get(0).handle().isCancelled());
        manual.runAll();
        assertEquals(281, vm.getPanelSet().target().index(), "a cancelled result is not shown");
        assertNull(status.message(), "cancelling is not an error");
    }

    @Test
    void hoverReportsTheMapValueAndEnlargeFollowsNewResults() {
        showImageAndClass281();
        PanelItem cam = item("gradcam");
        vm.hover(cam, 5, 3);
        assertEquals(String.format(java.util.Locale.ROOT, "Grad-CAM: %.3f at (5, 3)", cam.panel().valueAt(5, 3)), vm.hoverTextProperty().get());
        vm.hover(item("original"), 0, 0);
        assertTrue(vm.hoverTextProperty().get().startsWith("Original: #"));
        vm.hoverExit();
        assertEquals("", vm.hoverTextProperty().get());

        vm.enlarge(cam);
        assertSame(cam, vm.enlargedProperty().get());
        vm.toggleCounterfactual();
        assertEquals("gradcam-counterfactual", vm.enlargedProperty().get().id(), "the enlarged slot follows the new result");
        vm.enlargeNext(1);
        assertEquals("gradcampp-counterfactual", vm.enlargedProperty().get().id());
        vm.closeEnlarged();
        assertNull(vm.enlargedProperty().get());
    }

    @Test
    void nothingIsRequestedWithoutAnImageOrClass() {
        vm.setClassIndex(281);
        vm.counterfactualProperty().set(true);
        assertEquals(0, service.explainCalls.get());
        vm.setImage(image);
        assertEquals(1, service.explainCalls.get());
    }
}
