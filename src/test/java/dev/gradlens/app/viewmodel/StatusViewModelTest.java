package dev.gradlens.app.viewmodel;

import dev.gradlens.GradLensException;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

class StatusViewModelTest {

    @Test
    void gradLensMessagesAreShownAsOneLine() {
        StatusViewModel vm = new StatusViewModel();
        vm.error(new ExecutionException(new GradLensException("Input size mismatch\nat node 12")));
        assertEquals("Input size mismatch", vm.message());
        assertEquals(StatusViewModel.Severity.ERROR, vm.getNotification().severity());
        vm.error(new IllegalStateException("boom"));
        assertEquals("Unexpected error: IllegalStateException – boom", vm.message());
        vm.dismiss();
        assertNull(vm.getNotification());
    }

    @Test
    void cancellationIsSilent() {
        StatusViewModel vm = new StatusViewModel();
        vm.error(new CancellationException("explanation cancelled"));
        assertNull(vm.getNotification());
    }

    @Test
    void sameMessageTwiceIsANewNotification() {
        StatusViewModel vm = new StatusViewModel();
        vm.info("Saved");
        var first = vm.getNotification();
        vm.info("Saved");
        assertNotSame(first, vm.getNotification());
    }

    @Test
    void activitiesDriveBusyAndCancel() {
        StatusViewModel vm = new StatusViewModel();
        AtomicInteger cancelled = new AtomicInteger();
        var model = vm.begin("Loading model…", null);
        var explain = vm.begin("Explaining…", cancelled::incrementAndGet);
        assertTrue(vm.isBusy());
        assertEquals("Explaining…", vm.busyTextProperty().get());
        assertTrue(vm.cancellableProperty().get());
        vm.cancelAll();
        assertEquals(1, cancelled.get());
        assertTrue(vm.isBusy(), "the model load is not cancellable and keeps running");
        assertEquals("Loading model…", vm.busyTextProperty().get());
        vm.end(explain); // ending twice is harmless
        vm.end(model);
        assertFalse(vm.isBusy());
        assertEquals("", vm.busyTextProperty().get());
    }
}
