package dev.gradlens.app.task;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import static org.junit.jupiter.api.Assertions.*;

class TaskExecutorTest {

    @Test
    void immediateExecutorRunsWorkAndOneCallbackInline() {
        ImmediateTaskExecutor ex = new ImmediateTaskExecutor();
        List<String> log = new ArrayList<>();
        TaskHandle h = ex.submit("ok", c -> "value", v -> log.add("ok " + v), e -> log.add("fail"));
        ex.submit("bad", c -> {
            throw new IllegalStateException("boom");
        }, v -> log.add("ok"), e -> log.add("fail " + e.getMessage()));
        ex.submit("cancelled", c -> {
            throw new CancellationException();
        }, v -> log.add("ok"), e -> log.add("fail"));
        assertEquals(List.of("ok value", "fail boom"), log, "a cancelled run reports nothing");
        assertTrue(h.isDone());
    }

    @Test
    void aCancelledHandleSuppressesCallbacksAndIsSeenByTheWork() {
        ManualTaskExecutor ex = new ManualTaskExecutor();
        List<String> log = new ArrayList<>();
        List<Boolean> seen = new ArrayList<>();
        TaskHandle h = ex.submit("w", c -> {
            seen.add(c.isCancelled());
            return 1;
        }, v -> log.add("ok"), e -> log.add("fail"));
        h.cancel();
        ex.runAll();
        assertEquals(List.of(true), seen);
        assertTrue(log.isEmpty());
    }
}
